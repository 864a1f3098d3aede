"""Is the store usable? ``mujaz health`` (a container's health check) asks this module.

It opens the database without migrating or creating anything, runs one
query and compares the schema revision with the newest this Mujaz knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db.database import connect, is_url, safe_target
from db.migrate import current_revision, newest_version
from summaries.errors import StoreUnavailable


@dataclass(frozen=True, slots=True)
class Health:
    """What one look at the store found."""

    target: str  # MUJAZ_DB without its password
    engine: str  # "sqlite" or "postgresql"
    revision: str | None  # None: an empty database
    newest: str

    @property
    def ok(self) -> bool:
        """Return True when the store answers and is migrated to this Mujaz's schema."""
        return self.revision == self.newest

    def describe(self) -> str:
        """Return one line for the health check's output."""
        where = f"{self.engine} store MUJAZ_DB {self.target}"
        if self.ok:
            return f"ok: {where} answers, schema revision {self.revision}"
        found = f"at schema revision {self.revision}" if self.revision else "empty"
        return f"{where} answers but is {found}; `mujaz run` migrates it to {self.newest}"


def check(target: str | Path) -> Health:
    """Return the health of the store at target; StoreUnavailable when it cannot be opened."""
    if not is_url(target) and not Path(target).is_file():
        raise StoreUnavailable(f"MUJAZ_DB {target}: no SQLite store there yet")
    database = connect(target)
    try:
        database.execute("SELECT 1 AS alive")
        revision = current_revision(database)
        engine = "postgresql" if database.postgres else "sqlite"
    finally:
        database.close()
    return Health(
        target=safe_target(target),
        engine=engine,
        revision=revision,
        newest=f"{newest_version():04d}",
    )
