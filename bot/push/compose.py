"""The daily briefing of one subscriber, composed from what the store holds (pure).

``compose(day, subscription, taxonomy)`` returns the HTML messages of one
day's digest, split like every command answer:

- a heading with the subscriber-local date;
- each document added since the last digest (newest first, at most
  ``SHOWN_DOCUMENTS``): its title, a 2–3 sentence digest, its top key figure
  and its source link (when one is known);
- the day's main topics (those the new documents cover most), one line each;
- with nothing new: a short note and the standing top figures, or nothing at
  all for a subscriber who chose to skip such days.

A subscriber with topics gets only documents on those topics. English shows
the stored English digest when there is one, else what exists in English
(title, figure, topics, link) and one line saying why the digest is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.texts import text
from bot.views.pieces import (
    LINE_CHARS,
    bullets,
    document_heading,
    figure_line,
    fixed,
    heading,
    link_line,
    meta_line,
    para,
    parts,
    shorten,
    title,
    topic_name,
)
from summaries import StoredBriefing, Subscription, Topic

SHOWN_DOCUMENTS = 8
MAIN_TOPICS = 5
STANDING_FIGURES = 5
# A digest in the push is two sentences, three when the third still fits here.
DIGEST_CHARS = 450
_ENGLISH_SENTENCE_END = (". ", "! ", "? ")


@dataclass(frozen=True, slots=True)
class DigestDay:
    """The store reads one digest is made of (the push job reads them, compose() formats).

    ``new`` holds the documents added in the digest's window, newest first;
    ``standing`` the newest served documents, for the figures of a day
    without news. Neither is filtered by the subscriber's topics yet.
    """

    day: date
    new: tuple[StoredBriefing, ...]
    standing: tuple[StoredBriefing, ...] = ()


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
    shown = new[:SHOWN_DOCUMENTS]
    blocks = [head, fixed("push.new", lang, count=len(new))]
    blocks += [_document(stored, lang) for stored in shown]
    if len(new) > len(shown):
        blocks.append(fixed("push.more", lang, count=len(new) - len(shown)))
    blocks.append(_main_topics(new, subscription.topics, taxonomy, lang))
    if lang != "ar" and not all(_has_english(s) for s in shown):
        blocks.append(fixed("push.no_english", lang))
    return parts([*blocks, footer])


def _on_topics(
    briefings: Sequence[StoredBriefing], topics: Sequence[str]
) -> tuple[StoredBriefing, ...]:
    if not topics:
        return tuple(briefings)
    wanted = set(topics)
    return tuple(s for s in briefings if any(t.topic_id in wanted for t in s.briefing.topics))


def _document(stored: StoredBriefing, lang: str) -> str:
    """Return one new document: title, meta, short digest, top figure, link."""
    document, b = stored.document, stored.briefing
    lines = [document_heading(document, b.sources, lang)]
    if meta := meta_line(b.sources, lang):
        lines.append(meta)
    if body := _short_digest(stored, lang):
        lines.append(para(body, lang))
    if b.figures:
        figure = shorten(figure_line(b.figures[0], lang), LINE_CHARS)
        lines.append(fixed("push.top_figure", lang, figure=figure))
    if b.sources.urls:  # "no known link" under every document would be noise
        lines.append(link_line(b.sources, lang))
    return "\n".join(lines)


def _short_digest(stored: StoredBriefing, lang: str) -> str:
    """Return two or three digest sentences in lang; "" when none exists in lang."""
    if lang == "ar":
        sentences = [s.text for s in stored.briefing.digest.sentences]
    elif _has_english(stored):
        sentences = _english_sentences(stored.briefing.english.digest)
    else:
        return ""
    kept = sentences[:2]
    if len(sentences) > 2 and len(" ".join(sentences[:3])) <= DIGEST_CHARS:
        kept = sentences[:3]
    return " ".join(kept)


def _has_english(stored: StoredBriefing) -> bool:
    english = stored.briefing.english
    return english is not None and bool(english.digest.strip())


def _english_sentences(digest: str) -> list[str]:
    sentences, start = [], 0
    for i in range(len(digest)):
        if digest[i : i + 2] in _ENGLISH_SENTENCE_END:
            sentences.append(digest[start : i + 1].strip())
            start = i + 2
    rest = digest[start:].strip()
    return [*sentences, rest] if rest else sentences


def _main_topics(
    new: Sequence[StoredBriefing], wanted: Sequence[str], taxonomy: Sequence[Topic], lang: str
) -> str:
    """Return the topics the new documents cover most, each with a one-line digest."""
    names = {t.id: t for t in taxonomy}
    weight: dict[str, float] = {}
    best: dict[str, tuple[float, StoredBriefing, str]] = {}
    for stored in new:
        for match in stored.briefing.topics:
            if match.topic_id not in names or (wanted and match.topic_id not in wanted):
                continue
            weight[match.topic_id] = weight.get(match.topic_id, 0.0) + match.score
            if match.score > best.get(match.topic_id, (-1.0, None, ""))[0]:
                first = match.sentence_ids[0] if match.sentence_ids else ""
                best[match.topic_id] = (match.score, stored, first)
    ranked = sorted(weight, key=lambda t: -weight[t])[:MAIN_TOPICS]
    if not ranked:
        return ""
    lines = []
    for topic_id in ranked:
        _, stored, sentence_id = best[topic_id]
        lines.append(
            f"{topic_name(names[topic_id], lang)} — {_topic_line(stored, sentence_id, lang)}"
        )
    return heading(text("push.topics", lang), lang) + "\n" + bullets(lines, lang)


def _topic_line(stored: StoredBriefing, sentence_id: str, lang: str) -> str:
    """Return the topic's best sentence (Arabic) or the document it is in (English)."""
    if lang == "ar" and sentence_id:
        try:
            return shorten(stored.briefing.segmented.sentence(sentence_id).text, LINE_CHARS)
        except KeyError:
            pass
    name = shorten(title(stored.document, stored.briefing.sources, lang), LINE_CHARS)
    return f"{name} (/digest {stored.document.id})"


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
