"""Several real ``mujaz run`` processes on one PostgreSQL database (tests/e2e, bench/takeover.py).

Each instance is ``python -m bot run`` with its own log file, talking to the
fake Bot API of the caller's process. Who leads is read from the logs
(``bot.leader`` logs one line each time an instance starts to lead); the
delivery log is read straight from the database.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.model import ChatType
from bot.store import BotStore as Store
from db.database import connect
from summaries import Pipeline, ingest
from tests.conftest import ROOT, SEEDS
from tests.fake_bot_api import FakeBotApi

LEADS = "leader: this instance leads"


def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> object:
    """Return predicate()'s first truthy value, polling; fail naming what after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Instance:
    """One running ``mujaz run`` process and its log."""

    name: str
    process: subprocess.Popen
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def leads(self) -> int:
        """Return how many times this instance started to lead."""
        return self.text().count(LEADS)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM the instance, wait for it; return its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise


def start_instance(
    api: FakeBotApi, root: Path, url: str, seeds: Path, name: str, **env: str
) -> Instance:
    """Start ``mujaz run`` on the database at url; env adds MUJAZ_* settings."""
    log = root / f"{name}.log"
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": api.token,
        "MUJAZ_TELEGRAM_API": api.root,
        "MUJAZ_DB": url,
        "MUJAZ_SEEDS_DIR": str(seeds),
        "MUJAZ_WATCH": "off",
        "MUJAZ_LOG_LEVEL": "INFO",
        **env,
    }
    with log.open("a", encoding="utf-8") as out:
        out.write(f"--- start {datetime.now(UTC).isoformat()}\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=root,  # no ./.env of the developer's
        env=environment,
        stdout=log.open("a", encoding="utf-8"),
        stderr=subprocess.STDOUT,
    )
    return Instance(name, process, log)


def prepare_push(url: Path | str, root: Path, slot: datetime, chats: Iterable[int]) -> Path:
    """Return seeds/: the seeds ingested before slot, every chat subscribed to it."""
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    with Store.open(url) as store:
        ingest(seeds, store, Pipeline.build(), now=lambda: slot - timedelta(hours=1))
        for n, chat in enumerate(chats):
            store.subscribe(
                chat,
                chat_type=ChatType.PRIVATE if chat > 0 else ChatType.GROUP,
                time=slot.time(),
                tz="UTC",
                lang="ar" if n % 2 else "en",
                next_send=slot,
                now=slot - timedelta(days=2),
            )
    return seeds


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


def assert_each_part_sent_once(messages, log_rows, chats) -> None:
    """Assert every chat got its parts once each, all logged as sent under their message ids."""
    by_chat: dict[int, list[str]] = {chat: [] for chat in chats}
    for message in messages:
        by_chat[message.chat_id].append(message.text)
    for chat, texts in by_chat.items():
        parts = log_rows[chat]
        assert texts, f"chat {chat} got nothing"
        assert len(texts) == len(set(texts)), f"chat {chat} got a part twice"
        assert [status for _, status, _ in parts] == ["sent"] * len(texts)
        ids = [m.message_id for m in messages if m.chat_id == chat]
        assert [message_id for _, _, message_id in parts] == ids


def kill_when_log_and_api_agree(instance: Instance, api: FakeBotApi, url: str) -> float:
    """SIGKILL the instance when every message Telegram accepted is in its log; return when.

    Telegram has no idempotency key: a part accepted but not yet logged when
    the process dies is sent again and flagged (tests/bot/test_sender.py).
    So the instance is frozen (SIGSTOP) until requests on the wire land, and
    killed only when the fake's record and the log agree.
    """
    pid = instance.process.pid
    for _ in range(200):
        os.kill(pid, signal.SIGSTOP)
        time.sleep(0.3)  # requests already sent are answered (and recorded) meanwhile
        if received(api) == sent_in_log(url):
            os.kill(pid, signal.SIGKILL)
            killed = time.monotonic()
            instance.process.wait(10)
            return killed
        os.kill(pid, signal.SIGCONT)
        time.sleep(random.uniform(0.01, 0.2))
    raise AssertionError("the leader never paused with its log and the Bot API in agreement")
