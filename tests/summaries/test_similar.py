"""summaries.similar: shingles, signatures, resemblance and the verdict, on seed text."""

from __future__ import annotations

import random

import pytest

from summaries.model import Sources
from summaries.similar import (
    BANDS,
    DUPLICATE_SIMILARITY,
    NOVEL_WORDS,
    NUM_PERM,
    RELATED_SIMILARITY,
    SHINGLE_WORDS,
    Resemblance,
    Verdict,
    band_keys,
    containment,
    novel_words,
    resemblance,
    resemblances,
    same_source,
    shingles,
    signature,
    source_keys,
    stored_words,
    verdict,
)
from summaries.words import tokens
from tests.summaries import article_variants as av


@pytest.fixture(scope="module")
def words():
    return {n: tokens(" ".join(av.seed_article(n).paragraphs)) for n in range(5)}


def exact(a, b):
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_shingles_are_runs_of_consecutive_words():
    assert shingles("a b c d".split()) == {"a b c", "b c d"}
    assert shingles("a b".split()) == {"a b"}
    assert shingles([]) == set()


def test_signature_is_the_same_for_the_same_words_in_every_run(words):
    first, again = signature(words[2]), signature(list(words[2]))
    assert first == again and len(first.values) == 4 * NUM_PERM
    assert first.shingles == len(shingles(words[2]))


def test_resemblance_estimates_jaccard_of_a_text_with_a_paragraph_lost(words):
    article = av.seed_article(1)
    shorter = tokens(" ".join(av.drop_paragraph(article).paragraphs))
    found = resemblance(signature(words[1]), signature(shorter))
    assert abs(found.similarity - exact(words[1], shorter)) < 0.1
    assert found.containment > 0.9  # the shorter text is inside the longer


def test_resemblance_of_different_articles_on_the_same_visit_is_far_below_related(words):
    for a in range(5):
        for b in range(a + 1, 5):
            assert resemblance(signature(words[a]), signature(words[b])).similarity < 0.1


def test_resemblances_agree_with_resemblance_one_by_one(words):
    sig = signature(words[0])
    others = [signature(words[n]) for n in range(5)]
    assert resemblances(sig, others) == [(i, resemblance(sig, o)) for i, o in enumerate(others)]
    assert resemblances(sig, others, floor=0.5) == [(0, resemblance(sig, others[0]))]
    assert resemblances(sig, []) == []


def test_band_keys_are_shared_by_near_copies_and_not_by_other_articles(words):
    copy = tokens(" ".join(av.hyphenate(av.seed_article(3), random.Random(3)).paragraphs))
    keys = set(band_keys(signature(words[3])))
    assert len(keys) == BANDS
    assert keys & set(band_keys(signature(copy)))
    assert not keys & set(band_keys(signature(words[1])))


def test_containment_follows_from_jaccard_and_the_set_sizes():
    assert containment(0.5, 100, 50) == pytest.approx(1.0)  # B inside A: |A∩B| = 50
    assert containment(0.0, 100, 50) == 0.0
    assert containment(0.3, 0, 10) == 0.0


def test_novel_words_ignores_split_words_and_headers_but_counts_a_new_paragraph():
    article = av.seed_article(3)
    old = [" ".join(tokens(p)) for p in article.paragraphs]
    noisy = av.page_furniture(av.hyphenate(article, random.Random(1)))
    assert novel_words([" ".join(tokens(p)) for p in noisy.paragraphs], old) == 0
    others = [av.seed_article(n) for n in (0, 1)]
    updated = av.add_paragraph(article, av.other_sentences(article, others), random.Random(2))
    assert novel_words([" ".join(tokens(p)) for p in updated.paragraphs], old) >= NOVEL_WORDS


def test_stored_words_takes_body_sentences_in_order():
    rows = [("heading", "عنوان المقال"), ("body", "جملة اولى"), ("body", "جملة ثانيه")]
    assert stored_words(rows) == ["جملة", "اولى", "جملة", "ثانيه"]
    assert stored_words([("heading", "عنوان المقال")]) == ["عنوان", "المقال"]


@pytest.mark.parametrize(
    ("similarity", "contained", "same", "novel", "served", "expected"),
    [
        (0.95, 0.97, False, 0, True, Verdict.DUPLICATE),
        (0.50, 0.95, False, 0, True, Verdict.DUPLICATE),  # a paragraph lost
        (0.50, 0.60, False, 0, True, None),  # related, nothing says it is an update
        (0.50, 0.60, True, 0, True, Verdict.REVISION),  # same title, text changed
        (0.90, 0.95, True, NOVEL_WORDS, True, Verdict.REVISION),  # same title, paragraph added
        (0.90, 0.95, True, NOVEL_WORDS - 1, True, Verdict.DUPLICATE),  # a footnote more
        (0.90, 0.95, True, NOVEL_WORDS, False, None),  # an update of a replaced version
        (0.10, 1.00, True, NOVEL_WORDS, True, None),  # a quote inside another article
    ],
)
def test_verdict(similarity, contained, same, novel, served, expected):
    found = Resemblance(similarity, contained)
    assert verdict(found, same_source=same, novel=novel, served=served) is expected


def test_thresholds_are_ordered():
    assert 0 < RELATED_SIMILARITY < DUPLICATE_SIMILARITY < 1 and SHINGLE_WORDS >= 2


def test_same_source_by_link_or_normalised_title_not_a_short_one():
    a = Sources(title="الكاظمي يبدأ زيارة رسمية إلى واشنطن", urls=("https://x.org/a",))
    assert same_source(a, Sources(title="الكاظمي يبدأ زيارة رسميّة الى واشنطن"))
    assert same_source(a, Sources(title="عنوان آخر تماماً للمقال", urls=("https://x.org/a",)))
    assert not same_source(Sources(title="تقرير"), Sources(title="تقرير"))
    assert source_keys(Sources()) == ()
