"""The daily digest of one subscriber, composed from a store ingested from the trimmed seeds."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.model import ChatType, Subscription
from bot.push.compose import NAMES_SHOWN, SHOWN_DOCUMENTS, DigestDay, compose
from bot.render import TEXT_LIMIT, utf16_len
from summaries import Pipeline, Store, StoredBriefing, format_value, ingest, load_taxonomy
from tests.conftest import DATA
from tests.e2e.chat import without_names
from tests.fake_bot_api import parse_html

ARABIC = re.compile("[\u0600-\u06ff]")
MARKS = re.compile("[\u200f\u2068\u2069]")
TAXONOMY = load_taxonomy()
INGESTED = datetime(2024, 3, 30, 1, 0, tzinfo=UTC)
DAY = date(2024, 3, 30)
SUBSCRIBER = Subscription(
    chat_id=900,
    chat_type=ChatType.PRIVATE,
    time=time(8, 0),
    tz="Asia/Baghdad",
    lang="ar",
    next_send=datetime(2024, 3, 30, 5, 0, tzinfo=UTC),
    created_at=datetime(2024, 3, 1, tzinfo=UTC),
)


@pytest.fixture(scope="module")
def store(module_db_target) -> Iterator[Store]:
    """The five trimmed seeds of tests/data, ingested at INGESTED (once per engine)."""
    with Store.open(module_db_target) as opened:
        ingest(DATA, opened, Pipeline.build(), now=lambda: INGESTED)
        yield opened


@pytest.fixture(scope="module")
def new(store) -> tuple:
    added = store.documents_added(INGESTED - timedelta(hours=1), INGESTED)
    return tuple(store.briefing(d.id) for d in added)


def visible(parts: list[str]) -> str:
    return MARKS.sub("", "\n".join(parse_html(p)[0] for p in parts))


def subscriber(**changes) -> Subscription:
    return dataclasses.replace(SUBSCRIBER, **changes)


def english_only(parts: list[str]) -> str:
    """Return what an English digest shows, less the Arabic forms in parentheses after names."""
    return MARKS.sub("", without_names("\n".join(parse_html(p)[0] for p in parts)))


def translated(stored: StoredBriefing, *, keep=lambda sid: True, backend="ctranslate2:test"):
    """Return stored as a model would have left it: the kept sentences translated at ingest."""
    b = stored.briefing
    sentences = tuple(
        (s.id, f"Sentence {s.id} of document {stored.document.id}, in English.")
        for s in b.segmented.sentences
        if keep(s.id)
    )
    said = dict(sentences)
    digest = " ".join(said[s.id] for s in b.digest.sentences if s.id in said)
    english = dataclasses.replace(
        b.english, digest=digest, backend=backend, translated=bool(digest), sentences=sentences
    )
    return dataclasses.replace(stored, briefing=dataclasses.replace(b, english=english))


def test_compose_lists_every_new_document_with_digest_figure_and_link_in_arabic(new):
    parts = compose(DigestDay(DAY, new), SUBSCRIBER, TAXONOMY)
    shown = visible(parts)

    assert shown.startswith("موجزك اليومي — 2024-03-30")
    assert "وثائق جديدة منذ موجزك السابق: 5" in shown
    for stored in new:
        assert f"#{stored.document.id} " in shown
        first, second = stored.briefing.digest.sentences[:2]
        assert first.text in shown and second.text in shown
        top = stored.briefing.figures[0]
        assert f"الرقم الأبرز: {top.label_ar}: {top.surface}" in shown
        for url in stored.briefing.sources.urls[:1]:
            assert url in shown
    assert "الكازمي يزور واشنطن" in shown  # the one title the seeds give
    assert "معهد واشنطن / The Washington Institute · دانا ستروول، بلال وهاب" in shown
    assert "أبرز مواضيع اليوم" in shown and "/settings" in shown
    assert "Named:" not in shown and "mujaz models" not in shown  # English-only lines


def test_compose_puts_documents_newest_first_then_the_main_topics(new):
    shown = visible(compose(DigestDay(DAY, new), SUBSCRIBER, TAXONOMY))

    positions = [shown.index(f"#{s.document.id} ") for s in new]
    assert positions == sorted(positions)
    assert [s.document.id for s in new] == sorted((s.document.id for s in new), reverse=True)
    assert shown.index("أبرز مواضيع اليوم") > positions[-1]


def test_compose_keeps_a_digest_to_two_or_three_sentences(new):
    longest = max(new, key=lambda s: len(s.briefing.digest.sentences))
    assert len(longest.briefing.digest.sentences) >= 4  # the stored digest is longer
    shown = visible(compose(DigestDay(DAY, (longest,)), SUBSCRIBER, TAXONOMY))

    sentences = longest.briefing.digest.sentences
    assert sentences[0].text in shown and sentences[1].text in shown
    assert sentences[3].text not in shown


def test_compose_parts_are_valid_html_within_telegram_limits(new):
    for lang in ("ar", "en"):
        parts = compose(DigestDay(DAY, new), subscriber(lang=lang), TAXONOMY)
        assert parts
        for part in parts:
            shown, entities = parse_html(part)  # raises on broken HTML
            assert utf16_len(shown) <= TEXT_LIMIT and len(entities) <= 90


def test_compose_in_english_shows_no_arabic_and_says_why_the_digest_is_missing(new):
    shown = english_only(compose(DigestDay(DAY, new), subscriber(lang="en"), TAXONOMY))

    assert shown.startswith("Your daily briefing — 2024-03-30")
    assert not ARABIC.search(shown)
    assert "Kadhimi visits Washington broadening US Iraq relationship" in shown
    assert "Top figure: US troops: 2,500 troops" in shown
    assert "The day's main topics" in shown and "Economy and energy" in shown
    assert "translation model, which is not installed" in shown


def test_compose_keeps_only_documents_on_the_subscriber_topics_when_topics_are_set(new):
    on_economy = [
        s.document.id for s in new if any(t.topic_id == "economy" for t in s.briefing.topics)
    ]
    assert 0 < len(on_economy) < len(new)
    shown = visible(compose(DigestDay(DAY, new), subscriber(topics=("economy",)), TAXONOMY))

    for stored in new:
        assert (f"#{stored.document.id} " in shown) == (stored.document.id in on_economy)
    assert "الاقتصاد والطاقة" in shown
    assert "القوات الأمريكية والأمن" not in shown  # not among the chosen topics


def test_compose_returns_nothing_when_nothing_is_new_and_the_subscriber_skips_such_days(new):
    assert compose(DigestDay(DAY, (), new), subscriber(skip_empty=True), TAXONOMY) == []


def test_compose_sends_a_short_note_with_standing_figures_when_nothing_is_new(new):
    shown = visible(compose(DigestDay(DAY, (), new), SUBSCRIBER, TAXONOMY))

    assert "لا جديد منذ موجزك السابق." in shown
    assert "أرقام رئيسية قائمة" in shown
    top = new[0].briefing.figures[0]
    assert f"{top.label_ar}: {top.surface} (/digest {new[0].document.id})" in shown
    assert "وثائق جديدة" not in shown


def test_compose_says_how_many_more_when_more_documents_are_new_than_shown(new):
    many = (new * 2)[: SHOWN_DOCUMENTS + 2]
    shown = visible(compose(DigestDay(DAY, many), subscriber(lang="en"), TAXONOMY))

    assert "2 more new document(s): /digest" in shown
    assert f"New since your last briefing: {SHOWN_DOCUMENTS + 2}" in shown


# -- English: what the English side holds, never Arabic -----------------------------------


def test_compose_in_english_without_a_model_shows_titles_authors_figures_names_and_links(new):
    parts = compose(DigestDay(DAY, new), subscriber(lang="en"), TAXONOMY)
    shown = english_only(parts)

    assert not ARABIC.search(shown)
    for stored in new:
        b = stored.briefing
        assert f"#{stored.document.id} {b.sources.title_en or 'Document'}" in shown
        top = b.figures[0]
        assert f"Top figure: {top.label_en}: {format_value(top)}" in shown
        for url in b.sources.urls[:1]:
            assert url in shown
    assert "The Washington Institute · Dana Stroul, Bilal Wahab" in shown
    assert shown.count("Named: ") == len(new)
    assert shown.count("Topics: ") == len(new)  # in the place of the missing digest
    assert shown.count("translation model") == 1 and "mujaz models install FILE" in shown
    assert "Machine translation" not in shown


def test_compose_in_english_names_people_in_english_with_the_arabic_in_parentheses(new):
    raw = "\n".join(
        parse_html(p)[0] for p in compose(DigestDay(DAY, new), subscriber(lang="en"), TAXONOMY)
    )

    assert "Named: Joe Biden (\u2068جو بايدن\u2069), Iraq (\u2068العراق\u2069)" in raw
    named = [line for line in raw.split("\n") if line.startswith("Named: ")]
    assert named and all(line.count(" (\u2068") <= NAMES_SHOWN for line in named)


def test_compose_in_english_states_each_main_topic_with_its_count_and_a_figure_without_a_model(
    new,
):
    shown = english_only(compose(DigestDay(DAY, new), subscriber(lang="en"), TAXONOMY))

    topics = shown.split("The day's main topics\n")[1].split("\n\n")[0].split("\n")
    assert len(topics) >= 3
    for line in topics:
        assert re.fullmatch(r"• .+ — in \d+ new document\(s\); .+ \(/digest \d+\)", line), line
    on_security = sum(any(t.topic_id == "security" for t in s.briefing.topics) for s in new)
    assert f"• US forces and security — in {on_security} new document(s); " in shown


def test_compose_in_english_shows_the_translated_digest_and_topic_sentences_when_a_model_ran(new):
    english = tuple(translated(s) for s in new)
    parts = compose(DigestDay(DAY, english), subscriber(lang="en"), TAXONOMY)
    shown = english_only(parts)

    assert not ARABIC.search(shown)
    for stored in english:
        said = dict(stored.briefing.english.sentences)
        first, second = stored.briefing.digest.sentences[:2]
        assert f"{said[first.id]} {said[second.id]}" in shown
    topics = shown.split("The day's main topics\n")[1].split("\n\n")[0].split("\n")
    for line in topics:
        assert re.fullmatch(r"• .+ — Sentence p\d+\.s\d+ of document \d, in English\.", line)
    assert shown.count("Machine translation from the Arabic by ctranslate2:test.") == 1
    assert "translation model" not in shown and "Topics: " not in shown


def test_compose_in_english_never_shows_a_sentence_the_model_did_not_translate(new):
    digest_only = tuple(
        translated(s, keep={d.id for d in s.briefing.digest.sentences}.__contains__) for s in new
    )
    mixed = (*digest_only[:-1], new[-1])  # the last one was ingested without a model
    shown = english_only(compose(DigestDay(DAY, mixed), subscriber(lang="en"), TAXONOMY))

    assert not ARABIC.search(shown)
    assert "Machine translation from the Arabic by ctranslate2:test." in shown
    assert shown.count("mujaz models install FILE") == 1
    topics = shown.split("The day's main topics\n")[1].split("\n\n")[0].split("\n")
    sentences = [line for line in topics if " — Sentence " in line]
    # A topic whose sentences are all outside the translated digests gets a statement.
    statements = [line for line in topics if re.search(r" — in \d+ new document\(s\); ", line)]
    assert sentences and statements and len(sentences) + len(statements) == len(topics)


def test_compose_in_english_says_the_checks_failed_when_a_model_made_no_usable_digest(new):
    failed = tuple(translated(s, keep=lambda sid: False) for s in new)
    shown = english_only(compose(DigestDay(DAY, failed), subscriber(lang="en"), TAXONOMY))

    assert not ARABIC.search(shown)
    assert "failed the translation checks" in shown
    assert "mujaz models install" not in shown and "Machine translation" not in shown
