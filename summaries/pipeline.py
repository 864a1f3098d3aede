"""Compose the stages and keep the store in step with seeds/.

``summarize`` is pure (a RawDocument in, a Briefing out); ``ingest`` is the
edge that reads files and writes the store, one transaction per file, so a
crash mid-batch leaves every document either as it was or fully replaced.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING

from summaries.clean import clean
from summaries.config import Settings
from summaries.describe import english_title
from summaries.digest.base import make_digest
from summaries.digest.registry import DEFAULT_DIGESTER, DIGESTERS
from summaries.duplicates import duplicate_reason, find_match, revision_reasons, sign_stored
from summaries.english import backend_name, english_side
from summaries.errors import NoArabicText, RejectedFile, UnknownDigester
from summaries.figures import extract_figures
from summaries.model import (
    Briefing,
    CleanText,
    Document,
    IngestResult,
    Outcome,
    RawDocument,
    Status,
    TitleOrigin,
    Topic,
)
from summaries.names import load_gazetteer
from summaries.read import READERS, read
from summaries.segment import segment
from summaries.similar import Verdict, document_words, signature, source_keys
from summaries.sources import SIDECAR_SUFFIX, find_sources, sidecar_path
from summaries.store import Store, utc_now
from summaries.store.claims import instance_name
from summaries.timeline import extract_timeline
from summaries.titles import is_stated_title
from summaries.topics import load_taxonomy, match_topics
from summaries.translate import load_translator
from summaries.words import has_arabic, normalize

if TYPE_CHECKING:
    from summaries.translate import Translator

logger = logging.getLogger(__name__)

# Bump when a stage's output changes, so stored briefings are recomputed.
# 2: the English side (names, English authors, translations) is stored.
# 3: every document has an Arabic and an English title, with its origin (issue 11).
# 4: figure labels say whose count (issue 12), figures in salience order.
# 5: the timeline of dated events (issue 12) is stored.
# 6: PDF lines with swapped pieces are read in order (summaries/unswap.py).
PIPELINE_REVISION = 6

# Fewer Arabic letters than this after cleaning is not an Arabic document
# (an English page with one Arabic name in it, say).
MIN_ARABIC_LETTERS = 40

# Files editors and downloads leave behind while writing; never documents.
# The reason of a file skipped because another instance is ingesting it (file claims).
CLAIMED_ELSEWHERE = "being ingested by another Mujaz instance"
_TEMPORARY_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp", ".swx", "~")


@dataclass(frozen=True, slots=True)
class Pipeline:
    """The stages' collaborators, chosen once: digester, taxonomy, translator (None: no model)."""

    digester: str = DEFAULT_DIGESTER
    taxonomy: tuple[Topic, ...] = ()
    max_bytes: int = 20_000_000
    translator: Translator | None = field(default=None, compare=False)

    @classmethod
    def build(
        cls,
        digester: str = DEFAULT_DIGESTER,
        taxonomy_path: Path | None = None,
        max_bytes: int = 20_000_000,
        translator: Translator | None = None,
    ) -> Pipeline:
        """Return a pipeline with the named digester and taxonomy file (packaged one by default).

        ``translator`` (from ``load_translator``, chosen once at start-up) makes
        the English digests; None gives every document its English side without one.
        """
        if digester not in DIGESTERS:
            raise UnknownDigester(
                f"unknown digester {digester!r}; choose one of: {', '.join(sorted(DIGESTERS))}"
            )
        taxonomy = load_taxonomy(taxonomy_path)
        return cls(digester, taxonomy, max_bytes, translator)

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        """Return the pipeline the settings describe, the translation model loaded once.

        Every ingest of one installation (start-up, the drop zone, ``mujaz
        ingest``) must use this same pipeline: its version decides what is
        re-ingested, so a pipeline built without the model would strip the
        translations of every document it touched.
        """
        translator = load_translator(settings)
        if translator is not None:
            logger.info("English digests by %s", backend_name(translator))
        return cls.build(
            settings.digester or DEFAULT_DIGESTER,
            settings.taxonomy_path,
            settings.max_bytes,
            translator=translator,
        )

    @property
    def version(self) -> str:
        """Return what stored briefings were made with; a new model re-ingests every document."""
        # The whole document is summarised again, not only re-translated: reading
        # and summarising take a fraction of a second, translating takes the time.
        english = backend_name(self.translator) if self.translator else "none"
        names = f"g{load_gazetteer().version}"  # an admin's new names reach every document
        return f"{package_version('mujaz')}+r{PIPELINE_REVISION}.{self.digester}.{names}.{english}"

    def summarize(
        self, raw: RawDocument, sidecar: Path | None = None
    ) -> tuple[CleanText, Briefing]:
        """Return the cleaned text and the briefing of one document."""
        text = clean(raw)
        if not has_arabic(text.text, MIN_ARABIC_LETTERS):
            raise NoArabicText(
                "no Arabic text found: Mujaz summarises Arabic documents "
                f"(fewer than {MIN_ARABIC_LETTERS} Arabic letters after cleaning)"
            )
        segmented = segment(text)
        briefing = Briefing(
            segmented=segmented,
            digest=make_digest(segmented, DIGESTERS[self.digester]()),
            figures=extract_figures(segmented.body),
            topics=match_topics(segmented.sentences, self.taxonomy),
            sources=find_sources(raw, text, segmented, sidecar),
        )
        stated = raw.title if is_stated_title(raw.title, raw.name) else None
        if not briefing.sources.title_en and _is_english(stated):
            # An English page title (og:title) of an Arabic article is its English title.
            page = TitleOrigin.PAGE
            sources = replace(briefing.sources, title_en=stated, title_en_origin=page)
            briefing = replace(briefing, sources=sources)
        english = english_side(briefing, self.translator)
        # The English title is stored as title_en, where every view looks for it; a
        # document without one is described in English (never left to its file name).
        title_en, origin = english_title(
            briefing.sources, english, raw.text, briefing.topics, self.taxonomy
        )
        sources = replace(briefing.sources, title_en=title_en, title_en_origin=origin)
        briefing = replace(briefing, sources=sources, english=replace(english, title=title_en))
        return text, replace(briefing, timeline=extract_timeline(briefing))


