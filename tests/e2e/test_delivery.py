"""The real bot against a Bot API that refuses, throttles, blocks, or a store that fails.

Telegram's failure modes (telegram.md): a refused command menu, flood control
(429 with retry_after), a user who blocked the bot (403), and a bug in a
handler; none of them may stop the bot.
"""

from __future__ import annotations

import logging

from bot import views
from bot.app import build_application
from bot.store import BotStore
from bot.texts import COMMANDS
from tests.e2e.chat import ARABIC, ask, chat_of, failures
from tests.e2e.conftest import settings_for
from tests.fake_bot_api import ApiError, RateLimits, polling


async def test_command_menus_are_set_in_arabic_and_by_default_in_english(bot, bot_api):
    arabic, default = bot_api.commands("ar"), bot_api.commands("")

    assert [c["command"] for c in arabic] == list(COMMANDS)
    assert [c["command"] for c in default] == list(COMMANDS)
    assert ARABIC.search(arabic[0]["description"]) and not ARABIC.search(default[0]["description"])


async def test_bot_starts_and_answers_when_the_server_refuses_command_menus(
    bot_api, served, monkeypatch, caplog
):
    def refuse(params, files):
        raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")

    monkeypatch.setitem(bot_api._methods, "setmycommands", ("setMyCommands", refuse))
    app = build_application(settings_for(bot_api, served), served.store, pipeline=served.pipeline)
    async with polling(app):
        await app.post_init(app)
        [reply] = await ask(bot_api, chat_of(23, "en"), "/help", "en")

    assert reply.text.startswith("Mujaz commands")
    assert "refused the ar command menu" in caplog.text


async def test_flood_control_429_is_waited_out_and_every_part_delivered(bot, bot_api, served):
    bot_api.rate_limits = RateLimits(private_per_second=1.0, private_burst=1)
    query = "الوزارة"  # an answer in two messages (see conftest.py)
    expected = views.search_results(query, served.store.search(query), "ar")
    replies = await ask(bot_api, chat_of(24, "ar"), f"/search {query}", "ar", n=len(expected))

    assert [r.text for r in replies] == [m.text for m in bot_api.messages(chat_of(24, "ar"))]
    assert len(replies) == len(expected)
    assert ("sendMessage", 429) in failures(bot_api)


async def test_blocked_user_does_not_stop_the_bot_from_answering_others(bot, bot_api, caplog):
    blocked, other = chat_of(25, "ar"), chat_of(25, "en")
    bot_api.block(blocked)
    bot_api.send_text(blocked, "/start", language_code="ar")
    await bot_api.wait_for(
        lambda: [c for c in bot_api.calls("sendMessage") if c.status == 403] or None
    )
    [reply] = await ask(bot_api, other, "/help", "en")

    assert reply.text.startswith("Mujaz commands")
    assert "bot was blocked by the user" in caplog.text
    assert bot_api.messages(blocked) == []


async def test_handler_failure_apologises_in_user_language_and_bot_keeps_running(
    bot_api, served, tmp_path, caplog
):
    broken = BotStore.open(tmp_path / "broken.sqlite3")
    broken.close()  # every read now raises ResourceClosedError
    app = build_application(settings_for(bot_api, served), broken, pipeline=served.pipeline)
    with caplog.at_level(logging.ERROR, logger="bot"):
        async with polling(app):
            [arabic] = await ask(bot_api, chat_of(26, "ar"), "/digest 1", "ar")
            [english] = await ask(bot_api, chat_of(26, "en"), "/topics", "en")

    assert arabic.text.startswith("عذراً، حدث خطأ")
    assert english.text.startswith("Sorry, something went wrong")
    tracebacks = [r for r in caplog.records if r.exc_info and r.name == "bot.handlers.errors"]
    assert len(tracebacks) == 2
    assert "This Connection is closed" in caplog.text
