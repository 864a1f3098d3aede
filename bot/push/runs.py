"""Push runs for /stats: the sender busy from idle to idle, counted in the store as it goes.

A run begins when a digest is handed to an idle sender and ends when the
last one in progress finishes; digests less than RUN_GAP apart belong to
the same run, so a caller that hands them over one by one still makes one
run. Counters are written as they change, so /stats shows a run under way,
and a run the bot was killed in keeps ``ended_at`` empty.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from bot.model import DeliveryOutcome, DeliveryResult
from bot.push.pacing import PacingClock
from bot.store import BotStore

# Digests handed over closer together than this (seconds) belong to one run.
RUN_GAP = 60.0
# Delivery log rows this many days older than a run's first digest are dropped.
KEEP_DAYS = 30


class PushRuns:
    """Counts digests in progress and the current run's numbers."""

    def __init__(self, store: BotStore, clock: PacingClock) -> None:
        self._store = store
        self._clock = clock
        self._run: int | None = None
        self._idle_since: float | None = None
        self.active = 0
        self.idle = asyncio.Event()
        self.idle.set()

    def opened(self, local_date: date) -> None:
        """Count a digest handed over, beginning or resuming a run."""
        now = self._clock.monotonic()
        if self._run is None or (self._idle_since is not None and now - self._idle_since > RUN_GAP):
            self._run = self._store.begin_push_run()
            # Relative to the digests' own dates, not the wall clock.
            self._store.prune_deliveries(local_date - timedelta(days=KEEP_DAYS))
        elif self._idle_since is not None:
            self._store.resume_push_run(self._run)
        self._idle_since = None
        self.idle.clear()
        self.active += 1
        self.count(deliveries=1)

    def closed(self, result: DeliveryResult) -> None:
        """Count a digest's outcome; the run ends when none is in progress."""
        self.active -= 1
        idle = self.active == 0
        if idle:  # before the store writes, which fail while the database is down
            self.idle.set()
            if self._run is not None:
                self._idle_since = self._clock.monotonic()
        if result.outcome is not DeliveryOutcome.POSTPONED:  # postponed stays pending
            self.count(
                finished=1,
                inactive=int(result.outcome is DeliveryOutcome.INACTIVE),
                failed=int(result.outcome is DeliveryOutcome.FAILED),
            )
        if idle and self._run is not None:
            self._store.end_push_run(self._run)

    def count(self, **increments: float) -> None:
        """Add to the current run's counters (sent, rate_limited, uncertain, ...)."""
        if self._run is not None:
            self._store.count_push(self._run, **increments)