def _is_english(title: str | None) -> bool:
    return bool(title and re.search("[A-Za-z]", title) and not has_arabic(title))


def supported_suffixes() -> tuple[str, ...]:
    """Return the file suffixes a reader exists for (".txt", ".md", ...), sorted."""
    return tuple(sorted(READERS))


def is_document(path: Path) -> bool:
    """Tell whether a file in seeds/ is a candidate document (not hidden, temporary, sidecar)."""
    name = path.name
    return (
        path.is_file()
        and not name.startswith((".", "~$"))
        and not name.endswith(SIDECAR_SUFFIX)
        and not name.lower().endswith(_TEMPORARY_SUFFIXES)
    )


def ingest(
    seeds_dir: Path,
    store: Store,
    pipeline: Pipeline,
    *,
    now: Callable[[], datetime] = utc_now,
    owner: str | None = None,
) -> list[IngestResult]:
    """Bring the store in step with seeds/: new and changed files in, removed files withdrawn.

    owner names the instance in file claims (default: this process).
    """
    paths = sorted(p for p in seeds_dir.iterdir() if is_document(p)) if seeds_dir.is_dir() else []
    present = {p.name for p in paths}
    # Withdrawals first: a file renamed while Mujaz was down is then the same
    # article under a new name, not a duplicate of its own old name.
    gone = [
        d.name
        for d in store.documents(status=None)
        if d.name not in present and d.status is not Status.WITHDRAWN
    ]
    results = [r for name in gone if (r := withdraw_removed(store, name, now, owner)) is not None]
    sign_stored(store)  # documents stored before signatures existed are compared too
    results += [ingest_file(path, store, pipeline, now=now, owner=owner) for path in paths]
    if any(r.outcome in (Outcome.WITHDRAWN, Outcome.UPDATED) for r in results):
        again = {r.name: r for r in recheck_duplicates(seeds_dir, store, pipeline, (), now)}
        results = [again.get(r.name, r) for r in results]
    store.set_meta("last_ingest", now().isoformat(timespec="seconds"))
    return results


