"""The schema of the Mujaz store: an ordered list of migrations, never edited once released.

Each migration is applied in one transaction together with its row in
``schema_version``, so a failed migration leaves the database as it was. Add a
new migration at the end; never change one that has shipped.
"""

from __future__ import annotations

import sqlite3
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
    (
        "subscriptions",
        """
        CREATE TABLE subscriptions (
            chat_id INTEGER PRIMARY KEY,
            chat_type TEXT NOT NULL,
            time TEXT NOT NULL,
            tz TEXT NOT NULL,
            lang TEXT NOT NULL,
            topics TEXT NOT NULL DEFAULT '[]',
            skip_empty INTEGER NOT NULL DEFAULT 0,
            silent INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            inactive_reason TEXT,
            next_send TEXT NOT NULL,
            last_sent_date TEXT,
            covered_until TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX subscriptions_due ON subscriptions (active, next_send);
        """,
    ),
    (
        "deliveries",
        """
        CREATE TABLE deliveries (
            chat_id INTEGER NOT NULL,
            local_date TEXT NOT NULL,
            part INTEGER NOT NULL,
            status TEXT NOT NULL,
            message_id INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            in_doubt INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, local_date, part)
        );
        CREATE INDEX deliveries_status ON deliveries (status);
        CREATE TABLE push_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            deliveries INTEGER NOT NULL DEFAULT 0,
            finished INTEGER NOT NULL DEFAULT 0,
            sent INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            inactive INTEGER NOT NULL DEFAULT 0,
            rate_limited INTEGER NOT NULL DEFAULT 0,
            waited_seconds REAL NOT NULL DEFAULT 0,
            uncertain INTEGER NOT NULL DEFAULT 0
        );
        """,
    ),
    (
        "names",
        """
        CREATE TABLE doc_names (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            arabic TEXT NOT NULL,
            english TEXT NOT NULL,
            kind TEXT NOT NULL,
            count INTEGER NOT NULL,
            source TEXT NOT NULL,
            sentence_ids TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (doc_id, position)
        );
        CREATE INDEX doc_names_english ON doc_names (english);
        ALTER TABLE documents ADD COLUMN english_authors TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE sentences ADD COLUMN english TEXT;
        """,
    ),
    (
        "title_origins",
        """
        ALTER TABLE documents ADD COLUMN title_origin TEXT;
        ALTER TABLE documents ADD COLUMN title_en_origin TEXT;
        """,
    ),
    (
        # issue 12: every served document's figures as statements keyed by what
        # they count; a corpus fact is the statements of one key and value.
        "corpus_facts",
        """
        CREATE TABLE corpus_facts (
            id INTEGER PRIMARY KEY,
            fact_key TEXT NOT NULL,
            doc_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            disputed INTEGER NOT NULL DEFAULT 0,
            named INTEGER NOT NULL,
            salience REAL NOT NULL
        );
        CREATE INDEX corpus_facts_key ON corpus_facts (fact_key, id);
        CREATE INDEX corpus_facts_rank ON corpus_facts (named, salience DESC, sources DESC);
        CREATE TABLE fact_statements (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            fact_key TEXT NOT NULL,
            fact_id INTEGER NOT NULL REFERENCES corpus_facts (id),
            sentence_id TEXT NOT NULL,
            kind TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, surface TEXT NOT NULL,
            label_ar TEXT NOT NULL, label_en TEXT NOT NULL,
            hedge TEXT NOT NULL, details TEXT NOT NULL, places TEXT NOT NULL, doc_date TEXT,
            named INTEGER NOT NULL, salience REAL NOT NULL,
            PRIMARY KEY (doc_id, position)
        );
        CREATE INDEX fact_statements_key_date ON fact_statements (fact_key, doc_date);
        CREATE INDEX fact_statements_fact ON fact_statements (fact_id, doc_id);
        CREATE TABLE fact_disputes (
            doc_a INTEGER NOT NULL, pos_a INTEGER NOT NULL,
            doc_b INTEGER NOT NULL, pos_b INTEGER NOT NULL,
            PRIMARY KEY (doc_a, pos_a, doc_b, pos_b)
        );
        CREATE INDEX fact_disputes_b ON fact_disputes (doc_b, pos_b);
        """,
    ),
    (
        "near duplicates",
        # One MinHash signature per document (summaries.similar), its LSH
        # bucket keys and its link and title keys, so a new file meets only the
        # documents sharing a bucket or a key.
        # Documents stored before this migration are signed from their stored
        # sentences by the next ingest (summaries.duplicates.sign_stored).
        """
        CREATE TABLE doc_signatures (
            doc_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            scheme TEXT NOT NULL,
            shingles INTEGER NOT NULL,
            signature BLOB NOT NULL
        );
        CREATE TABLE doc_bands (
            bucket INTEGER NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            PRIMARY KEY (bucket, doc_id)
        ) WITHOUT ROWID;
        CREATE INDEX doc_bands_doc ON doc_bands (doc_id);
        CREATE TABLE doc_source_keys (
            key TEXT NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            PRIMARY KEY (key, doc_id)
        ) WITHOUT ROWID;
        CREATE INDEX doc_source_keys_doc ON doc_source_keys (doc_id);
        ALTER TABLE documents ADD COLUMN superseded_by INTEGER;
        """,
    ),
    (
        # issue 12: dated events per document, merged into one timeline (summaries/store/timeline.py)
        "timeline",
        """
        CREATE TABLE timeline_entries (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            written TEXT NOT NULL,
            date TEXT,
            month INTEGER NOT NULL,
            year_from TEXT NOT NULL,
            context_docs TEXT NOT NULL DEFAULT '[]',
            surface TEXT NOT NULL,
            clause_ar TEXT NOT NULL,
            clause_en TEXT NOT NULL,
            sentence_id TEXT NOT NULL,
            keys TEXT NOT NULL,
            words TEXT NOT NULL DEFAULT '',
            topics TEXT NOT NULL DEFAULT '[]',
            event_id INTEGER,
            PRIMARY KEY (doc_id, position)
        );
        CREATE INDEX timeline_entries_month ON timeline_entries (month, year_from);
        CREATE INDEX timeline_entries_event ON timeline_entries
            (event_id, (length(date) != 10), (year_from = 'context'), doc_id, position);
        CREATE TABLE timeline_events (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            keys TEXT NOT NULL
        );
        CREATE INDEX timeline_events_date ON timeline_events (date);
        CREATE TABLE timeline_conflicts (
            a INTEGER NOT NULL,
            b INTEGER NOT NULL,
            PRIMARY KEY (a, b)
        );
        CREATE INDEX timeline_conflicts_b ON timeline_conflicts (b);
        """,
    ),
    (
        # Ranked full-text search (issue 13), filled from the served documents
        # already stored; summaries/store/fts.py explains the rowids and
        # columns. mujaz_stems() is the Python function every Store connection
        # registers (the ISRI stems the pipeline uses).
        "search",
        """
        CREATE VIRTUAL TABLE sentence_search USING fts5 (norm, stems, english);
        CREATE VIRTUAL TABLE name_search USING fts5 (english);
        INSERT INTO sentence_search (rowid, norm, stems, english)
            SELECT (s.doc_id << 24) + s.position, s.norm, mujaz_stems(s.norm), s.english
            FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE d.status = 'ok';
        INSERT INTO name_search (rowid, english)
            SELECT (n.doc_id << 24) + n.position, n.english
            FROM doc_names n JOIN documents d ON d.id = n.doc_id WHERE d.status = 'ok';
        CREATE TRIGGER documents_leave_search AFTER DELETE ON documents BEGIN
            DELETE FROM sentence_search WHERE rowid BETWEEN old.id << 24 AND (old.id << 24) + 16777215;
            DELETE FROM name_search WHERE rowid BETWEEN old.id << 24 AND (old.id << 24) + 16777215;
        END;
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
    """Return the statements of a migration script, one per ';' that ends a complete statement.

    A trigger body holds ';' of its own: sqlite3.complete_statement says when
    its END has been reached.
    """
    found, pending = [], ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                found.append(pending.strip().removesuffix(";"))
            pending = ""
    return found
