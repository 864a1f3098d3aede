"""The one interface every English translation backend offers, and what they share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

# Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9) digits, and
# the Arabic decimal, thousands and percent signs, as their ASCII forms.
_ASCII_NUMERALS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066b": ".",  # ٫ decimal separator
        "\u066c": ",",  # ٬ thousands separator
        "\u066a": "%",  # ٪
    }
)
# A number as a reader sees it: digits, maybe grouped by commas, maybe a decimal part.
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


class Translator(Protocol):
    """Arabic to English, a batch of whole sentences at a time.

    ``name`` is the backend ("ctranslate2"), ``version`` the model it runs
    ("translate-ar_en-1.0"); callers report them as ``name:version``.
    """

    name: str
    version: str

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Return the English of each Arabic sentence: same length, same order."""
        ...


def ascii_numerals(text: str) -> str:
    """Return text with Arabic-Indic digits and number signs written in ASCII.

    Translation models copy ASCII digits far more faithfully than Arabic-Indic
    ones, and the figure check downstream compares ASCII numbers.
    """
    return text.translate(_ASCII_NUMERALS)


def numbers(text: str) -> tuple[str, ...]:
    """Return the numbers written in digits in text, in order, in ASCII without grouping commas."""
    return tuple(m.group().replace(",", "") for m in _NUMBER.finditer(ascii_numerals(text)))


def missing_numbers(arabic: str, english: str) -> tuple[str, ...]:
    """Return the numbers of the Arabic text that its English text lacks (empty: all kept)."""
    kept = set(numbers(english))
    return tuple(n for n in dict.fromkeys(numbers(arabic)) if n not in kept)
