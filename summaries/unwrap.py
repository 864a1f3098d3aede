"""Turn the hard-wrapped lines of a PDF text extraction back into paragraphs.

Two things go wrong in Arabic PDF extractions and are mended here:

- Lines are cut at the page width, and blank lines fall inside sentences.
  A line that fills the width continues in the next one; a short line ends
  its paragraph (headings, last lines); across a blank line the text goes on
  only when the line before is full and ends no sentence.
- Some lines come out in pieces in the wrong order: ``summaries.unswap``
  puts them back before the lines are joined here.
"""

from __future__ import annotations

import re
from statistics import median

SENTENCE_END = re.compile(r"[.!?؟…۔][\"'”»)\]]*$")

# Detection: at least this many long lines, mostly ending mid-sentence, and
# not long (a web page has one paragraph per line, hundreds of characters).
_LONG_LINE = 40
_MIN_LONG_LINES = 8
_MAX_MEDIAN_WIDTH = 160
_MIN_OPEN_SHARE = 0.5
# A line at least this share of the usual width fills the line; the rest are
# last lines and headings. Pull quotes in a narrower column still count as full.
_FULL_LINE_SHARE = 0.65


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
