"""The real bot, polling a local Bot API stand-in: every command, in Arabic and English.

Each test plays one user in its own chat: it queues messages and button
presses on the fake Bot API, and reads what the bot sent back over HTTP.
"""

from __future__ import annotations

import re

import pytest

from bot import views
from bot.texts import COMMANDS
from tests.e2e.chat import (
    ARABIC,
    LANGS,
    ask,
    assert_reads_right_to_left,
    chat_of,
    failures,
    press,
    shown,
    without_names,
)

# -- /start /help /about ------------------------------------------------------------


@LANGS
async def test_start_command_greets_with_documents_and_topics_when_user_language_is_set(
    bot, bot_api, served, lang
):
    chat = chat_of(1, lang)
    [reply] = await ask(bot_api, chat, "/start", lang)

    count = served.store.count_documents()
    if lang == "ar":
        assert "أهلاً بك في موجز" in shown(reply)
        assert f"الوثائق المتاحة: {count}" in shown(reply)
        assert "القوات الأمريكية والأمن" in shown(reply)
        assert_reads_right_to_left(reply)
    else:
        assert "Welcome to Mujaz" in shown(reply)
        assert f"Documents available: {count}" in shown(reply)
        assert "US forces and security" in shown(reply)
        assert "Known date: 2021-07-26" in shown(reply)  # the one dated seed
    assert "/digest" in shown(reply) and "/topic" in shown(reply)
    assert [data for _, data in reply.buttons] == ["lang:ar", "lang:en"]
    assert failures(bot_api) == []


@LANGS
async def test_help_command_lists_every_command_with_an_example_when_asked(bot, bot_api, lang):
    [reply] = await ask(bot_api, chat_of(2, lang), "/help", lang)

    for command in COMMANDS:
        assert f"/{command}" in shown(reply)
    assert ("/digest 2" in shown(reply)) and ("/figures 3" in shown(reply))
    assert ("أوامر موجز" in shown(reply)) == (lang == "ar")


@LANGS
async def test_about_command_reports_version_count_ingest_and_english_backend(
    bot, bot_api, served, lang
):
    [reply] = await ask(bot_api, chat_of(3, lang), "/about", lang)

    count = served.store.count_documents()
    if lang == "ar":
        assert f"عدد الوثائق: {count}" in shown(reply) and " Asia/Baghdad" in shown(reply)
        assert "لا يوجد نموذج ترجمة مثبّت" in shown(reply)
    else:
        assert f"Documents: {count}" in shown(reply) and "Last ingest: 20" in shown(reply)
        assert "no translation model installed" in shown(reply)
    assert "Mujaz" in shown(reply) or "موجز" in shown(reply)


# -- /digest ------------------------------------------------------------------------


@LANGS
async def test_digest_command_lists_briefings_newest_first_with_buttons(bot, bot_api, served, lang):
    [reply] = await ask(bot_api, chat_of(4, lang), "/digest", lang)

    expected = [f"d:{d.id}" for d in served.store.documents()]
    assert [data for _, data in reply.buttons] == expected
    assert expected[0] == "d:2"  # the only seed with a known date comes first
    if lang == "en":
        assert "Briefings, newest first (6)" in shown(reply)
        assert "#1 Kadhimi visits Washington" in shown(reply)
        # no English title anywhere: described in English, never "Document 3"
        assert "#3 Middle East Institute analysis: US forces and security" in shown(reply)
    else:
        assert "الموجزات، الأحدث أولاً (6)" in shown(reply)
        assert_reads_right_to_left(reply)


