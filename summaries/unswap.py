"""Put back in reading order the PDF lines whose pieces an extractor emitted swapped.

Some extractors break an Arabic line where the font kerns («أ|كبر», «ير|يدون»)
or stretches a word (kashida «هن|ــاك») and emit the pieces left to right,
which for Arabic is the last piece first. Such a line starts with the end of
a word and ends with its beginning: " كبر رجال ... أبو مهدي أدى ... سليماني، وأ"
reads «أدى ... سليماني، وأكبر رجال ... أبو مهدي». Putting the pieces back in
reverse order and gluing the broken words is easy; the hard part is where
the real line begins, since the extractor's space between "مهدي" and "أدى"
looks like any other.

Every place the first piece could begin is a reading of the line; the
readings of all the lines are chosen together (a Viterbi pass down the
document) by what the document itself says about which words follow which
(``Evidence``), with no language model:

- the two words a cut separates were next to each other in the extraction,
  so a cut between words the document puts together elsewhere is unlikely;
- the real line's first word goes on from the line before, its last word
  into the line after: words seen together elsewhere, or two words of one
  known name (the gazetteer), support the cut;
- a paragraph's last line ends a sentence, and a line seldom ends on a
  sentence end inside its paragraph;
- after a sentence end comes a word of the kinds the document starts its
  sentences with (for «و-» words, «في», «لقد» ...).

When nothing tells, the shortest first piece is taken (it at least restores
the broken word).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pyarabic import araby

from summaries.names import joins_name
from summaries.unwrap import ends_sentence
from summaries.words import normalize

TATWEEL = araby.TATWEEL

# A word's start cut off by kerning before «ك»: أ, وأ, لأ, وتأ, سأ ... (a whole
# word ending in أ such as «بدأ» or «خطأ» does not match).
_ALEF_TAIL = re.compile(r"^[وفبلكستي]{0,2}[أإآ]$")
_NON_LETTER = re.compile(r"[^\w]|[\d_]")
# Clitics peeled off for the looser word match («والحكومة» meets «الحكومة»).
_CLITICS = re.compile(r"^(?:وال|فال|بال|كال|لل|ال|و|ف)")

# Weights of the cues, in units of "the document puts these two words together".
NAME_LINK = 1.0  # two words of one known name
EXACT_LINK = 1.0  # the same two words, next to each other elsewhere
LOOSE_LINK = 0.5  # the same two words without clitics
SENTENCE_END_AT_PARAGRAPH_END = 1.5
SENTENCE_END_INSIDE_PARAGRAPH = 1.0
SHORTEST_FIRST_PIECE = 0.01  # breaks ties only
# Words count as going together when they come in a row this many times more than chance.
PAIR_LIFT = 5.0
# Repaired lines are chosen again, with each other's words, at most this many times.
ROUNDS = 3


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a line: its text, first and last words, and the two words its cut parts."""

    text: str
    first: str
    last: str
    parted: tuple[str, str] | None = None
    closes_paragraph: bool = False
    prior: float = 0.0


def unswap_lines(lines: Sequence[str]) -> list[str]:
    """Return the lines with swapped pieces put back in reading order (blank lines kept)."""
    vocabulary = _vocabulary(lines)
    options = [
        _readings(
            line, vocabulary, last_of_paragraph=i + 1 == len(lines) or not lines[i + 1].strip()
        )
        for i, line in enumerate(lines)
    ]
    kept = [i for i, o in enumerate(options) if o]
    evidence = Evidence.of([o[0].text if len(o) == 1 else None for o in options])
    chosen = dict(zip(kept, _best_path([options[i] for i in kept], evidence), strict=True))
    # A word the extractor broke is whole only in repaired lines: its neighbours
    # there are evidence for the other repaired lines. Each is chosen again with them.
    doubtful = [i for i in kept if len(options[i]) > 1]
    for _round in range(ROUNDS):
        again = {}
        for i in doubtful:
            others = evidence.plus(chosen[j].text for j in doubtful if j != i)
            at = kept.index(i)
            before = chosen[kept[at - 1]] if at else None
            after = chosen[kept[at + 1]] if at + 1 < len(kept) else None
            again[i] = max(options[i], key=lambda r: others.fit(r, before, after))
        if all(again[i] is chosen[i] for i in doubtful):
            break
        chosen.update(again)
    return [chosen[i].text if i in chosen else line.strip() for i, line in enumerate(lines)]


