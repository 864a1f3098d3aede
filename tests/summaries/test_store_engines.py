"""SQLite and PostgreSQL give the same answers: every document and briefing read, on the seeds."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from summaries import Pipeline, Status, ingest
from summaries.similar import document_words, signature, source_keys
from summaries.store import Store
from tests.conftest import DATA, ENGINES, SEEDS

pytestmark = pytest.mark.skipif(
    "postgresql" not in ENGINES, reason="MUJAZ_TEST_ENGINES leaves PostgreSQL out"
)
INGESTED = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def drop(tmp_path_factory) -> Path:
    """The seeds and the trimmed copies of them in tests/data (near duplicates, one folder)."""
    folder = tmp_path_factory.mktemp("engines") / "seeds"
    shutil.copytree(SEEDS, folder)
    for path in DATA.glob("*.txt"):
        shutil.copyfile(path, folder / f"trimmed_{path.name}")
    return folder


@pytest.fixture(scope="module")
def pair(drop, tmp_path_factory, postgres, postgres_template):
    """The same folder ingested into a SQLite store and a PostgreSQL one, one seed withdrawn."""
    url = postgres.create_database(template=postgres_template)
    lite = Store.open(tmp_path_factory.mktemp("lite") / "mujaz.sqlite3")
    pg = Store.open(url)
    pipeline = Pipeline.build()
    for store in (lite, pg):
        ingest(drop, store, pipeline, now=lambda: INGESTED)
        store.withdraw(sorted(drop.glob("001_*"))[0].name, now=INGESTED)
    yield lite, pg
    lite.close()
    pg.close()
    postgres.drop_database(url)


def both(pair, ask):
    """Return what ask(store) gives on each engine, having checked they are equal."""
    lite, pg = (ask(store) for store in pair)
    assert pg == lite
    return lite


def test_engines_agree_on_the_documents_and_their_statuses(pair):
    everything = both(pair, lambda s: s.documents(status=None))
    assert {d.status for d in everything} >= {Status.OK, Status.WITHDRAWN}
    served = both(pair, lambda s: s.documents())
    assert len(served) >= 4
    both(pair, lambda s: s.count_documents())
    both(pair, lambda s: s.date_range())
    both(pair, lambda s: s.english_backends())
    for d in everything:
        both(pair, lambda s, d=d: s.document_by_name(d.name))
        both(pair, lambda s, d=d: s.document_sources(d.id))
        both(pair, lambda s, d=d: s.sentence_norms(d.id))
    both(pair, lambda s: s.documents_by_id([d.id for d in everything]))
    both(pair, lambda s: s.unsigned_documents())


def test_engines_agree_on_every_served_briefing_and_its_parts(pair):
    for d in both(pair, lambda s: s.documents()):
        assert both(pair, lambda s, d=d: s.briefing(d.id)).document == d
        both(pair, lambda s, d=d: s.figures(d.id))
        both(pair, lambda s, d=d: s.topics_of(d.id))
        both(pair, lambda s, d=d: s.names_of(d.id))
        both(pair, lambda s, d=d: s.timeline_entries(d.id))
        both(pair, lambda s, d=d: s.document_statements(d.id))
        both(pair, lambda s, d=d: s.figure_sources(d.id))
    ids = [d.id for d in pair[0].documents(status=None)]
    both(pair, lambda s: s.names_by_document(ids))
    both(pair, lambda s: s.fact_documents(ids))


def test_engines_find_a_document_by_id_and_by_name_in_any_case(pair):
    document = pair[0].documents()[0]
    stem = document.name.rsplit(".", 1)[0]
    for ref in (document.id, str(document.id), document.name, stem, stem.upper()):
        assert both(pair, lambda s, ref=ref: s.find_document(ref)) == document


def test_engines_agree_on_pages_topics_and_figures(pair):
    everything = both(pair, lambda s: s.listing())
    pages = [both(pair, lambda s, i=i: s.listing(offset=i, limit=2)) for i in range(0, 8, 2)]
    assert [d for page in pages for d in page] == everything
    both(pair, lambda s: s.figure_groups(offset=1, limit=3))
    counts = both(pair, lambda s: s.topic_counts())
    assert counts
    for topic_id in counts:
        assert both(pair, lambda s, t=topic_id: s.topic_passages(t))
        both(pair, lambda s, t=topic_id: s.topic_figures(t))


def test_engines_agree_on_the_corpus_facts(pair):
    facts = both(pair, lambda s: s.corpus_key_facts(limit=10))
    assert facts
    both(pair, lambda s: s.count_corpus_facts())
    both(pair, lambda s: s.largest_fact_key())
    for fact in facts:
        both(pair, lambda s, f=fact: s.corpus_fact(f.id))
        both(pair, lambda s, f=fact: s.corpus_fact(f.id, limit=2))


def test_engines_agree_on_the_timeline_whole_paged_and_filtered(pair):
    events = both(pair, lambda s: s.timeline())
    assert events
    assert both(pair, lambda s: s.timeline(offset=2, limit=3)) == events[2:5]
    for words, topic_id in (("واشنطن", None), ("Washington", None), (None, "dialogue")):
        found = both(pair, lambda s, w=words, t=topic_id: s.timeline(words=w, topic_id=t))
        assert 0 < len(found) < len(events)
        assert both(
            pair, lambda s, w=words, t=topic_id: s.count_timeline(words=w, topic_id=t)
        ) == len(found)
    assert both(pair, lambda s: s.timeline(words="كلمةغيرموجودة")) == []
    ids = [d.id for d in pair[0].documents()][:2]
    both(pair, lambda s: s.timeline_of_documents(ids))


def test_engines_agree_on_near_duplicate_candidates(pair):
    lite, _ = pair
    found = []
    for document in lite.documents():
        briefing = lite.briefing(document.id).briefing
        sig = signature(document_words(briefing.segmented))
        for keys in (source_keys(briefing.sources), ()):
            found += both(
                pair,
                lambda s, sig=sig, k=keys: sorted(
                    s.signature_candidates(sig, k, exclude_name="another.txt")
                ),
            )
        both(pair, lambda s, d=document: s.successor(d.id))
        both(pair, lambda s, n=document.name: s.duplicate_of("no-such-hash", n))
    assert found  # each served document shares every bucket with itself
