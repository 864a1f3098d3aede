import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from db.database import connect
from summaries.errors import SchemaTooNew, UnknownDocument
from summaries.model import (
    Briefing,
    Digest,
    Figure,
    Kind,
    Paragraph,
    Segmented,
    Sentence,
    Sources,
    Status,
    TitleOrigin,
    TopicMatch,
)
from summaries.store import SCHEMA_VERSION, Store
from tests.stores import store_before

SENTENCES = (
    Sentence("p0.s0", "الحوار الاستراتيجي بين بغداد وواشنطن", 0, Kind.HEADING),
    Sentence(
        "p1.s0", "أعلن بلينكن عن مساعدات إنسانية بقيمة 155 مليون دولار للعراقيين النازحين.", 1
    ),
    Sentence("p1.s1", "يبقى 2500 جندي أمريكي في ثلاث قواعد عراقية.", 1),
)


def briefing(title: str = "الحوار الاستراتيجي", topics=("security",)) -> Briefing:
    segmented = Segmented(
        (
            Paragraph(0, Kind.HEADING, SENTENCES[:1]),
            Paragraph(1, Kind.BODY, SENTENCES[1:]),
        )
    )
    return Briefing(
        segmented=segmented,
        digest=Digest(SENTENCES[1:], "lead"),
        figures=(
            Figure(
                "money",
                155e6,
                "USD",
                "155 مليون دولار",
                "مساعدات إنسانية",
                "humanitarian aid",
                "p1.s0",
            ),
        ),
        topics=tuple(TopicMatch(t, 0.5, ("p1.s1",)) for t in topics),
        sources=Sources(
            title=title,
            publisher="MEI",
            urls=("https://example.org/a",),
            date="2021-07-26",
            title_origin=TitleOrigin.LEAD,
            title_en_origin=TitleOrigin.DESCRIBED,
        ),
    )


def save(store: Store, name: str = "a.txt", b: Briefing | None = None, content_hash: str = "h1"):
    return store.save_briefing(
        name,
        content_hash=content_hash,
        text_hash="t-" + name,
        size=10,
        pipeline_version="v1",
        briefing=b or briefing(),
    )


def test_store_migrates_a_new_file_to_the_current_version(tmp_path):
    with Store.open(tmp_path / "x.sqlite3") as store:
        assert store.schema_version() == SCHEMA_VERSION
    with Store.open(tmp_path / "x.sqlite3") as again:  # reopening applies nothing twice
        assert again.schema_version() == SCHEMA_VERSION


def test_store_adds_title_origins_to_an_existing_store_keeping_its_documents(tmp_path):
    path = tmp_path / "old.sqlite3"
    store_before(path, "title_origins")
    with sqlite3.connect(path) as db:  # a store as the previous release left it
        db.execute(
            """INSERT INTO documents (name, content_hash, status, size, ingested_at,
               pipeline_version, title) VALUES ('a.txt', 'h', 'ok', 3, '2024-01-01T00:00:00+00:00',
               'old', 'عنوان قديم')"""
        )
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        [document] = store.documents()
        sources = store.briefing(document.id).briefing.sources
        assert (sources.title, sources.title_origin, sources.title_en_origin) == (
            "عنوان قديم",
            None,
            None,
        )


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "x.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO schema_version VALUES (?, 'future', '2030-01-01')", (SCHEMA_VERSION + 1,)
        )
    with pytest.raises(SchemaTooNew, match="upgrade Mujaz"):
        Store.open(path)


def test_store_round_trips_a_briefing(store):
    document = save(store)
    stored = store.briefing(document.id)
    assert stored.briefing == briefing()
    assert stored.document.status is Status.OK
    assert stored.document.ingested_at.tzinfo is not None


def test_store_finds_a_document_by_id_name_or_stem(store):
    document = save(store, "000_abc.txt")
    assert store.find_document(str(document.id)) == document
    assert store.find_document("000_abc.txt") == document
    assert store.find_document("000_abc") == document
    with pytest.raises(UnknownDocument):
        store.find_document("999")


