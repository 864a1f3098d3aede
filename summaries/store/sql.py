"""Fragments of the SQL both engines run alike: LIKE patterns, substring tests, page limits.

SQLite's LIKE ignores ASCII case and PostgreSQL's does not, and neither
escapes ``%`` or ``_`` unless told: a pattern from here escapes them (with
``!``, so every LIKE that takes one says ``ESCAPE '!'``), and a query that
must ignore case compares ``LOWER()`` of both sides.
"""

from __future__ import annotations

# A LIMIT that keeps every row, for a page without a size: SQLite reads
# LIMIT -1 as none, PostgreSQL refuses it; both take the largest BIGINT.
NO_LIMIT = 2**63 - 1


def page_limit(limit: int | None) -> int:
    """Return the LIMIT parameter of a page of at most limit rows (None: all of them)."""
    return NO_LIMIT if limit is None else limit


def literal(text: str) -> str:
    """Return text as a LIKE pattern that matches only itself (escape character "!")."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def contains(postgres: bool, column: str) -> str:
    """Return the SQL test that column holds the ``?`` parameter as a substring (case-sensitive).

    SQLite's instr() and PostgreSQL's strpos(): the same test, spelled twice;
    a LIKE '%...%' both speak was measurably slower on SQLite's Arabic text.
    """
    return f"{'strpos' if postgres else 'instr'}({column}, ?) > 0"
