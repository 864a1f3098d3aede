"""The timeline: each document's dated events, merged into events across documents.

Tables (migration "timeline"): ``timeline_entries`` holds every served
document's ``TimelineEntry`` rows with the date the timeline uses (NULL while
the year is open) and the event they belong to; ``timeline_events`` one row
per merged event (its date, the union of its reports' keys);
``timeline_conflicts`` the pairs of events that read as one event with two
different dates.

It is kept up to date incrementally, inside the transaction that saves or
drops a document (``timeline_saved`` / ``timeline_dropped``, called by
``save_briefing``, ``mark`` and ``withdraw``): a new document's entries join
an event of the same date or start one; a year-less entry takes its year
from another document's report of the same event (and is re-dated when such
reports come or go); dropping a document removes its entries and re-forms
only the events they were in. Nothing else in the corpus is recomputed.
What is one event is decided in ``summaries/timeline.py``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from summaries.model import Status, TimelineEntry, TimelineEvent, TimelineSource
from summaries.store.base import StoreBase
from summaries.store.rows import document_from_row, sources_from_row
from summaries.timeline import (
    CONFLICT_DAYS,
    context_year,
    contradicts,
    precision,
    same_event,
    with_year,
)
from summaries.words import has_arabic, normalize, tokens

ANCHORED = ("text", "document")  # entries whose year their own document gives


class TimelineQueries(StoreBase):
    """Keep the merged timeline in step with the documents, and read it."""

    # -- hooks: save_briefing, mark and withdraw call these ------------------------

    def timeline_saved(self, doc_id: int, entries: Sequence[TimelineEntry]) -> None:
        """Replace a document's timeline entries and merge them (inside save_briefing)."""
        self.timeline_dropped(doc_id)
        self._db.executemany(
            """INSERT INTO timeline_entries (doc_id, position, written, date, month, year_from,
               surface, clause_ar, clause_en, sentence_id, keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    doc_id,
                    i,
                    e.date,
                    None if precision(e.date) == "open" else e.date,
                    _month(e.date),
                    e.year_from,
                    e.surface,
                    e.clause_ar,
                    e.clause_en,
                    e.sentence_id,
                    json.dumps(list(e.keys), ensure_ascii=False),
                )
                for i, e in enumerate(entries)
            ],
        )
        for row in self._entries("doc_id = ?", (doc_id,)):
            if row["date"] is None:
                self._resolve(row)
            else:
                self._place(row["doc_id"], row["position"])
        anchors = [e for e in entries if e.year_from in ANCHORED]
        self._redate_open(doc_id, anchors)

    def timeline_dropped(self, doc_id: int) -> None:
        """Remove a document's entries from the timeline (withdrawn, rejected, replaced)."""
        rows = self._entries("doc_id = ?", (doc_id,))
        if not rows:
            return
        events = {r["event_id"] for r in rows if r["event_id"] is not None}
        self._db.execute("DELETE FROM timeline_entries WHERE doc_id = ?", (doc_id,))
        for event_id in sorted(events):
            self._reform(event_id)
        dated_by = self._db.execute(
            """SELECT t.* FROM timeline_entries t, json_each(t.context_docs) j
               WHERE t.year_from = 'context' AND j.value = ?""",
            (doc_id,),
        ).fetchall()
        for row in dated_by:
            self._resolve(row)

    # -- merging -------------------------------------------------------------------

    def _entries(self, where: str, params: Sequence[object]) -> list[sqlite3.Row]:
        return self._db.execute(
            f"SELECT * FROM timeline_entries WHERE {where} ORDER BY doc_id, position", params
        ).fetchall()

    def _resolve(self, row: sqlite3.Row) -> None:
        """Date a year-less entry from other documents' reports (or leave it out), re-placing it."""
        anchors = self._db.execute(
            """SELECT doc_id, date, keys FROM timeline_entries
               WHERE month = ? AND year_from IN (?, ?) AND doc_id != ?""",
            (row["month"], *ANCHORED, row["doc_id"]),
        )
        found = context_year(
            row["written"],
            json.loads(row["keys"]),
            ((a["doc_id"], a["date"], json.loads(a["keys"])) for a in anchors),
        )
        when = with_year(row["written"], found[0]) if found else None
        docs = json.dumps(list(found[1]) if found else [])
        key = (row["doc_id"], row["position"])
        if when == row["date"]:  # same date, maybe other witnesses: it stays where it is
            self._db.execute(
                "UPDATE timeline_entries SET context_docs = ? WHERE doc_id = ? AND position = ?",
                (docs, *key),
            )
            return
        self._db.execute(
            """UPDATE timeline_entries SET date = ?, year_from = ?, context_docs = ?, event_id = NULL
               WHERE doc_id = ? AND position = ?""",
            (when, "context" if found else "", docs, *key),
        )
        if row["event_id"] is not None:
            self._reform(row["event_id"])
        if when is not None:
            self._place(*key)

    def _redate_open(self, doc_id: int, anchors: Sequence[TimelineEntry]) -> None:
        """Re-date other documents' year-less entries the new document's reports may date."""
        for month in sorted({_month(a.date) for a in anchors}):
            rows = self._db.execute(
                """SELECT * FROM timeline_entries WHERE month = ? AND year_from IN ('', 'context')
                   AND doc_id != ?""",
                (month, doc_id),
            ).fetchall()
            for row in rows:
                keys = json.loads(row["keys"])
                mine = [(doc_id, a.date, a.keys) for a in anchors if _month(a.date) == month]
                if context_year(row["written"], keys, mine) is not None:
                    self._resolve(row)

    def _place(self, doc_id: int, position: int) -> None:
        """Put a dated entry into the event it reports, or a new one; then check for conflicts."""
        row = self._db.execute(
            "SELECT * FROM timeline_entries WHERE doc_id = ? AND position = ?", (doc_id, position)
        ).fetchone()
        when, keys = row["date"], set(json.loads(row["keys"]))
        best, best_shared = None, 0
        for event in self._candidates(when):
            event_keys = set(json.loads(event["keys"]))
            if same_event(when, keys, event["date"], event_keys):
                shared = len(keys & event_keys)
                if shared > best_shared:
                    best, best_shared = event, shared
        if best is None:
            cursor = self._db.execute(
                "INSERT INTO timeline_events (date, keys) VALUES (?, ?)", (when, _keys(keys))
            )
            event_id = cursor.lastrowid
        else:
            event_id = best["id"]
            merged = keys | set(json.loads(best["keys"]))
            day = when if precision(when) == "day" else best["date"]  # the more precise date
            self._db.execute(
                "UPDATE timeline_events SET date = ?, keys = ? WHERE id = ?",
                (day, _keys(merged), event_id),
            )
        self._db.execute(
            "UPDATE timeline_entries SET event_id = ? WHERE doc_id = ? AND position = ?",
            (event_id, doc_id, position),
        )
        self._find_conflicts(event_id)

    def _candidates(self, when: str) -> list[sqlite3.Row]:
        """Return the events a report of that date could be: same date, or day within month."""
        if precision(when) == "day":
            sql, params = "date = ? OR date = ?", (when, when[:7])
        else:
            sql, params = "date = ? OR date LIKE ?", (when, when + "-__")
        return self._db.execute(
            f"SELECT * FROM timeline_events WHERE {sql} ORDER BY id", params
        ).fetchall()

    def _reform(self, event_id: int) -> None:
        """Form an event again from the entries left in it (one of them went away)."""
        left = self._entries("event_id = ?", (event_id,))
        self._db.execute("DELETE FROM timeline_events WHERE id = ?", (event_id,))
        self._db.execute(
            "DELETE FROM timeline_conflicts WHERE a = ? OR b = ?", (event_id, event_id)
        )
        self._db.execute(
            "UPDATE timeline_entries SET event_id = NULL WHERE event_id = ?", (event_id,)
        )
        for row in left:
            if row["date"] is not None:
                self._place(row["doc_id"], row["position"])

    def _find_conflicts(self, event_id: int) -> None:
        """Record the events up to CONFLICT_DAYS away that read as this one with another date."""
        self._db.execute(
            "DELETE FROM timeline_conflicts WHERE a = ? OR b = ?", (event_id, event_id)
        )
        event = self._db.execute(
            "SELECT * FROM timeline_events WHERE id = ?", (event_id,)
        ).fetchone()
        if precision(event["date"]) != "day":
            return
        day = date.fromisoformat(event["date"])
        span = (day - timedelta(CONFLICT_DAYS)).isoformat(), (day + timedelta(CONFLICT_DAYS))
        near = self._db.execute(
            """SELECT * FROM timeline_events WHERE date BETWEEN ? AND ? AND length(date) = 10
               AND id != ?""",
            (span[0], span[1].isoformat(), event_id),
        ).fetchall()
        if not near:
            return
        keys, docs = json.loads(event["keys"]), self._event_docs(event_id)
        for other in near:
            if contradicts(event["date"], keys, other["date"], json.loads(other["keys"])):
                if not docs & self._event_docs(other["id"]):
                    pair = sorted((event_id, other["id"]))
                    self._db.execute("INSERT OR IGNORE INTO timeline_conflicts VALUES (?, ?)", pair)

    def _event_docs(self, event_id: int) -> set[int]:
        rows = self._db.execute(
            "SELECT DISTINCT doc_id FROM timeline_entries WHERE event_id = ?", (event_id,)
        )
        return {r["doc_id"] for r in rows}

    # -- reads (bot, CLI, push) ------------------------------------------------------

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
            (*params, -1 if limit is None else limit, offset),
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
        return self._events([r["id"] for r in rows])

    def timeline_entries(self, doc_id: int) -> tuple[TimelineEntry, ...]:
        """Return a document's entries as extracted (the year as its own document gives it)."""
        return tuple(_entry(r) for r in self._entries("doc_id = ?", (doc_id,)))

    def _filter(self, words: str | None, topic_id: str | None) -> tuple[str, list[object]]:
        member = ["t.event_id = ev.id", "d.status = ?"]
        params: list[object] = [Status.OK.value]
        if topic_id is not None:
            member.append(
                """EXISTS (SELECT 1 FROM doc_topics dt, json_each(dt.sentence_ids) j
                   WHERE dt.doc_id = t.doc_id AND dt.topic_id = ? AND j.value = t.sentence_id)"""
            )
            params.append(topic_id)
        for word in tokens(words or ""):
            pattern = f"%{normalize(word)}%"
            if has_arabic(word):
                member.append("s.norm LIKE ?")
                params.append(pattern)
            else:
                member.append(
                    "(s.norm LIKE ? OR LOWER(t.clause_en) LIKE ? OR LOWER(COALESCE(s.english, '')) LIKE ?)"
                )
                params += [pattern, pattern, pattern]
        sql = f"""EXISTS (SELECT 1 FROM timeline_entries t JOIN documents d ON d.id = t.doc_id
                  JOIN sentences s ON s.doc_id = t.doc_id AND s.sid = t.sentence_id
                  WHERE {" AND ".join(member)})"""
        return sql, params

    def _events(self, ids: Sequence[int]) -> list[TimelineEvent]:
        """Return the events with these ids (in this order), each with its served sources."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        events = {
            r["id"]: r
            for r in self._db.execute(f"SELECT * FROM timeline_events WHERE id IN ({marks})", ids)
        }
        members = self._sources(f"t.event_id IN ({marks})", ids)
        conflicts: dict[int, list[int]] = {}
        for r in self._db.execute(
            f"SELECT a, b FROM timeline_conflicts WHERE a IN ({marks}) OR b IN ({marks})",
            (*ids, *ids),
        ):
            conflicts.setdefault(r["a"], []).append(r["b"])
            conflicts.setdefault(r["b"], []).append(r["a"])
        others = sorted({o for i in ids for o in conflicts.get(i, ())} - set(members))
        if others:
            omarks = ", ".join("?" for _ in others)
            members |= self._sources(f"t.event_id IN ({omarks})", others)
        found = []
        for event_id in ids:
            sources = members.get(event_id, ())
            if not sources:
                continue  # every report of it is in a withdrawn document
            disputed = tuple(s for o in conflicts.get(event_id, ()) for s in members.get(o, ()))
            found.append(TimelineEvent(event_id, events[event_id]["date"], sources, disputed))
        return found

    def _sources(
        self, where: str, params: Sequence[object]
    ) -> dict[int, tuple[TimelineSource, ...]]:
        rows = self._db.execute(
            f"""SELECT t.event_id, t.date AS entry_date, t.clause_ar, t.clause_en, t.sentence_id,
                   t.year_from, d.* FROM timeline_entries t JOIN documents d ON d.id = t.doc_id
                WHERE {where} AND d.status = ? ORDER BY t.event_id, d.id, t.position""",
            (*params, Status.OK.value),
        )
        grouped: dict[int, list[TimelineSource]] = {}
        for r in rows:
            grouped.setdefault(r["event_id"], []).append(
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
        return {k: _lead_first(v) for k, v in grouped.items()}


def _lead_first(sources: list[TimelineSource]) -> tuple[TimelineSource, ...]:
    """Return the sources with the one giving the most precise date (then the first) in front."""
    ordered = sorted(sources, key=lambda s: (precision(s.date) != "day", s.year_from == "context"))
    return tuple(ordered)


def _entry(row: sqlite3.Row) -> TimelineEntry:
    return TimelineEntry(
        row["written"],
        row["surface"],
        row["clause_ar"],
        row["clause_en"],
        row["sentence_id"],
        tuple(json.loads(row["keys"])),
        row["year_from"] if row["year_from"] in ANCHORED else "",
    )


def _keys(keys: Iterable[str]) -> str:
    return json.dumps(sorted(keys), ensure_ascii=False)


def _month(iso: str) -> int:
    return int(iso[2:4]) if iso.startswith("--") else int(iso[5:7])
