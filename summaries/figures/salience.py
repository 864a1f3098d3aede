"""How much a figure matters to a briefing reader, and whether its label says what it counts.

Salience orders figures within a document and across the corpus: amounts of
money first, then counts of people and forces, other counts, percentages,
durations, and last ordinals, dates and years. Within a kind an exact figure
goes before a hedged one («أكثر من 1.5 مليار»: a bound, not an amount), a
label that names what is counted before one that only repeats its unit
(«دولة: 12 دولة»), and, across the corpus, a fact several documents state
before one stated once. The kind weights are spaced so that no number of
sources lifts a count above an amount of money (issue 12).

``label_words`` reduces a label to what it says beyond its unit, as
canonical words: a nationality as its English adjective («أمريكي»,
«أميركي», «الأمريكيين» -> "us"), every other word as its ISRI stem
(«للتحالف», «التحالف» -> حلف); the counted noun itself, its synonyms of
the same unit («جندي», «قوات», «عسكري») and stop words are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from summaries.figures.tokens import Tokens
from summaries.figures.vocab import match, vocab
from summaries.model import Figure
from summaries.words import STOP_WORDS, stem

KIND_WEIGHT = {
    "money": 50.0,
    "count": 40.0,
    "percent": 35.0,
    "duration": 20.0,
    "ordinal": 10.0,
    "date": 8.0,
    "year": 6.0,
}
# Counts of people and forces weigh more than counts of bases, countries, rounds.
PEOPLE_UNITS = frozenset(
    "troops people refugees displaced killed wounded advisers trainers detainees "
    "job_seekers jobs candidates votes".split()
)
PEOPLE_BONUS = 4.0
HEDGE_PENALTY = 1.0  # «نحو», «أكثر من»: a bound or an estimate
UNNAMED_PENALTY = 4.5  # the label only repeats the unit: below the named figures of its kind
SOURCE_BONUS, MAX_EXTRA_SOURCES = 2.0, 2  # at most +4: never across a kind (weights 5+ apart)
# Words of year and date labels that say no more than "year" / "date".
_TIME_WORDS = frozenset(stem(w) for w in ("سنة", "عام", "العام", "السنة", "تاريخ", "شهر"))
HEDGES = ("about", "more than", "less than", "at least", "up to")


def hedge_of(figure: Figure) -> str:
    """Return the English hedge a figure carries ("about", "more than", ...), "" when exact."""
    for hedge in HEDGES:
        if figure.label_en.endswith(f"({hedge})"):
            return hedge
    return ""


def label_words(figure: Figure) -> tuple[str, ...]:
    """Return the canonical words of a figure's Arabic label beyond its unit, in order, once."""
    words = vocab()
    if figure.label_ar == words.generic[figure.kind][0]:
        return ()
    tokens = Tokens.of(figure.label_ar)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens.word(i)
        if token is None:
            i += 1
            continue
        if (unit := _same_unit(tokens, i, figure)) is not None:
            i += unit
            continue
        people = match(words.nationalities, tokens, i)
        if people is not None:
            word, size = people.value[0].lower(), people.size
        else:
            base = token.norm
            word, size = ("" if base in STOP_WORDS or len(base) < 2 else stem(base)), 1
        if word and word not in found and word not in _TIME_WORDS:
            found.append(word)
        i += size
    return tuple(found)


def _same_unit(tokens: Tokens, i: int, figure: Figure) -> int | None:
    """Return how many words at i name the figure's own unit (جندي, قوات, جولة), else None."""
    words = vocab()
    counted = match(words.counted, tokens, i)
    if counted is not None and counted.value == figure.unit:
        return counted.size
    ranked = match(words.ordinal_nouns, tokens, i)
    if ranked is not None and ranked.value[0] == figure.unit:
        return ranked.size
    return None


def names_what_it_counts(figure: Figure) -> bool:
    """Tell whether the label says more than the figure's unit («جندي أمريكي», not «دولة»)."""
    return bool(label_words(figure))


def salience(figure: Figure, sources: int = 1) -> float:
    """Return how much a figure matters: kind first, then label, hedge and number of sources."""
    score = KIND_WEIGHT.get(figure.kind, 0.0)
    if figure.kind == "count" and figure.unit in PEOPLE_UNITS:
        score += PEOPLE_BONUS
    if hedge_of(figure):
        score -= HEDGE_PENALTY
    if not names_what_it_counts(figure):
        score -= UNNAMED_PENALTY
    return score + SOURCE_BONUS * min(max(sources - 1, 0), MAX_EXTRA_SOURCES)


def by_salience(figures: Sequence[Figure]) -> tuple[Figure, ...]:
    """Return figures most salient first; dates and years keep document order among themselves."""
    timed = ("date", "year")
    return tuple(
        sorted(figures, key=lambda f: -(KIND_WEIGHT["date"] if f.kind in timed else salience(f)))
    )
