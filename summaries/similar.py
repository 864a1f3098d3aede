"""Near-duplicate detection: word shingles, MinHash signatures and LSH band keys (pure).

Two files are the same article when the sets of their word shingles (runs of
``SHINGLE_WORDS`` normalised words of the body text) overlap enough. The
sets are too big to keep and compare against every stored document, so each
document keeps a MinHash signature (Broder 1997): ``NUM_PERM``
minima whose share of agreeing positions estimates the Jaccard similarity of
two sets. The signature is cut into ``BANDS`` bands of ``ROWS`` values; two
documents that agree on a whole band share a bucket key, which the store
looks up through an index (Leskovec, Rajaraman, Ullman, *Mining of Massive
Datasets*, ch. 3). A new file is compared only with the documents sharing a
bucket with it, never with every document.

The thresholds were chosen on the cases ``bench/near_duplicates.py`` builds
from the seeds (the same article through every reader with extraction
differences, different articles on the same visit, updated versions); its
results are in ``bench/results/near_duplicates.md``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from summaries.model import Kind, Segmented, Sources
from summaries.words import tokens

# Runs of three words: one word changed by extraction (a word split at a line
# end, a digit lost) disturbs three shingles; runs of one or two words are
# shared by any two texts on the same visit (bench: k=2..5 compared).
SHINGLE_WORDS = 3
# 256 minima: the similarity estimate's standard error is about 0.02 near the
# 0.7 duplicate threshold (0.03 with 128), so fewer copies fall under it.
NUM_PERM = 256
SEED = 1
# LSH bands of three values, the first 126 minima: a pair shares a bucket with probability
# 1 - (1 - s**3)**42 at similarity s: 0.99 at 0.47 (the least similar copy in
# the bench), 0.68 at 0.3, 0.04 at 0.1. This is datasketch's own choice for a
# 0.25 threshold (``MinHashLSH(0.25, 128)``). Bands of two would also find
# updates at 0.2, but every article on the same visit shares two of its
# minima with thousands of others (the same stock phrases): updates are found
# by their link or title instead (``source_keys``). Pinned, not computed: the
# keys are stored, so a change must be a new SCHEME.
BANDS, ROWS = 42, 3
# What stored signatures were made with; a stored signature of another scheme
# is computed again from the stored sentences.
SCHEME = f"w{SHINGLE_WORDS}.cw32.p{NUM_PERM}.s{SEED}.b{BANDS}x{ROWS}"

# The permutations are Carter-Wegman hashes ((a*x + b) mod p) of 32-bit shingle
# hashes, p the Mersenne prime 2**61 - 1: with a, b and x below 2**32 the
# product never overflows uint64. We compute them with numpy rather than take
# datasketch: it needs scipy, and with scipy installed ``import nltk`` (the ISRI
# stemmer) loads it too, which cost every Mujaz process 65 MB and 0.5 s at start.
_PRIME = np.uint64((1 << 61) - 1)
_LOW32 = np.uint64(0xFFFFFFFF)
_RNG = np.random.default_rng(SEED)
_A = _RNG.integers(1, 1 << 32, size=NUM_PERM, dtype=np.uint64)
_B = _RNG.integers(0, 1 << 32, size=NUM_PERM, dtype=np.uint64)

# At or above this estimated Jaccard similarity two texts are the same
# article: extraction differences between readers stay above it, different
# articles on the same visit far below it.
DUPLICATE_SIMILARITY = 0.70
# At or above this share of the smaller text found in the larger one (a
# dropped paragraph, footnote or page), a text is part of the other article.
DUPLICATE_CONTAINMENT = 0.85
# Below this the texts are different articles, whatever their titles say.
RELATED_SIMILARITY = 0.20
# A body sentence of at least this many words, with less than this share of
# its word pairs found in the other text, is new material.
NOVEL_SENTENCE_WORDS = 8
NOVEL_PAIR_SHARE = 0.5
# This much new material (about two sentences) makes a revision: a footnote,
# a caption or a page header one reader keeps and another drops does not.
NOVEL_WORDS = 40
# A title this short ("تقرير", "Document 3") says nothing about which article it is.
MIN_TITLE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Signature:
    """A document's MinHash signature (``NUM_PERM`` uint32 values) and its shingle count."""

    values: bytes
    shingles: int
    scheme: str = SCHEME

    def array(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype="<u4")


@dataclass(frozen=True, slots=True)
class Resemblance:
    """How much two documents' texts overlap: Jaccard and containment estimates."""

    similarity: float  # |A∩B| / |A∪B|
    containment: float  # |A∩B| / the smaller of |A|, |B|

    @property
    def percent(self) -> int:
        """Return the similarity as a whole percentage, floored (99% is never shown as 100%)."""
        return int(self.similarity * 100 + 1e-9)


def document_words(segmented: Segmented) -> list[str]:
    """Return the normalised words of a document's body, in order (all of it if no body)."""
    sentences = segmented.body or segmented.sentences
    return [w for s in sentences for w in tokens(s.text)]


