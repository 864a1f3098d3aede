"""Corpus facts (issue 12): every served figure as a statement keyed by what it counts."""

import sqlalchemy as sa
from alembic import op

from db.migrations.columns import (
    BIG,
    FLOAT,
    INT,
    SERIAL,
    TEXT,
    column,
    owned_by_document,
    primary_key,
)

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "corpus_facts",
        column("id", SERIAL, primary_key=True),
        column("fact_key", TEXT),
        column("doc_id", BIG),
        column("position", INT),
        column("sources", INT),
        column("disputed", INT, default="0"),
        column("named", INT),
        column("salience", FLOAT),
    )
    op.create_index("corpus_facts_key", "corpus_facts", ["fact_key", "id"])
    op.create_index(
        "corpus_facts_rank",
        "corpus_facts",
        ["named", sa.text("salience DESC"), sa.text("sources DESC")],
    )
    op.create_table(
        "fact_statements",
        owned_by_document(),
        column("position", INT),
        column("fact_key", TEXT),
        sa.Column("fact_id", BIG, sa.ForeignKey("corpus_facts.id"), nullable=False),
        column("sentence_id", TEXT),
        column("kind", TEXT),
        column("value", FLOAT),
        column("unit", TEXT),
        column("surface", TEXT),
        column("label_ar", TEXT),
        column("label_en", TEXT),
        column("hedge", TEXT),
        column("details", TEXT),
        column("places", TEXT),
        column("doc_date", TEXT, null=True),
        column("named", INT),
        column("salience", FLOAT),
        primary_key("doc_id", "position"),
    )
    op.create_index("fact_statements_key_date", "fact_statements", ["fact_key", "doc_date"])
    op.create_index("fact_statements_fact", "fact_statements", ["fact_id", "doc_id"])
    op.create_table(
        "fact_disputes",
        column("doc_a", BIG),
        column("pos_a", INT),
        column("doc_b", BIG),
        column("pos_b", INT),
        primary_key("doc_a", "pos_a", "doc_b", "pos_b"),
    )
    op.create_index("fact_disputes_b", "fact_disputes", ["doc_b", "pos_b"])
