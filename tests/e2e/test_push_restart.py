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
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.database import connect
from tests.conftest import ROOT
from tests.e2e.instances import prepare_push
from tests.fake_bot_api import FakeBotApi

PRIVATE = [810_000 + n for n in range(280)]
GROUPS = [-820_000 - n for n in range(20)]
CHATS = PRIVATE + GROUPS
START_TIMEOUT = 60.0
PUSH_TIMEOUT = 180.0

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL"), reason="needs POSIX signals (SIGKILL, SIGSTOP)"
)


def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> object:
    """Return predicate()'s first truthy value, polling; fail naming what after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


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


def query(db: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Return the rows of one read of the bot's store from outside it (read-only on SQLite)."""
    if isinstance(db, Path):
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as reader:
            return reader.execute(sql, params).fetchall()
    database = connect(db)
    try:
        return [tuple(row.values()) for row in database.execute(sql, params)]
    finally:
        database.close()


def sent_in_log(db: Path | str) -> Counter[int]:
    """Return, per chat, how many parts the delivery log has as sent."""
    rows = query(
        db, "SELECT chat_id, COUNT(*) FROM deliveries WHERE status = 'sent' GROUP BY chat_id"
    )
    return Counter(dict(rows))


def received(api: FakeBotApi) -> Counter[int]:
    return Counter(m.chat_id for m in api.messages())


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
    for chat, texts in by_chat.items():
        parts = log_rows[chat]
        assert texts, f"chat {chat} got nothing"
        assert len(texts) == len(set(texts)), f"chat {chat} got a part twice"
        assert [status for _, status, _ in parts] == ["sent"] * len(texts)
        ids = [m.message_id for m in messages if m.chat_id == chat]
        assert [message_id for _, _, message_id in parts] == ids
    # Same language, same day, same documents: the same digest, part for part.
    for lang_chats in (CHATS[0::2], CHATS[1::2]):
        assert len({tuple(by_chat[c]) for c in lang_chats}) == 1
    assert [c for c in bot_api.calls("sendMessage") if c.status == 429] == []
    assert bot_api.warnings == []


def all_done(db: Path | str, slot: datetime) -> bool:
    [(left,)] = query(
        db,
        "SELECT COUNT(*) FROM subscriptions WHERE last_sent_date IS NULL OR last_sent_date < ?",
        (slot.date().isoformat(),),
    )
    return left == 0


def read_log(db: Path | str) -> dict[int, list[tuple[int, str, int | None]]]:
    """Return, per chat, its (part, status, message id) rows in part order."""
    rows: dict[int, list[tuple[int, str, int | None]]] = {}
    for chat, part, status, message_id in query(
        db, "SELECT chat_id, part, status, message_id FROM deliveries ORDER BY chat_id, part"
    ):
        rows.setdefault(chat, []).append((part, status, message_id))
    return rows
