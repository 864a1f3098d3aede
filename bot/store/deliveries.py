"""The delivery log and push-run counters: what the daily push sent, so it never sends twice.

A part of a day's digest is one row keyed by (chat, local date, part). The
sender claims the row (``pending``) in a committed transaction before it
calls Telegram, and marks it ``sent`` with the message id once Telegram
answers; a part logged as sent is never claimed again. A row still
``pending`` when a sender claims it was cut off mid-send (the bot died):
Telegram has no idempotency key, so whether it arrived is unknown. It is
sent again and flagged ``in_doubt``, since a lost digest is worse than a
repeated part; the window is only the round trip of one request.

``push_runs`` counts each run of the sender (busy from idle to idle) for
``/stats``; a run without ``ended_at`` is going on or was cut off.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.engine import RowMapping

from bot.model import LoggedPart, PartStatus, PushStats
from summaries import Store, iso, utc_now

# The counters count_push() may add to.
_COUNTERS = frozenset(
    "deliveries finished sent failed inactive rate_limited waited_seconds uncertain".split()
)
# Push runs kept for /stats; older ones are dropped when a run begins.
KEEP_RUNS = 100


def part_from_row(row: RowMapping) -> LoggedPart:
    return LoggedPart(
        chat_id=row["chat_id"],
        local_date=date.fromisoformat(row["local_date"]),
        part=row["part"],
        status=PartStatus(row["status"]),
        attempts=row["attempts"],
        message_id=row["message_id"],
        error=row["error"],
        in_doubt=bool(row["in_doubt"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class DeliveryQueries(Store):
    """Claim, confirm and read the parts of daily digests; count push runs."""

    # -- the delivery log ----------------------------------------------------

    def logged_part(self, chat_id: int, local_date: date, part: int) -> LoggedPart | None:
        """Return the log row of one part, None if it was never claimed."""
        row = self._db.execute(
            "SELECT * FROM deliveries WHERE chat_id = ? AND local_date = ? AND part = ?",
            (chat_id, local_date.isoformat(), part),
        ).fetchone()
        return part_from_row(row) if row else None

    def delivery_log(self, chat_id: int, local_date: date) -> tuple[LoggedPart, ...]:
        """Return the log rows of one chat's digest for one local date, in part order."""
        rows = self._db.execute(
            "SELECT * FROM deliveries WHERE chat_id = ? AND local_date = ? ORDER BY part",
            (chat_id, local_date.isoformat()),
        )
        return tuple(part_from_row(r) for r in rows)

    def claim_part(
        self, chat_id: int, local_date: date, part: int, now: datetime | None = None
    ) -> LoggedPart | None:
        """Claim a part for sending; return its row as it was before (None: first claim).

        A part already ``sent`` is left alone: the caller must not send it.
        Any other row becomes ``pending`` with one more attempt; a row that
        was ``pending`` or ``uncertain`` keeps the mark that it may have
        arrived (``in_doubt``). Committed before the caller calls Telegram.
        """
        when = iso(now or utc_now())
        with self.transaction():
            before = self.logged_part(chat_id, local_date, part)
            if before is not None and before.status is PartStatus.SENT:
                return before
            doubt = before is not None and before.status in (
                PartStatus.PENDING,
                PartStatus.UNCERTAIN,
            )
            self._db.execute(
                """INSERT INTO deliveries
                     (chat_id, local_date, part, status, attempts, in_doubt, created_at, updated_at)
                   VALUES (?, ?, ?, ?, 1, ?, ?, ?)
                   ON CONFLICT (chat_id, local_date, part) DO UPDATE SET
                     status = excluded.status, attempts = deliveries.attempts + 1,
                     in_doubt = CASE WHEN excluded.in_doubt = 1 THEN 1 ELSE deliveries.in_doubt END,
                     updated_at = excluded.updated_at""",
                (
                    chat_id,
                    local_date.isoformat(),
                    part,
                    PartStatus.PENDING.value,
                    int(doubt),
                    when,
                    when,
                ),
            )
        return before

    def mark_part_sent(
        self,
        chat_id: int,
        local_date: date,
        part: int,
        message_id: int,
        now: datetime | None = None,
    ) -> None:
        """Record that Telegram accepted a part as message_id."""
        self._set_part(chat_id, local_date, part, PartStatus.SENT, now, message_id=message_id)

    def mark_part_failed(
        self, chat_id: int, local_date: date, part: int, error: str, now: datetime | None = None
    ) -> None:
        """Record that Telegram refused a part, so it did not arrive (it may be claimed again)."""
        self._set_part(chat_id, local_date, part, PartStatus.FAILED, now, error=error)

    def mark_part_uncertain(
        self, chat_id: int, local_date: date, part: int, error: str, now: datetime | None = None
    ) -> bool:
        """Record that an attempt got no answer; return True if the part was not in doubt before."""
        with self.transaction():
            before = self.logged_part(chat_id, local_date, part)
            self._set_part(chat_id, local_date, part, PartStatus.UNCERTAIN, now, error=error)
        return before is None or not before.in_doubt

    def _set_part(
        self,
        chat_id: int,
        local_date: date,
        part: int,
        status: PartStatus,
        now: datetime | None,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        # An uncertain attempt marks the part in doubt for good; a later error
        # text replaces the earlier one, but a success keeps it for the record.
        self._db.execute(
            """UPDATE deliveries SET status = ?, message_id = COALESCE(?, message_id),
                 error = COALESCE(?, error), in_doubt = CASE WHEN ? = 1 THEN 1 ELSE in_doubt END,
                 updated_at = ?
               WHERE chat_id = ? AND local_date = ? AND part = ?""",
            (
                status.value,
                message_id,
                error,
                int(status is PartStatus.UNCERTAIN),
                iso(now or utc_now()),
                chat_id,
                local_date.isoformat(),
                part,
            ),
        )

    def move_deliveries(self, old_chat_id: int, new_chat_id: int) -> None:
        """Move the log of a group to its new id (it became a supergroup), so no part repeats."""
        # A part the new id has logged already keeps its row, the old one stays behind.
        self._db.execute(
            "UPDATE deliveries SET chat_id = ? WHERE chat_id = ? AND NOT EXISTS ("
            "SELECT 1 FROM deliveries AS moved WHERE moved.chat_id = ? "
            "AND moved.local_date = deliveries.local_date AND moved.part = deliveries.part)",
            (new_chat_id, old_chat_id, new_chat_id),
        )

    def unconfirmed_parts(self) -> int:
        """Return how many logged parts have no confirmed outcome (pending or uncertain)."""
        row = self._db.execute(
            "SELECT COUNT(*) AS n FROM deliveries WHERE status IN (?, ?)",
            (PartStatus.PENDING.value, PartStatus.UNCERTAIN.value),
        ).fetchone()
        return row["n"]

    def prune_deliveries(self, before: date) -> int:
        """Forget log rows of local dates before before; return how many went."""
        cursor = self._db.execute(
            "DELETE FROM deliveries WHERE local_date < ?", (before.isoformat(),)
        )
        return cursor.rowcount

    # -- push runs -----------------------------------------------------------

    def begin_push_run(self, now: datetime | None = None) -> int:
        """Start counting a new push run; return its id (older runs beyond KEEP_RUNS go)."""
        with self.transaction():
            run = self._db.execute(
                "INSERT INTO push_runs (started_at) VALUES (?) RETURNING id",
                (iso(now or utc_now()),),
            ).fetchone()["id"]
            self._db.execute("DELETE FROM push_runs WHERE id <= ?", (run - KEEP_RUNS,))
        return run

    def count_push(self, run: int, **increments: float) -> None:
        """Add to the named counters of a run (deliveries, sent, rate_limited, ...)."""
        unknown = set(increments) - _COUNTERS
        if unknown:
            raise TypeError(f"count_push() has no counter {', '.join(sorted(unknown))}")
        if not increments:
            return
        assignments = ", ".join(f"{name} = {name} + ?" for name in increments)
        self._db.execute(
            f"UPDATE push_runs SET {assignments} WHERE id = ?", (*increments.values(), run)
        )

    def end_push_run(self, run: int, now: datetime | None = None) -> None:
        """Record that the sender went idle."""
        self._db.execute(
            "UPDATE push_runs SET ended_at = ? WHERE id = ?", (iso(now or utc_now()), run)
        )

    def resume_push_run(self, run: int) -> None:
        """Record that the sender is busy again within the same run."""
        self._db.execute("UPDATE push_runs SET ended_at = NULL WHERE id = ?", (run,))

    def push_stats(self) -> PushStats:
        """Return the counters of the last push run (all zero before the first)."""
        row = self._db.execute("SELECT * FROM push_runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return PushStats()
        return PushStats(
            started_at=datetime.fromisoformat(row["started_at"]),
            ended_at=datetime.fromisoformat(row["ended_at"]) if row["ended_at"] else None,
            deliveries=row["deliveries"],
            sent=row["sent"],
            failed=row["failed"],
            inactive=row["inactive"],
            pending=row["deliveries"] - row["finished"],
            rate_limited=row["rate_limited"],
            waited_seconds=row["waited_seconds"],
            uncertain=row["uncertain"],
        )
