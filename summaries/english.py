"""The English side of a briefing, made at ingest: translated with a model, honest without one.

Without a translation model nothing is translated and no English digest is
invented: the English side holds what exists in English anyway (the title
when the document gives one, the authors and every name in English, from the
gazetteer or the romanizer) and the views add the figures' English labels and
the topics. With a model, every sentence of the document goes to it whole, in
one call (the translator batches), so topic digests and search can answer in
English later without translating while a user waits; then each translation
is checked against its Arabic sentence:

- names keep their form: an Arabic name the model copied is replaced by its
  English form, and a near miss ("Blinkin") is respelled as the gazetteer has it;
- figures keep their value: every number of the Arabic sentence must appear
  in the English (digits compared after Arabic-Indic -> ASCII and without
  thousands separators, at any scale: «155 مليون» is "155 million" or
  "155,000,000");
- a translation that still holds Arabic letters is dropped: Arabic text is
  never shown as English.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from summaries.model import Briefing, English, Figure, Name, Sources
from summaries.names import english_form, find_names
from summaries.report import figure_line

if TYPE_CHECKING:
    from summaries.translate import Translator

logger = logging.getLogger(__name__)

NO_BACKEND = "none"
# A word of the translation is taken for a misspelt name when it is this close
# to the name's English word ("Blinkin" 0.86, "Kazimi" 0.77 to "Kadhimi") and
# both have at least MIN_RESPELL_LETTERS letters ("Iran" is not "Iraq": 0.75).
NAME_SIMILARITY = 0.77
MIN_RESPELL_LETTERS = 5
_SCALES = tuple(Decimal(10) ** e for e in (0, 3, 6, 9, -3, -6, -9))

_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_ARABIC_PHRASE = re.compile(r"[\u0621-\u064a\u0640-\u065f]+(?:\s+[\u0621-\u064a\u0640-\u065f]+)*")
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)}, "٫": ".", "٬": ","})
_DIGITS.update({0x06F0 + i: str(i) for i in range(10)})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PUNCTUATION = str.maketrans({"،": ",", "؛": ";", "؟": "?"})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CAPITALISED = re.compile(r"\b(?:[Aa]l-)?[A-Z][A-Za-z'’-]+")


def english_side(briefing: Briefing, translator: Translator | None) -> English:
    """Return the English side of a briefing; its digest is translated only when a model is given.

    A translator that fails is logged and the briefing gets the English side
    of no model: the Arabic briefing is still served.
    """
    names = find_names(briefing.segmented)
    authors = tuple(english_form(a, person=True) for a in briefing.sources.authors)
    title = _own_title(briefing.sources)
    plain = English("", NO_BACKEND, False, names, authors if all(authors) else (), title=title)
    if translator is None:
        return plain
    sentences = briefing.segmented.sentences
    wanted = [s.text for s in sentences] + (
        [briefing.sources.title] if _needs_title(briefing) else []
    )
    try:
        outputs = list(translator.translate(wanted))
    except Exception:  # a broken model must not cost the document its Arabic briefing
        logger.exception("english: the translator %s failed; no English digest", translator.name)
        return plain
    if len(outputs) != len(wanted):
        logger.error(
            "english: %s gave %s translations for %s sentences",
            translator.name,
            len(outputs),
            len(wanted),
        )
        return plain
    figures: dict[str, list[Figure]] = defaultdict(list)
    for figure in briefing.figures:
        figures[figure.sentence_id].append(figure)
    translated: dict[str, str] = {}
    for sentence, output in zip(sentences, outputs, strict=False):
        named = [n for n in names if sentence.id in n.sentence_ids]
        checked = checked_translation(sentence.text, output, figures[sentence.id], named)
        if checked is not None:
            translated[sentence.id] = checked
    digest = [translated[s.id] for s in briefing.digest.sentences if s.id in translated]
    if not title and len(outputs) > len(sentences):
        title = checked_translation(briefing.sources.title or "", outputs[-1], (), names)
    logger.debug("english: %s of %s sentences translated", len(translated), len(sentences))
    return English(
        " ".join(digest),
        backend_name(translator),
        bool(digest),
        names,
        plain.authors,
        tuple(translated.items()),
        title,
    )


def backend_name(translator: Translator) -> str:
    """Return how a translator is reported: "name:version" ("ctranslate2:translate-ar_en-1.0")."""
    return f"{translator.name}:{translator.version}" if translator.version else translator.name


def checked_translation(
    arabic: str, english: str, figures: Sequence[Figure], names: Sequence[Name]
) -> str | None:
    """Return a translation with names and figures checked against the Arabic; None if unusable."""
    text = " ".join((english or "").translate(_PUNCTUATION).split())
    if not text:
        return None
    text = _ARABIC_PHRASE.sub(lambda m: english_form(m[0]) or m[0], text)
    if _ARABIC_RUN.search(text):
        return None  # untranslated Arabic left: never shown as English
    return _keep_figures(arabic, _respell(text, names), figures)


def _own_title(sources: Sources) -> str | None:
    """Return the document's own English title: title_en, or a title written in Latin script."""
    if sources.title_en:
        return sources.title_en
    if sources.title and not _ARABIC_RUN.search(sources.title):
        return sources.title
    return None


