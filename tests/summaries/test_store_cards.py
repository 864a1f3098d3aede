"""The store's cards (inline mode, issue 11): what /search finds, by document, with its digest."""

from __future__ import annotations

from dataclasses import replace

import pytest

from summaries import Pipeline, UnknownDocument, ingest
from summaries.words import normalize
from tests.conftest import DATA

# Copies of a matching document stored by the paging test: more than a page of 50.
MANY = 64


@pytest.fixture
def filled(store):
    """The store with the trimmed seed documents of tests/data ingested."""
    results = ingest(DATA, store, Pipeline.build())
    assert all(r.outcome.value == "new" for r in results)
    return store


def holding(store, word: str) -> list[int]:
    """Return the documents with a sentence holding word (Arabic normalised), newest first."""
    wanted = normalize(word)
    return [
        d.id
        for d, _ in store.listing()
        if any(
            wanted in normalize(s.text) for s in store.briefing(d.id).briefing.segmented.sentences
        )
    ]


def searched(store, word: str) -> list[int]:
    """Return the documents of the sentences /search finds for word, newest first."""
    found = {p.document.id for p in store.search(word, limit=10_000)}
    return [d.id for d, _ in store.listing() if d.id in found]


def test_cards_offer_every_served_document_newest_first_when_the_query_is_blank(filled):
    assert [c.document.id for c in filled.cards("")] == [d.id for d, _ in filled.listing()]
    assert [c.document.id for c in filled.cards("  ")] == [d.id for d, _ in filled.listing()]


@pytest.mark.parametrize("word", ["الكاظمي", "الامريكية", "الأمريكيّة", "واشنطن"])
def test_cards_offer_the_documents_with_a_sentence_search_finds(filled, word):
    found = [c.document.id for c in filled.cards(word)]

    assert found == searched(filled, word) and found
    assert set(found) >= set(holding(filled, word))  # stems may find more: «كاظمي»


def test_cards_find_documents_by_an_english_name_when_nothing_is_translated(filled):
    named = [c.document.id for c in filled.cards("Kadhimi")]

    assert named and set(named) >= set(holding(filled, "الكاظمي"))
    for doc_id in named:
        title = filled.card(doc_id).sources.title_en or ""
        names = [n.english for n in filled.names_of(doc_id)]
        assert "Kadhimi" in title or any("Kadhimi" in n for n in names)
    assert [c.document.id for c in filled.cards("kadhim")] == named  # a prefix, any case
    assert filled.cards("Kadhimi zzzz") == []


def test_cards_page_through_the_matches_with_offset_and_limit(filled):
    everything = [c.document.id for c in filled.cards("واشنطن")]

    pages = [filled.cards("واشنطن", offset=i, limit=2) for i in range(0, len(everything), 2)]

    assert [c.document.id for page in pages for c in page] == everything
    assert filled.cards("واشنطن", offset=len(everything)) == []


def test_card_carries_the_stored_digest_topics_and_no_english_without_a_translation(filled):
    doc_id = filled.documents()[0].id
    stored = filled.briefing(doc_id).briefing

    card = filled.card(doc_id)

    assert card.digest == stored.digest.sentences
    assert card.topics == tuple(t.topic_id for t in stored.topics)
    assert card.sources == stored.sources and card.english == ()
    assert len(card.names) <= 5 and card.names[0].english == stored.english.names[0].english


def test_card_carries_the_digest_translations_when_a_model_translated_the_document(filled):
    document = filled.documents()[0]
    stored = filled.briefing(document.id).briefing
    translations = tuple((s.id, f"English of {s.id}.") for s in stored.segmented.sentences)
    english = replace(stored.english, translated=True, digest="x", sentences=translations)
    filled.save_briefing(
        document.name,
        content_hash=document.content_hash,
        text_hash="t",
        size=document.size,
        pipeline_version=document.pipeline_version,
        briefing=replace(stored, english=english),
    )

    card = filled.card(document.id)

    assert card.english == tuple(f"English of {s.id}." for s in stored.digest.sentences)
    assert [c.document.id for c in filled.cards(f"English of {stored.digest.sentences[0].id}")] == [
        document.id
    ]


def test_cards_leave_out_withdrawn_documents_and_card_refuses_them(filled):
    gone = filled.documents()[0]
    filled.withdraw(gone.name)

    assert gone.id not in [c.document.id for c in filled.cards("")]
    with pytest.raises(UnknownDocument):
        filled.card(gone.id)


def test_cards_find_every_match_in_order_when_more_documents_match_than_a_page_holds(filled):
    named = filled.card(searched(filled, "الكاظمي")[0])
    other = next(d for d, _ in filled.listing() if d.id not in searched(filled, "الكاظمي"))
    for i in range(3 * MANY):
        source = named.document if i % 3 == 0 else other  # one in three matches
        stored = filled.briefing(source.id).briefing
        filled.save_briefing(
            f"copy_{i:03d}.txt",
            content_hash=f"c{i}",
            text_hash=f"t{i}",
            size=1,
            pipeline_version="test",
            briefing=replace(
                stored, sources=replace(stored.sources, date=f"2030-01-{i % 28 + 1:02d}")
            ),
        )

    expected = searched(filled, "الكاظمي")
    pages = [filled.cards("الكاظمي", offset=i, limit=50) for i in range(0, len(expected) + 50, 50)]

    assert len(expected) > MANY
    assert [c.document.id for page in pages for c in page] == expected
