"""Copy a whole deployment from one store into an empty one: SQLite to PostgreSQL, or any way.

Both stores are opened first, and so migrated to the newest schema. Which
tables there are, their columns and the foreign keys between them are read
from the target's schema itself (SQLAlchemy reflection), so a table a later
migration adds is copied without a change here. The copy runs in one
transaction on the target: table by table in foreign-key order, rows in
primary-key order, ids kept. PostgreSQL's sequences then continue after the
copied ids, and the search index, derived from sentences and names (FTS5 on
SQLite, tsvector on PostgreSQL), is rebuilt through the store's own indexing
code rather than copied. A target that already holds data is refused.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from bot.store import BotStore
from db.database import engine_url, is_url, safe_target
from summaries import ConfigError, Status, StoreError

# Each store keeps its own record of the migrations applied to it.
BOOKKEEPING = frozenset({"alembic_version", "schema_version"})
# Derived from sentences and doc_names, and different on each engine: rebuilt, never copied.
# On SQLite each FTS5 table also has shadow tables named after it (sentence_search_data...).
SEARCH_INDEX = ("sentence_search", "name_search")
# Rows sent to the target per executemany.
BATCH = 2000


@dataclass(frozen=True, slots=True)
class CopiedTable:
    """One table of a copy and how many rows it took across."""

    name: str
    rows: int


@dataclass(frozen=True, slots=True)
class Copy:
    """What ``copy_store`` did: the tables in the order copied, and the documents indexed."""

    tables: tuple[CopiedTable, ...]
    indexed: int  # documents whose search rows were rebuilt on the target

    def rows(self, table: str) -> int:
        """Return how many rows of table were copied (0 for a table not copied)."""
        return next((t.rows for t in self.tables if t.name == table), 0)


def copy_store(source: Path | str, target: Path | str) -> Copy:
    """Copy every row of the store at source into the empty store at target; return the counts.

    source and target are each a SQLite file path or a postgresql:// URL. The
    source must exist; the target is created (a SQLite file) or must be
    reachable (a PostgreSQL database), and must hold no data.
    Raises StoreError with a one-line reason when either cannot be used.
    """
    if not is_url(source) and not Path(source).is_file():
        raise StoreError(f"db copy: there is no store at {source} (the source must exist)")
    with _opened(source, "source") as old, _opened(target, "target") as new:
        tables = copied_tables(new)
        _require_same_tables(old, tables, source)
        _require_empty(new, tables, target)
        with new.transaction():
            copied = tuple(CopiedTable(t.name, _copy_rows(old, new, t)) for t in tables)
            if new.engine == "postgresql":
                _continue_sequences(new, tables)
            indexed = _rebuild_search_index(new)
    return Copy(copied, indexed)


def copied_tables(store: BotStore) -> list[sa.Table]:
    """Return the store's tables that a copy carries across, parents before children."""
    inspector = sa.inspect(store._db.connection)
    names = [name for name in inspector.get_table_names() if _copied(name)]
    metadata = sa.MetaData()
    with warnings.catch_warnings():  # indexes on expressions: not needed to copy rows
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", sa.exc.SAWarning)
        metadata.reflect(bind=store._db.connection, only=names)
    return list(metadata.sorted_tables)


def _copied(table: str) -> bool:
    if table in BOOKKEEPING or table.startswith("sqlite_"):
        return False
    return not any(table == index or table.startswith(f"{index}_") for index in SEARCH_INDEX)


@contextmanager
def _opened(where: Path | str, role: str) -> Iterator[BotStore]:
    """Open (and migrate) a store; a store that cannot be opened becomes one StoreError line."""
    try:
        engine_url(where)
    except ConfigError:
        raise StoreError(
            f"db copy: the {role} {safe_target(where)} is neither a SQLite file path "
            "nor a postgresql:// URL"
        ) from None
    shown = safe_target(where)
    try:
        store = BotStore.open(where)
    except StoreError as error:  # too new, or (issue 13's outages) unreachable: say which store
        why = str(error).removeprefix(f"MUJAZ_DB {shown}: ")  # it is not MUJAZ_DB here
        raise StoreError(f"db copy: the {role} store {shown}: {why}") from None
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:
        raise StoreError(
            f"db copy: the {role} store {shown} cannot be opened: {_reason(error)}"
        ) from None
    with store:
        yield store


def _reason(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def _require_same_tables(old: BotStore, tables: list[sa.Table], source: Path | str) -> None:
    have = set(sa.inspect(old._db.connection).get_table_names())
    missing = [t.name for t in tables if t.name not in have]
    if missing:
        raise StoreError(
            f"db copy: the source store {safe_target(source)} has no table {', '.join(missing)}"
        )


def _require_empty(new: BotStore, tables: list[sa.Table], target: Path | str) -> None:
    for table in tables:
        row = new._db.execute(f"SELECT COUNT(*) AS n FROM {_name(table.name)}").fetchone()
        if row["n"]:
            raise StoreError(
                f"db copy: the target store {safe_target(target)} is not empty "
                f"({table.name}: {row['n']} rows); copy only into a new, empty database"
            )


def _copy_rows(old: BotStore, new: BotStore, table: sa.Table) -> int:
    """Copy one table's rows in primary-key order, in batches; return how many."""
    columns = [column.name for column in table.columns]
    listed = ", ".join(_name(c) for c in columns)
    order = ", ".join(_name(c.name) for c in table.primary_key.columns) or listed
    rows = old._db.execute(f"SELECT {listed} FROM {_name(table.name)} ORDER BY {order}")
    insert = (
        f"INSERT INTO {_name(table.name)} ({listed}) VALUES ({', '.join('?' for _ in columns)})"
    )
    count, batch = 0, []
    for row in rows:
        batch.append(tuple(row[c] for c in columns))
        if len(batch) == BATCH:
            new._db.executemany(insert, batch)
            count, batch = count + len(batch), []
    new._db.executemany(insert, batch)
    return count + len(batch)


def _continue_sequences(new: BotStore, tables: list[sa.Table]) -> None:
    """Set each PostgreSQL sequence so the next id comes after the largest copied one."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1:
            continue
        key = keys[0].name
        sequence = new._db.execute(
            "SELECT pg_get_serial_sequence(?, ?) AS s", (_name(table.name), key)
        ).fetchone()["s"]
        if sequence is None:
            continue
        new._db.execute(
            f"SELECT setval(?, COALESCE(MAX({_name(key)}), 0) + 1, false) FROM {_name(table.name)}",
            (sequence,),
        )


def _rebuild_search_index(new: BotStore) -> int:
    """Index every copied document the way an ingest does; return how many were served."""
    ids = [row["id"] for row in new._db.execute("SELECT id FROM documents ORDER BY id")]
    for doc_id in ids:
        new._index_document(doc_id)  # writes rows only for a served document
    served = new._db.execute(
        "SELECT COUNT(*) AS n FROM documents WHERE status = ?", (Status.OK.value,)
    ).fetchone()
    return served["n"]


def _name(identifier: str) -> str:
    """Return an identifier quoted for both engines ("key" is a keyword on PostgreSQL)."""
    return '"' + identifier.replace('"', '""') + '"'
