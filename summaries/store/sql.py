"""The few SQL fragments the engines spell differently, and the page limit both take.

Each is one test both engines make alike, spelled the way each runs it
fastest: on SQLite exactly as the store ran it before PostgreSQL came, so
its plans and timings stay as they were (A/B figures in the docstrings, on
2,005 documents).
"""

from __future__ import annotations

# A LIMIT that keeps every row, for a page without a size: SQLite reads
# LIMIT -1 as none, PostgreSQL refuses it; both take the largest BIGINT.
NO_LIMIT = 2**63 - 1


def page_limit(limit: int | None) -> int:
    """Return the LIMIT parameter of a page of at most limit rows (None: all of them)."""
    return NO_LIMIT if limit is None else limit


def like_any_case(postgres: bool) -> str:
    """Return the operator of a LIKE that ignores ASCII case: SQLite's LIKE does, PG's ILIKE.

    LOWER(name) LIKE LOWER(?), which both speak, took find_document by file
    name from 0.48 to 0.85 ms (median) on SQLite.
    """
    return "ILIKE" if postgres else "LIKE"


def contains(postgres: bool, column: str) -> str:
    """Return the SQL test that column holds the ``?`` parameter as a substring (case-sensitive).

    SQLite's instr() and PostgreSQL's strpos(). A LIKE '%...%' both speak
    took /timeline on an Arabic word from 2.95 to 3.53 ms (median) on SQLite,
    and on a word nowhere from 6.7 to 7.7 ms.
    """
    return f"{'strpos' if postgres else 'instr'}({column}, ?) > 0"
