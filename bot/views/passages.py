"""Views of stored sentences across documents: topic digests and search results.

The sentences are Arabic. An Arabic reply lists them with their sources. An
English reply shows their stored machine translations when a model made
them. Without a translation it is English from end to end: which documents
(English titles, publishers, dates), the topic's key figures with their
English labels and the names each document names, and one line saying the
translation model is needed; the Arabic sentences follow in one separate
message headed as the Arabic original, so no Arabic line is ever presented
as English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.texts import text
from bot.views.pieces import (
    LINE_CHARS,
    TITLE_CHARS,
    bullets,
    document_heading,
    fixed,
    heading,
    name_text,
    para,
    parts,
    publisher,
    shorten,
    source_block,
    title,
    topic_name,
)
from summaries import Document, Figure, Name, Passage, Sources, Topic, figure_line

# Names listed per document under a topic digest without translations.
NAMES_PER_DOCUMENT = 5
# Key figures listed per document under a topic digest without translations.
FIGURES_PER_DOCUMENT = 3

FigureGroup = tuple[Document, Sources, Sequence[Figure]]


def _documents(passages: Sequence[Passage]) -> list[tuple[Document, Sources]]:
    seen: dict[int, tuple[Document, Sources]] = {}
    for p in passages:
        seen.setdefault(p.document.id, (p.document, p.sources))
    return list(seen.values())


def _document_bullets(
    pairs: Sequence[tuple[Document, Sources]],
    lang: str,
    names: Mapping[int, Sequence[Name]] | None = None,
) -> str:
    lines = []
    for document, sources in pairs:
        known = [publisher(sources, lang), sources.date, f"/digest {document.id}"]
        name = shorten(title(document, sources, lang), TITLE_CHARS)
        line = f"• {name} — {' · '.join(x for x in known if x)}"
        named = (names or {}).get(document.id, ())[:NAMES_PER_DOCUMENT]
        if named:
            line += "\n  " + text("en.named", lang, names=name_text(named))
        lines.append(para(line, lang))
    return "\n".join(lines)


def _by_document(passages: Sequence[Passage]) -> list[list[Passage]]:
    groups: dict[int, list[Passage]] = {}
    for p in passages:
        groups.setdefault(p.document.id, []).append(p)
    return list(groups.values())


def _arabic_original(passages: Sequence[Passage]) -> list[str]:
    """Return untranslated sentences as their own messages, headed in English as the original."""
    if not passages:
        return []
    head = fixed("en.arabic_original", "en", count=len(passages))
    blocks = [
        document_heading(g[0].document, g[0].sources, "ar")
        + "\n"
        + bullets((p.sentence.text for p in g), "ar")
        for g in _by_document(passages)
    ]
    return parts([head, *blocks])


def _figure_lines(groups: Sequence[FigureGroup]) -> str:
    lines = []
    for document, _, figures in groups:
        for figure in figures[:FIGURES_PER_DOCUMENT]:
            lines.append(shorten(f"#{document.id} {figure_line(figure, 'en')}", LINE_CHARS))
    return fixed("en.topic_figures", "en") + "\n" + bullets(lines, "en") if lines else ""


def topic_digest(
    topic: Topic,
    passages: Sequence[Passage],
    lang: str,
    *,
    figures: Sequence[FigureGroup] = (),
    names: Mapping[int, Sequence[Name]] | None = None,
) -> list[str]:
    """Return a topic digest: the best sentences across documents, each with its source.

    ``figures`` (the topic's figure groups) and ``names`` (per document id)
    fill the English reply when the sentences have no translation.
    """
    head = heading(text("topic.title", lang, name=topic_name(topic, lang)), lang)
    if not passages:
        return parts([head, fixed("topic.empty", lang)])
    documents = _documents(passages)
    covered = fixed("topic.covered", lang, count=len(documents))
    if lang == "ar":
        arabic = [
            para(f"• {p.sentence.text}", "ar")
            + "\n"
            + source_block(p.document, p.sources, "ar", short=True)
            for p in passages
        ]
        return parts([head + "\n" + covered, *arabic])
    translated = [p for p in passages if p.english]
    if translated:
        english = [
            para(f"• {p.english}", lang)
            + "\n"
            + source_block(p.document, p.sources, lang, short=True)
            for p in translated
        ]
        return parts([head + "\n" + covered, fixed("en.translated", lang), *english])
    # A topic digest is a briefing: an English reader gets it entirely in
    # English, so untranslated sentences are pointed to, never shown here.
    blocks = [
        head + "\n" + covered,
        fixed("topic.documents", lang) + "\n" + _document_bullets(documents, lang, names),
        _figure_lines(figures),
        fixed("en.needs_model", lang) + "\n" + fixed("en.arabic_on_request", lang),
    ]
    return parts(blocks)


def search_results(query: str, passages: Sequence[Passage], lang: str) -> list[str]:
    """Return the sentences matching a search, grouped by document, with their sources."""
    query = shorten(query, 60)
    if not passages:
        return parts([fixed("search.none", lang, query=query)])
    groups = _by_document(passages)
    count = fixed("search.count", lang, sentences=len(passages), documents=len(groups))
    head = heading(text("search.title", lang, query=query), lang) + "\n" + count
    if lang == "ar":
        arabic = [
            document_heading(g[0].document, g[0].sources, "ar")
            + "\n"
            + bullets((p.sentence.text for p in g), "ar")
            + "\n"
            + source_block(g[0].document, g[0].sources, "ar", short=True)
            for g in groups
        ]
        return parts([head, *arabic])
    english = [
        document_heading(g[0].document, g[0].sources, lang)
        + "\n"
        + bullets((p.english for p in g if p.english), lang)
        + "\n"
        + source_block(g[0].document, g[0].sources, lang, short=True)
        for g in _by_document([p for p in passages if p.english])
    ]
    # A search is a lookup, not a briefing: what matched only in Arabic is
    # still shown, after the English, in one message marked as the original.
    untranslated = [p for p in passages if not p.english]
    if english:
        return parts([head, fixed("en.matches_translated", lang), *english]) + _arabic_original(
            untranslated
        )
    blocks = [
        head,
        _document_bullets(_documents(passages), lang),
        fixed("en.needs_model", lang) + "\n" + fixed("en.arabic_follows", lang),
    ]
    return parts(blocks) + _arabic_original(untranslated)
