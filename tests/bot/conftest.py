"""The bot tests use the session's fake Bot API fixtures from tests/conftest.py.

Their ``store`` is the bot's: summaries' store plus users, subscriptions and
the delivery log, on every engine of ``db_target``.
"""

from __future__ import annotations

import pytest

from bot.store import BotStore


@pytest.fixture
def store(db_target):
    """A migrated BotStore, once per engine in MUJAZ_TEST_ENGINES."""
    with BotStore.open(db_target) as opened:
        yield opened
