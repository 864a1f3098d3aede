"""Two `mujaz run` processes on one PostgreSQL (issue 13): one leads, the other takes over.

Both are real processes (``python -m bot run``) against the fake Bot API in
this process, which answers a second concurrent getUpdates with Telegram's
409 Conflict. Many subscribers are due when they start: the leader's
start-up catch-up pushes to all of them. Mid-push the leader is killed with
SIGKILL (at a moment when its delivery log and the fake agree; see
``tests/e2e/instances.py``); the follower must take the leader lock, poll,
and finish the push from the delivery log: every chat gets every part
exactly once. And both instances watch one drop zone: each dropped file is
ingested, and reported to the admin, once.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import ENGINES, SEEDS
from tests.e2e.instances import (
    all_done,
    assert_each_part_sent_once,
    kill_when_log_and_api_agree,
    prepare_push,
    query,
    read_log,
    received,
    start_instance,
    wait_until,
)

PRIVATE = [830_000 + n for n in range(110)]
GROUPS = [-840_000 - n for n in range(10)]
CHATS = PRIVATE + GROUPS
ADMIN = 850_001
START_TIMEOUT = 90.0
PUSH_TIMEOUT = 180.0
# RETRY_SECONDS (5 s) and the handover wait (6 s) after the kill, plus start-up.
TAKEOVER_LIMIT = 30.0

pytestmark = [
    pytest.mark.skipif(
        not hasattr(signal, "SIGKILL"), reason="needs POSIX signals (SIGKILL, SIGSTOP)"
    ),
    # They ingest and push on PostgreSQL: on with the other PostgreSQL store tests.
    pytest.mark.skipif(
        "postgresql" not in ENGINES, reason="MUJAZ_TEST_ENGINES does not name postgresql"
    ),
]


@pytest.fixture
def database(postgres):
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


def test_follower_takes_over_a_killed_leaders_push_and_sends_every_part_once(
    bot_api, database, tmp_path
):
    slot = (datetime.now(UTC) - timedelta(hours=1)).replace(second=0, microsecond=0)
    seeds = prepare_push(database, tmp_path, slot, CHATS)
    for chat in CHATS:
        bot_api.register_chat(chat)
    instances = [start_instance(bot_api, tmp_path, database, seeds, n) for n in ("one", "two")]
    try:
        leader = wait_until(
            lambda: next((i for i in instances if i.leads()), None), START_TIMEOUT, "a leader"
        )
        follower = next(i for i in instances if i is not leader)
        wait_until(lambda: len(received(bot_api)) >= len(CHATS) // 2, PUSH_TIMEOUT, "half")
        killed = kill_when_log_and_api_agree(leader, bot_api, database)
        before_kill = received(bot_api)
        requests_at_kill = len(bot_api.requests)
        assert follower.leads() == 0  # it waited all along

        wait_until(follower.leads, TAKEOVER_LIMIT, "the follower to lead")
        took_over = time.monotonic() - killed
        wait_until(lambda: all_done(database, slot), PUSH_TIMEOUT, "every digest to be done")
        assert follower.stop() == 0
    finally:
        for instance in instances:
            instance.kill()

    assert took_over < TAKEOVER_LIMIT
    messages = bot_api.messages()
    by_chat: dict[int, list[str]] = {chat: [] for chat in CHATS}
    for message in messages:
        by_chat[message.chat_id].append(message.text)
    log_rows = read_log(database)
    total = len(messages)
    assert 0.1 * total < sum(before_kill.values()) < 0.9 * total, (before_kill.total(), total)
    assert sum(received(bot_api).values()) > sum(before_kill.values())  # the follower sent
    assert_each_part_sent_once(messages, log_rows, CHATS)
    for lang_chats in (CHATS[0::2], CHATS[1::2]):  # same digest, part for part
        assert len({tuple(by_chat[c]) for c in lang_chats}) == 1

    # Only one instance polled at a time: the fake answers a second concurrent
    # getUpdates with 409. The one allowed is the dead leader's long poll,
    # cut off when the new leader's first poll arrives.
    requests = bot_api.requests
    polls = [(n, c.status) for n, c in enumerate(requests) if c.method == "getUpdates"]
    conflicts = [n for n, status in polls if status == 409]
    assert all(n >= requests_at_kill for n in conflicts) and len(conflicts) <= 1, conflicts
    assert any(n >= requests_at_kill and status == 200 for n, status in polls)
    assert [c for c in bot_api.calls("sendMessage") if c.status == 429] == []
    assert (leader.leads(), follower.leads()) == (1, 1)


def test_two_instances_watching_one_drop_zone_ingest_each_dropped_file_once(
    bot_api, database, tmp_path
):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    bot_api.register_chat(ADMIN)
    watch = {
        "MUJAZ_WATCH": "poll",
        "MUJAZ_WATCH_INTERVAL": "0.2",
        "MUJAZ_WATCH_STABLE": "0.2",
        "MUJAZ_ADMINS": str(ADMIN),
    }
    instances = [
        start_instance(bot_api, tmp_path, database, seeds, n, **watch) for n in ("one", "two")
    ]
    dropped = sorted(SEEDS.glob("00[1-6]_*.txt"))
    names = [f"drop{n}.txt" for n in range(1, len(dropped) + 1)]
    try:
        for instance in instances:
            wait_until(lambda i=instance: "drop zone: watching" in i.text(), START_TIMEOUT, "watch")
        wait_until(lambda: any(i.leads() for i in instances), START_TIMEOUT, "a leader")
        for path, name in zip(dropped, names, strict=True):
            shutil.copyfile(path, tmp_path / name)  # written beside seeds/, then moved in
            os.replace(tmp_path / name, seeds / name)

        def stored() -> int:
            [(count,)] = query(database, "SELECT COUNT(*) FROM documents")
            return count

        wait_until(lambda: stored() == len(dropped), PUSH_TIMEOUT, "every file to be stored")
        wait_until(
            lambda: sum(len(m.text) > 0 for m in bot_api.messages(ADMIN)) > 0, 30, "a report"
        )
        time.sleep(3)  # a second ingest or report would show by now (watch interval 0.2 s)
        for instance in instances:
            assert instance.stop() == 0
    finally:
        for instance in instances:
            instance.kill()

    assert sorted(n for (n,) in query(database, "SELECT name FROM documents")) == names
    logs = [i.text() for i in instances]
    for name in names:
        ingested = sum(log.count(f"ingest: {name} new as document") for log in logs)
        assert ingested == 1, (name, ingested)
        reported = sum(m.text.count(name) for m in bot_api.messages(ADMIN))
        assert reported == 1, (name, reported)
    assert query(database, "SELECT name FROM file_claims") == []
