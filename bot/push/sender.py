"""The paced sender of the daily push: every part of a digest sent once, none lost.

``PushSender.deliver(delivery)`` sends the parts of one chat's digest through
the one ``PacedQueue`` of the push. Each part goes through the delivery log
(``bot.store.deliveries``): read (sent already? skip it), wait for a
turn, claim (committed), call Telegram, mark sent with the message id
(committed). A restart in the middle of a digest resumes at the next part.

What each Telegram answer does (telegram.md, "Errors"):

- 429 RetryAfter: the whole push waits ``retry_after``, the same part is
  sent again; never dropped.
- 403 Forbidden (blocked, kicked, deactivated) and 400 "chat not found":
  the subscription is deactivated with its settings kept; INACTIVE.
- ChatMigrated: subscription and log move to the new id, the part is sent
  there; the result carries ``new_chat_id``.
- TimedOut / NetworkError: retried after NETWORK_BACKOFF. When the request
  may have reached Telegram the part is logged ``uncertain`` and stays
  ``in_doubt`` even once a retry succeeds.
- 400 "can't parse entities" / "too long": our bug; sent again as plain text
  and logged as an error, like command replies.

When the database goes away (StoreUnavailable) the digest stops there: a
part whose claim failed was not sent, and a part Telegram accepted while its
``sent`` could not be written is remembered with its message id, written on
the next try and not sent twice (unless the process dies meanwhile: then it
is the one request in flight, logged ``in_doubt``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import warnings
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date, timedelta

import httpx
from telegram import Bot, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.model import Delivery, DeliveryOutcome, DeliveryResult, PartStatus
from bot.push.pacing import PacedQueue, PacingClock, PushLimits, QueueStopped, SystemClock
from bot.push.runs import PushRuns
from bot.replies import send_html
from bot.store import BotStore

__all__ = ["PushLimits", "PushSender"]

logger = logging.getLogger(__name__)

# Pauses (seconds) before retrying after a network error or timeout; then the digest fails.
NETWORK_BACKOFF = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0)
# Seconds stop() lets sends under way finish before it closes the connections.
STOP_GRACE = 10.0
_CHAT_GONE = re.compile(r"chat not found", re.I)
# httpx errors raised before a request leaves: Telegram cannot have seen it.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class PushSender:
    """One paced queue for every push message; ``deliver`` sends one chat's digest."""

    def __init__(
        self,
        bot: Bot,
        store: BotStore,
        *,
        limits: PushLimits = PushLimits(),  # noqa: B008 (frozen, so safe to share)
        clock: PacingClock | None = None,
    ) -> None:
        if clock is not None and not (hasattr(clock, "monotonic") and hasattr(clock, "sleep")):
            raise TypeError("PushSender needs a pacing clock with monotonic() and async sleep()")
        self._given_bot = bot
        self._bot: Bot = bot
        self._own_bot = False
        self._store = store
        self.limits = limits
        self._clock = clock or SystemClock()
        self._queue = PacedQueue(limits, self._clock)
        self._slots = asyncio.Semaphore(limits.concurrent_chats)
        self._chat_locks: dict[tuple[int, date], tuple[asyncio.Lock, int]] = {}
        self._runs = PushRuns(store, self._clock)
        # Parts Telegram accepted while the store was down: (chat, day, part) -> message id.
        self._unlogged: dict[tuple[int, date, int], int] = {}
        self._starting = asyncio.Lock()
        self._started = False
        self._stopped = False

    async def start(self) -> None:
        """Start the queue; with the application's rate-limited bot, open a twin without it."""
        async with self._starting:  # deliveries handed over at once wait for one start
            if self._started or self._stopped:
                return
            if getattr(self._given_bot, "rate_limiter", None) is not None:
                # The app's AIORateLimiter would queue the push with command
                # replies, hold every reply while it sleeps off a push 429, and
                # retry 429s itself (rate_limit_args=0 means "default", so it
                # cannot be turned off per call), hiding them from the log. The
                # push paces itself, so it talks to the same Bot API through its
                # own connections.
                self._bot = unlimited_twin(self._given_bot)
                self._own_bot = True
                await self._bot.initialize()
            self._queue.start()
            self._started = True

    async def stop(self) -> None:
        """Stop sending: digests waiting for a turn return POSTPONED, the log keeps the rest."""
        self._stopped = True
        await self._queue.stop()
        if self._runs.active:
            # Sends under way finish and are logged before their connections close.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._runs.idle.wait(), STOP_GRACE)
        if self._own_bot:
            await self._bot.shutdown()

    async def deliver(self, delivery: Delivery) -> DeliveryResult:
        """Return what happened to one chat's digest after sending its unsent parts, paced."""
        if self._stopped:
            return DeliveryResult(DeliveryOutcome.POSTPONED)
        await self.start()
        async with self._slots, self._only_one(delivery):
            self._runs.opened(delivery.local_date)
            result = DeliveryResult(DeliveryOutcome.POSTPONED)
            try:
                result = await self._send_parts(delivery)
            finally:
                self._runs.closed(result)
            return result

    async def deliver_many(
        self, deliveries: Iterable[Delivery] | AsyncIterable[Delivery]
    ) -> AsyncIterator[tuple[Delivery, DeliveryResult]]:
        """Yield (delivery, result) as each finishes, taking deliveries from the source lazily.

        At most ``limits.concurrent_chats`` deliveries are held at once, so a
        source that composes each digest when asked keeps memory flat in the
        number of subscribers.
        """
        source = _aiter(deliveries)
        running: dict[asyncio.Task[DeliveryResult], Delivery] = {}
        exhausted = False
        try:
            while running or not exhausted:
                while not exhausted and len(running) < self.limits.concurrent_chats:
                    try:
                        delivery = await anext(source)
                    except StopAsyncIteration:
                        exhausted = True
                        break
                    running[asyncio.create_task(self.deliver(delivery))] = delivery
                if not running:
                    break
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield running.pop(task), task.result()
        finally:
            for task in running:
                task.cancel()

    # -- one digest ----------------------------------------------------------

    async def _send_parts(self, delivery: Delivery) -> DeliveryResult:
        chat_id, sent, moved = delivery.chat_id, 0, None
        for index, text in enumerate(delivery.parts):
            logged = self._store.logged_part(chat_id, delivery.local_date, index)
            if logged is not None and logged.status is PartStatus.SENT:
                self._unlogged.pop((chat_id, delivery.local_date, index), None)
                continue
            if (chat_id, delivery.local_date, index) in self._unlogged:
                self._log_sent(chat_id, delivery.local_date, index)
                sent += 1
                continue
            try:
                outcome, chat_id = await self._send_part(delivery, chat_id, index, text)
            except QueueStopped:
                return DeliveryResult(DeliveryOutcome.POSTPONED, sent, moved)
            if chat_id != delivery.chat_id:
                moved = chat_id
            if isinstance(outcome, DeliveryResult):
                return DeliveryResult(outcome.outcome, sent, moved, outcome.error)
            sent += outcome
        if sent == 0:
            return DeliveryResult(DeliveryOutcome.ALREADY_SENT, 0, moved)
        return DeliveryResult(DeliveryOutcome.SENT, sent, moved)

    async def _send_part(
        self, delivery: Delivery, chat_id: int, index: int, text: str
    ) -> tuple[int | DeliveryResult, int]:
        """Return (1 sent or 0 already sent, or the digest's final result; the chat id now)."""
        day, network_failures = delivery.local_date, 0
        while True:
            await self._queue.turn(chat_id)
            before = self._store.claim_part(chat_id, day, index)
            if before is not None and before.status is PartStatus.SENT:
                return 0, chat_id
            if before is not None and before.status in (PartStatus.PENDING, PartStatus.UNCERTAIN):
                logger.warning(
                    "push: part %s of %s for chat %s may have arrived already (%s); sending again",
                    index,
                    day,
                    chat_id,
                    before.status,
                )
            try:
                message = await self._send(chat_id, text, delivery.silent)
            except RetryAfter as error:
                self._waited(chat_id, day, index, _retry_seconds(error))
                continue
            except ChatMigrated as error:
                chat_id = self._migrated(chat_id, error.new_chat_id, day, index)
                continue
            except (Forbidden, BadRequest) as error:
                return self._refused(chat_id, day, index, error), chat_id
            except NetworkError as error:  # TimedOut included
                if network_failures == len(NETWORK_BACKOFF):
                    return self._given_up(chat_id, day, index, error), chat_id
                await self._network_failed(chat_id, day, index, error, network_failures)
                network_failures += 1
                continue
            except TelegramError as error:
                return self._failed(
                    chat_id, day, index, f"{type(error).__name__}: {error}"
                ), chat_id
            self._unlogged[(chat_id, day, index)] = message.message_id
            self._log_sent(chat_id, day, index)
            return 1, chat_id

    def _log_sent(self, chat_id: int, day: date, index: int) -> None:
        """Write a part Telegram accepted as sent; kept in memory while the store is down."""
        message_id = self._unlogged[(chat_id, day, index)]
        with self._store.transaction():
            self._store.mark_part_sent(chat_id, day, index, message_id)
            self._runs.count(sent=1)
        del self._unlogged[(chat_id, day, index)]

    async def _send(self, chat_id: int, text: str, silent: bool) -> Message:
        """Return Telegram's message for one part; refused HTML goes again as plain text."""
        return await send_html(self._bot, chat_id, text, silent=silent)

    # -- what each answer does -------------------------------------------------

    def _waited(self, chat_id: int, day: date, index: int, seconds: float) -> None:
        logger.warning("push: 429 for chat %s; the push waits %.1f s", chat_id, seconds)
        with self._store.transaction():
            # A 429 is never delivered: the next claim of this part is not in doubt.
            self._store.mark_part_failed(chat_id, day, index, f"RetryAfter: {seconds:g} s")
            self._runs.count(rate_limited=1, waited_seconds=seconds)
        self._queue.pause(seconds)

    def _migrated(self, old: int, new: int, day: date, index: int) -> int:
        logger.info("push: chat %s became supergroup %s; moving its subscription", old, new)
        with self._store.transaction():
            # Refused, so certainly not delivered: the claim under the new id is clean.
            self._store.mark_part_failed(old, day, index, f"migrated to {new}")
            self._store.move_subscription(old, new)
            self._store.move_deliveries(old, new)
        return new

    def _refused(self, chat_id: int, day: date, index: int, error: TelegramError) -> DeliveryResult:
        if isinstance(error, Forbidden) or _CHAT_GONE.search(error.message):
            logger.info("push: chat %s is gone (%s); subscription kept inactive", chat_id, error)
            with self._store.transaction():
                self._store.mark_part_failed(chat_id, day, index, error.message)
                self._store.deactivate_subscription(chat_id, error.message)
            return DeliveryResult(DeliveryOutcome.INACTIVE, error=error.message)
        return self._failed(chat_id, day, index, error.message)

    def _failed(self, chat_id: int, day: date, index: int, reason: str) -> DeliveryResult:
        logger.error("push: part %s for chat %s refused: %s", index, chat_id, reason)
        self._store.mark_part_failed(chat_id, day, index, reason)
        return DeliveryResult(DeliveryOutcome.FAILED, error=reason)

    async def _network_failed(
        self, chat_id: int, day: date, index: int, error: NetworkError, failures: int
    ) -> None:
        reason = f"{type(error).__name__}: {error}"
        self._record_network_error(chat_id, day, index, error, reason)
        pause = NETWORK_BACKOFF[failures]
        logger.warning("push: chat %s: %s; retrying in %.0f s", chat_id, reason, pause)
        await self._clock.sleep(pause)

    def _given_up(self, chat_id: int, day: date, index: int, error: NetworkError) -> DeliveryResult:
        reason = f"{type(error).__name__}: {error} (gave up after {len(NETWORK_BACKOFF)} retries)"
        logger.error("push: chat %s: %s", chat_id, reason)
        self._record_network_error(chat_id, day, index, error, reason)
        return DeliveryResult(DeliveryOutcome.FAILED, error=reason)

    def _record_network_error(
        self, chat_id: int, day: date, index: int, error: NetworkError, reason: str
    ) -> None:
        if isinstance(error.__cause__, _NEVER_SENT):
            self._store.mark_part_failed(chat_id, day, index, reason)  # never left: no doubt
        elif self._store.mark_part_uncertain(chat_id, day, index, reason):
            self._runs.count(uncertain=1)

    # -- one digest per chat and day at a time ----------------------------------

    @asynccontextmanager
    async def _only_one(self, delivery: Delivery) -> AsyncIterator[None]:
        """Hold the block while no other delivery of the same chat and day runs."""
        key = (delivery.chat_id, delivery.local_date)
        lock, users = self._chat_locks.get(key, (asyncio.Lock(), 0))
        self._chat_locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._chat_locks[key]
            if users == 1:
                del self._chat_locks[key]
            else:
                self._chat_locks[key] = (lock, users - 1)


def unlimited_twin(bot: Bot) -> Bot:
    """Return a Bot with the same token and Bot API server, its own connections, no limiter."""
    return Bot(
        bot.token,
        base_url=bot.base_url.removesuffix(bot.token),
        base_file_url=bot.base_file_url.removesuffix(bot.token),
        request=HTTPXRequest(connection_pool_size=32, read_timeout=15.0, write_timeout=15.0),
    )


def _retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after becomes a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _aiter(items: Iterable[Delivery] | AsyncIterable[Delivery]) -> AsyncIterator[Delivery]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item
