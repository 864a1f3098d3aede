"""A dated document's own day named by its weekday: «بدأ الكاظمي الاثنين زيارة رسمية».

News agencies write the day of the week for what happened this week. Only
the safe case is read: in a document whose own date is a full date, the
weekday of that date («الاثنين» in an article of Monday 26 July 2021) is
that date. Any other weekday («الجمعة» in that article: the Friday before,
or the one to come?) is left alone, as are «الاثنين المقبل» / «الماضي»,
«كل اثنين», and «بين الاثنين» ("between the two").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from summaries.figures.labels import Labeler, bare
from summaries.figures.tokens import Tokens
from summaries.figures.vocab import vocab
from summaries.model import Figure, Sentence
from summaries.words import normalize

WEEKDAYS = {
    normalize(w): i
    for i, w in enumerate("الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد".split())
}
_NOT_A_DAY_AFTER = frozenset(normalize(w) for w in "بين كلا هذين كل".split())
_OTHER_WEEK = frozenset(
    normalize(w) for w in "القادم القادمة المقبل المقبلة الماضي الماضية المنصرم".split()
)


def weekday_figures(sentences: Iterable[Sentence], doc_date: str | None) -> list[Figure]:
    """Return a date figure for each sentence naming the weekday of the document's own date."""
    day = _day(doc_date)
    if day is None:
        return []
    found = []
    for sentence in sentences:
        tokens = Tokens.of(sentence.text)
        for i, token in enumerate(tokens):
            word = token.norm[1:] if token.norm.startswith("و") else token.norm
            if token.kind != "word" or WEEKDAYS.get(word) != day.weekday():
                continue
            before = tokens[i - 1].norm if i > 0 else ""
            after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
            if before in _NOT_A_DAY_AFTER or after in _OTHER_WEEK:
                continue
            label = Labeler(tokens, vocab()).event(i, i, "date")
            surface = bare(token.text, "و" if word != token.norm else "")
            value = day.year * 10000 + day.month * 100 + day.day
            found.append(Figure("date", value, day.isoformat(), surface, *label, sentence.id))
            break  # one day per sentence
    return found


def _day(doc_date: str | None) -> date | None:
    if not doc_date or len(doc_date) != 10:
        return None
    try:
        return date.fromisoformat(doc_date)
    except ValueError:
        return None
