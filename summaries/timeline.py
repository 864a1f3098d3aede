"""The dated events of a document, and when two reports are one event (pure).

``extract_timeline(briefing)`` turns the briefing's date figures (kind
"date": full dates and month–year dates; bare years are no events) into
``TimelineEntry`` values: the date, the clause around it and the keys that
decide whether two reports are one event.

- **The clause** around the date, not the whole sentence (``clauses.py``).
- **The year.** A date written without one («19 آب/أغسطس») takes it from the
  document's own date: the nearest such day to it, after it when the text
  says «القادم», before it for «الماضي». A document without a date leaves
  the year open ("--08-19"); the store then takes it from another document
  that reports the same event with a year (``context_year``), or keeps the
  entry out of the timeline, because a guessed year is worse than none.
  A weekday naming the document's own day («الاثنين» in an article of Monday
  26 July 2021) is that day (``weekdays.py``).
- **English.** The clause of the sentence's machine translation when there is
  one, else the date's English label and the English names in the clause:
  "Iraqi prime minister arrival (Mustafa al-Kadhimi, Washington)"; never
  Arabic.
- **One event.** Two reports are one event when they give the same date and
  share ``SAME_DATE_KEYS`` keys, or one gives the month and the other a day of
  it and they share as many keys, a name among them. Two day dates up to
  ``CONFLICT_DAYS`` apart are a contradiction only when the clauses are
  nearly the same (``CONFLICT_KEYS`` keys, a name among them, and
  ``CONFLICT_LIKENESS`` of all keys): different days are usually different
  events, and a wrong "dates differ" is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from summaries.clauses import CLAUSE_CHARS, clause_of
from summaries.model import (
    Briefing,
    Figure,
    Kind,
    Name,
    Paragraph,
    Segmented,
    Sentence,
    TimelineEntry,
)
from summaries.names import find_names
from summaries.weekdays import weekday_figures
from summaries.words import normalize, stems, tokens

SAME_DATE_KEYS = 2  # keys two reports of one date share to be one event
CONFLICT_KEYS = 3  # keys two reports with different days share to contradict each other
CONFLICT_LIKENESS = 0.5  # ... and the share of all their keys those are
CONFLICT_DAYS = 31  # days apart two dates of one event can be (further: other events)

MONTHS_AR = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيو", "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

_NEXT = frozenset(normalize(w) for w in "القادم القادمة المقبل المقبلة".split())
_LAST = frozenset(normalize(w) for w in "الماضي الماضية المنصرم المنصرمة".split())
# Words every date clause has; they say nothing about which event it is.
_DATE_WORDS = frozenset(
    normalize(w)
    for w in (
        "يوم شهر عام سنة العام السنة الشهر اليوم في من منذ حتى خلال نهاية مطلع بداية أواخر "
        "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد "
        "كانون الثاني الأول يناير شباط فبراير آذار مارس نيسان أبريل إبريل أيار مايو حزيران "
        "يونيو تموز يوليو آب أغسطس أيلول سبتمبر تشرين أكتوبر نوفمبر ديسمبر "
        "القادم القادمة المقبل المقبلة الماضي الماضية"
    ).split()
)
_DATE_STEMS = frozenset(stems(" ".join(_DATE_WORDS), drop_stop_words=False))
_GENERIC_EN = "date"  # the English label of a date whose event the figures stage did not find


def extract_timeline(briefing: Briefing) -> tuple[TimelineEntry, ...]:
    """Return the dated events of a briefing, in document order (none without dates)."""
    sentences = {s.id: s for s in briefing.segmented.sentences}
    english = dict(briefing.english.sentences) if briefing.english else {}
    known = {n.english for n in briefing.english.names} if briefing.english else set()
    doc_date = briefing.sources.date
    dates = [f for f in briefing.figures if f.kind == "date" and f.sentence_id in sentences]
    dated_ids = {f.sentence_id for f in dates}
    undated = [s for s in briefing.segmented.body if s.id not in dated_ids]
    own_day = weekday_figures(undated, doc_date)  # «... الاثنين» in a Monday article
    entries = []
    for figure in [*dates, *own_day]:
        sentence = sentences[figure.sentence_id]
        year_from = "document" if figure in own_day else None
        entry = _entry(figure, sentence, english.get(sentence.id), known, doc_date, year_from)
        if entry is not None:
            entries.append(entry)
    order = {s: i for i, s in enumerate(sentences)}
    return tuple(sorted(entries, key=lambda e: order[e.sentence_id]))


def _entry(
    figure: Figure,
    sentence: Sentence,
    english: str | None,
    known: set[str],
    doc_date: str | None,
    year_from: str | None = None,
) -> TimelineEntry | None:
    text = sentence.text
    at = text.find(figure.surface)
    if at < 0:
        return None
    clause = clause_of(text, at, at + len(figure.surface), figure.label_ar)
    after = tokens(text[at + len(figure.surface) :])[:2]
    when, found_from = dated(figure.unit, doc_date, after)
    year_from = year_from or found_from
    names = _names(clause, known)
    keys = tuple(sorted({*_stems(clause.replace(figure.surface, " ")), *("@" + n for n in names)}))
    clause_en = _english_clause(english, figure, names)
    return TimelineEntry(when, figure.surface, clause, clause_en, sentence.id, keys, year_from)


# -- the year -----------------------------------------------------------------------


def dated(written: str, doc_date: str | None, after: Sequence[str] = ()) -> tuple[str, str]:
    """Return (date, where its year comes from) of a date as written: ISO "2020-06", "--08-19".

    A year-less date takes the year of the nearest such day to the
    document's date (after it for «القادم», before it for «الماضي»); without
    a document date it stays year-less, with "" as its year's source.
    """
    if not written.startswith("--"):
        return written, "text"
    month, day = int(written[2:4]), int(written[5:7])
    reference = _reference(doc_date)
    if reference is None:
        return written, ""
    hint = next((w for w in after if w in _NEXT or w in _LAST), None)
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February of a common year
            continue
    if hint in _NEXT:
        candidates = [c for c in candidates if c >= reference]
    elif hint in _LAST:
        candidates = [c for c in candidates if c <= reference]
    if doc_date is not None and len(doc_date) == 4 and hint is None:
        candidates = [c for c in candidates if c.year == reference.year]
    if not candidates:
        return written, ""
    best = min(candidates, key=lambda c: abs((c - reference).days))
    return best.isoformat(), "document"


def _reference(doc_date: str | None) -> date | None:
    """Return the day a document's date stands for (its middle when only month or year)."""
    if not doc_date or not doc_date[:4].isdigit():
        return None
    parts = [int(p) for p in doc_date.split("-") if p.isdigit()]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 7, 15
    day = parts[2] if len(parts) > 2 else day
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(iso: str) -> int:
    return int(iso[2:4]) if iso.startswith("--") else int(iso[5:7])


