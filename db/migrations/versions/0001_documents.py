"""Documents, their sentences, figures and topics, and a key-value meta table."""

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

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "documents",
        column("id", SERIAL, primary_key=True),
        column("name", TEXT, unique=True),
        column("content_hash", TEXT),
        column("text_hash", TEXT, null=True),
        column("status", TEXT),
        column("reason", TEXT, null=True),
        column("size", BIG),
        column("ingested_at", TEXT),
        column("pipeline_version", TEXT),
        column("title", TEXT, null=True),
        column("title_en", TEXT, null=True),
        column("publisher", TEXT, null=True),
        column("authors", TEXT, default="'[]'"),
        column("date", TEXT, null=True),
        column("urls", TEXT, default="'[]'"),
        column("language", TEXT, default="'ar'"),
        column("digest_method", TEXT, null=True),
        column("digest_ids", TEXT, default="'[]'"),
        column("english_digest", TEXT, null=True),
        column("english_backend", TEXT, null=True),
        column("english_translated", INT, default="0"),
    )
    op.create_index("documents_text_hash", "documents", ["text_hash"])
    op.create_table(
        "sentences",
        owned_by_document(),
        column("sid", TEXT),
        column("position", INT),
        column("paragraph", INT),
        column("kind", TEXT),
        column("text", TEXT),
        column("norm", TEXT),
        primary_key("doc_id", "sid"),
    )
    op.create_table(
        "figures",
        owned_by_document(),
        column("position", INT),
        column("kind", TEXT),
        column("value", FLOAT),
        column("unit", TEXT),
        column("surface", TEXT),
        column("label_ar", TEXT),
        column("label_en", TEXT),
        column("sentence_id", TEXT),
        primary_key("doc_id", "position"),
    )
    op.create_table(
        "doc_topics",
        owned_by_document(),
        column("topic_id", TEXT),
        column("score", FLOAT),
        column("sentence_ids", TEXT),
        primary_key("doc_id", "topic_id"),
    )
    op.create_index("doc_topics_topic", "doc_topics", ["topic_id"])
    op.create_table("meta", column("key", TEXT, primary_key=True), column("value", TEXT))