async def test_digest_button_sends_the_arabic_briefing_with_figures_and_source(bot, bot_api):
    chat = chat_of(5, "ar")
    [listing] = await ask(bot_api, chat, "/digest", "ar")
    [briefing] = await press(bot_api, listing, "d:3", "ar")

    # no headline: the lead sentence's main clause, not "الوثيقة رقم 3"
    assert briefing.text.startswith("\u200f#3 لقاء الرئيس جو بايدن مع رئيس الوزراء العراقي")
    assert "أعلن بلينكن يوم الجمعة الماضي عن مساعدات إنسانية" in shown(briefing)
    assert "أرقام رئيسية" in shown(briefing)
    assert "مساعدات إنسانية أخرى للعراقيين النازحين داخليًا: 155 مليون دولار" in shown(briefing)
    assert "المصدر: معهد الشرق الأوسط" in shown(briefing)
    assert "لا يوجد رابط معروف لهذه الوثيقة" in shown(briefing)
    assert_reads_right_to_left(briefing)
    assert all(a is not None for a in bot_api.callback_answers.values())


async def test_digest_command_sends_an_honest_english_briefing_when_no_translation_exists(
    bot, bot_api
):
    [briefing] = await ask(bot_api, chat_of(6, "en"), "/digest 1", "en")

    assert briefing.text.startswith("#1 Kadhimi visits Washington broadening US Iraq relationship")
    assert "The Washington Institute" in shown(briefing)
    assert "Key figures" in shown(briefing) and "meeting of Iraqi prime minister: 2017" in shown(
        briefing
    )
    assert "Iraqi prime minister arrival: 19 August" in shown(briefing)
    assert "Topics: Elections and governance" in shown(briefing)
    assert "https://www.washingtoninstitute.org/policy-analysis/" in shown(briefing)
    assert briefing.text.count("translation model") == 1
    assert "People: Mustafa al-Kadhimi (\u2068مصطفى الكاظمي\u2069)" in briefing.text
    assert not ARABIC.search(without_names(briefing.text)), "Arabic text in an English briefing"


# -- /topics /topic -------------------------------------------------------------------


@LANGS
async def test_topics_command_lists_stored_topics_with_counts_as_id_buttons(
    bot, bot_api, served, lang
):
    [reply] = await ask(bot_api, chat_of(7, lang), "/topics", lang)

    counts = served.store.topic_counts()
    buttons = dict((data, label) for label, data in reply.buttons)
    assert set(buttons) == {f"t:{topic_id}" for topic_id in counts}
    name = "القوات الأمريكية والأمن" if lang == "ar" else "US forces and security"
    assert buttons["t:security"] == f"{name} ({counts['security']})"
    assert "kurdistan" not in str(reply.buttons)  # no document covers it: no button


@pytest.mark.parametrize(
    ("query", "lang", "heading"),
    [
        ("الكهرباء", "ar", "موضوع: الاقتصاد والطاقة"),
        ("electricity", "en", "Topic: Economy and energy"),
        ("troops", "en", "Topic: US forces and security"),
        ("security", "ar", "موضوع: القوات الأمريكية والأمن"),
    ],
)
async def test_topic_command_sends_topic_digest_when_named_by_id_name_or_free_words(
    bot, bot_api, served, query, lang, heading
):
    chat = chat_of(8, lang) + 100 * len(query)
    topic_id = "economy" if "Economy" in heading or "الاقتصاد" in heading else "security"
    passages = served.store.topic_passages(topic_id)
    extra = {}
    if lang == "en":  # no translation stored: the English reply lists figures and names
        ids = [p.document.id for p in passages]
        extra = {
            "figures": served.store.topic_figures(topic_id),
            "names": served.store.names_by_document(ids),
        }
    expected = views.topic_digest(
        next(t for t in served.pipeline.taxonomy if t.id == topic_id), passages, lang, **extra
    )
    replies = await ask(bot_api, chat, f"/topic {query}", lang, n=len(expected))

    assert heading in shown(replies[0])
    sentence = " ".join(passages[0].sentence.text.split()[:6])
    if lang == "ar":
        assert sentence in shown(replies[0])
        assert f"/digest {passages[0].document.id}" in shown(replies[0])
    else:
        assert all(not ARABIC.search(without_names(r.text)) for r in replies)
        assert "/lang ar shows them" in shown(replies[-1])
        assert not any(sentence in shown(r) for r in replies)
    assert failures(bot_api) == []


