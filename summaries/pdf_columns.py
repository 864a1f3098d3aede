"""Put the rows of a PDF page into reading order: columns, and lines that span them.

A column gutter is a band of the page that the rows leave empty, row after
row: where the page's rows are counted at each point across, a gutter holds
almost none of them (only lines that span the columns, such as a heading
over both), with many rows on each side. Gaps between words never line up
like that, even when justification widens them, so a justified line is never
cut into pieces, whatever its gaps.

A row that crosses a gutter spans the columns. It cuts the page into bands:
each band is read column by column (the right one first in Arabic), top to
bottom inside a column, then the spanning line, then the next band. So a
full-width heading above two columns is read before them, and the columns
under it do not interleave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summaries.pdf_layout import Glyph

# A gutter is at least this many ems wide (a word space is about 0.3 em) ...
GUTTER_WIDTH = 1.0
# ... crossed by at most this share of the rows that cover the page's fullest point ...
GUTTER_SHARE = 0.2
# ... and has at least this many rows on each side.
GUTTER_ROWS = 3
# Glyphs closer than this (ems) cover the ground between them.
COVER_GAP = 0.5
# Inside a column, a gap wider than this many ems and this many times the
# row's usual word gap sets things apart (a running header and its page
# number); justification widens every gap of a line alike, so never splits it.
SET_APART = 1.5
SET_APART_RATIO = 3.0
# Glyphs within this share of the page's usual size are body text.
BODY_SIZE = 0.15
_NUMBER = re.compile(r"\W*\d{1,4}\W*")


@dataclass(frozen=True, slots=True)
class Block:
    """One line of text on the page: its glyphs and the extent of the column it is set in."""

    glyphs: tuple[Glyph, ...]
    column: tuple[float, float]

    @property
    def top(self) -> float:
        return max(g.middle for g in self.glyphs)


def reading_order(rows: Sequence[Sequence[Glyph]], *, rtl: bool) -> list[Block]:
    """Return the page's rows, split at the column gutters, in reading order."""
    rows = [sorted(row, key=lambda g: g.x0) for row in rows if row]
    if not rows:
        return []
    gutters = _gutters(rows)
    size = median(g.size for row in rows for g in row)
    pieces: list[tuple[list[Glyph], int | None]] = []  # (glyphs, column index or None: spans)
    for row in rows:
        pieces += [
            (part, column)
            for glyphs, column in _split(row, gutters, size)
            for part in _apart(glyphs, size)
        ]
    columns = _extents(pieces, len(gutters) + 1, size)
    left, right = min(g.x0 for r in rows for g in r), max(g.x1 for r in rows for g in r)
    order: list[Block] = []
    band: list[tuple[list[Glyph], int]] = []
    for glyphs, column in sorted(pieces, key=lambda p: -max(g.middle for g in p[0])):
        if column is None:
            order += _read_band(band, columns, rtl)
            band = []
            order.append(Block(tuple(glyphs), (left, right)))
        else:
            band.append((glyphs, column))
    return order + _read_band(band, columns, rtl)


def _gutters(rows: list[list[Glyph]]) -> list[tuple[float, float]]:
    """Return the page's gutters, left to right, as (left, right) x ranges."""
    size = median(g.size for row in rows for g in row)
    left = min(row[0].x0 for row in rows)
    width = int(max(g.x1 for row in rows for g in row) - left) + 1
    cover = [0] * (width + 1)
    for row in rows:
        for a, b in _covered(row, COVER_GAP * size):
            for x in range(int(a - left), int(b - left) + 1):
                cover[x] += 1
    # A gutter is nearly empty next to the fullest points on both its sides.
    before, after = list(cover), list(cover)
    for x in range(1, width + 1):
        before[x] = max(before[x], before[x - 1])
        after[width - x] = max(after[width - x], after[width - x + 1])
    empty = [c <= GUTTER_SHARE * min(b, a) for c, b, a in zip(cover, before, after, strict=True)]
    gutters = []
    x = 0
    while x <= width:
        if not empty[x]:
            x += 1
            continue
        end = x
        while end <= width and empty[end]:
            end += 1
        if end - x >= GUTTER_WIDTH * size and _rows_beside(rows, left + x, left + end):
            gutters.append((left + x, left + end))
        x = end
    return gutters


