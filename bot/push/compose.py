"""The daily briefing of one subscriber, composed from what the store holds (pure).

``compose(day, subscription, taxonomy)`` returns the HTML messages of one
day's digest, split like every command answer:

- a heading with the subscriber-local date;
- each document added since the last digest (newest first, at most
  ``SHOWN_DOCUMENTS``): its title, publisher, authors and date, a 2–3
  sentence digest, its top key figure and its source link (when one is known);
- the day's main topics (those the new documents cover most), one line each;
- "new on the timeline": the dated events the new documents report (only
  when they report any), one line each as in /timeline;
- with nothing new: a short note and the standing top figures, or nothing at
  all for a subscriber who chose to skip such days.

A subscriber with topics gets only documents on those topics.

An English digest is English from end to end, built from the English side
stored at ingest: English titles and authors, the translated digest and
topic sentences when a model made them, the names a document names
("Joe Biden (جو بايدن)": the only Arabic, in parentheses after the English).
A document without a translation shows what exists in English instead (its
topics, figures, names) and the push says once, plainly, that the full digest
needs the translation model and how to install it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.model import Subscription
from bot.texts import text
from bot.views.documents import NO_BACKEND
from bot.views.pieces import (
    LINE_CHARS,
    SEPARATOR,
    authors,
    bullets,
    document_heading,
    english_sources,
    fixed,
    heading,
    link_line,
    name_text,
    para,
    parts,
    publisher,
    shorten,
    title,
    topic_name,
)
from bot.views.timeline import new_on_timeline
from summaries import Figure, Sources, StoredBriefing, TimelineEvent, Topic, TopicMatch, figure_line

SHOWN_DOCUMENTS = 8
MAIN_TOPICS = 5
STANDING_FIGURES = 5
TIMELINE_SHOWN = 6  # events in "new on the timeline"
# Names under a document in an English digest (people, organisations, places, most named first).
NAMES_SHOWN = 5
# A digest in the push is two sentences, three when the third still fits here.
DIGEST_CHARS = 450
_ENGLISH_SENTENCE_END = (". ", "! ", "? ")


@dataclass(frozen=True, slots=True)
class DigestDay:
    """The store reads one digest is made of (the push job reads them, compose() formats).

    ``new`` holds the documents added in the digest's window, newest first;
    ``standing`` the newest served documents, for the figures of a day
    without news. Neither is filtered by the subscriber's topics yet.
    ``timeline`` holds the timeline events the new documents report (issue 12).
    """

    day: date
    new: tuple[StoredBriefing, ...]
    standing: tuple[StoredBriefing, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()


def compose(day: DigestDay, subscription: Subscription, taxonomy: Sequence[Topic]) -> list[str]:
    """Return the day's digest for subscription as ready-to-send HTML parts ([] to skip it)."""
    lang = subscription.lang
    new = _on_topics(day.new, subscription.topics)
    head = heading(text("push.title", lang, date=day.day.isoformat()), lang)
    footer = fixed("push.footer", lang)
    if not new:
        if subscription.skip_empty:
            return []
        standing = _on_topics(day.standing, subscription.topics) or day.standing
        return parts([head, fixed("push.nothing", lang), _standing(standing, lang), footer])
    topics = {t.id: t for t in taxonomy}
    shown = new[:SHOWN_DOCUMENTS]
    blocks = [head, fixed("push.new", lang, count=len(new))]
    blocks += [_document(stored, topics, lang) for stored in shown]
    if len(new) > len(shown):
        blocks.append(fixed("push.more", lang, count=len(new) - len(shown)))
    blocks.append(_main_topics(new, subscription.topics, topics, lang))
    blocks.append(_new_on_timeline(day.timeline, new, lang))
    if lang != "ar":
        blocks.append(_english_notes(shown))
    return parts([*blocks, footer])


def _new_on_timeline(
    events: Sequence[TimelineEvent], new: Sequence[StoredBriefing], lang: str
) -> str:
    """Return the events the (on-topic) new documents report, or "" when they report none."""
    ids = {stored.document.id for stored in new}
    reported = [e for e in events if any(s.document.id in ids for s in e.sources)]
    return new_on_timeline(reported[:TIMELINE_SHOWN], lang)


def _on_topics(
    briefings: Sequence[StoredBriefing], topics: Sequence[str]
) -> tuple[StoredBriefing, ...]:
    if not topics:
        return tuple(briefings)
    wanted = set(topics)
    return tuple(s for s in briefings if any(t.topic_id in wanted for t in s.briefing.topics))


def _document(stored: StoredBriefing, topics: Mapping[str, Topic], lang: str) -> str:
    """Return one new document: title, meta, short digest, top figure, names, link.

    An English document without a translated digest lists its topics in the
    digest's place, so it still says what the document is about.
    """
    document, b = stored.document, stored.briefing
    sources = _sources(stored, lang)
    lines = [document_heading(document, sources, lang)]
    if meta := _meta(sources, lang):
        lines.append(meta)
    body = _short_digest(stored, lang)
    if body:
        lines.append(para(body, lang))
    elif lang != "ar" and (on := [topics[t.topic_id] for t in b.topics if t.topic_id in topics]):
        lines.append(fixed("doc.topics", lang, topics=SEPARATOR["en"].join(t.name_en for t in on)))
    if b.figures:
        figure = shorten(figure_line(b.figures[0], lang), LINE_CHARS)
        lines.append(fixed("push.top_figure", lang, figure=figure))
    if lang != "ar" and b.english is not None and b.english.names:
        named = name_text(b.english.names[:NAMES_SHOWN])
        lines.append(fixed("en.named", lang, names=named))
    if b.sources.urls:  # "no known link" under every document would be noise
        lines.append(link_line(b.sources, lang))
    return "\n".join(lines)


