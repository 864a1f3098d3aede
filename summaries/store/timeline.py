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
from other documents' reports of the same event, so the year-less entries of
the months a document reports on are decided again when it comes or goes
(one pass per month); dropping a document removes its entries and refreshes
the date and keys of only the events they were in. Nothing else in the
corpus is recomputed. What is one event is decided in ``summaries/timeline.py``.

Each entry also keeps what ``/timeline WORDS`` searches (``words``: the
sentence normalised, its English, the English clause) and the topics its
sentence supports (``topics``), so a filtered timeline reads one table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from sqlalchemy.engine import RowMapping

from summaries.model import TimelineEntry
from summaries.store.timeline_reads import ANCHORED, TimelineReads
from summaries.timeline import (
    CONFLICT_DAYS,
    agreed_year,
    context_years,
    contradicts,
    precision,
    same_event,
    with_year,
)


class TimelineQueries(TimelineReads):
    """Keep the merged timeline in step with the documents, and read it."""

    # -- hooks: save_briefing, mark and withdraw call these ------------------------

    def timeline_saved(self, doc_id: int, entries: Sequence[TimelineEntry]) -> None:
        """Replace a document's timeline entries and merge them (inside save_briefing)."""
        self.timeline_dropped(doc_id)
        if not entries:
            return
        words, topics = self._entry_search(doc_id, {e.sentence_id for e in entries})
        self._db.executemany(
            """INSERT INTO timeline_entries (doc_id, position, written, date, month, year_from,
               surface, clause_ar, clause_en, sentence_id, keys, words, topics)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
                    _keys(e.keys),
                    f"{words.get(e.sentence_id, '')} {e.clause_en.lower()}",
                    json.dumps(topics.get(e.sentence_id, [])),
                )
                for i, e in enumerate(entries)
            ],
        )
        for i, entry in enumerate(entries):
            if entry.year_from in ANCHORED:
                self._place(doc_id, i)
        # Its own year-less dates, and other documents' the new reports may date.
        for month in sorted({_month(e.date) for e in entries}):
            self._redate_month(month)

    def timeline_dropped(self, doc_id: int) -> None:
        """Remove a document's entries from the timeline (withdrawn, rejected, replaced)."""
        rows = self._db.execute(
            "SELECT event_id, month, year_from FROM timeline_entries WHERE doc_id = ?", (doc_id,)
        ).fetchall()
        if not rows:
            return
        self._db.execute("DELETE FROM timeline_entries WHERE doc_id = ?", (doc_id,))
        for event_id in sorted({r["event_id"] for r in rows if r["event_id"] is not None}):
            self._refresh(event_id)
        for month in sorted({r["month"] for r in rows if r["year_from"] in ANCHORED}):
            self._redate_month(month)  # the years it gave other documents' dates go with it

    def _entry_search(
        self, doc_id: int, sids: set[str]
    ) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Return what /timeline searches of these sentences of a saved document, by sentence id.

        The words: a sentence normalised and its English lower-cased; the
        topics: those the sentence supports (from doc_topics, saved before).
        """
        marks = ", ".join("?" for _ in sids)
        words = {
            r["sid"]: f"{r['norm']} {(r['english'] or '').lower()}"
            for r in self._db.execute(
                f"SELECT sid, norm, english FROM sentences WHERE doc_id = ? AND sid IN ({marks})",
                (doc_id, *sorted(sids)),
            )
        }
        topics: dict[str, list[str]] = {}
        for r in self._db.execute(
            "SELECT topic_id, sentence_ids FROM doc_topics WHERE doc_id = ?", (doc_id,)
        ):
            for sid in json.loads(r["sentence_ids"]):
                topics.setdefault(sid, []).append(r["topic_id"])
        return words, topics

    # -- merging -------------------------------------------------------------------

    def _redate_month(self, month: int) -> None:
        """Date every year-less entry of a month from the reports with a year (changed ones move).

        The month's reports are read once and year-less entries with the same
        date and keys (the same sentence in several documents) decided once.
        """
        open_rows = self._db.execute(
            """SELECT * FROM timeline_entries WHERE month = ? AND year_from NOT IN (?, ?)
               ORDER BY doc_id, position""",
            (month, *ANCHORED),
        ).fetchall()
        if not open_rows:
            return
        days = sorted({r["written"][5:7] for r in open_rows})
        anchors = [  # only the days asked about, and whole-month reports
            (r["doc_id"], r["date"], json.loads(r["keys"]))
            for r in self._db.execute(
                f"""SELECT doc_id, date, keys FROM timeline_entries
                    WHERE month = ? AND year_from IN (?, ?)
                    AND (length(date) = 7 OR substr(date, 9, 2) IN ({", ".join("?" for _ in days)}))""",
                (month, *ANCHORED, *days),
            )
        ]
        decided: dict[tuple[str, str], dict[int, set[int]]] = {}
        for row in open_rows:
            group = (row["written"], row["keys"])
            if group not in decided:
                decided[group] = context_years(row["written"], json.loads(row["keys"]), anchors)
            found = agreed_year(decided[group], without=row["doc_id"])
            when = with_year(row["written"], found[0]) if found else None
            docs = json.dumps(list(found[1]) if found else [])
            key = (row["doc_id"], row["position"])
            if when == row["date"]:
                if docs != row["context_docs"]:
                    self._db.execute(
                        "UPDATE timeline_entries SET context_docs = ? WHERE doc_id = ? AND position = ?",
                        (docs, *key),
                    )
                continue
            self._db.execute(
                """UPDATE timeline_entries SET date = ?, year_from = ?, context_docs = ?,
                   event_id = NULL WHERE doc_id = ? AND position = ?""",
                (when, "context" if found else "", docs, *key),
            )
            if row["event_id"] is not None:
                self._refresh(row["event_id"])
            if when is not None:
                self._place(*key)

    def _place(self, doc_id: int, position: int) -> None:
        """Put a dated entry into the event it reports, or a new one; then check for conflicts."""
        row = self._db.execute(
            "SELECT date, keys FROM timeline_entries WHERE doc_id = ? AND position = ?",
            (doc_id, position),
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
            event_id = self._db.execute(
                "INSERT INTO timeline_events (date, keys) VALUES (?, ?) RETURNING id",
                (when, _keys(keys)),
            ).fetchone()["id"]
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
        if best is None or best["date"] != when or len(merged) > len(json.loads(best["keys"])):
            self._find_conflicts(event_id)

    def _candidates(self, when: str) -> list[RowMapping]:
        """Return the events a report of that date could be: same date, or day within month."""
        if precision(when) == "day":
            sql, params = "date = ? OR date = ?", (when, when[:7])
        else:
            sql, params = "date = ? OR date LIKE ?", (when, when + "-__")
        return self._db.execute(
            f"SELECT * FROM timeline_events WHERE {sql} ORDER BY id", params
        ).fetchall()

    def _refresh(self, event_id: int) -> None:
        """Make an event's date and keys those of the entries left in it (one went away).

        The reports left stay one event: each joined it sharing keys with it,
        and a merged timeline that splits events on a withdrawal would move
        lines under a reader for no news.
        """
        left = self._db.execute(
            "SELECT date, keys FROM timeline_entries WHERE event_id = ?", (event_id,)
        ).fetchall()
        if not left:
            self._db.execute("DELETE FROM timeline_events WHERE id = ?", (event_id,))
            self._db.execute(
                "DELETE FROM timeline_conflicts WHERE a = ? OR b = ?", (event_id, event_id)
            )
            return
        days = sorted({r["date"] for r in left if precision(r["date"]) == "day"})
        when = days[0] if days else min(r["date"] for r in left)
        keys = set().union(*(json.loads(r["keys"]) for r in left))
        self._db.execute(
            "UPDATE timeline_events SET date = ?, keys = ? WHERE id = ?",
            (when, _keys(keys), event_id),
        )
        self._find_conflicts(event_id)

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
        keys = json.loads(event["keys"])
        for other in near:
            if contradicts(event["date"], keys, other["date"], json.loads(other["keys"])):
                if not self._event_docs(event_id) & self._event_docs(other["id"]):
                    pair = sorted((event_id, other["id"]))
                    self._db.execute(
                        "INSERT INTO timeline_conflicts VALUES (?, ?) ON CONFLICT DO NOTHING", pair
                    )

    def _event_docs(self, event_id: int) -> set[int]:
        rows = self._db.execute(
            "SELECT DISTINCT doc_id FROM timeline_entries WHERE event_id = ?", (event_id,)
        )
        return {r["doc_id"] for r in rows}


def _keys(keys: Iterable[str]) -> str:
    return json.dumps(sorted(keys), ensure_ascii=False)


def _month(iso: str) -> int:
    return int(iso[2:4]) if iso.startswith("--") else int(iso[5:7])
