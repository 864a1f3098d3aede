"""The push across a database outage: no part lost, none sent twice.

The store is real (SQLite, or PostgreSQL with MUJAZ_TEST_ENGINES); its
database "goes away" at a chosen moment: from then every delivery-log call
raises StoreUnavailable, as ``db.database`` does when the server is gone
(tests/test_db_outage.py shows that on a real server).
"""

from __future__ import annotations

import pytest

from bot.model import DeliveryOutcome, PartStatus
from bot.push.sender import PushSender
from bot.store import BotStore
from summaries import StoreUnavailable
from tests.bot.test_sender import DAY, ScriptedBot, VirtualClock, digest


class OutageStore(BotStore):
    """A real store whose delivery log is unreachable while ``down`` is set."""

    down = False

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailable("the database went away (MUJAZ_DB test): server closed")

    def logged_part(self, *args, **kwargs):
        self._check()
        return super().logged_part(*args, **kwargs)

    def claim_part(self, *args, **kwargs):
        self._check()
        return super().claim_part(*args, **kwargs)

    def mark_part_sent(self, *args, **kwargs):
        self._check()
        return super().mark_part_sent(*args, **kwargs)


class OutageBot(ScriptedBot):
    """A bot whose store goes down right after Telegram accepted a given number of messages."""

    def __init__(self, clock: VirtualClock, store: OutageStore, after: int) -> None:
        super().__init__(clock)
        self.store, self.after = store, after

    async def send_message(self, chat_id, text, **options):
        message = await super().send_message(chat_id, text, **options)
        if len(self.sent) == self.after:
            self.store.down = True
        return message


@pytest.fixture
def store(db_target):
    with OutageStore.open(db_target) as opened:
        yield opened


async def test_sender_neither_loses_nor_repeats_a_part_across_a_database_outage(store):
    clock = VirtualClock()
    bot = OutageBot(clock, store, after=2)  # part 2 accepted, then its "sent" cannot be written
    sender = PushSender(bot, store, clock=clock)
    day = digest(7601, n=4)

    with pytest.raises(StoreUnavailable):
        await clock.run(sender.deliver(day))
    during = list(bot.texts(7601))
    store.down = False  # the database is back
    result = await clock.run(sender.deliver(day))
    await clock.run(sender.stop())

    assert during == list(day.parts[:2])  # nothing was sent once the log could not claim
    assert bot.texts(7601) == list(day.parts)  # each part exactly once
    assert (result.outcome, result.sent) == (DeliveryOutcome.SENT, 3)
    logged = [store.logged_part(7601, DAY, k) for k in range(4)]
    assert [p.status for p in logged] == [PartStatus.SENT] * 4
    assert [p.message_id for p in logged] == [1, 2, 3, 4]
    assert not any(p.in_doubt for p in logged)


async def test_sender_sends_nothing_while_the_database_is_down(store):
    clock = VirtualClock()
    bot = OutageBot(clock, store, after=0)
    sender = PushSender(bot, store, clock=clock)
    store.down = True

    with pytest.raises(StoreUnavailable):
        await clock.run(sender.deliver(digest(7602, n=2)))
    store.down = False
    await clock.run(sender.stop())

    assert bot.sent == []
    assert store.logged_part(7602, DAY, 0) is None
