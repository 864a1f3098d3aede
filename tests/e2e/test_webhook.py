"""Webhook mode end to end: `python -m bot run` with MUJAZ_WEBHOOK_URL against the stand-in.

The bot runs as a real process on the real entry point, so the settings,
the CLI and PTB's webhook server (``Application.run_webhook``) are all the
ones a deployment runs. The stand-in records setWebhook and delivers queued
updates by POSTing them to the webhook URL with the secret token header, as
Telegram does; the test also POSTs forged updates itself, as anyone who
finds the URL could.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, SEEDS
from tests.fake_bot_api import SECRET_HEADER, FakeBotApi

SECRET = "e2e_Webhook-secret-42"
START_TIMEOUT = 60.0
REPLY_TIMEOUT = 15.0


@dataclass(frozen=True, slots=True)
class WebhookBot:
    process: subprocess.Popen
    url: str
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bot_env(api: FakeBotApi, root: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": api.token,
        "MUJAZ_TELEGRAM_API": api.root,
        "MUJAZ_DB": str(root / "mujaz.sqlite3"),
        "MUJAZ_SEEDS_DIR": str(root / "seeds"),
        "MUJAZ_WATCH": "off",
        "MUJAZ_LOG_LEVEL": "INFO",
        **extra,
    }


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    """A stand-in of this module's own: its webhook must outlive the tests' resets."""
    with FakeBotApi() as server:
        yield server


@pytest.fixture(scope="module")
def webhook_bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebhookBot]:
    root = tmp_path_factory.mktemp("webhook")
    shutil.copytree(SEEDS, root / "seeds")
    port = free_port()
    url = f"http://127.0.0.1:{port}/mujaz/hook"
    env = bot_env(
        api,
        root,
        MUJAZ_WEBHOOK_URL=url,
        MUJAZ_WEBHOOK_SECRET=SECRET,
        MUJAZ_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
    )
    log = root / "bot.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=root, env=env, stdout=out, stderr=out
        )
    try:
        yield WebhookBot(process, url, log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def forged_update(update_id: int, chat_id: int, text: str) -> dict:
    """Return a well-formed update as Telegram would post it, from a private chat."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Mallory", "language_code": "en"}
    message = {
        "message_id": 1,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Mallory"},
        "from": user,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
    }
    return {"update_id": update_id, "message": message}


async def started(api: FakeBotApi, bot: WebhookBot) -> None:
    """Wait until the bot set its webhook and answers through it."""
    try:
        await api.wait_for_webhook(timeout=START_TIMEOUT)
    except AssertionError:
        raise AssertionError(bot.log.read_text(encoding="utf-8")) from None
    api.send_text(70_000, "/start", language_code="en")
    await api.wait_for_messages(70_000, 1, timeout=REPLY_TIMEOUT)


async def test_bot_in_webhook_mode_sets_its_url_and_secret_and_never_polls(api, webhook_bot):
    await started(api, webhook_bot)

    calls = api.calls("setWebhook")  # once to check it at start-up, once by run_webhook
    assert calls and all(c.status == 200 for c in calls)
    assert {(c.params["url"], c.params["secret_token"]) for c in calls} == {
        (webhook_bot.url, SECRET)
    }
    assert {"message", "callback_query", "my_chat_member"} <= set(api.webhook.allowed_updates)
    assert api.calls("getUpdates") == []
    assert SECRET not in webhook_bot.log.read_text(encoding="utf-8")


async def test_help_delivered_by_webhook_is_answered(api, webhook_bot):
    await started(api, webhook_bot)
    chat = 70_001

    api.send_text(chat, "/help", language_code="en")
    [reply] = await api.wait_for_messages(chat, 1, timeout=REPLY_TIMEOUT)

    assert reply.text.startswith("Mujaz commands") and "/search" in reply.text
    delivered = await api.wait_for(lambda: [d for d in api.webhook_deliveries if d.ok] or None)
    assert all(d.url == webhook_bot.url for d in delivered)


@pytest.mark.parametrize(
    ("forged", "headers"),
    [
        (70_101, {}),
        (70_102, {SECRET_HEADER: "wrong-secret"}),
        (70_103, {SECRET_HEADER: SECRET[:-1]}),
    ],
    ids=["no secret", "wrong secret", "secret cut short"],
)
async def test_webhook_refuses_a_post_without_the_secret_and_no_handler_sees_it(
    api, webhook_bot, forged, headers
):
    await started(api, webhook_bot)
    control = forged + 100
    api.register_chat(forged)
    api.register_chat(control)

    async with httpx.AsyncClient(timeout=REPLY_TIMEOUT) as client:
        refused = await client.post(
            webhook_bot.url, json=forged_update(forged, forged, "/help"), headers=headers
        )
        accepted = await client.post(  # the same update with the secret: the control
            webhook_bot.url,
            json=forged_update(control, control, "/help"),
            headers={SECRET_HEADER: SECRET},
        )
    api.send_text(forged, "/about", language_code="en")  # updates are handled in order

    assert refused.status_code == 403 and accepted.status_code == 200
    [reply] = await api.wait_for_messages(forged, 1, timeout=REPLY_TIMEOUT)
    assert reply.text.startswith("Mujaz ") and not reply.text.startswith("Mujaz commands")
    [answered] = await api.wait_for_messages(control, 1, timeout=REPLY_TIMEOUT)
    assert answered.text.startswith("Mujaz commands")


def test_webhook_mode_on_a_busy_port_stops_with_one_line_naming_the_setting(api, tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = bot_env(
            api,
            tmp_path,
            MUJAZ_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
            MUJAZ_WEBHOOK_SECRET=SECRET,
            MUJAZ_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
            MUJAZ_LOG_LEVEL="WARNING",
        )
        done = run_until_exit(env, tmp_path)

    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"mujaz: MUJAZ_WEBHOOK_LISTEN 127.0.0.1:{port} cannot be used: ")
    assert SECRET not in done.stderr


def test_webhook_url_telegram_refuses_stops_with_one_line_naming_the_setting(api, tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    env = bot_env(
        api,
        tmp_path,
        MUJAZ_WEBHOOK_URL="https://bot.example.org:9999/hook",
        MUJAZ_WEBHOOK_SECRET=SECRET,
        MUJAZ_WEBHOOK_LISTEN=f"127.0.0.1:{free_port()}",
        MUJAZ_LOG_LEVEL="WARNING",
    )
    done = run_until_exit(env, tmp_path)

    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "mujaz: Telegram refused MUJAZ_WEBHOOK_URL https://bot.example.org:9999/hook: "
        "Bad webhook: webhook can be set up only on ports 80, 88, 443 or 8443"
    )


def run_until_exit(env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    """Run `python -m bot run` and return once it exits (start-up refused)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
