"""ROUGE-1/2/L F1 for Arabic digests, scored as the EASC dev set README says.

Tokens: light Arabic normalisation (no tashkeel or tatweel, one alef, ى->ي,
ة->ه, ASCII digits, lower case), every non-letter/digit becomes a space, then
white-space split; no stemming, no stop-word removal. ROUGE-L is the LCS over
the whole token sequence (rouge-score's ``rougeL``, not ``rougeLsum``).

This deliberately does not reuse ``summaries.words.normalize``: the scorer must
stay the README's recipe even if the pipeline's normalisation changes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

METRICS = ("R1", "R2", "RL")

_DROP = re.compile("[\u064b-\u065f\u0670\u0640]")
_MAP = str.maketrans(
    {
        "\u0622": "\u0627",
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0671": "\u0627",
        "\u0649": "\u064a",
        "\u0629": "\u0647",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
_NON_WORD = re.compile(r"[\W_]+")


def tokens(text: str) -> list[str]:
    """Return the scoring tokens of text."""
    return _NON_WORD.sub(" ", _DROP.sub("", text).translate(_MAP).lower()).split()


def _f1(overlap: int, candidate: int, reference: int) -> float:
    if not (overlap and candidate and reference):
        return 0.0
    return 2 * overlap / (candidate + reference)


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """Return the ROUGE-N F1 of two token sequences."""
    cand = Counter(zip(*[candidate[i:] for i in range(n)], strict=False))
    ref = Counter(zip(*[reference[i:] for i in range(n)], strict=False))
    return _f1(sum((cand & ref).values()), sum(cand.values()), sum(ref.values()))


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """Return the ROUGE-L F1 (longest common subsequence) of two token sequences."""
    previous = [0] * (len(reference) + 1)
    for x in candidate:
        current = [0]
        for j, y in enumerate(reference, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[-1]))
        previous = current
    return _f1(previous[-1], len(candidate), len(reference))


def score(digest: str, references: Sequence[str]) -> dict[str, float]:
    """Return mean-over-references F1 for R1, R2 and RL (0..1)."""
    cand = tokens(digest)
    refs = [tokens(r) for r in references]
    return {
        "R1": sum(rouge_n(cand, r, 1) for r in refs) / len(refs),
        "R2": sum(rouge_n(cand, r, 2) for r in refs) / len(refs),
        "RL": sum(rouge_l(cand, r) for r in refs) / len(refs),
    }


def score_max(digest: str, references: Sequence[str]) -> dict[str, float]:
    """Return max-over-references F1 for R1, R2 and RL (0..1)."""
    cand = tokens(digest)
    refs = [tokens(r) for r in references]
    return {
        "R1": max(rouge_n(cand, r, 1) for r in refs),
        "R2": max(rouge_n(cand, r, 2) for r in refs),
        "RL": max(rouge_l(cand, r) for r in refs),
    }
