"""A store that cannot be opened stops every command in one line naming MUJAZ_DB: exit 2.

Against a real PostgreSQL cluster of this module's own (the postgres
``private_postgres`` fixture), with a role that must give a password: a
wrong password, an unknown user, a missing database, a stopped server, a
host that never answers; and SQLite paths that cannot be created. The
password is never printed. ``mujaz health`` says the same and exits 1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import psycopg
import pytest

from bot.cli import main as mujaz
from summaries import Store
from tests.conftest import ROOT

ROLE, PASSWORD = "deployer", "Pa55-w0rd-secret"
COMMANDS = (["run"], ["console"], ["ingest"], ["show"], ["figures"], ["timeline"])


@pytest.fixture(scope="module")
def cluster(private_postgres):
    """The module's cluster, with a login that needs PASSWORD and owns the database mujaz."""
    private_postgres.require_password(ROLE, PASSWORD)
    with psycopg.connect(private_postgres.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE mujaz OWNER {ROLE}")
    return private_postgres


def url_of(cluster, password: str = PASSWORD, role: str = ROLE, database: str = "mujaz") -> str:
    return f"postgresql://{role}:{password}@/{database}?host={cluster.socket}"


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run `mujaz` in-process with MUJAZ_DB set; return (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MUJAZ_SEEDS_DIR", str(tmp_path / "seeds"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    (tmp_path / "seeds").mkdir()

    def run(target: str, *command: str) -> tuple[int, str, str]:
        monkeypatch.setenv("MUJAZ_DB", target)
        code = mujaz(list(command))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def assert_one_line(err: str, *parts: str) -> None:
    assert err.startswith("mujaz: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and PASSWORD not in err
    for part in parts:
        assert part in err, err


def test_store_opens_for_the_role_with_its_password(cluster):
    with Store.open(url_of(cluster)) as store:
        store.set_meta("greeting", "salam")
        assert store.get_meta("greeting") == "salam"


@pytest.mark.parametrize("command", COMMANDS)
def test_mujaz_names_mujaz_db_without_the_password_when_the_password_is_wrong(
    cluster, cli, command
):
    code, out, err = cli(url_of(cluster, password="not-" + PASSWORD), *command)

    assert (code, out) == (2, "")
    assert_one_line(err, "MUJAZ_DB postgresql://deployer:***@", "PostgreSQL refused the login")
    assert f'password authentication failed for user "{ROLE}"' in err
    assert "not-" + PASSWORD not in err


def test_mujaz_says_postgresql_refused_an_unknown_user(cluster, cli):
    code, _, err = cli(url_of(cluster, role="nobody_here"), "show")

    assert code == 2
    assert_one_line(err, "MUJAZ_DB", "refused the login", 'role "nobody_here" does not exist')


@pytest.mark.parametrize("command", COMMANDS)
def test_mujaz_says_a_missing_database_does_not_exist_and_how_to_make_it(cluster, cli, command):
    code, out, err = cli(url_of(cluster, database="no_such_db"), *command)

    assert (code, out) == (2, "")
    assert_one_line(err, "MUJAZ_DB", 'database "no_such_db" does not exist', "createdb")


@pytest.mark.parametrize("command", COMMANDS)
def test_mujaz_says_the_server_cannot_be_reached_when_it_is_stopped(cluster, cli, command):
    cluster.halt()
    try:
        code, out, err = cli(url_of(cluster), *command)
    finally:
        cluster.resume()

    assert (code, out) == (2, "")
    assert_one_line(err, "MUJAZ_DB", "PostgreSQL cannot be reached", "is the server running?")


def test_mujaz_says_a_refused_tcp_port_cannot_be_reached(cli):
    code, _, err = cli(f"postgresql://u:{PASSWORD}@127.0.0.1:1/mujaz", "ingest")

    assert code == 2
    assert_one_line(err, "MUJAZ_DB postgresql://u:***@127.0.0.1:1/mujaz", "Connection refused")


def test_mujaz_stops_waiting_for_a_server_that_never_answers(tmp_path):
    """A port that accepts but never speaks: connect_timeout ends start-up, in a real process."""
    with socket.create_server(("127.0.0.1", 0), backlog=8) as silent:
        port = silent.getsockname()[1]
        env = {**os.environ, "MUJAZ_DB": f"postgresql://u:{PASSWORD}@127.0.0.1:{port}/mujaz"}
        env.pop("TELEGRAM_BOT_TOKEN", None)
        done = subprocess.run(
            [sys.executable, "-m", "bot", "--seeds", str(tmp_path), "ingest"],
            cwd=tmp_path,
            env={**env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,  # without connect_timeout libpq would wait here for ever
        )

    assert (done.returncode, done.stdout) == (2, "")
    assert_one_line(done.stderr, "MUJAZ_DB", "cannot be reached", "timeout expired")


def test_mujaz_says_a_sqlite_folder_cannot_be_made_under_a_file(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")

    code, _, err = cli(str(tmp_path / "notes.txt" / "db" / "mujaz.sqlite3"), "ingest")

    assert code == 2
    assert_one_line(err, "MUJAZ_DB", "notes.txt is a file", "folder cannot be made")


def test_mujaz_says_mujaz_db_names_a_folder_not_a_sqlite_file(cli, tmp_path):
    (tmp_path / "var").mkdir()

    code, _, err = cli(str(tmp_path / "var"), "show")

    assert code == 2
    assert_one_line(err, "MUJAZ_DB", "is a folder")


# -- mujaz health -----------------------------------------------------------------


def test_health_exits_0_for_a_migrated_store_and_names_it_without_the_password(cluster, cli):
    url = cluster.create_database()
    with Store.open(url):
        pass
    target = url.replace(f"{cluster.user}@", f"{cluster.user}:{PASSWORD}@")  # trusted anyway

    code, out, err = cli(target, "health")

    assert (code, err) == (0, "")
    assert out.startswith("ok: postgresql store MUJAZ_DB postgresql://") and PASSWORD not in out
    cluster.drop_database(url)


def test_health_exits_1_for_an_empty_database_until_it_is_migrated(cluster, cli):
    url = cluster.create_database()

    code, out, err = cli(url, "health")

    assert (code, out) == (1, "")
    assert "answers but is empty; `mujaz run` migrates it" in err
    cluster.drop_database(url)


def test_health_exits_1_not_2_when_the_server_is_down(cluster, cli):
    cluster.halt()
    try:
        code, out, err = cli(url_of(cluster), "health")
    finally:
        cluster.resume()

    assert (code, out) == (1, "")  # Docker reserves exit code 2 in health checks
    assert_one_line(err, "mujaz: unhealthy: MUJAZ_DB", "cannot be reached")


def test_health_exits_1_and_creates_nothing_for_a_missing_sqlite_file(cli, tmp_path):
    code, _, err = cli(str(tmp_path / "var" / "mujaz.sqlite3"), "health")

    assert code == 1
    assert_one_line(err, "no SQLite store there yet")
    assert not (tmp_path / "var").exists()


def test_health_exits_0_for_a_sqlite_store(cli, tmp_path):
    Store.open(tmp_path / "mujaz.sqlite3").close()

    code, out, _ = cli(str(tmp_path / "mujaz.sqlite3"), "health")

    assert code == 0 and out.startswith("ok: sqlite store MUJAZ_DB ")


def test_mujaz_says_the_user_may_not_create_tables_in_a_database_it_does_not_own(cluster, cli):
    code, _, err = cli(url_of(cluster, database="postgres"), "ingest")

    assert code == 2
    assert_one_line(err, "MUJAZ_DB", "may not create Mujaz's tables", "OWNER")
