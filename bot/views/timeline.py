"""Views of the timeline: dated events across documents, one line each (pure).

A line is the date as readers write it, what happened (the clause of the
sentence, or in English its translation or the English label and names),
and who reports it with the command that opens the document. Sources that
give another day for the same event follow on a marked line, so both
dates are seen. Without a translation an English line never shows the
Arabic clause: it says the event is in Arabic only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.texts import text
from bot.views.pieces import (
    SEPARATOR,
    fixed,
    heading,
    one_message,
    para,
    parts,
    publisher,
    shorten,
    title,
    topic_name,
)
from summaries import TimelineEvent, TimelineSource, Topic, format_date

EVENTS_PER_PAGE = 6  # one page of /timeline: even at the longest lines, one message
MATCHES_SHOWN = 15  # events of /timeline WORDS (one message); the rest are counted
SOURCES_SHOWN = 3  # sources named on one line; the rest are counted
DISPUTED_SHOWN = 2  # other dates named under an event
SOURCE_CHARS = 40
ARABIC = re.compile("[\u0600-\u06ff]")
CLAUSE_CHARS = 100


def timeline_page(events: Sequence[TimelineEvent], page: int, pages: int, lang: str) -> str:
    """Return one page of the whole timeline (date order), or a line saying it is empty."""
    if not events:
        return one_message([fixed("timeline.none", lang)])
    head = heading(text("timeline.title", lang), lang)
    if pages > 1:
        head += "\n" + fixed("list.page", lang, page=page, pages=pages)
    return one_message([head, "\n".join(event_line(e, lang) for e in events)])


def timeline_matches(
    events: Sequence[TimelineEvent],
    total: int,
    lang: str,
    *,
    words: str,
    topic: Topic | None = None,
) -> list[str]:
    """Return the events on a topic or words (date order) as messages; ``total`` counts them all."""
    if not events:
        return parts([fixed("timeline.no_match", lang, words=words)])
    if topic is not None:
        head = heading(text("timeline.topic_title", lang, name=topic_name(topic, lang)), lang)
    else:
        head = heading(text("timeline.words_title", lang, words=shorten(words, 60)), lang)
    blocks = [head, "\n".join(event_line(e, lang) for e in events)]
    if total > len(events):
        blocks.append(fixed("timeline.more", lang, count=total - len(events)))
    return parts(blocks)


def new_on_timeline(events: Sequence[TimelineEvent], lang: str) -> str:
    """Return the daily push's "new on the timeline" block, or "" when nothing is new."""
    if not events:
        return ""
    return (
        heading(text("push.timeline", lang), lang)
        + "\n"
        + "\n".join(event_line(e, lang) for e in events)
    )


def event_line(event: TimelineEvent, lang: str) -> str:
    """Return one event as HTML: "• date — what happened — sources", then any other date."""
    # The lead source's clause; in English the first source that has one in English.
    said = [s.clause_ar if lang == "ar" else s.clause_en for s in event.sources]
    what = next((x for x in said if x), "")
    what = shorten(what, CLAUSE_CHARS) if what else text("timeline.arabic_only", lang)
    when, who = format_date(event.date, lang), _sources(event, lang)
    line = para(f"• {when} — {what} — {who}", lang)
    if event.disputed:
        dates = SEPARATOR[lang].join(
            f"{format_date(s.date, lang)} ({_source(s, lang)})"
            for s in event.disputed[:DISPUTED_SHOWN]
        )
        line += "\n" + fixed("timeline.disputed", lang, dates=dates)
    return line


def _sources(event: TimelineEvent, lang: str) -> str:
    named = [_source(s, lang) for s in event.sources[:SOURCES_SHOWN]]
    more = max(event.reports, len(event.sources)) - len(named)
    if more > 0:
        named.append(text("timeline.more_sources", lang, count=more))
    return SEPARATOR[lang].join(named)


def _source(source: TimelineSource, lang: str) -> str:
    """Return "publisher /digest N" (the title when the publisher is not known in lang)."""
    name = publisher(source.sources, lang) or title(source.document, source.sources, lang)
    if lang == "ar":  # «معهد واشنطن / The Washington Institute»: the Arabic name will do
        name = next((p for p in name.split(" / ") if ARABIC.search(p)), name)
    return f"{shorten(name, SOURCE_CHARS)} /digest {source.document.id}"
