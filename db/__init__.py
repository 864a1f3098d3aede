"""The database both sides of Mujaz share: a SQLite or PostgreSQL connection, and its migrations.

``database.py`` opens the connection (SQLAlchemy Core) and runs the store's
SQL on either engine. ``migrations/`` is the one numbered sequence of schema
changes (Alembic), for the tables of both sides: documents and briefings
(``summaries/store/``) and chats, subscriptions and deliveries
(``bot/store/``). ``migrate.py`` applies it. ``failures.py`` words what went
wrong (a refused login, a server down) in one line naming MUJAZ_DB, and
``health.py`` answers ``mujaz health``.
"""
