"""Repair raw text into the paragraphs a reader would see of the article.

The recipe, in order (each step is a small function named here):

1. characters  ``TEXT_STEPS``: one newline style, the glyphs of a known PDF
   font's private-use code points, presentation forms to letters (NFKC),
   invisible and box-drawing characters out, a box where a full stop was
   back to a full stop.
2. site       ``markup.cut_site_tail``: everything from a "related articles",
   "topics" or "comments" label after the article, then (having kept every
   link in ``urls``) ``markup.strip_markup`` (markdown links -> their visible
   text, URLs out) and ``markup.drop_site_lines`` (navigation, labels, language
   blocks, breadcrumbs).
3. layout     PDF text with hard-wrapped lines: ``unswap.unswap_lines`` puts
   lines whose pieces were swapped back in order, ``unwrap.join_wrapped``
   joins lines into paragraphs. Web text: one line, one paragraph, except
   that ``_join_broken`` mends sentences a removed link cut in two.
4. paragraphs ``PARAGRAPH_STEPS``: heading marks, tatweel, stray tashkeel,
   brackets, quotes and punctuation spacing; then ``_drop_repeats``
   (repeated titles, pull quotes) and ``_drop_trailing_boilerplate``
   (footers in another language, disclaimers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pyarabic import araby

from summaries import markup, unswap, unwrap
from summaries.model import CleanText, RawDocument
from summaries.unwrap import ends_sentence
from summaries.words import has_arabic, tokens

TextStep = Callable[[str], str]

_ARABIC = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_TASHKEEL = "\u064b-\u0652"


# --- 1. characters ----------------------------------------------------------

# Glyphs of an Arabic PDF font whose text layer kept private-use code points
# for digits and a few letter forms (seen in a noonpost.com PDF export; the
# digits check out against the article: 2003, 2011, 2014, 2018, 2022, 29
# and 27 December, 1.5 billion). 0xE00D (6) is inferred from the run 1..9.
# The table is used only when every private-use character of a text is in
# it, so another font's private-use glyphs are dropped, never misread as digits.
_PUA_GLYPHS = {
    "\ue005": "0",
    "\ue008": "1",
    "\ue009": "2",
    "\ue00a": "3",
    "\ue00b": "4",
    "\ue00c": "5",
    "\ue00d": "6",
    "\ue00e": "7",
    "\ue00f": "8",
    "\ue010": "9",
    "\ue0ed": "ز",
    "\ue085": "ع",
    "\ue0a5": "ر",
    "\ue072": "ج",
}
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffd]"
)
_ODD_SPACE = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000\u2500-\u257f]")
# A font without a glyph for "." shows a box; after a word it was a full stop.
_BOX = "□◻☐▢"
_BOX_AFTER_WORD = re.compile(rf"(?<=\S)[ ]*[{_BOX}](?=\s|$)")
_STRAY_BOX = re.compile(f"[{_BOX}]")


def unify_newlines(text: str) -> str:
    """Return text with \\n as its only line break."""
    return re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c]", "\n", text)


def restore_font_glyphs(text: str) -> str:
    """Return text with a known PDF font's private-use glyphs as the letters and digits shown."""
    used = set(_PRIVATE_USE.findall(text))
    if not used or not used <= _PUA_GLYPHS.keys():
        return text
    return text.translate(str.maketrans(_PUA_GLYPHS))


def repair_characters(text: str) -> str:
    """Return NFC text with presentation forms as letters, without invisible or private-use ones."""
    text = unicodedata.normalize("NFC", text)
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _INVISIBLE.sub("", text)
    text = _PRIVATE_USE.sub("", text)
    return _ODD_SPACE.sub(" ", text)


def restore_full_stops(text: str) -> str:
    """Return text with a box after a word turned back into the full stop it replaced."""
    return _STRAY_BOX.sub("", _BOX_AFTER_WORD.sub(".", text))


TEXT_STEPS: tuple[TextStep, ...] = (
    unify_newlines,
    restore_font_glyphs,
    repair_characters,
    restore_full_stops,
)


