"""The database goes away mid-run: StoreUnavailable while it is gone, and back to work after.

A real PostgreSQL cluster of this module's own is stopped (``pg_ctl stop -m
fast``, as an operator or a crash would) and started again under an open store.
"""

from __future__ import annotations

import pytest

from bot.store import BotStore
from summaries import StoreUnavailable

PASSWORD = "outage-Pa55"


@pytest.fixture
def cluster(private_postgres):
    return private_postgres


@pytest.fixture
def store(cluster):
    """A migrated store whose URL carries a password (trusted, but never to be printed)."""
    url = cluster.create_database()
    with BotStore.open(url.replace(f"{cluster.user}@", f"{cluster.user}:{PASSWORD}@")) as opened:
        yield opened
    if not (cluster.data / "postmaster.pid").exists():
        cluster.resume()  # the test stopped it: the next one needs a server
    cluster.drop_database(url)


def test_store_reads_again_on_a_fresh_connection_after_the_server_restarted(cluster, store):
    store.set_meta("kept", "yes")
    first = store._db.generation

    cluster.halt()
    cluster.resume()

    assert store.get_meta("kept") == "yes"  # the read is retried once, transparently
    assert store._db.generation == first + 1


def test_store_raises_store_unavailable_naming_mujaz_db_while_the_server_is_down(cluster, store):
    store.set_user_language(42, "ar")
    cluster.halt()

    with pytest.raises(StoreUnavailable) as read:
        store.user_language(42)
    with pytest.raises(StoreUnavailable) as write:
        store.set_user_language(43, "en")

    for error in (read.value, write.value):
        message = str(error)
        assert "MUJAZ_DB postgresql://" in message and "\n" not in message
        assert PASSWORD not in message


def test_store_carries_on_with_nothing_lost_once_the_server_is_back(cluster, store):
    store.set_user_language(42, "ar")
    cluster.halt()
    for _ in range(3):
        with pytest.raises(StoreUnavailable):
            store.user_language(42)

    cluster.resume()

    assert store.user_language(42) == "ar"
    store.set_user_language(43, "en")
    assert store.user_language(43) == "en"


def test_store_does_not_retry_a_write_the_lost_connection_may_have_run(cluster, store):
    cluster.halt()
    cluster.resume()

    with pytest.raises(StoreUnavailable, match="went away"):
        store.set_meta("once", "1")  # a write is never sent twice behind the caller's back
    store.set_meta("once", "2")
    assert store.get_meta("once") == "2"


def test_store_keeps_nothing_of_a_transaction_whose_connection_was_lost(cluster, store):
    with pytest.raises(StoreUnavailable, match="went away"):
        with store.transaction():
            store.set_meta("first", "1")
            cluster.halt()
            cluster.resume()
            store.set_meta("second", "2")

    assert (store.get_meta("first"), store.get_meta("second")) == (None, None)
    with store.transaction():
        store.set_meta("third", "3")
    assert store.get_meta("third") == "3"


def test_store_transaction_fails_whole_when_the_caller_swallows_the_outage(cluster, store):
    with pytest.raises(StoreUnavailable, match="transaction under way was lost"):
        with store.transaction():
            store.set_meta("first", "1")
            cluster.halt()
            cluster.resume()
            with pytest.raises(StoreUnavailable):
                store.set_meta("second", "2")
            store.set_meta("third", "3")  # refused: the transaction is gone

    assert [store.get_meta(k) for k in ("first", "second", "third")] == [None, None, None]


def test_store_savepoint_rolls_back_quietly_in_a_lost_transaction(cluster, store):
    with pytest.raises(StoreUnavailable):
        with store.transaction():
            store.set_meta("outer", "1")
            with store.transaction():
                cluster.halt()
                store.set_meta("inner", "2")

    cluster.resume()
    assert (store.get_meta("outer"), store.get_meta("inner")) == (None, None)


def test_store_stays_closed_after_close_and_does_not_reconnect(store):
    store.close()

    with pytest.raises(Exception, match="closed"):
        store.get_meta("anything")
