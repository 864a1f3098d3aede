"""Views turn stored briefings into valid, escaped, right-to-left Telegram HTML."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot import views
from bot.render import TEXT_LIMIT, rtl, utf16_len
from bot.texts import COMMANDS, TEXTS
from bot.views.general import local_time
from bot.views.pieces import publisher
from summaries import (
    Briefing,
    Digest,
    Document,
    English,
    Figure,
    Kind,
    Passage,
    Sentence,
    Sources,
    Status,
    StoredBriefing,
    Topic,
    TopicMatch,
    load_taxonomy,
)
from summaries.model import Paragraph, Segmented
from tests.fake_bot_api import parse_html

ARABIC = re.compile("[\u0600-\u06ff]")
TAXONOMY = load_taxonomy()
# From seeds/002 (Middle East Institute): a digest sentence and its figures.
AID = (
    "كما أعلن بلينكن يوم الجمعة الماضي عن مساعدات إنسانية أخرى بقيمة 155 مليون دولار "
    "للعراقيين النازحين داخليًا وكذلك لتجمعات اللاجئين العراقيين في الدول المجاورة."
)
BUDGET = (
    "كما طلبت إدارة بايدن 448 مليون دولار من المساعدات الخارجية للعراق ضمن طلباتها "
    "لموازنة السنة المالية 2022."
)
FIGURES = (
    Figure(
        "money",
        155e6,
        "USD",
        "155 مليون دولار",
        "مساعدات إنسانية أخرى للعراقيين النازحين داخليًا",
        "other humanitarian aid for internally displaced Iraqis",
        "p0.s2",
    ),
    Figure("date", 726.0, "--07-26", "26 يوليو/تموز", "لقاء الرئيس جو بايدن", "meeting", "p0.s0"),
    Figure("ordinal", 4.0, "round", "الجولة الرابعة", "الجولة", "round", "p4.s0"),
)
MEI = Sources(publisher="معهد الشرق الأوسط / Middle East Institute")
WINEP = Sources(
    title="الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق",
    title_en="Kadhimi visits Washington broadening US Iraq relationship",
    publisher="معهد واشنطن / The Washington Institute",
    authors=("دانا ستروول", "بلال وهاب"),
    urls=("https://www.washingtoninstitute.org/policy-analysis/kadhimi-visits-washington",),
)
HOSTILE_TITLE = "تقرير <b>عاجل</b> عن أزمة الكهرباء & الماء في بغداد </b>"
HOSTILE_SENTENCE = 'بلغ الإنتاج 19 ألف ميغاواط <script>alert("x")</script> و a < b > c &amp; أكثر.'


def document(doc_id: int) -> Document:
    return Document(doc_id, f"{doc_id:03d}.txt", "hash", Status.OK, 100, datetime.now(UTC), "v")


def stored(
    doc_id: int, sources: Sources, sentences: tuple[str, ...], english: English | None = None
) -> StoredBriefing:
    body = tuple(Sentence(f"p0.s{i}", s, 0, Kind.BODY) for i, s in enumerate(sentences))
    briefing = Briefing(
        segmented=Segmented((Paragraph(0, Kind.BODY, body),)),
        digest=Digest(body, "lead"),
        figures=FIGURES,
        topics=(TopicMatch("humanitarian", 0.5, ("p0.s0",)), TopicMatch("security", 0.2, ())),
        sources=sources,
        english=english,
    )
    return StoredBriefing(document(doc_id), briefing)


def visible(part: str) -> str:
    """Return what Telegram shows of part, without the invisible direction marks."""
    text, _ = parse_html(part)  # raises like Telegram on broken HTML
    return re.sub("[\u2068\u2069]", "", text)


def first_direction(line: str) -> str:
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL", "EN", "AN"):
            return kind
    return ""


def assert_valid(parts: list[str]) -> None:
    assert parts, "a view must never be empty"
    for part in parts:
        text, entities = parse_html(part)
        assert 0 < utf16_len(text) <= TEXT_LIMIT and len(entities) < 100


def test_briefing_escapes_document_text_when_it_holds_tags_and_ampersands():
    hostile = Sources(title=HOSTILE_TITLE)
    parts = views.briefing(stored(6, hostile, (HOSTILE_SENTENCE,)), TAXONOMY, "ar")

    assert_valid(parts)
    shown = visible(parts[0])
    assert HOSTILE_TITLE in shown and HOSTILE_SENTENCE in shown
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in parts[0]


def test_briefing_marks_every_arabic_line_right_to_left_when_lines_start_with_numbers():
    sources = Sources(title="2021 عام الانسحاب", publisher=MEI.publisher, date="2021-07-26")
    parts = views.briefing(stored(3, sources, (AID, BUDGET)), TAXONOMY, "ar")

    assert_valid(parts)
    for line in visible(parts[0]).split("\n"):
        if ARABIC.search(line):
            assert first_direction(line) in ("R", "AL"), line
    assert "مساعدات إنسانية أخرى للعراقيين النازحين داخليًا: 155 مليون دولار" in visible(parts[0])


def test_briefing_in_english_shows_only_english_when_no_translation_is_stored():
    [part] = views.briefing(stored(3, MEI, (AID, BUDGET)), TAXONOMY, "en")
    shown = visible(part)

    # A record without titles (stored before they were made) is described, never "Document 3".
    assert shown.startswith("#3 Middle East Institute article\nMiddle East Institute")
    assert "other humanitarian aid for internally displaced Iraqis: 155 million USD" in shown
    assert "meeting: 26 July" in shown and "round: round 4" in shown
    assert "Topics: Humanitarian aid and health, US forces and security" in shown
    assert shown.count("translation model") == 1
    assert not ARABIC.search(shown)


def test_briefing_in_english_uses_the_stored_english_digest_when_there_is_one():
    english = English("Blinken announced 155 million dollars of new aid.", "marian", True)
    [part] = views.briefing(stored(1, WINEP, (AID,), english), TAXONOMY, "en")
    shown = visible(part)

    assert shown.startswith("#1 Kadhimi visits Washington broadening US Iraq relationship")
    assert (
        "Blinken announced 155 million dollars of new aid.\n"
        "Machine translation from the Arabic by marian." in shown
    )
    assert "translation model" not in shown and not ARABIC.search(shown)


def test_publisher_keeps_only_the_latin_name_in_english_when_stored_bilingual():
    assert publisher(WINEP, "en") == "The Washington Institute"
    assert publisher(WINEP, "ar") == "معهد واشنطن / The Washington Institute"
    assert publisher(Sources(publisher="نون بوست"), "en") is None


def passages(count: int) -> list[Passage]:
    found = []
    for i in range(count):
        text = f"{AID} {BUDGET} {HOSTILE_SENTENCE}"
        sentence = Sentence(f"p{i}.s0", text, i, Kind.BODY)
        found.append(Passage(document(1 + i % 3), MEI, sentence, 0.5))
    return found


def test_search_results_split_into_valid_messages_when_longer_than_one():
    parts = views.search_results("مساعدات", passages(10), "ar")

    assert len(parts) >= 2
    assert_valid(parts)
    assert sum(visible(p).count(HOSTILE_SENTENCE) for p in parts) == 10


def test_topic_digest_in_english_without_translations_shows_no_arabic_sentence():
    topic = next(t for t in TAXONOMY if t.id == "humanitarian")
    parts = views.topic_digest(topic, passages(4), "en")

    assert_valid(parts)
    shown = [visible(p) for p in parts]
    assert shown[0].startswith("Topic: Humanitarian aid and health\nCovered by 3 document(s)")
    assert not any(ARABIC.search(p) for p in shown)
    assert "/lang ar shows them" in shown[-1]


def test_topic_digest_says_so_when_no_document_covers_the_topic():
    topic = Topic("kurdistan", "إقليم كردستان", "Kurdistan", ("أربيل",), ("erbil",))
    [part] = views.topic_digest(topic, [], "ar")

    assert "لا توجد وثيقة عن هذا الموضوع بعد." in visible(part)


def test_document_page_fits_one_message_when_titles_are_huge():
    pairs = [(document(i), Sources(title=HOSTILE_TITLE * 300)) for i in range(1, 9)]
    page = views.document_page(pairs, 2, 5, 40, "ar")

    assert_valid([page])
    assert "الصفحة 2 من 5" in visible(page)
    assert visible(page).count("#") == 8


def test_figures_page_fits_one_message_when_documents_have_many_long_figures():
    many = tuple(
        Figure("count", i, "troops", "نحو 3000 جندي " * 20, "جندي للتحالف " * 30, "troops", "p0")
        for i in range(40)
    )
    groups = [(document(i), WINEP, many) for i in range(1, 4)]
    page = views.figures_page(groups, 1, 2, "ar")

    assert_valid([page])
    assert visible(page).count("34 أرقام أخرى") == 3


def test_sources_page_shows_unknown_fields_instead_of_blanks():
    page = views.sources_page([(document(2), Sources(date="2021-07-26"))], 1, 1, "en")

    shown = visible(page)
    assert "Publisher: unknown\nAuthors: unknown\nDate: 2021-07-26" in shown
    assert "no known link for this document" in shown


def test_unknown_command_lists_every_command_when_command_is_hostile():
    [part] = views.unknown_command("/<b>x&y</b>", "en")

    shown = visible(part)
    assert shown.startswith("I don't know the command /<b>x&y</b>.")
    assert all(f"/{c} — " in shown for c in COMMANDS)


def test_rtl_isolates_a_bot_command_with_its_slash_when_inside_an_arabic_line():
    line = rtl("/digest 2 — موجز الوثيقة 2؛ أرسل /lang أو آب/أغسطس")

    assert line.startswith("\u200f\u2068/digest 2\u2069 — ")
    assert "أرسل \u2068/lang\u2069 أو آب/أغسطس" in line


def test_local_time_shows_the_configured_zone_when_ingest_time_is_utc():
    zone = ZoneInfo("Asia/Baghdad")

    assert local_time("2021-07-26T09:30:00+00:00", zone) == "2021-07-26 12:30 Asia/Baghdad"
    assert local_time(None, zone) is None


def test_fixed_texts_exist_in_both_languages_except_the_notes_of_one_side():
    one_sided = {k for k, (ar, en) in TEXTS.items() if not ar or not en}
    assert one_sided == {
        "sources.authors_ar",
        "sources.title_origin.translated",  # only English titles are translated or described
        "sources.title_origin.described",
        *(k for k in TEXTS if k.startswith("en.")),  # English briefings: English-only lines
    }
    assert all(TEXTS[f"menu.{c}"][0] and TEXTS[f"menu.{c}"][1] for c in COMMANDS)


def test_page_window_rounds_up_never_returns_zero_pages_and_keeps_the_page_inside():
    assert [views.page_window(1, n, 8)[1] for n in (0, 1, 8, 9, 2000)] == [1, 1, 1, 2, 250]
    assert [views.page_window(p, 9, 8)[0] for p in (-3, 0, 1, 2, 7)] == [1, 1, 1, 2, 2]