# --- 2. site: links, URLs and site lines are summaries.markup's job ---------


# --- 3. layout --------------------------------------------------------------

_MIN_JOIN_WORDS = 8  # a shorter unfinished line is a heading, not half a sentence


def _join_broken(lines: list[str], linked: list[bool]) -> list[str]:
    """Return one paragraph per line, mending sentences that links split over lines.

    ``linked[i]`` tells whether line i lost a link or URL. A long line that
    ends no sentence goes on in the next line only when a link was removed
    from either of them or between them; otherwise an unfinished line is a
    title, a caption or a date, and stays on its own.
    """
    paragraphs: list[str] = []
    previous_linked = gap_linked = False
    for line, was_linked in zip(lines, linked, strict=True):
        if not line:
            gap_linked = gap_linked or was_linked
            continue
        previous = paragraphs[-1] if paragraphs else ""
        if (
            (previous_linked or was_linked or gap_linked)
            and previous
            and not previous.startswith("#")
            and not line.startswith("#")
            and not ends_sentence(previous)
            and len(previous.split()) >= _MIN_JOIN_WORDS
        ):
            paragraphs[-1] = f"{previous} {line}"
        else:
            paragraphs.append(line)
        previous_linked, gap_linked = was_linked, False
    return paragraphs


# --- 4. paragraphs ----------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'"})
_PREFIX_TATWEEL = re.compile(r"((?<!\S)[بلكو]ـ)(?=\s*[\d\"'«])")
_LETTER_BEFORE = f"(?<=[{_ARABIC}])"
_LETTER_AFTER = f"(?=[{_ARABIC}])"


def drop_heading_marks(text: str) -> str:
    """Return text without markdown heading marks."""
    return re.sub(r"^#{1,6}\s+|\s+#+$", "", text)


def strip_tatweel(text: str) -> str:
    """Return text without tatweel (ـ), the stretching PDF justification adds inside words.

    A one-letter prefix before a number or a quote keeps it, as in «بـ 155» or «لـ "الحوار"».
    """
    parts = _PREFIX_TATWEEL.split(text)
    # split() puts the captured prefixes at the odd positions.
    return "".join(p if i % 2 else araby.strip_tatweel(p) for i, p in enumerate(parts))


def drop_stray_tashkeel(text: str) -> str:
    """Return text without vowel marks that sit on no letter."""
    return re.sub(f"(?<![{_ARABIC}{_TASHKEEL}])[{_TASHKEEL}]+", "", text)


def balance_brackets(text: str) -> str:
    """Return text without empty brackets and without brackets that never open or close."""
    if not any(ch in text for ch in "()[]"):
        return text
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    keep = [True] * len(text)
    stack: list[int] = []
    pairs = {")": "(", "]": "["}
    for i, ch in enumerate(text):
        if ch in "([":
            stack.append(i)
        elif ch in ")]":
            if stack and text[stack[-1]] == pairs[ch]:
                stack.pop()
            else:
                keep[i] = False
    for i in stack:
        keep[i] = False
    return "".join(ch for ch, k in zip(text, keep, strict=True) if k)


def unify_quotes(text: str) -> str:
    """Return text with straight quotes, and none of the spaces links left inside quote pairs."""
    text = text.translate(_QUOTES)
    if text.count('"') % 2:
        # One quote too many: a quote standing alone between spaces is link debris.
        detached = list(re.finditer(r'(?<=\s)"(?=\s)', text))
        if len(detached) == 1:
            text = text[: detached[0].start()] + text[detached[0].end() :]
    if text.count('"') % 2 == 0:
        text = re.sub(r'"\s*([^"]*?)\s*"', r'"\1"', text)
    return text


