"""Ingest-side writes: one document's briefing replaced in one transaction."""

from __future__ import annotations

import json
from datetime import datetime

from summaries.errors import UnknownDocument
from summaries.facts import statements_of
from summaries.model import (
    Briefing,
    Document,
    Status,
)
from summaries.store.facts import FactQueries
from summaries.store.rows import document_from_row
from summaries.store.schema import iso, utc_now
from summaries.store.search import SearchQueries
from summaries.store.timeline import TimelineQueries
from summaries.words import tokens


class DocumentWrites(TimelineQueries, FactQueries, SearchQueries):
    """Save, mark and withdraw documents."""

    # -- writes (ingest) -----------------------------------------------------

    def document_by_name(self, name: str) -> Document | None:
        """Return the record of the file called name, whatever its status."""
        row = self._db.execute("SELECT * FROM documents WHERE name = ?", (name,)).fetchone()
        return document_from_row(row) if row else None

    def duplicate_of(self, text_hash: str, name: str) -> Document | None:
        """Return a served document with the same cleaned text under another name."""
        row = self._db.execute(
            "SELECT * FROM documents WHERE text_hash = ? AND name != ? AND status = ? ORDER BY id",
            (text_hash, name, Status.OK.value),
        ).fetchone()
        return document_from_row(row) if row else None

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
                   english_backend = ?, english_translated = ?, title_origin = ?, title_en_origin = ?
                   WHERE id = ?""",
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
                    s.title_origin,
                    s.title_en_origin,
                    doc_id,
                ),
            )
            # A signature belongs to the text it was made from: the caller saves the new one.
            for table in (
                *("sentences", "figures", "doc_topics"),
                *("doc_signatures", "doc_bands", "doc_source_keys"),
            ):
                self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            self._db.executemany(
                "INSERT INTO sentences (doc_id, sid, position, paragraph, kind, text, norm) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, x.id, i, x.paragraph, x.kind.value, x.text, " ".join(tokens(x.text)))
                    for i, x in enumerate(briefing.segmented.sentences)
                ],
            )
            self._save_english(doc_id, english)
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
            self.timeline_saved(doc_id, briefing.timeline)  # issue 12: store/timeline.py
            self.index_document_facts(doc_id, statements_of(doc_id, briefing))  # store/facts.py
            self._index_document(doc_id)
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
            self._not_served(doc_id)
            return self._get(doc_id)

    def withdraw(self, name: str, now: datetime | None = None) -> Document:
        """Withdraw a file that left seeds/: hidden from answers, history kept."""
        with self.transaction():
            self._db.execute(
                "UPDATE documents SET status = ?, reason = ?, ingested_at = ? WHERE name = ?",
                (Status.WITHDRAWN.value, "file removed from seeds/", iso(now or utc_now()), name),
            )
            document = self.document_by_name(name)
            if document is not None:
                self._not_served(document.id)
        if document is None:
            raise UnknownDocument(name)
        return document

    def _not_served(self, doc_id: int) -> None:
        """Take a document no longer served out of the timeline, the corpus facts and search."""
        self.timeline_dropped(doc_id)
        self.drop_document_facts(doc_id)  # the facts it shared lose a source
        self._index_document(doc_id)

    def _upsert_document(
        self, name: str, *, content_hash, text_hash, status, reason, size, pipeline_version, now
    ) -> int:
        when = iso(now or utc_now())
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

    def _get(self, doc_id: int) -> Document:
        return document_from_row(
            self._db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        )
