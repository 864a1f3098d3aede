"""Views of corpus facts: key figures with their sources, disputes on one line, escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot import keyboards
from bot.views import facts as views
from summaries import (
    CorpusFact,
    Document,
    Figure,
    Sources,
    Statement,
    Status,
    sources_phrase,
)
from tests.fake_bot_api import parse_html

ARABIC = re.compile("[\u0600-\u06ff]")
TROOPS = Figure("count", 2500, "troops", "2500 جندي", "جندي أمريكي", "US troops", "p1.s0")
MORE = Figure(
    "count",
    5000,
    "troops",
    "أكثر من 5000 جندي",
    "جندي أمريكي",
    "US troops (more than)",
    "p0.s0",
)


def statement(doc_id: int, figure: Figure = TROOPS) -> Statement:
    return Statement(doc_id, 0, figure.sentence_id, figure, "count|troops|us", details=("us",))


def fact(doc_ids=(2, 3, 4), rivals=(), figure=TROOPS, fact_id=7) -> CorpusFact:
    return CorpusFact(
        id=fact_id,
        key="count|troops|us",
        figure=figure,
        statements=tuple(statement(d, figure) for d in doc_ids),
        salience=48.0,
        sources=len(doc_ids),
        doc_ids=tuple(doc_ids),
        disputed=bool(rivals),
        rivals=tuple(rivals),
    )


def document(doc_id: int) -> tuple[Document, Sources]:
    when = datetime(2021, 7, 26, tzinfo=UTC)
    doc = Document(doc_id, f"{doc_id}.txt", "h", Status.OK, 10, when, "v")
    return doc, Sources(title=f"عنوان {doc_id}", title_en=f"Title {doc_id}")


def visible(html: str) -> str:
    return re.sub("[\u200f\u2068\u2069]", "", parse_html(html)[0])


def test_sources_phrase_agrees_with_the_number_in_arabic_and_english():
    assert [sources_phrase(n) for n in (1, 2, 3, 10, 11)] == [
        "مصدر واحد",
        "مصدران",
        "3 مصادر",
        "10 مصادر",
        "11 مصدرًا",
    ]
    assert [sources_phrase(n, "en") for n in (1, 3)] == ["1 source", "3 sources"]


def test_key_facts_line_says_how_many_sources_and_which_documents():
    arabic = visible(views.key_facts([fact()], 5, "ar"))
    english = visible(views.key_facts([fact()], 5, "en"))
    assert "1. جندي أمريكي: 2500 جندي — 3 مصادر (#2، #3، #4)" in arabic
    assert "1. US troops: 2,500 troops — 3 sources (#2, #3, #4)" in english
    assert not ARABIC.search(english)


def test_key_facts_line_marks_a_dispute_with_the_other_sources_value():
    disputed = fact(doc_ids=(2,), rivals=(statement(5, MORE),))
    line = visible(views.key_facts([disputed], 5, "en"))
    assert "US troops: 2,500 troops — 1 source (#2) · ⚠️ sources disagree: other sources: " in line
    assert "5,000 troops (#5)" in line
    assert "أكثر من 5000 جندي (#5)" in visible(views.key_facts([disputed], 5, "ar"))


def test_key_facts_escape_labels_that_come_from_documents():
    hostile = Figure("money", 2e9, "USD", "2 مليار دولار", "<b>استثمار</b>", "<script>", "p0.s0")
    html = views.key_facts([fact(figure=hostile)], 5, "ar")
    assert "<b>استثمار</b>" not in html and "&lt;b&gt;" in html
    parse_html(html)  # balanced, valid Telegram HTML


def test_key_facts_without_any_fact_says_so():
    assert "لا توجد أرقام رئيسية" in visible(views.key_facts([], 0, "ar"))


def test_fact_sources_lists_each_document_with_its_command_and_says_when_one_source():
    many = visible(views.fact_sources(fact(), {i: document(i) for i in (2, 3, 4)}, "en")[0])
    assert "Stated by 3 sources:" in many
    assert all(f"/digest {i}" in many for i in (2, 3, 4))
    single = visible(views.fact_sources(fact(doc_ids=(3,)), {3: document(3)}, "en")[0])
    assert "Only one source states this figure." in single


def test_fact_sources_counts_the_sources_it_does_not_list():
    shown = fact(doc_ids=(2, 3))
    listed = CorpusFact(**{**{f: getattr(shown, f) for f in shown.__slots__}, "sources": 40})
    text = visible(views.fact_sources(listed, {2: document(2), 3: document(3)}, "en")[0])
    assert "38 more sources state it." in text


def test_fact_sources_shows_the_disputing_documents_after_the_stating_ones():
    disputed = fact(doc_ids=(2,), rivals=(statement(5, MORE),))
    text = visible(views.fact_sources(disputed, {2: document(2), 5: document(5)}, "en")[0])
    assert (
        text.index("/digest 2")
        < text.index("Other sources give another value")
        < text.index("/digest 5")
    )
    assert views.fact_document_ids(disputed) == [2, 5]


def test_key_fact_buttons_fit_telegram_callback_data():
    markup = keyboards.key_facts([1, 99_999_999_999], "كل الأرقام حسب الوثيقة", "fig")
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert data == ["kf:1", "kf:99999999999", "p:fig:1"]
    assert all(len(d.encode()) <= 64 for d in data)


def test_fact_line_puts_the_english_hedge_with_the_value_not_the_label():
    line = views.fact_line(1, fact(doc_ids=(5,), figure=MORE), "en")

    assert line.startswith("1. US troops: more than 5,000 troops — 1 source")
    assert "(more than)" not in line
