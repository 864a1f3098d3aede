"""Corpus facts: one fact, many sources, on the seeds and on documents built to disagree."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from summaries.facts import conflicting, fact_key, group_facts, same_value, statements_of
from summaries.figures import extract_figures
from summaries.figures.salience import names_what_it_counts, salience
from summaries.model import Figure, Sentence, Statement, Status
from summaries.pipeline import Pipeline, ingest, ingest_file
from summaries.store import SCHEMA_VERSION, Store
from summaries.store.schema import utc_now
from tests.stores import store_before


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


@pytest.fixture
def seeded(store, seeds_dir: Path, pipeline: Pipeline):
    ingest(seeds_dir, store, pipeline)
    return store


def figure_of(text: str) -> Figure:
    (figure,) = extract_figures([Sentence("p0.s0", text, 0)])
    return figure


def statement(figure: Figure, doc_id: int = 1, hedge: str = "", when: str | None = None):
    key, details = fact_key(figure, doc_id)
    return Statement(doc_id, 0, "p0.s0", figure, key, hedge, details, (), when, bool(details))


def write(folder: Path, name: str, text: str, date: str | None = None) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if date:
        (folder / f"{name}.meta.toml").write_text(f'date = "{date}"\n', encoding="utf-8")
    return path


def by_value(facts, value: float):
    return [f for f in facts if f.figure.value == value]


# -- keys and values ------------------------------------------------------------


def test_fact_key_joins_us_troops_and_american_soldiers_but_not_coalition_troops():
    us = fact_key(figure_of("ينتشر 2500 جندي أمريكي في العراق."))[0]
    american = fact_key(figure_of("ينتشر 2500 عسكري أميركي في العراق."))[0]
    soldiers = fact_key(figure_of("وصل 2500 من القوات الأمريكية إلى العراق."))[0]
    coalition = fact_key(figure_of("ينتشر نحو 3000 جندي من قوات التحالف في العراق."))[0]
    assert us == american == soldiers == "count|troops|us"
    assert coalition == "count|troops|حلف"


def test_fact_key_is_private_to_its_document_when_the_label_only_repeats_the_unit():
    figure = Figure("count", 12, "countries", "12 دولة", "دولة", "countries", "p0.s0")
    assert not names_what_it_counts(figure)
    assert fact_key(figure, 4, 2)[0] != fact_key(figure, 5, 2)[0]


def test_same_value_allows_the_hedge_of_about_but_not_of_more_than():
    exact = statement(figure_of("ينتشر 3000 جندي أمريكي في العراق."))
    about = statement(figure_of("ينتشر نحو 3100 جندي أمريكي في العراق."), 2, "about")
    more = statement(figure_of("ينتشر أكثر من 3500 جندي أمريكي في العراق."), 3, "more than")
    assert same_value(exact, about)
    assert not same_value(exact, more)
    assert conflicting(exact, more) and not conflicting(about, exact)


def test_salience_puts_money_above_counts_whatever_the_number_of_sources():
    money = figure_of("طلبت الإدارة 448 مليون دولار من المساعدات الخارجية للعراق.")
    troops = figure_of("ينتشر 2500 جندي أمريكي في العراق.")
    year = figure_of("وقعت اتفاقية الإطار الاستراتيجي عام 2008.")
    assert salience(money) > salience(troops, sources=10) > salience(year, sources=10)


# -- the seeds ---------------------------------------------------------------------


def test_corpus_facts_link_2500_us_troops_across_at_least_three_seeds(seeded):
    (listed,) = [f for f in seeded.corpus_key_facts(20) if f.key == "count|troops|us"]
    troops = seeded.corpus_fact(listed.id)
    assert troops.figure.value == 2500
    assert troops.sources >= 3 and len(troops.statements) == troops.sources
    assert {s.figure.unit for s in troops.statements} == {"troops"}
    for s in troops.statements:  # each statement keeps its document, sentence and surface
        sentence = seeded.briefing(s.doc_id).briefing.segmented.sentence(s.sentence_id)
        assert "2500" in s.figure.surface and s.figure.surface in sentence.text


def test_corpus_key_facts_lead_with_155_and_448_million_dollars(seeded):
    leading = seeded.corpus_key_facts(10)[:2]
    assert {(f.figure.value, f.figure.unit) for f in leading} == {
        (155_000_000, "USD"),
        (448_000_000, "USD"),
    }


def test_corpus_key_facts_labels_name_what_they_count(seeded):
    facts = seeded.corpus_key_facts(10)
    assert len(facts) == 10
    for fact in facts:
        assert names_what_it_counts(fact.figure), fact.figure
        unit_en = fact.figure.unit.replace("_", " ")
        assert fact.figure.label_en.split(" (")[0] not in (unit_en, "amount", "count")


def test_corpus_facts_keep_coalition_troops_apart_from_us_troops(seeded):
    coalition = [f for f in seeded.corpus_key_facts(20) if f.key == "count|troops|حلف"]
    about_3000 = by_value(coalition, 3000)
    assert about_3000 and about_3000[0].sources == 2
    # «أكثر من خمسة آلاف من قواتها» (undated) is another value, not a dispute
    assert not any(f.disputed for f in coalition)


def test_withdrawing_a_seed_removes_its_statements_and_leaves_single_sources(seeded, seeds_dir):
    (coalition,) = by_value(
        [f for f in seeded.corpus_key_facts(20) if f.key == "count|troops|حلف"], 3000
    )
    gone = seeded.document_by_name("003_855d7bddcf291e5e.txt")
    assert len(seeded.document_statements(gone.id)) == len(seeded.figures(gone.id)) > 0
    assert gone.id in coalition.doc_ids
    seeded.withdraw(gone.name, now=utc_now())
    assert seeded.document_statements(gone.id) == []
    facts = seeded.corpus_key_facts(20)
    assert all(gone.id not in f.doc_ids for f in facts)
    (left,) = by_value([f for f in facts if f.key == "count|troops|حلف"], 3000)
    assert left.sources == 1
    (troops,) = [f for f in facts if f.key == "count|troops|us"]
    assert troops.sources == 2


def test_ingest_of_a_document_without_figures_adds_no_statement(seeded, seeds_dir, pipeline):
    before = seeded.count_corpus_facts()
    keys = [(f.id, f.sources) for f in seeded.corpus_key_facts(10)]
    path = write(
        seeds_dir,
        "no_figures",
        "يناقش هذا المقال العلاقات بين بغداد وواشنطن ويشرح أهمية الحوار الاستراتيجي للبلدين "
        "ومستقبل التعاون الاقتصادي والثقافي بينهما.",
    )
    result = ingest_file(path, seeded, pipeline)
    assert seeded.document_by_name(path.name).status is Status.OK, result
    assert seeded.count_corpus_facts() == before
    assert [(f.id, f.sources) for f in seeded.corpus_key_facts(10)] == keys


def test_adding_a_document_regroups_only_the_keys_it_states(seeded, seeds_dir, pipeline):
    aid = {f.figure.value: f.id for f in seeded.corpus_key_facts(10) if f.figure.unit == "USD"}
    path = write(seeds_dir, "troops", "أكدت وزارة الدفاع أن 2500 جندي أمريكي ما زالوا في العراق.")
    ingest_file(path, seeded, pipeline)
    facts = seeded.corpus_key_facts(10)
    assert {f.figure.value: f.id for f in facts if f.figure.unit == "USD"} == aid
    (troops,) = [f for f in facts if f.key == "count|troops|us"]
    assert troops.sources == 4


# -- disputes ------------------------------------------------------------------------

ABOUT_3000 = "أعلنت وزارة الدفاع أن نحو 3000 جندي أمريكي ينتشرون في العراق ضمن مهمة التدريب."
MORE_5000 = "قال مسؤولون عراقيون إن أكثر من 5000 جندي أمريكي ينتشرون في العراق ضمن مهمة التدريب."


def test_two_documents_contradicting_each_other_are_shown_as_disputed(store, tmp_path, pipeline):
    write(tmp_path, "a", ABOUT_3000, "2021-07-20")
    write(tmp_path, "b", MORE_5000, "2021-07-25")
    ingest(tmp_path, store, pipeline)
    (fact,) = [f for f in store.corpus_key_facts(10) if f.key == "count|troops|us"]
    assert fact.disputed
    values = {fact.figure.value} | {s.figure.value for s in fact.rivals}
    assert values == {3000, 5000}
    assert {fact.doc_ids[0], *(s.doc_id for s in fact.rivals)} == {
        store.document_by_name("a.txt").id,
        store.document_by_name("b.txt").id,
    }


def test_values_a_year_apart_are_two_facts_not_a_dispute(store, tmp_path, pipeline):
    write(tmp_path, "a", ABOUT_3000, "2020-07-20")
    write(tmp_path, "b", MORE_5000, "2021-07-25")
    ingest(tmp_path, store, pipeline)
    facts = [f for f in store.corpus_key_facts(10) if f.key == "count|troops|us"]
    assert len(facts) == 2 and not any(f.disputed for f in facts)


def test_undated_documents_are_never_called_disputed(store, tmp_path, pipeline):
    write(tmp_path, "a", ABOUT_3000)
    write(tmp_path, "b", MORE_5000)
    ingest(tmp_path, store, pipeline)
    assert not any(f.disputed for f in store.corpus_key_facts(10))


def test_values_in_different_places_are_not_a_dispute(store, tmp_path, pipeline):
    write(tmp_path, "a", ABOUT_3000, "2021-07-20")
    write(tmp_path, "b", MORE_5000.replace("العراق", "سوريا"), "2021-07-25")
    ingest(tmp_path, store, pipeline)
    assert not any(f.disputed for f in store.corpus_key_facts(10))


def test_a_dispute_ends_when_one_side_is_withdrawn(store, tmp_path, pipeline):
    write(tmp_path, "a", ABOUT_3000, "2021-07-20")
    write(tmp_path, "b", MORE_5000, "2021-07-25")
    ingest(tmp_path, store, pipeline)
    (tmp_path / "b.txt").unlink()
    ingest(tmp_path, store, pipeline)
    (fact,) = [f for f in store.corpus_key_facts(10) if f.key == "count|troops|us"]
    assert not fact.disputed and fact.figure.value == 3000 and fact.sources == 1


def test_statements_of_a_briefing_carry_date_places_and_hedge(seeded):
    document = seeded.document_by_name("001_30c43de8442b943a.txt")
    briefing = seeded.briefing(document.id).briefing
    found = {s.figure.value: s for s in statements_of(document.id, briefing)}
    assert found[3000].hedge == "about" and found[3000].when == "2021-07-26"
    assert "Iraq" in found[3000].places
    assert replace(found[2500], hedge="").key == "count|troops|us"


def test_store_built_one_document_at_a_time_equals_grouping_all_at_once(store, seeds_dir, pipeline):
    write(seeds_dir, "a", ABOUT_3000, "2021-07-20")
    write(seeds_dir, "b", MORE_5000, "2021-07-25")
    ingest(seeds_dir, store, pipeline)
    everything = [s for d in store.documents() for s in store.document_statements(d.id)]
    expected = set()
    for key in {s.key for s in everything}:
        for fact in group_facts([s for s in everything if s.key == key]):
            expected.add((key, fact.figure.value, fact.doc_ids, fact.disputed))
    stored = {
        (f.key, f.figure.value, f.doc_ids, f.disputed)
        for f in (store.corpus_fact(i) for i in range(1, 500))
        if f is not None
    }
    assert stored == expected
    assert any(disputed for *_, disputed in stored)


def test_an_existing_store_upgrades_in_place_and_links_its_documents_at_the_next_ingest(
    tmp_path, seeds_dir, pipeline
):
    path = tmp_path / "old.sqlite3"
    store_before(path, "corpus_facts")
    names = sorted(p.name for p in seeds_dir.glob("*.txt"))
    with sqlite3.connect(path) as db:  # a store as the previous release left it
        for i, name in enumerate(names, start=10):
            db.execute(
                """INSERT INTO documents (id, name, content_hash, status, size, ingested_at,
                   pipeline_version) VALUES (?, ?, 'h', 'ok', 3, '2024-01-01T00:00:00+00:00',
                   'old')""",
                (i, name),
            )
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.count_corpus_facts() == (0, 0)
        results = ingest(seeds_dir, store, pipeline)  # an older pipeline: every file again
        assert [(r.outcome.value, r.doc_id) for r in results] == [
            ("updated", i) for i in range(10, 15)
        ]
        (troops,) = [f for f in store.corpus_key_facts(10) if f.key == "count|troops|us"]
        assert troops.doc_ids == (11, 12, 13)


def test_a_seed_that_becomes_unreadable_leaves_the_corpus_facts(seeded, seeds_dir, pipeline):
    name = "002_d78c7be7ce63ed78.txt"
    gone = seeded.document_by_name(name)
    (seeds_dir / name).write_bytes(b"")  # emptied: rejected when ingested again
    result = ingest_file(seeds_dir / name, seeded, pipeline)
    assert result.outcome.value == "rejected"
    assert seeded.document_statements(gone.id) == []
    facts = seeded.corpus_key_facts(10)
    assert all(gone.id not in f.doc_ids for f in facts)
    assert not [f for f in facts if f.figure.value in (155_000_000, 448_000_000)]
