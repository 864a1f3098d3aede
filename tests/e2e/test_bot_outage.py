"""The database goes away while the bot serves: an apology, no crash, back to normal after.

The real Application (``build_application``) polls the fake Bot API on a
PostgreSQL store whose server this module stops and starts again.
"""

from __future__ import annotations

import logging

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.store import BotStore
from summaries import Settings as LibrarySettings
from tests.e2e.chat import ask, chat_of
from tests.fake_bot_api import polling

APOLOGY = {
    "ar": "عذراً، قاعدة بيانات موجز غير متاحة الآن",
    "en": "Sorry, Mujaz's database cannot be reached right now",
}


@pytest.fixture
def store_url(private_postgres, tmp_path):
    url = private_postgres.create_database()
    yield url
    if not (private_postgres.data / "postmaster.pid").exists():
        private_postgres.resume()
    private_postgres.drop_database(url)


async def test_bot_apologises_while_the_database_is_down_and_answers_once_it_is_back(
    bot_api, private_postgres, store_url, tmp_path, caplog
):
    arabic, english = chat_of(91, "ar"), chat_of(91, "en")
    library = LibrarySettings(seeds_dir=tmp_path, db_path=store_url)
    settings = Settings(token=bot_api.token, api_root=bot_api.root, library=library)
    with BotStore.open(store_url) as store:
        app = build_application(settings, store)
        async with polling(app):
            [chosen] = await ask(bot_api, english, "/lang ar", "en")  # stored before the outage
            private_postgres.halt()
            with caplog.at_level(logging.WARNING, logger="bot"):
                [sorry_ar] = await ask(bot_api, arabic, "/help", "ar")
                [sorry_en] = await ask(bot_api, english, "/help", "en")
                [sorry_again] = await ask(bot_api, arabic, "/lang en", "ar")
            private_postgres.resume()
            [helped] = await ask(bot_api, english, "/help", "en")
            [switched] = await ask(bot_api, arabic, "/lang en", "ar")
            [helped_en] = await ask(bot_api, arabic, "/help", "ar")
        assert app.running is False  # stopped by the block, not by the outage

        assert store.user_language(english) == "ar"  # nothing stored was lost
        assert store.user_language(arabic) == "en"

    assert sorry_ar.text.startswith(APOLOGY["ar"])
    assert sorry_again.text.startswith(APOLOGY["ar"])
    # The English user chose Arabic, but the store that knows it is down: Telegram's language.
    assert sorry_en.text.startswith(APOLOGY["en"])
    assert not chosen.text.startswith("Sorry") and not helped.text.startswith("عذراً")
    assert "/digest" in helped.text and "/digest" in helped_en.text
    assert helped.text != helped_en.text  # Arabic for the user who chose it, English now
    assert not switched.text.startswith("عذراً")
    outage_lines = [r for r in caplog.records if r.name == "bot.handlers.errors"]
    assert len(outage_lines) == 3
    assert all(r.exc_info is None and "MUJAZ_DB" in r.getMessage() for r in outage_lines)
