"""Kill the bot with SIGKILL in the middle of a daily push; restart it; nobody gets a part twice.

The bot runs as a real process (``python -m bot run``) against the fake Bot
API in this process, which enforces Telegram's limits. Hundreds of
subscribers are due when it starts, so its start-up catch-up pushes to all of
them at once. When about half the digests are out the process is killed
with SIGKILL, started again, and left to finish. Then every subscriber must
have got every part of the day's digest exactly once.

Choosing the moment of the kill. Telegram has no idempotency key: if a
process dies after Telegram accepted a message but before the log's commit
of that part, no restart can know it arrived; Mujaz then sends it again and
flags it ``in_doubt`` (tests/bot/test_sender.py covers that case). That
window is one request's round trip. So the test freezes the bot (SIGSTOP),
lets requests already on the wire land, and kills only when the fake's
record and the log agree; otherwise it thaws the bot and tries a moment
later. Everything else is fair game for the kill: a part claimed but not
yet sent, a job between two parts, a half-written request, a transaction
open in the store (SQLite or PostgreSQL).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.instances import (
    all_done,
    assert_each_part_sent_once,
    prepare_push,
    read_log,
    received,
    sent_in_log,
    wait_until,
)
from tests.fake_bot_api import FakeBotApi

PRIVATE = [810_000 + n for n in range(280)]
GROUPS = [-820_000 - n for n in range(20)]
CHATS = PRIVATE + GROUPS
START_TIMEOUT = 60.0
PUSH_TIMEOUT = 180.0

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="needs POSIX signals (SIGKILL, SIGSTOP)"
)


def start_bot(
    api: FakeBotApi, root: Path, seeds: Path, db: Path | str, log: Path
) -> subprocess.Popen:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": api.token,
        "MUJAZ_TELEGRAM_API": api.root,
        "MUJAZ_DB": str(db),
        "MUJAZ_SEEDS_DIR": str(seeds),
        "MUJAZ_WATCH": "off",
        "MUJAZ_LOG_LEVEL": "INFO",
    }
    with log.open("a", encoding="utf-8") as out:
        out.write(f"--- start {datetime.now(UTC).isoformat()}\n")
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=root,  # no ./.env of the developer's
        env=env,
        stdout=log.open("a", encoding="utf-8"),
        stderr=subprocess.STDOUT,
    )


def kill_when_log_and_api_agree(bot: subprocess.Popen, api: FakeBotApi, db: Path | str) -> int:
    """SIGKILL the bot when no message Telegram accepted is missing from its log; return count."""
    for _ in range(200):
        os.kill(bot.pid, signal.SIGSTOP)
        time.sleep(0.3)  # requests already sent are answered (and recorded) meanwhile
        if received(api) == sent_in_log(db):
            os.kill(bot.pid, signal.SIGKILL)
            bot.wait(10)
            return sum(received(api).values())
        os.kill(bot.pid, signal.SIGCONT)
        time.sleep(random.uniform(0.01, 0.2))
    raise AssertionError("the bot never paused with its log and the Bot API in agreement")


def test_push_killed_mid_way_and_restarted_sends_every_part_exactly_once(
    bot_api, tmp_path, db_target
):
    # A slot an hour ago: due at start-up, well within the 6 h catch-up limit.
    slot = (datetime.now(UTC) - timedelta(hours=1)).replace(second=0, microsecond=0)
    db = db_target
    seeds = prepare_push(db, tmp_path, slot, CHATS)
    for chat in CHATS:
        bot_api.register_chat(chat)
    log = tmp_path / "bot.log"

    first = start_bot(bot_api, tmp_path, seeds, db, log)
    try:
        wait_until(lambda: len(received(bot_api)) >= len(CHATS) // 2, START_TIMEOUT, "half")
        at_kill = kill_when_log_and_api_agree(first, bot_api, db)
        before_kill = received(bot_api)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(10)
    time.sleep(0.5)
    assert sum(received(bot_api).values()) == at_kill  # a dead bot sends nothing

    second = start_bot(bot_api, tmp_path, seeds, db, log)
    try:
        wait_until(lambda: all_done(db, slot), PUSH_TIMEOUT, "every digest to be done")
    finally:
        second.terminate()
        second.wait(30)

    messages = bot_api.messages()
    by_chat: dict[int, list[str]] = {chat: [] for chat in CHATS}
    for message in messages:
        by_chat[message.chat_id].append(message.text)
    log_rows = read_log(db)
    total = len(messages)

    assert 0.1 * total < at_kill < 0.9 * total, (at_kill, total)
    cut_mid_digest = [c for c in CHATS if 0 < before_kill[c] < len(by_chat[c])]
    assert cut_mid_digest, "the kill fell between digests, not inside one"
    assert_each_part_sent_once(messages, log_rows, CHATS)
    # Same language, same day, same documents: the same digest, part for part.
    for lang_chats in (CHATS[0::2], CHATS[1::2]):
        assert len({tuple(by_chat[c]) for c in lang_chats}) == 1
    assert [c for c in bot_api.calls("sendMessage") if c.status == 429] == []
    assert bot_api.warnings == []
