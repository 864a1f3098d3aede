"""Column types the migrations share, chosen so both engines store the same values.

SQLite gives a column the affinity its type name implies; PostgreSQL holds
each type to its size, so Telegram's ids (past 2**31), search keys and the
figures' values (a float4 would round $448,000,000) need the wide types.
"""

import sqlalchemy as sa

# An auto-numbered key: SQLite's rowid alias must be spelled INTEGER; BIGSERIAL on PostgreSQL.
SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BIG = sa.BigInteger()
INT = sa.Integer()
TEXT = sa.Text()
FLOAT = sa.Double()
BLOB = sa.LargeBinary()


def column(
    name: str, kind: sa.types.TypeEngine, *, null: bool = False, default: str | None = None, **extra
) -> sa.Column:
    """Return a column, NOT NULL unless null=True; default is the SQL text of its server default."""
    return sa.Column(
        name,
        kind,
        nullable=null,
        server_default=sa.text(default) if default is not None else None,
        **extra,
    )


def owned_by_document(name: str = "doc_id") -> sa.Column:
    """Return the doc_id column of a table whose rows go when their document goes."""
    return sa.Column(name, BIG, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


def primary_key(*names: str) -> sa.PrimaryKeyConstraint:
    """Return a table's primary key over several columns."""
    return sa.PrimaryKeyConstraint(*names)
