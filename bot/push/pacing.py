"""Pacing the daily push: when the next message may go, and one queue that hands out turns.

Telegram publishes no exact limits (see telegram.md): about 30 messages a
second overall, 1 a second per private chat, 20 a minute per group. The
push keeps under them with even gaps instead of bursts, because a burst is
where flood control bites, and it leaves the rest of the overall budget to
the replies to commands, which go through the application's own bot.

``Pacer`` decides (pure, no waiting); ``PacedQueue`` waits. A chat's next
turn is booked when a turn is granted, so a multi-part digest to one user
goes out a second apart while other chats fill the gaps between.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import math
import time
from dataclasses import dataclass
from typing import Protocol

# How many bookings between two sweeps of chats whose gap is over; keeps the
# per-chat table as small as the set of chats served in the last few seconds.
SWEEP_EVERY = 256
# How many overall slots a late queue may make up for by sending sooner: a
# burst of at most this many more messages, well inside Telegram's tolerance.
CATCH_UP_GAPS = 2


@dataclass(frozen=True, slots=True)
class PushLimits:
    """How fast the push may send; ``concurrent_chats`` digests are in progress at once."""

    overall_per_second: float = 25.0
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    # Enough chats in progress that the 1 s gap per user never idles the
    # overall rate: 25 msg/s with digests of a few parts needs about 75.
    concurrent_chats: int = 100

    def gap(self, chat_id: int) -> float:
        """Return the seconds between two messages to chat_id (users > 0, groups < 0)."""
        if chat_id > 0:
            return 1.0 / self.private_per_second
        return 60.0 / self.group_per_minute

    @property
    def overall_gap(self) -> float:
        return 1.0 / self.overall_per_second


class PacingClock(Protocol):
    """The time the push is paced by; tests pass a virtual one that sleeps instantly."""

    def monotonic(self) -> float:
        """Return seconds on a clock that never goes back."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Return after seconds."""
        ...


class SystemClock:
    """The real monotonic clock and asyncio.sleep."""

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class Pacer:
    """Decides when a message may go: an overall gap, a gap per chat, a pause after a 429."""

    def __init__(self, limits: PushLimits) -> None:
        self._limits = limits
        self._next_overall = -math.inf
        self._paused_until = -math.inf
        self._next_chat: dict[int, float] = {}
        self._bookings = 0

    def chat_ready(self, chat_id: int) -> float:
        """Return the earliest moment chat_id may get its next message (-inf: any time)."""
        return self._next_chat.get(chat_id, -math.inf)

    def overall_ready(self) -> float:
        """Return the earliest moment any message may go."""
        return max(self._next_overall, self._paused_until)

    def ready_at(self, chat_id: int) -> float:
        """Return the earliest moment a message to chat_id may go."""
        return max(self.chat_ready(chat_id), self.overall_ready())

    def book(self, chat_id: int, now: float) -> None:
        """Record that a message to chat_id goes now."""
        gap = self._limits.overall_gap
        # The next overall slot counts from the slot this message was due in,
        # not from now: a timer that fires late (it always does, more so on a
        # busy machine) must not stretch every gap, or 30/s becomes 25/s. The
        # queue catches up at most CATCH_UP_GAPS slots; later than that (an
        # idle spell, a stall) starts afresh from now, so no burst follows.
        due = max(self._next_overall, self._paused_until)
        self._next_overall = (due if now - due <= CATCH_UP_GAPS * gap else now) + gap
        self._next_chat[chat_id] = now + self._limits.gap(chat_id)
        self._bookings += 1
        if self._bookings % SWEEP_EVERY == 0:
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}

    def pause(self, until: float) -> None:
        """Hold every message until ``until`` (Telegram said 429: retry after)."""
        self._paused_until = max(self._paused_until, until)

    @property
    def tracked_chats(self) -> int:
        """Return how many chats still have a gap to keep (memory is bounded by this)."""
        return len(self._next_chat)


class QueueStopped(Exception):
    """The queue stopped before this turn came."""


class PacedQueue:
    """Hands out turns to send, one at a time, first ready first served."""

    def __init__(self, limits: PushLimits, clock: PacingClock) -> None:
        self.pacer = Pacer(limits)
        self._clock = clock
        # (moment the turn may go as far as its chat is concerned, order, chat, waiter)
        self._waiting: list[tuple[float, int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopped = False

    def start(self) -> None:
        """Start handing out turns (in the running event loop)."""
        if self._task is None and not self._stopped:
            self._task = asyncio.create_task(self._run(), name="mujaz-push-pacer")

    async def stop(self) -> None:
        """Stop handing out turns; every waiting turn raises QueueStopped."""
        self._stopped = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for *_, waiter in self._waiting:
            if not waiter.done():
                waiter.set_exception(QueueStopped())
        self._waiting.clear()

    async def turn(self, chat_id: int) -> None:
        """Return when a message to chat_id may go now (its slot is booked); QueueStopped."""
        if self._stopped or self._task is None:
            raise QueueStopped()
        waiter = asyncio.get_running_loop().create_future()
        ready = max(self.pacer.chat_ready(chat_id), self._clock.monotonic())
        heapq.heappush(self._waiting, (ready, next(self._order), chat_id, waiter))
        self._changed.set()
        await waiter

    def pause(self, seconds: float) -> None:
        """Hold every turn for seconds from now."""
        self.pacer.pause(self._clock.monotonic() + seconds)
        self._changed.set()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def _run(self) -> None:
        while True:
            self._changed.clear()  # before looking, so no new turn is missed
            delay = self._grant()
            if delay is None:
                await self._changed.wait()
            elif delay > 0:
                await self._sleep_or_change(delay)

    def _grant(self) -> float | None:
        """Grant the first ready turn; return 0 after a grant, else seconds to wait (None: idle)."""
        now = self._clock.monotonic()
        while self._waiting:
            ready, order, chat_id, waiter = self._waiting[0]
            if waiter.done():  # its caller was cancelled
                heapq.heappop(self._waiting)
                continue
            chat_ready = self.pacer.chat_ready(chat_id)
            if chat_ready > ready:  # another turn of the same chat went first
                heapq.heapreplace(self._waiting, (chat_ready, order, chat_id, waiter))
                continue
            at = max(ready, self.pacer.overall_ready())
            if at > now:
                return at - now
            heapq.heappop(self._waiting)
            self.pacer.book(chat_id, now)
            waiter.set_result(None)
            return 0.0
        return None

    async def _sleep_or_change(self, seconds: float) -> None:
        sleeper = asyncio.ensure_future(self._clock.sleep(seconds))
        changed = asyncio.ensure_future(self._changed.wait())
        try:
            await asyncio.wait((sleeper, changed), return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            changed.cancel()
