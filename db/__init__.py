"""The database both sides of Mujaz share: a SQLite or PostgreSQL connection, and its migrations.

``database.py`` opens the connection (SQLAlchemy Core) and runs the store's
SQL on either engine. ``migrations/`` is the one numbered sequence of schema
changes (Alembic), for the tables of both sides: documents and briefings
(``summaries/store/``) and chats, subscriptions and deliveries
(``bot/store/``). ``migrate.py`` applies it.
"""
