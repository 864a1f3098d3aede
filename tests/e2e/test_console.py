"""The command line: `mujaz console` offline, `mujaz run` with and without a token.

In-process tests call ``bot.cli.main`` and compare what it printed; two
tests start the real entry point (``python -m bot``) as a process, one fed
from stdin, one polling the fake Bot API until it is interrupted.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import NO_TOKEN, main
from tests.conftest import ROOT, SEEDS
from tests.fake_bot_api import FakeBotApi

BOT_ENV = ("TELEGRAM_BOT_TOKEN", "MUJAZ_TELEGRAM_API", "MUJAZ_DEFAULT_TZ", "MUJAZ_ADMINS")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of seeds/ and a store already ingested from it."""
    root = tmp_path_factory.mktemp("cli")
    (root / "seeds").mkdir()
    for seed in SEEDS.iterdir():
        (root / "seeds" / seed.name).write_bytes(seed.read_bytes())
    assert (
        main(["--seeds", str(root / "seeds"), "--db", str(root / "mujaz.sqlite3"), "ingest"]) == 0
    )
    return root


@pytest.fixture
def cli_env(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Work in workdir with no bot variables set; yield the --seeds/--db arguments."""
    monkeypatch.chdir(workdir)
    for name in BOT_ENV:
        monkeypatch.delenv(name, raising=False)
    yield ["--seeds", str(workdir / "seeds"), "--db", str(workdir / "mujaz.sqlite3")]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_console_answers_typed_commands_and_button_presses_without_network(
    cli_env, monkeypatch, capsys
):
    # Any network call would fail: the API root points at a closed port.
    monkeypatch.setenv("MUJAZ_TELEGRAM_API", f"http://127.0.0.1:{closed_port()}")
    lines = "/digest\n:5\n/figures\n:11\n:2\n\n/frobnicate\n:9\nquit\n/help\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))

    assert main([*cli_env, "console"]) == 0
    out = capsys.readouterr().out

    assert out.startswith("Mujaz console: type a command such as /help")
    assert "Briefings, newest first (5)\n\n#2 Arabic article, July 2021: US forces" in out
    assert "  [:5] #1 Kadhimi visits Washington broadening…\n" in out
    assert "#1 Kadhimi visits Washington broadening US Iraq relationship\nThe Washington" in out
    assert "(edited)\nKey figures\nPage 2 of 2\n" in out
    assert "I don't know the command /frobnicate. The commands are:" in out
    assert "(no button :9; buttons: 2)" in out
    assert "Mujaz commands" not in out  # "quit" ended the session before /help
    assert "<b>" not in out and "\u200f" not in out


def test_console_answers_in_arabic_when_started_with_lang_ar(cli_env, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("/topic الكهرباء\n"))

    assert main([*cli_env, "console", "--lang", "ar"]) == 0
    out = capsys.readouterr().out

    assert "موضوع: الاقتصاد والطاقة\n" in out
    assert "المصدر: " in out and "/digest " in out


def test_run_without_token_says_how_to_set_one_and_starts_the_console(cli_env, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("/about\n"))

    assert main([*cli_env, "run"]) == 0
    captured = capsys.readouterr()

    assert captured.err == NO_TOKEN + "\n"
    assert captured.out.startswith("unchanged  #1    000_2f603b69c566226f.txt\n")
    assert "Mujaz console:" in captured.out and "Documents: 5\nLast ingest: " in captured.out


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "MUJAZ_DEFAULT_TZ",
            "Mars/Olympus",
            "mujaz: MUJAZ_DEFAULT_TZ must be an IANA time zone such as Asia/Baghdad or "
            "Europe/London, not 'Mars/Olympus'\n",
        ),
        (
            "MUJAZ_ADMINS",
            "12345,admin",
            "mujaz: MUJAZ_ADMINS must be comma-separated Telegram user ids such as "
            "12345,67890; 'admin' is not one\n",
        ),
    ],
)
def test_run_stops_with_one_clear_line_when_a_setting_is_bad(
    cli_env, monkeypatch, capsys, variable, value, message
):
    monkeypatch.setenv(variable, value)

    assert main([*cli_env, "run"]) == 1
    assert capsys.readouterr() == ("", message)


def test_run_stops_with_one_clear_line_when_the_bot_api_is_unreachable(
    cli_env, monkeypatch, capsys
):
    port = closed_port()
    token = "5550009999:AAUnreachableTokenMustNeverBePrinted"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    monkeypatch.setenv("MUJAZ_TELEGRAM_API", f"http://127.0.0.1:{port}")

    assert main([*cli_env, "run"]) == 1
    captured = capsys.readouterr()

    assert captured.err.endswith(
        f"mujaz: MUJAZ_TELEGRAM_API http://127.0.0.1:{port} cannot be reached: "
        "httpx.ConnectError: All connection attempts failed\n"
    )
    assert captured.err.count("\n") == 1
    assert token not in captured.out + captured.err


def test_run_stops_with_one_clear_line_when_the_token_is_refused(
    cli_env, monkeypatch, capsys, bot_api
):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "5550001234:AAWrongTokenForTheFakeBotApi")
    monkeypatch.setenv("MUJAZ_TELEGRAM_API", bot_api.root)

    assert main([*cli_env, "run"]) == 1
    assert capsys.readouterr().err == (
        f"mujaz: the Bot API at {bot_api.root} (MUJAZ_TELEGRAM_API) refused TELEGRAM_BOT_TOKEN: "
        "check the token @BotFather gave you and that URL\n"
    )


def process_env(workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in BOT_ENV}
    env.update(MUJAZ_SEEDS_DIR=str(workdir / "seeds"), MUJAZ_DB=str(workdir / "mujaz.sqlite3"))
    env.update(extra)
    return env


def test_python_m_bot_console_reads_stdin_and_prints_plain_replies(workdir):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/sources 1\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=workdir,
        env=process_env(workdir, PYTHONPATH=str(ROOT)),
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert "Publisher: The Washington Institute\nAuthors: Dana Stroul, Bilal Wahab" in done.stdout
    assert done.stderr == ""


async def test_python_m_bot_run_polls_the_bot_api_answers_and_stops_on_sigint(
    workdir, bot_api: FakeBotApi
):
    bot_api.send_text(880_001, "/start", language_code="en")
    env = process_env(
        workdir,
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=bot_api.token,
        MUJAZ_TELEGRAM_API=bot_api.root,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        [reply] = await bot_api.wait_for_messages(880_001, 1, timeout=30)
        await bot_api.wait_for(lambda: bot_api.commands("ar") or None)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)

    assert reply.text.startswith("Welcome to Mujaz")
    assert process.returncode == 0, err
    assert "unchanged  #1    000_2f603b69c566226f.txt" in out
    assert bot_api.token not in out + err
    assert bot_api.token.split(":")[1] not in err
