"""The digest stage: a Digester rates sentences, one shared select() builds the digest.

Modelled on sumy's ``AbstractSummarizer``: a variant only produces ratings
(sentence id -> score, higher is better); choosing sentences within the
budget, dropping repeats and restoring document order happen once, here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from summaries.model import Digest, Segmented, Sentence
from summaries.words import normalize, stems

logger = logging.getLogger(__name__)

# A candidate repeats a chosen sentence when this share of its content stems
# already occurs there (reworded leads, "as mentioned above" restatements). It
# is measured on the candidate only: a long sentence that contains a short
# chosen one still adds something new.
REPEAT_OVERLAP = 0.7


class Digester(Protocol):
    """Rates sentences; ``name`` is what the registry and ``Digest.method`` call it."""

    name: str

    def rate(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Return a score for every sentence id, higher is better."""
        ...


@dataclass(frozen=True, slots=True)
class Budget:
    """How long a digest may be.

    ``max_chars`` is a hard limit (the digest must fit one Telegram message
    with room to spare); ``min_sentences`` is a goal select() works towards by
    giving up a long sentence for shorter ones. ``None`` means no limit.
    """

    max_chars: int | None = 700
    min_sentences: int = 3
    max_sentences: int | None = 5
    max_words: int | None = None


def _fits(chosen: Sequence[Sentence], budget: Budget) -> bool:
    if budget.max_chars is not None:
        if sum(len(s.text) for s in chosen) + len(chosen) - 1 > budget.max_chars:
            return False
    if budget.max_words is not None:
        if sum(len(s.text.split()) for s in chosen) > budget.max_words:
            return False
    return True


def _is_repeat(new: frozenset[str], kept: frozenset[str], new_text: str, kept_text: str) -> bool:
    if not new:
        return normalize(new_text).strip() == normalize(kept_text).strip()
    return len(new & kept) / len(new) >= REPEAT_OVERLAP


def _greedy(
    ranked: Sequence[Sentence],
    budget: Budget,
    skip_long: bool,
    drop_repeats: bool,
) -> list[Sentence]:
    chosen: list[Sentence] = []
    chosen_stems: list[frozenset[str]] = []
    for sentence in ranked:
        if budget.max_sentences is not None and len(chosen) >= budget.max_sentences:
            break
        if not _fits([*chosen, sentence], budget):
            if skip_long:
                continue
            break
        own = frozenset(stems(sentence.text))
        if drop_repeats and any(
            _is_repeat(own, other, sentence.text, kept.text)
            for other, kept in zip(chosen_stems, chosen, strict=True)
        ):
            continue
        chosen.append(sentence)
        chosen_stems.append(own)
    return chosen


def select(
    sentences: Sequence[Sentence],
    ratings: Mapping[str, float],
    budget: Budget = Budget(),
    *,
    skip_long: bool = True,
    drop_repeats: bool = True,
) -> tuple[Sentence, ...]:
    """Return the best-rated sentences that fit the budget, in document order.

    Sentences are taken best first (ties: earlier first). With ``skip_long`` a
    sentence that would break the budget is passed over and the next one is
    tried; without it selection stops there, as the EASC baselines do. With
    ``drop_repeats`` a near-duplicate of a chosen sentence is passed over.
    When fewer than ``budget.min_sentences`` were chosen (``skip_long`` only),
    long sentences are given up for shorter ones while that adds sentences.
    Sentences without a rating are never chosen.
    """
    order = {s.id: i for i, s in enumerate(sentences)}
    ranked = sorted(
        (s for s in sentences if s.id in ratings), key=lambda s: (-ratings[s.id], order[s.id])
    )
    chosen = _greedy(ranked, budget, skip_long, drop_repeats)
    if skip_long:
        chosen = _reach_minimum(chosen, ranked, budget, drop_repeats)
    return tuple(sorted(chosen, key=lambda s: order[s.id]))


def _reach_minimum(
    chosen: list[Sentence], ranked: list[Sentence], budget: Budget, drop_repeats: bool
) -> list[Sentence]:
    """Return chosen, or a selection with more sentences made by giving up long ones.

    One long sentence can fill most of the budget while the digest promises a
    few sentences, so the longest chosen one is set aside and the greedy pass
    rerun, for as long as that adds sentences. Giving up more than that would
    trade the best-rated sentences for filler (it costs ROUGE on EASC).
    """
    while chosen and len(chosen) < budget.min_sentences:
        longest = max(chosen, key=lambda s: len(s.text))
        ranked = [s for s in ranked if s is not longest]
        retry = _greedy(ranked, budget, True, drop_repeats)
        if len(retry) <= len(chosen):
            break
        chosen = retry
    return chosen


def make_digest(segmented: Segmented, digester: Digester, budget: Budget = Budget()) -> Digest:
    """Return the digest of a document's body sentences (never headings or bylines)."""
    body = segmented.body
    if not body:
        return Digest(sentences=(), method=digester.name)
    ratings = digester.rate(body)
    chosen = select(body, ratings, budget)
    logger.debug("digest %s chose %s of %s sentences", digester.name, len(chosen), len(body))
    return Digest(sentences=chosen, method=digester.name)
