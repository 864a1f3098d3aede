"""Briefings to share (inline mode, issue 11): served documents with the start of their digest.

``cards(query)`` finds what /search finds, by document: a served document
matches when one of its sentences holds every word of the query (Arabic
normalised, or in its English translation: ``briefings.sentence_match``),
or, for a query without Arabic, when its English title or the English form
of one name it names holds every word ("Kadhimi" finds the documents naming
«الكاظمي» even without a translation model). An empty query offers every
served document. Both come newest first, like the briefing list. Each card
carries what was stored at ingest (digest sentences and their translations,
topics, top names), read in four statements whatever the page size: nothing
is computed while the user types.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from summaries.errors import UnknownDocument
from summaries.model import Card, Kind, Name, Sentence, Status
from summaries.store.base import StoreBase
from summaries.store.briefings import sentence_match
from summaries.store.rows import document_from_row, sources_from_row
from summaries.words import has_arabic, tokens

# Names carried per card (an English card lists "Named: ..."), most named first.
NAMES_PER_CARD = 5
# Matching documents are looked for among this many newest ones first, then 4x more
# each time, up to LAST_CHUNK ids a statement (well under SQLite's 32,766 variables).
FIRST_CHUNK = 64
LAST_CHUNK = 4096
_NEWEST_FIRST = "ORDER BY COALESCE(d.date, '') DESC, d.id DESC"


class CardReads(StoreBase):
    """Read the briefings inline mode offers."""

    def cards(self, query: str = "", *, offset: int = 0, limit: int = 50) -> list[Card]:
        """Return one page of the served documents matching query (all when blank), newest first."""
        offset, limit = max(offset, 0), max(limit, 0)
        words = tokens(query)
        if words:
            ids = self._matching_ids(words, offset + limit)[offset:]
        else:  # ids first: sorting whole rows costs five times more
            ids = [
                r["id"]
                for r in self._db.execute(
                    f"SELECT d.id FROM documents d WHERE d.status = ? {_NEWEST_FIRST} "
                    "LIMIT ? OFFSET ?",
                    (Status.OK.value, limit, offset),
                )
            ]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(f"SELECT * FROM documents WHERE id IN ({marks})", ids)
        by_id = {r["id"]: r for r in rows}
        return self._cards([by_id[i] for i in ids])

    def _matching_ids(self, words: Sequence[str], wanted: int) -> list[int]:
        """Return the first ``wanted`` matching document ids, newest first.

        The documents are tested newest first in growing chunks, so a common
        word stops after the first few chunks instead of testing every
        sentence of the store; a word found nowhere still reads them all once.
        """
        condition, params = _matching(words)
        order = [
            r["id"]
            for r in self._db.execute(
                f"SELECT d.id FROM documents d WHERE d.status = ? {_NEWEST_FIRST}",
                (Status.OK.value,),
            )
        ]
        found: list[int] = []
        start, size = 0, FIRST_CHUNK
        while start < len(order) and len(found) < wanted:
            chunk = order[start : start + size]
            marks = ", ".join("?" for _ in chunk)
            hits = {
                r["id"]
                for r in self._db.execute(
                    f"SELECT d.id FROM documents d WHERE d.id IN ({marks}) AND {condition}",
                    (*chunk, *params),
                )
            }
            found += [i for i in chunk if i in hits]
            start, size = start + size, min(size * 4, LAST_CHUNK)
        return found[:wanted]

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

    def _cards(self, rows: Sequence[sqlite3.Row]) -> list[Card]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" for _ in ids)
        digests: dict[int, list[tuple[Sentence, str | None]]] = {i: [] for i in ids}
        for r in self._db.execute(
            f"""SELECT s.doc_id, s.sid, s.paragraph, s.kind, s.text, s.english
                FROM documents d JOIN json_each(d.digest_ids) j
                JOIN sentences s ON s.doc_id = d.id AND s.sid = j.value
                WHERE d.id IN ({marks}) ORDER BY s.doc_id, j.key""",
            ids,
        ):
            sentence = Sentence(r["sid"], r["text"], r["paragraph"], Kind(r["kind"]))
            digests[r["doc_id"]].append((sentence, r["english"]))
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
    row: sqlite3.Row,
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


def _matching(words: Sequence[str]) -> tuple[str, list[str]]:
    """Return the SQL condition on documents ``d`` a card must meet, and its parameters."""
    clause, params = sentence_match(words)
    condition = f"EXISTS (SELECT 1 FROM sentences s WHERE s.doc_id = d.id AND {clause})"
    if any(has_arabic(w) for w in words):
        return condition, params
    latin = [f"%{w.lower()}%" for w in words]
    in_title = " AND ".join("LOWER(COALESCE(d.title_en, '')) LIKE ?" for _ in words)
    in_name = " AND ".join("LOWER(n.english) LIKE ?" for _ in words)
    condition += (
        f" OR ({in_title})"
        f" OR EXISTS (SELECT 1 FROM doc_names n WHERE n.doc_id = d.id AND {in_name})"
    )
    return f"({condition})", [*params, *latin, *latin]