def _sources(stored: StoredBriefing, lang: str) -> Sources:
    """Return the sources as lang shows them: in English with the authors' English forms."""
    b = stored.briefing
    return b.sources if lang == "ar" else english_sources(b.sources, b.english)


def _meta(sources: Sources, lang: str) -> str:
    """Return "publisher · authors · date" (what is known of them in lang) as HTML, or ""."""
    known = [publisher(sources, lang), authors(sources, lang), sources.date]
    return para(" · ".join(x for x in known if x), lang) if any(known) else ""


def _short_digest(stored: StoredBriefing, lang: str) -> str:
    """Return two or three digest sentences in lang; "" when none exists in lang."""
    b = stored.briefing
    if lang == "ar":
        sentences = [s.text for s in b.digest.sentences]
    elif _translated(stored):
        # The digest's own sentences, each as the model translated it (sentence ids
        # match); splitting the joined digest is the fallback for older stores.
        english = dict(b.english.sentences)
        sentences = [english[s.id] for s in b.digest.sentences if s.id in english]
        sentences = sentences or _english_sentences(b.english.digest)
    else:
        return ""
    kept = sentences[:2]
    if len(sentences) > 2 and len(" ".join(sentences[:3])) <= DIGEST_CHARS:
        kept = sentences[:3]
    return " ".join(kept)


def _translated(stored: StoredBriefing) -> bool:
    english = stored.briefing.english
    return english is not None and english.translated


def _english_sentences(digest: str) -> list[str]:
    sentences, start = [], 0
    for i in range(len(digest)):
        if digest[i : i + 2] in _ENGLISH_SENTENCE_END:
            sentences.append(digest[start : i + 1].strip())
            start = i + 2
    rest = digest[start:].strip()
    return [*sentences, rest] if rest else sentences


def _english_notes(shown: Sequence[StoredBriefing]) -> str:
    """Return who machine-translated the English digests shown and why any is missing, or ""."""
    backends = dict.fromkeys(s.briefing.english.backend for s in shown if _translated(s))
    notes = [fixed("en.machine", "en", backend=", ".join(backends))] if backends else []
    missing = [s.briefing.english for s in shown if not _translated(s)]
    if any(e is None or e.backend == NO_BACKEND for e in missing):
        notes.append(fixed("push.no_english", "en"))
    elif missing:  # a model ran, but its output failed the checks
        notes.append(fixed("push.english_unchecked", "en"))
    return "\n".join(notes)


def _main_topics(
    new: Sequence[StoredBriefing], wanted: Sequence[str], topics: Mapping[str, Topic], lang: str
) -> str:
    """Return the topics the new documents cover most, each with a one-line digest."""
    weight: dict[str, float] = {}
    count: dict[str, int] = {}
    best: dict[str, tuple[StoredBriefing, TopicMatch]] = {}
    for stored in new:
        for match in stored.briefing.topics:
            topic_id = match.topic_id
            if topic_id not in topics or (wanted and topic_id not in wanted):
                continue
            weight[topic_id] = weight.get(topic_id, 0.0) + match.score
            count[topic_id] = count.get(topic_id, 0) + 1
            if topic_id not in best or match.score > best[topic_id][1].score:
                best[topic_id] = (stored, match)
    ranked = sorted(weight, key=lambda t: -weight[t])[:MAIN_TOPICS]
    if not ranked:
        return ""
    lines = [
        f"{topic_name(topics[t], lang)} — {_topic_line(*best[t], count[t], lang)}" for t in ranked
    ]
    return heading(text("push.topics", lang), lang) + "\n" + bullets(lines, lang)


def _topic_line(stored: StoredBriefing, match: TopicMatch, count: int, lang: str) -> str:
    """Return the topic's best sentence in lang, else a statement of its documents and figure.

    The sentence is the Arabic one, or its stored English translation; a
    sentence without a translation is never shown in English.
    """
    b = stored.briefing
    if lang == "ar":
        said = {s.id: s.text for s in b.segmented.sentences}
    else:
        said = dict(b.english.sentences) if b.english is not None else {}
    sentence = next((said[i] for i in match.sentence_ids if i in said), None)
    if sentence:
        return shorten(sentence, LINE_CHARS)
    figure = _topic_figure(b.figures, match)
    what = (
        figure_line(figure, lang)
        if figure is not None
        else title(stored.document, _sources(stored, lang), lang)
    )
    statement = text("push.topic_documents", lang, count=count) + "; " + what
    return f"{shorten(statement, LINE_CHARS)} (/digest {stored.document.id})"


def _topic_figure(figures: Sequence[Figure], match: TopicMatch) -> Figure | None:
    """Return the first key figure of a sentence on the topic, None if none is."""
    supporting = set(match.sentence_ids)
    return next((f for f in figures if f.sentence_id in supporting), None)


def _standing(standing: Sequence[StoredBriefing], lang: str) -> str:
    """Return the top figure of each of the newest documents, with where it comes from."""
    lines = []
    for stored in standing:
        if stored.briefing.figures and len(lines) < STANDING_FIGURES:
            figure = figure_line(stored.briefing.figures[0], lang)
            lines.append(shorten(f"{figure} (/digest {stored.document.id})", LINE_CHARS))
    if not lines:
        return ""
    return heading(text("push.standing", lang), lang) + "\n" + bullets(lines, lang)