def recheck_duplicates(
    seeds_dir: Path,
    store: Store,
    pipeline: Pipeline,
    done: Iterable[str],
    now: Callable[[], datetime] = utc_now,
) -> list[IngestResult]:
    """Return the duplicates and replaced versions served again now that their match went away.

    A duplicate whose original was withdrawn or changed, and an older version
    whose update was withdrawn, are looked at again (oldest first, so the
    first to arrive becomes the original); files in ``done`` were just ingested.
    """
    done = set(done)
    waiting = store.documents(status=Status.DUPLICATE) + [
        d for d in store.documents(status=Status.SUPERSEDED) if store.successor(d.id) is None
    ]
    results = []
    for document in sorted(waiting, key=lambda d: d.id):
        path = seeds_dir / document.name
        if document.name in done or not is_document(path):
            continue
        result = ingest_file(path, store, pipeline, now=now, force=True)
        if result.outcome is not Outcome.DUPLICATE:
            results.append(result)
    return results


def ingest_file(
    path: Path,
    store: Store,
    pipeline: Pipeline,
    *,
    now: Callable[[], datetime] = utc_now,
    force: bool = False,
    owner: str | None = None,
) -> IngestResult:
    """Ingest one file; a bad file is recorded as rejected with its reason, never raised.

    An unchanged file is skipped unless ``force`` (a duplicate whose original
    went away must be looked at again although its own bytes did not change).
    Instances sharing a database claim the file's version first (file claims):
    one that another instance is ingesting is skipped, as UNCHANGED.
    """
    name, owner = path.name, owner or instance_name()
    existing = store.document_by_name(name)
    size = path.stat().st_size
    sidecar = sidecar_path(path)
    content_hash = _content_hash(path, sidecar, size, pipeline.max_bytes)
    if existing is not None and _unchanged(existing, content_hash, store, pipeline, force):
        return IngestResult(name, Outcome.UNCHANGED, existing.id, existing.reason)
    if not store.claim_file(name, content_hash, owner=owner):
        logger.info("ingest: %s is being ingested by another instance", name)
        return IngestResult(name, Outcome.UNCHANGED, existing and existing.id, CLAIMED_ELSEWHERE)
    try:
        # Read again under the claim: another instance may have just stored this version.
        existing = store.document_by_name(name)
        if existing is not None and _unchanged(existing, content_hash, store, pipeline, force):
            return IngestResult(name, Outcome.UNCHANGED, existing.id, existing.reason)
        return _ingest_claimed(path, store, pipeline, existing, content_hash, size, now)
    finally:
        store.release_file(name, content_hash, owner=owner)


