"""Views of stored sentences across documents: topic digests and search results.

The sentences are Arabic. An Arabic reply lists them with their sources; an
English reply first lists, in English, which documents they come from, then
sends the sentences as separate Arabic messages under an Arabic heading, so
no Arabic line is ever presented as English.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts import text
from bot.views.pieces import (
    TITLE_CHARS,
    bullets,
    document_heading,
    fixed,
    heading,
    para,
    parts,
    publisher,
    shorten,
    source_block,
    title,
    topic_name,
)
from summaries import Document, Passage, Sources, Topic


def _documents(passages: Sequence[Passage]) -> list[tuple[Document, Sources]]:
    seen: dict[int, tuple[Document, Sources]] = {}
    for p in passages:
        seen.setdefault(p.document.id, (p.document, p.sources))
    return list(seen.values())


def _document_bullets(pairs: Sequence[tuple[Document, Sources]], lang: str) -> str:
    lines = []
    for document, sources in pairs:
        known = [publisher(sources, lang), sources.date, f"/digest {document.id}"]
        name = shorten(title(document, sources, lang), TITLE_CHARS)
        lines.append(f"{name} — {' · '.join(x for x in known if x)}")
    return bullets(lines, lang)


def _by_document(passages: Sequence[Passage]) -> list[list[Passage]]:
    groups: dict[int, list[Passage]] = {}
    for p in passages:
        groups.setdefault(p.document.id, []).append(p)
    return list(groups.values())


def topic_digest(topic: Topic, passages: Sequence[Passage], lang: str) -> list[str]:
    """Return a topic digest: the best sentences across documents, each with its source."""
    head = heading(text("topic.title", lang, name=topic_name(topic, lang)), lang)
    if not passages:
        return parts([head, fixed("topic.empty", lang)])
    documents = _documents(passages)
    covered = fixed("topic.covered", lang, count=len(documents))
    arabic = [
        para(f"• {p.sentence.text}", "ar")
        + "\n"
        + source_block(p.document, p.sources, "ar", short=True)
        for p in passages
    ]
    if lang == "ar":
        return parts([head + "\n" + covered, *arabic])
    english = [
        head + "\n" + covered,
        fixed("topic.documents", lang) + "\n" + _document_bullets(documents, lang),
        fixed("topic.arabic_follows", lang),
    ]
    arabic_head = heading(text("topic.arabic_title", "ar", name=topic.name_ar), "ar")
    return parts(english) + parts([arabic_head, *arabic])


def search_results(query: str, passages: Sequence[Passage], lang: str) -> list[str]:
    """Return the sentences matching a search, grouped by document, with their sources."""
    query = shorten(query, 60)
    if not passages:
        return parts([fixed("search.none", lang, query=query)])
    groups = _by_document(passages)
    count = fixed("search.count", lang, sentences=len(passages), documents=len(groups))
    head = heading(text("search.title", lang, query=query), lang) + "\n" + count
    arabic = [
        document_heading(g[0].document, g[0].sources, "ar")
        + "\n"
        + bullets((p.sentence.text for p in g), "ar")
        + "\n"
        + source_block(g[0].document, g[0].sources, "ar", short=True)
        for g in groups
    ]
    if lang == "ar":
        return parts([head, *arabic])
    english = [
        head,
        _document_bullets(_documents(passages), lang),
        fixed("search.arabic_follows", lang),
    ]
    arabic_head = heading(text("search.arabic_title", "ar", query=query), "ar")
    return parts(english) + parts([arabic_head, *arabic])
