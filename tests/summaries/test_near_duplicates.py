"""One article, one document: the same article in every format, updates, upgraded stores.

Real files (made by tests.summaries.article_variants from the seeds), the
real pipeline and a real SQLite store.
"""

from __future__ import annotations

import random
import re
import sqlite3

import pytest

from summaries import Outcome, Pipeline, Status, Store, ingest, sync_batch
from tests.stores import store_before
from tests.summaries import article_variants as av
from tests.summaries.pdf_maker import Layout

pytestmark = pytest.mark.filterwarnings("ignore")
SIMILAR = re.compile(r"(\d+)% similar")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.build()


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


def by_name(results):
    return {r.name: r for r in results}


def similarity(reason: str) -> int:
    return int(SIMILAR.search(reason).group(1))


def update_of(article: av.Article, how: str) -> av.Article:
    others = [av.seed_article(n) for n in range(5) if n != article.number]
    material = av.other_sentences(article, others)
    return av.REVISIONS[how](article, material, random.Random(article.number))


@pytest.mark.parametrize("number", [1, 2])
def test_ingest_serves_one_document_for_the_same_article_in_every_format(
    drop, store, pipeline, number
):
    article = av.seed_article(number)
    rng = random.Random(number)
    av.write(article, drop / "article.docx")
    av.write(av.drop_footnote(article), drop / "article.html")
    av.write(av.page_furniture(av.hyphenate(article, rng)), drop / "article.pdf", Layout(columns=2))
    av.write(av.drop_paragraph(av.page_furniture(article)), drop / "article.txt")
    results = by_name(ingest(drop, store, pipeline))

    served = results["article.docx"]
    assert served.outcome is Outcome.NEW
    for name in ("article.html", "article.pdf", "article.txt"):
        result = results[name]
        assert result.outcome is Outcome.DUPLICATE, (name, result.reason)
        assert f"same article as document {served.doc_id} (article.docx)" in result.reason
        assert 40 <= similarity(result.reason) < 100, result.reason
    assert [d.name for d in store.documents()] == ["article.docx"]


def test_ingest_keeps_different_articles_on_the_same_visit_apart(drop, store, pipeline):
    # Same publisher, same running headers and the same footnote in all five.
    for number in range(5):
        article = av.page_furniture(av.seed_article(number))
        av.write(article, drop / f"{number:03d}.{'html' if number % 2 else 'docx'}")
    results = ingest(drop, store, pipeline)

    assert [r.outcome for r in results] == [Outcome.NEW] * 5
    assert len(store.documents()) == 5


@pytest.mark.parametrize("how", sorted(av.REVISIONS))
def test_ingest_replaces_an_article_with_its_updated_version(drop, store, pipeline, how):
    article = av.seed_article(3)
    av.write(article, drop / "analysis.html")
    [first] = ingest(drop, store, pipeline)
    av.write(update_of(article, how), drop / "analysis-updated.html")
    results = by_name(ingest(drop, store, pipeline))

    update = results["analysis-updated.html"]
    assert update.outcome is Outcome.UPDATED
    assert f"updated version of document {first.doc_id} (analysis.html)" in update.reason
    older = store.document_by_name("analysis.html")
    assert older.status is Status.SUPERSEDED
    assert f"document {update.doc_id} (analysis-updated.html)" in older.reason
    assert [d.name for d in store.documents()] == ["analysis-updated.html"]
    # /digest N with the older number shows the update.
    assert store.briefing(first.doc_id).document.id == update.doc_id


def test_ingest_keeps_the_update_served_when_everything_is_ingested_again(drop, store, pipeline):
    article = av.seed_article(1)
    av.write(article, drop / "a-first.txt")
    ingest(drop, store, pipeline)
    av.write(update_of(article, "paragraph added"), drop / "b-update.txt")
    ingest(drop, store, pipeline)
    again = by_name(ingest(drop, store, Pipeline.build("lexrank")))  # every document re-done

    assert again["a-first.txt"].outcome is Outcome.UNCHANGED
    assert again["b-update.txt"].outcome is Outcome.UPDATED
    assert [d.name for d in store.documents()] == ["b-update.txt"]


