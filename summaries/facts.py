"""One fact, many sources: linking the figures documents state about the same thing.

A document's figures become ``Statement``s (``statements_of``). A statement's
``fact_key`` names what it counts: kind, unit and the first canonical word of
its label («جندي أمريكي», «2500 أميركي» -> "count|troops|us"; «جندي للتحالف»
-> "count|troops|حلف"). Statements of one key are the small candidate group
``corpus_facts`` reads: those giving the same value (equal, or within the
hedge of «نحو» / "about") for the same thing (one's label words within the
other's) are one ``CorpusFact``.

Two facts of one group are *disputed* only when everything else agrees: the
values cannot both be true (their ranges do not meet: «نحو 3000» is
2,700-3,300, «أكثر من 5000» is 5,000 and up), the things counted are the same,
the documents are different and dated within ``SAME_TIME_DAYS`` of each
other, and their sentences name the same places (or none). Anything less
certain stays two separate facts: a wrong "disputed" is worse than none.
Only amounts, counts and percentages can be disputed; two years or two rounds
of one thing are two events.

A label that only repeats its unit («دولة: 12 دولة») links to nothing: its
key is private to its document (``named`` is False) and it stays out of the
key list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from summaries.figures.salience import hedge_of, label_words, salience
from summaries.model import Briefing, CorpusFact, Figure, Statement

ABOUT_TOLERANCE = 0.10  # «نحو 3000»: 2,700 to 3,300
SAME_TIME_DAYS = 45  # documents this close in date report the same moment
DISPUTABLE = frozenset({"money", "count", "percent"})
KEY_FACTS = 10  # facts in the corpus key list


def fact_key(figure: Figure, doc_id: int = 0, position: int = 0) -> tuple[str, tuple[str, ...]]:
    """Return (key, details): what a figure counts, as a key and its other label words.

    A figure whose label names nothing beyond its unit gets a key of its own
    document ("~doc:position"), so it never links to another document's.
    """
    words = label_words(figure)
    unit = figure.unit if figure.kind != "date" else "date"
    if not words:
        return f"{figure.kind}|{unit}|~{doc_id}:{position}", ()
    return f"{figure.kind}|{unit}|{words[0]}", words


def statements_of(doc_id: int, briefing: Briefing) -> tuple[Statement, ...]:
    """Return a briefing's figures as statements, with the places of their sentences."""
    places: dict[str, list[str]] = {}
    for name in briefing.english.names if briefing.english else ():
        if name.kind == "place":
            for sid in name.sentence_ids:
                places.setdefault(sid, []).append(name.english)
    found = []
    for position, figure in enumerate(briefing.figures):
        key, details = fact_key(figure, doc_id, position)
        found.append(
            Statement(
                doc_id=doc_id,
                position=position,
                sentence_id=figure.sentence_id,
                figure=figure,
                key=key,
                hedge=hedge_of(figure),
                details=details,
                places=tuple(sorted(set(places.get(figure.sentence_id, ())))),
                when=briefing.sources.date,
                named=bool(details),
                salience=salience(figure),
            )
        )
    return tuple(found)


# -- values ------------------------------------------------------------------------


def _range(statement: Statement) -> tuple[float, float]:
    """Return the values a statement allows: «نحو 3000» 2,700-3,300, «أكثر من 5000» 5,000-∞."""
    value, hedge = statement.figure.value, statement.hedge
    if hedge == "about":
        return value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    if hedge in ("more than", "at least"):
        return value, float("inf")
    if hedge in ("less than", "up to"):
        return 0.0, value
    return value, value


def same_value(a: Statement, b: Statement) -> bool:
    """Tell whether two statements give one value: equal, or within the tolerance of "about"."""
    x, y = a.figure.value, b.figure.value
    if x == y:
        return True
    if "about" in (a.hedge, b.hedge):
        return abs(x - y) <= ABOUT_TOLERANCE * max(abs(x), abs(y))
    return False


def conflicting(a: Statement, b: Statement) -> bool:
    """Tell whether two values cannot both be true: their ranges do not meet."""
    (lo_a, hi_a), (lo_b, hi_b) = _range(a), _range(b)
    return hi_a < lo_b or hi_b < lo_a


# -- things, times, places -----------------------------------------------------------


def same_thing(a: Statement, b: Statement) -> bool:
    """Tell whether two statements count the same thing: one key, one's words within the other's."""
    if a.key != b.key or a.figure.unit != b.figure.unit:
        return False
    small, large = sorted((set(a.details), set(b.details)), key=len)
    return small <= large


def same_time(a: Statement, b: Statement) -> bool:
    """Tell whether both documents are dated, within SAME_TIME_DAYS of each other."""
    first, second = _day(a.when), _day(b.when)
    return first is not None and second is not None and abs((first - second).days) <= SAME_TIME_DAYS


