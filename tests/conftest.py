"""Fixtures shared by every test: a migrated store and a copy of the seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summaries.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def store(tmp_path: Path):
    """A migrated SQLite store in a file under tmp_path."""
    with Store.open(tmp_path / "mujaz.sqlite3") as opened:
        yield opened


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A private copy of the project's seeds/ folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def run(seeds_dir, tmp_path, capsys, monkeypatch):
    """Run the `mujaz` command line in-process on seeds_dir and a store in tmp_path."""
    from summaries.cli import main

    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout

    def run_cli(*args):
        code = main(["--seeds", str(seeds_dir), "--db", str(tmp_path / "db.sqlite3"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run_cli


@pytest.fixture(scope="session")
def fake_bot_api_server():
    """A fake Bot API listening on 127.0.0.1 for the whole test session."""
    from tests.fake_bot_api import FakeBotApi

    with FakeBotApi() as server:
        yield server


@pytest.fixture
def bot_api(fake_bot_api_server):
    """The session's fake Bot API, emptied and with default limits for this test."""
    fake_bot_api_server.reset()
    return fake_bot_api_server


@pytest.fixture(scope="session")
def tiny_mt_model(tmp_path_factory) -> Path:
    """A tiny random ar→en CTranslate2 model in the Argos package layout, built once per run.

    Its English is meaningless (Latin words and digits only): assert on structure.
    """
    from tests.translate_model import build_tiny_package

    return build_tiny_package(tmp_path_factory.mktemp("mt"))
