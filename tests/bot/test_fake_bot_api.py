"""The fake Bot API answers python-telegram-bot 22.8 the way Telegram does."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_bot_api import NO_RATE_LIMITS, FakeBotApi, RateLimits, parse_html, polling

CHAT = 424242
# A headline and lead sentence from seeds/000 (Washington Institute scrape).
HEADLINE = "الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق"
LEAD = (
    "عندما يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس ستكون هذه "
    "زيارته الثانية خارج البلاد منذ تولّيه منصبه وأول اجتماع لرئيس وزراء عراقي في البيت "
    "الأبيض منذ عام 2017."
)


def make_app(api: FakeBotApi) -> Application:
    return (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )


async def test_fake_bot_api_echoes_text_when_polled_by_ptb_application(bot_api):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"<b>{update.effective_message.text}</b>", "HTML")

    app = make_app(bot_api)
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with polling(app):
        asked = bot_api.send_text(CHAT, HEADLINE)
        [reply] = await bot_api.wait_for_messages(CHAT, 1)

    assert reply.text == HEADLINE
    assert reply.message_id == asked + 1
    assert reply.parse_mode == "HTML"
    assert reply.entities == ({"type": "bold", "offset": 0, "length": len(HEADLINE)},)
    methods = [c.method for c in bot_api.requests]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]


async def test_fake_bot_api_sends_complete_message_objects_when_ptb_sends(bot_api):
    bot_api.register_chat(CHAT, first_name="Mona")
    async with make_app(bot_api) as app:
        first = await app.bot.send_message(CHAT, f"{LEAD}\nhttps://www.washingtoninstitute.org")
        second = await app.bot.send_message(CHAT, HEADLINE, disable_notification=True)

    assert (first.message_id, second.message_id) == (1, 2)
    assert first.chat.type == "private" and first.chat.first_name == "Mona"
    assert first.from_user.is_bot and first.from_user.id == bot_api.bot_id
    assert first.date is not None
    [url] = first.entities
    assert url.type == "url" and first.parse_entity(url) == "https://www.washingtoninstitute.org"
    assert bot_api.messages(CHAT)[1].disable_notification is True


async def test_fake_bot_api_counts_visible_utf16_units_when_text_is_long(bot_api):
    bot_api.register_chat(CHAT)
    async with make_app(bot_api) as app:
        await app.bot.send_message(CHAT, "<b>" + "ب" * 4096 + "</b>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="Message is too long"):
            await app.bot.send_message(CHAT, "ب" * 4097)
        # 2049 emoji are 2049 code points but 4098 UTF-16 units.
        with pytest.raises(BadRequest, match="Message is too long"):
            await app.bot.send_message(CHAT, "\U0001f4f0" * 2049)
        with pytest.raises(BadRequest, match="Message text is empty"):
            await app.bot.send_message(CHAT, "<b> </b>", parse_mode=ParseMode.HTML)

    assert len(bot_api.messages(CHAT)) == 1


@pytest.mark.parametrize(
    "html",
    [
        "<b>غير مغلق",
        "<b>متداخل <i>خطأ</b></i>",
        "<script>alert(1)</script>",
        "١٠ < ٢٠",
        "AT&T",
        "&nbsp;",
        '<span class="x">مخفي</span>',
        "</b>",
    ],
)
async def test_fake_bot_api_raises_bad_request_when_html_is_broken(bot_api, html):
    bot_api.register_chat(CHAT)
    async with make_app(bot_api) as app:
        with pytest.raises(BadRequest, match="an't parse entities"):
            await app.bot.send_message(CHAT, html, parse_mode=ParseMode.HTML)
    assert bot_api.messages() == []
    assert bot_api.calls("sendMessage")[-1].status == 400


def test_parse_html_returns_telegram_entities_when_tags_nest():
    text, entities = parse_html(
        '<b>موجز <i>اليوم</i></b> &amp; <a href="https://x.org/?a=1&amp;b=2">المصدر</a>'
        '<pre><code class="language-python">x</code></pre>'
    )
    assert text == "موجز اليوم & المصدرx"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 10},
        {"type": "italic", "offset": 5, "length": 5},
        {"type": "text_link", "offset": 13, "length": 6, "url": "https://x.org/?a=1&b=2"},
        {"type": "pre", "offset": 19, "length": 1, "language": "python"},
    ]


async def test_fake_bot_api_raises_forbidden_when_user_blocked_bot(bot_api):
    bot_api.block(CHAT)
    async with make_app(bot_api) as app:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await app.bot.send_message(CHAT, HEADLINE)
        with pytest.raises(BadRequest, match="Chat not found"):
            await app.bot.send_message(CHAT + 1, HEADLINE)


async def test_fake_bot_api_raises_chat_migrated_when_group_was_upgraded(bot_api):
    bot_api.register_chat(-4001, title="قراء موجز")
    bot_api.migrate(-4001, -1001234567890)
    async with make_app(bot_api) as app:
        with pytest.raises(ChatMigrated) as raised:
            await app.bot.send_message(-4001, HEADLINE)
        assert raised.value.new_chat_id == -1001234567890
        moved = await app.bot.send_message(-1001234567890, HEADLINE)
    assert moved.chat.type == "supergroup" and moved.chat.title == "قراء موجز"


@pytest.mark.filterwarnings("ignore:.*retry_after.*timedelta")  # PTB 22 announces a type change
async def test_fake_bot_api_raises_retry_after_when_chat_exceeds_rate(bot_api):
    bot_api.clock = lambda: 1000.0  # frozen: the bucket never refills
    bot_api.register_chat(CHAT)
    burst = bot_api.rate_limits.private_burst
    async with make_app(bot_api) as app:
        for _ in range(burst):
            await app.bot.send_message(CHAT, HEADLINE)
        with pytest.raises(RetryAfter) as raised:
            await app.bot.send_message(CHAT, HEADLINE)
    assert raised.value.retry_after == 1
    assert bot_api.calls("sendMessage")[-1].status == 429
    assert len(bot_api.messages(CHAT)) == burst


@pytest.mark.filterwarnings("ignore:.*retry_after.*timedelta")  # PTB 22 announces a type change
async def test_fake_bot_api_applies_global_rate_when_many_chats_receive(bot_api):
    bot_api.clock = lambda: 1000.0
    bot_api.rate_limits = RateLimits(private_per_second=None, global_per_second=30, global_burst=5)
    for chat in range(1, 7):
        bot_api.register_chat(chat)
    async with make_app(bot_api) as app:
        for chat in range(1, 6):
            await app.bot.send_message(chat, HEADLINE)
        with pytest.raises(RetryAfter):
            await app.bot.send_message(6, HEADLINE)
        bot_api.rate_limits = NO_RATE_LIMITS
        await app.bot.send_message(6, HEADLINE)


async def test_fake_bot_api_rejects_callback_data_when_over_64_bytes(bot_api):
    bot_api.register_chat(CHAT)
    too_long = "t:" + "أمن" * 11  # 2 + 66 bytes
    async with make_app(bot_api) as app:
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await app.bot.send_message(
                CHAT,
                HEADLINE,
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("الأمن", callback_data=too_long)]]
                ),
            )


async def test_fake_bot_api_returns_404_when_method_is_unknown(bot_api):
    async with make_app(bot_api) as app:
        with pytest.raises(EndPointNotFound):
            await app.bot.do_api_request("sendFancyDigest", {"chat_id": CHAT})
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{bot_api.base_url}{bot_api.token}/sendFancyDigest")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert bot_api.calls("sendFancyDigest")[-1].status == 404


async def test_fake_bot_api_delivers_callback_query_when_user_presses_button(bot_api):
    pressed: list[str] = []

    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = [[InlineKeyboardButton("العربية", callback_data="lang:ar")]]
        await update.effective_message.reply_text(
            "اختر", reply_markup=InlineKeyboardMarkup(keyboard)
        )

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        pressed.append(update.callback_query.data)
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("تم")

    app = make_app(bot_api)
    app.add_handler(MessageHandler(filters.COMMAND, on_start))
    app.add_handler(CallbackQueryHandler(on_button))
    async with polling(app):
        bot_api.send_text(CHAT, "/start")
        [menu] = await bot_api.wait_for_messages(CHAT, 1)
        query = bot_api.press_button(CHAT, menu.message_id, menu.data_for("العربية"))
        [edit] = await bot_api.wait_for_edits(CHAT, 1)

    assert pressed == ["lang:ar"]
    assert bot_api.callback_answers[query] is not None
    assert edit.text == "تم" and edit.message_id == menu.message_id
    with pytest.raises(ValueError):
        bot_api.press_button(CHAT, menu.message_id, "lang:fr")


async def test_fake_bot_api_serves_document_when_bot_downloads_it(bot_api):
    content = LEAD.encode("utf-8")
    received: list[bytes] = []

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        file = await update.effective_message.document.get_file()
        received.append(bytes(await file.download_as_bytearray()))
        await context.bot.send_document(CHAT, b"ok", filename="reply.txt", caption="<i>شكرا</i>")

    app = make_app(bot_api)
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    async with polling(app):
        bot_api.send_document(CHAT, "تقرير.txt", content, mime_type="text/plain")
        [sent] = await bot_api.wait_for_messages(CHAT, 1)

    assert received == [content]
    assert sent.document == ("reply.txt", b"ok")
    assert sent.text == "<i>شكرا</i>"  # no parse_mode: the caption stays literal


async def test_fake_bot_api_reports_block_when_my_chat_member_kicked(bot_api):
    statuses: list[str] = []

    async def on_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        statuses.append(update.my_chat_member.new_chat_member.status)

    app = make_app(bot_api)
    app.add_handler(ChatMemberHandler(on_member, ChatMemberHandler.MY_CHAT_MEMBER))
    async with polling(app):
        bot_api.my_chat_member(CHAT, "kicked")
        await bot_api.wait_for(lambda: statuses or None)
        with pytest.raises(Forbidden):
            await app.bot.send_message(CHAT, HEADLINE)
        bot_api.my_chat_member(CHAT, "member")
        await bot_api.wait_for(lambda: len(statuses) == 2 or None)
        await app.bot.send_message(CHAT, HEADLINE)

    assert statuses == ["kicked", "member"]


async def test_fake_bot_api_warns_instead_of_failing_when_over_100_entities(bot_api):
    bot_api.register_chat(CHAT)
    html = " ".join(f"<b>{n}</b>" for n in range(101))
    async with make_app(bot_api) as app:
        message = await app.bot.send_message(CHAT, html, parse_mode=ParseMode.HTML)
    assert len(message.entities) == 100
    assert "101 entities" in bot_api.warnings[0]


async def test_fake_bot_api_refuses_edit_when_nothing_changes(bot_api):
    bot_api.register_chat(CHAT)
    async with make_app(bot_api) as app:
        sent = await app.bot.send_message(CHAT, HEADLINE)
        with pytest.raises(BadRequest, match="not modified"):
            await app.bot.edit_message_text(HEADLINE, CHAT, sent.message_id)
        with pytest.raises(BadRequest, match="to edit not found"):
            await app.bot.edit_message_text(HEADLINE, CHAT, sent.message_id + 5)


async def test_fake_bot_api_keeps_commands_when_bot_sets_them(bot_api):
    async with make_app(bot_api) as app:
        await app.bot.set_my_commands([("digest", "ملخص اليوم")], language_code="ar")
        commands = await app.bot.get_my_commands(language_code="ar")
        with pytest.raises(BadRequest):
            await app.bot.set_my_commands([("Digest-Now", "x")])
    assert [(c.command, c.description) for c in commands] == [("digest", "ملخص اليوم")]
    assert bot_api.commands("ar") == [{"command": "digest", "description": "ملخص اليوم"}]


async def test_fake_bot_api_never_logs_token_when_serving(bot_api, caplog):
    caplog.set_level(logging.DEBUG)
    bot_api.register_chat(CHAT)
    async with make_app(bot_api) as app:
        await app.bot.send_message(CHAT, HEADLINE)
        with pytest.raises(BadRequest):
            await app.bot.send_message(CHAT, "<b>", parse_mode=ParseMode.HTML)
    ours = [r for r in caplog.records if r.name.startswith(("aiohttp", "tests.fake_bot_api"))]
    assert ours, "expected the fake's debug lines"
    assert all(bot_api.token not in r.getMessage() for r in ours)


async def test_fake_bot_api_answers_long_poll_at_once_when_stopping():
    api = FakeBotApi().start()
    async with httpx.AsyncClient(timeout=30) as client:
        poll = asyncio.create_task(
            client.post(f"{api.base_url}{api.token}/getUpdates", data={"timeout": "25"})
        )
        await api.wait_for_calls("getUpdates", 0)  # let the request reach the server
        while not api._waiters:  # the poll is parked, waiting for an update
            await asyncio.sleep(0.01)
        await asyncio.to_thread(api.stop)
        response = await asyncio.wait_for(poll, 5)
    assert response.json() == {"ok": True, "result": []}


async def test_fake_bot_api_confirms_updates_when_offset_advances(bot_api):
    bot_api.send_text(CHAT, "/start")
    bot_api.send_text(CHAT, "/help")
    url = f"{bot_api.base_url}{bot_api.token}/getUpdates"
    async with httpx.AsyncClient() as client:
        first = (await client.post(url, json={"limit": 1})).json()["result"]
        again = (await client.post(url, json={})).json()["result"]
        after = (await client.post(url, json={"offset": first[0]["update_id"] + 1})).json()
    assert [u["message"]["text"] for u in again] == ["/start", "/help"]
    assert [u["message"]["text"] for u in after["result"]] == ["/help"]
    assert after["result"][0]["message"]["entities"][0]["type"] == "bot_command"


# -- inline mode (issue 11) ----------------------------------------------------------


def article(result_id: str = "d1", text: str = f"<b>{HEADLINE}</b>", **extra) -> dict:
    content = {"message_text": text, "parse_mode": "HTML"}
    return {"type": "article", "id": result_id, "title": HEADLINE, **extra} | {
        "input_message_content": content
    }


async def answer_raw(api: FakeBotApi, results: list[dict], **params) -> tuple[int, dict]:
    """Answer a fresh inline query over plain HTTP (no client-side checks); return the reply."""
    api.inline_mode = True
    query_id = api.inline_query("الكاظمي")
    body = {"inline_query_id": query_id, "results": results, **params}
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}{api.token}/answerInlineQuery", json=body)
    return response.status_code, response.json()


async def test_fake_bot_api_answers_inline_query_when_ptb_answers_it(bot_api):
    from telegram import InlineQueryResultArticle, InputTextMessageContent
    from telegram.ext import InlineQueryHandler

    async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        content = InputTextMessageContent(f"<b>{update.inline_query.query}</b>", ParseMode.HTML)
        result = InlineQueryResultArticle("d1", HEADLINE, content, description=LEAD[:40])
        await update.inline_query.answer([result], cache_time=5, is_personal=True, next_offset="1")

    bot_api.inline_mode = True
    app = make_app(bot_api)
    app.add_handler(InlineQueryHandler(offer))
    async with polling(app):
        assert app.bot.supports_inline_queries
        query_id = bot_api.inline_query("الكاظمي", language_code="en")
        answer = await bot_api.wait_for_inline_answer(query_id)

    assert answer.ids == ("d1",) and answer.next_offset == "1"
    assert (answer.cache_time, answer.is_personal) == (5, True)
    sent = bot_api.send_inline_result(query_id, "d1", -100_1, feedback=True)
    assert sent.text == "الكاظمي" and sent.entities[0]["type"] == "bold"
    assert bot_api.inline_messages(-100_1) == [sent] and bot_api.messages(-100_1) == []
    url = f"{bot_api.base_url}{bot_api.token}/getUpdates"
    async with httpx.AsyncClient() as client:
        updates = (await client.post(url, json={})).json()["result"]
    [chosen] = [u["chosen_inline_result"] for u in updates if "chosen_inline_result" in u]
    assert (chosen["result_id"], chosen["query"]) == ("d1", "الكاظمي")


async def test_fake_bot_api_refuses_inline_result_id_over_64_bytes(bot_api):
    status, body = await answer_raw(bot_api, [article("d" * 65)])
    fits_status, _ = await answer_raw(bot_api, [article("d" * 64)])

    assert (status, body["description"]) == (400, "Bad Request: RESULT_ID_INVALID")
    assert fits_status == 200


async def test_fake_bot_api_refuses_inline_answer_over_fifty_results_or_with_repeated_ids(bot_api):
    too_many, many = await answer_raw(bot_api, [article(f"d{i}") for i in range(51)])
    twice, repeated = await answer_raw(bot_api, [article("d1"), article("d1")])

    assert (too_many, many["description"]) == (400, "Bad Request: RESULTS_TOO_MUCH")
    assert (twice, repeated["description"]) == (400, "Bad Request: RESULT_ID_DUPLICATE")


async def test_fake_bot_api_refuses_inline_message_text_too_long_or_broken(bot_api):
    long, too_long = await answer_raw(bot_api, [article(text="ب" * 4097)])
    fits, _ = await answer_raw(bot_api, [article(text="ب" * 4096)])
    broken, unparsed = await answer_raw(bot_api, [article(text="<b>a < b</b>")])
    empty, nothing = await answer_raw(bot_api, [article(text="<b></b>")])

    assert (long, too_long["description"]) == (400, "Bad Request: MESSAGE_TOO_LONG")
    assert fits == 200
    assert broken == 400 and "can't parse entities" in unparsed["description"]
    assert empty == 400 and "empty" in nothing["description"].lower()


async def test_fake_bot_api_refuses_inline_answer_with_bad_type_offset_markup_or_button(bot_api):
    bad_type = await answer_raw(bot_api, [article() | {"type": "poll"}])
    long_offset = await answer_raw(bot_api, [article()], next_offset="9" * 65)
    bad_url = await answer_raw(
        bot_api,
        [article(reply_markup={"inline_keyboard": [[{"text": "Source", "url": "www.x"}]]})],
    )
    bad_start = await answer_raw(
        bot_api, [], button={"text": "Open", "start_parameter": "no spaces"}
    )

    assert bad_type[0] == 400 and bad_type[1]["description"] == "Bad Request: RESULT_TYPE_INVALID"
    assert long_offset[1]["description"] == "Bad Request: NEXT_OFFSET_INVALID"
    assert bad_url[0] == 400 and "Wrong HTTP URL" in bad_url[1]["description"]
    assert bad_start[1]["description"] == "Bad Request: START_PARAM_INVALID"
    assert all(a is None for a in bot_api.inline_answers.values())  # nothing was accepted


async def test_fake_bot_api_refuses_a_second_answer_to_one_inline_query(bot_api):
    bot_api.inline_mode = True
    query_id = bot_api.inline_query("")
    url = f"{bot_api.base_url}{bot_api.token}/answerInlineQuery"
    body = {"inline_query_id": query_id, "results": [article()]}
    async with httpx.AsyncClient() as client:
        first = await client.post(url, json=body)
        second = await client.post(url, json=body)
        unknown = await client.post(url, json=body | {"inline_query_id": "123"})

    assert first.status_code == 200
    assert second.status_code == unknown.status_code == 400
    assert "query ID is invalid" in second.json()["description"]


def test_fake_bot_api_queues_no_inline_query_when_inline_mode_is_off(bot_api):
    with pytest.raises(ValueError, match="inline mode is off"):
        bot_api.inline_query("الكاظمي")
    bot_api.inline_mode = True
    query_id = bot_api.inline_query("x", language_code=None, offset="50")
    bot_api.reset()

    assert not bot_api.inline_mode and bot_api.inline_answers == {}
    assert query_id  # the query was queued while inline mode was on
