"""A connection to SQLite or PostgreSQL through SQLAlchemy Core, and how the store runs SQL.

SQLAlchemy makes the engine from MUJAZ_DB (URL parsing, the psycopg dialect,
the connection), and Alembic runs the migrations over it. The store's queries
are written once, in the SQL both engines speak, with ``?`` placeholders, and
``Database.execute`` hands them to the driver cursor of that connection,
with psycopg's ``%s`` in place of ``?``. Not through ``Connection.execute``:
building SQLAlchemy's result metadata for every textual statement cost about
175 µs of the 200 µs a one-row read took (24 µs on the cursor), and made
``/figures`` ten times slower. Driver errors are re-raised as SQLAlchemy's
(``IntegrityError``, ``OperationalError``...), the same on both engines. The
few places where the engines differ (full-text search, JSON arrays) ask
``Database.postgres``.

The connection runs in autocommit mode, and ``transaction()`` in
``base.py`` issues BEGIN/SAVEPOINT itself: that is how SQLite's
``BEGIN IMMEDIATE`` (take the write lock before reading) is reached, and it
keeps a read outside any transaction from holding a lock open.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url
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


Row = Mapping[str, Any]  # a row by column name: sqlite3.Row on SQLite, a dict on PostgreSQL


class Rows:
    """The rows of one statement, each a mapping by column name."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Row]:
        return iter(self._cursor)


class Database:
    """A SQLAlchemy connection whose driver runs the store's ``?`` SQL on either engine."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self._prepare = _percent_style if self.postgres else _as_written

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """Run one statement with its parameters bound; return its rows."""
        cursor = self._cursor()
        try:
            cursor.execute(self._prepare(sql), params)
        except Exception as error:
            raise self._translated(error, sql, params) from error
        return Rows(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per parameter row (nothing when there are none)."""
        batch = list(rows)
        if not batch:
            return
        cursor = self._cursor()
        try:
            cursor.executemany(self._prepare(sql), batch)
        except Exception as error:
            raise self._translated(error, sql, batch[:3]) from error

    def raw(self, sql: str) -> None:
        """Run a statement that takes no parameters (BEGIN, SAVEPOINT, PRAGMA...)."""
        self.execute(sql)

    def close(self) -> None:
        engine = self.connection.engine
        self.connection.close()
        engine.dispose()

    def _cursor(self) -> Any:
        # SQLAlchemy's Connection.connection is the pooled driver connection
        # (it raises "This Connection is closed" once closed).
        driver = self.connection.connection.dbapi_connection
        if self.postgres:
            from psycopg.rows import dict_row  # psycopg is loaded only for PostgreSQL

            return driver.cursor(row_factory=dict_row)
        cursor = driver.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor

    def _translated(self, error: Exception, sql: str, params: Any) -> Exception:
        """Return the SQLAlchemy exception (IntegrityError...) of a driver error."""
        dialect = self.connection.dialect
        if not isinstance(error, dialect.loaded_dbapi.Error):
            return error
        return sa.exc.DBAPIError.instance(
            sql, params, error, dialect.loaded_dbapi.Error, dialect=dialect
        )


def _as_written(sql: str) -> str:
    return sql


@lru_cache(maxsize=4096)
def _percent_style(sql: str) -> str:
    """Return sql with psycopg's placeholders: ``%s`` for ``?``, ``%%`` for a literal ``%``."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


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
