"""Ranked full-text search (issue 13) over the served documents already stored.

On SQLite two FTS5 tables (summaries/store/fts.py explains their rowids and
columns); mujaz_stems() is the Python function every SQLite connection
registers (the ISRI stems the pipeline uses). On PostgreSQL the same words
in tables keyed by (doc_id, position), one tsvector column each with a GIN
index (summaries/store/tsvector.py writes them).
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

# A PostgreSQL store starts at this release, so these tables start empty: no
# document exists yet when this revision runs (``mujaz db copy`` indexes what
# it copies through the store). fastupdate off: a search never reads a pending
# list of unsorted new entries (the archive grows by a few documents a day).
POSTGRES = [
    """CREATE TABLE sentence_search (
        doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        words TSVECTOR NOT NULL,
        PRIMARY KEY (doc_id, position))""",
    "CREATE INDEX sentence_search_words ON sentence_search USING gin (words) "
    "WITH (fastupdate = off)",
    """CREATE TABLE name_search (
        doc_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        english TSVECTOR NOT NULL,
        PRIMARY KEY (doc_id, position))""",
    "CREATE INDEX name_search_english ON name_search USING gin (english) WITH (fastupdate = off)",
]


def upgrade() -> None:
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRES:
        op.execute(statement)
