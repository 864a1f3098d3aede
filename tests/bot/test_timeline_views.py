"""Timeline views: escaped, right-to-left, within Telegram's limits, other dates marked."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.render import TEXT_LIMIT, utf16_len
from bot.views import timeline as views
from summaries import Document, Sources, Status, TimelineEvent, TimelineSource
from tests.e2e.chat import ARABIC
from tests.fake_bot_api import parse_html


def _source(doc_id: int, when: str, *, clause: str = "", publisher: str = "") -> TimelineSource:
    document = Document(
        doc_id, f"{doc_id}.txt", "h", Status.OK, 1, datetime(2024, 1, 1, tzinfo=UTC), "v"
    )
    sources = Sources(
        title="تقرير <b>عن</b> العراق & واشنطن " * 6,
        title_en="A report on Iraq & Washington " * 6,
        publisher=publisher or None,
    )
    clause_ar = clause or "زار رئيس الوزراء <script> واشنطن & التقى الرئيس " * 4
    clause_en = "" if clause else "Iraqi prime minister visit <b> & (Mustafa al-Kadhimi) " * 4
    return TimelineSource(document, sources, when, clause_ar, clause_en, "p1.s0", "text")


def _event(event_id: int, *, reports: int = 400) -> TimelineEvent:
    day = f"2020-0{1 + event_id % 9}-{10 + event_id % 18}"
    sources = tuple(_source(1000 + k, day) for k in range(5))
    disputed = tuple(_source(2000 + k, "2020-09-28") for k in range(5))
    return TimelineEvent(event_id, day, sources, disputed, reports)


def _shown(html: str) -> str:
    return parse_html(html)[0]


def test_timeline_page_fits_one_message_when_every_line_is_longest():
    events = [_event(i) for i in range(views.EVENTS_PER_PAGE)]
    for lang in ("ar", "en"):
        page = views.timeline_page(events, 2, 9, lang)
        text, entities = parse_html(page)  # raises on broken HTML
        assert utf16_len(text) <= TEXT_LIMIT and len(entities) <= 90
        assert text.count("•") == views.EVENTS_PER_PAGE  # no event cut off the page


def test_event_line_escapes_and_marks_other_dates_when_sources_disagree():
    event = _event(3)
    ar, en = views.event_line(event, "ar"), views.event_line(event, "en")

    assert "<script>" not in ar and "&lt;script&gt;" in ar and "&amp;" in ar
    assert "⚠ تاريخ مختلف: 28 أيلول/سبتمبر 2020" in _shown(ar)
    assert "⚠ dates differ: 28 September 2020" in _shown(en)
    assert "/digest 1000" in _shown(en) and "397 more" in _shown(en)  # 400 reports, 3 named
    assert not ARABIC.search(_shown(en))


def test_event_line_in_english_points_to_arabic_when_no_english_clause():
    arabic_only = _source(7, "2021-07-26", clause="قال")
    event = TimelineEvent(1, "2021-07-26", (arabic_only,), reports=1)
    assert "(in Arabic only: /lang ar)" in _shown(views.event_line(event, "en"))
    other = TimelineEvent(1, "2021-07-26", (arabic_only, _source(8, "2021-07-26")), reports=2)
    assert "Iraqi prime minister visit" in _shown(views.event_line(other, "en"))


def test_timeline_views_say_so_when_there_is_nothing():
    assert "لا أحداث مؤرخة بعد" in _shown(views.timeline_page([], 1, 1, "ar"))
    [reply] = views.timeline_matches([], 0, "en", words="earthquake")
    assert "No dated events on “earthquake”" in _shown(reply)
    assert views.new_on_timeline([], "en") == ""
