"""Corpus facts: the statements of every served document, and the facts they make.

``fact_statements`` holds one row per figure of a served document with its
fact key (indexed); ``corpus_facts`` one row per fact (a key's statements of
one value), with its salience, number of sources and, when disputed, its
rivals. Adding, changing or withdrawing a document touches only the keys of
its own statements: their small groups are regrouped (``summaries.facts``),
nothing else is recomputed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from summaries.facts import group_facts, key_facts
from summaries.model import CorpusFact, Document, Figure, Sources, Statement, Status
from summaries.store.base import StoreBase
from summaries.store.rows import document_from_row, sources_from_row

_CANDIDATES = 4  # rows read per key fact asked for: disputes fold two rows into one line


class FactQueries(StoreBase):
    """Keep corpus facts in step with served documents, and read them back."""

    # -- writes (ingest) -----------------------------------------------------

    def index_document_facts(self, doc_id: int, statements: Sequence[Statement]) -> None:
        """Replace a document's statements and regroup the facts of every key they touch."""
        with self.transaction():
            keys = self._statement_keys(doc_id) | {s.key for s in statements}
            self._db.execute("DELETE FROM fact_statements WHERE doc_id = ?", (doc_id,))
            self._db.executemany(
                """INSERT INTO fact_statements (doc_id, position, fact_key, sentence_id, kind,
                   value, unit, surface, label_ar, label_en, hedge, details, places, doc_date,
                   named, salience) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [_statement_row(s) for s in statements],
            )
            self._regroup(keys)

    def drop_document_facts(self, doc_id: int) -> None:
        """Remove a document's statements (withdrawn, rejected, duplicate) and regroup their keys."""
        with self.transaction():
            keys = self._statement_keys(doc_id)
            self._db.execute("DELETE FROM fact_statements WHERE doc_id = ?", (doc_id,))
            self._regroup(keys)

    def _statement_keys(self, doc_id: int) -> set[str]:
        rows = self._db.execute(
            "SELECT DISTINCT fact_key FROM fact_statements WHERE doc_id = ?", (doc_id,)
        )
        return {r["fact_key"] for r in rows}

    def _regroup(self, keys: Iterable[str]) -> None:
        for key in sorted(keys):
            self._db.execute("DELETE FROM corpus_facts WHERE fact_key = ?", (key,))
            for fact in group_facts(self._statements_of_key(key)):
                best = fact.statements[0]
                cursor = self._db.execute(
                    """INSERT INTO corpus_facts (fact_key, doc_id, position, sources, disputed,
                       named, salience, rivals) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        key,
                        best.doc_id,
                        best.position,
                        fact.sources,
                        int(fact.disputed),
                        int(best.named),
                        fact.salience,
                        json.dumps([[s.doc_id, s.position] for s in fact.rivals]),
                    ),
                )
                self._db.executemany(
                    "UPDATE fact_statements SET fact_id = ? WHERE doc_id = ? AND position = ?",
                    [(cursor.lastrowid, s.doc_id, s.position) for s in fact.statements],
                )

    def _statements_of_key(self, key: str) -> list[Statement]:
        rows = self._db.execute(
            """SELECT s.* FROM fact_statements s JOIN documents d ON d.id = s.doc_id
               WHERE s.fact_key = ? AND d.status = ?""",
            (key, Status.OK.value),
        )
        return [_statement(r) for r in rows]

    # -- reads (bot, CLI) ----------------------------------------------------

    def corpus_key_facts(self, limit: int = 10) -> list[CorpusFact]:
        """Return the corpus's key facts: named, most salient first, disputes folded together."""
        rows = self._db.execute(
            """SELECT * FROM corpus_facts WHERE named = 1
               ORDER BY salience DESC, sources DESC, id LIMIT ?""",
            (limit * _CANDIDATES,),
        ).fetchall()
        return key_facts([self._fact(r) for r in rows], limit)

    def corpus_fact(self, fact_id: int) -> CorpusFact | None:
        """Return one corpus fact with every statement and rival, None if it is gone."""
        row = self._db.execute("SELECT * FROM corpus_facts WHERE id = ?", (fact_id,)).fetchone()
        return self._fact(row) if row else None

    def document_facts(self, doc_id: int) -> dict[int, CorpusFact]:
        """Return the corpus fact of each figure of a document, by figure position."""
        rows = self._db.execute(
            """SELECT s.position, f.* FROM fact_statements s JOIN corpus_facts f ON f.id = s.fact_id
               WHERE s.doc_id = ?""",
            (doc_id,),
        ).fetchall()
        return {r["position"]: self._fact(r) for r in rows}

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

    def _fact(self, row: sqlite3.Row) -> CorpusFact:
        members = [
            _statement(r)
            for r in self._db.execute(
                "SELECT * FROM fact_statements WHERE fact_id = ?", (row["id"],)
            )
        ]
        best = next(
            (s for s in members if (s.doc_id, s.position) == (row["doc_id"], row["position"])),
            members[0],
        )
        members.sort(key=lambda s: (s is not best, s.doc_id, s.position))
        rivals = self._statements_at(json.loads(row["rivals"]))
        return CorpusFact(
            id=row["id"],
            key=row["fact_key"],
            figure=best.figure,
            statements=tuple(members),
            salience=row["salience"],
            disputed=bool(row["disputed"]) and bool(rivals),
            rivals=tuple(rivals),
        )

    def _statements_at(self, places: Sequence[Sequence[int]]) -> list[Statement]:
        found = []
        for doc_id, position in places:
            row = self._db.execute(
                "SELECT * FROM fact_statements WHERE doc_id = ? AND position = ?",
                (doc_id, position),
            ).fetchone()
            if row is not None:
                found.append(_statement(row))
        return found


def _statement_row(s: Statement) -> tuple:
    f = s.figure
    return (
        s.doc_id,
        s.position,
        s.key,
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


def _statement(r: sqlite3.Row) -> Statement:
    figure = Figure(
        r["kind"],
        r["value"],
        r["unit"],
        r["surface"],
        r["label_ar"],
        r["label_en"],
        r["sentence_id"],
    )
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
