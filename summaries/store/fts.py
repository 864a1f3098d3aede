"""Full-text search on both engines: one index of the same words, SQLite FTS5 or PostgreSQL.

The "search" migration makes two tables that mirror what a served document
says, on each engine:

- ``sentence_search``: one row per sentence, with its Arabic-normalised
  words (``summaries.words.tokens``: one alef, ة as ه, no tashkeel or
  tatweel), their ISRI stems (so «قوات» finds «القوات» and «للقوات») and
  its stored English translation;
- ``name_search``: one row per person, organisation or place a document
  names, in English.

On SQLite these are FTS5 tables (columns norm, stems, english) whose rowid
is ``doc_id << ROW_SHIFT | position`` (the sentence's or the name's
position), so one document's rows are one rowid range, and a trigger drops
them with their document. On PostgreSQL they are ordinary tables keyed by
``(doc_id, position)``, their document's rows going with it (ON DELETE
CASCADE), with one ``tsvector`` each and a GIN index: the norm words carry
weight A, the stems B, the English words C, and a query restricts each word
to the weights SQLite restricts it to columns. The words and stems are
worked out in Python (``tsvector.py``) (the parser and dictionaries of the server's
locale never see them) and written as a tsvector literal.

``search_index(database)`` (search.py) returns the index of the database's
engine (``Fts5Index`` here, ``TsvectorIndex`` in ``tsvector.py``): the
store's search and inline mode ask it for the SQL of "which rows match, with
what score" and for the rows of one document; everything around that (what
is indexed, the joins to sentences and documents, paging, the names
fallback) is written once in ``search.py`` and ``cards.py``. Only documents
with status ok are indexed: a withdrawn, rejected or duplicate document
leaves the index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from db.database import Database
from summaries.errors import StoreError
from summaries.words import STOP_WORDS, has_arabic, stem, stems

# 2**24 positions per document: more sentences than a 20 MB text can hold.
ROW_SHIFT = 24
ROW_SPAN = 1 << ROW_SHIFT
ROW_MASK = ROW_SPAN - 1
# A Latin-script word this long also matches as a prefix ("force" finds
# "forces", "Kadhim" finds "Kadhimi"); shorter ones would expand to thousands
# of terms. Arabic words do not need it: their ISRI stems meet instead, and a
# prefix over the Arabic words («العراق*») reads every form's list of rows.
PREFIX_MIN_LENGTH = 3
# bm25 weights per column of sentence_search (norm, stems, english): the word
# as written counts more than a shared stem, so «القوات» ranks a sentence with
# «القوات» above one with only «قوات». PostgreSQL gives them to weights A, B, C.
SENTENCE_WEIGHTS = (1.0, 0.5, 1.0)
# bm25 is worked out for at most this many matching rows, the newest (highest
# rowid: the most recently added documents). A word rarer than that, which is
# most words, is ranked over all its matches; one that 30,000 sentences of a
# 20,000-document archive hold took 100-200 ms to rank in full (bench/), and
# its best recent sentences are what a reader of a briefing bot is after.
RANK_WINDOW = 1000
NO_FTS5 = (
    "this Python's SQLite {version} was built without FTS5, which Mujaz's search needs: "
    "run Mujaz on a Python whose sqlite3 module has FTS5 (python.org, Debian, Ubuntu and "
    "the official Docker images do)"
)

# What one document puts in the index, read by search.py for either engine.
SentenceRow = tuple[int, str | None, str | None]  # position, norm, english
NameRow = tuple[int, str | None]  # position, english


def require_fts5(database: Database) -> None:
    """Raise StoreError, saying what to do, when the connection's SQLite has no FTS5."""
    try:
        database.raw("CREATE VIRTUAL TABLE temp.mujaz_fts5_probe USING fts5(x)")
        database.raw("DROP TABLE temp.mujaz_fts5_probe")
    except OperationalError as error:
        if "fts5" not in str(error).lower():
            raise
        raise StoreError(NO_FTS5.format(version=sqlite3.sqlite_version)) from None


def register_functions(connection: sqlite3.Connection) -> None:
    """Give SQL ``mujaz_stems(norm)``: the index's stems column, used by migration and store."""
    connection.create_function("mujaz_stems", 1, index_stems, deterministic=True)


def index_stems(norm: str | None) -> str:
    """Return the ISRI stems of a sentence's normalised words, space-separated."""
    return " ".join(stems(norm or ""))


# -- SQLite: FTS5 ----------------------------------------------------------------


