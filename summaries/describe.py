"""English titles: the document's own, a translation, or an honest description of it.

An English title comes from the sidecar, an English page title, the English
words of the document's own link (``sources.py``) or the translation model
(``english.py``). When none of them gives one, the title says what the
document is, in English, from what is known in English:

    Middle East Institute analysis, July 2021: US forces and security — Biden, al-Kadhimi

that is the publisher's English name and the kind of piece (a label of the
text such as «تحليل» or «مقالات», else the publishers table's ``kind``), the
month and year, the main topic's English name, and the surnames of the
people the document names most, as the gazetteer writes them. Romanized
names, the Arabic title and anything else in Arabic letters are never used,
so the description is never a transliteration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summaries.model import English, Name, Sources, TitleOrigin, Topic, TopicMatch
from summaries.sources import Publisher, known_publishers
from summaries.words import has_arabic, tokens

# Labels ("تحليل موجز", "الرئيسية مقالات") are short lines near the top.
HEADER_LINES = 25
LABEL_MAX_WORDS = 3
PEOPLE = 2
DEFAULT_KIND = "article"
# Label words (normalised) and the kind of piece they name, first match wins.
KIND_WORDS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"تحليل", "تحليلات", "التحليلات"}), "analysis"),
    (frozenset({"راي", "الراي"}), "opinion piece"),
    (frozenset({"تقرير", "تقارير", "التقارير"}), "report"),
    (frozenset({"دراسه", "دراسات", "الدراسات"}), "study"),
    (frozenset({"مقابله", "مقابلات"}), "interview"),
    (frozenset({"خبر", "اخبار", "الاخبار"}), "news report"),
    (frozenset({"مقال", "مقالات", "المقالات"}), "article"),
)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def english_title(
    sources: Sources,
    english: English,
    raw_text: str,
    topics: Sequence[TopicMatch],
    taxonomy: Sequence[Topic],
) -> tuple[str, TitleOrigin]:
    """Return the English title of a briefing and where it came from (never None)."""
    found = english.title
    if found and found == sources.title_en and sources.title_en_origin:
        return found, sources.title_en_origin
    if found and found == sources.title and sources.title_origin:
        return found, sources.title_origin  # a Latin-script title of the page or text
    if found:
        return found, TitleOrigin.TRANSLATED
    kind = piece_kind(raw_text, _publisher_row(sources.publisher))
    return describe(sources, kind, topics, taxonomy, english.names), TitleOrigin.DESCRIBED


def describe(
    sources: Sources,
    kind: str | None = None,
    topics: Sequence[TopicMatch] = (),
    taxonomy: Sequence[Topic] = (),
    names: Sequence[Name] = (),
) -> str:
    """Return an English description title: "who kind, Month Year: topic — people"."""
    who = publisher_en(sources.publisher)
    head = f"{who} {kind or DEFAULT_KIND}" if who else f"Arabic {kind or DEFAULT_KIND}"
    when = month_year(sources.date)
    head += f", {when}" if when else ""
    english_topics = {t.id: t.name_en for t in taxonomy}
    topic = next((english_topics[m.topic_id] for m in topics if m.topic_id in english_topics), None)
    people = lead_people(names, sources.authors)
    text = head + (f": {topic}" if topic else "") + (f" — {', '.join(people)}" if people else "")
    return text[:1].upper() + text[1:]


def display_title(sources: Sources, lang: str) -> str:
    """Return the title to show in lang: the stored one, else a description; never a file name.

    Every briefing ingested with titles has both; a record stored before
    them (not yet re-ingested) is described from its publisher and date.
    """
    found = sources.title if lang == "ar" else sources.title_en
    return found or (sources.title_en if lang == "ar" else None) or describe(sources)


def piece_kind(raw_text: str, publisher: Publisher | None = None) -> str | None:
    """Return the kind of piece: named by a short label line at the top, else the publisher's."""
    lines = [line for line in raw_text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        words = set(tokens(line))
        if not 1 <= len(words) <= LABEL_MAX_WORDS:
            continue
        for labels, kind in KIND_WORDS:
            if words & labels:
                return kind
    return publisher.kind if publisher else None


def publisher_en(publisher: str | None) -> str | None:
    """Return a publisher's English name: the Latin half of "ar / en", or the table's name_en."""
    if not publisher:
        return None
    latin = [p.strip() for p in publisher.split(" / ") if p.strip() and not has_arabic(p)]
    if latin:
        return latin[0]
    row = _publisher_row(publisher)
    return row.name_en if row else None


def month_year(iso: str | None) -> str | None:
    """Return "July 2021" for 2021-07 or 2021-07-26, "2021" for 2021, None for anything else."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-\d{2})?)?", iso or "")
    if not match:
        return None
    year, month = match[1], match[2]
    return f"{_MONTHS[int(month) - 1]} {year}" if month and 1 <= int(month) <= 12 else year


def lead_people(names: Sequence[Name], authors: Sequence[str] = ()) -> list[str]:
    """Return the surnames of the people named most, gazetteer forms only, authors left out."""
    people = [
        n
        for n in names
        if n.kind == "person"
        and n.source == "gazetteer"
        and n.arabic not in authors
        and n.english not in authors
        and not has_arabic(n.english)
    ]
    surnames: list[str] = []
    for name in sorted(people, key=lambda n: -n.count):
        surname = name.english.split()[-1]
        if surname not in surnames:
            surnames.append(surname)
    return surnames[:PEOPLE]


def _publisher_row(publisher: str | None) -> Publisher | None:
    if not publisher:
        return None
    return next(
        (p for p in known_publishers() if publisher in (p.display, p.name_ar, p.name_en)), None
    )
