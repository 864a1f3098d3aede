"""Briefings to share (inline mode, issue 11): served documents with the start of their digest.

``cards(query)`` finds what /search finds, by document, through the same
index (``fts.py``: FTS5 on SQLite, tsvector on PostgreSQL): a served document matches when one of its
sentences holds every content word of the query (Arabic words as written
after normalisation or by their ISRI stem, other words as prefixes of the
normalised words or of the English translation: ``fts.sentence_match``,
``tsvector.sentence_query``), or, for a query without Arabic, when the
English form of one name it names holds every word (``fts.name_match``: "Kadhimi" finds the documents naming
«الكاظمي» even without a translation model) or its English title does.

Matches come newest first, like the briefing list and the blank query (every
served document), not by bm25: inline mode is for sharing a briefing into a
chat, where the latest one on a subject is what is wanted, and a document's
order then does not move as the user types another letter. Each card
carries what was stored at ingest (digest sentences and their translations,
topics, top names), read in four statements whatever the page size: nothing
is computed while the user types.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy.engine import RowMapping

from summaries.errors import UnknownDocument
from summaries.model import Card, Kind, Name, Sentence, Status
from summaries.store.base import StoreBase
from summaries.store.rows import document_from_row, sources_from_row
from summaries.store.search import search_index
from summaries.words import has_arabic, tokens

# Names carried per card (an English card lists "Named: ..."), most named first.
NAMES_PER_CARD = 5
_NEWEST_FIRST = "ORDER BY COALESCE(d.date, '') DESC, d.id DESC"


class CardReads(StoreBase):
    """Read the briefings inline mode offers."""

    def cards(self, query: str = "", *, offset: int = 0, limit: int = 50) -> list[Card]:
        """Return one page of the served documents matching query (all when blank), newest first."""
        offset, limit = max(offset, 0), max(limit, 0)
        words = tokens(query)
        if words:
            hits, params = self._matching(words)
            sql = (
                f"WITH hits(doc_id) AS ({hits}) "
                "SELECT d.id FROM hits h JOIN documents d ON d.id = h.doc_id"
            )
        else:
            sql, params = "SELECT d.id FROM documents d", []
        # ids first, then their rows: sorting whole rows costs five times more
        ids = [
            r["id"]
            for r in self._db.execute(
                f"{sql} WHERE d.status = ? {_NEWEST_FIRST} LIMIT ? OFFSET ?",
                (*params, Status.OK.value, limit, offset),
            )
        ]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(f"SELECT * FROM documents WHERE id IN ({marks})", ids)
        by_id = {r["id"]: r for r in rows}
        return self._cards([by_id[i] for i in ids])

    def card(self, doc_id: int) -> Card:
        """Return the card of one served document; UnknownDocument when it is not served."""
        row = self._db.execute(
            "SELECT * FROM documents WHERE id = ? AND status = ?", (doc_id, Status.OK.value)
        ).fetchone()
        if row is None:
            raise UnknownDocument(
                f"no document {doc_id}: see the list with `mujaz show` or /digest"
            )
        return self._cards([row])[0]

    def _matching(self, words: Sequence[str]) -> tuple[str, list[str]]:
        """Return a SELECT of the ids of the documents matching words, and its parameters.

        The index holds served documents only; the caller still checks the status.
        """
        index = search_index(self._db)
        hits, params = index.sentence_documents(words)
        if any(has_arabic(w) for w in words):
            return hits, params
        names, name_params = index.name_documents(words)
        in_title = " AND ".join("LOWER(COALESCE(title_en, '')) LIKE ?" for _ in words)
        titles = f"SELECT id FROM documents WHERE {in_title}"
        params += [*name_params, *(f"%{w.lower()}%" for w in words)]
        return f"{hits} UNION {names} UNION {titles}", params

    def _digests(self, rows: Sequence[RowMapping]) -> dict[int, list[tuple[Sentence, str | None]]]:
        """Return each document's digest sentences, in digest order, with their translations."""
        order = {r["id"]: json.loads(r["digest_ids"]) for r in rows}
        sids = sorted({sid for ids in order.values() for sid in ids})
        found: dict[tuple[int, str], tuple[Sentence, str | None]] = {}
        if sids:
            docs, marks = ", ".join("?" for _ in order), ", ".join("?" for _ in sids)
            for r in self._db.execute(
                "SELECT doc_id, sid, paragraph, kind, text, english FROM sentences "
                f"WHERE doc_id IN ({docs}) AND sid IN ({marks})",
                [*order, *sids],
            ):
                sentence = Sentence(r["sid"], r["text"], r["paragraph"], Kind(r["kind"]))
                found[(r["doc_id"], r["sid"])] = (sentence, r["english"])
        return {
            doc_id: [found[(doc_id, sid)] for sid in ids if (doc_id, sid) in found]
            for doc_id, ids in order.items()
        }

    def _cards(self, rows: Sequence[RowMapping]) -> list[Card]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" for _ in ids)
        digests = self._digests(rows)
        topics: dict[int, list[str]] = {i: [] for i in ids}
        for r in self._db.execute(
            f"SELECT doc_id, topic_id FROM doc_topics WHERE doc_id IN ({marks}) "
            "ORDER BY doc_id, score DESC, topic_id",
            ids,
        ):
            topics[r["doc_id"]].append(r["topic_id"])
        names: dict[int, list[Name]] = {i: [] for i in ids}
        for r in self._db.execute(
            "SELECT doc_id, arabic, english, kind, count, source FROM doc_names "
            f"WHERE doc_id IN ({marks}) AND position < ? ORDER BY doc_id, position",
            (*ids, NAMES_PER_CARD),
        ):
            names[r["doc_id"]].append(
                Name(r["arabic"], r["english"], r["kind"], r["count"], r["source"])
            )
        return [_card(row, digests[row["id"]], topics[row["id"]], names[row["id"]]) for row in rows]


def _card(
    row: RowMapping,
    digest: Sequence[tuple[Sentence, str | None]],
    topics: Sequence[str],
    names: Sequence[Name],
) -> Card:
    english: tuple[str, ...] = ()
    if row["english_translated"] and all(e for _, e in digest):
        english = tuple(e for _, e in digest if e)
    return Card(
        document=document_from_row(row),
        sources=sources_from_row(row),
        digest=tuple(s for s, _ in digest),
        english=english,
        topics=tuple(topics),
        names=tuple(names),
    )
