"""Fragments of the SQL both engines run alike: LIKE patterns and page limits.

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


def holding(text: str) -> str:
    """Return the LIKE pattern (escape "!") of a text that holds text anywhere."""
    return f"%{literal(text)}%"