async def test_topic_button_sends_the_digest_of_that_topic(bot, bot_api):
    chat = chat_of(9, "ar")
    [listing] = await ask(bot_api, chat, "/topics", "ar")
    [digest] = await press(bot_api, listing, "t:humanitarian", "ar")

    assert "موضوع: المساعدات الإنسانية والصحة" in shown(digest)
    assert "155 مليون دولار" in shown(digest)


# -- /figures /sources ----------------------------------------------------------------


@LANGS
async def test_figures_command_sends_one_documents_figures_with_labels_and_source(
    bot, bot_api, lang
):
    [reply] = await ask(bot_api, chat_of(10, lang), "/figures 3", lang)

    if lang == "ar":
        assert "المساعدات الخارجية للعراق: 448 مليون دولار" in shown(reply)
        assert "المصدر: معهد الشرق الأوسط" in shown(reply)
        assert_reads_right_to_left(reply)
    else:
        assert "foreign aid for Iraq: 448 million USD" in shown(reply)
        assert "Source: Middle East Institute · /digest 3" in shown(reply)
        assert not ARABIC.search(reply.text)


@LANGS
async def test_figures_command_groups_figures_of_a_topic_by_document(bot, bot_api, lang):
    [reply] = await ask(bot_api, chat_of(11, lang), "/figures humanitarian", lang)

    title = (
        "أرقام موضوع: المساعدات الإنسانية والصحة" if lang == "ar" else "Figures on: Humanitarian"
    )
    assert title in shown(reply)
    assert ("155 مليون دولار" if lang == "ar" else "155 million USD") in shown(reply)
    assert "#3 " in shown(reply)


@LANGS
async def test_figures_command_opens_with_corpus_key_figures_and_their_sources(
    bot, bot_api, served, lang
):
    [reply] = await ask(bot_api, chat_of(14, lang), "/figures", lang)

    lines = [line for line in shown(reply).splitlines() if re.match(r"^\d+\. ", line)]
    assert len(lines) == 10
    # money first: the hostile report's $2 billion, then the seeds' aid amounts
    money = ("مليون دولار", "مليار دولار") if lang == "ar" else ("million USD", "billion USD")
    assert all(any(m in line for m in money) for line in lines[:3])
    aid = "المساعدات الخارجية للعراق" if lang == "ar" else "foreign aid for Iraq"
    assert any(aid in line for line in lines[:3])
    troops = next(line for line in lines if ("2500" if lang == "ar" else "2,500") in line)
    assert ("3 مصادر" if lang == "ar" else "3 sources") in troops
    assert "#2" in troops and "#3" in troops and "#4" in troops
    data = [d for _, d in reply.buttons]
    assert all(d.startswith("kf:") for d in data[:10]) and data[10] == "p:fig:1"
    assert all(len(d.encode()) <= 64 for d in data)
    if lang == "en":
        assert not ARABIC.search(reply.text)
    else:
        assert_reads_right_to_left(reply)

    number = int(re.match(r"^(\d+)\.", troops).group(1))
    [sources] = await press(bot_api, reply, data[number - 1], lang)
    assert "/digest 2" in shown(sources) and "/digest 4" in shown(sources)
    assert {d for _, d in sources.buttons} == {"d:2", "d:3", "d:4"}

    [one] = await ask(bot_api, chat_of(14, lang), "/figures 4", lang)
    first = next(line for line in shown(one).splitlines() if line.startswith("•"))
    assert ("2500" if lang == "ar" else "2,500") in first  # the most salient figure first
    assert ("3 مصادر" if lang == "ar" else "3 sources") in first


