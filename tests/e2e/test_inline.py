"""Inline mode over real HTTP: "@bot words" in any chat, the Share button, paging (issue 11).

The bot polls the Bot API stand-in with inline mode switched on (BotFather's
/setinline); the test types inline queries as a user, reads the answer the
stand-in accepted (it refuses what Telegram would refuse), and posts chosen
results into a chat to read them as the recipients would.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import build_application
from bot.store import BotStore
from tests.e2e.chat import (
    ARABIC,
    ask,
    assert_reads_right_to_left,
    chat_of,
    failures,
    shown,
    without_names,
)
from tests.e2e.conftest import Served, settings_for
from tests.fake_bot_api import FakeBotApi, InlineAnswer, polling

RECIPIENTS = -100_777  # the group a chosen result is posted into
WORD = "الكاظمي"
PLACEHOLDER = re.compile(r"\.(txt|html?|pdf|docx|md)\b|[0-9a-f]{12}|Document \d|الوثيقة رقم")


@pytest.fixture
async def inline_bot(bot_api: FakeBotApi, served: Served) -> AsyncIterator[object]:
    """The real Application, with inline mode on for the bot, polling the stand-in."""
    bot_api.inline_mode = True
    app = build_application(settings_for(bot_api, served), served.store, pipeline=served.pipeline)
    async with polling(app):
        yield app


async def inline(
    api: FakeBotApi, query: str, lang: str | None, *, user: int = 700_001, offset: str = ""
) -> InlineAnswer:
    query_id = api.inline_query(query, user=user, language_code=lang, offset=offset)
    return await api.wait_for_inline_answer(query_id)


def mentioning(served: Served, word: str) -> list[int]:
    """Return the ids of served documents with a sentence holding word, newest first."""
    ids = []
    for document, _ in served.store.listing():
        sentences = served.store.briefing(document.id).briefing.segmented.sentences
        if any(word in s.text for s in sentences):
            ids.append(document.id)
    return ids


def posted(api: FakeBotApi, answer: InlineAnswer, result_id: str):
    return api.send_inline_result(answer.query_id, result_id, RECIPIENTS)


async def test_inline_query_offers_matching_briefings_in_arabic_when_arabic_words_are_typed(
    inline_bot, bot_api, served
):
    answer = await inline(bot_api, WORD, "ar")

    expected = mentioning(served, WORD)
    assert 0 < len(expected) < served.store.count_documents()  # it does filter
    assert answer.ids == tuple(f"d{i}" for i in expected)
    assert answer.is_personal and 0 < answer.cache_time <= 300 and answer.next_offset == ""
    first = served.store.briefing(expected[0]).briefing
    result = answer.result(f"d{expected[0]}")
    assert result["type"] == "article" and ARABIC.search(result["title"])
    assert first.digest.sentences[0].text[:40] in result["description"]
    message = posted(bot_api, answer, f"d{expected[0]}")
    assert message.parse_mode == "HTML" and message.entities[0]["type"] == "bold"
    for sentence in first.digest.sentences[:2]:
        assert " ".join(sentence.text.split()) in shown(message)
    assert_reads_right_to_left(message)
    assert failures(bot_api) == []


async def test_inline_query_offers_the_same_briefings_in_english_when_the_user_is_english(
    inline_bot, bot_api, served
):
    arabic = await inline(bot_api, WORD, "ar", user=700_011)
    english = await inline(bot_api, WORD, "en", user=700_012)

    assert english.ids == arabic.ids
    linked = next(r for r in english.results if r["id"] == "d1")  # the seed with a link
    assert linked["title"] == "Kadhimi visits Washington broadening US Iraq relationship"
    assert linked["reply_markup"]["inline_keyboard"][0][0] == {
        "text": "Source",
        "url": served.store.briefing(1).briefing.sources.urls[0],
    }
    for result in english.results:
        assert not ARABIC.search(result["title"]) and not ARABIC.search(result["description"])
        message = posted(bot_api, english, result["id"])
        assert not ARABIC.search(without_names(message.text)), message.text
        assert "No English digest" in shown(message)  # no translation model in the tests
    assert failures(bot_api) == []


async def test_inline_query_answers_in_the_stored_language_else_telegrams_else_arabic(
    inline_bot, bot_api
):
    chat = chat_of(61, "en")
    await ask(bot_api, chat, "/lang ar", "en")  # an English Telegram user who chose Arabic

    chosen = await inline(bot_api, "#1", "en", user=chat)
    unknown = await inline(bot_api, "#1", None, user=700_021)  # no language_code at all
    english = await inline(bot_api, "#1", "en-GB", user=700_022)

    assert ARABIC.search(chosen.results[0]["title"])
    assert ARABIC.search(unknown.results[0]["title"])
    assert english.results[0]["title"].startswith("Kadhimi visits Washington")


@pytest.mark.parametrize("lang", ["ar", "en"])
async def test_inline_query_offers_the_newest_briefings_when_nothing_is_typed(
    inline_bot, bot_api, served, lang
):
    answer = await inline(bot_api, "", lang, user=700_041 + (lang == "en"))

    newest = [f"d{d.id}" for d, _ in served.store.listing()]
    assert answer.ids == tuple(newest) and answer.ids[0] == "d2"  # the one dated seed
    assert answer.button is None
    for result in answer.results:  # a real title: never a file name, hash or placeholder
        assert not PLACEHOLDER.search(result["title"]), result["title"]


async def test_inline_query_offers_a_start_button_when_nothing_matches(inline_bot, bot_api):
    answer = await inline(bot_api, "زلزال", "ar")
    gone = await inline(bot_api, "#999", "en", user=700_031)

    assert answer.results == () and answer.button["start_parameter"] == "inline"
    assert gone.results == () and "gone" in gone.button["text"]


async def test_inline_result_of_the_hostile_document_is_escaped_html_that_telegram_accepts(
    inline_bot, bot_api, served
):
    answer = await inline(bot_api, f"#{served.hostile_id}", "ar")

    [result] = answer.results
    message = posted(bot_api, answer, result["id"])
    title = served.store.briefing(served.hostile_id).briefing.sources.title
    assert "<b>" in title and "&" in title
    assert result["title"].strip("\u200f") == title  # plain text: shown as typed
    assert shown(message).startswith(title + "\n")  # HTML: escaped, so shown as text
    assert "</b> تحتاج" in shown(message)  # a digest sentence's stray tag, as text too
    assert [e["type"] for e in message.entities] == ["bold"]
    assert failures(bot_api) == []


async def test_share_button_under_a_briefing_opens_exactly_that_briefing_inline(
    inline_bot, bot_api, served
):
    chat = chat_of(62, "ar")
    [briefing] = await ask(bot_api, chat, "/digest 3", "ar")

    [[share]] = briefing.reply_markup["inline_keyboard"]
    assert share["text"] == "مشاركة" and share["switch_inline_query"] == "#3"
    answer = await inline(bot_api, share["switch_inline_query"], "ar", user=chat)
    assert answer.ids == ("d3",)
    message = posted(bot_api, answer, "d3")
    digest = served.store.briefing(3).briefing.digest
    assert " ".join(digest.sentences[0].text.split()) in shown(message)
    assert answer.next_offset == ""


async def test_share_button_is_left_out_when_the_bot_has_no_inline_mode(bot, bot_api):
    [briefing] = await ask(bot_api, chat_of(63, "en"), "/digest 3", "en")

    assert briefing.reply_markup is None
    with pytest.raises(ValueError, match="inline mode is off"):
        bot_api.inline_query("#3")


async def test_help_command_says_how_to_share_from_any_chat_when_inline_mode_is_on(
    inline_bot, bot_api
):
    [arabic] = await ask(bot_api, chat_of(64, "ar"), "/help", "ar")
    [english] = await ask(bot_api, chat_of(64, "en"), "/help", "en")

    assert "@mujaz_test_bot" in shown(arabic) and "مشاركة" in shown(arabic)
    assert "In any chat, type @mujaz_test_bot and words" in shown(english)


async def test_help_command_says_inline_mode_is_off_and_how_to_turn_it_on(bot, bot_api):
    [english] = await ask(bot_api, chat_of(65, "en"), "/help", "en")

    assert "is off" in shown(english) and "@BotFather with /setinline" in shown(english)


async def test_inline_answer_goes_again_as_plain_text_when_telegram_refuses_its_html(
    inline_bot, bot_api, monkeypatch
):
    from bot.views import inline as inline_views

    monkeypatch.setattr(inline_views, "message_text", lambda *_: "<b>a < b & c")  # our bug
    answer = await inline(bot_api, "#1", "ar")

    assert [c.status for c in bot_api.calls("answerInlineQuery")] == [400, 200]
    content = answer.results[0]["input_message_content"]
    assert content["message_text"] == "a < b & c" and "parse_mode" not in content
    assert answer.ids == ("d1",)


# -- more than one page ----------------------------------------------------------------

MANY = 57


@pytest.fixture
def many(request, tmp_path, served: Served) -> Iterator[BotStore]:
    """A store of MANY copies of the hostile report (all about electricity), on served's engine."""
    stored = served.store.briefing(served.hostile_id).briefing
    target: Path | str = tmp_path / "many.sqlite3"
    if isinstance(served.db_path, str):  # a PostgreSQL URL
        cluster = request.getfixturevalue("postgres")
        target = cluster.create_database(template=request.getfixturevalue("postgres_template"))
    with BotStore.open(target) as store:
        for i in range(MANY):
            digest = hashlib.sha256(f"copy {i}".encode()).hexdigest()
            store.save_briefing(
                f"copy_{i:02d}.txt",
                content_hash=digest,
                text_hash=digest,
                size=1000,
                pipeline_version="test",
                briefing=stored,
            )
        yield store


async def test_inline_query_pages_with_next_offset_when_more_than_fifty_match(
    bot_api, served, many
):
    bot_api.inline_mode = True
    settings = settings_for(bot_api, served)
    app = build_application(settings, many, pipeline=served.pipeline)
    async with polling(app):
        first = await inline(bot_api, "الكهرباء", "ar")
        second = await inline(bot_api, "الكهرباء", "ar", offset=first.next_offset)

    assert len(first.results) == 50 and first.next_offset == "50"
    assert len(second.results) == MANY - 50 and second.next_offset == ""
    every = first.ids + second.ids
    assert len(set(every)) == MANY
    assert set(every) == {f"d{d.id}" for d in many.documents()}
    assert failures(bot_api) == []
