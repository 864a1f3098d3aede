"""Numbers in a sentence: digits (ASCII or Arabic-Indic) or number words, with their scale words.

pyarabic's ``text2number`` reads «واحد وثمانين» but returns 0 for the definite
«الواحد والثمانين» and for ordinals, so number words come from units.toml and
are added here: words add up, a scale word multiplies what came before it
(ثلاثة آلاف = 3000, 155 مليون = 155000000).

Not numbers of a figure: digits written into a name or a code (كوفيد-19,
F-16, G20), after a naming word (مجموعة العشرين, المادة 140), list bullets and
footnote marks («1.», «(3)»), and a scale word alone when it is plural
(«ملايين العراقيين») or follows no word (a PDF lost the digits: «. مليار»).
"""

from __future__ import annotations

from dataclasses import dataclass

from summaries.figures.tokens import Tokens
from summaries.figures.vocab import Vocab

_GLUE = frozenset("-_/.:")  # marks that tie digits to a name: كوفيد-19, F-16
_CLITIC_LETTERS = frozenset("وفلبك")  # «بـ155»: a preposition before digits


@dataclass(frozen=True, slots=True)
class Number:
    """A number of the sentence: its first and last token and its value."""

    first: int
    last: int
    value: float


def find_numbers(tokens: Tokens, words: Vocab) -> list[Number]:
    """Return the numbers of the sentence in order, each with its scale words."""
    numbers, i = [], 0
    while i < len(tokens):
        number = (
            _digits_at(tokens, i, words) if tokens[i].kind == "num" else _words_at(tokens, i, words)
        )
        if number and not _after_name(tokens, number.first, words):
            numbers.append(number)
        i = number.last + 1 if number else i + 1
    return numbers


def digits_value(norm: str) -> float | None:
    """Return the value of digits: 2500, 2,500 (thousands), 1.5 and 2٫5 (decimals), else None."""
    text = norm.replace("\u066c", ",").replace("\u066b", ".")
    if "," in text:
        groups = text.split(",")
        if all(len(g) == 3 for g in groups[1:]) and "." not in text:
            text = "".join(groups)
        elif len(groups) == 2:
            text = ".".join(groups)  # 2,5: a decimal comma
        else:
            return None
    try:
        return float(text)
    except ValueError:
        return None


def words_value(parts: list[tuple[float, bool]]) -> float:
    """Return the value of (value, is a scale) number words: خمسة وعشرون ألفا -> 25000."""
    total = current = 0.0
    for value, is_scale in parts:
        if is_scale:
            total += (current or 1) * value
            current = 0
        elif value == 100 and 0 < current < 10:  # ثلاث مائة
            current *= 100
        else:
            current += value
    return total + current


def _digits_at(tokens: Tokens, i: int, words: Vocab) -> Number | None:
    value = digits_value(tokens[i].norm)
    if value is None or _glued(tokens, i) or _bullet(tokens, i):
        return None
    last = i
    while (scale := _scale(tokens, last + 1, words)) is not None:
        value, last = value * scale, last + 1
    return Number(i, last, value)


def _scale(tokens: Tokens, i: int, words: Vocab) -> float | None:
    token = tokens.word(i)
    found = words.scales.get(token.norm) if token else None
    return found[0] if found else None


def _words_at(tokens: Tokens, i: int, words: Vocab) -> Number | None:
    parts: list[tuple[float, bool, bool]] = []
    j = i
    while (token := tokens.word(j)) and (part := words.number_word(token.norm, first=j == i)):
        parts.append(part)
        j += 1
    if not parts:
        return None
    if len(parts) == 1 and parts[0][1] and (parts[0][2] or not tokens.word(i - 1)):
        return None  # «ملايين العراقيين» is vague; «. مليار» lost its digits
    return Number(i, j - 1, words_value([(value, is_scale) for value, is_scale, _ in parts]))


def _glued(tokens: Tokens, i: int) -> bool:
    """Tell whether the digits at i are written into a name or a code (كوفيد-19, F-16, G20)."""
    for j, k in ((i - 1, i - 2), (i + 1, i + 2)):
        if not tokens.touch(min(i, j), max(i, j)):
            continue
        neighbour = tokens[j]
        if neighbour.kind == "word":
            clitic = j < i and len(neighbour.norm) <= 2 and set(neighbour.norm) <= _CLITIC_LETTERS
            return not clitic
        if neighbour.text in _GLUE and tokens.word(k) and tokens.touch(min(j, k), max(j, k)):
            return True
    return False


def _bullet(tokens: Tokens, i: int) -> bool:
    """Tell whether the digits at i number a list item or a footnote: «1.» «(3)»."""
    closes = tokens.touch(i, i + 1) and tokens.is_mark(i + 1, ".)-")
    opens = tokens.touch(i - 1, i) and tokens.is_mark(i - 1, "([")
    return (i == 0 and closes) or (opens and closes)


def _after_name(tokens: Tokens, i: int, words: Vocab) -> bool:
    before = tokens.word(i - 1)
    return before is not None and words.is_name_marker(before.norm)
