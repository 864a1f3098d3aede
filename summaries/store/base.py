"""The connection, migrations and transactions every part of the store shares."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Self

from summaries.errors import SchemaTooNew
from summaries.store.fts import register_functions, require_fts5
from summaries.store.schema import MIGRATIONS, SCHEMA_VERSION, iso, statements, utc_now

logger = logging.getLogger(__name__)


class StoreBase:
    """A migrated SQLite connection; the table families add their queries as mixins."""

    """A migrated SQLite database of documents and their briefings."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        register_functions(self._db)
        self._depth = 0

    @classmethod
    def open(cls, path: Path | str) -> Self:
        """Open (creating if needed) and migrate the database at path; ":memory:" works too."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        if str(path) != ":memory:":
            # WAL lets the bot read while an ingest writes. NORMAL syncs at
            # checkpoints, not at every commit: a killed process loses nothing
            # committed (only a power cut can lose the last commits), and each
            # delivery-log commit drops from about 9 ms to 1 ms of blocked loop.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        store = cls(connection)
        store.migrate()
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------

    def schema_version(self) -> int:
        """Return the highest applied migration, 0 for an empty database."""
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        row = self._db.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()
        return row["v"] or 0

    def migrate(self) -> None:
        """Apply pending migrations in order; refuse a database newer than this code."""
        require_fts5(self._db)  # search needs it, on an old store as on a new one
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"the database has schema version {current}, this Mujaz knows up to "
                f"{SCHEMA_VERSION}: upgrade Mujaz or point MUJAZ_DB at another file"
            )
        for version, (name, sql) in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction():
                for statement in statements(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, iso(utc_now())),
                )
            logger.info("store: applied migration %s (%s)", version, name)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction; nested blocks become savepoints."""
        if self._depth == 0:
            self._db.execute("BEGIN IMMEDIATE")
        else:
            self._db.execute(f"SAVEPOINT sp{self._depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._db.execute("ROLLBACK")
            else:
                self._db.execute(f"ROLLBACK TO sp{self._depth}")
                self._db.execute(f"RELEASE sp{self._depth}")
            raise
        self._depth -= 1
        if self._depth == 0:
            self._db.execute("COMMIT")
        else:
            self._db.execute(f"RELEASE sp{self._depth}")

    def user_language(self, user_id: int) -> str | None:
        """Return the language a user chose ("ar" or "en"), None if they never chose."""
        row = self._db.execute("SELECT lang FROM users WHERE user_id = ?", (user_id,)).fetchone()
        return row["lang"] if row else None

    def set_user_language(self, user_id: int, lang: str, now: datetime | None = None) -> None:
        """Remember a user's language."""
        self._db.execute(
            "INSERT INTO users (user_id, lang, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at",
            (user_id, lang, iso(now or utc_now())),
        )

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None
