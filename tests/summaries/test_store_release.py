"""A store written by the release before PostgreSQL support (commit ad8dcde) upgrades in place."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from bot.store import BotStore
from summaries.store import SCHEMA_VERSION, Store

SEED_NAMES = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "seeds").iterdir())
RELEASE = Path(__file__).resolve().parent.parent / "releases" / "store-ad8dcde.sqlite3.gz"


def unpacked(tmp_path: Path) -> Path:
    path = tmp_path / "mujaz.sqlite3"
    with gzip.open(RELEASE) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def test_release_store_upgrades_in_place_keeping_every_row(tmp_path):
    path = unpacked(tmp_path)
    before = table_counts(path)

    with BotStore.open(path) as store:  # the bot's tables too
        assert store.schema_version() == SCHEMA_VERSION
        assert sorted(d.name for d in store.documents()) == SEED_NAMES
        briefing = store.briefing(3)
        assert briefing is not None and briefing.briefing.digest
        assert store.search("القوات")
        assert store.subscription(-1001234567890).tz == "Asia/Baghdad"
        assert store.user_language(987654321012) == "en"
        log = {
            (p.part, p.status.value) for p in store.delivery_log(-1001234567890, date(2026, 12, 1))
        }
        assert log == {(0, "sent"), (1, "uncertain")}

    after = table_counts(path)
    for table, rows in before.items():
        assert after[table] >= rows, table  # nothing lost
    assert "alembic_version" in after


def test_release_store_opens_a_second_time_without_migrating_again(tmp_path):
    path = unpacked(tmp_path)
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        applied = db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
    with Store.open(path) as again:
        assert again.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == applied
