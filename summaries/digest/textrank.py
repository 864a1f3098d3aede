"""TextRank (sumy) on our sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sumy.summarizers.text_rank import TextRankSummarizer

from summaries.digest.sumy_document import STEMMERS, prepare, sumy_document
from summaries.model import Sentence


@dataclass(frozen=True, slots=True)
class TextRankDigester:
    """Rates sentences by PageRank over word-overlap links.

    Mihalcea and Tarau (2004), "TextRank: Bringing Order into Texts", EMNLP.
    Runs sumy's TextRankSummarizer through its public ``rate_sentences``.
    """

    name: str = "textrank"
    stemmer: str = "snowball"  # a key of STEMMERS
    damping: float = 0.85
    epsilon: float = 1e-4

    def rate(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Return each sentence's TextRank score."""
        if not sentences:
            return {}
        summarizer = prepare(TextRankSummarizer(STEMMERS[self.stemmer]()))
        summarizer.damping = self.damping
        summarizer.epsilon = self.epsilon
        document = sumy_document(sentences)
        ratings = summarizer.rate_sentences(document)
        # sumy keys ratings by sentence text, so equal texts share one score.
        return {
            s.id: float(ratings[sumy_s])
            for s, sumy_s in zip(sentences, document.sentences, strict=True)
        }
