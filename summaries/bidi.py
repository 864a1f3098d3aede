"""Put one line of PDF glyphs, given left to right on the page, back in reading order.

A PDF draws Arabic in visual order: the glyph a reader meets first is at the
right. Numbers and Latin words inside an Arabic line still run left to right.
This is the Unicode bidi algorithm (UAX #9) cut down to what one line of a
document needs: character classes from ``unicodedata``, weak and neutral
types resolved (W1, W3-W7, N1-N2), embedding levels 0-2, and the reordering
of rule L2 undone. Explicit embeddings and isolates do not occur in PDF text.

A unit is the text of one glyph, so a lam-alef ligature whose glyph stands for
the two letters «لا» stays one unit and is never split or reversed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_STRONG_RIGHT = frozenset({"R", "AL"})
_NUMBERS = frozenset({"EN", "AN"})
_NEUTRAL = frozenset({"WS", "ON", "B", "S"})
# A mirrored glyph: in right-to-left text "(" is drawn with the ")" glyph, and
# the PDF's text layer names the glyph, so the pair comes out swapped.
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def visual_to_logical(units: Sequence[str], *, rtl: bool) -> list[str]:
    """Return glyph texts given left to right on the page in their reading order.

    ``rtl`` is the line's base direction (an Arabic line: True).
    """
    if not units:
        return []
    levels = _levels(_types(units), rtl)
    order = list(range(len(units)))
    # L2 reverses runs from the highest level down; undoing it goes from the lowest odd one up.
    for level in range(1 if rtl else min((v for v in levels if v), default=1), max(levels) + 1):
        order, levels = _reverse_runs(order, levels, level)
    return [
        units[i].translate(_MIRROR) if level % 2 else units[i]
        for i, level in zip(order, levels, strict=True)
    ]


def _types(units: Sequence[str]) -> list[str]:
    """Return each unit's bidi class, weak types resolved (W1, W3-W6)."""
    types = [_class(u) for u in units]
    for i, kind in enumerate(types):  # W1: a mark takes its base's class
        if kind == "NSM":
            types[i] = types[i - 1] if i else "ON"
    types = ["R" if t == "AL" else t for t in types]  # W3
    for i in range(1, len(types) - 1):  # W4: one separator between two numbers
        if types[i] in ("CS", "ES") and types[i - 1] == types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] == "AN":
            types[i] = "AN"
    for i, kind in enumerate(types):  # W5: currency and percent signs beside a number
        if kind == "ET" and _next_to_number(types, i):
            types[i] = "EN"
    return ["ON" if t in ("ES", "ET", "CS") else t for t in types]  # W6


def _class(unit: str) -> str:
    """Return the class of the unit's first character that is not a mark (NSM if all are)."""
    kinds = [unicodedata.bidirectional(ch) or "ON" for ch in unit] or ["ON"]
    return next((k for k in kinds if k != "NSM"), "NSM")


def _next_to_number(types: list[str], i: int) -> bool:
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(types) and types[j] == "ET":
            j += step
        if 0 <= j < len(types) and types[j] == "EN":
            return True
    return False


def _levels(types: list[str], rtl: bool) -> list[int]:
    """Return the embedding level of each unit (N1-N2, W7, I1-I2)."""
    base = "R" if rtl else "L"
    # W7: in a left-to-right line a number is part of the left-to-right text.
    strong = ["R" if t in _STRONG_RIGHT or t == "AN" or (rtl and t == "EN") else t for t in types]
    if not rtl:
        strong = ["L" if t == "EN" else t for t in strong]
    resolved = list(strong)
    i = 0
    while i < len(resolved):
        if strong[i] not in _NEUTRAL:
            i += 1
            continue
        j = i
        while j < len(strong) and strong[j] in _NEUTRAL:
            j += 1
        before = strong[i - 1] if i else base
        after = strong[j] if j < len(strong) else base
        side = before if before == after and before in ("L", "R") else base
        resolved[i:j] = [side] * (j - i)
        i = j
    levels = []
    for kind, original in zip(resolved, types, strict=True):
        if original in _NUMBERS and kind != "L":
            levels.append(2)
        elif rtl:
            levels.append(2 if kind == "L" else 1)
        else:
            levels.append(1 if kind == "R" else 0)
    return levels


def _reverse_runs(order: list[int], levels: list[int], level: int) -> tuple[list[int], list[int]]:
    """Return order and levels with every run at ``level`` or higher reversed in place."""
    order, levels = list(order), list(levels)
    i = 0
    while i < len(levels):
        if levels[i] < level:
            i += 1
            continue
        j = i
        while j < len(levels) and levels[j] >= level:
            j += 1
        order[i:j] = order[i:j][::-1]
        levels[i:j] = levels[i:j][::-1]
        i = j
    return order, levels
