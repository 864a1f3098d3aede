"""Ranked full-text search (FTS5): stems, ranking, an index in step with the documents."""

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError

from summaries import Pipeline, ingest
from summaries.errors import StoreError
from summaries.model import (
    Briefing,
    Digest,
    English,
    Kind,
    Name,
    Paragraph,
    Segmented,
    Sentence,
    Sources,
    Status,
)
from summaries.store import SCHEMA_VERSION, Store
from summaries.store.fts import require_fts5, sentence_match
from summaries.store.tsvector import (
    _lexeme,
    name_query,
    name_vector,
    sentence_query,
    sentence_vector,
)
from summaries.words import tokens
from tests.conftest import DATA, ENGINES
from tests.stores import store_before

FORCES = "انسحبت القوات الأمريكية من قاعدة عين الأسد غرب العراق."
FORCE_ONLY_STEM = "تحدث الوزير عن قوات التحالف في المنطقة."
ELECTRICITY = "تعاني بغداد من انقطاع الكهرباء في الصيف."


def briefing(*texts: str, english: English | None = None) -> Briefing:
    sentences = tuple(Sentence(f"p0.s{i}", t, 0, Kind.BODY) for i, t in enumerate(texts))
    return Briefing(
        segmented=Segmented((Paragraph(0, Kind.BODY, sentences),)),
        digest=Digest(sentences[:1], "lead"),
        figures=(),
        topics=(),
        sources=Sources(title="تقرير"),
        english=english,
    )


def save(store: Store, name: str, *texts: str, english: English | None = None):
    return store.save_briefing(
        name,
        content_hash="h-" + name,
        text_hash="t-" + name,
        size=10,
        pipeline_version="v1",
        briefing=briefing(*texts, english=english),
    )


def hits(store: Store, query: str) -> list[tuple[str, str]]:
    return [(p.document.name, p.sentence.id) for p in store.search(query)]


def index_rows(store: Store) -> int:
    return store._db.execute("SELECT COUNT(*) AS n FROM sentence_search").fetchone()["n"]


def test_search_finds_a_word_by_its_isri_stem_when_its_prefix_differs(store):
    save(store, "a.txt", FORCES, FORCE_ONLY_STEM, ELECTRICITY)

    assert hits(store, "قوات") == [("a.txt", "p0.s1"), ("a.txt", "p0.s0")]
    assert ("a.txt", "p0.s0") in hits(store, "للقوات")


def test_search_ranks_the_word_as_written_above_a_shared_stem(store):
    save(store, "a.txt", FORCE_ONLY_STEM, FORCES)

    assert hits(store, "القوات") == [("a.txt", "p0.s1"), ("a.txt", "p0.s0")]


def test_search_ranks_by_bm25_across_documents_not_by_document_order(store):
    save(store, "first.txt", "الكهرباء ثم الكهرباء: أزمة الكهرباء تتفاقم.")
    save(store, "second.txt", FORCES)
    save(store, "third.txt", "زار الوزير بغداد.", ELECTRICITY)

    found = store.search("الكهرباء")

    assert [p.document.name for p in found] == ["first.txt", "third.txt"]
    assert found[0].score > found[1].score > 0


def test_search_matches_whole_arabic_words_and_latin_words_as_a_prefix(store):
    english = English("", "test", True, sentences=(("p0.s0", "New power stations in Basra."),))
    save(store, "a.txt", "محطات الكهربائية الجديدة في البصرة.", english=english)

    assert hits(store, "في") == [("a.txt", "p0.s0")]
    assert hits(store, "ف") == [] and hits(store, "الكهربا") == []
    assert hits(store, "station") == [("a.txt", "p0.s0")] and hits(store, "st") == []


def test_search_ranks_the_newest_matches_only_when_a_word_is_everywhere(store, monkeypatch):
    monkeypatch.setattr("summaries.store.search.RANK_WINDOW", 2)
    save(store, "best_but_oldest.txt", "الكهرباء الكهرباء الكهرباء.")
    save(store, "newer.txt", "زار الوزير بغداد.", ELECTRICITY)
    save(store, "newest.txt", ELECTRICITY)

    assert [p.document.name for p in store.search("الكهرباء")] == ["newest.txt", "newer.txt"]
    monkeypatch.setattr("summaries.store.search.RANK_WINDOW", 3)
    assert store.search("الكهرباء")[0].document.name == "best_but_oldest.txt"


def test_search_requires_every_content_word_but_not_the_stop_words(store):
    save(store, "a.txt", FORCES, ELECTRICITY)

    assert hits(store, "القوات من العراق") == [("a.txt", "p0.s0")]
    assert hits(store, "القوات الكهرباء") == []


