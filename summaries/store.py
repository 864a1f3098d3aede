"""The SQLite store: the only module in Mujaz that speaks SQL.

The schema is versioned: ``MIGRATIONS`` is an ordered list, each applied in
one transaction together with its row in ``schema_version``, so a failed
migration leaves the database as it was. A database written by a newer Mujaz
is refused rather than misread. Timestamps are UTC ISO-8601 text.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from summaries.errors import SchemaTooNew, UnknownDocument
from summaries.model import (
    Briefing,
    Digest,
    Document,
    English,
    Figure,
    Kind,
    Paragraph,
    Passage,
    Segmented,
    Sentence,
    Sources,
    Status,
    StoredBriefing,
    TopicMatch,
)
from summaries.words import normalize, tokens

logger = logging.getLogger(__name__)

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


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class Store:
    """A migrated SQLite database of documents and their briefings."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        self._depth = 0

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) and migrate the database at path; ":memory:" works too."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        if str(path) != ":memory:":
            # WAL lets the bot read while an ingest writes.
            connection.execute("PRAGMA journal_mode = WAL")
        store = cls(connection)
        store.migrate()
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
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
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"the database has schema version {current}, this Mujaz knows up to "
                f"{SCHEMA_VERSION}: upgrade Mujaz or point MUJAZ_DB at another file"
            )
        for version, (name, sql) in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction():
                for statement in _statements(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, _iso(utc_now())),
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

    # -- writes (ingest) -----------------------------------------------------

    def document_by_name(self, name: str) -> Document | None:
        """Return the record of the file called name, whatever its status."""
        row = self._db.execute("SELECT * FROM documents WHERE name = ?", (name,)).fetchone()
        return _document(row) if row else None

    def duplicate_of(self, text_hash: str, name: str) -> Document | None:
        """Return a served document with the same cleaned text under another name."""
        row = self._db.execute(
            "SELECT * FROM documents WHERE text_hash = ? AND name != ? AND status = ? ORDER BY id",
            (text_hash, name, Status.OK.value),
        ).fetchone()
        return _document(row) if row else None

    def save_briefing(
        self,
        name: str,
        *,
        content_hash: str,
        text_hash: str,
        size: int,
        pipeline_version: str,
        briefing: Briefing,
        now: datetime | None = None,
    ) -> Document:
        """Store a file's briefing, replacing any earlier record of the same file name."""
        s = briefing.sources
        english = briefing.english
        with self.transaction():
            doc_id = self._upsert_document(
                name,
                content_hash=content_hash,
                text_hash=text_hash,
                status=Status.OK,
                reason=None,
                size=size,
                pipeline_version=pipeline_version,
                now=now,
            )
            self._db.execute(
                """UPDATE documents SET title = ?, title_en = ?, publisher = ?, authors = ?, date = ?,
                   urls = ?, language = ?, digest_method = ?, digest_ids = ?, english_digest = ?,
                   english_backend = ?, english_translated = ? WHERE id = ?""",
                (
                    s.title,
                    s.title_en,
                    s.publisher,
                    json.dumps(list(s.authors), ensure_ascii=False),
                    s.date,
                    json.dumps(list(s.urls), ensure_ascii=False),
                    s.language,
                    briefing.digest.method,
                    json.dumps([x.id for x in briefing.digest.sentences]),
                    english.digest if english else None,
                    english.backend if english else None,
                    int(english.translated) if english else 0,
                    doc_id,
                ),
            )
            for table in ("sentences", "figures", "doc_topics"):
                self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            self._db.executemany(
                "INSERT INTO sentences (doc_id, sid, position, paragraph, kind, text, norm) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, x.id, i, x.paragraph, x.kind.value, x.text, " ".join(tokens(x.text)))
                    for i, x in enumerate(briefing.segmented.sentences)
                ],
            )
            self._db.executemany(
                "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc_id,
                        i,
                        f.kind,
                        f.value,
                        f.unit,
                        f.surface,
                        f.label_ar,
                        f.label_en,
                        f.sentence_id,
                    )
                    for i, f in enumerate(briefing.figures)
                ],
            )
            self._db.executemany(
                "INSERT INTO doc_topics VALUES (?, ?, ?, ?)",
                [
                    (doc_id, t.topic_id, t.score, json.dumps(list(t.sentence_ids)))
                    for t in briefing.topics
                ],
            )
            return self._get(doc_id)

    def mark(
        self,
        name: str,
        status: Status,
        *,
        reason: str | None = None,
        content_hash: str = "",
        size: int = 0,
        pipeline_version: str = "",
        now: datetime | None = None,
    ) -> Document:
        """Record a rejected or duplicate file, keeping any briefing stored for it before."""
        with self.transaction():
            doc_id = self._upsert_document(
                name,
                content_hash=content_hash,
                text_hash=None,
                status=status,
                reason=reason,
                size=size,
                pipeline_version=pipeline_version,
                now=now,
            )
            return self._get(doc_id)

    def withdraw(self, name: str, now: datetime | None = None) -> Document:
        """Withdraw a file that left seeds/: hidden from answers, history kept."""
        with self.transaction():
            self._db.execute(
                "UPDATE documents SET status = ?, reason = ?, ingested_at = ? WHERE name = ?",
                (Status.WITHDRAWN.value, "file removed from seeds/", _iso(now or utc_now()), name),
            )
            document = self.document_by_name(name)
        if document is None:
            raise UnknownDocument(name)
        return document

    def user_language(self, user_id: int) -> str | None:
        """Return the language a user chose ("ar" or "en"), None if they never chose."""
        row = self._db.execute("SELECT lang FROM users WHERE user_id = ?", (user_id,)).fetchone()
        return row["lang"] if row else None

    def set_user_language(self, user_id: int, lang: str, now: datetime | None = None) -> None:
        """Remember a user's language."""
        self._db.execute(
            "INSERT INTO users (user_id, lang, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at",
            (user_id, lang, _iso(now or utc_now())),
        )

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def _upsert_document(
        self, name: str, *, content_hash, text_hash, status, reason, size, pipeline_version, now
    ) -> int:
        when = _iso(now or utc_now())
        self._db.execute(
            """INSERT INTO documents (name, content_hash, text_hash, status, reason, size, ingested_at, pipeline_version)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (name) DO UPDATE SET content_hash = excluded.content_hash,
                 text_hash = excluded.text_hash, status = excluded.status, reason = excluded.reason,
                 size = excluded.size, ingested_at = excluded.ingested_at,
                 pipeline_version = excluded.pipeline_version""",
            (name, content_hash, text_hash, status.value, reason, size, when, pipeline_version),
        )
        return self._db.execute("SELECT id FROM documents WHERE name = ?", (name,)).fetchone()["id"]

    # -- reads (bot, CLI) ----------------------------------------------------

    def documents(self, *, status: Status | None = Status.OK) -> list[Document]:
        """Return documents with that status (all when None), newest first."""
        sql, params = "SELECT * FROM documents", ()
        if status is not None:
            sql, params = sql + " WHERE status = ?", (status.value,)
        rows = self._db.execute(sql + " ORDER BY COALESCE(date, '') DESC, id DESC", params)
        return [_document(r) for r in rows]

    def find_document(self, ref: str | int) -> Document:
        """Return the served document with that short id or file name (with or without suffix)."""
        ref = str(ref).strip()
        if ref.isdigit():
            row = self._db.execute(
                "SELECT * FROM documents WHERE id = ? AND status = ?", (int(ref), Status.OK.value)
            ).fetchone()
        else:
            row = self._db.execute(
                "SELECT * FROM documents WHERE status = ? AND (name = ? OR name LIKE ? || '.%') ORDER BY id",
                (Status.OK.value, ref, ref),
            ).fetchone()
        if row is None:
            raise UnknownDocument(f"no document {ref!r}: see the list with `mujaz show` or /digest")
        return _document(row)

    def briefing(self, ref: str | int) -> StoredBriefing:
        """Return one served document with everything stored for it."""
        document = self.find_document(ref)
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (document.id,)).fetchone()
        segmented = self._segmented(document.id)
        by_id = {s.id: s for s in segmented.sentences}
        digest = Digest(
            sentences=tuple(by_id[i] for i in json.loads(row["digest_ids"]) if i in by_id),
            method=row["digest_method"] or "",
        )
        english = None
        if row["english_digest"] is not None:
            english = English(
                row["english_digest"], row["english_backend"], bool(row["english_translated"])
            )
        briefing = Briefing(
            segmented=segmented,
            digest=digest,
            figures=self.figures(document.id),
            topics=self.topics_of(document.id),
            sources=_sources(row),
            english=english,
        )
        return StoredBriefing(document=document, briefing=briefing)

    def figures(self, doc_id: int) -> tuple[Figure, ...]:
        rows = self._db.execute(
            "SELECT * FROM figures WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
        return tuple(
            Figure(
                r["kind"],
                r["value"],
                r["unit"],
                r["surface"],
                r["label_ar"],
                r["label_en"],
                r["sentence_id"],
            )
            for r in rows
        )

    def topics_of(self, doc_id: int) -> tuple[TopicMatch, ...]:
        rows = self._db.execute(
            "SELECT * FROM doc_topics WHERE doc_id = ? ORDER BY score DESC", (doc_id,)
        )
        return tuple(
            TopicMatch(r["topic_id"], r["score"], tuple(json.loads(r["sentence_ids"])))
            for r in rows
        )

    def topic_counts(self) -> dict[str, int]:
        """Return how many served documents cover each topic."""
        rows = self._db.execute(
            """SELECT t.topic_id, COUNT(*) AS n FROM doc_topics t JOIN documents d ON d.id = t.doc_id
               WHERE d.status = ? GROUP BY t.topic_id""",
            (Status.OK.value,),
        )
        return {r["topic_id"]: r["n"] for r in rows}

    def topic_passages(
        self, topic_id: str, *, per_document: int = 2, limit: int = 8
    ) -> list[Passage]:
        """Return the best sentences on a topic across served documents, strongest documents first."""
        rows = self._db.execute(
            """SELECT t.score, t.sentence_ids, d.* FROM doc_topics t JOIN documents d ON d.id = t.doc_id
               WHERE t.topic_id = ? AND d.status = ? ORDER BY t.score DESC, d.id""",
            (topic_id, Status.OK.value),
        )
        passages: list[Passage] = []
        for row in rows:  # lazily: the first few documents fill the limit
            for sid in json.loads(row["sentence_ids"])[:per_document]:
                sentence = self._sentence(row["id"], sid)
                if sentence is not None:
                    passages.append(Passage(_document(row), _sources(row), sentence, row["score"]))
            if len(passages) >= limit:
                break
        return passages[:limit]

    def search(self, query: str, *, limit: int = 10) -> list[Passage]:
        """Return sentences holding every word of query, Arabic-normalised, best documents first."""
        words = tokens(query)
        if not words:
            return []
        clause = " AND ".join("s.norm LIKE ?" for _ in words)
        rows = self._db.execute(
            f"""SELECT s.sid, s.paragraph, s.kind, s.text, d.* FROM sentences s
                JOIN documents d ON d.id = s.doc_id
                WHERE d.status = ? AND {clause} ORDER BY d.id DESC, s.position LIMIT ?""",
            (Status.OK.value, *[f"%{normalize(w)}%" for w in words], limit),
        )
        return [
            Passage(
                _document(r),
                _sources(r),
                Sentence(r["sid"], r["text"], r["paragraph"], Kind(r["kind"])),
                1.0,
            )
            for r in rows
        ]

    def _get(self, doc_id: int) -> Document:
        return _document(
            self._db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        )

    def _sentence(self, doc_id: int, sid: str) -> Sentence | None:
        row = self._db.execute(
            "SELECT * FROM sentences WHERE doc_id = ? AND sid = ?", (doc_id, sid)
        ).fetchone()
        return (
            Sentence(row["sid"], row["text"], row["paragraph"], Kind(row["kind"])) if row else None
        )

    def _segmented(self, doc_id: int) -> Segmented:
        rows = self._db.execute(
            "SELECT * FROM sentences WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
        paragraphs: dict[int, list[Sentence]] = {}
        kinds: dict[int, Kind] = {}
        for r in rows:
            kinds.setdefault(r["paragraph"], Kind(r["kind"]))
            paragraphs.setdefault(r["paragraph"], []).append(
                Sentence(r["sid"], r["text"], r["paragraph"], Kind(r["kind"]))
            )
        return Segmented(tuple(Paragraph(i, kinds[i], tuple(ss)) for i, ss in paragraphs.items()))

    # -- bot -----------------------------------------------------------------

    def count_documents(self) -> int:
        """Return how many documents are served."""
        row = self._db.execute(
            "SELECT COUNT(*) AS n FROM documents WHERE status = ?", (Status.OK.value,)
        ).fetchone()
        return row["n"]

    def date_range(self) -> tuple[str | None, str | None]:
        """Return the earliest and latest date known for a served document (None, None if none)."""
        row = self._db.execute(
            "SELECT MIN(date) AS first, MAX(date) AS last FROM documents "
            "WHERE status = ? AND date IS NOT NULL",
            (Status.OK.value,),
        ).fetchone()
        return row["first"], row["last"]

    def listing(
        self, *, offset: int = 0, limit: int | None = None
    ) -> list[tuple[Document, Sources]]:
        """Return served documents with their sources, newest first (as documents()), one page."""
        rows = self._db.execute(
            "SELECT * FROM documents WHERE status = ? ORDER BY COALESCE(date, '') DESC, id DESC "
            "LIMIT ? OFFSET ?",
            (Status.OK.value, -1 if limit is None else limit, offset),
        )
        return [(_document(r), _sources(r)) for r in rows]

    def figure_groups(
        self, *, offset: int = 0, limit: int | None = None
    ) -> list[tuple[Document, Sources, tuple[Figure, ...]]]:
        """Return one page of served documents (newest first) with their figures."""
        return [(d, s, self.figures(d.id)) for d, s in self.listing(offset=offset, limit=limit)]

    def topic_figures(
        self, topic_id: str, *, limit: int = 5
    ) -> list[tuple[Document, Sources, tuple[Figure, ...]]]:
        """Return the topic's supporting figures per document: the limit strongest with any."""
        rows = self._db.execute(
            """SELECT t.sentence_ids, d.* FROM doc_topics t JOIN documents d ON d.id = t.doc_id
               WHERE t.topic_id = ? AND d.status = ? ORDER BY t.score DESC, d.id""",
            (topic_id, Status.OK.value),
        )
        groups = []
        for row in rows:  # lazily: most topics have their figures in the first few rows
            supporting = set(json.loads(row["sentence_ids"]))
            figures = tuple(f for f in self.figures(row["id"]) if f.sentence_id in supporting)
            if figures:
                groups.append((_document(row), _sources(row), figures))
            if len(groups) >= limit:
                break
        return groups

    def english_backends(self) -> dict[str, int]:
        """Return how many served documents each English backend wrote (empty: none yet)."""
        rows = self._db.execute(
            """SELECT english_backend AS backend, COUNT(*) AS n FROM documents
               WHERE status = ? AND english_backend IS NOT NULL GROUP BY english_backend""",
            (Status.OK.value,),
        )
        return {r["backend"]: r["n"] for r in rows}


def _statements(sql: str) -> Sequence[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        name=row["name"],
        content_hash=row["content_hash"],
        status=Status(row["status"]),
        size=row["size"],
        ingested_at=datetime.fromisoformat(row["ingested_at"]),
        pipeline_version=row["pipeline_version"],
        reason=row["reason"],
    )


def _sources(row: sqlite3.Row) -> Sources:
    return Sources(
        title=row["title"],
        title_en=row["title_en"],
        publisher=row["publisher"],
        authors=tuple(json.loads(row["authors"])),
        date=row["date"],
        urls=tuple(json.loads(row["urls"])),
        language=row["language"],
    )
