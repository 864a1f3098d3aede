"""What a document says about which words follow which: the evidence ``unswap`` reads lines by.

Only the document itself (and the gazetteer of known names) is asked, never a
language model: word pairs in the lines known to be in order, the same pairs
without clitics and as ISRI stems, which kinds of word start its sentences. See
``summaries.unswap`` for how the evidence chooses a reading.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from summaries.names import joins_name
from summaries.unwrap import ends_sentence
from summaries.words import normalize, stem

_NON_LETTER = re.compile(r"[^\w]|[\d_]")
# Clitics peeled off for the looser word match («والحكومة» meets «الحكومة»).
_CLITICS = re.compile(r"^(?:وال|فال|بال|كال|لل|ال|و|ف)")

# Weights of the cues, in units of "the document puts these two words together".
NAME_LINK = 1.0  # two words of one known name
EXACT_LINK = 1.0  # the same two words, next to each other elsewhere
LOOSE_LINK = 0.5  # the same two words without clitics
STEM_LINK = 0.25  # two words of the same stems
SENTENCE_END_AT_PARAGRAPH_END = 1.5
SENTENCE_END_INSIDE_PARAGRAPH = 1.0
# Words count as going together when they come in a row this many times more than chance.
PAIR_LIFT = 5.0


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a line: its text, first and last words, and the two words its cut parts."""

    text: str
    first: str
    last: str
    parted: tuple[str, str] | None = None
    closes_paragraph: bool = False
    prior: float = 0.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the document's lines in reading order say about which words follow which."""

    pairs: Counter  # (key, key) of words in a row, and the same without clitics
    words: Counter  # keys, and keys without clitics
    starts: Counter  # kinds of words that begin a sentence
    kinds: Counter  # kinds of all words
    left_out: Evidence | None = None  # a line whose own words do not count (see ``without``)

    @classmethod
    def of(cls, lines: Sequence[str | None]) -> Evidence:
        """Return the evidence of the lines known to be in order (None: a line in doubt)."""
        evidence = cls(Counter(), Counter(), Counter(), Counter())
        words: list[str] = []
        for line in lines:
            if line is None:
                evidence._count(words)
                words = []
            else:
                words += line.split()
        evidence._count(words)
        return evidence

    def plus(self, lines: Iterable[str]) -> Evidence:
        """Return the evidence with the word pairs inside more lines (not across them)."""
        more = Evidence(*(Counter(c) for c in (self.pairs, self.words, self.starts, self.kinds)))
        for line in lines:
            more._count(line.split())
        return more

    def without(self, line: str) -> Evidence:
        """Return the evidence without the words of one line it holds (no counts copied)."""
        return replace(self, left_out=Evidence.of([line]))

    def _count(self, words: list[str]) -> None:
        for i, word in enumerate(words):
            word_key = key(word)
            self.words[word_key] += 1
            self.words["~" + _loose(word_key)] += 1
            self.words["^" + stem(word_key)] += 1
            self.kinds[_kind(word)] += 1
            if i:
                before = key(words[i - 1])
                self.pairs[before, word_key] += 1
                self.pairs["~" + _loose(before), "~" + _loose(word_key)] += 1
                self.pairs["^" + stem(before), "^" + stem(word_key)] += 1
                if ends_sentence(words[i - 1]):
                    self.starts[_kind(word)] += 1

    def link(self, before: str, after: str) -> float:
        """Return how well ``after`` follows ``before``, by the document's own word pairs."""
        if ends_sentence(before):
            return self._starts_sentence(after)
        score = NAME_LINK if joins_name(before, after) else 0.0
        a, b = key(before), key(after)
        if self._together(a, b):
            return score + EXACT_LINK
        if self._together("~" + _loose(a), "~" + _loose(b)):
            return score + LOOSE_LINK
        if self._together("^" + stem(a), "^" + stem(b)):
            return score + STEM_LINK
        # «العراق والائتلاف» goes as well as the «للائتلاف والعراق» the document has.
        if b[:1] in "وف" and self._together("~" + _loose(b), "~" + _loose(a)):
            return score + LOOSE_LINK
        return score

    def fit(self, reading: Reading, before: Reading | None, after: Reading | None) -> float:
        """Return the score of a reading between the readings of the lines around it."""
        score = self.local(reading)
        if before is not None:
            score += self.link(before.last, reading.first)
        if after is not None:
            score += self.link(reading.last, after.first)
        return score

    def _together(self, a: str, b: str) -> bool:
        """Tell whether a and b come in a row more often than chance (common words always do)."""
        gone = self.left_out
        together = self.pairs[a, b] - (gone.pairs[a, b] if gone else 0)
        if together <= 0:
            return False
        count_a = self.words[a] - (gone.words[a] if gone else 0)
        count_b = self.words[b] - (gone.words[b] if gone else 0)
        size = sum(self.kinds.values())
        return together * size >= PAIR_LIFT * count_a * count_b

    def local(self, reading: Reading) -> float:
        """Return the score of a reading on its own: the pair its cut parts, how it ends."""
        score = reading.prior
        if reading.parted is not None:
            score -= self.link(*reading.parted)
            if not reading.closes_paragraph and ends_sentence(reading.parted[0]):
                score -= SENTENCE_END_INSIDE_PARAGRAPH
        if reading.closes_paragraph and ends_sentence(reading.last):
            score += SENTENCE_END_AT_PARAGRAPH_END
        return score

    def _starts_sentence(self, word: str) -> float:
        """Return the log-ratio of the word's kind at sentence starts to its kind anywhere."""
        total_starts, total = sum(self.starts.values()), sum(self.kinds.values())
        if not total_starts or not total:
            return 0.0
        kind = _kind(word)
        at_start = (self.starts[kind] + 0.5) / (total_starts + 0.5)
        anywhere = (self.kinds[kind] + 0.5) / (total + 0.5)
        return max(-1.0, min(1.0, math.log(at_start / anywhere)))


def key(word: str) -> str:
    """Return the word normalised, letters only: what word pairs are counted by."""
    return _NON_LETTER.sub("", normalize(word))


def _loose(word_key: str) -> str:
    bare = _CLITICS.sub("", word_key)
    return bare if len(bare) >= 2 else word_key


def _kind(word: str) -> str:
    """Return a coarse kind of word for sentence starts: «و-», a particle, «ال-» or other."""
    word_key = key(word)
    if len(word_key) > 2 and word_key[0] in "وف":
        return "و"
    if len(word_key) <= 3:
        return word_key
    return "ال" if word_key.startswith("ال") else "other"
