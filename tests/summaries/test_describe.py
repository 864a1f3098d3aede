"""English titles: the document's own, translated, or described in English (summaries.describe)."""

from __future__ import annotations

import re

import pytest

from summaries.describe import (
    describe,
    display_title,
    english_title,
    lead_people,
    month_year,
    piece_kind,
    publisher_en,
)
from summaries.model import English, Name, Sources, TitleOrigin, TopicMatch
from summaries.sources import known_publishers
from summaries.topics import load_taxonomy

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
TAXONOMY = load_taxonomy()
MEI = "معهد الشرق الأوسط / Middle East Institute"
BIDEN = Name("جو بايدن", "Joe Biden", "person", 7)
KADHIMI = Name("مصطفى الكاظمي", "Mustafa al-Kadhimi", "person", 2)
BLINKEN = Name("أنتوني بلينكن", "Antony Blinken", "person", 2)
IRAQ = Name("العراق", "Iraq", "place", 9)
ROMANIZED = Name("كريم الساعدي", "Karim al-Saadi", "person", 9, source="romanizer")
SECURITY = (TopicMatch("security", 0.5, ()), TopicMatch("humanitarian", 0.2, ()))


def test_describe_says_publisher_kind_month_topic_and_people_in_english():
    sources = Sources(title="لقاء بايدن والكاظمي", publisher=MEI, date="2021-07-26")
    title = describe(sources, "analysis", SECURITY, TAXONOMY, (BIDEN, IRAQ, KADHIMI, BLINKEN))
    assert title == (
        "Middle East Institute analysis, July 2021: US forces and security — Biden, al-Kadhimi"
    )


def test_describe_leaves_out_what_is_not_known_and_never_uses_arabic():
    assert describe(Sources(title="عنوان عربي")) == "Arabic article"
    assert describe(Sources(publisher="نون بوست / Noon Post"), "opinion piece") == (
        "Noon Post opinion piece"
    )


def test_describe_uses_no_romanized_name_and_no_author():
    sources = Sources(publisher=MEI, authors=("جو بايدن",))
    title = describe(sources, None, (), TAXONOMY, (ROMANIZED, BIDEN, KADHIMI))
    assert title == "Middle East Institute article — al-Kadhimi"


def test_lead_people_orders_by_mentions_and_keeps_two_surnames():
    assert lead_people((KADHIMI, BLINKEN, IRAQ, BIDEN)) == ["Biden", "al-Kadhimi"]


@pytest.mark.parametrize(
    ("iso", "said"),
    [("2021-07-26", "July 2021"), ("2020-08", "August 2020"), ("2019", "2019"), (None, None)],
)
def test_month_year_says_the_month_and_year_of_an_iso_date(iso, said):
    assert month_year(iso) == said


def test_publisher_en_takes_the_latin_half_or_the_table_name():
    assert publisher_en(MEI) == "Middle East Institute"
    assert publisher_en("معهد واشنطن") == "The Washington Institute"
    assert publisher_en("جريدة محلية") is None


def test_piece_kind_reads_a_label_line_before_the_publishers_kind():
    washington = next(p for p in known_publishers() if p.name_en == "The Washington Institute")
    assert piece_kind("عنوان طويل للمقال عن الزيارة\n\nتحليل موجز\n\nنص", washington) == "analysis"
    assert piece_kind("الرئيسية مقالات\n\nنص طويل عن الحوار", washington) == "article"
    assert piece_kind("نص طويل عن الحوار الاستراتيجي بين البلدين", washington) == "analysis"
    assert piece_kind("نص طويل عن الحوار الاستراتيجي بين البلدين") is None


def test_english_title_keeps_an_own_title_with_its_origin():
    sources = Sources(title_en="Kadhimi visits Washington", title_en_origin=TitleOrigin.URL)
    english = English("", "none", title="Kadhimi visits Washington")
    assert english_title(sources, english, "", (), TAXONOMY) == (
        "Kadhimi visits Washington",
        TitleOrigin.URL,
    )


def test_english_title_marks_a_model_translation_as_translated():
    sources = Sources(title="عنوان", title_origin=TitleOrigin.LEAD)
    english = English("", "ct2", True, title="A translated title")
    assert english_title(sources, english, "", (), TAXONOMY) == (
        "A translated title",
        TitleOrigin.TRANSLATED,
    )


def test_english_title_describes_a_document_with_no_english_title():
    sources = Sources(title="عنوان", publisher=MEI, title_origin=TitleOrigin.LEAD)
    english = English("", "none", names=(BIDEN,))
    title, origin = english_title(sources, english, "نص", SECURITY, TAXONOMY)
    assert origin is TitleOrigin.DESCRIBED
    assert title == "Middle East Institute analysis: US forces and security — Biden"
    assert not ARABIC.search(title)


def test_display_title_describes_a_record_stored_without_titles_never_by_number():
    assert display_title(Sources(title="عنوان عربي", title_en="English"), "en") == "English"
    assert display_title(Sources(publisher=MEI), "en") == "Middle East Institute article"
    assert display_title(Sources(title_en="English"), "ar") == "English"
