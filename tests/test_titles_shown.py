"""Every seed shows a real title, Arabic and English, wherever a title is shown (issue 11).

Through the command line (`mujaz show`, `figures`, `topics`), the bot's
views and the daily push: never a file name, a hash or a placeholder such as
"Document 3" or «الوثيقة رقم 3».
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot import views
from bot.cli import main
from bot.model import ChatType, Subscription
from bot.push.compose import DigestDay, compose
from bot.store import BotStore
from summaries import Pipeline, TitleOrigin, display_title, ingest, load_taxonomy
from tests.conftest import SEEDS
from tests.fake_bot_api import parse_html

LANGS = ("ar", "en")
SEED_NAMES = sorted(p.name for p in SEEDS.iterdir())
FILE_NAME = re.compile(r"\.(?:txt|md|html?|pdf|docx)\b", re.IGNORECASE)
HEX_HASH = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{8,}(?![0-9A-Za-z])")
PLACEHOLDER = re.compile(
    r"\bDocument #?\d+|\bUntitled\b|الوثيقة رقم|مستند \d+|بلا عنوان|\(no title\)",
    re.IGNORECASE,
)
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
MARKS = re.compile("[\u200e\u200f\u2066-\u2069]")
TAXONOMY = load_taxonomy()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    """The store of the project's seeds."""
    db = tmp_path_factory.mktemp("titles") / "mujaz.sqlite3"
    with BotStore.open(db) as store:
        ingest(SEEDS, store, Pipeline.build())
    return db


@pytest.fixture
def store(ingested):
    with BotStore.open(ingested) as opened:
        yield opened


def assert_real_title(title: str) -> None:
    """Fail for a file name, a hex hash or a placeholder."""
    assert title.strip(), "empty title"
    assert not FILE_NAME.search(title), title
    assert not HEX_HASH.search(title), title
    assert not PLACEHOLDER.search(title), title
    for name in SEED_NAMES:
        assert Path(name).stem not in title, title


def assert_no_file_name(shown: str) -> None:
    for name in SEED_NAMES:
        assert Path(name).stem not in shown, name
    assert not HEX_HASH.search(shown)
    assert not PLACEHOLDER.search(shown)


def visible(parts: list[str] | str) -> str:
    parts = [parts] if isinstance(parts, str) else parts
    return MARKS.sub("", "\n".join(parse_html(p)[0] for p in parts))


def stored_titles(store: BotStore, lang: str) -> dict[int, str]:
    return {d.id: display_title(s, lang) for d, s in store.listing(offset=0, limit=50)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_seed_has_a_real_title_in_the_store(store, lang):
    titles = stored_titles(store, lang)
    assert len(titles) == len(SEED_NAMES)
    for title in titles.values():
        assert_real_title(title)
        if lang == "en":
            assert not ARABIC.search(title), title  # never a transliteration or the Arabic


def test_every_seed_has_a_stored_title_and_origin_in_both_languages(store):
    for document in store.documents():
        sources = store.briefing(document.id).briefing.sources
        assert sources.title and sources.title_en, document.name
        assert sources.title_origin and sources.title_en_origin, document.name


@pytest.mark.parametrize("lang", LANGS)
def test_mujaz_show_prints_the_real_title_of_every_seed(ingested, store, lang, capsys):
    for doc_id, title in stored_titles(store, lang).items():
        assert main(["--db", str(ingested), "show", str(doc_id), "--lang", lang]) == 0
        first = capsys.readouterr().out.splitlines()[0]
        assert first == f"#{doc_id} {title}"
        assert_real_title(first.split(" ", 1)[1])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", [["show"], ["figures"], ["topics", "security"]])
def test_mujaz_listings_name_the_file_only_as_a_file_name(ingested, store, lang, command, capsys):
    extra = ["--lang", lang] if command[0] != "topics" else []
    assert main(["--db", str(ingested), *command, *extra]) == 0
    out = capsys.readouterr().out
    # the listing may show the file as "[002_….txt]", as what it is; the title never is one
    assert_no_file_name(re.sub(r"\s+\[[^\]]+\]$", "", out, flags=re.MULTILINE))
    if command[0] != "topics":
        for title in stored_titles(store, lang).values():
            assert title in out


@pytest.mark.parametrize("lang", LANGS)
def test_bot_views_show_the_real_title_of_every_seed(store, lang):
    pairs = store.listing(offset=0, limit=50)
    listing = visible(views.document_page(pairs, 1, 1, len(pairs), lang))
    buttons = " ".join(label for _, label in views.document_buttons(pairs, lang))
    sources_page = visible(views.sources_page(pairs, 1, 1, lang))
    assert_no_file_name(listing + buttons + sources_page)
    for doc_id, title in stored_titles(store, lang).items():
        stored = store.briefing(doc_id)
        briefing = visible(views.briefing(stored, TAXONOMY, lang))
        figures = visible(views.document_figures(stored, lang))
        assert briefing.startswith(f"#{doc_id} {title}")
        assert f"#{doc_id} {title}" in figures and f"#{doc_id} {title}"[:60] in listing
        assert_no_file_name(briefing + figures)
        assert_real_title(title)
    topic = next(t for t in TAXONOMY if t.id == "security")
    digest = visible(views.topic_digest(topic, store.topic_passages("security"), lang))
    assert_no_file_name(digest)


@pytest.mark.parametrize("lang", LANGS)
def test_daily_push_shows_the_real_title_of_every_seed(store, lang):
    new = tuple(store.briefing(d.id) for d in store.documents())
    subscriber = Subscription(
        chat_id=1,
        chat_type=ChatType.PRIVATE,
        time=time(8, 0),
        tz="Asia/Baghdad",
        lang=lang,
        next_send=datetime(2024, 3, 30, 5, 0, tzinfo=UTC),
        created_at=datetime(2024, 3, 1, tzinfo=UTC),
    )
    shown = visible(compose(DigestDay(date(2024, 3, 30), new), subscriber, TAXONOMY))
    assert_no_file_name(shown)
    for doc_id, title in stored_titles(store, lang).items():
        assert f"#{doc_id} {title}"[:60] in shown


def test_sources_view_says_where_a_derived_title_came_from(store):
    origins = {}
    for document in store.documents():
        stored = store.briefing(document.id)
        b = stored.briefing
        origins[b.sources.title_origin] = (
            visible(views.document_sources(stored.document, b.sources, "ar", b.english)),
            visible(views.document_sources(stored.document, b.sources, "en", b.english)),
            b.sources.title_en_origin,
        )
    lead_ar, lead_en, lead_en_origin = origins[TitleOrigin.LEAD]  # 002: no headline at all
    assert "العنوان مستخلص من الجملة الأولى" in lead_ar
    assert lead_en_origin is TitleOrigin.DESCRIBED
    assert "Title describes the document: no English title is known" in lead_en
    heading_ar, _, _ = origins[TitleOrigin.HEADING]  # 004: a section heading
    assert "العنوان مأخوذ من عنوان فرعي في النص" in heading_ar
    headline_ar, _, _ = origins[TitleOrigin.DOCUMENT]
    assert "العنوان" not in headline_ar.split("\n", 1)[1]  # a found headline needs no note
