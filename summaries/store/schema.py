"""What the store's rows share: the schema version and the one timestamp format.

The schema itself is the numbered sequence of migrations in ``db/migrations``
(Alembic), for both engines. Each is applied in one transaction together with
its version row, so a failed migration leaves the database as it was. Add a
new migration at the end; never change one that has shipped.
"""

from __future__ import annotations

from datetime import UTC, datetime

from db.migrate import newest_version

SCHEMA_VERSION = newest_version()


def utc_now() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Return moment as UTC ISO-8601 text, the one timestamp format in the store."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")
