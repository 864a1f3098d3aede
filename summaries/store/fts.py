"""SQLite FTS5 for search: the probe, the stems function SQL calls, and match expressions.

The "search" migration creates two FTS5 tables that mirror what a served
document says:

- ``sentence_search(norm, stems, english)``: one row per sentence, with
  its Arabic-normalised words (``summaries.words.tokens``: one alef, ة as ه,
  no tashkeel or tatweel), their ISRI stems (so «قوات» finds «القوات» and
  «للقوات») and its stored English translation;
- ``name_search(english)``: one row per person, organisation or place a
  document names, in English.

A row's rowid is ``doc_id << ROW_SHIFT | position`` (the sentence's or the
name's position), so one document's rows are one rowid range: replaced or
dropped with one range delete, and joined back to ``sentences`` and
``doc_names`` through their primary keys. Only documents with status ok are
indexed: a withdrawn, rejected or duplicate document leaves the index.
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
# A Latin-script word this long also matches as a prefix ("force" finds
# "forces", "Kadhim" finds "Kadhimi"); shorter ones would expand to thousands
# of terms. Arabic words do not need it: their ISRI stems meet instead, and a
# prefix over the Arabic words («العراق*») reads every form's list of rows.
PREFIX_MIN_LENGTH = 3
# bm25 weights per column of sentence_search (norm, stems, english): the word
# as written counts more than a shared stem, so «القوات» ranks a sentence with
# «القوات» above one with only «قوات».
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


def sentence_match(words: Sequence[str]) -> str:
    """Return the FTS5 expression a sentence must match: every content word of the query.

    An Arabic word matches the sentence's normalised words, or its ISRI stem
    matches theirs; any other word matches the normalised words or the
    English translation, as a prefix when long enough. Stop words count only
    when the query has nothing else.
    """
    clauses = []
    for word in _content(words):
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


def _content(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in STOP_WORDS] or list(words)


def _term(word: str) -> str:
    prefix = len(word) >= PREFIX_MIN_LENGTH and not word.isdigit()
    return _quote(word) + (" *" if prefix else "")


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'
