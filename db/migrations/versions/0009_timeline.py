"""The timeline (issue 12): dated events per document, merged into events across documents."""

import sqlalchemy as sa
from alembic import op

from db.migrations.columns import BIG, INT, SERIAL, TEXT, column, owned_by_document, primary_key

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "timeline_entries",
        owned_by_document(),
        column("position", INT),
        column("written", TEXT),
        column("date", TEXT, null=True),
        column("month", INT),
        column("year_from", TEXT),
        column("context_docs", TEXT, default="'[]'"),
        column("surface", TEXT),
        column("clause_ar", TEXT),
        column("clause_en", TEXT),
        column("sentence_id", TEXT),
        column("keys", TEXT),
        column("words", TEXT, default="''"),
        column("topics", TEXT, default="'[]'"),
        column("event_id", BIG, null=True),
        primary_key("doc_id", "position"),
    )
    op.create_index("timeline_entries_month", "timeline_entries", ["month", "year_from"])
    op.create_index(
        "timeline_entries_event",
        "timeline_entries",
        [
            sa.text("event_id"),
            sa.text("(length(date) != 10)"),
            sa.text("(year_from = 'context')"),
            sa.text("doc_id"),
            sa.text("position"),
        ],
    )
    op.create_table(
        "timeline_events",
        column("id", SERIAL, primary_key=True),
        column("date", TEXT),
        column("keys", TEXT),
    )
    op.create_index("timeline_events_date", "timeline_events", ["date"])
    op.create_table("timeline_conflicts", column("a", BIG), column("b", BIG), primary_key("a", "b"))
    op.create_index("timeline_conflicts_b", "timeline_conflicts", ["b"])
