"""Arabic words for matching: normalisation, tokens, stems and stop words.

Every comparison of Arabic text in Mujaz (topics, search, redundancy in
digests) goes through here, so «القوات», «قوات» and «للقوات» meet in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.isri import ISRIStemmer

_ALEF_FORMS = str.maketrans(
    {
        "\u0622": "\u0627",  # آ
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0671": "\u0627",  # ٱ
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Eastern Arabic-Indic digits
    }
)
_NON_WORD = re.compile(r"[\W_]+")
# Tashkeel (U+064B–U+065F), superscript alef (U+0670) and tatweel (U+0640): the
# set pyarabic strips, as one regex, because pyarabic's per-character loop is
# most of the cost of normalising a long document.
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")

# ISRI (Taghva et al. 2005) conflates prefixes and plural patterns much better
# than NLTK's Snowball Arabic stemmer: القوات / قوات / للقوات all give قوت.
_STEMMER = ISRIStemmer()


def normalize(text: str) -> str:
    """Return text without tashkeel or tatweel, one alef, ى->ي, ة->ه, ASCII digits, lower case."""
    return _MARKS.sub("", text).translate(_ALEF_FORMS).lower()


def tokens(text: str) -> list[str]:
    """Return the normalised words of text (letters and digits only)."""
    return _NON_WORD.sub(" ", normalize(text)).split()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the ISRI stem of one normalised Arabic word; other words come back lower-cased."""
    if not _ARABIC_LETTER.search(word):
        return word.lower()
    return _STEMMER.stem(word)


def stems(text: str, *, drop_stop_words: bool = True) -> list[str]:
    """Return the stems of the content words of text."""
    words = tokens(text)
    if drop_stop_words:
        words = [w for w in words if w not in STOP_WORDS]
    return [stem(w) for w in words if len(w) > 1]


def has_arabic(text: str, minimum: int = 1) -> bool:
    """Tell whether text holds at least ``minimum`` Arabic letters."""
    return len(_ARABIC_LETTER.findall(text)) >= minimum


def _load_stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(normalize(w) for w in get_stop_words("arabic"))


STOP_WORDS: frozenset[str] = _load_stop_words()
