"""The delivery log (one row per part of a chat's daily push) and one row per push run."""

from alembic import op

from db.migrations.columns import BIG, FLOAT, INT, SERIAL, TEXT, column, primary_key

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "deliveries",
        column("chat_id", BIG),
        column("local_date", TEXT),
        column("part", INT),
        column("status", TEXT),
        column("message_id", BIG, null=True),
        column("attempts", INT, default="0"),
        column("in_doubt", INT, default="0"),
        column("error", TEXT, null=True),
        column("created_at", TEXT),
        column("updated_at", TEXT),
        primary_key("chat_id", "local_date", "part"),
    )
    op.create_index("deliveries_status", "deliveries", ["status"])
    op.create_table(
        "push_runs",
        column("id", SERIAL, primary_key=True),
        column("started_at", TEXT),
        column("ended_at", TEXT, null=True),
        column("deliveries", INT, default="0"),
        column("finished", INT, default="0"),
        column("sent", INT, default="0"),
        column("failed", INT, default="0"),
        column("inactive", INT, default="0"),
        column("rate_limited", INT, default="0"),
        column("waited_seconds", FLOAT, default="0"),
        column("uncertain", INT, default="0"),
    )