def _needs_title(briefing: Briefing) -> bool:
    return bool(briefing.sources.title) and _own_title(briefing.sources) is None


def _respell(text: str, names: Sequence[Name]) -> str:
    """Return text with near misses of the names' English words spelt as the gazetteer has them."""
    wanted = {
        w
        for n in names
        for w in n.english.split()
        if len(_core(w)) >= MIN_RESPELL_LETTERS and _CAPITALISED.fullmatch(w)
    }
    for word in sorted(wanted):
        if re.search(rf"(?<![\w-]){re.escape(_core(word))}\b", text, re.IGNORECASE):
            continue
        candidates = [
            m
            for m in _CAPITALISED.finditer(text)
            if len(_core(m[0])) >= MIN_RESPELL_LETTERS and m[0] not in wanted
        ]
        best = max(candidates, key=lambda m: _likeness(m[0], word), default=None)
        if best is not None and _likeness(best[0], word) >= NAME_SIMILARITY:
            text = text[: best.start()] + word + text[best.end() :]
    return text


def _core(word: str) -> str:
    return re.sub(r"^[Aa]l-", "", word).lower()


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(None, _core(a), _core(b)).ratio()


def _keep_figures(arabic: str, english: str, figures: Sequence[Figure]) -> str:
    """Return the translation with the Arabic sentence's numbers in it.

    One number missing and one unknown number in its place is a number the
    model garbled: it is put back. Otherwise each missing number is appended
    in brackets, with the figure's own English label when it is a key figure.
    """
    wanted = _numbers(arabic)
    found = _numbers(english)
    missing = [n for n in wanted if not any(_same(n.value, f.value) for f in found)]
    if not missing:
        return english
    extra = [n for n in found if not any(_same(w.value, n.value) for w in wanted)]
    if len(missing) == 1 and len(extra) == 1:
        start, end = extra[0].span
        return english[:start] + missing[0].digits + english[end:]
    notes: dict[str, None] = {}
    for number in missing:
        figure = next(
            (f for f in figures if any(_same(number.value, n.value) for n in _numbers(f.surface))),
            None,
        )
        if figure is not None:
            notes[figure_line(figure, "en")] = None
        else:
            notes[f"{number.digits} in the original"] = None
    return f"{english} [{'; '.join(notes)}]"


@dataclass(frozen=True, slots=True)
class _Number:
    span: tuple[int, int]  # where it is written in the text
    digits: str  # ASCII, without thousands separators
    value: Decimal


def _numbers(text: str) -> list[_Number]:
    """Return every number written in digits (ASCII or Arabic-Indic) in text."""
    found = []
    # The digit table maps one character to one, so spans hold in the original text.
    for match in _NUMBER.finditer(text.translate(_DIGITS)):
        digits = _THOUSANDS.sub("", match[0])
        try:
            value = Decimal(digits.replace(",", "."))
        except InvalidOperation:
            continue
        found.append(_Number(match.span(), digits, value))
    return found


def _same(arabic: Decimal, english: Decimal) -> bool:
    return any(arabic * scale == english for scale in _SCALES)
