"""Apply the migrations in ``db/migrations`` (Alembic), one transaction per step, on either engine.

A store made before Alembic kept its version in ``schema_version`` (1 to
10): revision ``000N`` is that migration, so such a store is stamped at its
version and upgrades in place. ``schema_version`` is still written, so an
older Mujaz keeps refusing a store newer than it knows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from db.database import Database
from db.failures import reason
from summaries.errors import SchemaTooNew, StoreError

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number: instances starting together on one PostgreSQL migrate one at a time.
MIGRATION_LOCK = 0x6D756A617A  # "mujaz"
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL 15: only the owner may create in schema public


def config(database: Database) -> Config:
    """Return the Alembic configuration that runs on database's connection."""
    from alembic.config import Config

    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS))
    settings.attributes["connection"] = database.connection
    return settings


def revisions() -> list[str]:
    """Return every revision id, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def newest_version() -> int:
    """Return the newest migration's number (from its file name: no Alembic scripts loaded)."""
    return max(int(p.name[:4]) for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def current_revision(database: Database) -> str | None:
    """Return the revision the database is at, None for an empty database."""
    if _has_table(database, "alembic_version"):
        rows = database.execute("SELECT version_num FROM alembic_version").fetchall()
        return rows[0]["version_num"] if rows else None
    version = _legacy_version(database)
    return f"{version:04d}" if version else None


def migrate(
    database: Database,
    transaction: Callable[[], AbstractContextManager[None]],
    up_to: str | None = None,
) -> None:
    """Bring database to revision up_to (default: the newest); refuse one from a newer Mujaz."""
    if up_to is None and _up_to_date(database):
        return  # the usual start-up: no Alembic to load, no lock to take
    try:
        _migrate(database, transaction, up_to)
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        raise StoreError(
            f"{database.where}: this user may not create Mujaz's tables ({reason(error)}); "
            "give Mujaz a database it owns: CREATE DATABASE mujaz OWNER <user>"
        ) from None


def _migrate(
    database: Database,
    transaction: Callable[[], AbstractContextManager[None]],
    up_to: str | None,
) -> None:
    known = revisions()
    last = known.index(up_to) + 1 if up_to else len(known)
    if database.postgres:
        database.execute("SELECT pg_advisory_lock(?)", (MIGRATION_LOCK,))
    try:
        with transaction():
            _adopt_legacy(database)
        while True:
            with transaction():
                current = current_revision(database)
                newest = _legacy_version(database)
                if (current is not None and current not in known) or newest > int(known[-1]):
                    found = current if current not in known else f"{newest:04d}"
                    raise SchemaTooNew(
                        f"the database is at schema revision {found}, this Mujaz knows up to "
                        f"{known[-1]}: upgrade Mujaz or point MUJAZ_DB at another database"
                    )
                step = known.index(current) + 1 if current else 0
                if step >= last:
                    return
                _apply(database, known[step])
    finally:
        if database.postgres:
            database.execute("SELECT pg_advisory_unlock(?)", (MIGRATION_LOCK,))


def _up_to_date(database: Database) -> bool:
    newest = newest_version()
    current = current_revision(database) if _has_table(database, "alembic_version") else None
    return current == f"{newest:04d}" and _legacy_version(database) <= newest


def _adopt_legacy(database: Database) -> None:
    """Stamp a store from before Alembic at the revision its schema_version names."""
    if _has_table(database, "alembic_version") or not _has_table(database, "schema_version"):
        return
    version = _legacy_version(database)
    if version:
        from alembic import command

        command.stamp(config(database), f"{version:04d}")


def _legacy_version(database: Database) -> int:
    if not _has_table(database, "schema_version"):
        return 0
    return database.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()["v"] or 0


def _apply(database: Database, revision: str) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    command.upgrade(config(database), revision)
    database.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    script = ScriptDirectory(str(MIGRATIONS)).get_revision(revision)
    title = (script.doc or "").split("\n")[0]
    database.execute(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
        (int(revision), title, datetime.now(UTC).isoformat(timespec="seconds")),
    )
    logger.info("store: applied migration %s (%s)", revision, title)


def _has_table(database: Database, name: str) -> bool:
    return database.connection.dialect.has_table(database.connection, name)
