"""Inline results (issue 11): stored cards as escaped, short, right-to-left shared messages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot import keyboards
from bot.handlers import args
from bot.render import RLM, utf16_len
from bot.views import inline
from summaries import Card, Document, Kind, Name, Sentence, Sources, Status, load_taxonomy
from tests.fake_bot_api import MAX_RESULT_ID, MAX_TEXT, parse_html

ARABIC = re.compile("[\u0600-\u06ff]")
TAXONOMY = load_taxonomy()
# From seeds/002 (Middle East Institute): two digest sentences.
AID = (
    "كما أعلن بلينكن يوم الجمعة الماضي عن مساعدات إنسانية أخرى بقيمة 155 مليون دولار "
    "للعراقيين النازحين داخليًا وكذلك لتجمعات اللاجئين العراقيين في الدول المجاورة."
)
BUDGET = (
    "كما طلبت إدارة بايدن 448 مليون دولار من المساعدات الخارجية للعراق ضمن طلباتها "
    "لموازنة السنة المالية 2022."
)
THIRD = "وتأتي الزيارة بعد الجولة الرابعة من الحوار الاستراتيجي."
HOSTILE_TITLE = "تقرير <b>عاجل</b> عن أزمة الكهرباء & الماء في بغداد </b>"
WINEP = Sources(
    title="الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق",
    title_en="Kadhimi visits <Washington> & broadens US–Iraq ties",
    publisher="معهد واشنطن / The Washington Institute",
    date="2020-08-18",
    urls=("https://www.washingtoninstitute.org/policy-analysis/kadhimi-visits-washington",),
)
NAMES = (Name("مصطفى الكاظمي", "Mustafa al-Kadhimi", "person", 4),)


def card(
    doc_id: int = 3,
    sources: Sources = WINEP,
    sentences: tuple[str, ...] = (AID, BUDGET, THIRD),
    english: tuple[str, ...] = (),
) -> Card:
    document = Document(doc_id, f"{doc_id:03d}.txt", "h", Status.OK, 1, datetime.now(UTC), "v")
    digest = tuple(Sentence(f"p0.s{i}", s, 0, Kind.BODY) for i, s in enumerate(sentences))
    return Card(document, sources, digest, english, ("humanitarian", "security"), NAMES)


def shown(html: str) -> str:
    text, _ = parse_html(html)  # raises like Telegram on broken HTML
    return text


def test_inline_result_escapes_a_title_with_tags_and_ampersands_in_the_message():
    result = inline.result(card(sources=Sources(title=HOSTILE_TITLE)), TAXONOMY, "ar")

    html = result.input_message_content.message_text
    assert "<b>عاجل</b>" in shown(html) and "&amp; الماء" in html
    assert shown(html).startswith(HOSTILE_TITLE.strip() + "\n")
    assert result.title.strip(RLM) == HOSTILE_TITLE.strip()  # a plain-text field: not escaped


def test_inline_result_escapes_an_english_title_with_angle_brackets():
    result = inline.result(card(english=("Blinken announced aid.", "Biden asked.")), TAXONOMY, "en")

    html = result.input_message_content.message_text
    assert "&lt;Washington&gt; &amp; broadens" in html
    assert shown(html).startswith("Kadhimi visits <Washington> & broadens")


def test_inline_result_shows_two_digest_sentences_and_the_link_in_arabic():
    result = inline.result(card(), TAXONOMY, "ar")

    text = shown(result.input_message_content.message_text)
    assert AID in text and BUDGET in text and THIRD not in text
    assert "معهد واشنطن" in text and WINEP.urls[0] in text
    assert result.description.strip(RLM).startswith(AID[:60])
    for line in text.split("\n"):
        if ARABIC.search(line):
            assert line.startswith(RLM) or ARABIC.match(line), line
    [[button]] = result.reply_markup.inline_keyboard
    assert (button.text, button.url) == ("المصدر", WINEP.urls[0])
    assert result.input_message_content.parse_mode == "HTML"


def test_inline_result_stays_one_short_message_when_sentences_are_huge():
    huge = " ".join([AID] * 40)  # 6,000 characters in one "sentence"
    result = inline.result(card(sentences=(huge, huge)), TAXONOMY, "ar")

    text = shown(result.input_message_content.message_text)
    assert utf16_len(text) < MAX_TEXT // 4
    assert text.count("…") == 1  # the first sentence alone, cut at a word
    assert len(result.description) <= inline.DESCRIPTION_CHARS + 1


def test_inline_result_in_english_uses_the_translation_when_a_model_made_one():
    english = ("Blinken announced $155 million in aid.", "Biden asked for $448 million.", "x.")
    result = inline.result(card(english=english), TAXONOMY, "en")

    text = shown(result.input_message_content.message_text)
    assert english[0] in text and english[1] in text and "x." not in text
    assert "Machine translation from the Arabic" in text
    assert result.description == english[0]
    assert not ARABIC.search(text)


def test_inline_result_in_english_without_translation_shows_no_arabic_but_names_and_topics():
    result = inline.result(card(), TAXONOMY, "en")

    text = shown(result.input_message_content.message_text)
    assert "No English digest" in text and "Topics: Humanitarian aid" in text
    assert "Mustafa al-Kadhimi (\u2068مصطفى الكاظمي\u2069)" in text
    assert not ARABIC.search(re.sub(r"\(\u2068[^)]*\u2069\)", "", text))
    assert not ARABIC.search(result.title + result.description)
    assert result.title == WINEP.title_en


def test_inline_result_has_no_source_button_when_no_web_link_is_known():
    no_link = inline.result(card(sources=Sources(title="عنوان")), TAXONOMY, "ar")
    bad_link = inline.result(card(sources=Sources(urls=("www.example.org",))), TAXONOMY, "ar")

    assert no_link.reply_markup is None and bad_link.reply_markup is None


def test_answer_pages_fifty_results_with_next_offset_when_more_came():
    cards = [card(doc_id=i) for i in range(1, 52)]  # 51: one more than a page

    results, following = inline.answer(cards, 100, TAXONOMY, "ar")
    last, done = inline.answer(cards[:7], 150, TAXONOMY, "ar")

    assert len(results) == 50 and following == "150"
    assert len(last) == 7 and done == ""
    ids = [r.id for r in results]
    assert len(set(ids)) == 50 and ids[0] == "d1"
    assert all(1 <= len(i.encode()) <= MAX_RESULT_ID for i in ids)


def test_answer_is_empty_with_no_next_offset_when_no_card_came():
    assert inline.answer([], 0, TAXONOMY, "en") == ([], "")


def test_share_button_types_the_query_that_names_its_document():
    [[button]] = keyboards.share(12, lang="en").inline_keyboard

    assert button.text == "Share" and button.switch_inline_query == "#12"
    assert args.shared_document(button.switch_inline_query) == 12
    assert keyboards.share(12).inline_keyboard[0][0].text == "مشاركة"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("#12", 12), (" # 7 ", 7), ("12", None), ("#", None), ("#١٢", None), ("#1234567890", None)],
)
def test_shared_document_reads_only_a_share_query(query, expected):
    assert args.shared_document(query) == expected


@pytest.mark.parametrize(("offset", "expected"), [("", 0), ("50", 50), ("x", 0), ("-5", 0)])
def test_inline_offset_reads_our_next_offset_and_nothing_else(offset, expected):
    assert args.inline_offset(offset) == expected


def test_as_plain_text_keeps_the_lines_and_drops_the_markup_of_a_refused_message():
    [html] = inline.answer([card()], 0, TAXONOMY, "ar")[0]

    [plain] = inline.as_plain_text([html])

    content = plain.input_message_content
    assert not content.parse_mode and "<" not in content.message_text
    assert content.message_text == shown(html.input_message_content.message_text).strip()
    assert "\n" in content.message_text and plain.reply_markup == html.reply_markup
