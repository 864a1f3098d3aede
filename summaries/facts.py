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

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
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


def group_facts(statements: Sequence[Statement]) -> list[CorpusFact]:
    """Return the corpus facts of one key's statements (ids 0): linked values, then disputes.

    A statement joins the first fact whose first statement counts the same
    thing with the same value. Disputes are looked for between facts, on
    distinct (details, places, date, value) profiles and only within
    SAME_TIME_DAYS of each other, so a group of hundreds stays cheap.
    """
    clusters: list[list[Statement]] = []
    for statement in sorted(statements, key=lambda s: (s.doc_id, s.position)):
        home = next(
            (c for c in clusters if same_thing(statement, c[0]) and same_value(statement, c[0])),
            None,
        )
        if home is None:
            clusters.append([statement])
        else:
            home.append(statement)
    profiles = [_profiles(c) for c in clusters]
    facts = []
    for i, cluster in enumerate(clusters):
        rivals = [
            other
            for j, theirs in enumerate(profiles)
            if j != i
            for group in _disputing(profiles[i], theirs)
            for other in group
        ]
        facts.append(_fact(cluster, rivals))
    return facts


Profile = tuple[tuple[str, ...], tuple[str, ...], str | None, str, float]


def _profiles(cluster: Sequence[Statement]) -> list[tuple[date, list[Statement]]]:
    """Return the cluster's disputable statements by profile, as (day, statements) sorted by day."""
    found: dict[Profile, list[Statement]] = {}
    for s in cluster:
        if s.figure.kind in DISPUTABLE and s.named and _day(s.when) is not None:
            found.setdefault((s.details, s.places, s.when, s.hedge, s.figure.value), []).append(s)
    return sorted(((_day(group[0].when), group) for group in found.values()), key=lambda x: x[0])


def _disputing(
    mine: list[tuple[date, list[Statement]]], theirs: list[tuple[date, list[Statement]]]
) -> Iterable[list[Statement]]:
    """Yield the profiles of theirs that dispute one of mine (other documents, same time)."""
    days = [day.toordinal() for day, _ in theirs]
    found: dict[int, list[Statement]] = {}
    for day, group in mine:
        lo = bisect_left(days, day.toordinal() - SAME_TIME_DAYS)
        hi = bisect_right(days, day.toordinal() + SAME_TIME_DAYS)
        for k in range(lo, hi):
            if k in found:
                continue
            other = theirs[k][1]
            docs = {s.doc_id for s in group} | {s.doc_id for s in other}
            if len(docs) > 1 and disputes(_anonymous(group[0]), other[0]):
                found[k] = other
    return found.values()


def _anonymous(statement: Statement) -> Statement:
    """Return the statement as of no document, so disputes() compares only what it says."""
    return replace(statement, doc_id=-1)


def _fact(cluster: Sequence[Statement], rivals: Sequence[Statement]) -> CorpusFact:
    labels = Counter(s.figure.label_ar for s in cluster)
    ordered = sorted(
        cluster,
        key=lambda s: (-len(s.details), -labels[s.figure.label_ar], s.hedge != "", s.doc_id),
    )
    best = ordered[0]
    docs = len({s.doc_id for s in cluster})
    return CorpusFact(
        id=0,
        key=best.key,
        figure=best.figure,
        statements=tuple(ordered),
        salience=salience(best.figure, docs),
        disputed=bool(rivals),
        rivals=tuple(rivals),
    )


def key_facts(facts: Iterable[CorpusFact], limit: int = KEY_FACTS) -> list[CorpusFact]:
    """Return the corpus key list: named facts, most salient first, disputes kept together."""
    named = [f for f in facts if f.statements[0].named]
    ranked = sorted(named, key=lambda f: (-f.salience, -f.sources, -f.figure.value))
    chosen: list[CorpusFact] = []
    shown: set[tuple[int, int]] = set()  # statements already shown as another fact's rivals
    for fact in ranked:
        if all((s.doc_id, s.position) in shown for s in fact.statements):
            continue  # its value is on the line of the fact it disputes
        chosen.append(fact)
        shown.update((s.doc_id, s.position) for s in fact.rivals)
        if len(chosen) == limit:
            break
    return chosen
