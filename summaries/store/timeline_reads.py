"""Reads of the merged timeline: events in date order, filtered, with their sources.

The tables and how they are kept up to date are described in
``summaries/store/timeline.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import RowMapping

from summaries.model import Status, TimelineEntry, TimelineEvent, TimelineSource
from summaries.store.base import StoreBase
from summaries.store.rows import document_from_row, sources_from_row
from summaries.store.sql import contains, page_limit
from summaries.words import normalize, tokens

ANCHORED = ("text", "document")  # entries whose year their own document gives
SOURCES_KEPT = 5  # sources read per event (an event reported hundreds of times says so)
_SOURCE_COLUMNS = """t.event_id, t.date AS entry_date, t.clause_ar, t.clause_en, t.sentence_id,
    t.year_from, d.*"""


class TimelineReads(StoreBase):
    """What the bot, the CLI and the push ask of the timeline."""

    def timeline(
        self,
        *,
        words: str | None = None,
        topic_id: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[TimelineEvent]:
        """Return timeline events in date order, reported in served documents (one page).

        ``topic_id`` keeps events reported in a sentence on that topic;
        ``words`` those whose sentence (Arabic-normalised) or English clause
        holds every word.
        """
        where, params = self._filter(words, topic_id)
        rows = self._db.execute(
            f"""SELECT ev.id FROM timeline_events ev WHERE {where}
                ORDER BY ev.date, ev.id LIMIT ? OFFSET ?""",
            (*params, page_limit(limit), offset),
        )
        return self._events([r["id"] for r in rows])

    def count_timeline(self, *, words: str | None = None, topic_id: str | None = None) -> int:
        """Return how many events timeline() would give without a limit."""
        where, params = self._filter(words, topic_id)
        row = self._db.execute(
            f"SELECT COUNT(*) AS n FROM timeline_events ev WHERE {where}", params
        ).fetchone()
        return row["n"]

    def timeline_of_documents(self, doc_ids: Iterable[int]) -> list[TimelineEvent]:
        """Return the events the documents report, in date order (the push's "new on the timeline")."""
        ids = sorted(set(doc_ids))
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(
            f"""SELECT DISTINCT ev.id, ev.date FROM timeline_events ev
                JOIN timeline_entries t ON t.event_id = ev.id
                WHERE t.doc_id IN ({marks}) ORDER BY ev.date, ev.id""",
            ids,
        )
        return self._events([r["id"] for r in rows], first=ids)

    def timeline_entries(self, doc_id: int) -> tuple[TimelineEntry, ...]:
        """Return a document's entries as extracted (the year as its own document gives it)."""
        rows = self._db.execute(
            "SELECT * FROM timeline_entries WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
        return tuple(_entry(r) for r in rows)

    def _filter(self, words: str | None, topic_id: str | None) -> tuple[str, list[object]]:
        member = ["t.event_id = ev.id", "d.status = ?"]
        params: list[object] = [Status.OK.value]
        if topic_id is not None:  # t.topics: the sentence's topics, JSON
            member.append(contains(self._db.postgres, "t.topics"))
            params.append(json.dumps(topic_id))
        for word in tokens(words or ""):  # t.words: the sentence normalised, English lower-cased
            member.append(contains(self._db.postgres, "t.words"))
            params.append(normalize(word))
        sql = f"""EXISTS (SELECT 1 FROM timeline_entries t JOIN documents d ON d.id = t.doc_id
                  WHERE {" AND ".join(member)})"""
        return sql, params

    def _events(self, ids: Sequence[int], first: Sequence[int] = ()) -> list[TimelineEvent]:
        """Return the events with these ids (in this order), each with its served sources.

        The reports of the documents ``first`` lead their events' sources (the
        push names the day's documents, even on an event with hundreds of reports).
        """
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        events = {
            r["id"]: r
            for r in self._db.execute(f"SELECT * FROM timeline_events WHERE id IN ({marks})", ids)
        }
        members = self._sources(ids, first)
        conflicts: dict[int, list[int]] = {}
        for r in self._db.execute(
            f"SELECT a, b FROM timeline_conflicts WHERE a IN ({marks}) OR b IN ({marks}) "
            "ORDER BY a, b",
            (*ids, *ids),
        ):
            conflicts.setdefault(r["a"], []).append(r["b"])
            conflicts.setdefault(r["b"], []).append(r["a"])
        others = sorted({o for i in ids for o in conflicts.get(i, ())} - set(members))
        if others:
            members |= self._sources(others)
        counts = self._report_counts(ids)
        found = []
        for event_id in ids:
            sources = tuple(members.get(event_id, ()))
            if not sources:
                continue  # every report of it is in a withdrawn document
            disputed = tuple(s for o in conflicts.get(event_id, ()) for s in members.get(o, ()))
            when, reports = events[event_id]["date"], counts.get(event_id, len(sources))
            found.append(TimelineEvent(event_id, when, sources, disputed, reports))
        return found

    def _sources(
        self, ids: Sequence[int], first: Sequence[int] = ()
    ) -> dict[int, list[TimelineSource]]:
        """Return the first SOURCES_KEPT sources of each event: the most precise date first.

        One indexed range per event (timeline_entries_event has the order), so
        an event reported by hundreds of documents costs what one with five
        does. Reports of the documents ``first`` come before all others.
        """
        grouped: dict[int, list[TimelineSource]] = {}
        marks = ", ".join("?" for _ in first)
        for event_id in ids:
            rows = list(
                self._db.execute(
                    f"""SELECT {_SOURCE_COLUMNS} FROM timeline_entries t
                        JOIN documents d ON d.id = t.doc_id
                        WHERE t.event_id = ? AND t.doc_id IN ({marks}) AND d.status = ?
                        ORDER BY t.doc_id, t.position""",
                    (event_id, *first, Status.OK.value),
                )
                if first
                else ()
            )
            rows += self._db.execute(
                f"""SELECT {_SOURCE_COLUMNS}
                   FROM (SELECT doc_id, position FROM timeline_entries WHERE event_id = ?
                         ORDER BY event_id, length(date) != 10, year_from = 'context', doc_id,
                         position LIMIT ?) k
                   JOIN timeline_entries t ON t.doc_id = k.doc_id AND t.position = k.position
                   JOIN documents d ON d.id = k.doc_id WHERE d.status = ?
                   ORDER BY length(t.date) != 10, t.year_from = 'context', t.doc_id, t.position""",
                (event_id, SOURCES_KEPT, Status.OK.value),
            ).fetchall()
            seen: set[tuple[int, str]] = set()
            for r in rows:
                if (r["id"], r["sentence_id"]) in seen:
                    continue
                seen.add((r["id"], r["sentence_id"]))
                grouped.setdefault(event_id, []).append(
                    TimelineSource(
                        document_from_row(r),
                        sources_from_row(r),
                        r["entry_date"],
                        r["clause_ar"],
                        r["clause_en"],
                        r["sentence_id"],
                        r["year_from"],
                    )
                )
        return grouped

    def _report_counts(self, ids: Sequence[int]) -> dict[int, int]:
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(
            f"""SELECT t.event_id, COUNT(*) AS n FROM timeline_entries t
                JOIN documents d ON d.id = t.doc_id
                WHERE t.event_id IN ({marks}) AND d.status = ? GROUP BY t.event_id""",
            (*ids, Status.OK.value),
        )
        return {r["event_id"]: r["n"] for r in rows}


def _entry(row: RowMapping) -> TimelineEntry:
    return TimelineEntry(
        row["written"],
        row["surface"],
        row["clause_ar"],
        row["clause_en"],
        row["sentence_id"],
        tuple(json.loads(row["keys"])),
        row["year_from"] if row["year_from"] in ANCHORED else "",
    )