# -- keys and English ---------------------------------------------------------------


def _stems(text: str) -> set[str]:
    return {s for s in stems(text) if not s.isdigit() and s not in _DATE_STEMS and len(s) > 1}


def _names(clause: str, known: set[str]) -> tuple[str, ...]:
    """Return the English forms of the names in a clause (gazetteer, or named in the document)."""
    segment = Segmented((Paragraph(0, Kind.BODY, (Sentence("c", clause, 0),)),))
    found: Iterable[Name] = find_names(segment)
    return tuple(n.english for n in found if n.source == "gazetteer" or n.english in known)


def _english_clause(english: str | None, figure: Figure, names: Sequence[str]) -> str:
    """Return the clause in English: of the translation, else the date's label and the names."""
    if english:
        month = MONTHS_EN[_month(figure.unit) - 1]
        pieces = re.split(r"[,;:]\s", english)
        chosen = next((p for p in pieces if month and month in p), None) or english
        return _shorten(chosen.strip(" ."))
    label = figure.label_en if figure.label_en and figure.label_en != _GENERIC_EN else ""
    said = ", ".join(dict.fromkeys(names))
    if label and said:
        return _shorten(f"{label} ({said})")
    return _shorten(label or said)


def _shorten(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= CLAUSE_CHARS else value[: CLAUSE_CHARS - 1].rstrip() + "…"


# -- one event or two ---------------------------------------------------------------


def precision(iso: str) -> str:
    """Return "day", "month" or "open" (no year) of an ISO date of the timeline."""
    if iso.startswith("--"):
        return "open"
    return "day" if len(iso) == 10 else "month"


def same_event(a_date: str, a_keys: Iterable[str], b_date: str, b_keys: Iterable[str]) -> bool:
    """Tell whether two reports are of one event: same date (or day within month), shared keys."""
    shared = set(a_keys) & set(b_keys)
    if len(shared) < SAME_DATE_KEYS:
        return False
    if a_date == b_date:
        return True
    kinds = {precision(a_date), precision(b_date)}
    if kinds == {"day", "month"} and a_date[:7] == b_date[:7]:
        return any(k.startswith("@") for k in shared)
    return False


def contradicts(a_date: str, a_keys: Iterable[str], b_date: str, b_keys: Iterable[str]) -> bool:
    """Tell whether two day dates are given for what reads as the same event."""
    if precision(a_date) != "day" or precision(b_date) != "day" or a_date == b_date:
        return False
    if abs((date.fromisoformat(a_date) - date.fromisoformat(b_date)).days) > CONFLICT_DAYS:
        return False
    a, b = set(a_keys), set(b_keys)
    shared = a & b
    return (
        len(shared) >= CONFLICT_KEYS
        and any(k.startswith("@") for k in shared)
        and len(shared) >= CONFLICT_LIKENESS * len(a | b)
    )


def context_year(
    open_date: str, keys: Iterable[str], anchors: Iterable[tuple[int, str, Iterable[str]]]
) -> tuple[int, tuple[int, ...]] | None:
    """Return the year other reports give a year-less date, and who gives it; None unless one.

    ``anchors`` are (document id, date, keys) of reports whose year their own
    text or document gives; only those in the same month, on the same day or
    for the whole month, sharing keys and a name, count, and they must agree.
    """
    return agreed_year(context_years(open_date, keys, anchors))


def context_years(
    open_date: str, keys: Iterable[str], anchors: Iterable[tuple[int, str, Iterable[str]]]
) -> dict[int, set[int]]:
    """Return, for each year anchors give a year-less date's event, the documents giving it."""
    month, day = open_date[2:4], open_date[5:7]
    keys = set(keys)
    years: dict[int, set[int]] = {}
    for doc_id, when, other in anchors:
        if precision(when) == "open" or when[5:7] != month:
            continue
        if precision(when) == "day" and when[8:10] != day:
            continue
        shared = keys & set(other)
        if len(shared) >= SAME_DATE_KEYS and any(k.startswith("@") for k in shared):
            years.setdefault(int(when[:4]), set()).add(doc_id)
    return years


def agreed_year(
    years: dict[int, set[int]], without: int | None = None
) -> tuple[int, tuple[int, ...]] | None:
    """Return the one year of context_years (documents other than ``without``), None unless one."""
    kept = {y: docs - {without} for y, docs in years.items()}
    kept = {y: docs for y, docs in kept.items() if docs}
    if len(kept) != 1:
        return None
    year, docs = kept.popitem()
    return year, tuple(sorted(docs))


def with_year(open_date: str, year: int) -> str:
    """Return a year-less ISO date ("--08-19") with its year ("2020-08-19")."""
    return f"{year:04d}-{open_date[2:]}"


def format_date(iso: str, lang: str) -> str:
    """Return a timeline date as readers write it: «19 آب/أغسطس 2020», "19 August 2020"."""
    month = _month(iso)
    if precision(iso) == "open":
        day, year = int(iso[5:7]), ""
    else:
        year, day = iso[:4], int(iso[8:10]) if len(iso) == 10 else 0
    name = (MONTHS_AR if lang == "ar" else MONTHS_EN)[month - 1]
    return " ".join(str(x) for x in (day or "", name, year) if x)
