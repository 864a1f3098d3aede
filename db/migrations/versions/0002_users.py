"""The language each Telegram user chose."""

from alembic import op

from db.migrations.columns import BIG, TEXT, column

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "users",
        column("user_id", BIG, primary_key=True, autoincrement=False),
        column("lang", TEXT),
        column("updated_at", TEXT),
    )
