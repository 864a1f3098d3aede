"""Small pure pieces every view is made of: escaped lines, titles, sources, pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from bot.render import FSI, PDI, bold, escape, link, rtl, split_message
from bot.texts import text
from summaries import (
    Document,
    English,
    Name,
    Sources,
    TitleOrigin,
    Topic,
    display_title,
)

# Caps on one line in a paged list, so a page always fits one message.
TITLE_CHARS = 120
LINE_CHARS = 120

# Names shown per kind (people, organisations, places), most mentioned first.
NAMES_PER_KIND = 8
_NAME_LINES = (
    ("person", "en.people"),
    ("organisation", "en.organisations"),
    ("place", "en.places"),
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
SEPARATOR = {"ar": "، ", "en": ", "}
# Title origins /sources names: titles Mujaz made rather than found.
MADE_TITLES = {
    "ar": (TitleOrigin.HEADING, TitleOrigin.LEAD),
    "en": (TitleOrigin.HEADING, TitleOrigin.LEAD, TitleOrigin.TRANSLATED, TitleOrigin.DESCRIBED),
}


def para(value: str, lang: str) -> str:
    """Return plain text as HTML: direction marks when Arabic, then escaped."""
    return escape(rtl(value) if lang == "ar" else value)


def heading(value: str, lang: str) -> str:
    """Return plain text as a bold HTML line (direction marks inside the tag)."""
    return bold(rtl(value) if lang == "ar" else value)


def fixed(key: str, lang: str, **fields: object) -> str:
    """Return a fixed text of bot.texts as HTML."""
    return para(text(key, lang, **fields), lang)


def bullets(items: Iterable[str], lang: str) -> str:
    """Return items as escaped bullet lines."""
    return "\n".join(para(f"• {item}", lang) for item in items)


def shorten(value: str, limit: int) -> str:
    """Return value on one line, cut to limit characters with "…"."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def parts(blocks: Iterable[str]) -> list[str]:
    """Return HTML blocks joined by blank lines and split into messages."""
    return split_message("\n\n".join(b for b in blocks if b))


def one_message(blocks: Iterable[str]) -> str:
    """Return HTML blocks as one message; paged views keep their pages small enough."""
    return parts(blocks)[0]


def page_window(requested: int, total: int, per_page: int) -> tuple[int, int]:
    """Return (page, pages): the requested page kept within the pages total items fill (≥ 1)."""
    pages = max(1, -(-total // per_page))
    return min(max(requested, 1), pages), pages


def title(document: Document, sources: Sources, lang: str) -> str:
    """Return a document's title in lang: title (ar) or title_en (en); never its file name."""
    return display_title(sources, lang)


def title_origin_line(sources: Sources, lang: str) -> str:
    """Return a line saying the shown title was made by Mujaz (derived, translated...), or ""."""
    origin = sources.title_origin if lang == "ar" else sources.title_en_origin
    if origin not in MADE_TITLES[lang]:
        return ""
    return fixed(f"sources.title_origin.{origin.value}", lang)


def publisher(sources: Sources, lang: str) -> str | None:
    """Return the publisher; in English only its Latin-script name ("ar / en" keeps "en")."""
    if not sources.publisher or lang == "ar":
        return sources.publisher
    latin = [p.strip() for p in sources.publisher.split(" / ") if not _ARABIC.search(p)]
    return latin[0] if latin else None


def meta_line(sources: Sources, lang: str) -> str:
    """Return "publisher · date" (what is known of them) as HTML, or ""."""
    known = [x for x in (publisher(sources, lang), sources.date) if x]
    return para(" · ".join(known), lang) if known else ""


def link_line(sources: Sources, lang: str) -> str:
    """Return the document's first link, or a line saying none is known."""
    if not sources.urls:
        return fixed("doc.no_link", lang)
    url = sources.urls[0]
    return link(url, shorten(url, LINE_CHARS))


def source_block(document: Document, sources: Sources, lang: str, *, short: bool = False) -> str:
    """Return the "Source: publisher · authors · date" line and the link line.

    ``short`` (topic digests, search) names the command that opens the
    document instead of the authors.
    """
    known = [publisher(sources, lang)]
    if not short:
        known.append(authors(sources, lang))
    known += [sources.date, f"/digest {document.id}" if short else None]
    known_text = " · ".join(x for x in known if x) or text("sources.unknown", lang)
    head = text("doc.source", lang, source=known_text)
    if short and not sources.urls:
        return para(head, lang)  # "no known link" under every sentence would be noise
    return para(head, lang) + "\n" + link_line(sources, lang)


def authors(sources: Sources, lang: str) -> str | None:
    """Return the authors joined; in English only when all are written in Latin script."""
    if not sources.authors or (lang == "en" and any(_ARABIC.search(a) for a in sources.authors)):
        return None
    return SEPARATOR[lang].join(sources.authors)


def document_heading(document: Document, sources: Sources, lang: str) -> str:
    """Return a bold "#N title" line (title shortened) for lists and groups."""
    return heading(f"#{document.id} {shorten(title(document, sources, lang), TITLE_CHARS)}", lang)


def topic_name(topic: Topic, lang: str) -> str:
    """Return a topic's name in lang."""
    return topic.name_ar if lang == "ar" else topic.name_en


# -- English side (issue 6) ---------------------------------------------------------


def name_text(names: Iterable[Name]) -> str:
    """Return names as "English (Arabic)", comma-separated; the Arabic is isolated for bidi."""
    return ", ".join(f"{n.english} ({FSI}{n.arabic}{PDI})" for n in names)


def name_lines(names: Sequence[Name]) -> str:
    """Return the English "People: / Organisations: / Places:" lines as HTML, or ""."""
    lines = []
    for kind, key in _NAME_LINES:
        chosen = [n for n in names if n.kind == kind][:NAMES_PER_KIND]
        if chosen:
            lines.append(fixed(key, "en", names=name_text(chosen)))
    return "\n".join(lines)


def english_sources(sources: Sources, english: English | None) -> Sources:
    """Return sources with the authors in English when the English side knows them."""
    if english is None or not english.authors or len(english.authors) != len(sources.authors):
        return sources
    return replace(sources, authors=english.authors)
