"""Titles derived from the text when a document has no headline (summaries.titles)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from summaries.clean import clean
from summaries.model import CleanText, Kind, TitleOrigin
from summaries.read import read
from summaries.segment import segment
from summaries.sources import find_sources
from summaries.titles import (
    MAX_TITLE_CHARS,
    derive_title,
    is_stated_title,
    lead_title,
    section_heading,
)
from summaries.words import tokens

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
# What may end a title: a letter or digit of the last word, never a comma or a cut word.
ENDS_CLEANLY = re.compile(r"[^\W_]$")


def segmented_of(text: str):
    return segment(CleanText(paragraphs=tuple(text.split("\n\n"))))


def in_order(title: str, text: str) -> bool:
    """Tell whether every word of title is a word of text, in the same order."""
    remaining = iter(tokens(text))
    return all(any(word == other for other in remaining) for word in tokens(title))


def test_lead_title_keeps_the_main_clause_without_the_time_phrase_when_the_lead_is_long():
    lead = (
        "لقاء الرئيس جو بايدن مع رئيس الوزراء العراقي مصطفى الكاظمي يوم الاثنين 26 يوليو/تموز "
        "لن يفتح آفاقًا جديدة، لكن الأمريكيين بدلًا من ذلك يحاولون إبراز الجوانب غير العسكرية."
    )
    assert lead_title(lead) == (
        "لقاء الرئيس جو بايدن مع رئيس الوزراء العراقي مصطفى الكاظمي لن يفتح آفاقًا جديدة"
    )


def test_lead_title_drops_a_news_dateline_before_the_first_word():
    lead = (
        "بغداد – بدأ رئيس الوزراء العراقي مصطفى الكاظمي الاثنين زيارة رسمية إلى واشنطن، "
        "غير محددة المدة."
    )
    assert lead_title(lead) == "بدأ رئيس الوزراء العراقي مصطفى الكاظمي زيارة رسمية إلى واشنطن"


def test_lead_title_skips_a_subordinate_opening_clause():
    lead = (
        "وعلى الرغم من جهود واشنطن لتوسيع الاهتمام إلى التعاون في مجالات الصحة، "
        "لا يزال اهتمام وسائل الإعلام يركز على مستقبل الجنود الأمريكيين."
    )
    assert lead_title(lead) == "لا يزال اهتمام وسائل الإعلام يركز على مستقبل الجنود الأمريكيين"


def test_lead_title_joins_a_short_first_clause_to_the_next_when_both_fit():
    lead = (
        "ويواجه الحوار تحديات، منها الانقسام الداخلي، "
        "والضغط الإيراني على الحكومة العراقية وقواتها الأمنية."
    )
    assert lead_title(lead) == "ويواجه الحوار تحديات، منها الانقسام الداخلي"


def test_lead_title_cuts_a_long_clause_before_a_preposition_within_the_limit():
    lead = (
        "واليوم أصبحت الفرصة متاحة أمام الولايات المتحدة لمواكبة هذه الرؤية الواعدة من خلال "
        "تعزيز قيادة الكاظمي وترسيخها والتعبير عن دعمها للأولويات السياسية والاقتصادية"
    )
    title = lead_title(lead)
    assert title == "واليوم أصبحت الفرصة متاحة أمام الولايات المتحدة لمواكبة هذه الرؤية الواعدة"
    assert len(title) <= MAX_TITLE_CHARS


def test_lead_title_drops_an_unpaired_quote_left_by_the_cut():
    lead = 'وقال التلفزيون الرسمي إنه "من المتوقع أن يصدر بيان ختامي، قد يتضمن جدولا زمنيا".'
    title = lead_title(lead)
    assert title == "وقال التلفزيون الرسمي إنه من المتوقع أن يصدر بيان ختامي"


def test_lead_title_gives_nothing_for_a_sentence_of_three_words():
    assert lead_title("الكاظمي في واشنطن.") is None


def test_section_heading_skips_labels_dates_and_one_word_headings():
    segmented = segmented_of(
        "تحليل موجز\n\nالاثنين 2021/07/26\n\nأغسطس\n\n"
        "بدأت الزيارة أمس وسط اهتمام كبير من الصحافة الأمريكية والعراقية.\n\n"
        "هيكل جديد للائتلاف والعراق\n\nوتستمر المحادثات أسبوعا آخر في واشنطن بين الوفدين."
    )
    headings = [p.text for p in segmented.paragraphs if p.kind is Kind.HEADING]
    assert "هيكل جديد للائتلاف والعراق" in headings and len(headings) > 1
    assert section_heading(segmented) == "هيكل جديد للائتلاف والعراق"


def test_derive_title_takes_the_lead_when_no_heading_reads_as_a_title():
    segmented = segmented_of(
        "اتجاهات مستقبلية\n\n"
        "أعلنت الحكومة العراقية خطة جديدة للكهرباء، تشمل محطات في البصرة والناصرية."
    )
    assert derive_title(segmented) == (
        "أعلنت الحكومة العراقية خطة جديدة للكهرباء",
        TitleOrigin.LEAD,
    )


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_derived_title_of_every_seed_is_short_whole_and_taken_from_its_text(path):
    raw = read(path)
    segmented = segment(clean(raw))
    derived = derive_title(segmented)
    assert derived is not None
    title, origin = derived

    assert len(title) <= MAX_TITLE_CHARS
    assert ENDS_CLEANLY.search(title), title
    assert len(title.split()) >= 3
    source = [p.text for p in segmented.paragraphs if p.kind is Kind.HEADING]
    if origin is TitleOrigin.LEAD:
        source = [segmented.body[0].text]
    assert any(in_order(title, text) for text in source), (title, origin)
    # every word is a whole word of the document, none cut in half
    words = set(tokens(raw.text))
    assert all(word in words for word in tokens(title))


@pytest.mark.parametrize(
    ("prefix", "origin"), [("002", TitleOrigin.LEAD), ("004", TitleOrigin.HEADING)]
)
def test_find_sources_derives_the_title_of_a_seed_without_a_headline(prefix, origin):
    [path] = [p for p in SEEDS if p.name.startswith(prefix)]
    raw = read(path)
    text = clean(raw)
    sources = find_sources(raw, text, segment(text))

    assert sources.title_origin is origin
    assert sources.title and path.stem not in sources.title


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_find_sources_keeps_the_headline_of_a_seed_that_has_one(prefix):
    [path] = [p for p in SEEDS if p.name.startswith(prefix)]
    raw = read(path)
    text = clean(raw)
    sources = find_sources(raw, text, segment(text))

    headings = [p.text for p in segment(text).paragraphs[:5] if p.kind is Kind.HEADING]
    assert sources.title_origin is TitleOrigin.DOCUMENT
    assert sources.title in [h.strip("# ") for h in headings]


@pytest.mark.parametrize(
    "stated",
    [
        "002_d78c7be7ce63ed78.txt",
        "002_d78c7be7ce63ed78",
        "d78c7be7ce63ed78",
        "Microsoft Word - kadhimi.docx",
        "report.pdf",
        "Untitled",
        "Document 3",
        "مستند 2",
        "",
        None,
    ],
)
def test_is_stated_title_refuses_a_file_name_hash_or_placeholder(stated):
    assert not is_stated_title(stated, "002_d78c7be7ce63ed78.txt")


@pytest.mark.parametrize("stated", ["الكاظمي في واشنطن", "Kadhimi visits Washington", "face-off"])
def test_is_stated_title_keeps_a_real_title(stated):
    assert is_stated_title(stated, "002_d78c7be7ce63ed78.txt")


def test_find_sources_derives_a_title_when_the_file_states_its_own_name():
    [path] = [p for p in SEEDS if p.name.startswith("002")]
    raw = replace(read(path), title=path.stem)
    text = clean(raw)
    sources = find_sources(raw, text, segment(text))
    assert sources.title_origin is TitleOrigin.LEAD