def _ingest_claimed(
    path: Path,
    store: Store,
    pipeline: Pipeline,
    existing: Document | None,
    content_hash: str,
    size: int,
    now: Callable[[], datetime],
) -> IngestResult:
    name, sidecar = path.name, sidecar_path(path)
    common = dict(
        content_hash=content_hash, size=size, pipeline_version=pipeline.version, now=now()
    )
    try:
        raw = read(path, max_bytes=pipeline.max_bytes)
        text, briefing = pipeline.summarize(raw, sidecar if sidecar.exists() else None)
    except RejectedFile as error:
        document = store.mark(name, Status.REJECTED, reason=error.reason, **common)
        logger.warning("ingest: %s rejected: %s", name, error.reason)
        return IngestResult(name, Outcome.REJECTED, document.id, error.reason)
    except Exception as error:  # a bug in a stage must not stop the batch
        logger.exception("ingest: %s failed", name)
        reason = f"internal error while summarising ({type(error).__name__}); see the log"
        document = store.mark(name, Status.REJECTED, reason=reason, **common)
        return IngestResult(name, Outcome.REJECTED, document.id, reason)
    text_hash = hashlib.sha256(normalize(text.text).encode("utf-8")).hexdigest()
    sig = signature(document_words(briefing.segmented))
    match = None
    if (original := store.duplicate_of(text_hash, name)) is not None:
        reason = f"same article as document {original.id} ({original.name}), 100% similar"
    else:
        # A served document looked at again meets only those that came before it.
        served = existing is not None and existing.status is Status.OK
        before = existing.id if served else None
        match = find_match(store, name, sig, briefing.segmented, briefing.sources, before=before)
        copy = match is not None and match.verdict is Verdict.DUPLICATE
        reason = duplicate_reason(store, match) if copy else None
    if reason is not None:
        document = store.mark(name, Status.DUPLICATE, reason=reason, **common)
        logger.info("ingest: %s is a duplicate: %s", name, reason)
        return IngestResult(name, Outcome.DUPLICATE, document.id, reason)
    outcome = Outcome.UPDATED if existing and existing.status is Status.OK else Outcome.NEW
    with store.transaction():
        document = store.save_briefing(name, text_hash=text_hash, briefing=briefing, **common)
        store.save_signature(document.id, sig, source_keys(briefing.sources))
        if match is not None:  # an updated version of a served article replaces it
            reason, older_reason = revision_reasons(match, document)
            store.supersede(match.document.id, by=document.id, reason=older_reason)
            outcome = Outcome.UPDATED
    logger.info("ingest: %s %s as document %s %s", name, outcome.value, document.id, reason or "")
    return IngestResult(name, outcome, document.id, reason)


def withdraw_removed(
    store: Store, name: str, now: Callable[[], datetime] = utc_now, owner: str | None = None
) -> IngestResult | None:
    """Withdraw the document of a file removed from seeds/; None if there is none to withdraw.

    Claimed like an ingest, so of several instances exactly one withdraws it.
    """
    document = store.document_by_name(name)
    if document is None or document.status is Status.WITHDRAWN:
        return None
    owner, version = owner or instance_name(), f"gone:{document.content_hash}"
    if not store.claim_file(name, version, owner=owner):
        return None
    try:
        document = store.document_by_name(name)  # read again under the claim
        if document is None or document.status is Status.WITHDRAWN:
            return None
        store.withdraw(name, now=now())
    finally:
        store.release_file(name, version, owner=owner)
    logger.info("ingest: %s withdrawn (file removed from seeds/)", name)
    return IngestResult(name, Outcome.WITHDRAWN, document.id, "file removed from seeds/")


def _unchanged(
    existing: Document, content_hash: str, store: Store, pipeline: Pipeline, force: bool
) -> bool:
    if existing.content_hash != content_hash:
        return False
    if existing.status is Status.SUPERSEDED:
        # An older version stays replaced while its update is served, whatever
        # else changed (looked at again, it would "update" its own update), and
        # is looked at again as soon as its update is not.
        return store.successor(existing.id) is not None
    return (
        not force
        and existing.pipeline_version == pipeline.version
        and existing.status is not Status.WITHDRAWN
    )


def _content_hash(path: Path, sidecar: Path, size: int, max_bytes: int) -> str:
    # An oversized file is not read at all: its size and mtime stand for its content.
    if size > max_bytes:
        return f"size:{size}:mtime:{path.stat().st_mtime_ns}"
    digest = hashlib.sha256(path.read_bytes())
    if sidecar.exists():
        digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    return digest.hexdigest()


def summarize_paths(paths: Sequence[Path], pipeline: Pipeline) -> list[Briefing]:
    """Return the briefings of files without touching a store (bench, experiments)."""
    return [pipeline.summarize(read(p, max_bytes=pipeline.max_bytes), None)[1] for p in paths]