def _covered(row: list[Glyph], gap: float) -> list[tuple[float, float]]:
    """Return the x ranges a row's glyphs cover, glyphs closer than gap merged."""
    spans = [[row[0].x0, row[0].x1]]
    for glyph in row[1:]:
        if glyph.x0 - spans[-1][1] <= gap:
            spans[-1][1] = max(spans[-1][1], glyph.x1)
        else:
            spans.append([glyph.x0, glyph.x1])
    return [(a, b) for a, b in spans]


def _rows_beside(rows: list[list[Glyph]], a: float, b: float) -> bool:
    on_left = sum(1 for row in rows if row[0].x1 <= a)
    on_right = sum(1 for row in rows if row[-1].x0 >= b)
    return on_left >= GUTTER_ROWS and on_right >= GUTTER_ROWS


def _split(
    row: list[Glyph], gutters: list[tuple[float, float]], size: float
) -> list[tuple[list[Glyph], int | None]]:
    """Return the row's pieces between gutters with their column; a row that bridges one spans.

    A row bridges a gutter when text runs across its middle with no more than
    a word gap: a heading over both columns, not two lines side by side.
    """
    pieces: list[list[Glyph]] = [[]]
    rest = iter(row)
    glyph = next(rest, None)
    for a, b in gutters:
        middle = (a + b) / 2
        while glyph is not None and (glyph.x0 + glyph.x1) / 2 < middle:
            pieces[-1].append(glyph)
            glyph = next(rest, None)
        left = pieces[-1][-1].x1 if pieces[-1] else None
        if left is not None and glyph is not None and glyph.x0 - left < GUTTER_WIDTH * size:
            return [(row, None)]
        pieces.append([])
    while glyph is not None:
        pieces[-1].append(glyph)
        glyph = next(rest, None)
    return [(glyphs, column) for column, glyphs in enumerate(pieces) if glyphs]


def _apart(glyphs: list[Glyph], size: float) -> list[list[Glyph]]:
    """Return the glyphs of a row piece cut where a gap sets things apart (see SET_APART)."""
    gaps = [b.x0 - a.x1 for a, b in zip(glyphs, glyphs[1:], strict=False)]
    words = sorted(g for g in gaps if g > 0.15 * size)  # word gaps, not the ones inside words
    if not words:
        return [glyphs]
    usual = words[(len(words) - 1) // 2]  # the lower median: one wide gap of two is apart
    parts = [[glyphs[0]]]
    for gap, glyph in zip(gaps, glyphs[1:], strict=True):
        if gap > SET_APART * size and gap > SET_APART_RATIO * usual:
            parts.append([])
        parts[-1].append(glyph)
    return parts


def _extents(
    pieces: list[tuple[list[Glyph], int | None]], count: int, size: float
) -> list[tuple[float, float]]:
    """Return each column's extent, from its body text (a wider heading or a page number in
    the margin does not widen it)."""
    extents = []
    for column in range(count):
        inside = [
            g
            for glyphs, c in pieces
            if c == column and not _NUMBER.fullmatch("".join(x.text for x in glyphs))
            for g in glyphs
        ]
        body = [g for g in inside if abs(g.size - size) <= BODY_SIZE * size] or inside
        extents.append((min(g.x0 for g in body), max(g.x1 for g in body)) if body else (0, 0))
    return extents


def _read_band(
    band: list[tuple[list[Glyph], int]], columns: list[tuple[float, float]], rtl: bool
) -> list[Block]:
    """Return a band's lines column by column (right first in Arabic), top to bottom in each."""
    ordered = sorted(band, key=lambda p: (-p[1] if rtl else p[1], -max(g.middle for g in p[0])))
    return [Block(tuple(glyphs), columns[column]) for glyphs, column in ordered]
