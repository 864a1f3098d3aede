"""The drop zone while the bot runs: watch seeds/, ingest off the event loop, tell the admins.

``attach(app, pipeline)`` (one line in ``build_application``) gives the
application a ``DropZone``: from ``post_init`` to ``post_stop`` it consumes
``summaries.watch_batches`` and runs each batch through ``sync_batch`` in a
worker thread, on a store connection of its own (one sqlite3 connection must
never serve two threads at once; the bot's stays with the event loop, and WAL
lets it read while the worker writes). Batches and uploads take turns (one
lock), so a file is never ingested twice at the same time. Each admin gets
one message per batch that changed something; every outcome is logged.

Uploads are saved here too (``save_upload``): under a safe name, through a
hidden temporary file, and never over an existing file unless asked to.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import unicodedata
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot.config import Settings
from bot.store import BotStore
from bot.texts import language_of
from bot.views import admin as admin_views
from summaries import (
    Batch,
    IngestResult,
    Outcome,
    Pipeline,
    Sources,
    StoreUnavailable,
    sync_batch,
    watch_batches,
)

logger = logging.getLogger(__name__)

# On stop, a batch being ingested is given this long to finish and be reported.
STOP_GRACE_SECONDS = 30.0
# Several instances on one database (issue 13): while a batch is ingested its
# file claims are renewed this often (they live CLAIM_TTL, 3 min); this often
# expired claims (their instance died mid-ingest) are looked for and taken over.
CLAIM_HEARTBEAT_SECONDS = 30.0
CLAIM_SWEEP_SECONDS = 60.0
MAX_NAME_CHARS = 120
# Characters that are path syntax or illegal in Windows file names (a share may be SMB).
_UNSAFE = re.compile(r'[<>:"|?*]')
_LEADING = ".~$ -"  # hidden files, editor/Office lock files, option-looking names
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Hook = Callable[[Application], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Report:
    """What a batch changed, and the sources of the documents it served (for titles)."""

    results: tuple[IngestResult, ...]
    sources: dict[int, Sources]


class DropZone:
    """One application's drop zone: the watcher task, the ingest worker and admin reports."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self._settings = settings
        self._pipeline = pipeline
        self._lock = asyncio.Lock()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task | None = None
        self._languages: dict[int, str] = {}
        self._beat: asyncio.Task | None = None  # renews the file claims of the batch under way

    @property
    def seeds_dir(self) -> Path:
        return self._settings.library.seeds_dir

    @property
    def busy(self) -> bool:
        """Tell whether a batch is being ingested right now."""
        return not self._idle.is_set()

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:  # built on first use: most bots never need it at start
            self._pipeline = Pipeline.from_settings(self._settings.library)
        return self._pipeline

    def remember_language(self, user_id: int, lang: str) -> None:
        """Remember the language an admin talks in, for reports they did not ask for."""
        self._languages[user_id] = lang

    # -- lifecycle ----------------------------------------------------------------

    async def start(self, app: Application) -> None:
        """Start watching seeds/ (post_init), unless the watch setting is "off"."""
        mode = self._settings.watch
        if mode == "off" or self._task is not None:
            logger.info("drop zone: not watching %s (MUJAZ_WATCH=%s)", self.seeds_dir, mode)
            return
        logger.info(
            "drop zone: watching %s (mode %s, poll every %ss, stable after %ss)",
            self.seeds_dir,
            mode,
            self._settings.watch_interval,
            self._settings.watch_stable,
        )
        self._task = asyncio.create_task(self._watch(app), name="mujaz-drop-zone")

    async def stop(self, app: Application) -> None:
        """Stop watching (post_stop); a batch being ingested finishes and is reported first."""
        task, self._task = self._task, None
        if task is None:
            return
        try:
            await asyncio.wait_for(self._idle.wait(), STOP_GRACE_SECONDS)
        except TimeoutError:
            logger.warning("drop zone: stopping while a batch is still being ingested")
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        logger.info("drop zone: stopped watching %s", self.seeds_dir)

    async def _watch(self, app: Application) -> None:
        sweeper = asyncio.create_task(self._sweep(app), name="mujaz-claim-sweep")
        try:
            await self._watch_batches(app)
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper

    async def _sweep(self, app: Application) -> None:
        """Take over files whose claim expired: another instance died while ingesting them."""
        store = app.bot_data.store
        while True:
            await asyncio.sleep(CLAIM_SWEEP_SECONDS)
            try:
                names = store.take_expired_claims()
                if not names:
                    continue
                logger.info("drop zone: taking over expired claims on %s", ", ".join(names))
                present = {n for n in names if (self.seeds_dir / n).exists()}
                gone = tuple(sorted(set(names) - present))
                await self.process(app.bot, store, Batch(tuple(sorted(present)), gone))
            except StoreUnavailable:  # the watcher reports the outage; the next sweep tries again
                continue
            except Exception:  # a bug here must not end the sweeps for the bot's lifetime
                logger.exception("drop zone: the sweep of expired file claims failed")

    async def _watch_batches(self, app: Application) -> None:
        settings, failing = self._settings, False
        while True:
            try:
                async for batch in watch_batches(
                    self.seeds_dir,
                    mode=settings.watch,
                    interval=settings.watch_interval,
                    stable_for=settings.watch_stable,
                ):
                    await self.process(app.bot, app.bot_data.store, batch)
                    failing = False
            except asyncio.CancelledError:
                raise
            except StoreUnavailable as error:  # the restart's first batch is full: nothing lost
                if not failing:  # one line per outage, not one per retry
                    logger.warning("drop zone: %s; trying every file again until it is back", error)
                failing = True
                await asyncio.sleep(settings.watch_interval)
            except Exception:  # a bug here must not end live pickup for the bot's lifetime
                logger.exception("drop zone: the watcher failed; restarting it")
                await asyncio.sleep(settings.watch_interval)

    # -- one batch ----------------------------------------------------------------

    async def process(self, bot: Bot, store: BotStore, batch: Batch) -> list[IngestResult]:
        """Ingest a batch in the worker thread, log it, report it to the admins; return changes."""
        async with self._lock:
            self._idle.clear()
            try:
                # Shielded: a stop that cancels the watcher never abandons a half-told batch.
                work = asyncio.ensure_future(asyncio.to_thread(self._sync, batch))
                self._beat = asyncio.create_task(self._heartbeat(store, work))
                report = await asyncio.shield(work)
            finally:
                self._idle.set()
        if report.results:
            logger.info("drop zone: %s", describe(report.results))
            await self._tell_admins(bot, store, report)
        return list(report.results)

    async def _heartbeat(self, store: BotStore, work: asyncio.Future) -> None:
        """Renew this instance's file claims until work is done."""
        while not work.done():
            await asyncio.wait({work}, timeout=CLAIM_HEARTBEAT_SECONDS)
            if not work.done():
                with contextlib.suppress(Exception):  # the claims live CLAIM_TTL anyway
                    store.extend_claims()

    def _sync(self, batch: Batch) -> Report:
        """Run one batch on a store connection of this worker thread's own."""
        with BotStore.open(self._settings.library.db_path) as store:
            results = sync_batch(self.seeds_dir, store, self.pipeline, batch)
            served = (Outcome.NEW, Outcome.UPDATED)
            sources = {
                r.doc_id: store.briefing(r.doc_id).briefing.sources
                for r in results
                if r.outcome in served and r.doc_id is not None
            }
        return Report(tuple(results), sources)

    async def _tell_admins(self, bot: Bot, store: BotStore, report: Report) -> None:
        for admin in sorted(self._settings.admins):
            lang = store.user_language(admin) or self._languages.get(admin) or language_of(None)
            try:
                for part in admin_views.batch_report(report.results, report.sources, lang):
                    await bot.send_message(
                        admin, part, parse_mode=ParseMode.HTML, link_preview_options=_NO_PREVIEW
                    )
            except TelegramError as error:  # never started the bot, blocked it, ...
                logger.warning("drop zone: could not report to admin %s: %s", admin, error)