def test_store_finds_a_file_name_without_its_suffix_in_any_case(store):
    document = save(store, "Report_A.txt")
    assert store.find_document("report_a") == document
    assert store.find_document("REPORT_A") == document
    with pytest.raises(UnknownDocument):
        store.find_document("Report_A.tx")
    with pytest.raises(UnknownDocument):
        store.find_document("report_a.TXT")  # a whole name is matched as written


def test_store_topics_of_a_document_come_best_first_ties_by_topic_id(store):
    tied = replace(
        briefing(),
        topics=(
            TopicMatch("security", 0.5, ("p1.s1",)),
            TopicMatch("iran", 0.5, ("p1.s1",)),
            TopicMatch("economy", 0.75, ("p1.s0",)),
        ),
    )
    document = save(store, "a.txt", tied)
    assert [t.topic_id for t in store.topics_of(document.id)] == ["economy", "iran", "security"]


def test_store_replacing_a_file_keeps_its_short_id(store):
    first = save(store, "a.txt")
    second = save(store, "a.txt", briefing(title="عنوان جديد"), content_hash="h2")
    assert second.id == first.id
    assert store.briefing(first.id).briefing.sources.title == "عنوان جديد"


def test_store_failed_write_leaves_the_previous_briefing_intact(store):
    document = save(store)
    broken = briefing(
        title="نسخة لن تحفظ", topics=("security", "security")
    )  # duplicate key mid-write
    with pytest.raises(IntegrityError):
        save(store, "a.txt", broken, content_hash="h2")
    stored = store.briefing(document.id)
    assert stored.briefing.sources.title == "الحوار الاستراتيجي"
    assert stored.document.content_hash == "h1"


def test_store_withdrawn_document_is_hidden_but_kept(store):
    document = save(store)
    store.withdraw("a.txt", now=datetime(2026, 1, 1, tzinfo=UTC))
    assert store.documents() == []
    assert store.documents(status=Status.WITHDRAWN)[0].id == document.id
    with pytest.raises(UnknownDocument):
        store.briefing(document.id)


def test_store_search_ignores_hamza_ta_marbuta_and_tashkeel(store):
    save(store)
    hits = store.search("انسانيه")  # written without hamza, ة as ه
    assert [h.sentence.id for h in hits] == ["p1.s0"]
    assert store.search("إنسانيّة")[0].sentence.id == "p1.s0"
    assert store.search("كلمة غير موجودة") == []


def test_store_topic_passages_come_with_their_source(store):
    save(store, "a.txt")
    passages = store.topic_passages("security")
    assert [p.sentence.text for p in passages] == [SENTENCES[2].text]
    assert passages[0].sources.publisher == "MEI"
    assert store.topic_counts() == {"security": 1}


def test_store_refuses_a_migration_revision_it_does_not_know_on_either_engine(db_target):
    Store.open(db_target).close()
    database = connect(db_target)
    database.execute("UPDATE alembic_version SET version_num = ?", ("0999",))
    database.close()

    with pytest.raises(SchemaTooNew, match="revision 0999, this Mujaz knows up to"):
        Store.open(db_target)


ADDED_AT = datetime(2024, 3, 30, 6, 0, tzinfo=UTC)


def test_documents_added_returns_served_documents_in_the_window_newest_first(store):
    for hour, name in ((1, "old.txt"), (4, "inside.txt"), (5, "newest.txt"), (9, "later.txt")):
        store.save_briefing(
            name,
            content_hash=name,
            text_hash=name,
            size=1,
            pipeline_version="t",
            briefing=briefing(title=name),
            now=ADDED_AT + timedelta(hours=hour),
        )
    since, until = ADDED_AT + timedelta(hours=1), ADDED_AT + timedelta(hours=5)

    added = store.documents_added(since, until)

    assert [d.name for d in added] == ["newest.txt", "inside.txt"]  # (since, until]
    assert [d.name for d in store.documents_added(since, until, limit=1)] == ["newest.txt"]
