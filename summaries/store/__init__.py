"""The SQLite store: the only package in Mujaz that speaks SQL.

``schema.py`` owns the schema (ordered migrations); each other module adds the
queries of one family of tables to ``Store``. A database written by a newer
Mujaz is refused rather than misread. Timestamps are UTC ISO-8601 text.
"""

from __future__ import annotations

from summaries.store.briefings import BriefingReads
from summaries.store.cards import CardReads  # inline mode (issue 11)
from summaries.store.deliveries import DeliveryQueries
from summaries.store.documents import DocumentWrites
from summaries.store.facts import FactQueries
from summaries.store.schema import SCHEMA_VERSION, utc_now
from summaries.store.signatures import SignatureQueries
from summaries.store.subscribers import SubscriberQueries

__all__ = ["SCHEMA_VERSION", "Store", "utc_now"]


class Store(
    DocumentWrites,
    BriefingReads,
    SubscriberQueries,
    DeliveryQueries,
    CardReads,  # inline mode (issue 11)
    FactQueries,  # corpus facts (issue 12)
    SignatureQueries,  # near duplicates (issue 11)
):
    """A migrated SQLite database of documents, their briefings and the bot's users."""
