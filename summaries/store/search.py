"""Ranked full-text search over served documents, on SQLite FTS5 or PostgreSQL (see ``fts.py``).

``search`` ranks sentences over their normalised Arabic words, ISRI stems
and English translation (bm25 on SQLite, ts_rank on PostgreSQL; for a very
common word, its RANK_WINDOW newest matches: see fts.py); English words that
no sentence holds find the sentences naming a person, organisation or place
of that name. The index is kept in step by ``_index_document``, which every
write that changes what a document serves calls inside its transaction
(save, mark, withdraw); a deleted ``documents`` row takes its index rows
along (a trigger on SQLite, ON DELETE CASCADE on PostgreSQL).

The engine's index (``search_index``) gives only the SELECT of the matching
rows and their scores, and writes one document's rows; what is indexed and
how a hit becomes a Passage is written here once for both engines.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from db.database import Database
from summaries.model import Passage, Status
from summaries.store.english import EnglishQueries
from summaries.store.fts import RANK_WINDOW, Fts5Index
from summaries.store.rows import passage_from_row
from summaries.store.tsvector import TsvectorIndex
from summaries.words import has_arabic, tokens

# Names ranked per round before their sentences are read: a name row gives at
# least one sentence, so the first round nearly always fills the answer.
NAMES_PER_ROUND = 4
_PASSAGE = "s.sid, s.paragraph, s.kind, s.text, s.english AS sentence_english, d.*"


def search_index(database: Database) -> Fts5Index | TsvectorIndex:
    """Return the search index of the database's engine."""
    return TsvectorIndex(database) if database.postgres else Fts5Index(database)


class SearchQueries(EnglishQueries):
    """Search served documents, and keep their search index in step."""

    def search(self, query: str, *, limit: int = 10) -> list[Passage]:
        """Return the sentences holding every word of query, best match first.

        A word matches a sentence's Arabic-normalised words (or their stems)
        or, where a model translated it, its English. Failing that, English
        words find the sentences naming a person, organisation or place whose
        English name holds them all.
        """
        words = tokens(query)
        if not words:
            return []
        hits, params = search_index(self._db).ranked_sentences(words, RANK_WINDOW, limit)
        rows = self._db.execute(
            f"""WITH hits AS ({hits})
                SELECT h.score, {_PASSAGE}
                FROM hits h JOIN sentences s ON s.doc_id = h.doc_id AND s.position = h.position
                JOIN documents d ON d.id = s.doc_id
                WHERE d.status = ? ORDER BY h.score, h.key DESC""",
            (*params, Status.OK.value),
        )
        found = [passage_from_row(r, -r["score"]) for r in rows]
        if found or any(has_arabic(w) for w in words):
            return found
        # "Kadhimi" is in no Arabic sentence: the sentences that name him, then.
        return self._named_passages(words, limit)

    def _named_passages(self, words: Sequence[str], limit: int) -> list[Passage]:
        """Return the sentences naming someone or something whose English name holds every word."""
        cap = limit * NAMES_PER_ROUND
        while True:
            sql, params = search_index(self._db).ranked_names(words, RANK_WINDOW, cap)
            names = self._db.execute(sql, params).fetchall()
            found = self._sentences_of_names(
                [(r["doc_id"], r["position"], r["score"]) for r in names], limit
            )
            if len(found) >= limit or len(names) < cap:
                return found
            cap *= 4

    def _sentences_of_names(self, names: list[tuple[int, int, float]], limit: int) -> list[Passage]:
        """Return the served sentences the names are named in: best name first, then in order."""
        if not names:
            return []
        named = {
            (r["doc_id"], r["position"]): json.loads(r["sentence_ids"])
            for r in self._by_key(
                "SELECT doc_id, position, sentence_ids FROM doc_names",
                ("doc_id", "position"),
                [(doc_id, position) for doc_id, position, _ in names],
            )
        }
        wanted: dict[tuple[int, str], tuple[int, float]] = {}  # sentence -> name's rank, score
        for rank, (doc_id, position, score) in enumerate(names):
            if len(wanted) >= limit:
                break  # the sentences of better names fill the answer
            for sid in named.get((doc_id, position), ()):
                wanted.setdefault((doc_id, sid), (rank, score))
        if not wanted:
            return []
        rows = self._by_key(
            f"""SELECT s.doc_id, s.position, {_PASSAGE}
                FROM sentences s JOIN documents d ON d.id = s.doc_id AND d.status = ?""",
            ("s.doc_id", "s.sid"),
            list(wanted),
            [Status.OK.value],
        )
        rows.sort(key=lambda r: (wanted[(r["id"], r["sid"])][0], r["position"]))
        return [passage_from_row(r, -wanted[(r["id"], r["sid"])][1]) for r in rows[:limit]]

    def _by_key(
        self, select: str, columns: tuple[str, str], keys: list[tuple], params: Sequence = ()
    ) -> list:
        """Return the rows of select whose two key columns are one of keys.

        ``a IN (...) AND b IN (...)`` walks the primary key on both engines
        (SQLite scans the whole table for ``(a, b) IN (VALUES ...)``); the few
        extra pairs it also matches are dropped here.
        """
        firsts, seconds = sorted({k[0] for k in keys}), sorted({k[1] for k in keys})
        marks = ", ".join("?" for _ in firsts), ", ".join("?" for _ in seconds)
        rows = self._db.execute(
            f"{select} WHERE {columns[0]} IN ({marks[0]}) AND {columns[1]} IN ({marks[1]})",
            [*params, *firsts, *seconds],
        ).fetchall()
        wanted = set(keys)
        names = [c.split(".")[-1] for c in columns]
        return [r for r in rows if (r[names[0]], r[names[1]]) in wanted]

    def _index_document(self, doc_id: int) -> None:
        """Replace one document's rows in the search index: its sentences and names if served."""
        index = search_index(self._db)
        index.drop(doc_id)
        served = self._db.execute(
            "SELECT 1 FROM documents WHERE id = ? AND status = ?", (doc_id, Status.OK.value)
        ).fetchone()
        if served is None:
            return
        sentences = [
            (r["position"], r["norm"], r["english"])
            for r in self._db.execute(
                "SELECT position, norm, english FROM sentences WHERE doc_id = ?", (doc_id,)
            )
        ]
        names = [
            (r["position"], r["english"])
            for r in self._db.execute(
                "SELECT position, english FROM doc_names WHERE doc_id = ?", (doc_id,)
            )
        ]
        index.add(doc_id, sentences, names)
