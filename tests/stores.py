"""Stores as older releases left them: the schema migrated only up to a given migration."""

from __future__ import annotations

from pathlib import Path

from db.database import connect
from db.migrate import MIGRATIONS, migrate
from summaries.store.base import StoreBase
from summaries.store.fts import register_functions


def revision_before(slug: str) -> str:
    """Return the revision just before the migration whose file is named 000N_<slug>.py."""
    [found] = [p.name[:4] for p in (MIGRATIONS / "versions").glob(f"[0-9]*_{slug}.py")]
    return f"{int(found) - 1:04d}"


def store_before(target: Path | str, slug: str) -> None:
    """Create the store at target with every migration applied up to (not including) slug's."""
    database = connect(target, on_sqlite_connect=register_functions)
    try:
        migrate(database, StoreBase(database).transaction, up_to=revision_before(slug))
    finally:
        database.close()
