"""Turn the glyphs on PDF pages into paragraphs in reading order.

PDF text extractors fail on Arabic in their own ways: words come out in
visual order (reversed), spaces are lost where a PDF places words instead of
drawing space glyphs, lines are read straight across two columns, and a
lam-alef glyph that stands for «لا» is reversed into «ال». Working from the
glyphs' positions avoids all of them:

1. rows: glyphs on one baseline;
2. columns: ``pdf_columns.reading_order`` cuts rows at the gutters the page
   leaves empty row after row, and reads each band between full-width lines
   column by column (the right one first in Arabic), top to bottom;
3. words: a gap wider than ``SPACE_GAP`` ems between two glyphs is a space;
   the glyphs, given left to right, go through ``bidi.visual_to_logical``;
4. paragraphs: a line goes on in the next one when the next one's first
   word would not have fitted at its end, and the next one is not set apart
   by a wider gap or another font size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from summaries.bidi import visual_to_logical
from summaries.pdf_columns import reading_order

# Gaps, in ems of the glyphs' font size. A word space is 0.25-0.35 em; the
# gaps between the glyphs of one word are about zero.
SPACE_GAP = 0.15
# Baselines closer than this share a row.
SAME_ROW = 0.5
# A word space, in ems, for the room left at a line's end.
SPACE_WIDTH = 0.3
# A gap this many times the usual line pitch separates paragraphs.
PARAGRAPH_GAP = 1.4
# Lines are set at most this many font sizes apart inside a paragraph
# (single spacing is 1.2, "double spacing" in a word processor about 2).
USUAL_LEADING = 1.6
# Another font size (heading, footnote) starts a paragraph.
SIZE_CHANGE = 0.15

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_DIGITS = re.compile(r"[\d\u0660-\u0669]+")
_PAGE_NUMBER = re.compile(r"\W*\d{1,4}\W*|\W*[-–]\s*\d{1,4}\s*[-–]\W*")


@dataclass(frozen=True, slots=True)
class Glyph:
    """One drawn glyph: the text its font maps it to, its box, its font size."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    column: tuple[float, float]
    page: int
    first_word: float  # width of the word read first (rightmost in Arabic)


def arrange(pages: Sequence[Sequence[Glyph]]) -> list[str]:
    """Return the paragraphs of the pages' glyphs, in reading order."""
    glyphs = [g for page in pages for g in page]
    rtl = _arabic_document("".join(g.text for g in glyphs))
    lines = [line for i, page in enumerate(pages) for line in _page_lines(page, i, rtl)]
    running = _running_lines(lines)
    return _paragraphs(
        [line for line in lines if not _PAGE_NUMBER.fullmatch(line.text) and line not in running]
    )


def _running_lines(lines: list[_Line]) -> set[_Line]:
    """Return the running headers and footers: a page's top or bottom line that most pages repeat.

    Left in, a header would land inside the paragraph that goes on over the page break.
    """
    pages = {line.page for line in lines}
    if len(pages) < 2:
        return set()
    edges: dict[str, list[_Line]] = {}
    for page in pages:
        on_page = [line for line in lines if line.page == page]
        top, bottom = max(x.y for x in on_page), min(x.y for x in on_page)
        for line in on_page:
            if min(top - line.y, line.y - bottom) <= SAME_ROW * line.size:
                edges.setdefault(_DIGITS.sub("", line.text).strip(), []).append(line)
    return {
        line
        for text, found in edges.items()
        if text and len({x.page for x in found}) >= max(2, len(pages) / 2)
        for line in found
    }


def _arabic_document(text: str) -> bool:
    return len(_ARABIC.findall(text)) >= len(_LATIN.findall(text))