async def test_figures_pager_edits_the_message_when_next_page_is_pressed(bot, bot_api, served):
    chat = chat_of(12, "en")
    [key] = await ask(bot_api, chat, "/figures", "en")
    bot_api.press_button(chat, key.message_id, "p:fig:1", language_code="en")
    [first] = await bot_api.wait_for_edits(chat, 1)
    assert "Page 1 of 2" in shown(first)
    assert [d for _, d in first.buttons] == ["noop", "p:fig:2"]

    bot_api.press_button(chat, first.message_id, "p:fig:2", language_code="en")
    [_, edit] = await bot_api.wait_for_edits(chat, 2)

    assert edit.message_id == first.message_id
    assert "Page 2 of 2" in shown(edit)
    numbers = {int(m) for m in re.findall(r"^#(\d+) ", edit.text, re.M)}
    page_two = {d.id for d in served.store.documents()[3:6]}
    assert numbers == page_two
    assert [d for _, d in edit.buttons] == ["p:fig:1", "noop"]


@LANGS
async def test_sources_command_sends_publisher_authors_date_and_link(bot, bot_api, lang):
    [reply] = await ask(bot_api, chat_of(13, lang), "/sources 1", lang)

    link = "https://www.washingtoninstitute.org/policy-analysis/kadhimi-visits-washington"
    assert link in shown(reply)
    if lang == "ar":
        assert "الكتّاب: دانا ستروول، بلال وهاب" in shown(reply)
        assert "التاريخ: غير معروف" in shown(reply)
    else:
        assert "Publisher: The Washington Institute" in shown(reply)
        assert "Authors: Dana Stroul, Bilal Wahab" in shown(reply)
        assert not ARABIC.search(reply.text)


async def test_sources_command_pages_with_buttons_when_documents_exceed_a_page(bot, bot_api):
    chat = chat_of(14, "ar")
    [first] = await ask(bot_api, chat, "/sources", "ar")
    assert "الصفحة 1 من 2" in shown(first)
    assert first.text.count("الناشر:") == views.SOURCES_PER_PAGE

    bot_api.press_button(chat, first.message_id, "p:src:2", language_code="ar")
    [edit] = await bot_api.wait_for_edits(chat, 1)
    assert edit.text.count("الناشر:") == 1


# -- /search and plain messages ---------------------------------------------------------


@pytest.mark.parametrize("spelling", ["الأمريكية", "الامريكيه", "الأمريـكية", "الأَمْرِيكِيَّة"])
async def test_search_command_ignores_hamza_ta_marbuta_tatweel_and_diacritics(
    bot, bot_api, served, spelling
):
    chat = chat_of(15, "ar") + 1000 * len(spelling)
    [reply] = await ask(bot_api, chat, f"/search القوات {spelling}", "ar")

    found = served.store.search("القوات الأمريكية")
    assert found, "the seeds speak of American forces"
    documents = {p.document.id for p in found}
    assert f"{len(found)} جملة في {len(documents)} وثيقة" in shown(reply)
    assert " ".join(found[0].sentence.text.split()[:5]) in shown(reply)


async def test_plain_message_is_a_search_unless_it_names_a_topic(bot, bot_api):
    chat = chat_of(16, "en")
    topic = await ask(bot_api, chat, "troops", "en")
    assert topic[0].text.startswith("Topic: US forces and security")

    search = await ask(bot_api, chat + 1000, "الكاظمي في واشنطن", "en", n=2)
    assert search[0].text.startswith("Search results for “الكاظمي في واشنطن”")
    assert "marked as the Arabic original" in shown(search[0])
    assert shown(search[1]).startswith("Arabic original, not translated")


async def test_search_answer_splits_into_valid_messages_when_longer_than_one(bot, bot_api, served):
    query = "الوزارة"
    expected = views.search_results(query, served.store.search(query), "ar")
    assert len(expected) >= 2, "ten long sentences must not fit one message"
    replies = await ask(bot_api, chat_of(17, "ar"), f"/search {query}", "ar", n=len(expected))

    assert len(replies) == len(expected)
    for reply in replies:
        assert len(reply.text.encode("utf-16-le")) // 2 < 4096
        assert len(reply.entities) < 100
        assert_reads_right_to_left(reply)
    assert failures(bot_api) == [] and bot_api.warnings == []
    assert "#7" not in "".join(r.text for r in replies)  # grouped under existing documents


