"""Key figures: the numbers a briefing reader wants, with what they count.

``extract_figures(sentences)`` reads each sentence (``reader.py``) and keeps,
for each kind, what ``Figure.value`` and ``Figure.unit`` say:

    money     155 مليون دولار         amount / currency: ISO 4217 code ("USD"), or
                                     a word ("dinar") when the text does not say whose
    count     2500 جندي, ثلاث قواعد,  count / unit code from units.toml ("troops")
              الشركاء الواحد والثمانين
    percent   15%, 15 في المائة       percentage / "%"
    duration  8 سنوات, عامين          length / "years", "months", ...
    ordinal   الجولة الرابعة          rank / "round", "session", ...
    date      19 آب/أغسطس, يونيو 2020, year*10000 + month*100 + day, 0 where the text
              2021/07/26             gives no part / ISO 8601 text: "2021-07-26",
                                     "2020-06", or "--08-19" when no year is written
    year      عام 2003, نهاية 2011     the year / "year"

Numbers are read from ASCII and Arabic-Indic digits and from number words
(``numbers.py``). Labels come from the words around the figure: the counted
noun and its adjectives, what an amount is for, the event of a date
(``labels.py``); label_en is never Arabic. Hedges («نحو», «أكثر من») stay in
the surface and mark the English label "(about)", "(more than)".

Repeats in a document (same kind, value and unit) keep their first sentence.
The result is ordered by salience (``salience.py``): money, counts of people
and forces, other counts, percentages, durations, ordinals, then dates and
years together in document order; within a kind exact figures before hedged
ones and labels that say what they count before labels that only repeat the
unit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from summaries.figures.reader import read_figures
from summaries.figures.salience import by_salience
from summaries.figures.vocab import vocab
from summaries.model import Figure, Sentence
from summaries.words import has_arabic

__all__ = ["extract_figures"]

logger = logging.getLogger(__name__)

# Fewer Arabic letters than this is an English footer or a page number.
_MIN_ARABIC_LETTERS = 3


def extract_figures(sentences: Sequence[Sentence]) -> tuple[Figure, ...]:
    """Return the key figures of the sentences, most useful kinds first, without repeats."""
    words = vocab()
    found = [
        figure
        for sentence in sentences
        if has_arabic(sentence.text, _MIN_ARABIC_LETTERS)
        for figure in read_figures(sentence, words)
    ]
    seen: set[tuple[str, float, str]] = set()
    unique = []
    for figure in found:
        if (key := (figure.kind, figure.value, figure.unit)) not in seen:
            seen.add(key)
            unique.append(figure)
    logger.debug("%s figures (%s before merging repeats)", len(unique), len(found))
    return by_salience(unique)
