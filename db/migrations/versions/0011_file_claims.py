"""File claims (issue 13): which instance is ingesting which version of a drop-zone file.

Several Mujaz instances may watch one seeds/ folder against one database.
Before ingesting a file an instance claims (name, content hash); the row
goes when the ingest is done, and a claim whose ``expires_at`` passed (its
instance died) may be taken over. Times are UTC ISO-8601 text.
"""

from alembic import op

from db.migrations.columns import TEXT, column, primary_key

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "file_claims",
        column("name", TEXT),
        column("content_hash", TEXT),
        column("owner", TEXT),
        column("claimed_at", TEXT),
        column("expires_at", TEXT),
        primary_key("name", "content_hash"),
    )
    op.create_index("file_claims_owner", "file_claims", ["owner"])
