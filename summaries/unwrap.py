"""Turn the hard-wrapped lines of a PDF text extraction back into paragraphs.

Two things go wrong in Arabic PDF extractions and are mended here:

- Lines are cut at the page width, and blank lines fall inside sentences.
  A line that fills the width continues in the next one; a short line ends
  its paragraph (headings, last lines); across a blank line the text goes on
  only when the line before is full and ends no sentence.
- Some lines come out in pieces in the wrong order. The extractor breaks a
  line where the font kerns («أ|كبر») or stretches a word (kashida «هن|ــاك»)
  and emits the pieces left to right, which for Arabic is last piece first.
  Such a line starts with the end of a word and ends with its beginning:
  " كبر رجال ... سليماني، وأ". The pieces are put back in reverse order and
  the broken words glued. Where the first piece of the real line begins
  cannot be seen in the text, we pick the cut that makes words the document
  uses elsewhere, else the shortest first piece (which at least restores the
  broken word); see ``unswap_line``.
"""

from __future__ import annotations

import re
from statistics import median

from pyarabic import araby

from summaries.words import normalize

SENTENCE_END = re.compile(r"[.!?؟…۔][\"'”»)\]]*$")
TATWEEL = araby.TATWEEL

# Detection: at least this many long lines, mostly ending mid-sentence, and
# not long (a web page has one paragraph per line, hundreds of characters).
_LONG_LINE = 40
_MIN_LONG_LINES = 8
_MAX_MEDIAN_WIDTH = 160
_MIN_OPEN_SHARE = 0.5
# A line at least this share of the usual width fills the line; the rest are
# last lines and headings. Pull quotes in a narrower column still count as full.
_FULL_LINE_SHARE = 0.65

# A word's start cut off by kerning before «ك»: أ, وأ, لأ, وتأ, سأ ... (a whole
# word ending in أ such as «بدأ» or «خطأ» does not match).
_ALEF_TAIL = re.compile(r"^[وفبلكستي]{0,2}[أإآ]$")
_NON_LETTER = re.compile(r"[^\w]|[\d_]")


def ends_sentence(text: str) -> bool:
    """Tell whether text ends with sentence punctuation (closing quotes allowed)."""
    return bool(SENTENCE_END.search(text.rstrip()))


def is_hard_wrapped(lines: list[str]) -> bool:
    """Tell whether lines look cut at a page width (a PDF extraction), not one paragraph a line."""
    long = [line.strip() for line in lines if len(line.strip()) >= _LONG_LINE]
    if len(long) < _MIN_LONG_LINES:
        return False
    open_share = sum(1 for line in long if not ends_sentence(line)) / len(long)
    return median(len(line) for line in long) <= _MAX_MEDIAN_WIDTH and open_share >= _MIN_OPEN_SHARE


def unswap_lines(lines: list[str]) -> list[str]:
    """Return the lines with swapped pieces put back in reading order (blank lines kept)."""
    vocabulary = _vocabulary(lines)
    repaired = []
    for i, line in enumerate(lines):
        last_of_paragraph = i + 1 == len(lines) or not lines[i + 1].strip()
        repaired.append(unswap_line(line, vocabulary, last_of_paragraph=last_of_paragraph))
    return repaired


def unswap_line(line: str, vocabulary: frozenset[str], *, last_of_paragraph: bool = False) -> str:
    """Return one line with its pieces in reading order, or the line itself if it looks whole.

    ``vocabulary`` holds the words (``_key``) the document uses inside its
    lines; a glued word found there is evidence that a cut is right.
    """
    words = line.split()
    if len(words) < 2 or not _starts_mid_word(words, vocabulary):
        return line.strip()
    starts = [i for i in range(1, len(words)) if words[i].startswith(TATWEEL)]
    bounds = [0, *starts]
    # The last piece emitted holds the real line's beginning after its own words.
    last = bounds[-1]
    if len(bounds) > 1:
        cut = _cut_by_vocabulary(words, last, bounds[-2], vocabulary)
    else:
        cut = _cut_at_paragraph_end(words) if last_of_paragraph else None
    cut = cut or len(words) - 1
    pieces = [words[cut:], words[last:cut]]
    pieces += [words[a:b] for a, b in reversed(list(zip(bounds[:-1], bounds[1:], strict=True)))]
    return _glue([p for p in pieces if p])


def join_wrapped(lines: list[str]) -> list[str]:
    """Return the paragraphs of hard-wrapped lines (see the module docstring for the rules)."""
    widths = [len(line.strip()) for line in lines if len(line.strip()) >= _LONG_LINE]
    full_width = _FULL_LINE_SHARE * (median(widths) if widths else 0)
    paragraphs: list[str] = []
    previous, gap = "", False
    for raw in lines:
        line = raw.strip()
        if not line:
            gap = True
            continue
        full = bool(previous) and len(previous) >= full_width
        if full and not (gap and ends_sentence(previous)):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous, gap = line, False
    return paragraphs


def _key(word: str) -> str:
    return _NON_LETTER.sub("", normalize(word))


def _vocabulary(lines: list[str]) -> frozenset[str]:
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


def _cut_by_vocabulary(
    words: list[str], last: int, before: int, vocabulary: frozenset[str]
) -> int | None:
    """Return where the real first piece starts inside the last piece emitted, if words tell."""
    for cut in range(last + 1, len(words)):
        if _key(words[cut - 1] + words[before]) in vocabulary:
            return cut
    return None


def _cut_at_paragraph_end(words: list[str]) -> int | None:
    """Return the cut after the first sentence end: a paragraph's last line ends a sentence."""
    for i, word in enumerate(words[:-1]):
        if ends_sentence(word):
            return i + 1
    return None


def _glue(pieces: list[list[str]]) -> str:
    """Return the pieces joined, each one's first word glued to the word before it."""
    out: list[str] = []
    for piece in pieces:
        if out:
            out[-1] += piece[0]
            out += piece[1:]
        else:
            out += piece
    return " ".join(out)
