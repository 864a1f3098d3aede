"""/timeline on the real bot against the Bot API stand-in, in Arabic and English."""

from __future__ import annotations

from tests.e2e.chat import (
    ARABIC,
    LANGS,
    ask,
    assert_reads_right_to_left,
    chat_of,
    failures,
    shown,
    without_names,
)


@LANGS
async def test_timeline_command_lists_dated_events_in_order_with_sources(bot, bot_api, lang):
    [reply] = await ask(bot_api, chat_of(300, lang), "/timeline", lang)

    text = shown(reply)
    if lang == "ar":
        dates = ["حزيران/يونيو 2014", "حزيران/يونيو 2020", "19 آب/أغسطس 2020"]
        dates += ["26 تموز/يوليو 2021", "10 تشرين الأول/أكتوبر 2021"]
        assert "الخط الزمني" in text
        assert "يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس" in text
        assert "معهد واشنطن /digest 1" in text
        assert_reads_right_to_left(reply)
    else:
        dates = ["June 2014", "June 2020", "19 August 2020", "26 July 2021", "10 October 2021"]
        assert "Timeline" in text
        assert "Iraqi prime minister arrival (Mustafa al-Kadhimi, Washington)" in text
        assert "The Washington Institute /digest 1" in text
        assert not ARABIC.search(without_names(reply.text))
    positions = [text.index(d) for d in dates]
    assert positions == sorted(positions)
    # 000 and 001 report al-Kadhimi's 2020 visit, 001 and 002 his 2021 one: one line each.
    visit = next(line for line in text.splitlines() if dates[2] in line)
    assert "/digest 1" in visit and "/digest 2" in visit
    meeting = next(line for line in text.splitlines() if dates[3] in line)
    assert "/digest 2" in meeting and "/digest 3" in meeting
    assert failures(bot_api) == []


@LANGS
async def test_timeline_command_filters_by_words_and_topic(bot, bot_api, lang):
    chat = chat_of(301, lang)
    [by_words] = await ask(bot_api, chat, "/timeline الكاظمي", lang)
    [none] = await ask(bot_api, chat, "/timeline زلزال", lang)
    [topic] = await ask(bot_api, chat, "/timeline elections", lang)

    assert ("19 آب/أغسطس 2020" if lang == "ar" else "19 August 2020") in shown(by_words)
    assert ("حزيران/يونيو 2014" if lang == "ar" else "June 2014") not in shown(by_words)
    expected = "لا أحداث مؤرخة عن «زلزال»" if lang == "ar" else "No dated events on “زلزال”"
    assert expected in shown(none)
    if lang == "ar":
        assert "الخط الزمني: الانتخابات" in shown(topic)
        assert "10 تشرين الأول/أكتوبر 2021" in shown(topic)
    else:
        assert "Timeline: Elections" in shown(topic) and "10 October 2021" in shown(topic)
    assert "2020" not in shown(topic)
    assert failures(bot_api) == []


async def test_timeline_pager_edits_the_message_when_next_page_is_pressed(bot, bot_api, served):
    from bot.views.timeline import EVENTS_PER_PAGE
    from summaries import ingest_file

    # One more dated event than a page holds (this module's store only; this test runs last).
    for i in range(max(0, EVENTS_PER_PAGE + 1 - served.store.count_timeline())):
        path = served.seeds_dir / f"dated_{i}.txt"
        path.write_text(
            f"وقّعت بغداد وأربيل اتفاقاً جديداً للنفط في {i + 1} آذار/مارس 2024 بعد مفاوضات طويلة "
            "بين الحكومة الاتحادية وحكومة إقليم كردستان.",
            encoding="utf-8",
        )
        ingest_file(path, served.store, served.pipeline)
    pages = -(-served.store.count_timeline() // EVENTS_PER_PAGE)
    assert pages >= 2
    chat = chat_of(302, "en")
    [first] = await ask(bot_api, chat, "/timeline", "en")

    assert f"Page 1 of {pages}" in shown(first)
    assert [d for _, d in first.buttons] == ["noop", "p:tl:2"]
    bot_api.press_button(chat, first.message_id, "p:tl:2", language_code="en")
    [edit] = await bot_api.wait_for_edits(chat, 1)
    assert edit.message_id == first.message_id and f"Page 2 of {pages}" in shown(edit)
    assert "p:tl:1" in [d for _, d in edit.buttons]
    lines = {line for line in shown(first).splitlines() if line.startswith("•")}
    assert lines and not lines & set(shown(edit).splitlines())  # other events on page 2