# -- hostile text ---------------------------------------------------------------------


@LANGS
async def test_hostile_document_renders_as_text_when_it_holds_tags_and_ampersands(
    bot, bot_api, served, lang
):
    chat = chat_of(18, lang)
    [reply] = await ask(bot_api, chat, f"/digest {served.hostile_id}", lang)

    assert failures(bot_api) == []
    if lang == "ar":
        assert "تقرير <b>عاجل</b> عن أزمة الكهرباء & الماء في بغداد </b>" in shown(reply)
        assert '<script>alert("x")</script>' in shown(reply)
        assert {e["type"] for e in reply.entities} == {"bold"}  # only our own headings
    else:
        assert reply.text.startswith(f"#{served.hostile_id} Arabic article: Economy and energy")
        assert "investment: 2 billion USD" in shown(reply)


async def test_hostile_document_search_and_sources_render_without_parse_errors(
    bot, bot_api, served
):
    chat = chat_of(19, "ar")
    [comparison] = await ask(bot_api, chat, "/search المعادلة", "ar")
    [ampersand] = await ask(bot_api, chat, "/search الشمسية", "ar")
    [sources] = await ask(bot_api, chat, f"/sources {served.hostile_id}", "ar")

    assert failures(bot_api) == []
    assert "a < b > c" in shown(comparison) and "شبكة نقل الكهرباء </b> تحتاج" in shown(comparison)
    assert "الشمسية &amp; الغاز" in shown(ampersand)
    assert "<b>عاجل</b>" in shown(sources)


# -- language --------------------------------------------------------------------------


async def test_lang_button_switches_replies_to_english_for_an_arabic_telegram_user(bot, bot_api):
    chat = chat_of(20, "ar")
    [question] = await ask(bot_api, chat, "/lang", "ar")
    assert "اختر لغة الردود" in shown(question)
    [confirmed] = await press(bot_api, question, "lang:en", "ar")
    assert confirmed.text == "Replies will be in English."

    [help_reply] = await ask(bot_api, chat, "/help", "ar")
    assert help_reply.text.startswith("Mujaz commands")

    [back] = await ask(bot_api, chat, "/lang العربية", "ar")
    assert back.text.endswith("ستصلك الردود بالعربية.")


# -- wrong input -----------------------------------------------------------------------


@LANGS
async def test_unknown_command_gets_the_list_of_commands(bot, bot_api, lang):
    [reply] = await ask(bot_api, chat_of(21, lang), "/subscribe_now please", lang)

    expected = "لا أعرف الأمر /subscribe_now" if lang == "ar" else "I don't know the command"
    assert expected in shown(reply)
    for command in COMMANDS:
        assert f"/{command} — " in shown(reply)


@pytest.mark.parametrize(
    ("command", "lang", "expected"),
    [
        ("/digest 99", "ar", "لا توجد وثيقة «99»"),
        ("/digest 99", "en", "There is no document “99”. Send /digest for the list"),
        ("/digest 99999999999999999999", "en", "There is no document “99999999999999999999”"),
        ("/topic", "en", "Name a topic after the command, such as: /topic electricity"),
        ("/topic مطبخ", "ar", "لا يطابق «مطبخ» أي موضوع. مثال: /topic الكهرباء"),
        ("/figures 42", "en", "Examples: /figures 3 or /figures security"),
        ("/sources رقم", "ar", "أرسل /sources للكل"),
        ("/search", "ar", "اكتب كلمات البحث بعد الأمر، مثل: /search الانسحاب"),
        ("/lang fr", "en", "Choose ar or en, such as: /lang ar"),
    ],
)
async def test_bad_or_missing_argument_says_what_is_expected_with_an_example(
    bot, bot_api, command, lang, expected
):
    chat = chat_of(22, lang) + 1000 * len(command)
    [reply] = await ask(bot_api, chat, command, lang)

    plain = reply.text.replace("\u200f", "").replace("\u2068", "").replace("\u2069", "")
    assert expected in plain
