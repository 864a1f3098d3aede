"""Ranked full-text search over served documents (SQLite FTS5, see ``fts.py``).

``search`` ranks sentences by bm25 over their normalised Arabic words, ISRI
stems and English translation (for a very common word, its RANK_WINDOW newest
matches: see fts.py); English words that no sentence holds find the
sentences naming a person, organisation or place of that name. The index is
kept in step by ``_index_document``, which every write that changes what a
document serves calls inside its transaction (save, mark, withdraw); a
deleted ``documents`` row takes its index rows along (a trigger).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from summaries.model import Passage, Status
from summaries.store.english import EnglishQueries
from summaries.store.fts import (
    RANK_WINDOW,
    ROW_SHIFT,
    SENTENCE_WEIGHTS,
    key_range,
    name_match,
    sentence_match,
)
from summaries.store.rows import passage_from_row
from summaries.words import has_arabic, tokens

_WEIGHTS = ", ".join(str(w) for w in SENTENCE_WEIGHTS)
ROW_MASK = (1 << ROW_SHIFT) - 1
# Names ranked per round before their sentences are read: a name row gives at
# least one sentence, so the first round nearly always fills the answer.
NAMES_PER_ROUND = 4


class SearchQueries(EnglishQueries):
    """Search served documents, and keep their search index in step."""

    def search(self, query: str, *, limit: int = 10) -> list[Passage]:
        """Return the sentences holding every word of query, best match (bm25) first.

        A word matches a sentence's Arabic-normalised words (or their stems)
        or, where a model translated it, its English. Failing that, English
        words find the sentences naming a person, organisation or place whose
        English name holds them all.
        """
        words = tokens(query)
        if not words:
            return []
        expression = sentence_match(words)
        rows = self._db.execute(
            f"""WITH hits AS (
                   SELECT rowid AS key, bm25(sentence_search, {_WEIGHTS}) AS score
                   FROM sentence_search WHERE sentence_search MATCH ? AND rowid >= ?
                   ORDER BY score, key DESC LIMIT ?)
                SELECT h.score, s.sid, s.paragraph, s.kind, s.text,
                       s.english AS sentence_english, d.*
                FROM hits h JOIN sentences s
                  ON s.doc_id = h.key >> {ROW_SHIFT} AND s.position = h.key & {ROW_MASK}
                JOIN documents d ON d.id = s.doc_id
                WHERE d.status = ? ORDER BY h.score, h.key DESC""",
            (expression, self._window("sentence_search", expression), limit, Status.OK.value),
        )
        found = [passage_from_row(r, -r["score"]) for r in rows]
        if found or any(has_arabic(w) for w in words):
            return found
        # "Kadhimi" is in no Arabic sentence: the sentences that name him, then.
        return self._named_passages(words, limit)

    def _window(self, table: str, expression: str) -> int:
        """Return the lowest rowid of the RANK_WINDOW newest rows matching (0: rank them all)."""
        row = self._db.execute(
            f"SELECT rowid AS key FROM {table} WHERE {table} MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (expression, RANK_WINDOW - 1),
        ).fetchone()
        return row["key"] if row else 0

    def _named_passages(self, words: Sequence[str], limit: int) -> list[Passage]:
        """Return the sentences naming someone or something whose English name holds every word."""
        expression, cap = name_match(words), limit * NAMES_PER_ROUND
        floor = self._window("name_search", expression)
        while True:
            names = self._db.execute(
                """SELECT rowid AS key, bm25(name_search) AS score FROM name_search
                   WHERE name_search MATCH ? AND rowid >= ? ORDER BY score, key DESC LIMIT ?""",
                (expression, floor, cap),
            ).fetchall()
            found = self._sentences_of_names([(r["key"], r["score"]) for r in names], limit)
            if len(found) >= limit or len(names) < cap:
                return found
            cap *= 4

    def _sentences_of_names(self, names: list[tuple[int, float]], limit: int) -> list[Passage]:
        rows = self._db.execute(
            f"""WITH hits AS (
                   SELECT json_extract(k.value, '$[0]') AS key,
                          json_extract(k.value, '$[1]') AS score, k.key AS rank
                   FROM json_each(?) k)
                SELECT MIN(h.rank) AS rank, h.score, s.sid, s.paragraph, s.kind, s.text,
                       s.english AS sentence_english, d.*
                FROM hits h JOIN doc_names n
                  ON n.doc_id = h.key >> {ROW_SHIFT} AND n.position = h.key & {ROW_MASK}
                JOIN json_each(n.sentence_ids) j
                JOIN sentences s ON s.doc_id = n.doc_id AND s.sid = j.value
                JOIN documents d ON d.id = n.doc_id
                WHERE d.status = ?
                GROUP BY s.doc_id, s.sid ORDER BY rank, s.position LIMIT ?""",
            (json.dumps(names), Status.OK.value, limit),
        )
        return [passage_from_row(r, -r["score"]) for r in rows]

    def _index_document(self, doc_id: int) -> None:
        """Replace one document's rows in the search index: its sentences and names if served."""
        if self._db.postgres: return  # noqa: E701  PG stopgap until pg-search lands: DROP  # fmt: skip
        first, last = key_range(doc_id)
        for table in ("sentence_search", "name_search"):
            self._db.execute(f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", (first, last))
        served = self._db.execute(
            "SELECT 1 FROM documents WHERE id = ? AND status = ?", (doc_id, Status.OK.value)
        ).fetchone()
        if served is None:
            return
        self._db.execute(
            f"""INSERT INTO sentence_search (rowid, norm, stems, english)
                SELECT (doc_id << {ROW_SHIFT}) + position, norm, mujaz_stems(norm), english
                FROM sentences WHERE doc_id = ?""",
            (doc_id,),
        )
        self._db.execute(
            f"""INSERT INTO name_search (rowid, english)
                SELECT (doc_id << {ROW_SHIFT}) + position, english FROM doc_names WHERE doc_id = ?""",
            (doc_id,),
        )