def describe(results: Sequence[IngestResult]) -> str:
    """Return every outcome of a batch on one log line, with file names and reasons."""
    items = []
    for r in results:
        item = f"{r.name} {r.outcome.value}"
        if r.doc_id is not None:
            item += f" #{r.doc_id}"
        if r.reason and r.outcome is not Outcome.WITHDRAWN:
            item += f" ({r.reason})"
        items.append(item)
    return f"{len(results)} file(s): " + "; ".join(items)


def attach(app: Application, pipeline: Pipeline | None = None) -> DropZone:
    """Give app a drop zone, started after post_init's other work and stopped in post_stop."""
    zone = DropZone(app.bot_data.settings, pipeline)
    app.bot_data.dropzone = zone
    app.post_init = _then(app.post_init, zone.start)
    app.post_stop = _then(app.post_stop, zone.stop)
    app.post_shutdown = _then(app.post_shutdown, zone.stop)  # if start() failed, stop never ran
    return zone


def _then(first: Hook | None, second: Hook) -> Hook:
    async def both(app: Application) -> None:
        if first is not None:
            await first(app)
        await second(app)

    return both


# -- uploads ------------------------------------------------------------------------


def safe_name(raw: str) -> str | None:
    """Return a file name safe to create in seeds/, or None if nothing usable is left.

    Only the last path component survives ("../../etc/passwd.txt" ->
    "passwd.txt", either slash); control and invisible format characters
    (bidi overrides that disguise a suffix) go; Windows-illegal characters
    become "_"; leading dots, "~", "$", "-" and spaces go (no hidden files,
    no lock-file look-alikes); letters of any script stay; the suffix stays.
    """
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf"))
    name = _UNSAFE.sub("_", name).lstrip(_LEADING).rstrip(". ")
    if not name:
        return None
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return name[:MAX_NAME_CHARS]
    if not stem.strip(" ._"):
        return None  # only a suffix: "(.txt" -> nothing to call it
    return stem[: MAX_NAME_CHARS - len(suffix) - 1].rstrip() + "." + suffix


def save_upload(seeds_dir: Path, name: str, data: bytes, *, overwrite: bool = False) -> str:
    """Write data into seeds_dir as name; return the name used.

    Written to a hidden temporary file first (the watcher ignores it), then
    moved into place in one step. Without ``overwrite`` an existing file is
    never replaced: the upload gets the first free "name (2).txt".
    """
    seeds_dir.mkdir(parents=True, exist_ok=True)
    temporary = seeds_dir / f".upload-{uuid.uuid4().hex}.part"
    temporary.write_bytes(data)
    try:
        if overwrite:
            os.replace(temporary, seeds_dir / name)
            return name
        for candidate in _candidates(name):
            try:
                os.link(temporary, seeds_dir / candidate)  # fails if it exists: no race
                return candidate
            except FileExistsError:
                continue
            except OSError:  # a filesystem without hard links (some shares)
                if not (seeds_dir / candidate).exists():
                    os.replace(temporary, seeds_dir / candidate)
                    return candidate
        raise FileExistsError(name)
    finally:
        temporary.unlink(missing_ok=True)


def _candidates(name: str, limit: int = 1000):
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    yield name
    for n in range(2, limit):
        yield f"{stem} ({n}){dot}{suffix}"
