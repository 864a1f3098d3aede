"""Subscription queries: who gets the daily briefing, when, and in which state.

The row is the scheduler's truth: ``next_send`` (UTC ISO text, so text order
is time order) says when the next digest is due. Deactivating keeps every
setting, so a user who unblocks the bot gets their old subscription back.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.engine import RowMapping

from bot.model import UNSUBSCRIBED, ChatType, Subscription
from summaries import Store, iso, utc_now

# Columns update_subscription() may change, with how each is written to SQL.
_WRITERS: dict[str, Any] = {
    "chat_type": lambda v: ChatType(v).value,
    "time": lambda v: v.strftime("%H:%M"),
    "tz": str,
    "lang": str,
    "topics": lambda v: json.dumps(list(v)),
    "skip_empty": int,
    "silent": int,
    "active": int,
    "inactive_reason": lambda v: v,
    "next_send": iso,
    "last_sent_date": lambda v: v.isoformat() if v is not None else None,
    "covered_until": lambda v: iso(v) if v is not None else None,
}


def subscription_from_row(row: RowMapping) -> Subscription:
    return Subscription(
        chat_id=row["chat_id"],
        chat_type=ChatType(row["chat_type"]),
        time=time.fromisoformat(row["time"]),
        tz=row["tz"],
        lang=row["lang"],
        next_send=datetime.fromisoformat(row["next_send"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        topics=tuple(json.loads(row["topics"])),
        skip_empty=bool(row["skip_empty"]),
        silent=bool(row["silent"]),
        active=bool(row["active"]),
        last_sent_date=date.fromisoformat(row["last_sent_date"]) if row["last_sent_date"] else None,
        inactive_reason=row["inactive_reason"],
        covered_until=_moment(row["covered_until"]),
    )


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class SubscriberQueries(Store):
    """Subscribe, change, deactivate, move and schedule daily-briefing subscriptions."""

    def subscription(self, chat_id: int) -> Subscription | None:
        """Return the chat's subscription, active or not; None if it never subscribed."""
        row = self._db.execute(
            "SELECT * FROM subscriptions WHERE chat_id = ?", (chat_id,)
        ).fetchone()
        return subscription_from_row(row) if row else None

    def subscribe(
        self,
        chat_id: int,
        *,
        chat_type: ChatType | str,
        time: time,
        tz: str,
        lang: str,
        next_send: datetime,
        now: datetime | None = None,
    ) -> Subscription:
        """Return the chat's subscription, created or re-activated with this time and zone.

        An existing subscription keeps its topics, skip-empty, silent and
        delivery history; only time, zone, language and next send change.
        """
        when = iso(now or utc_now())
        self._db.execute(
            """INSERT INTO subscriptions
                 (chat_id, chat_type, time, tz, lang, next_send, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type,
                 time = excluded.time, tz = excluded.tz, lang = excluded.lang,
                 next_send = excluded.next_send, active = 1, inactive_reason = NULL,
                 updated_at = excluded.updated_at""",
            (
                chat_id,
                ChatType(chat_type).value,
                time.strftime("%H:%M"),
                tz,
                lang,
                iso(next_send),
                when,
                when,
            ),
        )
        return self._require(chat_id)

    def unsubscribe(self, chat_id: int, now: datetime | None = None) -> bool:
        """Stop the chat's briefing at its own request, keeping every setting for /subscribe.

        Returns whether there was a briefing to stop (False: none, or already stopped).
        """
        cursor = self._db.execute(
            "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ? "
            "WHERE chat_id = ? AND (active = 1 OR inactive_reason IS NULL OR inactive_reason <> ?)",
            (UNSUBSCRIBED, iso(now or utc_now()), chat_id, UNSUBSCRIBED),
        )
        return cursor.rowcount > 0

    def update_subscription(self, chat_id: int, **changes: Any) -> Subscription | None:
        """Return the subscription after changing the named fields; None if there is none.

        Accepted fields: chat_type, time, tz, lang, topics, skip_empty, silent,
        active, inactive_reason, next_send, last_sent_date, covered_until.
        """
        unknown = set(changes) - set(_WRITERS)
        if unknown:
            raise TypeError(f"update_subscription() cannot change {', '.join(sorted(unknown))}")
        if changes:
            assignments = ", ".join(f"{name} = ?" for name in changes)
            values = [_WRITERS[name](value) for name, value in changes.items()]
            self._db.execute(
                f"UPDATE subscriptions SET {assignments}, updated_at = ? WHERE chat_id = ?",
                (*values, iso(utc_now()), chat_id),
            )
        return self.subscription(chat_id)

    def deactivate_subscription(
        self, chat_id: int, reason: str, now: datetime | None = None
    ) -> None:
        """Stop deliveries to the chat (blocked, kicked, gone), keeping every setting."""
        self._db.execute(
            "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ? "
            "WHERE chat_id = ?",
            (reason, iso(now or utc_now()), chat_id),
        )

    def reactivate_subscription(
        self, chat_id: int, next_send: datetime, now: datetime | None = None
    ) -> Subscription | None:
        """Return the chat's subscription, active again from next_send; None if there is none."""
        self._db.execute(
            "UPDATE subscriptions SET active = 1, inactive_reason = NULL, next_send = ?, "
            "updated_at = ? WHERE chat_id = ?",
            (iso(next_send), iso(now or utc_now()), chat_id),
        )
        return self.subscription(chat_id)

    def move_subscription(
        self, old_chat_id: int, new_chat_id: int, now: datetime | None = None
    ) -> None:
        """Move a subscription to the chat's new id (group became a supergroup), keeping everything.

        If the new id already has a subscription of its own, that one is newer
        and wins; the old row is dropped.
        """
        with self.transaction():
            if self.subscription(new_chat_id) is not None:
                self._db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_chat_id,))
                return
            self._db.execute(
                "UPDATE subscriptions SET chat_id = ?, chat_type = ?, updated_at = ? "
                "WHERE chat_id = ?",
                (new_chat_id, ChatType.SUPERGROUP.value, iso(now or utc_now()), old_chat_id),
            )

    def set_next_send(
        self,
        chat_id: int,
        next_send: datetime,
        last_sent_date: date | None,
        covered_until: datetime | None = None,
    ) -> None:
        """Record the next delivery moment and, when a day's digest is done, its local date.

        ``last_sent_date`` and ``covered_until`` left None keep what is
        recorded (a day skipped because the bot was down too long).
        """
        self._db.execute(
            "UPDATE subscriptions SET next_send = ?, last_sent_date = COALESCE(?, last_sent_date), "
            "covered_until = COALESCE(?, covered_until), updated_at = ? WHERE chat_id = ?",
            (
                iso(next_send),
                last_sent_date.isoformat() if last_sent_date else None,
                iso(covered_until) if covered_until else None,
                iso(utc_now()),
                chat_id,
            ),
        )

    def due_subscriptions(self, until: datetime) -> list[Subscription]:
        """Return active subscriptions whose next send is at or before until, earliest first."""
        rows = self._db.execute(
            "SELECT * FROM subscriptions WHERE active = 1 AND next_send <= ? "
            "ORDER BY next_send, chat_id",
            (iso(until),),
        )
        return [subscription_from_row(r) for r in rows]

    def active_subscriptions(self) -> list[Subscription]:
        """Return every active subscription, earliest next send first."""
        rows = self._db.execute(
            "SELECT * FROM subscriptions WHERE active = 1 ORDER BY next_send, chat_id"
        )
        return [subscription_from_row(r) for r in rows]

    def subscriber_counts(self) -> dict[str, int]:
        """Return {"active": n, "inactive": m}."""
        row = self._db.execute(
            "SELECT COALESCE(SUM(active), 0) AS a, COUNT(*) - COALESCE(SUM(active), 0) AS i "
            "FROM subscriptions"
        ).fetchone()
        return {"active": row["a"], "inactive": row["i"]}

    def _require(self, chat_id: int) -> Subscription:
        subscription = self.subscription(chat_id)
        if subscription is None:  # only after a write that just created it
            raise LookupError(chat_id)
        return subscription
