"""Read-side queries: what the bot and the CLI ask of stored briefings."""

from __future__ import annotations

import json
from datetime import datetime

from summaries.errors import UnknownDocument
from summaries.model import (
    Briefing,
    Digest,
    Document,
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
from summaries.store.rows import document_from_row, figure_from_row, sources_from_row
from summaries.store.schema import iso
from summaries.store.search import SearchQueries
from summaries.store.sql import like_any_case, page_limit
from summaries.store.timeline import TimelineQueries


class BriefingReads(TimelineQueries, SearchQueries):
    """Documents, briefings, figures, topics and search, as model objects."""

    def documents(self, *, status: Status | None = Status.OK) -> list[Document]:
        """Return documents with that status (all when None), newest first."""
        sql, params = "SELECT * FROM documents", ()
        if status is not None:
            sql, params = sql + " WHERE status = ?", (status.value,)
        rows = self._db.execute(sql + " ORDER BY COALESCE(date, '') DESC, id DESC", params)
        return [document_from_row(r) for r in rows]

    def documents_added(
        self, since: datetime, until: datetime, *, limit: int = 10
    ) -> list[Document]:
        """Return served documents ingested in (since, until], newest first, at most limit."""
        rows = self._db.execute(
            "SELECT * FROM documents WHERE status = ? AND ingested_at > ? AND ingested_at <= ? "
            "ORDER BY ingested_at DESC, id DESC LIMIT ?",
            (Status.OK.value, iso(since), iso(until), limit),
        )
        return [document_from_row(r) for r in rows]

    def find_document(self, ref: str | int) -> Document:
        """Return the served document with that short id or file name (with or without suffix)."""
        ref = str(ref).strip()
        if ref.isdigit():
            row = self._db.execute(
                "SELECT * FROM documents WHERE id = ? AND status = ?", (int(ref), Status.OK.value)
            ).fetchone()
        else:
            row = self._db.execute(
                "SELECT * FROM documents WHERE status = ? "
                f"AND (name = ? OR name {like_any_case(self._db.postgres)} ? || '.%') ORDER BY id",
                (Status.OK.value, ref, ref),
            ).fetchone()
        if row is None and ref.isdigit() and (newer := self.successor(int(ref))) is not None:
            return newer  # an article replaced by its updated version: /digest N shows that
        if row is None:
            raise UnknownDocument(f"no document {ref!r}: see the list with `mujaz show` or /digest")
        return document_from_row(row)

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
        english = self._english_of(row)
        briefing = Briefing(
            segmented=segmented,
            digest=digest,
            figures=self.figures(document.id),
            topics=self.topics_of(document.id),
            sources=sources_from_row(row),
            english=english,
            timeline=self.timeline_entries(document.id),
        )
        return StoredBriefing(document=document, briefing=briefing)

    def figures(self, doc_id: int) -> tuple[Figure, ...]:
        rows = self._db.execute(
            "SELECT * FROM figures WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
        return tuple(figure_from_row(r) for r in rows)

    def topics_of(self, doc_id: int) -> tuple[TopicMatch, ...]:
        """Return a document's topics, best first; a tie by topic id (in Python: no collation)."""
        rows = self._db.execute("SELECT * FROM doc_topics WHERE doc_id = ?", (doc_id,))
        topics = (
            TopicMatch(r["topic_id"], r["score"], tuple(json.loads(r["sentence_ids"])))
            for r in rows
        )
        return tuple(sorted(topics, key=lambda t: (-t.score, t.topic_id)))

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
                found = self._sentence(row["id"], sid)
                if found is not None:
                    document, sources = document_from_row(row), sources_from_row(row)
                    sentence, english = found
                    passages.append(Passage(document, sources, sentence, row["score"], english))
            if len(passages) >= limit:
                break
        return passages[:limit]

    def _sentence(self, doc_id: int, sid: str) -> tuple[Sentence, str | None] | None:
        """Return a stored sentence and its English (None when not translated)."""
        row = self._db.execute(
            "SELECT * FROM sentences WHERE doc_id = ? AND sid = ?", (doc_id, sid)
        ).fetchone()
        if row is None:
            return None
        sentence = Sentence(row["sid"], row["text"], row["paragraph"], Kind(row["kind"]))
        return sentence, row["english"]

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
            (Status.OK.value, page_limit(limit), offset),
        )
        return [(document_from_row(r), sources_from_row(r)) for r in rows]

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
                groups.append((document_from_row(row), sources_from_row(row), figures))
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