def stored_words(rows: Iterable[tuple[str, str]]) -> list[str]:
    """Return document_words from stored (kind, norm) sentence rows, in their order."""
    rows = list(rows)
    body = [norm for kind, norm in rows if kind == Kind.BODY.value]
    return [w for norm in (body or [n for _, n in rows]) for w in norm.split()]


def shingles(words: Sequence[str], size: int = SHINGLE_WORDS) -> set[str]:
    """Return the set of runs of ``size`` consecutive words (one run if fewer words)."""
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(words: Sequence[str]) -> Signature:
    """Return the MinHash signature of a text's word shingles."""
    grams = shingles(words)
    if not grams:
        return Signature(np.full(NUM_PERM, 0xFFFFFFFF, dtype="<u4").tobytes(), 0)
    hashes = np.fromiter(
        (_hash32(g) for g in grams), dtype=np.uint64, count=len(grams)
    )  # one 32-bit hash per shingle
    permuted = ((hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME) & _LOW32
    return Signature(permuted.min(axis=0).astype("<u4").tobytes(), len(grams))


def _hash32(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=4).digest(), "little")


def band_keys(sig: Signature) -> tuple[int, ...]:
    """Return the signature's LSH bucket keys, one signed 64-bit integer per band."""
    keys = []
    for band in range(BANDS):
        chunk = sig.values[band * ROWS * 4 : (band + 1) * ROWS * 4]
        digest = hashlib.blake2b(chunk, digest_size=8, salt=band.to_bytes(16, "little"))
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return tuple(keys)


def resemblance(a: Signature, b: Signature) -> Resemblance:
    """Return the estimated similarity and containment of two signatures' shingle sets."""
    jaccard = float(np.count_nonzero(a.array() == b.array())) / NUM_PERM
    return Resemblance(jaccard, containment(jaccard, a.shingles, b.shingles))


def resemblances(
    sig: Signature, others: Sequence[Signature], floor: float = 0.0
) -> list[tuple[int, Resemblance]]:
    """Return (index, resemblance) of the others at least ``floor`` similar to sig, at once."""
    if not others:
        return []
    stacked = np.frombuffer(b"".join(o.values for o in others), dtype="<u4").reshape(-1, NUM_PERM)
    agree = np.count_nonzero(stacked == sig.array(), axis=1) / NUM_PERM
    return [
        (
            int(i),
            Resemblance(
                float(agree[i]), containment(float(agree[i]), sig.shingles, others[i].shingles)
            ),
        )
        for i in np.flatnonzero(agree >= floor)
    ]


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Return |A∩B| / min(|A|, |B|) from the Jaccard similarity and the two set sizes."""
    smaller = min(size_a, size_b)
    if smaller == 0:
        return 0.0
    common = jaccard * (size_a + size_b) / (1 + jaccard)
    return min(1.0, common / smaller)


def novel_words(new: Sequence[str], old: Sequence[str]) -> int:
    """Return how many words of ``new`` (normalised sentences) are new material against ``old``.

    A sentence is new material when it is long enough to be more than a page
    header and most of its word pairs are nowhere in the other text: an added
    or rewritten sentence, not one with a word split at a line end or a
    header line glued to it.
    """
    known = {pair for text in old for pair in _pairs(text.split())}
    count = 0
    for text in new:
        words = text.split()
        pairs = _pairs(words)
        if len(words) >= NOVEL_SENTENCE_WORDS:
            found = sum(p in known for p in pairs)
            count += len(words) if found < NOVEL_PAIR_SHARE * len(pairs) else 0
    return count


def _pairs(words: Sequence[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:], strict=False))


class Verdict(StrEnum):
    """What a new text is to a stored document it resembles."""

    DUPLICATE = "duplicate"  # the same article: not served twice
    REVISION = "revision"  # an updated version of a served article: replaces it


def verdict(found: Resemblance, *, same_source: bool, novel: int, served: bool) -> Verdict | None:
    """Return what a new text is to a stored one, None when it is another article.

    The same article through another reader is a duplicate: similar enough, or
    most of the smaller text inside the larger (a page, a paragraph, a
    footnote lost). With the same link or title and ``novel`` words of new
    material (``novel_words``), or a text changed beyond what readers change,
    it is the publisher's update, and replaces a served document; to a
    superseded one it is nothing.
    """
    if found.similarity < RELATED_SIMILARITY:
        return None
    copy = found.similarity >= DUPLICATE_SIMILARITY or found.containment >= DUPLICATE_CONTAINMENT
    if same_source and (novel >= NOVEL_WORDS or not copy):
        return Verdict.REVISION if served else None
    return Verdict.DUPLICATE if copy else None


def source_keys(sources: Sources) -> tuple[str, ...]:
    """Return the keys an update shares with the article it updates: its link, its title."""
    keys = [f"url:{sources.urls[0]}"] if sources.urls else []
    title = tokens(sources.title or "")
    if len(title) >= MIN_TITLE_WORDS:
        keys.append("title:" + " ".join(title))
    return tuple(keys)


def same_source(a: Sources, b: Sources) -> bool:
    """Tell whether two documents share their link or their (normalised) title."""
    return bool(set(source_keys(a)) & set(source_keys(b)))