def _day(iso: str | None) -> date | None:
    """Return the day of an ISO date; a month-only date (2020-06) counts as its 15th day."""
    if not iso:
        return None
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 15)
    except ValueError:
        return None
    return None  # a year alone is too coarse to call two reports simultaneous


def same_scope(a: Statement, b: Statement) -> bool:
    """Tell whether the sentences name the same places (or neither names one)."""
    return set(a.places) == set(b.places)


def disputes(a: Statement, b: Statement) -> bool:
    """Tell whether b contradicts a: same thing, time and place, values that cannot both hold."""
    return (
        a.doc_id != b.doc_id
        and a.figure.kind in DISPUTABLE
        and a.named
        and same_thing(a, b)
        and same_time(a, b)
        and same_scope(a, b)
        and conflicting(a, b)
    )


# -- facts ----------------------------------------------------------------------------


def better(a: Statement, b: Statement) -> bool:
    """Tell whether a represents a fact better than b.

    More label words first, then a surface that names what it counts
    («2500 جندي» rather than «بينهم 2500 أميركي»), exact before hedged, earlier.
    """
    return _rank(a) < _rank(b)


def _rank(s: Statement) -> tuple:
    head = s.figure.label_ar.split()[0] if s.figure.label_ar else ""
    return (-len(s.details), head not in s.figure.surface, s.hedge != "", s.doc_id, s.position)


def home(statement: Statement, representatives: Sequence[Statement]) -> int | None:
    """Return the index of the first fact whose representative states the same value, or None."""
    return next(
        (
            i
            for i, rep in enumerate(representatives)
            if same_thing(statement, rep) and same_value(statement, rep)
        ),
        None,
    )


def disputable(statement: Statement) -> bool:
    """Tell whether a statement can take part in a dispute (kind, named label, dated)."""
    return (
        statement.figure.kind in DISPUTABLE and statement.named and _day(statement.when) is not None
    )


def date_window(statement: Statement) -> tuple[str, str] | None:
    """Return the ISO dates between which another document is reporting the same moment."""
    day = _day(statement.when)
    if day is None:
        return None
    lo, hi = (
        date.fromordinal(day.toordinal() - SAME_TIME_DAYS),
        date.fromordinal(day.toordinal() + SAME_TIME_DAYS),
    )
    return lo.isoformat()[:7], hi.isoformat() + "~"  # "2021-06" … "2021-09-08~": months too


def group_facts(statements: Sequence[Statement]) -> list[CorpusFact]:
    """Return the corpus facts of one key's statements, as the store builds them one by one.

    Statements are taken in (document, position) order: each joins the first
    fact whose representative states the same value for the same thing (and
    becomes its representative when it is better labelled), or starts a fact.
    Facts are numbered from 1 in that order; ``rival_facts`` name the facts
    that dispute each.
    """
    members: list[list[Statement]] = []
    reps: list[Statement] = []
    for statement in sorted(statements, key=lambda s: (s.doc_id, s.position)):
        found = home(statement, reps)
        if found is None:
            members.append([statement])
            reps.append(statement)
        else:
            members[found].append(statement)
            if better(statement, reps[found]):
                reps[found] = statement
    facts = []
    for i, cluster in enumerate(members):
        rivals: list[Statement] = []
        rival_facts: list[int] = []
        for j, theirs in enumerate(members):
            if j == i:
                continue
            found = [t for t in theirs if any(disputes(s, t) for s in cluster)]
            if found:
                rivals += found
                rival_facts.append(j + 1)
        ordered = sorted(cluster, key=lambda s: s is not reps[i])
        doc_ids = tuple(sorted({s.doc_id for s in cluster}))
        facts.append(
            CorpusFact(
                id=i + 1,
                key=reps[i].key,
                figure=reps[i].figure,
                statements=tuple(ordered),
                salience=salience(reps[i].figure, len(doc_ids)),
                sources=len(doc_ids),
                doc_ids=doc_ids,
                disputed=bool(rivals),
                rivals=tuple(rivals),
                rival_facts=tuple(rival_facts),
            )
        )
    return facts


def key_facts(facts: Iterable[CorpusFact], limit: int = KEY_FACTS) -> list[CorpusFact]:
    """Return the corpus key list: named facts, most salient first, a dispute on one line."""
    named = [f for f in facts if f.statements[0].named]
    ranked = sorted(named, key=lambda f: (-f.salience, -f.sources, -f.figure.value))
    chosen: list[CorpusFact] = []
    folded: set[int] = set()  # facts already shown as the other side of a dispute
    for fact in ranked:
        if fact.id in folded:
            continue
        chosen.append(fact)
        folded.update(fact.rival_facts)
        if len(chosen) == limit:
            break
    return chosen
