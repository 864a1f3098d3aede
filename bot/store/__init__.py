"""The bot's side of the store: chats, users, subscriptions and the delivery log.

``BotStore`` is summaries' ``Store`` (documents in, briefings out) plus the
queries of the tables only the bot reads and writes, one module per family:
``users.py``, ``subscribers.py``, ``deliveries.py``. The schema of every
table, theirs included, stays in the one numbered sequence in
``db/migrations``, so ``BotStore.open`` and ``Store.open`` migrate alike.
``copy.py`` copies a whole store, both sides' tables, into an empty one
(``mujaz db copy``).
"""

from __future__ import annotations

from bot.store.deliveries import KEEP_RUNS, DeliveryQueries
from bot.store.subscribers import SubscriberQueries
from bot.store.users import UserQueries

__all__ = ["KEEP_RUNS", "BotStore"]


class BotStore(SubscriberQueries, DeliveryQueries, UserQueries):
    """A migrated store of documents and briefings, with the bot's users and subscribers."""
