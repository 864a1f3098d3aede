"""English views of the English side: names, English authors, translations, the Arabic original."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot import views
from summaries import (
    Briefing,
    Digest,
    Document,
    English,
    Kind,
    Name,
    Passage,
    Sentence,
    Sources,
    Status,
    StoredBriefing,
    load_taxonomy,
)
from summaries.model import Paragraph, Segmented
from tests.fake_bot_api import parse_html

ARABIC = re.compile("[\u0600-\u06ff]")
NAME_IN_ARABIC = re.compile(r"(?<=[A-Za-z0-9.']) \(\u2068[^()\u2069]*\u2069\)")
TAXONOMY = load_taxonomy()
# seeds/000 (The Washington Institute): its byline, title and first digest sentence.
WINEP = Sources(
    title="الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق",
    title_en="Kadhimi visits Washington broadening US Iraq relationship",
    publisher="معهد واشنطن / The Washington Institute",
    authors=("دانا ستروول", "بلال وهاب"),
)
ARRIVAL = (
    "عندما يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس ستكون هذه "
    "زيارته الثانية خارج البلاد منذ تولّيه منصبه."
)
NAMES = (
    Name("مصطفى الكاظمي", "Mustafa al-Kadhimi", "person", 12, "gazetteer", ("p0.s0",)),
    Name("واشنطن", "Washington", "place", 9, "gazetteer", ("p0.s0",)),
    Name("معهد واشنطن", "The Washington Institute", "organisation", 3),
)


def document(doc_id: int) -> Document:
    return Document(doc_id, f"{doc_id:03d}.txt", "hash", Status.OK, 100, datetime.now(UTC), "v")


def stored(english: English | None) -> StoredBriefing:
    sentence = Sentence("p0.s0", ARRIVAL, 0, Kind.BODY)
    briefing = Briefing(
        segmented=Segmented((Paragraph(0, Kind.BODY, (sentence,)),)),
        digest=Digest((sentence,), "centroid"),
        figures=(),
        topics=(),
        sources=WINEP,
        english=english,
    )
    return StoredBriefing(document(1), briefing)


def visible(part: str) -> str:
    text, entities = parse_html(part)  # raises like Telegram on broken HTML
    assert text.strip() and len(entities) < 100
    return text


def english_only(text: str) -> bool:
    return not ARABIC.search(NAME_IN_ARABIC.sub("", text))


def passage(sid: str, english: str | None) -> Passage:
    return Passage(document(1), WINEP, Sentence(sid, ARRIVAL, 0, Kind.BODY), 0.5, english)


def test_briefing_in_english_names_people_places_and_authors_when_no_model_translated_it():
    english = English("", "none", False, NAMES, ("Dana Stroul", "Bilal Wahab"))
    [part] = views.briefing(stored(english), TAXONOMY, "en")
    shown = visible(part)

    assert "People: Mustafa al-Kadhimi (\u2068مصطفى الكاظمي\u2069)" in shown
    assert "Organisations: The Washington Institute (\u2068معهد واشنطن\u2069)" in shown
    assert "Places: Washington (\u2068واشنطن\u2069)" in shown
    assert "Source: The Washington Institute · Dana Stroul, Bilal Wahab" in shown
    assert shown.count("translation model") == 1 and "mujaz models install FILE" in shown
    assert english_only(shown)


def test_briefing_in_english_leaves_arabic_authors_out_when_they_have_no_english_form():
    [part] = views.briefing(stored(English("", "none", False, NAMES)), TAXONOMY, "en")

    assert english_only(visible(part)) and "ستروول" not in visible(part)


def test_topic_digest_in_english_shows_translations_and_leaves_untranslated_ones_out():
    topic = next(t for t in TAXONOMY if t.id == "dialogue")
    parts = views.topic_digest(
        topic,
        [passage("p0.s0", "Kadhimi arrives in Washington on 19 August."), passage("p1.s0", None)],
        "en",
    )

    shown = [visible(p) for p in parts]
    assert "• Kadhimi arrives in Washington on 19 August." in shown[0]
    assert "machine-translated from the Arabic" in shown[0] and english_only(shown[0])
    assert all(english_only(part) for part in shown)
    assert "translation model" not in shown[0]


def test_search_results_in_english_show_translations_and_no_arabic_when_all_are_translated():
    parts = views.search_results("Kadhimi", [passage("p0.s0", "Kadhimi arrives.")], "en")

    [shown] = [visible(p) for p in parts]
    assert "Matching sentences, machine-translated from the Arabic:" in shown
    assert "• Kadhimi arrives." in shown and english_only(shown)


def test_search_results_in_english_list_documents_then_the_original_when_none_is_translated():
    parts = views.search_results("Kadhimi", [passage("p0.s0", None)], "en")

    shown = [visible(p) for p in parts]
    assert english_only(shown[0]) and "Kadhimi visits Washington" in shown[0]
    assert shown[0].count("translation model") == 1
    assert shown[-1].startswith("Arabic original, not translated") and ARRIVAL in shown[-1]


def test_about_names_the_backend_and_says_when_documents_have_no_model():
    zone = ZoneInfo("Asia/Baghdad")

    [none] = views.about("0.1", 5, None, {"none": 5}, zone, "en")
    [mixed] = views.about("0.1", 5, None, {"ctranslate2:m": 3, "none": 2}, zone, "en")

    assert "English: no translation model installed" in visible(none)
    assert "English: ctranslate2:m (3), no translation model (2)" in visible(mixed)


def test_briefing_in_english_says_the_translation_failed_when_a_model_made_no_usable_digest():
    english = English("", "ctranslate2:m", False, NAMES)
    [part] = views.briefing(stored(english), TAXONOMY, "en")
    shown = visible(part)

    assert "ctranslate2:m translated this document, but its English digest failed" in shown
    assert "not installed" not in shown and english_only(shown)


def test_sources_in_english_name_the_authors_in_english_when_the_english_side_has_them():
    english = English("", "none", False, NAMES, ("Dana Stroul", "Bilal Wahab"))
    [one] = views.document_sources(document(1), WINEP, "en", english)
    page = views.sources_page([(document(1), WINEP)], 1, 1, "en", {1: english})
    [arabic_only] = views.document_sources(document(1), WINEP, "en", English("", "none"))
    [arabic] = views.document_sources(document(1), WINEP, "ar", english)

    for shown in (visible(one), visible(page)):
        assert "Authors: Dana Stroul, Bilal Wahab" in shown and english_only(shown)
    assert "Authors: 2, named in Arabic" in visible(arabic_only)
    assert "الكتّاب: دانا ستروول، بلال وهاب" in visible(arabic)
