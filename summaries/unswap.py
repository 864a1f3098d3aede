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
  into the line after: words seen together elsewhere (also without their
  clitics, or by their stems, and a coordination «X وY» the document has as
  «Y وX»), or two words of one known name (the gazetteer), support the cut;
  words that come together no more than chance (a common word beside
  anything) do not;
- a word the extractor broke is whole only in repaired lines, so after a
  first choice each repaired line is chosen again with the others' words;
- a paragraph's last line ends a sentence, and a line seldom ends on a
  sentence end inside its paragraph;
- after a sentence end comes a word of the kinds the document starts its
  sentences with (for «و-» words, «في», «لقد» ...).

When nothing tells, the shortest first piece is taken (it at least restores
the broken word).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pyarabic import araby

from summaries.line_evidence import Evidence, Reading, key

TATWEEL = araby.TATWEEL

# A word's start cut off by kerning before «ك»: أ, وأ, لأ, وتأ, سأ ... (a whole
# word ending in أ such as «بدأ» or «خطأ» does not match).
_ALEF_TAIL = re.compile(r"^[وفبلكستي]{0,2}[أإآ]$")
SHORTEST_FIRST_PIECE = 0.01  # breaks ties only
# Repaired lines are chosen again, with each other's words, at most this many times.
ROUNDS = 3


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
    place = {i: n for n, i in enumerate(kept)}
    for _round in range(ROUNDS):
        repaired = evidence.plus(chosen[i].text for i in doubtful)
        again = {}
        for i in doubtful:
            others = repaired.without(chosen[i].text)
            at = place[i]
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
        if len(bounds) > 1 and key(words[cut - 1] + words[bounds[-2]]) in vocabulary:
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


def _vocabulary(lines: Sequence[str]) -> frozenset[str]:
    """Return the words used inside lines (first and last words may be pieces: not counted)."""
    inner = {w for line in lines for w in line.split()[1:-1] if not w.startswith(TATWEEL)}
    return frozenset(key(w) for w in inner)


def _starts_mid_word(words: list[str], vocabulary: frozenset[str]) -> bool:
    first, last = words[0], words[-1]
    if first.startswith(TATWEEL):
        return True
    if not first[0].isalpha() or key(first) == "":
        return False
    if _ALEF_TAIL.match(last):
        return True
    joined = key(last + first)
    return (
        joined in vocabulary
        and key(first) not in vocabulary
        and key(last) not in vocabulary
        and len(key(last)) <= 3
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
