"""The daily digest's "new on the timeline" section (issue 12), composed from the trimmed seeds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.push.compose import DigestDay, compose
from tests.bot.test_compose import (
    DAY,
    INGESTED,
    TAXONOMY,
    english_only,
    store,  # noqa: F401 (the module's store fixture)
    subscriber,
    visible,
)

HEADINGS = {"ar": "جديد على الخط الزمني", "en": "New on the timeline"}


@pytest.fixture(scope="module")
def day(store) -> DigestDay:  # noqa: F811
    added = store.documents_added(INGESTED - timedelta(hours=1), INGESTED)
    events = store.timeline_of_documents(d.id for d in added)
    return DigestDay(DAY, tuple(store.briefing(d.id) for d in added), timeline=tuple(events))


def test_compose_adds_new_on_the_timeline_when_new_documents_report_dated_events(day):
    shown = visible(compose(day, subscriber(), TAXONOMY))

    assert HEADINGS["ar"] in shown
    timeline = shown[shown.index(HEADINGS["ar"]) :]
    assert "حزيران/يونيو 2020 — الحوار الاستراتيجي بين بغداد وواشنطن" in timeline
    assert "10 تشرين الأول/أكتوبر 2021" in timeline
    assert timeline.index("حزيران/يونيو 2020") < timeline.index("تشرين الأول/أكتوبر 2021")
    assert shown.index("أبرز مواضيع اليوم") < shown.index(HEADINGS["ar"])


def test_compose_timeline_section_is_english_in_an_english_digest(day):
    shown = english_only(compose(day, subscriber(lang="en"), TAXONOMY))

    assert "New on the timeline" in shown
    assert "10 October 2021 — scheduled elections (Mustafa al-Kadhimi)" in shown


def test_compose_has_no_timeline_section_when_new_documents_add_no_entries(day):
    undated = [s for s in day.new if not s.briefing.timeline]
    assert undated  # some trimmed seeds carry no dates
    quiet = DigestDay(DAY, tuple(undated), timeline=day.timeline)

    for lang in ("ar", "en"):
        assert HEADINGS[lang] not in visible(compose(quiet, subscriber(lang=lang), TAXONOMY))


def test_compose_timeline_keeps_to_the_subscribers_topics(day):
    # web_news_001 (elections) reports 10 October 2021, web_comments_003 (not on
    # elections) June 2020: an elections subscriber gets only the first.
    shown = visible(compose(day, subscriber(lang="en", topics=("elections",)), TAXONOMY))

    assert "10 October 2021 — scheduled elections" in shown
    assert "June 2020" not in shown
