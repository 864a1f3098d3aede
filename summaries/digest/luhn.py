"""Luhn (sumy) on our sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sumy.summarizers.luhn import LuhnSummarizer

from summaries.digest.sumy_document import STEMMERS, prepare, rate_with
from summaries.model import Sentence


@dataclass(frozen=True, slots=True)
class LuhnDigester:
    """Rates sentences by their densest cluster of frequent content words.

    Luhn (1958), "The Automatic Creation of Literature Abstracts", IBM Journal
    of Research and Development 2(2). Runs sumy's LuhnSummarizer.
    """

    name: str = "luhn"
    stemmer: str = "snowball"  # a key of STEMMERS
    max_gap_size: int = 4  # non-significant words allowed inside a cluster

    def rate(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Return each sentence's Luhn score."""
        summarizer = prepare(LuhnSummarizer(STEMMERS[self.stemmer]()))
        summarizer.max_gap_size = self.max_gap_size
        return rate_with(summarizer, sentences)