def test_ingest_reports_a_copy_of_the_older_version_as_its_duplicate(drop, store, pipeline):
    article = av.seed_article(3)
    av.write(article, drop / "a.html")
    ingest(drop, store, pipeline)
    av.write(update_of(article, "paragraph rewritten"), drop / "b.html")
    [update] = [r for r in ingest(drop, store, pipeline) if r.name == "b.html"]
    av.write(article, drop / "c.pdf")
    copy = by_name(ingest(drop, store, pipeline))["c.pdf"]

    assert copy.outcome is Outcome.DUPLICATE
    assert "(a.html)" in copy.reason
    assert f"replaced by document {update.doc_id} (b.html)" in copy.reason
    assert [d.name for d in store.documents()] == ["b.html"]


def test_sync_batch_serves_the_older_version_again_when_its_update_is_removed(
    drop, store, pipeline
):
    article = av.seed_article(2)
    av.write(article, drop / "a.docx")
    sync_batch(drop, store, pipeline)
    av.write(update_of(article, "paragraph added"), drop / "b.docx")
    sync_batch(drop, store, pipeline)
    (drop / "b.docx").unlink()
    results = by_name(sync_batch(drop, store, pipeline))

    assert results["b.docx"].outcome is Outcome.WITHDRAWN
    assert results["a.docx"].outcome is Outcome.NEW
    assert [d.name for d in store.documents()] == ["a.docx"]


def test_ingest_serves_a_duplicate_once_its_original_is_removed(drop, store, pipeline):
    article = av.seed_article(4)
    av.write(article, drop / "a.docx")
    av.write(av.hyphenate(article, random.Random(4)), drop / "b.html")
    first = by_name(ingest(drop, store, pipeline))
    (drop / "a.docx").unlink()
    results = by_name(ingest(drop, store, pipeline))

    assert first["b.html"].outcome is Outcome.DUPLICATE
    assert results["b.html"].outcome is Outcome.NEW
    assert [d.name for d in store.documents()] == ["b.html"]


# -- a store from before near-duplicate detection ---------------------------------------


def _store_before_signatures(path, source_path) -> None:
    """Write at path the store at source_path as it was before the near-duplicates migration."""
    store_before(path, "near_duplicates")
    old = sqlite3.connect(path)
    tables = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    new = sqlite3.connect(source_path)
    for table in (
        "documents",
        *(t for t in tables if t not in ("documents", "schema_version", "alembic_version")),
    ):
        old_columns = {r[1] for r in old.execute(f"PRAGMA table_info({table})")}
        columns = [r[1] for r in new.execute(f"PRAGMA table_info({table})") if r[1] in old_columns]
        rows = new.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        marks = ", ".join("?" * len(columns))
        old.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    old.commit()
    old.close()
    new.close()


def test_store_from_before_signatures_upgrades_and_finds_its_documents_duplicates(
    tmp_path, pipeline, seeds_dir
):
    store = Store.open(tmp_path / "new.sqlite3")
    ingest(seeds_dir, store, pipeline)
    before = {d.name: d.id for d in store.documents()}
    _store_before_signatures(tmp_path / "old.sqlite3", tmp_path / "new.sqlite3")
    av.write(av.hyphenate(av.seed_article(1), random.Random(1)), seeds_dir / "copy-of-001.docx")

    with Store.open(tmp_path / "old.sqlite3") as upgraded:
        assert upgraded.unsigned_documents() == sorted(before.values())
        results = by_name(ingest(seeds_dir, upgraded, pipeline))
        assert {d.name: d.id for d in upgraded.documents()} == before  # nothing lost
        assert upgraded.unsigned_documents() == []
    copy = results.pop("copy-of-001.docx")
    assert copy.outcome is Outcome.DUPLICATE, copy.reason
    original = next(n for n in before if n.startswith("001_"))
    assert f"same article as document {before[original]} ({original})" in copy.reason
    assert {r.outcome for r in results.values()} == {Outcome.UNCHANGED}
