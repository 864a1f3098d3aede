"""The people, organisations and places each document names; English authors and sentences."""

import sqlalchemy as sa
from alembic import op

from db.migrations.columns import INT, TEXT, column, owned_by_document, primary_key

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "doc_names",
        owned_by_document(),
        column("position", INT),
        column("arabic", TEXT),
        column("english", TEXT),
        column("kind", TEXT),
        column("count", INT),
        column("source", TEXT),
        column("sentence_ids", TEXT, default="'[]'"),
        primary_key("doc_id", "position"),
    )
    op.create_index("doc_names_english", "doc_names", ["english"])
    op.add_column(
        "documents",
        sa.Column("english_authors", TEXT, nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column("sentences", sa.Column("english", TEXT, nullable=True))
