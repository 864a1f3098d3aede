"""Where each title came from (the document, derived, translated, described)."""

import sqlalchemy as sa
from alembic import op

from db.migrations.columns import TEXT

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.add_column("documents", sa.Column("title_origin", TEXT, nullable=True))
    op.add_column("documents", sa.Column("title_en_origin", TEXT, nullable=True))