def test_search_treats_query_syntax_as_plain_words(store):
    save(store, "a.txt", FORCES)

    for query in ('القوات" OR *', "NEAR(القوات)", "AND", "-", "{norm}: x", "^القوات"):
        store.search(query)  # no FTS5 syntax error
    assert hits(store, '"القوات"*') == [("a.txt", "p0.s0")]


def test_search_finds_english_translations_and_names(store):
    english = English(
        digest="",
        backend="test",
        translated=True,
        names=(Name("بغداد", "Baghdad", "place", 1, "gazetteer", ("p0.s1",)),),
        sentences=(("p0.s0", "US forces withdrew from Ain al-Asad."),),
    )
    save(store, "a.txt", FORCES, ELECTRICITY, english=english)

    assert hits(store, "Forces withdrew") == [("a.txt", "p0.s0")]
    assert hits(store, "baghdad") == [("a.txt", "p0.s1")]  # no sentence says it in English
    assert hits(store, "Baghdad Basra") == []


def test_search_index_follows_withdraw_mark_and_resave(store):
    save(store, "a.txt", FORCES)
    save(store, "b.txt", FORCES, ELECTRICITY)
    assert index_rows(store) == 3

    store.withdraw("a.txt", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert hits(store, "القوات") == [("b.txt", "p0.s0")] and index_rows(store) == 2

    store.mark("b.txt", Status.REJECTED, reason="broken")
    assert hits(store, "القوات") == [] and index_rows(store) == 0

    save(store, "b.txt", ELECTRICITY)  # the file came back, changed
    assert hits(store, "القوات") == [] and hits(store, "الكهرباء") == [("b.txt", "p0.s0")]
    assert index_rows(store) == 1


def test_search_index_loses_a_deleted_documents_rows(store):
    document = save(store, "a.txt", FORCES, ELECTRICITY)
    save(store, "b.txt", FORCES)

    with store.transaction():
        store._db.execute("DELETE FROM documents WHERE id = ?", (document.id,))

    assert index_rows(store) == 1 and hits(store, "القوات") == [("b.txt", "p0.s0")]


# The store as the release before search wrote it (raw SQL of that schema).
OLD_VERSIONS = (
    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)"
)
OLD_DOCUMENT = (
    "INSERT INTO documents (id, name, content_hash, status, size, ingested_at, "
    "pipeline_version, title, english_digest) "
    "VALUES (?, ?, 'h', ?, 1, '2026-01-01T00:00:00+00:00', 'v0', 'تقرير', '')"
)
OLD_SENTENCE = (
    "INSERT INTO sentences (doc_id, sid, position, paragraph, kind, text, norm, english) "
    "VALUES (?, ?, ?, 0, 'body', ?, ?, ?)"
)
OLD_NAME = (
    "INSERT INTO doc_names VALUES (?, 0, 'بغداد', 'Baghdad', 'place', 1, 'gazetteer', "
    "'[\"p0.s1\"]')"
)


def store_before_search(path) -> None:
    """Write a store at the schema before the "search" migration: one served, one withdrawn."""
    store_before(path, "search")
    old = sqlite3.connect(path)
    for doc_id, (name, status) in enumerate((("kept.txt", "ok"), ("gone.txt", "withdrawn")), 1):
        old.execute(OLD_DOCUMENT, (doc_id, name, status))
        for position, text in enumerate((FORCES, ELECTRICITY)):
            english = "Power cuts" if position else None
            norm = " ".join(tokens(text))
            old.execute(OLD_SENTENCE, (doc_id, f"p0.s{position}", position, text, norm, english))
        old.execute(OLD_NAME, (doc_id,))
    old.commit()
    old.close()


def test_store_made_before_search_upgrades_in_place_and_finds_what_it_held(tmp_path):
    path = tmp_path / "old.sqlite3"
    store_before_search(path)

    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert hits(store, "قوات") == [("kept.txt", "p0.s0")]
        assert hits(store, "power cuts") == [("kept.txt", "p0.s1")]
        assert hits(store, "Baghdad") == [("kept.txt", "p0.s1")]
        assert store.briefing(1).briefing.segmented.sentences[0].text == FORCES
        assert index_rows(store) == 2  # the withdrawn document is not searchable


def test_sentence_match_quotes_every_word_and_drops_stop_words_unless_alone():
    assert sentence_match(tokens("القوات في العراق")) == (
        '(norm : "القوات" OR stems : "قوت") AND (norm : "العراق" OR stems : "عرق")'
    )
    assert sentence_match(tokens("في")) == '(norm : "في" OR stems : "في")'
    assert sentence_match(tokens("Kadhimi")) == '{norm english} : "kadhimi" *'


class _NoFts5:
    def raw(self, sql: str):
        raise OperationalError(sql, None, sqlite3.OperationalError("no such module: fts5"))


def test_store_refuses_to_open_with_a_clear_message_when_sqlite_lacks_fts5():
    with pytest.raises(StoreError, match=r"SQLite .* without FTS5.*search needs"):
        require_fts5(_NoFts5())


