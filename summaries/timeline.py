"""The dated events of a document, and when two reports are one event (pure).

``extract_timeline(briefing)`` turns the briefing's date figures (kind
"date": full dates and month–year dates; bare years are no events) into
``TimelineEntry`` values: the date, the clause around it and the keys that
decide whether two reports are one event.

- **The clause.** The sentence is cut at clause boundaries («،», «؛», ":",
  brackets, and words that start a clause: «و...» conjunctions, «فيما»,
  «حيث»...) around the date; a relative clause («الذي انطلق ...») keeps its
  antecedent; a leading «عندما», «بعد», «منذ» goes (the event is what
  happened, not "since" it). Longer than ``CLAUSE_CHARS``, words after the
  date go first, then words at the start ("…" marks a cut).
- **The year.** A date written without one («19 آب/أغسطس») takes it from the
  document's own date: the nearest such day to it, after it when the text
  says «القادم», before it for «الماضي». A document without a date leaves
  the year open ("--08-19"); the store then takes it from another document
  that reports the same event with a year (``context_year``), or keeps the
  entry out of the timeline, because a guessed year is worse than none.
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
from dataclasses import dataclass
from datetime import date

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
from summaries.words import normalize, stems, tokens

CLAUSE_CHARS = 80  # a clause longer than this is cut
SAME_DATE_KEYS = 2  # keys two reports of one date share to be one event
CONFLICT_KEYS = 3  # keys two reports with different days share to contradict each other
CONFLICT_LIKENESS = 0.5  # ... and the share of all their keys those are
CONFLICT_DAYS = 31  # days apart two dates of one event can be (further: other events)
WORDS_AFTER_DATE = 3  # more words after the date than this, and they go
_HARD_CHARS = 100  # a clause still longer than this loses words at its start

MONTHS_AR = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيو", "تموز/يوليو", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

_BOUNDARY_MARKS = re.compile(r"[،,؛;:()\[\]«»\"“”]|\s[-–—]\s")
# Words (normalised) that start a clause of their own.
_CLAUSE_WORDS = frozenset(
    normalize(w)
    for w in (
        "وقد وكان وكانت ولم ولا وهو وهي وفي ومن وأن وإن وقال وأكد وأضاف وتابع وتأتي "
        "ويقول ويوضح وذلك وهذا وهذه ومع وعلى وبعد وقبل ومنذ ووفق ولكن وفيما وحين "
        "فيما بينما حيث لكن إلا ثم كما إذ أما بل حين فحين حينما عندما لما"
    ).split()
)
# Words a clause loses at its start: the event is what happened, not "when" or "since".
_LEADING = frozenset(
    normalize(w)
    for w in "عندما حين فحين حينما لما بعد وبعد منذ ومنذ فيما وفيما بينما حيث كما ثم إذ".split()
)
_RELATIVE = frozenset(normalize(w) for w in "الذي التي الذين اللذين اللتين اللواتي".split())
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


@dataclass(frozen=True, slots=True)
class _Cut:
    """A clause as character offsets into its sentence."""

    start: int
    end: int


def extract_timeline(briefing: Briefing) -> tuple[TimelineEntry, ...]:
    """Return the dated events of a briefing, in document order (none without dates)."""
    sentences = {s.id: s for s in briefing.segmented.sentences}
    english = dict(briefing.english.sentences) if briefing.english else {}
    known = {n.english for n in briefing.english.names} if briefing.english else set()
    entries = []
    for figure in briefing.figures:
        sentence = sentences.get(figure.sentence_id)
        if figure.kind != "date" or sentence is None:
            continue
        entry = _entry(figure, sentence, english.get(sentence.id), known, briefing.sources.date)
        if entry is not None:
            entries.append(entry)
    order = {s: i for i, s in enumerate(sentences)}
    return tuple(sorted(entries, key=lambda e: order[e.sentence_id]))


def _entry(
    figure: Figure, sentence: Sentence, english: str | None, known: set[str], doc_date: str | None
) -> TimelineEntry | None:
    text = sentence.text
    at = text.find(figure.surface)
    if at < 0:
        return None
    clause = clause_of(text, at, at + len(figure.surface), figure.label_ar)
    after = tokens(text[at + len(figure.surface) :])[:2]
    when, year_from = dated(figure.unit, doc_date, after)
    names = _names(clause, known)
    keys = tuple(sorted({*_stems(clause.replace(figure.surface, " ")), *("@" + n for n in names)}))
    clause_en = _english_clause(english, figure, names)
    return TimelineEntry(when, figure.surface, clause, clause_en, sentence.id, keys, year_from)


# -- the clause ---------------------------------------------------------------------


def clause_of(text: str, start: int, end: int, event: str = "") -> str:
    """Return the clause of text around text[start:end] (the date), cut to about CLAUSE_CHARS."""
    bounds = _boundaries(text)
    before = [b for b in bounds if b <= start]
    after = [b for b in bounds if b >= end]
    cut = _Cut(before[-1] if before else 0, after[0] if after else len(text))
    words = tokens(text[cut.start : start])
    if words and words[0] in _RELATIVE:  # «..., الذي انطلق في يونيو 2020»
        previous = next((b for b in reversed(before) if tokens(text[b : cut.start])), 0)
        found = text.find(event, previous, cut.start) if event else -1
        cut = _Cut(found if found >= 0 else previous, cut.end)
    return _trim(text, cut, start, end)


def _boundaries(text: str) -> list[int]:
    """Return where clauses may start or end in text, in order (offsets)."""
    found = {m.start() for m in _BOUNDARY_MARKS.finditer(text)}
    found |= {m.end() for m in _BOUNDARY_MARKS.finditer(text)}
    for m in re.finditer(r"\S+", text):
        if normalize(m.group()) in _CLAUSE_WORDS:
            found.add(m.start())
    return sorted(found)


def _trim(text: str, cut: _Cut, start: int, end: int) -> str:
    """Return the clause without leading "when"/"since" words, cut to about CLAUSE_CHARS.

    Too long, it loses the words after the date first (the event is before
    it in Arabic word order), then words at its start, down to CLAUSE_CHARS
    once it is over ``_HARD_CHARS``.
    """
    lead = [m.group() for m in re.finditer(r"\S+", text[cut.start : start])]
    trail = [m.group() for m in re.finditer(r"\S+", text[end : cut.end])]
    while lead and normalize(lead[0]).strip(".") in _LEADING:
        lead.pop(0)
    if lead and normalize(lead[0]) in _CLAUSE_WORDS and lead[0].startswith("و"):
        lead[0] = lead[0][1:]  # «وقد أعلن» -> «قد أعلن»
    date_text = text[start:end]
    clause = " ".join([*lead, date_text, *trail])
    if len(clause) > CLAUSE_CHARS or len(trail) > WORDS_AFTER_DATE:
        clause = " ".join([*lead, date_text])
    if len(clause) > _HARD_CHARS:
        while len(lead) > 1 and len(" ".join(["…", *lead, date_text])) > CLAUSE_CHARS:
            lead.pop(0)
        clause = "… " + " ".join([*lead, date_text])
    return " ".join(clause.strip(" .،,؛;:").split())


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
