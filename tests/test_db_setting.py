"""MUJAZ_DB takes a SQLite path or a postgresql:// URL; any other URL stops start-up in one line."""

import pytest

from bot.cli import main as mujaz
from bot.config import Settings as BotSettings
from summaries.cli import main as library_cli
from summaries.config import DEFAULT_DB, Settings
from summaries.errors import ConfigError

PASSWORD = "s3cr3t-Pa55"
POSTGRES_URLS = (
    f"postgresql://mujaz:{PASSWORD}@db.example.org:5432/mujaz",
    f"postgres://mujaz:{PASSWORD}@localhost/mujaz",
    f"postgresql+psycopg://mujaz:{PASSWORD}@/mujaz?host=/run/postgresql",
)
OTHER_URLS = (
    f"  sqlite:///var/{PASSWORD}.db",
    f"mysql+pymysql://mujaz:{PASSWORD}@localhost/mujaz",
)


def files_under(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*"))


@pytest.mark.parametrize("url", POSTGRES_URLS)
def test_settings_from_env_take_a_postgresql_url_as_it_is(url):
    assert Settings.from_env({"MUJAZ_DB": url}).db_path == url


@pytest.mark.parametrize("url", OTHER_URLS)
def test_settings_from_env_refuse_another_database_url_naming_mujaz_db_without_the_password(url):
    with pytest.raises(ConfigError) as error:
        Settings.from_env({"MUJAZ_DB": url})

    message = str(error.value)
    assert message.startswith("MUJAZ_DB is a ") and "\n" not in message
    assert "SQLite file" in message and "PostgreSQL" in message
    assert PASSWORD not in message and "mujaz:" not in message


def test_bot_settings_from_env_refuse_another_database_url_too():
    with pytest.raises(ConfigError, match="^MUJAZ_DB is a mysql\\+pymysql:// URL"):
        BotSettings.from_env({"MUJAZ_DB": OTHER_URLS[1]})


@pytest.mark.parametrize(
    "value", ["var/mujaz.sqlite3", "/srv/mujaz/db.sqlite3", "postgresql.sqlite3", "a:b/c.db"]
)
def test_settings_from_env_accept_sqlite_paths_when_no_scheme_precedes_a_double_slash(value):
    assert str(Settings.from_env({"MUJAZ_DB": value}).db_path) == value


def test_settings_from_env_use_the_default_store_when_mujaz_db_is_empty():
    assert Settings.from_env({"MUJAZ_DB": ""}).db_path == DEFAULT_DB
    assert Settings.from_env({}).db_path == DEFAULT_DB


@pytest.mark.parametrize("command", [["run"], ["ingest"], ["show"], ["console"]])
def test_mujaz_refuses_another_database_url_in_one_line_and_creates_no_file(
    command, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MUJAZ_DB", OTHER_URLS[1])
    monkeypatch.setenv("MUJAZ_SEEDS_DIR", str(tmp_path / "seeds"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)

    code = mujaz(command)

    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    assert out.err.startswith("mujaz: MUJAZ_DB is a mysql+pymysql:// URL")
    assert out.err.count("\n") == 1
    assert PASSWORD not in out.err
    assert files_under(tmp_path) == []


def test_library_cli_refuses_another_database_url_given_as_db_naming_the_option(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MUJAZ_DB", raising=False)

    code = library_cli(["--db", OTHER_URLS[0], "show"])

    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("mujaz: --db is a sqlite:// URL") and err.count("\n") == 1
    assert PASSWORD not in err
    assert files_under(tmp_path) == []
