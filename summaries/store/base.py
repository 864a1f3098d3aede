"""The connection, migrations and transactions every part of the store shares."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from db.database import Database, connect
from db.migrate import current_revision, migrate
from summaries.store.fts import register_functions, require_fts5

logger = logging.getLogger(__name__)


class StoreBase:
    """A migrated SQLite or PostgreSQL database; the table families add their queries as mixins."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._depth = 0

    @classmethod
    def open(cls, target: Path | str) -> Self:
        """Open (creating if needed) and migrate the store at target.

        target is a SQLite file path (":memory:" works too) or a postgresql:// URL.
        """
        store = cls(connect(target, on_sqlite_connect=register_functions))
        store.migrate()
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> str:
        """Return "sqlite" or "postgresql"."""
        return "postgresql" if self._db.postgres else "sqlite"

    # -- schema --------------------------------------------------------------

    def schema_version(self) -> int:
        """Return the highest applied migration, 0 for an empty database."""
        return int(current_revision(self._db) or 0)

    def migrate(self) -> None:
        """Apply pending migrations in order; refuse a database newer than this code."""
        if not self._db.postgres:
            require_fts5(self._db)  # search needs it, on an old store as on a new one
        migrate(self._db, self.transaction)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction; nested blocks become savepoints."""
        if self._depth == 0:
            self._db.begin()  # SQLite: BEGIN IMMEDIATE, so two writers never deadlock
        else:
            self._db.savepoint(f"sp{self._depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._db.rollback()
            else:
                self._db.rollback_to(f"sp{self._depth}")
            raise
        self._depth -= 1
        if self._depth == 0:
            self._db.commit()
        else:
            self._db.release(f"sp{self._depth}")

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None
