"""Corpus facts, kept incrementally: statements in, facts and disputes updated where touched.

``fact_statements`` holds one row per figure of a served document, with its
fact key and the fact it joined; ``corpus_facts`` one row per fact (its
representative statement, number of sources, salience, disputed flag);
``fact_disputes`` the pairs of statements that contradict each other (both
directions). A new statement is compared only with the representatives of
its key's facts and, for disputes, with the statements of its key dated
within ``SAME_TIME_DAYS`` (an index on key and date). Removing a document
deletes its statements and pairs and updates the facts they were in. Nothing
else is read: adding a document never regroups the corpus, nor even a key.
The rules themselves are in ``summaries.facts``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import RowMapping

from summaries.facts import better, date_window, disputable, disputes, home, key_facts
from summaries.figures.salience import salience
from summaries.model import CorpusFact, Document, Sources, Statement, Status
from summaries.store.base import StoreBase
from summaries.store.rows import document_from_row, figure_from_row, sources_from_row

_CANDIDATES = 2  # rows read per key fact asked for: a dispute folds two rows into one line
RIVALS_READ = 12  # rivals read per fact of a key list (its line shows a few values)
DOC_IDS_LISTED = 6  # document ids read per fact of a key list (its line shows five)


class FactQueries(StoreBase):
    """Keep corpus facts in step with served documents, and read them back."""

    # -- writes (ingest) -----------------------------------------------------

    def index_document_facts(self, doc_id: int, statements: Sequence[Statement]) -> None:
        """Replace what a document states: its old statements leave, the new ones join facts."""
        with self.transaction():
            self._remove_statements(doc_id)
            for statement in statements:
                self._add_statement(statement)

    def drop_document_facts(self, doc_id: int) -> None:
        """Remove what a document stated (withdrawn, rejected, duplicate); its facts lose a source."""
        with self.transaction():
            self._remove_statements(doc_id)

    def _add_statement(self, s: Statement) -> None:
        facts = self._db.execute(
            "SELECT id, doc_id, position FROM corpus_facts WHERE fact_key = ? ORDER BY id",
            (s.key,),
        ).fetchall()
        reps = [self._statement_at(r["doc_id"], r["position"]) for r in facts]
        facts = [f for f, rep in zip(facts, reps, strict=True) if rep is not None]
        reps = [rep for rep in reps if rep is not None]
        found = home(s, reps)
        if found is None:
            fact_id = self._db.execute(
                """INSERT INTO corpus_facts (fact_key, doc_id, position, sources, named, salience)
                   VALUES (?, ?, ?, 1, ?, ?) RETURNING id""",
                (s.key, s.doc_id, s.position, int(s.named), salience(s.figure)),
            ).fetchone()["id"]
            self._insert_statement(s, fact_id)
        else:
            fact_id, rep = facts[found]["id"], reps[found]
            self._insert_statement(s, fact_id)
            self._refresh_fact(fact_id, s if better(s, rep) else rep)
        if disputable(s):
            self._find_disputes(s, fact_id)

    def _insert_statement(self, s: Statement, fact_id: int) -> None:
        self._db.execute(
            """INSERT INTO fact_statements (doc_id, position, fact_key, fact_id, sentence_id,
               kind, value, unit, surface, label_ar, label_en, hedge, details, places, doc_date,
               named, salience) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            _statement_row(s, fact_id),
        )

    def _find_disputes(self, s: Statement, fact_id: int) -> None:
        """Pair s with the statements of its key, of other facts, that contradict it."""
        window = date_window(s)
        rows = self._db.execute(
            """SELECT * FROM fact_statements WHERE fact_key = ? AND doc_date BETWEEN ? AND ?
               AND doc_id != ? AND fact_id != ?""",
            (s.key, *window, s.doc_id, fact_id),
        ).fetchall()
        pairs, facts = [], {fact_id}
        for row in rows:
            other = _statement(row)
            if disputes(s, other):
                pairs += [(s.doc_id, s.position, other.doc_id, other.position)]
                pairs += [(other.doc_id, other.position, s.doc_id, s.position)]
                facts.add(row["fact_id"])
        if pairs:
            self._db.executemany(
                "INSERT INTO fact_disputes VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", pairs
            )
            self._db.executemany(
                "UPDATE corpus_facts SET disputed = 1 WHERE id = ?", [(f,) for f in facts]
            )

    def _remove_statements(self, doc_id: int) -> None:
        touched = {
            r["fact_id"]
            for r in self._db.execute(
                "SELECT DISTINCT fact_id FROM fact_statements WHERE doc_id = ?", (doc_id,)
            )
        }
        if not touched:
            return
        partners = {
            r["fact_id"]
            for r in self._db.execute(
                """SELECT DISTINCT t.fact_id FROM fact_disputes d JOIN fact_statements t
                   ON t.doc_id = d.doc_b AND t.position = d.pos_b WHERE d.doc_a = ?""",
                (doc_id,),
            )
        }
        self._db.execute("DELETE FROM fact_disputes WHERE doc_a = ? OR doc_b = ?", (doc_id, doc_id))
        self._db.execute("DELETE FROM fact_statements WHERE doc_id = ?", (doc_id,))
        for fact_id in sorted(touched):
            row = self._db.execute(
                "SELECT doc_id, position FROM corpus_facts WHERE id = ?", (fact_id,)
            ).fetchone()
            rep = self._statement_at(row["doc_id"], row["position"])
            if rep is None:  # the representative left: the best of the rest takes over
                rep = self._best_member(fact_id)
            if rep is None:
                self._db.execute("DELETE FROM corpus_facts WHERE id = ?", (fact_id,))
            else:
                self._refresh_fact(fact_id, rep)
        for fact_id in sorted((touched | partners) - {None}):
            self._db.execute(
                """UPDATE corpus_facts SET disputed = CASE WHEN EXISTS (SELECT 1 FROM fact_disputes d
                   JOIN fact_statements s ON s.doc_id = d.doc_a AND s.position = d.pos_a
                   WHERE s.fact_id = corpus_facts.id) THEN 1 ELSE 0 END WHERE id = ?""",
                (fact_id,),
            )

    def _best_member(self, fact_id: int) -> Statement | None:
        best = None
        for row in self._db.execute("SELECT * FROM fact_statements WHERE fact_id = ?", (fact_id,)):
            s = _statement(row)
            if best is None or better(s, best):
                best = s
        return best

    def _refresh_fact(self, fact_id: int, rep: Statement) -> None:
        """Set a fact's representative, its number of sources and its salience."""
        sources = self._db.execute(
            "SELECT COUNT(DISTINCT doc_id) AS n FROM fact_statements WHERE fact_id = ?", (fact_id,)
        ).fetchone()["n"]
        self._db.execute(
            """UPDATE corpus_facts SET doc_id = ?, position = ?, sources = ?, named = ?,
               salience = ? WHERE id = ?""",
            (
                rep.doc_id,
                rep.position,
                sources,
                int(rep.named),
                salience(rep.figure, sources),
                fact_id,
            ),
        )

    # -- reads (bot, CLI) ----------------------------------------------------

    def corpus_key_facts(self, limit: int = 10) -> list[CorpusFact]:
        """Return the corpus's key facts: named, most salient first, a dispute on one line.

        Each carries its representative statement and at most RIVALS_READ
        rivals; ``corpus_fact`` gives one with all of them.
        """
        rows = self._db.execute(
            """SELECT * FROM corpus_facts WHERE named = 1
               ORDER BY salience DESC, sources DESC, id LIMIT ?""",
            (limit * _CANDIDATES,),
        ).fetchall()
        return key_facts([self._fact(r, limit=0) for r in rows], limit)

    def corpus_fact(self, fact_id: int, limit: int | None = None) -> CorpusFact | None:
        """Return one corpus fact with its statements and rivals (at most limit of each).

        None when the fact is gone (a document was added or withdrawn since).
        """
        row = self._db.execute("SELECT * FROM corpus_facts WHERE id = ?", (fact_id,)).fetchone()
        return self._fact(row, limit=limit) if row else None

    def document_statements(self, doc_id: int) -> list[Statement]:
        """Return what a served document states in the corpus, by figure position."""
        rows = self._db.execute(
            "SELECT * FROM fact_statements WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
        return [_statement(r) for r in rows]

    def figure_sources(self, doc_id: int) -> dict[int, tuple[int, bool]]:
        """Return, by figure position, how many documents state each figure and if it is disputed."""
        rows = self._db.execute(
            """SELECT s.position, f.sources, f.disputed FROM fact_statements s
               JOIN corpus_facts f ON f.id = s.fact_id WHERE s.doc_id = ?""",
            (doc_id,),
        )
        return {r["position"]: (r["sources"], bool(r["disputed"])) for r in rows}

    def fact_documents(self, doc_ids: Iterable[int]) -> dict[int, tuple[Document, Sources]]:
        """Return the served documents among doc_ids with their sources, by id."""
        ids = sorted(set(doc_ids))
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(
            f"SELECT * FROM documents WHERE status = ? AND id IN ({marks})",
            (Status.OK.value, *ids),
        )
        return {r["id"]: (document_from_row(r), sources_from_row(r)) for r in rows}

    def count_corpus_facts(self) -> tuple[int, int]:
        """Return (facts, statements) stored for the served documents."""
        facts = self._db.execute("SELECT COUNT(*) AS n FROM corpus_facts").fetchone()["n"]
        statements = self._db.execute("SELECT COUNT(*) AS n FROM fact_statements").fetchone()["n"]
        return facts, statements

    def largest_fact_key(self) -> int:
        """Return how many statements the most stated key holds (the worst case for linking)."""
        row = self._db.execute(
            "SELECT COUNT(*) AS n FROM fact_statements GROUP BY fact_key ORDER BY n DESC LIMIT 1"
        ).fetchone()
        return row["n"] if row else 0

    def _fact(self, row: RowMapping, *, limit: int | None) -> CorpusFact:
        """Return a fact row as a CorpusFact; limit caps statements and rivals (0: a key list)."""
        fact_id = row["id"]
        rep = self._statement_at(row["doc_id"], row["position"])
        cap = "" if limit is None else f" LIMIT {max(limit, DOC_IDS_LISTED)}"
        doc_ids = tuple(
            r["doc_id"]
            for r in self._db.execute(
                "SELECT DISTINCT doc_id FROM fact_statements WHERE fact_id = ? ORDER BY doc_id"
                + cap,
                (fact_id,),
            )
        )
        statements = [rep]
        if limit != 0:
            rows = self._db.execute(
                "SELECT * FROM fact_statements WHERE fact_id = ? ORDER BY doc_id, position"
                + ("" if limit is None else f" LIMIT {limit + 1}"),
                (fact_id,),
            )
            others = [s for s in map(_statement, rows) if s != rep]
            statements += others if limit is None else others[: limit - 1]
        rivals, rival_facts = [], []
        if row["disputed"]:
            found = self._db.execute(
                """SELECT DISTINCT t.* FROM fact_disputes d
                   JOIN fact_statements s ON s.doc_id = d.doc_a AND s.position = d.pos_a
                   JOIN fact_statements t ON t.doc_id = d.doc_b AND t.position = d.pos_b
                   WHERE s.fact_id = ? ORDER BY t.doc_id, t.position"""
                + ("" if limit is None else f" LIMIT {limit or RIVALS_READ}"),
                (fact_id,),
            ).fetchall()
            rivals = [_statement(r) for r in found]
            rival_facts = sorted({r["fact_id"] for r in found})
        return CorpusFact(
            id=fact_id,
            key=row["fact_key"],
            figure=rep.figure,
            statements=tuple(statements),
            salience=row["salience"],
            sources=row["sources"],
            doc_ids=doc_ids,
            disputed=bool(rivals),
            rivals=tuple(rivals),
            rival_facts=tuple(rival_facts),
        )

    def _statement_at(self, doc_id: int, position: int) -> Statement | None:
        row = self._db.execute(
            "SELECT * FROM fact_statements WHERE doc_id = ? AND position = ?", (doc_id, position)
        ).fetchone()
        return _statement(row) if row else None


def _statement_row(s: Statement, fact_id: int) -> tuple:
    f = s.figure
    return (
        s.doc_id,
        s.position,
        s.key,
        fact_id,
        s.sentence_id,
        f.kind,
        f.value,
        f.unit,
        f.surface,
        f.label_ar,
        f.label_en,
        s.hedge,
        json.dumps(list(s.details), ensure_ascii=False),
        json.dumps(list(s.places), ensure_ascii=False),
        s.when,
        int(s.named),
        s.salience,
    )


def _statement(r: RowMapping) -> Statement:
    figure = figure_from_row(r)
    return Statement(
        doc_id=r["doc_id"],
        position=r["position"],
        sentence_id=r["sentence_id"],
        figure=figure,
        key=r["fact_key"],
        hedge=r["hedge"],
        details=tuple(json.loads(r["details"])),
        places=tuple(json.loads(r["places"])),
        when=r["doc_date"],
        named=bool(r["named"]),
        salience=r["salience"],
    )
