"""LexRank (sumy) on our sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sumy.summarizers.lex_rank import LexRankSummarizer

from summaries.digest.sumy_document import STEMMERS, prepare, rate_with
from summaries.model import Sentence


@dataclass(frozen=True, slots=True)
class LexRankDigester:
    """Rates sentences by LexRank centrality over thresholded idf-cosine links.

    Erkan and Radev (2004), "LexRank: Graph-based Lexical Centrality as
    Salience in Text Summarization", JAIR 22. Runs sumy's LexRankSummarizer.
    """

    name: str = "lexrank"
    stemmer: str = "snowball"  # a key of STEMMERS
    threshold: float = 0.1  # idf-cosine above which two sentences are linked
    epsilon: float = 0.1  # power-method convergence

    def rate(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Return each sentence's LexRank score."""
        summarizer = prepare(LexRankSummarizer(STEMMERS[self.stemmer]()))
        summarizer.threshold = self.threshold
        summarizer.epsilon = self.epsilon
        return rate_with(summarizer, sentences)
