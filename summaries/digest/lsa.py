"""LSA (sumy) on our sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sumy.summarizers.lsa import LsaSummarizer

from summaries.digest.sumy_document import STEMMERS, prepare, rate_with
from summaries.model import Sentence


@dataclass(frozen=True, slots=True)
class LsaDigester:
    """Rates sentences by their length in the singular-vector space of the term matrix.

    Steinberger and Ježek (2004), "Using Latent Semantic Analysis in Text
    Summarization and Summary Evaluation", ISIM. Runs sumy's LsaSummarizer,
    whose vocabulary order follows Python's string hashing: run benchmarks
    with PYTHONHASHSEED=0 for repeatable numbers.
    """

    name: str = "lsa"
    stemmer: str = "snowball"  # a key of STEMMERS

    def rate(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Return each sentence's LSA rank."""
        return rate_with(prepare(LsaSummarizer(STEMMERS[self.stemmer]())), sentences)