def unswap_line(line: str, vocabulary: frozenset[str], *, last_of_paragraph: bool = False) -> str:
    """Return one line with its pieces in reading order, taken on its own (no neighbours)."""
    readings = _readings(line, vocabulary, last_of_paragraph=last_of_paragraph)
    if not readings:
        return line.strip()
    return max(readings, key=Evidence.of([]).local).text


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the document's lines in reading order say about which words follow which."""

    pairs: Counter  # (key, key) of words in a row, and the same without clitics
    words: Counter  # keys, and keys without clitics
    starts: Counter  # kinds of words that begin a sentence
    kinds: Counter  # kinds of all words

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

    def _count(self, words: list[str]) -> None:
        for i, word in enumerate(words):
            key = _key(word)
            self.words[key] += 1
            self.words["~" + _loose(key)] += 1
            self.kinds[_kind(word)] += 1
            if i:
                before = _key(words[i - 1])
                self.pairs[before, key] += 1
                self.pairs["~" + _loose(before), "~" + _loose(key)] += 1
                if ends_sentence(words[i - 1]):
                    self.starts[_kind(word)] += 1

    def link(self, before: str, after: str) -> float:
        """Return how well ``after`` follows ``before``, by the document's own word pairs."""
        if ends_sentence(before):
            return self._starts_sentence(after)
        score = NAME_LINK if joins_name(before, after) else 0.0
        a, b = _key(before), _key(after)
        if self._together(a, b):
            return score + EXACT_LINK
        if self._together("~" + _loose(a), "~" + _loose(b)):
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
        together = self.pairs[a, b]
        size = sum(self.kinds.values())
        return together > 0 and together * size >= PAIR_LIFT * self.words[a] * self.words[b]

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


def _readings(line: str, vocabulary: frozenset[str], *, last_of_paragraph: bool) -> list[Reading]:
    """Return the ways to read a line: itself if it looks whole, else one per possible cut."""
    words = line.split()
    if not words:
        return []
    if len(words) < 2 or not _starts_mid_word(words, vocabulary):
        text = " ".join(words)
        return [Reading(text, words[0], words[-1], closes_paragraph=last_of_paragraph)]
    bounds = [0, *(i for i in range(1, len(words)) if words[i].startswith(TATWEEL))]
    last = bounds[-1]  # the last piece emitted holds the real line's start after its own words
    earlier = [words[a:b] for a, b in reversed(list(zip(bounds[:-1], bounds[1:], strict=True)))]
    readings = []
    for cut in range(last + 1, len(words)):
        if len(bounds) > 1 and _key(words[cut - 1] + words[bounds[-2]]) in vocabulary:
            return [_reading(words, cut, last, earlier, last_of_paragraph)]
        readings.append(_reading(words, cut, last, earlier, last_of_paragraph))
    return readings


def _reading(
    words: list[str], cut: int, last: int, earlier: list[list[str]], last_of_paragraph: bool
) -> Reading:
    first_piece = words[cut:]
    out = _glue([first_piece, words[last:cut], *earlier])
    parted = (out[len(first_piece) - 1 + cut - 1 - last], out[0])
    prior = SHORTEST_FIRST_PIECE * cut / len(words)
    return Reading(" ".join(out), out[0], out[-1], parted, last_of_paragraph, prior)


def _best_path(options: list[list[Reading]], evidence: Evidence) -> list[Reading]:
    """Return one reading per line, the sequence that scores best (Viterbi)."""
    scores = [evidence.local(r) for r in options[0]]
    back: list[list[int]] = []
    for previous, current in zip(options, options[1:], strict=False):
        row, links = [], []
        for reading in current:
            steps = [
                s + evidence.link(p.last, reading.first)
                for s, p in zip(scores, previous, strict=True)
            ]
            best = max(range(len(steps)), key=steps.__getitem__)
            row.append(steps[best] + evidence.local(reading))
            links.append(best)
        scores = row
        back.append(links)
    pick = max(range(len(scores)), key=scores.__getitem__)
    path = [pick]
    for links in reversed(back):
        pick = links[pick]
        path.append(pick)
    return [readings[i] for readings, i in zip(options, reversed(path), strict=True)]


def _key(word: str) -> str:
    return _NON_LETTER.sub("", normalize(word))


def _loose(key: str) -> str:
    bare = _CLITICS.sub("", key)
    return bare if len(bare) >= 2 else key


def _kind(word: str) -> str:
    """Return a coarse kind of word for sentence starts: «و-», a particle, «ال-» or other."""
    key = _key(word)
    if len(key) > 2 and key[0] in "وف":
        return "و"
    if len(key) <= 3:
        return key
    return "ال" if key.startswith("ال") else "other"


def _vocabulary(lines: Sequence[str]) -> frozenset[str]:
    """Return the words used inside lines (first and last words may be pieces: not counted)."""
    inner = {w for line in lines for w in line.split()[1:-1] if not w.startswith(TATWEEL)}
    return frozenset(_key(w) for w in inner)


def _starts_mid_word(words: list[str], vocabulary: frozenset[str]) -> bool:
    first, last = words[0], words[-1]
    if first.startswith(TATWEEL):
        return True
    if not first[0].isalpha() or _key(first) == "":
        return False
    if _ALEF_TAIL.match(last):
        return True
    joined = _key(last + first)
    return (
        joined in vocabulary
        and _key(first) not in vocabulary
        and _key(last) not in vocabulary
        and len(_key(last)) <= 3
    )


def _glue(pieces: list[list[str]]) -> list[str]:
    """Return the pieces' words, each piece's first word glued to the word before it."""
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out:
            out[-1] += piece[0]
            out += piece[1:]
        else:
            out += piece
    return out
