"""The leader lock (issue 13): of several instances on one PostgreSQL, exactly one leads."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from bot.leader import LEADER_LOCK, AdvisoryLeadership
from tests.conftest import ROOT

HOLD = """
import sys, time
from bot.leader import AdvisoryLeadership
leadership = AdvisoryLeadership(sys.argv[1])
assert leadership.try_lead()
print("leading", flush=True)
time.sleep(600)
"""


@pytest.fixture
def url(postgres):
    database = postgres.create_database()
    yield database
    postgres.drop_database(database)


def lock_holders(url: str) -> list[int]:
    """Return the backend pids holding the leader lock."""
    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND ((classid::bigint << 32) | objid::bigint) = %s",
            (LEADER_LOCK,),
        ).fetchall()
    return [pid for (pid,) in rows]


def test_leadership_goes_to_one_of_two_instances(url):
    first, second = AdvisoryLeadership(url), AdvisoryLeadership(url)
    try:
        assert first.try_lead()
        assert not second.try_lead()
        assert first.try_lead()  # the holder asking again still holds it
        assert not second.try_lead()
        assert len(lock_holders(url)) == 1
    finally:
        first.close()
        second.close()


def test_leadership_passes_on_when_the_holder_closes(url):
    first, second = AdvisoryLeadership(url), AdvisoryLeadership(url)
    try:
        assert first.try_lead()
        first.close()
        assert second.try_lead()
    finally:
        second.close()


def test_leadership_of_a_killed_process_passes_on_to_a_waiting_follower(url):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    follower = AdvisoryLeadership(url, retry=0.1, check=0.1, timeout=0.2)
    try:
        assert holder.stdout.readline().strip() == "leading"
        assert not follower.try_lead()

        async def take_over() -> float:
            waiting = asyncio.create_task(follower.acquire())
            await asyncio.sleep(0.5)
            assert not waiting.done()  # the holder lives: the follower waits
            os.kill(holder.pid, signal.SIGKILL)
            killed = time.monotonic()
            await asyncio.wait_for(waiting, 10)
            return time.monotonic() - killed

        took = asyncio.run(take_over())
        assert follower.handover <= took < follower.handover + 5  # a few 0.1 s retries
        assert len(lock_holders(url)) == 1
    finally:
        holder.kill()
        holder.wait(10)
        follower.close()


def test_leader_notices_at_once_when_its_lock_session_is_ended(url):
    leader = AdvisoryLeadership(url, check=0.1)
    try:
        assert leader.try_lead()
        [pid] = lock_holders(url)

        async def lose() -> None:
            watching = asyncio.create_task(leader.lost())
            await asyncio.sleep(0.3)
            assert not watching.done()  # healthy: still leading
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            await asyncio.wait_for(watching, 5)

        asyncio.run(lose())
        deadline = time.monotonic() + 5  # the ended backend lets go of its locks as it exits
        while lock_holders(url) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert lock_holders(url) == []
        assert leader.try_lead()  # it may lead again once it wins the lock back
    finally:
        leader.close()


def test_follower_keeps_trying_while_the_database_is_unreachable(postgres, caplog):
    missing = postgres.url("no_such_database")
    leadership = AdvisoryLeadership(missing)
    try:
        assert not leadership.try_lead()
        assert not leadership.try_lead()
    finally:
        leadership.close()
    complaints = [r.getMessage() for r in caplog.records if "leader lock" in r.getMessage()]
    assert len(complaints) == 1  # once per outage, not at every retry
    assert "MUJAZ_DB" in complaints[0]


def test_lock_connection_asks_the_server_to_end_a_silent_session(url):
    leadership = AdvisoryLeadership(url)
    try:
        assert leadership.try_lead()
        [pid] = lock_holders(url)
        with psycopg.connect(url, autocommit=True) as admin:
            (name,) = admin.execute(
                "SELECT application_name FROM pg_stat_activity WHERE pid = %s", (pid,)
            ).fetchone()
        # (The TCP keepalive settings read 0 here: the tests' server has only a Unix socket.)
        idle = leadership._connection.exec_driver_sql(
            "SELECT current_setting('idle_session_timeout')"
        ).scalar()
        assert (name, idle) == ("mujaz-leader", "20s")
    finally:
        leadership.close()


# -- two applications in one process, each with its own lock connection ------------


@pytest.fixture
def migrated(postgres, postgres_template):
    database = postgres.create_database(template=postgres_template)
    yield database
    postgres.drop_database(database)


async def test_run_shared_polls_on_one_instance_only_and_hands_over_when_its_lock_is_lost(
    bot_api, migrated, tmp_path, caplog
):
    from bot.app import build_application
    from bot.config import Settings
    from bot.leader import run_shared
    from bot.store import BotStore as Store
    from summaries import Settings as LibrarySettings

    caplog.set_level(logging.INFO, logger="bot.leader")
    library = LibrarySettings(seeds_dir=tmp_path / "seeds", db_path=migrated)
    settings = Settings(token=bot_api.token, api_root=bot_api.root, library=library, watch="off")
    stores = [Store.open(migrated) for _ in range(2)]
    apps = [build_application(settings, s, paced=False) for s in stores]
    locks = [AdvisoryLeadership(migrated, retry=0.1, check=0.1, timeout=0.3) for _ in apps]
    stop = asyncio.Event()
    both_polled = []

    async def watch() -> None:
        while not stop.is_set():
            if all(app.updater.running for app in apps):
                both_polled.append(time.monotonic())
            await asyncio.sleep(0.005)

    async def polling_app() -> object:
        while True:
            running = [app for app in apps if app.updater.running]
            if running:
                return running[0]
            await asyncio.sleep(0.01)

    pairs = zip(apps, locks, strict=True)
    tasks = [asyncio.create_task(run_shared(a, None, lock, stop)) for a, lock in pairs]
    watcher = asyncio.create_task(watch())
    try:
        first = await asyncio.wait_for(polling_app(), 10)
        await asyncio.sleep(0.5)
        assert [app.updater.running for app in apps].count(True) == 1
        [pid] = lock_holders(migrated)
        with psycopg.connect(migrated, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # The first steps down; whichever wins the lock next polls (either may).
        await asyncio.wait_for(_until(lambda: not first.updater.running), 5)
        await asyncio.wait_for(polling_app(), 10)
        assert len(lock_holders(migrated)) == 1
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks, watcher), 30)
        for store in stores:
            store.close()
    assert both_polled == []
    messages = [r.getMessage() for r in caplog.records]
    assert sum("this instance leads" in m for m in messages) == 2
    assert sum("stops polling and pushing" in m for m in messages) == 1
    # Both released it on stop (the server ends a closed session a moment later).
    await asyncio.wait_for(_until(lambda: lock_holders(migrated) == []), 5)


async def _until(predicate) -> None:
    while not predicate():
        await asyncio.sleep(0.01)
