"""Watch seeds/ while the bot runs: files that changed together and settled, as batches.

``watch_batches`` yields a ``Batch`` whenever files in seeds/ were added,
changed or removed and have stopped changing; ``sync_batch`` brings the store
in step with one batch through the pipeline (``ingest_file``, ``Store.withdraw``).
Neither knows about Telegram.

How changes are found: file events (watchfiles) or a timer only *wake the
watcher up*; what changed is always decided by comparing two stat snapshots
of seeds/ (size, mtime, inode of each document and of its sidecar). So a copy,
a move into seeds/, an editor's write-to-temp-then-rename and a deletion all
look the same, no event type is trusted, and a lost event costs only latency.
A file counts as settled when two looks ``stable_for`` seconds apart agree;
files still being written wait for the next round, the others go ahead.

Modes (``WatchMode``):

- ``events``: file events only; quickest, but events never arrive from many
  Docker bind mounts (macOS/Windows hosts) and network shares (NFS, SMB).
- ``poll``: a stat snapshot every ``interval`` seconds; works everywhere.
- ``auto``: events, plus a poll every ``max(interval, SAFETY_NET_SECONDS)`` as
  a safety net. Mujaz cannot tell beforehand whether events will arrive (a
  probe file would write into seeds/, which Mujaz never does, and a share can
  deliver local events but not remote ones), so it never relies on them
  alone; the safety net keeps pickup within 10 s where events are lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from summaries.duplicates import sign_stored
from summaries.model import IngestResult, Outcome, Status
from summaries.pipeline import (
    Pipeline,
    ingest_file,
    is_document,
    recheck_duplicates,
    withdraw_removed,
)
from summaries.sources import sidecar_path
from summaries.store import Store, utc_now

logger = logging.getLogger(__name__)

# In auto mode the safety-net poll never runs more often than this: stat()
# on every file of a network share each second would be a needless load, and
# 5 s plus the stable window plus the ingest still fits the 10 s promise.
SAFETY_NET_SECONDS = 5.0
# How long watchfiles gathers events before waking us; the stable window
# decides when a file is ready, so this only merges bursts of events.
EVENT_DEBOUNCE_MS = 200
EVENT_STEP_MS = 50

# (size, mtime_ns, inode) of a document, then of its sidecar (-1s when none).
Fingerprint = tuple[int, int, int, int, int, int]
_NO_SIDECAR = (-1, -1, -1)


class WatchMode(StrEnum):
    AUTO = "auto"
    EVENTS = "events"
    POLL = "poll"


@dataclass(frozen=True, slots=True)
class Batch:
    """Document names that changed together and settled: still present, and gone.

    ``full`` marks the first batch of a watch: every document present is in
    ``changed``, and ``sync_batch`` also withdraws stored documents whose file
    went away while nobody watched.
    """

    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    full: bool = False

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.full)


def snapshot(seeds_dir: Path) -> dict[str, Fingerprint] | None:
    """Return the fingerprint of every candidate document; None if seeds/ is not there.

    None (not {}) for a missing folder: an unmounted share must not read as
    "every file was deleted", which would withdraw the whole collection.
    """
    try:
        paths = list(seeds_dir.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return None
    found: dict[str, Fingerprint] = {}
    for path in paths:
        try:
            if is_document(path):
                found[path.name] = _stat(path) + _sidecar_stat(path)
        except FileNotFoundError:  # gone between the listing and the stat
            continue
    return found


def _stat(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def _sidecar_stat(path: Path) -> tuple[int, int, int]:
    try:
        return _stat(sidecar_path(path))
    except FileNotFoundError:
        return _NO_SIDECAR


async def watch_batches(
    seeds_dir: Path,
    *,
    mode: WatchMode | str = WatchMode.AUTO,
    interval: float = 2.0,
    stable_for: float = 1.0,
) -> AsyncIterator[Batch]:
    """Yield a Batch each time documents in seeds_dir changed and settled; the first is full.

    Runs until cancelled. Raises ValueError for an unknown mode.
    """
    mode = WatchMode(mode)
    wake = asyncio.Event()
    events = None
    if mode is not WatchMode.POLL:
        events = asyncio.create_task(_forward_events(seeds_dir, wake), name="mujaz-watch-events")
    poll_every = {
        WatchMode.POLL: interval,
        WatchMode.AUTO: max(interval, SAFETY_NET_SECONDS),
        WatchMode.EVENTS: None,
    }[mode]
    settled: dict[str, Fingerprint] = {}
    first = True
    try:
        while True:
            wake.clear()  # before looking: an event from now on wakes the next round
            current = await asyncio.to_thread(snapshot, seeds_dir)
            changed = _differences(settled, current)
            if first or changed:
                await asyncio.sleep(stable_for)
                again = await asyncio.to_thread(snapshot, seeds_dir)
                if _differences(settled, again) - changed:
                    continue  # more files arrived meanwhile: they join this batch
                batch = _settle(settled, current, again, changed, first)
                if batch is not None:
                    first = False
                    if batch:
                        yield batch
                    if len(batch.changed) + len(batch.removed) < len(changed):
                        continue  # some files are still being written: look again at once
            if events is not None and events.done():
                poll_every = interval  # events failed (logged): poll from now on
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), poll_every)
    finally:
        if events is not None:
            events.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await events


def _differences(
    settled: dict[str, Fingerprint], current: dict[str, Fingerprint] | None
) -> set[str]:
    """Return the names whose fingerprint differs from the settled one (new, changed, gone)."""
    if current is None:
        return set()
    return {n for n in settled.keys() | current.keys() if settled.get(n) != current.get(n)}


def _settle(
    settled: dict[str, Fingerprint],
    current: dict[str, Fingerprint] | None,
    again: dict[str, Fingerprint] | None,
    changed: set[str],
    first: bool,
) -> Batch | None:
    """Return the batch of names that did not move between two looks (and record them).

    None when seeds/ was missing at either look: nothing can be decided then.
    """
    if current is None or again is None:
        return None
    stable = sorted(n for n in changed if current.get(n) == again.get(n))
    for name in stable:
        if name in current:
            settled[name] = current[name]
        else:
            settled.pop(name, None)
    return Batch(
        changed=tuple(n for n in stable if n in current),
        removed=tuple(n for n in stable if n not in current),
        full=first,
    )


async def _forward_events(seeds_dir: Path, wake: asyncio.Event) -> None:
    """Set wake on every file event in seeds_dir; log and return if events cannot be had."""
    from watchfiles import awatch  # imported here: poll mode works without it

    try:
        async for _ in awatch(
            seeds_dir,
            watch_filter=None,  # snapshots decide what counts; every event just wakes us
            debounce=EVENT_DEBOUNCE_MS,
            step=EVENT_STEP_MS,
            recursive=False,
        ):
            wake.set()
    except (OSError, RuntimeError) as error:  # no such folder, inotify limits, ...
        logger.warning(
            "watch: file events unavailable for %s (%s); polling instead", seeds_dir, error
        )
        wake.set()


def sync_batch(
    seeds_dir: Path,
    store: Store,
    pipeline: Pipeline,
    batch: Batch | None = None,
    *,
    now: Callable[[], datetime] = utc_now,
    owner: str | None = None,
) -> list[IngestResult]:
    """Ingest a batch's changed files and withdraw its removed ones; return what changed.

    owner names this instance in file claims (default: this process): of
    several instances watching one folder, each file's change is theirs alone.

    ``batch=None`` means a full batch of everything in seeds_dir. Unchanged
    files are left out of the result. Withdrawals run first, so a renamed file
    is the same document under its new name, not a duplicate of its old one.
    A duplicate whose original was withdrawn or changed is checked again.
    """
    if batch is None or batch.full:
        present = sorted(n for n in (snapshot(seeds_dir) or {}))
        if batch is None:
            batch = Batch(changed=tuple(present), full=True)
        removed = _gone(store, set(present)) if seeds_dir.is_dir() else []
    else:
        removed = list(batch.removed)
    results = [r for name in removed if (r := withdraw_removed(store, name, now, owner))]
    sign_stored(store)  # documents stored before signatures existed are compared too
    for name in batch.changed:
        result = _ingest(seeds_dir / name, store, pipeline, now, owner)
        if result is not None:
            results.append(result)
    if any(r.outcome in (Outcome.WITHDRAWN, Outcome.UPDATED) for r in results):
        results += recheck_duplicates(seeds_dir, store, pipeline, set(batch.changed), now)
    changed = [r for r in results if r.outcome is not Outcome.UNCHANGED]
    store.set_meta("last_ingest", now().isoformat(timespec="seconds"))
    return changed


def _ingest(
    path: Path, store: Store, pipeline: Pipeline, now: Callable[[], datetime], owner: str | None
) -> IngestResult | None:
    """Return ingest_file's result; None when the file went away or cannot be opened."""
    if not is_document(path):
        return None  # gone since it settled: the next snapshot reports it removed
    try:
        return ingest_file(path, store, pipeline, now=now, owner=owner)
    except FileNotFoundError:
        return None
    except OSError as error:  # unreadable (permissions, a stale share): tried when it changes
        logger.warning("ingest: %s cannot be read: %s", path.name, error)
        return None


def _gone(store: Store, present: set[str]) -> list[str]:
    return [
        d.name
        for d in store.documents(status=None)
        if d.name not in present and d.status is not Status.WITHDRAWN
    ]
