"""The daily push on PTB's JobQueue: one named job per active subscription, the store as truth.

Each active subscription has one job, ``push:<chat_id>``, due at the
subscription's ``next_send`` (UTC, in the store). PTB does not keep jobs
across restarts, so ``PushJobs.start`` (called from ``post_init``) rebuilds
them all from the store; a send missed while the bot was down is due at once
and goes out if it is less than ``max_late`` late, else that day is skipped
(and logged) and the next one scheduled. A change of settings replaces the
job by name.

Time comes from an injected clock. Jobs are scheduled as a delay from the
clock's "now", so with a clock a test holds still nothing fires on its own,
and the test drives the push with ``run_due(app, now)``: the same code path
a job takes, a whole day in milliseconds.

A push composes the digest (pure), hands it to the paced sender, and once
the sender reports it delivered (or delivered before: the sender's log makes
it exactly-once) records the day as done and schedules the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.jobstores.base import JobLookupError
from telegram.ext import Application, CallbackContext, Job

from bot.model import Delivery, DeliveryOutcome, Subscription
from bot.push.compose import DigestDay, compose
from bot.push.schedule import Clock, Slot, last_slot, next_slot
from summaries import StoredBriefing, StoreUnavailable

logger = logging.getLogger(__name__)

JOB_PREFIX = "push:"
# New documents read for one digest window; compose shows fewer.
READ_NEW = 50
# The newest documents whose figures stand in on a day without news.
STANDING_DOCS = 8
# The first digest covers documents added this long before it.
FIRST_WINDOW = timedelta(days=1)
# Briefings and composed digests kept in memory while a push runs: a push at
# one hour serves most subscribers the same window.
CACHE_SIZE = 256
# Pushes run_due() runs at once; the sender paces them anyway.
CONCURRENT_PUSHES = 64
# After an unexpected failure the push is tried again this much later; the
# max_late rule ends the retries of a day that keeps failing.
RETRY_AFTER = timedelta(minutes=5)
# APScheduler drops a job that starts over a second late unless told not to;
# a busy loop at 08:00 must delay a digest, never lose it.
_JOB_KWARGS = {"misfire_grace_time": None, "coalesce": True}
_DONE = (DeliveryOutcome.SENT, DeliveryOutcome.ALREADY_SENT)


@dataclass(frozen=True, slots=True)
class Pushed:
    """What one push did for one chat (for logs and tests).

    ``outcome``: a DeliveryOutcome value, or "empty" (nothing new, skipped by
    choice), "late" (missed by more than max_late: skipped), "done" (that
    day's digest was done already), "not_due", "busy" (a push for the chat
    is under way).
    """

    chat_id: int
    day: date | None
    outcome: str


class PushJobs:
    """The push schedule of one Application: jobs in, digests out, the store kept current."""

    def __init__(self, app: Application, clock: Clock, max_late: timedelta) -> None:
        self._app = app
        self._clock = clock
        self._max_late = max_late
        self._busy: set[int] = set()
        # Each chat's job by chat id: JobQueue finds jobs by name by walking all
        # of them, which makes rebuilding thousands of jobs quadratic.
        self._jobs: dict[int, Job] = {}
        self._briefings: dict[tuple[int, datetime], StoredBriefing] = {}
        self._composed: dict[tuple, tuple[str, ...]] = {}
        self._stopped = False

    @property
    def clock(self) -> Clock:
        return self._clock

    def start(self) -> int:
        """Schedule a job for every active subscription; return how many (overdue ones run now)."""
        self._stopped = False
        subscriptions = self._store.active_subscriptions()
        for subscription in subscriptions:
            self.schedule(subscription)
        logger.info("push: %s subscription(s) scheduled", len(subscriptions))
        return len(subscriptions)

    def stop(self) -> None:
        """Remove every push job and schedule none until start() (this instance stopped leading)."""
        self._stopped = True
        for chat_id in list(self._jobs):
            self.cancel(chat_id)

    def schedule(self, subscription: Subscription, *, delay: timedelta | None = None) -> None:
        """Replace the chat's job: due at its next send, or after delay; none when inactive."""
        self.cancel(subscription.chat_id)
        if not subscription.active:
            return
        if delay is None:
            delay = max(subscription.next_send - self._clock.now(), timedelta(0))
        self._run_once(subscription.chat_id, delay)

    def _run_once(self, chat_id: int, delay: timedelta) -> None:
        if self._app.job_queue is None or self._stopped:  # stopped: no longer the leader
            return
        self._jobs[chat_id] = self._app.job_queue.run_once(
            self._on_job,
            when=delay,
            name=f"{JOB_PREFIX}{chat_id}",
            chat_id=chat_id,
            data=chat_id,
            job_kwargs=_JOB_KWARGS,
        )

    def cancel(self, chat_id: int) -> None:
        """Remove the chat's job, if it has one."""
        job = self._jobs.pop(chat_id, None)
        if job is not None and not job.removed:
            with contextlib.suppress(JobLookupError):  # it has run already
                job.schedule_removal()

    async def run_due(self, now: datetime | None = None) -> list[Pushed]:
        """Push every active subscription due at now (default: the clock's time), in due order."""
        now = now or self._clock.now()
        due = iter(self._store.due_subscriptions(now))
        results: list[Pushed] = []

        async def worker() -> None:
            for subscription in due:  # the workers share one iterator
                results.append(await self._push(subscription, now))

        await asyncio.gather(*(worker() for _ in range(CONCURRENT_PUSHES)))
        return results

    async def _on_job(self, context: CallbackContext) -> None:
        chat_id = context.job.data
        if self._jobs.get(chat_id) is context.job:
            del self._jobs[chat_id]
        try:
            subscription = self._store.subscription(chat_id)
        except StoreUnavailable as error:  # the database is down: the job must not be lost
            logger.warning("push: chat %s: %s; trying again in %s", chat_id, error, RETRY_AFTER)
            self._run_once(chat_id, RETRY_AFTER)
            return
        if subscription is not None and subscription.active:
            await self._push(subscription, self._clock.now())

    async def _push(self, subscription: Subscription, now: datetime) -> Pushed:
        chat_id = subscription.chat_id
        if chat_id in self._busy:
            return Pushed(chat_id, None, "busy")
        self._busy.add(chat_id)
        try:
            return await self._push_due(subscription, now)
        except StoreUnavailable as error:  # an outage: the delivery log resumes the digest
            logger.warning("push: chat %s: %s; retrying in %s", chat_id, error, RETRY_AFTER)
            self.schedule(subscription, delay=RETRY_AFTER)
            return Pushed(chat_id, None, "error")
        except Exception:  # a bug or a broken store must not lose the day: try again later
            logger.exception(
                "push: the digest of chat %s failed; retrying in %s", chat_id, RETRY_AFTER
            )
            self.schedule(subscription, delay=RETRY_AFTER)
            return Pushed(chat_id, None, "error")
        finally:
            self._busy.discard(chat_id)

    async def _push_due(self, subscription: Subscription, now: datetime) -> Pushed:
        chat_id, zone = subscription.chat_id, ZoneInfo(subscription.tz)
        if subscription.next_send > now:
            self.schedule(subscription)
            return Pushed(chat_id, None, "not_due")
        slot = last_slot(subscription.time, zone, now)
        done = subscription.last_sent_date
        if done is not None and slot.day <= done:
            self._advance(chat_id, now, after=done)
            return Pushed(chat_id, slot.day, "done")
        if now - slot.at > self._max_late:
            logger.warning(
                "push: skipped the %s digest of chat %s: due %s, %s late (limit %s)",
                slot.day,
                chat_id,
                slot.at.isoformat(),
                now - slot.at,
                self._max_late,
            )
            self._advance(chat_id, now, after=slot.day, day_done=False)
            return Pushed(chat_id, slot.day, "late")
        if subscription.next_send < slot.at - timedelta(days=1):
            logger.warning(
                "push: chat %s missed digests from %s to the day before %s while the bot was down",
                chat_id,
                subscription.next_send.isoformat(),
                slot.day,
            )
        parts = self._digest(subscription, slot)
        if not parts:
            self._advance(chat_id, now, after=slot.day, covered=slot.at)
            return Pushed(chat_id, slot.day, "empty")
        delivery = Delivery(chat_id, slot.day, parts, subscription.silent)
        result = await self._app.bot_data.sender.deliver(delivery)
        if result.new_chat_id is not None:  # a group that became a supergroup
            self.cancel(chat_id)
            chat_id = result.new_chat_id
        if result.outcome in _DONE:
            self._advance(chat_id, now, after=slot.day, covered=slot.at)
        elif result.outcome is DeliveryOutcome.FAILED:
            logger.error(
                "push: the %s digest of chat %s failed: %s", slot.day, chat_id, result.error
            )
            self._advance(chat_id, now, after=slot.day, covered=slot.at)
        elif result.outcome is DeliveryOutcome.INACTIVE:
            self.cancel(chat_id)  # the sender marked it inactive, settings kept
        # POSTPONED: the bot is stopping; next_send stays, the next start catches up.
        return Pushed(chat_id, slot.day, result.outcome.value)

    def _advance(
        self,
        chat_id: int,
        now: datetime,
        *,
        after: date,
        day_done: bool = True,
        covered: datetime | None = None,
    ) -> None:
        """Store the next send after the local date after, and schedule it."""
        fresh = self._store.subscription(chat_id)  # settings may have changed meanwhile
        if fresh is None:
            return
        following = next_slot(fresh.time, ZoneInfo(fresh.tz), now, after=after)
        self._store.set_next_send(chat_id, following.at, after if day_done else None, covered)
        updated = self._store.subscription(chat_id)
        if updated is not None:
            self.schedule(updated)

    def _digest(self, subscription: Subscription, slot: Slot) -> tuple[str, ...]:
        """Return the composed parts of the subscriber's digest for slot (cached per window)."""
        since = subscription.covered_until or slot.at - FIRST_WINDOW
        key = (
            slot.day,
            since,
            slot.at,
            subscription.lang,
            subscription.topics,
            subscription.skip_empty,
            self._store.get_meta("last_ingest"),
        )
        if key not in self._composed:
            day = self._read(slot.day, since, slot.at)
            taxonomy = self._app.bot_data.taxonomy
            _remember(self._composed, key, tuple(compose(day, subscription, taxonomy)))
        return self._composed[key]

    def _read(self, day: date, since: datetime, until: datetime) -> DigestDay:
        """Return the store reads of one digest window."""
        new = self._store.documents_added(since, until, limit=READ_NEW)
        # Read even when something is new: it may all be off the subscriber's topics.
        standing = [d for d, _ in self._store.listing(limit=STANDING_DOCS)]
        return DigestDay(
            day,
            tuple(self._briefing(d.id, d.ingested_at) for d in new),
            tuple(self._briefing(d.id, d.ingested_at) for d in standing),
            timeline=tuple(self._store.timeline_of_documents(d.id for d in new)),  # issue 12
        )

    def _briefing(self, doc_id: int, ingested_at: datetime) -> StoredBriefing:
        key = (doc_id, ingested_at)
        if key not in self._briefings:
            _remember(self._briefings, key, self._store.briefing(doc_id))
        return self._briefings[key]

    @property
    def _store(self):
        return self._app.bot_data.store


def _remember(cache: dict, key: object, value: object) -> None:
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)))  # the oldest entry
    cache[key] = value


async def run_due(app: Application, now: datetime | None = None) -> list[Pushed]:
    """Push every subscription of app due at now (default: its clock's time); tests call this."""
    return await app.bot_data.push.run_due(now)
