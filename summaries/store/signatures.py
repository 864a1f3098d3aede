"""Near-duplicate queries: MinHash signatures, LSH bucket lookups, superseded documents.

A document's signature, bucket keys and source keys (link, title; see
``summaries.similar``) are written with its briefing. A new text's
candidates are the served or superseded documents sharing a bucket or a
source key with it: indexed lookups of a few dozen keys, never a scan of
every signature.
"""

from __future__ import annotations

from collections.abc import Sequence

from summaries.model import Document, Sources, Status
from summaries.similar import SCHEME, Signature, band_keys
from summaries.store.rows import document_from_row, sources_from_row

# Documents a new text is compared with: what is served, and older versions
# of it (a copy of an older version is a duplicate, not a revision of the new).
_COMPARED = (Status.OK.value, Status.SUPERSEDED.value)
# Followed successors at most: a longer chain is a loop.
_MAX_CHAIN = 50


class SignatureQueries:
    """Signatures, bucket candidates and the superseded-by links of documents."""

    def save_signature(
        self, doc_id: int, signature: Signature, source_keys: Sequence[str] = ()
    ) -> None:
        """Store a document's signature, bucket keys and source keys, replacing earlier ones."""
        with self.transaction():
            self._db.execute(
                "INSERT INTO doc_signatures (doc_id, scheme, shingles, signature) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (doc_id) DO UPDATE SET scheme = excluded.scheme, shingles = excluded.shingles, "
                "signature = excluded.signature",
                (doc_id, signature.scheme, signature.shingles, signature.values),
            )
            for table in ("doc_bands", "doc_source_keys"):
                self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            self._db.executemany(
                "INSERT INTO doc_bands (bucket, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(key, doc_id) for key in band_keys(signature)],
            )
            self._db.executemany(
                "INSERT INTO doc_source_keys (key, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(key, doc_id) for key in source_keys],
            )

    def signature_candidates(
        self, signature: Signature, source_keys: Sequence[str], *, exclude_name: str
    ) -> list[tuple[int, Signature]]:
        """Return (id, signature) of the served and superseded documents sharing a key with it."""
        buckets = band_keys(signature)
        marks = ", ".join("?" * len(buckets))
        keys = ", ".join("?" * len(source_keys)) or "NULL"
        rows = self._db.execute(
            f"""SELECT s.doc_id, s.shingles, s.signature
                FROM doc_signatures s JOIN documents d ON d.id = s.doc_id
                WHERE s.doc_id IN (
                    SELECT doc_id FROM doc_bands WHERE bucket IN ({marks})
                    UNION SELECT doc_id FROM doc_source_keys WHERE key IN ({keys}))
                  AND s.scheme = ? AND d.status IN (?, ?) AND d.name != ?""",
            (*buckets, *source_keys, SCHEME, *_COMPARED, exclude_name),
        )
        return [(r["doc_id"], Signature(r["signature"], r["shingles"])) for r in rows]

    def documents_by_id(self, ids: Sequence[int]) -> dict[int, Document]:
        """Return the records of these document ids, whatever their status."""
        marks = ", ".join("?" * len(ids))
        rows = self._db.execute(f"SELECT * FROM documents WHERE id IN ({marks})", tuple(ids))
        return {r["id"]: document_from_row(r) for r in rows}

    def unsigned_documents(self) -> list[int]:
        """Return the ids of served and superseded documents without a current signature."""
        rows = self._db.execute(
            """SELECT d.id FROM documents d
               LEFT JOIN doc_signatures s ON s.doc_id = d.id AND s.scheme = ?
               WHERE d.status IN (?, ?) AND s.doc_id IS NULL ORDER BY d.id""",
            (SCHEME, *_COMPARED),
        )
        return [r["id"] for r in rows]

    def sentence_norms(self, doc_id: int) -> list[tuple[str, str]]:
        """Return a document's stored sentences as (kind, normalised words), in order."""
        rows = self._db.execute(
            "SELECT kind, norm FROM sentences WHERE doc_id = ? ORDER BY position", (doc_id,)
        )
        return [(r["kind"], r["norm"]) for r in rows]

    def document_sources(self, doc_id: int) -> Sources:
        """Return the stored title, links and the rest of one document, whatever its status."""
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return sources_from_row(row) if row else Sources()

    def supersede(self, doc_id: int, by: int, reason: str) -> None:
        """Mark a document superseded by the newer version ``by``: hidden from answers, kept."""
        self._db.execute(
            "UPDATE documents SET status = ?, reason = ?, superseded_by = ? WHERE id = ?",
            (Status.SUPERSEDED.value, reason, by, doc_id),
        )
        self._not_served(doc_id)  # off the timeline, out of the corpus facts and search

    def successor(self, doc_id: int) -> Document | None:
        """Return the served document that superseded doc_id (through later versions), if any."""
        seen: set[int] = set()
        current = doc_id
        while len(seen) < _MAX_CHAIN and current not in seen:
            row = self._db.execute("SELECT * FROM documents WHERE id = ?", (current,)).fetchone()
            if row is None:
                return None
            if row["status"] == Status.OK.value and current != doc_id:
                return document_from_row(row)
            if row["status"] != Status.SUPERSEDED.value or row["superseded_by"] is None:
                return None
            seen.add(current)
            current = row["superseded_by"]
        return None