def _page_lines(page: Sequence[Glyph], index: int, rtl: bool) -> list[_Line]:
    """Return the page's lines in reading order (columns and spanning lines: pdf_columns)."""
    glyphs = [g for g in _with_marks(page) if g.text.strip() and g.size > 0]
    lines = []
    for block in reading_order(_rows(glyphs), rtl=rtl):
        segment = list(block.glyphs)
        text, first_word = _text(segment, rtl)
        if text:
            lines.append(
                _Line(
                    text=text,
                    x0=min(g.x0 for g in segment),
                    x1=max(g.x1 for g in segment),
                    y=median(g.y0 for g in segment),
                    size=median(g.size for g in segment),
                    column=block.column,
                    page=index,
                    first_word=first_word,
                )
            )
    return lines


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Return glyphs grouped by baseline, top row first."""
    rows: list[list[Glyph]] = []
    middle = 0.0
    for glyph in sorted(glyphs, key=lambda g: -g.middle):
        if rows and abs(glyph.middle - middle) <= SAME_ROW * glyph.size:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
            middle = glyph.middle
    return rows


def _text(segment: list[Glyph], rtl_document: bool) -> tuple[str, float]:
    """Return one line's text in reading order, spaces where the glyphs leave a word gap,
    and the width of the word read first."""
    raw = "".join(g.text for g in segment)
    arabic, latin = len(_ARABIC.findall(raw)), len(_LATIN.findall(raw))
    rtl = arabic > 0 and (rtl_document or arabic >= latin)
    units: list[str] = []
    words: list[list[float]] = []  # [left, right] of each word, left to right
    for glyph in sorted(segment, key=lambda g: (g.x0, g.x1)):
        if words and glyph.x0 - words[-1][1] > SPACE_GAP * glyph.size:
            units.append(" ")
            words.append([glyph.x0, glyph.x1])
        elif words:
            words[-1][1] = max(words[-1][1], glyph.x1)
        else:
            words.append([glyph.x0, glyph.x1])
        units.append(glyph.text)
    first = words[-1] if rtl else words[0]
    text = " ".join("".join(visual_to_logical(units, rtl=rtl)).split())
    return text, first[1] - first[0]


def _with_marks(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Return the glyphs (in drawing order) with each vowel mark joined to its letter.

    A mark's box says little (it has no width and sits wherever the font's
    offsets put it), but shaped runs are drawn in HarfBuzz's visual order,
    which every common producer follows: an Arabic mark just before its
    letter, a Latin one just after.
    """
    out: list[Glyph] = []
    pending = ""  # Arabic marks waiting for the letter drawn after them
    for glyph in glyphs:
        if not _is_mark(glyph.text):
            out.append(_joined(glyph, pending) if pending else glyph)
            pending = ""
        elif _ARABIC.search(glyph.text):
            pending += glyph.text
        elif out:
            out[-1] = _joined(out[-1], glyph.text)
    if pending and out:  # marks drawn last: they belong to the letter before them
        out[-1] = _joined(out[-1], pending)
    return out


def _joined(glyph: Glyph, marks: str) -> Glyph:
    return Glyph(glyph.text + marks, glyph.x0, glyph.x1, glyph.y0, glyph.y1, glyph.size)


def _is_mark(text: str) -> bool:
    return all(unicodedata.combining(ch) for ch in text)


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Return lines joined into paragraphs (see rule 4 of the module docstring)."""
    pitches = [
        a.y - b.y
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and a.column == b.column and a.y > b.y
    ]
    # The lower quartile: in a text of short paragraphs most steps cross a paragraph gap;
    # in a text too short to tell, a line is never much taller than its font.
    usual = USUAL_LEADING * median(line.size for line in lines) if lines else 0.0
    pitch = min(sorted(pitches)[len(pitches) // 4], usual) if pitches else usual
    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None and _goes_on(previous, line, pitch):
            paragraphs[-1] = f"{paragraphs[-1]} {line.text}"
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def _goes_on(previous: _Line, line: _Line, pitch: float) -> bool:
    """Tell whether line continues the paragraph of the line before it.

    A line was cut at the column's edge when the next line's first word
    would not have fitted in the room it leaves; when it would have, the
    line ended its paragraph (or is a heading).
    """
    room = (previous.column[1] - previous.column[0]) - (previous.x1 - previous.x0)
    if room > line.first_word + SPACE_WIDTH * line.size:
        return False
    if abs(line.size - previous.size) > SIZE_CHANGE * previous.size:
        return False
    same_column = line.page == previous.page and line.column == previous.column
    return not (same_column and pitch and previous.y - line.y > PARAGRAPH_GAP * pitch)
