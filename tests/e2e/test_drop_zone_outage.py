"""A file dropped while the store cannot be opened is ingested once it can: nothing lost.

The drop zone opens a store connection of its own for each batch. Here the
store's folder is moved away (and a plain file put in its place, so it cannot
be made again) while the bot runs: each batch's ``BotStore.open`` then raises
StoreUnavailable, as it does for a PostgreSQL server that is down.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.store import BotStore
from summaries import Pipeline
from summaries import Settings as LibrarySettings
from tests.e2e.chat import shown
from tests.e2e.test_drop_zone import ADMIN, WINDOW, drop, seed, until
from tests.fake_bot_api import NO_RATE_LIMITS, polling


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


async def test_drop_zone_ingests_a_file_dropped_during_an_outage_once_the_store_is_back(
    bot_api, tmp_path, pipeline, caplog
):
    bot_api.rate_limits = NO_RATE_LIMITS
    seeds, folder = tmp_path / "seeds", tmp_path / "store"
    seeds.mkdir()
    settings = Settings(
        token=bot_api.token,
        api_root=bot_api.root,
        admins=frozenset({ADMIN}),
        library=LibrarySettings(seeds_dir=seeds, db_path=folder / "mujaz.sqlite3"),
        watch="poll",
        watch_interval=0.1,
        watch_stable=0.2,
    )
    bot_api.register_chat(ADMIN)
    with BotStore.open(folder / "mujaz.sqlite3") as store:
        app = build_application(settings, store, pipeline=pipeline)
        async with polling(app):
            await app.post_init(app)
            try:
                with caplog.at_level(logging.WARNING, logger="bot.dropzone"):
                    os.replace(folder, tmp_path / "away")
                    folder.write_text("not a folder", encoding="utf-8")
                    drop(seeds, "late.txt", seed(3).read_bytes(), tmp_path)
                    await until(lambda: "drop zone: MUJAZ_DB" in caplog.text)
                    await asyncio.sleep(0.5)  # the watcher tries again every 0.1 s meanwhile
                    folder.unlink()
                    os.replace(tmp_path / "away", folder)
                    report = (await bot_api.wait_for_messages(ADMIN, 1, timeout=WINDOW))[0]
            finally:
                await app.post_stop(app)
        late = store.document_by_name("late.txt")

    assert late is not None and "New (1):" in shown(report) and "late.txt" in shown(report)
    assert caplog.text.count("drop zone: MUJAZ_DB") == 1  # one line for the whole outage
    assert "Traceback" not in caplog.text
    shutil.rmtree(folder)
