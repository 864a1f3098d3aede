"""A connection to SQLite or PostgreSQL through SQLAlchemy Core, and how the store runs SQL.

The store's queries are written once, in the SQL both engines speak, with
``?`` placeholders. ``Database.execute`` turns each into a SQLAlchemy
``text()`` clause with named binds (cached per statement), so SQLAlchemy
binds parameters the way each driver wants (sqlite3's ``?``, psycopg's
``%s``) and escapes what needs escaping. The few places where the engines
differ (full-text search, JSON arrays) ask ``Database.postgres``.

The connection runs in autocommit mode, and ``transaction()`` in
``base.py`` issues BEGIN/SAVEPOINT itself: that is how SQLite's
``BEGIN IMMEDIATE`` (take the write lock before reading) is reached, and it
keeps a read outside any transaction from holding a lock open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, CursorResult, RowMapping, make_url
from sqlalchemy.exc import ArgumentError

from summaries.errors import ConfigError

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_URL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://")
_PLACEHOLDER = re.compile(r"\?")


def is_url(target: str | Path) -> bool:
    """Tell whether a MUJAZ_DB value is a URL rather than a file path."""
    return isinstance(target, str) and bool(_URL.match(target))


def safe_target(target: str | Path) -> str:
    """Return target fit for a log line or an error: a URL without its password."""
    if not is_url(target):
        return str(target)
    try:
        return make_url(str(target)).render_as_string(hide_password=True)
    except ArgumentError:
        return _URL.match(str(target)).group(1) + "://…"


def engine_url(target: str | Path) -> sa.URL:
    """Return the SQLAlchemy URL for a path or a postgresql:// URL; other URLs raise ConfigError."""
    if not is_url(target):
        return sa.URL.create("sqlite+pysqlite", database=str(target))
    scheme = _URL.match(str(target)).group(1).lower()
    if scheme not in POSTGRES_SCHEMES:
        raise ConfigError(
            f"MUJAZ_DB is a {scheme}:// URL: Mujaz stores its data in a SQLite file "
            "(a path) or in PostgreSQL (a postgresql://user:password@host/database URL)"
        )
    try:
        url = make_url(str(target))
    except ArgumentError:
        raise ConfigError(f"MUJAZ_DB is not a valid URL: {safe_target(target)}") from None
    return url.set(drivername="postgresql+psycopg")


class Rows:
    """The rows of one statement, each a mapping by column name (like sqlite3.Row)."""

    __slots__ = ("_result",)

    def __init__(self, result: CursorResult) -> None:
        self._result = result

    @property
    def rowcount(self) -> int:
        return self._result.rowcount

    def fetchone(self) -> RowMapping | None:
        row = self._result.fetchone()
        return row._mapping if row is not None else None

    def fetchall(self) -> list[RowMapping]:
        return [row._mapping for row in self._result.fetchall()]

    def __iter__(self) -> Iterator[RowMapping]:
        return (row._mapping for row in self._result)


class Database:
    """A SQLAlchemy connection that runs the store's ``?`` SQL on either engine."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Rows:
        """Run one statement with its parameters bound; return its rows."""
        return Rows(self.connection.execute(_clause(sql), _named(params)))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per parameter row (nothing when there are none)."""
        batch = [_named(row) for row in rows]
        if batch:
            self.connection.execute(_clause(sql), batch)

    def raw(self, sql: str) -> None:
        """Run a statement that takes no parameters as the driver gets it (BEGIN, PRAGMA...)."""
        self.connection.exec_driver_sql(sql)

    def close(self) -> None:
        engine = self.connection.engine
        self.connection.close()
        engine.dispose()


@lru_cache(maxsize=2048)
def _clause(sql: str) -> sa.TextClause:
    counter = iter(range(1_000_000))
    return sa.text(_PLACEHOLDER.sub(lambda _: f":p{next(counter)}", sql))


def _named(params: Sequence[Any] | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(params, Mapping):
        return params
    return {f"p{i}": value for i, value in enumerate(params)}


def connect(
    target: str | Path, *, on_sqlite_connect: Callable[[Any], None] | None = None
) -> Database:
    """Open the SQLite file (created if needed) or the PostgreSQL database target names.

    on_sqlite_connect gets the raw sqlite3 connection first (to register SQL functions).
    """
    url = engine_url(target)
    if url.get_backend_name() == "sqlite":
        if str(target) != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url,
            isolation_level="AUTOCOMMIT",
            poolclass=sa.pool.StaticPool,
            connect_args={"check_same_thread": False},
        )

        @sa.event.listens_for(engine, "connect")
        def prepare(raw, _record) -> None:
            raw.execute("PRAGMA foreign_keys = ON")
            if str(target) != ":memory:":
                # WAL lets the bot read while an ingest writes. NORMAL syncs at
                # checkpoints, not at every commit: a killed process loses nothing
                # committed (only a power cut can lose the last commits), and each
                # delivery-log commit drops from about 9 ms to 1 ms of blocked loop.
                raw.execute("PRAGMA journal_mode = WAL")
                raw.execute("PRAGMA synchronous = NORMAL")
            if on_sqlite_connect is not None:
                on_sqlite_connect(raw)

    else:
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    return Database(engine.connect())
