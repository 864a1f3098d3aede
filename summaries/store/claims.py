"""File claims (issue 13): several instances on one database never ingest one file twice.

Before an instance ingests a version of a drop-zone file it claims it:
one row per (file name, content hash), taken with ``INSERT ... ON CONFLICT``
so exactly one instance wins, even when two try in the same instant. The
row is deleted once the ingest is stored (the document row is then the
record of what was done). A claim carries ``expires_at``: its owner pushes
it forward while it works (``extend_claims``, a heartbeat), so the claim of
an instance that died expires and another instance may take it over; the
file is never lost. Claim times are the wall clock's (liveness, not
document time). Withdrawals claim the name with the hash ``gone:<hash>``.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from summaries.store.base import StoreBase
from summaries.store.schema import iso, utc_now

# How long a claim lives without a heartbeat: one file's ingest fits well
# inside it, and the file of a dead instance waits at most this long.
CLAIM_TTL = timedelta(minutes=3)


def instance_name() -> str:
    """Return this process's claim owner name: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


class ClaimQueries(StoreBase):
    """Claims on drop-zone files, so that one instance ingests each version of a file."""

    def claim_file(
        self,
        name: str,
        content_hash: str,
        *,
        owner: str,
        now: datetime | None = None,
        ttl: timedelta = CLAIM_TTL,
    ) -> bool:
        """Claim one version of a file for owner; return False if a live claim of another holds it.

        An expired claim is taken over; owner's own claim is renewed.
        """
        now = now or utc_now()
        row = self._db.execute(
            "INSERT INTO file_claims (name, content_hash, owner, claimed_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (name, content_hash) DO UPDATE SET owner = excluded.owner, "
            "claimed_at = excluded.claimed_at, expires_at = excluded.expires_at "
            "WHERE file_claims.owner = excluded.owner "
            "OR file_claims.expires_at <= excluded.claimed_at "
            "RETURNING owner",
            (name, content_hash, owner, iso(now), iso(now + ttl)),
        ).fetchone()
        return row is not None

    def release_file(self, name: str, content_hash: str, *, owner: str) -> None:
        """Drop owner's claim on one version of a file (its ingest is stored, or failed)."""
        self._db.execute(
            "DELETE FROM file_claims WHERE name = ? AND content_hash = ? AND owner = ?",
            (name, content_hash, owner),
        )

    def extend_claims(
        self,
        owner: str | None = None,
        *,
        now: datetime | None = None,
        ttl: timedelta = CLAIM_TTL,
    ) -> int:
        """Push every claim of owner (default: this process) to now + ttl; return how many.

        The heartbeat of an instance at work.
        """
        until = iso((now or utc_now()) + ttl)
        return self._db.execute(
            "UPDATE file_claims SET expires_at = ? WHERE owner = ?",
            (until, owner or instance_name()),
        ).rowcount

    def expired_claims(self, now: datetime | None = None) -> list[str]:
        """Return the names of files whose claim expired (their instance died), sorted."""
        rows = self._db.execute(
            "SELECT DISTINCT name FROM file_claims WHERE expires_at <= ? ORDER BY name",
            (iso(now or utc_now()),),
        )
        return [row["name"] for row in rows]

    def take_expired_claims(self, now: datetime | None = None) -> list[str]:
        """Delete the expired claims and return their file names, sorted, to ingest them again.

        Of several instances sweeping at once, each expired claim goes to one.
        """
        rows = self._db.execute(
            "DELETE FROM file_claims WHERE expires_at <= ? RETURNING name",
            (iso(now or utc_now()),),
        )
        return sorted({row["name"] for row in rows})

    def file_claims(self) -> list[tuple[str, str, str]]:
        """Return every claim as (name, content hash, owner), by name (for logs and tests)."""
        rows = self._db.execute(
            "SELECT name, content_hash, owner FROM file_claims ORDER BY name, content_hash"
        )
        return [(r["name"], r["content_hash"], r["owner"]) for r in rows]
