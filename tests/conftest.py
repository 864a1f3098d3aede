"""Fixtures shared by every test: a migrated store and a copy of the seeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from summaries.store import Store
from tests.postgres import Cluster, PostgresUnavailable

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


# The engines every store, pipeline, push and end-to-end test runs on;
# MUJAZ_TEST_ENGINES=sqlite runs the SQLite half alone (a quick local loop).
ENGINES = tuple(os.environ.get("MUJAZ_TEST_ENGINES", "sqlite,postgresql").split(","))


def _start_cluster() -> Cluster:
    try:
        return Cluster().start()
    except PostgresUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test PostgreSQL, and it cannot start: {error}")
        pytest.skip(f"no PostgreSQL on this machine: {error}")


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster for the whole run; a skip without one, a failure under CI."""
    cluster = _start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def private_postgres():
    """A PostgreSQL cluster of the test module's own, for tests that stop it or change logins."""
    cluster = _start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres: Cluster) -> str:
    """The name of a database migrated once, that each test's database copies."""
    url = postgres.create_database()
    Store.open(url).close()
    return postgres.name_of(url)


@pytest.fixture(params=ENGINES)
def db_target(request, tmp_path: Path):
    """Where a test's store lives: a SQLite file under tmp_path, or a fresh PostgreSQL database."""
    yield from _target(request, tmp_path)


@pytest.fixture(scope="module", params=ENGINES)
def module_db_target(request, tmp_path_factory):
    """Where a module's shared store lives (ingested once for its read-only tests), as db_target."""
    yield from _target(request, tmp_path_factory.mktemp("store"))


def _target(request, folder: Path):
    if request.param == "sqlite":
        yield folder / "mujaz.sqlite3"
        return
    cluster = request.getfixturevalue("postgres")
    url = cluster.create_database(template=request.getfixturevalue("postgres_template"))
    yield url
    cluster.drop_database(url)


@pytest.fixture
def store(db_target):
    """A migrated store, once on SQLite and once on PostgreSQL."""
    with Store.open(db_target) as opened:
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
