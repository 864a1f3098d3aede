"""Centroid + position: MEAD's features, weighted for Arabic news and encyclopaedia text."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summaries.model import Sentence
from summaries.words import stems

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class CentroidDigester:
    """Rates sentences by closeness to the document's centroid, the opening and the start.

    The feature set of MEAD: Radev, Jing, Styś and Tam (2004), "Centroid-based
    summarization of multiple documents", Information Processing & Management
    40(6). Each sentence is a tf-idf vector of ISRI stems (sentences serve as
    the documents for idf); the rating is, for the sentence at index i of n::

        centrality * cos(sentence, centroid) / max over the document
        + opening * cos(sentence, first sentence)
        - position_decay * log(1 + i)
        - relative_position * i / (n - 1)

    On the EASC dev set a chosen sentence is foremost an early one (Lead beats
    every sumy ranker); centrality and likeness to the opening then pick among
    the early ones and let a central later sentence in. Only the ratios of the
    weights matter; they were set on the EASC dev set and checked split-half
    (bench/README.md).
    """

    name: str = "centroid"
    centrality: float = 1.0
    opening: float = 1.0
    position_decay: float = 0.15
    relative_position: float = 0.5

    def rate(self, sentences: Sequence[Sentence]) -> dict[str, float]:
        """Return each sentence's weighted sum of centrality, opening likeness and position."""
        if not sentences:
            return {}
        counts = [Counter(stems(s.text)) for s in sentences]
        vectors = _tf_idf(counts)
        centroid = _unit(_centroid(counts, _idf(counts)))
        central = [_dot(v, centroid) for v in vectors]
        top = max(central) or 1.0
        last = max(len(sentences) - 1, 1)
        return {
            s.id: self.centrality * central[i] / top
            + self.opening * _dot(vectors[i], vectors[0])
            - self.position_decay * math.log1p(i)
            - self.relative_position * i / last
            for i, s in enumerate(sentences)
        }


def _idf(counts: Sequence[Counter[str]]) -> Vector:
    df = Counter(stem for c in counts for stem in c)
    return {stem: math.log(1 + len(counts) / n) for stem, n in df.items()}


def _tf_idf(counts: Sequence[Counter[str]]) -> list[Vector]:
    idf = _idf(counts)
    # Sublinear tf, so a sentence that repeats one word is not "central".
    return [_unit({w: (1 + math.log(n)) * idf[w] for w, n in c.items()}) for c in counts]


def _centroid(counts: Sequence[Counter[str]], idf: Vector) -> Vector:
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    return {w: n * idf[w] for w, n in total.items()}


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(x * x for x in vector.values()))
    return {w: x / norm for w, x in vector.items()} if norm else {}


def _dot(a: Vector, b: Vector) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())
