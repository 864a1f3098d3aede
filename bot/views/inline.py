"""Inline mode (issue 11): stored briefings as inline results, ready to share (pure).

``answer(cards, offset, taxonomy, lang)`` turns one page of the store's
cards into at most ``RESULTS_PER_ANSWER`` ``InlineQueryResultArticle``s and
the ``next_offset`` that asks for the next page. Each result has:

- the id ``d<doc id>`` (a few bytes of Telegram's 64), unique per document;
- the document's title in the user's language (``pieces.title``) and, as
  its description, the first digest sentence on one line;
- as its message, one HTML message (escaped, right-to-left for Arabic, far
  under 4096 characters): the title in bold, publisher and date, the first
  two digest sentences, the link where one is known;
- a Source button opening the link.

In English the digest is the stored machine translation; without one, the
message says what exists in English (topics, names) and that the digest
needs a translation model: never Arabic text under an English title.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import InlineQueryLimit, ParseMode

from bot import keyboards
from bot.render import TEXT_LIMIT, rtl, utf16_len, visible_text
from bot.texts import text
from bot.views.pieces import (
    SEPARATOR,
    TITLE_CHARS,
    fixed,
    heading,
    link_line,
    meta_line,
    name_text,
    one_message,
    para,
    shorten,
    title,
    topic_name,
)
from summaries import Card, Topic

RESULTS_PER_ANSWER = InlineQueryLimit.RESULTS  # 50: Telegram's most per answer
RESULT_PREFIX = "d"
DIGEST_SENTENCES = 2
# A shared briefing stays short: two sentences, or the first alone when two are longer.
DIGEST_CHARS = 700
DESCRIPTION_CHARS = 150
# The /start parameter of the "open Mujaz" button shown when nothing matches.
START_PARAMETER = "inline"
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def answer(
    cards: Sequence[Card], offset: int, taxonomy: Sequence[Topic], lang: str
) -> tuple[list[InlineQueryResultArticle], str]:
    """Return the results of one page and its next_offset ("" on the last page).

    ``cards`` is what the store gave for ``offset``, asked with one more than
    a page holds: a card beyond the page means there is a next page.
    """
    shown = cards[:RESULTS_PER_ANSWER]
    more = len(cards) > RESULTS_PER_ANSWER
    return [result(c, taxonomy, lang) for c in shown], str(offset + len(shown)) if more else ""


def result(card: Card, taxonomy: Sequence[Topic], lang: str) -> InlineQueryResultArticle:
    """Return one card as an article result: title, description, HTML message, Source button."""
    url = card.sources.urls[0] if card.sources.urls else None
    return InlineQueryResultArticle(
        id=result_id(card.document.id),
        title=_plain(shorten(title(card.document, card.sources, lang), TITLE_CHARS), lang),
        description=_plain(description(card, taxonomy, lang), lang) or None,
        input_message_content=InputTextMessageContent(
            message_text(card, taxonomy, lang),
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
        ),
        reply_markup=keyboards.source_link(url, lang=lang),
    )


def as_plain_text(results: Sequence[InlineQueryResultArticle]) -> list[InlineQueryResultArticle]:
    """Return the results with their messages as plain text, cut under the limit.

    For the answer Telegram refused as HTML ("can't parse entities", too
    long): our bug, but the user still gets the briefings.
    """
    plain = []
    for found in results:
        shown = visible_text(found.input_message_content.message_text).strip()
        if len(shown) > TEXT_LIMIT:  # lines kept: only the end goes
            shown = shown[: TEXT_LIMIT - 1] + "…"
        plain.append(
            InlineQueryResultArticle(
                id=found.id,
                title=found.title,
                description=found.description,
                input_message_content=InputTextMessageContent(
                    shown or found.title, link_preview_options=_NO_PREVIEW
                ),
                reply_markup=found.reply_markup,
            )
        )
    return plain


def result_id(doc_id: int) -> str:
    """Return the result id of a document: "d12"."""
    return f"{RESULT_PREFIX}{doc_id}"


def nothing_found(lang: str, *, gone: bool = False) -> InlineQueryResultsButton:
    """Return the button above an empty answer: it opens a private chat with Mujaz."""
    key = "inline.gone" if gone else "inline.nothing"
    return InlineQueryResultsButton(text(key, lang), start_parameter=START_PARAMETER)


def digest_sentences(card: Card, lang: str) -> list[str]:
    """Return the first digest sentences in lang within DIGEST_CHARS; [] when lang has none."""
    sentences = [s.text for s in card.digest] if lang == "ar" else list(card.english)
    kept = sentences[:DIGEST_SENTENCES]
    while len(kept) > 1 and len(" ".join(kept)) > DIGEST_CHARS:
        kept.pop()
    return [_cut(s, DIGEST_CHARS) for s in kept]


def description(card: Card, taxonomy: Sequence[Topic], lang: str) -> str:
    """Return the line under the title: the first digest sentence, else the topics or names."""
    sentences = digest_sentences(card, lang)
    if sentences:
        return shorten(sentences[0], DESCRIPTION_CHARS)
    topics = _topics(card, taxonomy, lang)
    if topics:
        return shorten(topics, DESCRIPTION_CHARS)
    return shorten(", ".join(n.english for n in card.names), DESCRIPTION_CHARS)


def message_text(card: Card, taxonomy: Sequence[Topic], lang: str) -> str:
    """Return the shared message: title, publisher · date, digest, link (one HTML message)."""
    document, sources = card.document, card.sources
    head = heading(shorten(title(document, sources, lang), TITLE_CHARS), lang)
    if meta := meta_line(sources, lang):
        head += "\n" + meta
    sentences = digest_sentences(card, lang)
    blocks = [head]
    if sentences:
        blocks.append(para(" ".join(sentences), lang))
        if lang != "ar":
            blocks.append(fixed("en.shared_machine", lang))
    elif lang == "ar":
        blocks.append(fixed("doc.no_digest", lang))
    else:
        blocks.append(_english_facts(card, taxonomy))
    if sources.urls:
        blocks.append(link_line(sources, lang))
    html = "\n\n".join(b for b in blocks if b)
    # Every block is capped, so the message is far under Telegram's limit and
    # needs no split (split_message costs more than the rest of the answer).
    return html if utf16_len(html) <= TEXT_LIMIT else one_message(blocks)


def _english_facts(card: Card, taxonomy: Sequence[Topic]) -> str:
    """Return what an untranslated document shows in English: topics, names, why no digest."""
    lines = []
    if topics := _topics(card, taxonomy, "en"):
        lines.append(fixed("doc.topics", "en", topics=topics))
    if card.names:
        lines.append(fixed("en.named", "en", names=name_text(card.names)))
    lines.append(fixed("en.shared_no_digest", "en"))
    return "\n".join(lines)


def _topics(card: Card, taxonomy: Sequence[Topic], lang: str) -> str:
    names = {t.id: topic_name(t, lang) for t in taxonomy}
    return SEPARATOR[lang].join(names[t] for t in card.topics if t in names)


def _plain(value: str, lang: str) -> str:
    """Return a result's plain-text field: direction marks when Arabic (no HTML here)."""
    return rtl(value) if lang == "ar" else value


def _cut(sentence: str, limit: int) -> str:
    """Return sentence, cut at the last space before limit with "…" when longer."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence.rfind(" ", 0, limit)
    return sentence[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"
