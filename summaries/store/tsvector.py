"""PostgreSQL's search index: tsvector literals and tsqueries of the words FTS5 gets on SQLite.

``fts.py`` describes the index on both engines. Here each sentence becomes
one tsvector: its normalised words (weight A), their ISRI stems (B) and its
English words (C), worked out in Python with ``summaries.words`` and written
as a literal, so the server's parser, dictionaries and locale never change a
word. A query word is restricted to the weights SQLite restricts it to
columns (``fts.sentence_match``), and ts_rank weighs them as bm25 weighs the
columns (``SENTENCE_WEIGHTS``).
"""

from __future__ import annotations

from collections.abc import Sequence

from db.database import Database
from summaries.store.fts import (
    ROW_SHIFT,
    SENTENCE_WEIGHTS,
    NameRow,
    SentenceRow,
    content_words,
    prefixed,
)
from summaries.words import has_arabic, stem, stems, tokens

# PostgreSQL refuses a lexeme of 2 KB or more and a position past 16,383, and
# keeps 256 positions per lexeme. Longer words are cut to this many characters
# (at most 2,000 bytes of UTF-8) in the index and in queries alike.
LEXEME_CHARS = 500
LAST_POSITION = 16383
POSITIONS_PER_LEXEME = 256
# Each row also holds the lexeme of its document's bucket (doc_id >> BUCKET_SHIFT:
# 256 documents a bucket), so "the RANK_WINDOW newest matches" of a common word
# reads only the newest buckets' matches: the newest bucket, else the newest 4,
# 16, 64, else all. A search reads about as many rows as it ranks (bench/).
BUCKET_SHIFT = 8
BUCKET_STEPS = (1, 4, 16, 64)


def sentence_query(words: Sequence[str]) -> str:
    """Return the tsquery a sentence must match: sentence_match's, with weights for columns.

    Weight A is the normalised words, B their stems, C the English translation.
    """
    clauses = []
    for word in content_words(words):
        if not has_arabic(word):
            clauses.append(_lexeme(word) + (":*AC" if prefixed(word) else ":AC"))
        elif root := stem(word):
            clauses.append(f"( {_lexeme(word)}:A | {_lexeme(root)}:B )")
        else:
            clauses.append(f"{_lexeme(word)}:A")
    return " & ".join(clauses)


def name_query(words: Sequence[str]) -> str:
    """Return the tsquery an English name must match: every word, each as a prefix if long."""
    return " & ".join(_lexeme(w) + (":*" if prefixed(w) else "") for w in words)


def sentence_vector(doc_id: int, norm: str | None, english: str | None) -> str:
    """Return the tsvector literal of one sentence: words A, their stems B, English words C."""
    words = tokens(norm or "")
    roots = stems(norm or "")
    weighted = [(w, "A") for w in words] + [(r, "B") for r in roots]
    return _vector(doc_id, weighted + [(w, "C") for w in tokens(english or "")])


def name_vector(doc_id: int, english: str | None) -> str:
    """Return the tsvector literal of one English name."""
    return _vector(doc_id, [(w, "D") for w in tokens(english or "")])


