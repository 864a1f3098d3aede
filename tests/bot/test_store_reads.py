"""The store reads added for the bot (``# -- bot`` in summaries/store.py), on real documents."""

from __future__ import annotations

import pytest

from summaries import Pipeline, Status, ingest
from tests.conftest import DATA


@pytest.fixture
def filled(store):
    """The store with the trimmed seed documents of tests/data ingested."""
    results = ingest(DATA, store, Pipeline.build())
    assert all(r.outcome.value == "new" for r in results)
    return store


def test_listing_pages_through_documents_in_the_order_of_documents(filled):
    everything = [d.id for d in filled.documents()]

    pages = [filled.listing(offset=i, limit=2) for i in range(0, len(everything), 2)]

    assert [d.id for page in pages for d, _ in page] == everything
    assert filled.count_documents() == len(everything)
    assert [d.id for d, _ in filled.listing()] == everything


def test_listing_and_count_leave_out_withdrawn_documents(filled):
    first = filled.documents()[0]
    filled.withdraw(first.name)

    assert first.id not in [d.id for d, _ in filled.listing()]
    assert filled.count_documents() == len(filled.documents(status=Status.OK))


def test_figure_groups_return_each_documents_figures_in_position_order(filled):
    [(document, sources, figures)] = filled.figure_groups(offset=0, limit=1)

    assert figures == filled.figures(document.id)
    assert sources == filled.briefing(document.id).briefing.sources


def test_topic_figures_keep_only_figures_of_supporting_sentences_for_the_strongest(filled):
    groups = filled.topic_figures("security", limit=2)

    assert 0 < len(groups) <= 2
    for document, _, figures in groups:
        match = next(t for t in filled.topics_of(document.id) if t.topic_id == "security")
        assert figures and {f.sentence_id for f in figures} <= set(match.sentence_ids)


def test_date_range_and_english_backends_report_what_is_stored(filled):
    first, last = filled.date_range()

    assert (first is None) == (last is None) and (first is None or first <= last)
    # Every document has its English side; without a model its backend is "none".
    assert filled.english_backends() == {"none": filled.count_documents()}
