"""An English user of the real bot: /digest, /topic and /figures are English, never empty.

Twice: on the store of the e2e conftest (no translation model installed), and
on a store ingested with the tiny CTranslate2 model (its English is
meaningless, made of Latin words and digits; what matters is that the
replies are built from stored translations and hold no Arabic).

"Entirely English" means no Arabic letter anywhere except an English name's
Arabic form in parentheses right after it ("Joe Biden (جو بايدن)"). Without a
model, /topic also sends the Arabic sentences in one message of their own that
starts by saying, in English, that it is the Arabic original.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator

import pytest

from bot import views
from bot.app import build_application
from bot.store import BotStore
from summaries import Pipeline, ingest
from summaries.translate import CTranslate2Translator
from tests.conftest import SEEDS
from tests.e2e.chat import ARABIC, ask, chat_of, failures, shown, without_names
from tests.e2e.conftest import Served, settings_for
from tests.fake_bot_api import polling

ORIGINAL = "Arabic original, not translated"
NEEDS_MODEL = "The full English digest needs the translation model"
TINY = "ctranslate2:translate-ar_en-tiny"


@pytest.fixture(scope="module")
def translated(tmp_path_factory, tiny_mt_model) -> Iterator[Served]:
    """The seeds ingested with the tiny translation model."""
    root = tmp_path_factory.mktemp("translated")
    shutil.copytree(SEEDS, root / "seeds")
    pipeline = Pipeline.build(translator=CTranslate2Translator(tiny_mt_model))
    with BotStore.open(root / "mujaz.sqlite3") as store:
        ingest(root / "seeds", store, pipeline)
        yield Served(store, pipeline, root / "seeds", root / "mujaz.sqlite3", hostile_id=-1)


@pytest.fixture
async def translated_bot(bot_api, translated: Served) -> AsyncIterator[object]:
    settings = settings_for(bot_api, translated)
    app = build_application(settings, translated.store, pipeline=translated.pipeline)
    async with polling(app):
        await app.post_init(app)
        yield app


def assert_english(text: str) -> None:
    assert text.strip(), "an empty message"
    assert not ARABIC.search(without_names(text)), f"Arabic in an English reply: {text!r}"


def topic_replies(served: Served, topic_id: str) -> list[str]:
    """Return what the bot answers an English /topic, as the handler builds it."""
    store = served.store
    passages = store.topic_passages(topic_id)
    extra = {}
    if not all(p.english for p in passages):
        ids = [p.document.id for p in passages]
        extra = {"figures": store.topic_figures(topic_id), "names": store.names_by_document(ids)}
    topic = next(t for t in served.pipeline.taxonomy if t.id == topic_id)
    return views.topic_digest(topic, passages, "en", **extra)


# -- no translation model -------------------------------------------------------------


async def test_english_digest_of_every_document_is_english_with_one_model_line(
    bot, bot_api, served
):
    for document in served.store.documents():
        stored = served.store.briefing(document.id)
        count = len(views.briefing(stored, served.pipeline.taxonomy, "en"))
        chat = chat_of(61, "en") + 1000 * document.id  # one chat each: no flood control
        replies = await ask(bot_api, chat, f"/digest {document.id}", "en", n=count)

        text = "\n".join(r.text for r in replies)
        for reply in replies:
            assert_english(reply.text)
        assert text.startswith(f"#{document.id} ")
        assert text.count(NEEDS_MODEL) == 1 and "mujaz models install FILE" in text
        assert "Key figures" in text or not stored.briefing.figures
        assert "Places: " in text or "People: " in text or "Organisations: " in text
    assert failures(bot_api) == []


async def test_english_digest_names_people_in_english_with_the_arabic_in_parentheses(bot, bot_api):
    [reply] = await ask(bot_api, chat_of(62, "en"), "/digest 3", "en")

    assert "People: Joe Biden (جو بايدن), Mustafa al-Kadhimi (مصطفى الكاظمي)" in shown(reply)
    assert "Places: Iraq (العراق), Baghdad (بغداد)" in shown(reply)


async def test_english_topic_is_entirely_english_for_every_topic(bot, bot_api, served):
    for n, topic_id in enumerate(sorted(served.store.topic_counts())):
        expected = topic_replies(served, topic_id)
        replies = await ask(
            bot_api, chat_of(63, "en") + 100 * n, f"/topic {topic_id}", "en", n=len(expected)
        )

        for reply in replies:
            assert_english(reply.text)
            assert not shown(reply).startswith(ORIGINAL)
        assert shown(replies[0]).startswith("Topic: ")
        assert "Documents, strongest first:" in shown(replies[0])
        assert NEEDS_MODEL in "\n".join(shown(r) for r in replies)
        assert "/lang ar shows them" in shown(replies[-1])
    assert failures(bot_api) == []


async def test_english_figures_of_every_document_and_every_page_are_english(bot, bot_api, served):
    chat = chat_of(64, "en")
    [page] = await ask(bot_api, chat, "/figures", "en")
    assert_english(page.text)
    for document in served.store.documents():
        stored = served.store.briefing(document.id)
        count = len(views.document_figures(stored, "en"))
        own = chat + 1000 * document.id
        replies = await ask(bot_api, own, f"/figures {document.id}", "en", n=count)
        for reply in replies:
            assert_english(reply.text)
    [on_topic] = await ask(bot_api, chat, "/figures security", "en")
    assert_english(on_topic.text)
    assert shown(on_topic).startswith("Figures on: US forces and security")


# -- with the tiny translation model -------------------------------------------------


async def test_english_digest_shows_the_stored_translation_when_a_model_made_it(
    translated_bot, bot_api, translated
):
    for document in translated.store.documents():
        stored = translated.store.briefing(document.id)
        count = len(views.briefing(stored, translated.pipeline.taxonomy, "en"))
        chat = chat_of(65, "en") + 1000 * document.id
        replies = await ask(bot_api, chat, f"/digest {document.id}", "en", n=count)

        text = "\n".join(shown(r) for r in replies)
        for reply in replies:
            assert_english(reply.text)
        assert stored.briefing.english.translated
        # a long digest is split between messages: compare words, not the line breaks
        assert " ".join(stored.briefing.english.digest.split()) in " ".join(text.split())
        assert f"Machine translation from the Arabic by {TINY}." in text
        assert NEEDS_MODEL not in text


async def test_english_topic_shows_translated_sentences_and_no_arabic_when_a_model_made_them(
    translated_bot, bot_api, translated
):
    expected = topic_replies(translated, "security")
    replies = await ask(bot_api, chat_of(66, "en"), "/topic security", "en", n=len(expected))

    for reply in replies:
        assert_english(reply.text)
        assert not shown(reply).startswith(ORIGINAL)
    first = translated.store.topic_passages("security")[0]
    assert f"• {first.english}" in shown(replies[0])
    assert "machine-translated from the Arabic" in shown(replies[0])


async def test_about_reports_the_translation_backend_that_made_the_english(
    translated_bot, bot_api, translated
):
    [reply] = await ask(bot_api, chat_of(67, "en"), "/about", "en")

    assert f"English: {TINY} ({translated.store.count_documents()})" in shown(reply)
