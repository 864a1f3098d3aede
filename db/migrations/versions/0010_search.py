"""Ranked full-text search (issue 13) over the served documents already stored.

On SQLite two FTS5 tables (summaries/store/fts.py explains their rowids and
columns); mujaz_stems() is the Python function every SQLite connection
registers (the ISRI stems the pipeline uses). On PostgreSQL the same keys
and words in tables with tsvector columns and GIN indexes.
"""

from alembic import op

revision = "0010"
down_revision = "0009"

SQLITE = [
    "CREATE VIRTUAL TABLE sentence_search USING fts5 (norm, stems, english)",
    "CREATE VIRTUAL TABLE name_search USING fts5 (english)",
    """INSERT INTO sentence_search (rowid, norm, stems, english)
       SELECT (s.doc_id << 24) + s.position, s.norm, mujaz_stems(s.norm), s.english
       FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE d.status = 'ok'""",
    """INSERT INTO name_search (rowid, english)
       SELECT (n.doc_id << 24) + n.position, n.english
       FROM doc_names n JOIN documents d ON d.id = n.doc_id WHERE d.status = 'ok'""",
    """CREATE TRIGGER documents_leave_search AFTER DELETE ON documents BEGIN
    DELETE FROM sentence_search WHERE rowid BETWEEN old.id << 24 AND (old.id << 24) + 16777215;
    DELETE FROM name_search WHERE rowid BETWEEN old.id << 24 AND (old.id << 24) + 16777215;
END""",
]

POSTGRES: list[str] = []  # filled in by the PostgreSQL search work (issue 13)


def upgrade() -> None:
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)