def test_store_opens_on_this_python_because_its_sqlite_has_fts5(tmp_path):
    with Store.open(tmp_path / "x.sqlite3") as store:
        require_fts5(store._db)


def test_sentence_query_restricts_every_word_to_the_weights_of_the_fts5_columns():
    assert sentence_query(tokens("القوات في العراق")) == (
        "( 'القوات':A | 'قوت':B ) & ( 'العراق':A | 'عرق':B )"
    )
    assert sentence_query(tokens("في")) == "( 'في':A | 'في':B )"
    assert sentence_query(tokens("Kadhimi 2020 us")) == "'kadhimi':*AC & '2020':AC & 'us':AC"
    assert name_query(tokens("al-Kadhimi")) == "'al' & 'kadhimi':*"


def test_sentence_vector_weighs_words_stems_and_english_and_holds_the_bucket():
    assert sentence_vector(1, "القوات في بغداد", "US forces") == (
        "'القوات':1A 'في':2A 'بغداد':3A 'قوت':4B 'غدد':5B 'us':6C 'forces':7C '#0'"
    )
    assert sentence_vector(700, None, "it's a\\b") == "'it':1C 's':2C 'a':3C 'b':4C '#2'"
    assert name_vector(256, "al-Kadhimi") == "'al':1D 'kadhimi':2D '#1'"
    assert _lexeme("it's a\\b") == "'it''s a\\\\b'"  # never reached through tokens(), still safe


# (documents oldest first, how often each says «الكهرباء»: 0 is a sentence without it)
SAYS = (5, 0, 4, 0, 1, 0, 0, 2, 3, 0, 0, 1)


@pytest.mark.parametrize(("window", "best"), [(3, [9, 8, 12]), (4, [9, 8, 12, 5])])
def test_search_ranks_the_window_newest_matches_however_the_buckets_fall(
    store, monkeypatch, window, best
):
    monkeypatch.setattr("summaries.store.search.RANK_WINDOW", window)
    monkeypatch.setattr("summaries.store.tsvector.BUCKET_SHIFT", 1)  # two documents a bucket
    for number, says in enumerate(SAYS, 1):
        save(store, f"{number:02d}.txt", " ".join(["الكهرباء"] * says) + "." if says else FORCES)

    assert [p.document.name for p in store.search("الكهرباء")] == [f"{n:02d}.txt" for n in best]


def test_search_finds_a_word_too_long_and_too_frequent_for_a_postgres_tsvector(store):
    long_word = "ب" * 3000  # 6,000 bytes: PostgreSQL takes lexemes under 2 KB
    many = " ".join(["الكهرباء"] * 20_000)  # positions past 16,383, 20,000 of one word
    save(store, "a.txt", f"{many} {long_word} الأخيرة.", FORCES)

    assert hits(store, long_word) == [("a.txt", "p0.s0")]
    assert hits(store, "الأخيرة") == [("a.txt", "p0.s0")]  # the last word, past the positions
    assert hits(store, "الكهرباء") == [("a.txt", "p0.s0")]


# Words of the trimmed seeds: Arabic as written, by stem only, stop words, English
# names and prefixes, words found nowhere.
SAME_ON_BOTH = (
    "الكاظمي",
    "كاظمي",
    "القوات الأمريكية",
    "الانسحاب من العراق",
    "في",
    "واشنطن",
    "Kadhimi",
    "kadhim",
    "Washington",
    "power cuts",
    "cut",
    "bagh",
    "زلزال",
    "earthquake",
)


@pytest.mark.skipif("postgresql" not in ENGINES, reason="MUJAZ_TEST_ENGINES leaves out PostgreSQL")
def test_search_and_cards_find_the_same_on_both_engines(tmp_path, postgres, postgres_template):
    english = English("", "test", True, sentences=(("p0.s0", "Power cuts hit Baghdad again."),))
    stores = []
    for target in (tmp_path / "s.sqlite3", postgres.create_database(template=postgres_template)):
        store = Store.open(target)
        ingest(DATA, store, Pipeline.build())
        save(store, "translated.txt", ELECTRICITY, english=english)
        stores.append(store)
    try:
        for query in SAME_ON_BOTH:
            found = [sorted(hits_all(s, query)) for s in stores]
            cards = [[c.document.name for c in s.cards(query)] for s in stores]
            assert found[0] == found[1], query
            assert cards[0] == cards[1], query
        assert all(hits_all(stores[0], q) for q in ("Kadhimi", "power cuts", "cut", "bagh"))
    finally:
        for store in stores:
            store.close()


def hits_all(store: Store, query: str) -> list[tuple[str, str]]:
    return [(p.document.name, p.sentence.id) for p in store.search(query, limit=10_000)]
