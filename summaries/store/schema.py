"""The schema of the Mujaz store: an ordered list of migrations, never edited once released.

Each migration is applied in one transaction together with its row in
``schema_version``, so a failed migration leaves the database as it was. Add a
new migration at the end; never change one that has shipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "documents",
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL,
            text_hash TEXT,
            status TEXT NOT NULL,
            reason TEXT,
            size INTEGER NOT NULL,
            ingested_at TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            title TEXT, title_en TEXT, publisher TEXT, authors TEXT NOT NULL DEFAULT '[]',
            date TEXT, urls TEXT NOT NULL DEFAULT '[]', language TEXT NOT NULL DEFAULT 'ar',
            digest_method TEXT, digest_ids TEXT NOT NULL DEFAULT '[]',
            english_digest TEXT, english_backend TEXT, english_translated INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX documents_text_hash ON documents (text_hash);
        CREATE TABLE sentences (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            sid TEXT NOT NULL,
            position INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            norm TEXT NOT NULL,
            PRIMARY KEY (doc_id, sid)
        );
        CREATE TABLE figures (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, surface TEXT NOT NULL,
            label_ar TEXT NOT NULL, label_en TEXT NOT NULL, sentence_id TEXT NOT NULL,
            PRIMARY KEY (doc_id, position)
        );
        CREATE TABLE doc_topics (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            topic_id TEXT NOT NULL,
            score REAL NOT NULL,
            sentence_ids TEXT NOT NULL,
            PRIMARY KEY (doc_id, topic_id)
        );
        CREATE INDEX doc_topics_topic ON doc_topics (topic_id);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        "users",
        """
        CREATE TABLE users (
            user_id INTEGER PRIMARY KEY,
            lang TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def utc_now() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Return moment as UTC ISO-8601 text, the one timestamp format in the store."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def statements(sql: str) -> Sequence[str]:
    """Return the statements of a migration script, one per ';'."""
    return [s.strip() for s in sql.split(";") if s.strip()]
