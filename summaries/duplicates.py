"""Which stored document a new text repeats or updates: ``summaries.similar`` against the store.

``find_match`` looks a new text's signature up in the store's LSH buckets,
ranks the candidates by estimated similarity and returns the first one
``similar.verdict`` calls a duplicate or a revision. ``sign_stored`` gives
documents stored before signatures existed (an upgraded store) theirs, from
their stored sentences, so they are found like any other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from summaries.model import Document, Segmented, Sources, Status
from summaries.similar import (
    DUPLICATE_SIMILARITY,
    RELATED_SIMILARITY,
    Resemblance,
    Signature,
    Verdict,
    novel_words,
    resemblances,
    same_source,
    signature,
    source_keys,
    stored_words,
    verdict,
)
from summaries.store import Store
from summaries.words import tokens

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Match:
    """A stored document a new text repeats (DUPLICATE) or updates (REVISION)."""

    document: Document
    found: Resemblance
    verdict: Verdict


def find_match(
    store: Store,
    name: str,
    sig: Signature,
    segmented: Segmented,
    sources: Sources,
    *,
    before: int | None = None,
) -> Match | None:
    """Return the stored document the text of file ``name`` repeats or updates, if any.

    ``before``: only documents with a smaller id count (a served document
    looked at again is compared with the ones that came before it).
    """
    found = store.signature_candidates(sig, source_keys(sources), exclude_name=name)
    close = [
        (found[i][0], res)
        for i, res in resemblances(sig, [other for _, other in found], RELATED_SIMILARITY)
        if before is None or found[i][0] < before
    ]
    records = store.documents_by_id([doc_id for doc_id, _ in close]) if close else {}
    candidates = sorted(
        ((records[doc_id], res) for doc_id, res in close),
        key=lambda pair: (-pair[1].similarity, pair[0].id),
    )
    new: list[str] | None = None  # the new text's sentences, made when a title matches
    for document, res in candidates:
        same = same_source(sources, store.document_sources(document.id))
        novel = 0
        if same:
            new = new or [" ".join(tokens(s.text)) for s in segmented.body or segmented.sentences]
            novel = novel_words(new, _body(store.sentence_norms(document.id)))
        served = document.status is Status.OK
        judged = verdict(res, same_source=same, novel=novel, served=served)
        if judged is not None:
            return Match(document, res, judged)
    return None


def _body(rows: list[tuple[str, str]]) -> list[str]:
    body = [norm for kind, norm in rows if kind == "body"]
    return body or [norm for _, norm in rows]


def sign_stored(store: Store) -> int:
    """Sign the served and superseded documents that have no current signature; return how many."""
    ids = store.unsigned_documents()
    for doc_id in ids:
        sig = signature(stored_words(store.sentence_norms(doc_id)))
        store.save_signature(doc_id, sig, source_keys(store.document_sources(doc_id)))
    if ids:
        logger.info("near duplicates: signed %s stored document(s)", len(ids))
    return len(ids)


def similarity_words(found: Resemblance) -> str:
    """Return "94% similar", with the contained share when that is what made it a duplicate."""
    words = f"{found.percent}% similar"
    if found.similarity < DUPLICATE_SIMILARITY:
        words += f", {int(found.containment * 100 + 1e-9)}% of the shorter text in the other"
    return words


def duplicate_reason(store: Store, match: Match) -> str:
    """Return what an admin reads about a duplicate: which document, how similar."""
    original = match.document
    reason = f"same article as document {original.id} ({original.name}), "
    reason += similarity_words(match.found)
    if original.status is Status.SUPERSEDED and (newer := store.successor(original.id)):
        reason += f"; an older version, replaced by document {newer.id} ({newer.name})"
    return reason


def revision_reasons(match: Match, newer: Document) -> tuple[str, str]:
    """Return the reasons of an update and of the older document it replaces."""
    older = match.document
    similar = f"{match.found.percent}% similar"
    return (
        f"updated version of document {older.id} ({older.name}), {similar}: replaces it",
        f"replaced by its updated version, document {newer.id} ({newer.name}), {similar}",
    )
