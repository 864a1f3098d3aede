"""The store of documents and briefings (SQLite or PostgreSQL).

``db/migrations`` owns the schema of every table; each module here adds the
queries of one family of tables to ``Store``, and ``bot/store`` adds the bot's
own (users, subscriptions, deliveries) in ``BotStore``. A database written by a newer
Mujaz is refused rather than misread. Timestamps are UTC ISO-8601 text.
"""

from __future__ import annotations

from summaries.store.briefings import BriefingReads
from summaries.store.cards import CardReads  # inline mode (issue 11)
from summaries.store.claims import ClaimQueries  # several instances (issue 13)
from summaries.store.documents import DocumentWrites
from summaries.store.facts import FactQueries
from summaries.store.schema import SCHEMA_VERSION, iso, utc_now
from summaries.store.signatures import SignatureQueries

__all__ = ["SCHEMA_VERSION", "Store", "iso", "utc_now"]


class Store(
    DocumentWrites,
    BriefingReads,
    CardReads,  # inline mode (issue 11)
    FactQueries,  # corpus facts (issue 12)
    SignatureQueries,  # near duplicates (issue 11)
    ClaimQueries,  # several instances (issue 13)
):
    """A migrated SQLite or PostgreSQL database of documents and their briefings.

    The bot's tables (users, subscriptions, deliveries) have their queries in
    ``bot.store.BotStore``, a subclass.
    """
