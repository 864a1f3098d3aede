"""A push job that fires while the database is down comes back later instead of vanishing."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.model import ChatType
from bot.push.jobs import JOB_PREFIX, RETRY_AFTER
from bot.store import BotStore
from summaries import Settings as LibrarySettings
from summaries import StoreUnavailable
from tests.fake_bot_api import polling

CHAT = 7701


class DownForJobs(BotStore):
    """A real store whose subscription lookup fails while down, as every call does then."""

    down = False

    def subscription(self, chat_id):
        if self.down:
            raise StoreUnavailable("the database went away (MUJAZ_DB test): server closed")
        return super().subscription(chat_id)


@pytest.fixture
def store(db_target):
    with DownForJobs.open(db_target) as opened:
        yield opened


async def test_push_job_is_scheduled_again_when_the_store_is_down_at_its_time(
    bot_api, store, tmp_path, caplog
):
    store.subscribe(
        CHAT,
        chat_type=ChatType.PRIVATE,
        time=time(8, 0),
        tz="Asia/Baghdad",
        lang="ar",
        next_send=datetime(2024, 10, 27, 5, 0, tzinfo=UTC),  # overdue: the job runs at once
    )
    store.down = True
    library = LibrarySettings(seeds_dir=tmp_path, db_path=tmp_path / "unused.sqlite3")
    app = build_application(
        Settings(token=bot_api.token, api_root=bot_api.root, library=library), store
    )

    with caplog.at_level(logging.WARNING, logger="bot.push.jobs"):
        async with polling(app):
            app.bot_data.push.start()
            for _ in range(500):
                if "trying again in" in caplog.text:
                    break
                await asyncio.sleep(0.01)
            [job] = app.job_queue.get_jobs_by_name(f"{JOB_PREFIX}{CHAT}")
            retry_at = job.next_t

    assert f"push: chat {CHAT}: the database went away" in caplog.text
    assert f"trying again in {RETRY_AFTER}" in caplog.text
    assert job.data == CHAT and retry_at > datetime.now(UTC)  # a later run, not the spent one
    assert bot_api.messages(CHAT) == []