def sentence_match(words: Sequence[str]) -> str:
    """Return the FTS5 expression a sentence must match: every content word of the query.

    An Arabic word matches the sentence's normalised words, or its ISRI stem
    matches theirs; any other word matches the normalised words or the
    English translation, as a prefix when long enough. Stop words count only
    when the query has nothing else.
    """
    clauses = []
    for word in content_words(words):
        if not has_arabic(word):
            clauses.append(f"{{norm english}} : {_term(word)}")
        elif root := stem(word):
            clauses.append(f"(norm : {_quote(word)} OR stems : {_quote(root)})")
        else:
            clauses.append(f"norm : {_quote(word)}")
    return " AND ".join(clauses)


def name_match(words: Sequence[str]) -> str:
    """Return the FTS5 expression an English name must match: every word, each as a prefix."""
    return " AND ".join(_term(w) for w in words)


def key_range(doc_id: int) -> tuple[int, int]:
    """Return the first and last rowid one document's rows may have."""
    return doc_id << ROW_SHIFT, (doc_id << ROW_SHIFT) + ROW_SPAN - 1


class Fts5Index:
    """SQLite's index: two FTS5 tables, ranked by bm25 (lower is better)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def ranked_sentences(self, words: Sequence[str], window: int, limit: int) -> tuple[str, list]:
        """Return a SELECT of (doc_id, position, key, score) of the best sentences, and its params."""
        expression = sentence_match(words)
        weights = ", ".join(str(w) for w in SENTENCE_WEIGHTS)
        sql = f"""SELECT rowid >> {ROW_SHIFT} AS doc_id, rowid & {ROW_MASK} AS position,
                         rowid AS key, bm25(sentence_search, {weights}) AS score
                  FROM sentence_search WHERE sentence_search MATCH ? AND rowid >= ?
                  ORDER BY score, key DESC LIMIT ?"""
        return sql, [expression, self._floor("sentence_search", expression, window), limit]

    def ranked_names(self, words: Sequence[str], window: int, limit: int) -> tuple[str, list]:
        """Return a SELECT of (doc_id, position, key, score) of the best names, and its params."""
        expression = name_match(words)
        sql = f"""SELECT rowid >> {ROW_SHIFT} AS doc_id, rowid & {ROW_MASK} AS position,
                         rowid AS key, bm25(name_search) AS score
                  FROM name_search WHERE name_search MATCH ? AND rowid >= ?
                  ORDER BY score, key DESC LIMIT ?"""
        return sql, [expression, self._floor("name_search", expression, window), limit]

    def sentence_documents(self, words: Sequence[str]) -> tuple[str, list]:
        """Return a SELECT of the ids of the documents with a sentence matching words."""
        return (
            f"SELECT DISTINCT rowid >> {ROW_SHIFT} FROM sentence_search "
            "WHERE sentence_search MATCH ?",
            [sentence_match(words)],
        )

    def name_documents(self, words: Sequence[str]) -> tuple[str, list]:
        """Return a SELECT of the ids of the documents naming a name matching words."""
        return (
            f"SELECT rowid >> {ROW_SHIFT} FROM name_search WHERE name_search MATCH ?",
            [name_match(words)],
        )

    def drop(self, doc_id: int) -> None:
        """Delete one document's rows."""
        for table in ("sentence_search", "name_search"):
            self._db.execute(f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", key_range(doc_id))

    def add(self, doc_id: int, sentences: Sequence[SentenceRow], names: Sequence[NameRow]) -> None:
        """Index one document's sentences and names (its old rows dropped first)."""
        self._db.executemany(
            "INSERT INTO sentence_search (rowid, norm, stems, english) VALUES (?, ?, ?, ?)",
            [((doc_id << ROW_SHIFT) + p, n, index_stems(n), e) for p, n, e in sentences],
        )
        self._db.executemany(
            "INSERT INTO name_search (rowid, english) VALUES (?, ?)",
            [((doc_id << ROW_SHIFT) + p, e) for p, e in names],
        )

    def _floor(self, table: str, expression: str, window: int) -> int:
        """Return the lowest rowid of the window newest rows matching (0: rank them all)."""
        row = self._db.execute(
            f"SELECT rowid AS key FROM {table} WHERE {table} MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (expression, window - 1),
        ).fetchone()
        return row["key"] if row else 0


def content_words(words: Sequence[str]) -> list[str]:
    """Return the words a query requires: its content words, or all of them if only stop words."""
    return [w for w in words if w not in STOP_WORDS] or list(words)


def prefixed(word: str) -> bool:
    """Tell whether a Latin-script query word also matches as a prefix."""
    return len(word) >= PREFIX_MIN_LENGTH and not word.isdigit()


def _term(word: str) -> str:
    return _quote(word) + (" *" if prefixed(word) else "")


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'
