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

When the database goes away (a PostgreSQL restart, a dropped network link),
SQLAlchemy reports the connection invalidated. ``Database`` then drops it and
opens a fresh one on next use: a read outside a transaction is retried once
on the fresh connection; anything else raises ``StoreUnavailable``, and a
transaction under way is gone (its later statements raise too, its rollback
is a no-op) so none of it is half-applied. A server that cannot be reached
raises ``StoreUnavailable`` at once, in one line that names MUJAZ_DB without
its password, and the next call tries again.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, ResourceClosedError

from db.failures import cannot_open, make_folder, reason
from summaries.errors import BadStoreTarget, StoreUnavailable

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# Seconds libpq waits for a server to answer: a host that is down stops start-up (and
# each command while it stays down) after this long instead of hanging. 2 is libpq's minimum.
CONNECT_TIMEOUT = 5
# TCP keepalives: a server that vanished without closing the link (a dead host, a cut
# network) is noticed after about idle + interval * count seconds, not hours.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}
_URL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://")
_PLACEHOLDER = re.compile(r"\?")
_READ = re.compile(r"^\s*SELECT\b", re.I)


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
    """Return the SQLAlchemy URL for a path or a postgresql:// URL; others raise BadStoreTarget."""
    if not is_url(target):
        return sa.URL.create("sqlite+pysqlite", database=str(target))
    scheme = _URL.match(str(target)).group(1).lower()
    if scheme not in POSTGRES_SCHEMES:
        raise BadStoreTarget(
            f"MUJAZ_DB is a {scheme}:// URL: Mujaz stores its data in a SQLite file "
            "(a path) or in PostgreSQL (a postgresql://user:password@host/database URL)"
        )
    try:
        url = make_url(str(target))
    except ArgumentError:
        raise BadStoreTarget(f"MUJAZ_DB is not a valid URL: {safe_target(target)}") from None
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
    """A SQLAlchemy connection whose driver runs the store's ``?`` SQL, surviving outages.

    The connection is opened at once (so start-up errors surface in
    ``connect``) and again after it was lost.
    """

    def __init__(self, engine: sa.Engine, target: str | Path) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self._prepare = _percent_style if self.postgres else _as_written
        self._target = target
        self._connection: Connection | None = None
        self._in_transaction = False
        self._lost = False  # the transaction under way died with its connection
        self._closed = False
        # How many connections this Database has opened: a session-level state
        # (an advisory lock, a SET) is gone when it grows.
        self.generation = 0
        self._open()

    @property
    def where(self) -> str:
        """Return "MUJAZ_DB <target>" for messages, the password left out."""
        return f"MUJAZ_DB {safe_target(self._target)}"

    @property
    def connection(self) -> Connection:
        """Return the live connection, opening a fresh one if the last was lost."""
        if self._connection is not None:
            return self._connection
        if self._closed:
            raise ResourceClosedError("This Connection is closed")
        return self._open()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """Run one statement with its parameters bound; return its rows."""
        return self._statement(sql, params, retry=bool(_READ.match(sql)))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per parameter row (nothing when there are none)."""
        batch = list(rows)
        if not batch:
            return
        prepared = self._prepare(sql)

        def work() -> None:
            cursor = self._cursor()
            try:
                cursor.executemany(prepared, batch)
            except Exception as error:
                raise self._translated(error, sql, batch[:3]) from error

        self._run(work)

    def raw(self, sql: str) -> None:
        """Run a statement that takes no parameters (SAVEPOINT, PRAGMA...)."""
        self.execute(sql)

    # -- transactions (summaries.store.base.transaction) ------------------------

    def begin(self) -> None:
        """Open a transaction; SQLite takes its write lock at once (BEGIN IMMEDIATE)."""
        self._statement("BEGIN" if self.postgres else "BEGIN IMMEDIATE", retry=True)  # safe
        self._in_transaction, self._lost = True, False

    def commit(self) -> None:
        """Commit the transaction; StoreUnavailable if it died (nothing of it was kept)."""
        try:
            if self._lost:
                raise StoreUnavailable(self._gone("the transaction under way was lost"))
            self._statement("COMMIT")
        finally:
            self._in_transaction = self._lost = False

    def rollback(self) -> None:
        """Roll the transaction back; nothing to do when it died with its connection."""
        try:
            if not self._lost:
                with contextlib.suppress(StoreUnavailable):  # gone is rolled back
                    self._statement("ROLLBACK")
        finally:
            self._in_transaction = self._lost = False

    def savepoint(self, name: str) -> None:
        self.raw(f"SAVEPOINT {name}")

    def release(self, name: str) -> None:
        self.raw(f"RELEASE SAVEPOINT {name}")

    def rollback_to(self, name: str) -> None:
        """Undo the work since savepoint name and release it (a no-op in a lost transaction)."""
        if self._lost:
            return
        with contextlib.suppress(StoreUnavailable):  # the outer rollback finds it lost
            self.raw(f"ROLLBACK TO SAVEPOINT {name}")
            self.raw(f"RELEASE SAVEPOINT {name}")

    def close(self) -> None:
        """Close the connection for good: later use raises ResourceClosedError, no reconnect."""
        self._closed = True
        self._drop()
        self.engine.dispose()

    # -- running a statement ----------------------------------------------------

    def _statement(self, sql: str, params: Sequence[Any] = (), *, retry: bool = False) -> Rows:
        prepared = self._prepare(sql)

        def work() -> Rows:
            cursor = self._cursor()
            try:
                cursor.execute(prepared, params)
            except Exception as error:
                raise self._translated(error, sql, params) from error
            return Rows(cursor)

        return self._run(work, retry=retry)

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
        """Return the SQLAlchemy exception (IntegrityError...) of a driver error.

        Its ``connection_invalidated`` tells that the connection is gone (the
        dialect's own test: for psycopg, the connection is closed or broken).
        """
        dialect = self.engine.dialect
        if not isinstance(error, dialect.loaded_dbapi.Error):
            return error
        driver = self._connection.connection.dbapi_connection if self._connection else None
        gone = dialect.is_disconnect(error, driver, None)
        return DBAPIError.instance(
            sql,
            params,
            error,
            dialect.loaded_dbapi.Error,
            dialect=dialect,
            connection_invalidated=gone,
        )

    # -- outages ----------------------------------------------------------------

    def _run(self, work: Callable[[], Any], *, retry: bool = False) -> Any:
        """Return work(); on a lost connection, retry once on a fresh one if allowed, else raise."""
        if self._lost:
            raise StoreUnavailable(self._gone("the transaction under way was lost"))
        try:
            return work()
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            self._drop()
            if self._in_transaction:
                self._lost = True
            elif retry:
                try:
                    return work()
                except DBAPIError as again:
                    if not again.connection_invalidated:
                        raise
                    self._drop()
                    error = again
            raise StoreUnavailable(self._gone(reason(error))) from error

    def _open(self) -> Connection:
        try:
            self._connection = self.engine.connect()
        except DBAPIError as error:
            raise StoreUnavailable(cannot_open(self.where, is_url(self._target), error)) from None
        self.generation += 1
        return self._connection

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # it is broken already
                connection.invalidate()
                connection.close()

    def _gone(self, why: str) -> str:
        return f"the database went away ({self.where}): {why}"


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
    Raises StoreUnavailable, in one line naming MUJAZ_DB, when it cannot be opened.
    """
    url = engine_url(target)
    if url.get_backend_name() == "sqlite":
        if str(target) != ":memory:":
            make_folder(Path(target))
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
        # Settings in the URL (?connect_timeout=...) win over these defaults.
        defaults = {"connect_timeout": CONNECT_TIMEOUT, **KEEPALIVES}
        options = {k: v for k, v in defaults.items() if k not in url.query}
        engine = sa.create_engine(
            url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool, connect_args=options
        )
    return Database(engine, target)