class TsvectorIndex:
    """PostgreSQL's index: a tsvector per row, GIN-indexed, ranked by ts_rank (negated)."""

    # ts_rank takes the weights of D, C, B, A in that order.
    WEIGHTS = "'{{0.1, {2}, {1}, {0}}}'".format(*SENTENCE_WEIGHTS)

    def __init__(self, database: Database) -> None:
        self._db = database

    def ranked_sentences(self, words: Sequence[str], window: int, limit: int) -> tuple[str, list]:
        """Return a SELECT of (doc_id, position, key, score) of the best sentences, and its params."""
        return self._ranked(
            "sentence_search", "words", f"{self.WEIGHTS}, ", sentence_query(words), window, limit
        )

    def ranked_names(self, words: Sequence[str], window: int, limit: int) -> tuple[str, list]:
        """Return a SELECT of (doc_id, position, key, score) of the best names, and its params."""
        return self._ranked("name_search", "english", "", name_query(words), window, limit)

    def sentence_documents(self, words: Sequence[str]) -> tuple[str, list]:
        """Return a SELECT of the ids of the documents with a sentence matching words."""
        return (
            "SELECT DISTINCT doc_id FROM sentence_search WHERE words @@ CAST(? AS tsquery)",
            [sentence_query(words)],
        )

    def name_documents(self, words: Sequence[str]) -> tuple[str, list]:
        """Return a SELECT of the ids of the documents naming a name matching words."""
        return (
            "SELECT doc_id FROM name_search WHERE english @@ CAST(? AS tsquery)",
            [name_query(words)],
        )

    def drop(self, doc_id: int) -> None:
        """Delete one document's rows."""
        for table in ("sentence_search", "name_search"):
            self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def add(self, doc_id: int, sentences: Sequence[SentenceRow], names: Sequence[NameRow]) -> None:
        """Index one document's sentences and names (its old rows dropped first)."""
        self._db.executemany(
            "INSERT INTO sentence_search (doc_id, position, words) "
            "VALUES (?, ?, CAST(? AS tsvector))",
            [(doc_id, p, sentence_vector(doc_id, n, e)) for p, n, e in sentences],
        )
        self._db.executemany(
            "INSERT INTO name_search (doc_id, position, english) VALUES (?, ?, CAST(? AS tsvector))",
            [(doc_id, p, name_vector(doc_id, e)) for p, e in names],
        )

    def _ranked(
        self, table: str, column: str, weights: str, query: str, window: int, limit: int
    ) -> tuple[str, list]:
        # ORDER BY the key as an expression: walking the primary key backwards
        # and testing every row reads tens of thousands of rows for two common
        # words that seldom meet (the planner cannot tell); the window's
        # bucket lexemes make the GIN index hand over only the rows wanted.
        sql = f"""SELECT doc_id, position, key,
                         -ts_rank({weights}{column}, CAST(? AS tsquery)) AS score
                  FROM (SELECT doc_id, position, {column},
                               (doc_id << {ROW_SHIFT}) + position AS key
                        FROM {table} WHERE {column} @@ CAST(? AS tsquery)
                        ORDER BY key DESC LIMIT ?) newest
                  ORDER BY score, key DESC LIMIT ?"""
        return sql, [query, self._newest(table, column, query, window), window, limit]

    def _newest(self, table: str, column: str, query: str, window: int) -> str:
        """Return query narrowed to the fewest newest buckets holding its window newest matches.

        The same rows come first either way: a bucket holds every row of its
        documents, so the window newest matches of the newest buckets, when
        they hold that many, are the window newest of all.
        """
        top = self._db.execute(f"SELECT MAX(doc_id) AS top FROM {table}").fetchone()["top"]
        newest = (top or 0) >> BUCKET_SHIFT
        for count in BUCKET_STEPS:
            if count > newest:
                break  # that would be every bucket: the query as it is
            buckets = " | ".join(_bucket(b) for b in range(newest, newest - count, -1))
            narrowed = f"( {query} ) & ( {buckets} )"
            found = self._db.execute(
                f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM {table} "
                f"WHERE {column} @@ CAST(? AS tsquery) LIMIT ?) m",
                (narrowed, window),
            ).fetchone()["n"]
            if found >= window:
                return narrowed
        return query


def _vector(doc_id: int, words: Sequence[tuple[str, str]]) -> str:
    """Return a tsvector literal of (word, weight) at positions 1, 2, ..., and the doc's bucket."""
    positions: dict[str, list[str]] = {}
    for position, (word, weight) in enumerate(words, 1):
        held = positions.setdefault(_lexeme(word), [])
        if len(held) < POSITIONS_PER_LEXEME:
            held.append(f"{min(position, LAST_POSITION)}{weight}")
    lexemes = [f"{lexeme}:{','.join(held)}" for lexeme, held in positions.items()]
    return " ".join([*lexemes, _bucket(doc_id >> BUCKET_SHIFT)])


def _bucket(number: int) -> str:
    """Return the lexeme every row of the documents of one bucket holds (no word has a #)."""
    return f"'#{number}'"


def _lexeme(word: str) -> str:
    """Return word as a quoted lexeme of a tsvector or tsquery literal."""
    return "'" + word[:LEXEME_CHARS].replace("\\", "\\\\").replace("'", "''") + "'"