def space_punctuation(text: str) -> str:
    """Return text with no space before , . ، ؛ ؟ and one after them between Arabic words."""
    text = re.sub(f"{_LETTER_BEFORE}\\s*,\\s*{_LETTER_AFTER}", "، ", text)
    text = re.sub(r"\s+(?!\.\.)([،؛؟,.!?:;)\]»…])", r"\1", text)  # ".." separates titles
    text = re.sub(r"([(\[«])\s+", r"\1", text)
    text = re.sub(f"([،؛؟]){_LETTER_AFTER}", r"\1 ", text)
    text = re.sub(f"{_LETTER_BEFORE}\\s*/\\s*{_LETTER_AFTER}", "/", text)  # تشرين الأول/أكتوبر
    text = re.sub(f"{_LETTER_BEFORE}([.!?]){_LETTER_AFTER}", r"\1 ", text)
    # A lone و is always the conjunction of the next word, cut off by a link.
    return re.sub(r"(?<!\S)و\s+(?=[\"'«\w])", "و", text)


def collapse_spaces(text: str) -> str:
    """Return text with single spaces and no space at either end."""
    return " ".join(text.split())


PARAGRAPH_STEPS: tuple[TextStep, ...] = (
    drop_heading_marks,
    strip_tatweel,
    drop_stray_tashkeel,
    balance_brackets,
    unify_quotes,
    collapse_spaces,
    space_punctuation,
    collapse_spaces,
)

_MIN_PULL_QUOTE_WORDS = 8
_DISCLAIMER = re.compile(
    r"جميع الحقوق محفوظة|الآراء الواردة|لا تعبر بالضرورة|تعبر عن رأي (كاتبها|الكاتب)"
    r"|all rights reserved|©|\(c\) \d{4}",
    re.IGNORECASE,
)


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Return paragraphs without repeats and without pull quotes of a longer paragraph."""
    unique: dict[str, str] = {}
    for paragraph in paragraphs:
        key = " ".join(tokens(paragraph))
        if key:
            unique.setdefault(key, paragraph)
    keys = list(unique)
    # Which paragraphs hold each run of three words: a pull quote's first run
    # points at the few paragraphs worth searching for the whole quote.
    holders: dict[tuple[str, ...], set[int]] = {}
    for i, key in enumerate(keys):
        words = key.split()
        for j in range(len(words) - 2):
            holders.setdefault(tuple(words[j : j + 3]), set()).add(i)

    def quoted(i: int, key: str) -> bool:
        words = key.split()
        if len(words) < _MIN_PULL_QUOTE_WORDS:
            return False
        return any(f" {key} " in f" {keys[j]} " for j in holders[tuple(words[:3])] if j != i)

    return [unique[key] for i, key in enumerate(keys) if not quoted(i, key)]


def _drop_trailing_boilerplate(paragraphs: list[str]) -> list[str]:
    """Return paragraphs without the footers at the end: other-language or disclaimer paragraphs."""
    kept = list(paragraphs)
    if not _mostly_arabic(" ".join(kept)):
        return kept
    while kept and (not has_arabic(kept[-1]) or _DISCLAIMER.search(kept[-1])):
        kept.pop()
    return kept


def _mostly_arabic(text: str) -> bool:
    letters = len(re.findall(r"[^\W\d_]", text))
    return letters > 0 and len(re.findall(f"[{_ARABIC}]", text)) / letters > 0.5


# --- the recipe -------------------------------------------------------------


def clean(raw: RawDocument) -> CleanText:
    """Return the document's readable paragraphs and every URL found in it."""
    text = raw.text
    for step in TEXT_STEPS:
        text = step(text)
    lines = markup.cut_site_tail(text.split("\n"))
    urls = markup.unique_urls([*raw.urls, *markup.find_urls(lines)])
    stripped = [markup.strip_markup(line) for line in lines]
    linked = [s != line.strip() for s, line in zip(stripped, lines, strict=True)]
    lines = markup.drop_site_lines(["" if s is None else s for s in stripped])
    if unwrap.is_hard_wrapped(lines):
        paragraphs = unwrap.join_wrapped(unswap.unswap_lines(lines))
    else:
        paragraphs = _join_broken(lines, linked)
    for step in PARAGRAPH_STEPS:
        paragraphs = [step(p) for p in paragraphs]
    paragraphs = _drop_trailing_boilerplate(_drop_repeats([p for p in paragraphs if p]))
    return CleanText(paragraphs=tuple(paragraphs), urls=tuple(urls))
