"""One daily-push subscription per chat: when, where, in which language, on which topics."""

from alembic import op

from db.migrations.columns import BIG, INT, TEXT, column

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        column("chat_id", BIG, primary_key=True, autoincrement=False),
        column("chat_type", TEXT),
        column("time", TEXT),
        column("tz", TEXT),
        column("lang", TEXT),
        column("topics", TEXT, default="'[]'"),
        column("skip_empty", INT, default="0"),
        column("silent", INT, default="0"),
        column("active", INT, default="1"),
        column("inactive_reason", TEXT, null=True),
        column("next_send", TEXT),
        column("last_sent_date", TEXT, null=True),
        column("covered_until", TEXT, null=True),
        column("created_at", TEXT),
        column("updated_at", TEXT),
    )
    op.create_index("subscriptions_due", "subscriptions", ["active", "next_send"])
