"""Lead: the document's first sentences, the strongest simple baseline for news."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summaries.model import Sentence


@dataclass(frozen=True, slots=True)
class LeadDigester:
    """Rates sentences by position only: the first sentence best.

    The lead baseline of Brandow, Mitze and Rau (1995), "Automatic condensation
    of electronic publications by sentence selection", Information Processing
    & Management 31(5). On the EASC dev set it beats every sumy ranker.
    """

    name: str = "lead"

    def rate(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Return len - position for every sentence: earlier is better."""
        return {s.id: float(len(sentences) - i) for i, s in enumerate(sentences)}
