"""The English side of stored briefings: names, English authors and sentence translations.

``documents`` keeps the English digest, its backend and whether it is a
translation (and ``title_en`` the English title); this module adds what the
"names" migration stores: ``doc_names`` (who and what a document names, in
English), ``documents.english_authors`` and ``sentences.english``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy.engine import RowMapping

from summaries.model import English, Name
from summaries.store.base import StoreBase


class EnglishQueries(StoreBase):
    """Write and read the English side of a briefing (save_briefing and briefing() call these)."""

    def names_of(self, doc_id: int) -> tuple[Name, ...]:
        """Return the names a document names, most mentioned first."""
        rows = self._db.execute(
            "SELECT * FROM doc_names WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
        return tuple(
            Name(
                r["arabic"],
                r["english"],
                r["kind"],
                r["count"],
                r["source"],
                tuple(json.loads(r["sentence_ids"])),
            )
            for r in rows
        )

    def names_by_document(self, doc_ids: Sequence[int]) -> dict[int, tuple[Name, ...]]:
        """Return the names of each of the documents (an empty tuple for one without)."""
        return {doc_id: self.names_of(doc_id) for doc_id in dict.fromkeys(doc_ids)}

    def _save_english(self, doc_id: int, english: English | None) -> None:
        """Replace a document's names, English authors and translations (inside save_briefing)."""
        self._db.execute("DELETE FROM doc_names WHERE doc_id = ?", (doc_id,))
        if english is None:
            return
        self._db.executemany(
            "INSERT INTO doc_names VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    i,
                    n.arabic,
                    n.english,
                    n.kind,
                    n.count,
                    n.source,
                    json.dumps(list(n.sentence_ids)),
                )
                for i, n in enumerate(english.names)
            ],
        )
        self._db.execute(
            "UPDATE documents SET english_authors = ? WHERE id = ?",
            (json.dumps(list(english.authors), ensure_ascii=False), doc_id),
        )
        self._db.executemany(
            "UPDATE sentences SET english = ? WHERE doc_id = ? AND sid = ?",
            [(text, doc_id, sid) for sid, text in english.sentences],
        )

    def _english_of(self, row: RowMapping) -> English | None:
        """Return the English side stored with a documents row, None if none was made."""
        if row["english_digest"] is None:
            return None
        translations = self._db.execute(
            "SELECT sid, english FROM sentences WHERE doc_id = ? AND english IS NOT NULL "
            "ORDER BY position",
            (row["id"],),
        )
        return English(
            digest=row["english_digest"],
            backend=row["english_backend"],
            translated=bool(row["english_translated"]),
            names=self.names_of(row["id"]),
            authors=tuple(json.loads(row["english_authors"])),
            sentences=tuple((r["sid"], r["english"]) for r in translations),
            title=row["title_en"],
        )
