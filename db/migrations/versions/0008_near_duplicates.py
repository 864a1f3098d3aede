"""Near duplicates (issue 11): per document a MinHash signature, LSH buckets, link and title keys.

A new file meets only the documents sharing a bucket or a key. Documents
stored before this migration are signed from their stored sentences by the
next ingest (summaries.duplicates.sign_stored).
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.columns import BIG, BLOB, INT, TEXT, column, owned_by_document, primary_key

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    sqlite = {"sqlite_with_rowid": False}
    op.create_table(
        "doc_signatures",
        sa.Column(
            "doc_id",
            BIG,
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        column("scheme", TEXT),
        column("shingles", INT),
        column("signature", BLOB),
    )
    op.create_table(
        "doc_bands",
        column("bucket", BIG),
        owned_by_document(),
        primary_key("bucket", "doc_id"),
        **sqlite,
    )
    op.create_index("doc_bands_doc", "doc_bands", ["doc_id"])
    op.create_table(
        "doc_source_keys",
        column("key", TEXT),
        owned_by_document(),
        primary_key("key", "doc_id"),
        **sqlite,
    )
    op.create_index("doc_source_keys_doc", "doc_source_keys", ["doc_id"])
    op.add_column("documents", sa.Column("superseded_by", BIG, nullable=True))
