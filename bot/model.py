"""The data of the bot's side: subscriptions, the delivery log and push runs.

The store's bot queries (``bot/store``) return these, and the daily push
(``bot/push``) passes them between composing and sending. Frozen, slotted
dataclasses like the pipeline's own types in ``summaries.model``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

# -- daily push: subscriptions (issue 4) ---------------------------------------


class ChatType(StrEnum):
    """The kind of chat a subscription delivers to (Telegram's ``Chat.type``)."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


# The inactive_reason of a chat that sent /unsubscribe: only /subscribe resumes
# it, while a blocked or kicked chat resumes when it comes back.
UNSUBSCRIBED = "unsubscribed"


@dataclass(frozen=True, slots=True)
class Subscription:
    """One chat's daily briefing: when (local time and IANA zone), what, and its state.

    ``next_send`` is the next delivery moment, aware and in UTC: the store's
    truth for the scheduler. ``last_sent_date`` is the subscriber-local date of
    the last day whose digest is done (delivered, or skipped because nothing
    was new). An inactive subscription (unsubscribed, blocked, kicked, chat
    gone) keeps every setting; ``inactive_reason`` says why it stopped.
    """

    chat_id: int
    chat_type: ChatType
    time: time
    tz: str
    lang: str
    next_send: datetime
    created_at: datetime
    topics: tuple[str, ...] = ()  # topic ids; empty = all topics
    skip_empty: bool = False
    silent: bool = False
    active: bool = True
    last_sent_date: date | None = None
    inactive_reason: str | None = None
    # Documents ingested up to this moment were in a digest already (or there
    # were none): the next digest covers what came after. None: no digest yet.
    covered_until: datetime | None = None

    @property
    def unsubscribed(self) -> bool:
        """Tell whether the chat itself stopped the briefing (/unsubscribe)."""
        return not self.active and self.inactive_reason == UNSUBSCRIBED


# -- daily push: delivery log (issue 4) -----------------------------------------


@dataclass(frozen=True, slots=True)
class Delivery:
    """One day's digest for one chat, composed and split, ready for the paced sender.

    ``local_date`` is the subscriber's date the digest is for: with the chat
    and the part's index it keys the delivery log, so a digest goes out once.
    """

    chat_id: int
    local_date: date
    parts: tuple[str, ...]  # HTML texts, each one message
    silent: bool = False  # disable_notification


class PartStatus(StrEnum):
    """Where one part of a delivery stands in the log."""

    PENDING = "pending"  # claimed: being sent now, or being sent when the bot stopped
    SENT = "sent"  # Telegram answered with a message id
    FAILED = "failed"  # refused for good (blocked, chat gone, our bug)
    UNCERTAIN = "uncertain"  # no answer (timeout, network): it may have arrived


class DeliveryOutcome(StrEnum):
    SENT = "sent"  # the parts not sent before went out now
    ALREADY_SENT = "already_sent"  # every part was in the log as sent: nothing sent
    INACTIVE = "inactive"  # blocked, kicked, deactivated or chat not found
    FAILED = "failed"  # a part was refused for another reason; the rest not sent
    POSTPONED = "postponed"  # the sender stopped first; the log keeps the rest for next start


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """What the sender did with one Delivery; ``new_chat_id`` is set when the group migrated."""

    outcome: DeliveryOutcome
    sent: int = 0  # parts sent by this call
    new_chat_id: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class LoggedPart:
    """One row of the delivery log."""

    chat_id: int
    local_date: date
    part: int  # index into Delivery.parts, from 0
    status: PartStatus
    attempts: int
    message_id: int | None = None
    error: str | None = None
    in_doubt: bool = False  # an attempt's outcome was unknown: it may have arrived twice
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PushStats:
    """The last push run (the sender busy from idle to idle), for /stats.

    ``ended_at`` is None while a run goes on, or when the bot stopped in the
    middle of it; ``pending`` counts its digests not finished (yet).
    """

    started_at: datetime | None = None
    ended_at: datetime | None = None
    deliveries: int = 0  # digests handed to the sender
    sent: int = 0  # messages sent
    failed: int = 0  # digests refused (not counting inactive chats)
    inactive: int = 0  # chats found blocked, kicked or gone
    pending: int = 0
    rate_limited: int = 0  # 429 answers waited out
    waited_seconds: float = 0.0  # time spent waiting them out
    uncertain: int = 0  # parts whose outcome was unknown at least once
