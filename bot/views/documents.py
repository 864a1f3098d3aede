"""Views of documents: the briefing list, one briefing, key figures and sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.texts import text
from bot.views.pieces import (
    LINE_CHARS,
    SEPARATOR,
    TITLE_CHARS,
    authors,
    bullets,
    document_heading,
    english_sources,
    fixed,
    heading,
    link_line,
    meta_line,
    name_lines,
    one_message,
    para,
    parts,
    publisher,
    shorten,
    source_block,
    title,
    title_origin_line,
    topic_name,
)
from summaries import (
    Document,
    English,
    Figure,
    Sources,
    StoredBriefing,
    Topic,
    figure_line,
    sources_phrase,
)

DOCS_PER_PAGE = 8
SOURCES_PER_PAGE = 5
FIGURE_DOCS_PER_PAGE = 3
FIGURES_IN_BRIEFING = 8
FIGURES_PER_DOC_IN_LIST = 6
NO_BACKEND = "none"  # summaries.english.NO_BACKEND: made without a translation model

FigureGroup = tuple[Document, Sources, Sequence[Figure]]


def _page_head(key: str, lang: str, page: int, pages: int, **fields: object) -> str:
    head = heading(text(key, lang, **fields), lang)
    if pages > 1:
        head += "\n" + fixed("list.page", lang, page=page, pages=pages)
    return head


# -- /digest --------------------------------------------------------------------------


def document_page(
    pairs: Sequence[tuple[Document, Sources]], page: int, pages: int, total: int, lang: str
) -> str:
    """Return one page of the briefing list: "#N title — publisher · date" per document."""
    if total == 0:
        return one_message([fixed("start.no_documents", lang)])
    lines = []
    for document, sources in pairs:
        known = " · ".join(x for x in (publisher(sources, lang), sources.date) if x)
        line = f"#{document.id} {shorten(title(document, sources, lang), TITLE_CHARS)}"
        lines.append(para(f"{line} — {known}" if known else line, lang))
    return one_message(
        [
            _page_head("list.title", lang, page, pages, count=total),
            "\n".join(lines),
            fixed("list.hint", lang),
        ]
    )


def document_buttons(pairs: Sequence[tuple[Document, Sources]], lang: str) -> list[tuple[int, str]]:
    """Return (doc id, button label) for the documents of a list page."""
    return [(d.id, f"#{d.id} {title(d, s, lang)}") for d, s in pairs]


def briefing(stored: StoredBriefing, taxonomy: Sequence[Topic], lang: str) -> list[str]:
    """Return one document's briefing: title, digest, key figures, topics and source line.

    In English: the machine-translated digest when a model made one; always
    the names (English, Arabic in parentheses), authors in English, figures
    with their English labels and topics; and, without a translation, one line
    saying the full digest needs the translation model and how to install it.
    """
    document, b = stored.document, stored.briefing
    english = b.english if lang == "en" else None
    sources = english_sources(b.sources, english)
    meta = meta_line(sources, lang)
    head = heading(f"#{document.id} {title(document, sources, lang)}", lang)
    translated = english is not None and english.translated
    if lang == "ar":
        body = para(b.digest.text, lang) if b.digest.sentences else fixed("doc.no_digest", lang)
    elif translated:
        body = (
            para(english.digest, lang) + "\n" + fixed("en.machine", lang, backend=english.backend)
        )
    else:
        body = ""
    names = {t.id: topic_name(t, lang) for t in taxonomy}
    topics = SEPARATOR[lang].join(names.get(t.topic_id, t.topic_id) for t in b.topics)
    return parts(
        [
            head + ("\n" + meta if meta else ""),
            body,
            _briefing_figures(document, b.figures, lang),
            name_lines(english.names) if english is not None else "",
            fixed("doc.topics", lang, topics=topics) if topics else "",
            source_block(document, sources, lang),
            _no_digest_line(english) if lang == "en" and not translated else "",
        ]
    )


def _no_digest_line(english: English | None) -> str:
    """Return why an English briefing has no digest: no model, or a translation that failed."""
    if english is None or english.backend == NO_BACKEND:
        return fixed("en.needs_model", "en")
    return fixed("en.unchecked", "en", backend=english.backend)


def _briefing_figures(document: Document, figures: Sequence[Figure], lang: str) -> str:
    if not figures:
        return ""
    shown = figures[:FIGURES_IN_BRIEFING]
    block = heading(text("doc.figures", lang), lang) + "\n"
    block += bullets((figure_line(f, lang) for f in shown), lang)
    if len(figures) > len(shown):
        more = len(figures) - len(shown)
        block += "\n" + fixed("doc.more_figures", lang, count=more, id=document.id)
    return block


# -- /figures -------------------------------------------------------------------------


def figure_group(
    group: FigureGroup,
    lang: str,
    *,
    cap: int | None = None,
    corpus: Mapping[int, tuple[int, bool]] | None = None,
) -> str:
    """Return "#N title", the document's figures (at most cap) and its source line.

    ``corpus`` (figure position -> number of documents stating it, disputed)
    adds "— 3 sources" and the dispute mark to the figures other documents state.
    """
    document, sources, figures = group
    shown = figures[:cap] if cap else figures
    corpus = corpus or {}
    lines = [
        shorten(figure_line(f, lang), LINE_CHARS) + _corpus_note(corpus.get(i), lang)
        for i, f in enumerate(shown)
    ]
    block = document_heading(document, sources, lang) + "\n"
    block += bullets(lines, lang) if lines else fixed("figures.none", lang)
    if len(figures) > len(shown):
        block += "\n" + fixed("figures.more", lang, count=len(figures) - len(shown), id=document.id)
    return block + "\n" + source_block(document, sources, lang, short=True)


def _corpus_note(found: tuple[int, bool] | None, lang: str) -> str:
    if found is None or (found[0] < 2 and not found[1]):
        return ""
    count, disputed = found
    note = f" — {sources_phrase(count, lang)}" if count > 1 else ""
    return note + (f" · {text('facts.disputed', lang)}" if disputed else "")


def figures_page(groups: Sequence[FigureGroup], page: int, pages: int, lang: str) -> str:
    """Return one page of key figures, grouped by document."""
    if not groups:
        return one_message([fixed("start.no_documents", lang)])
    blocks = [figure_group(g, lang, cap=FIGURES_PER_DOC_IN_LIST) for g in groups]
    return one_message([_page_head("figures.title", lang, page, pages), *blocks])


def document_figures(
    stored: StoredBriefing, lang: str, corpus: Mapping[int, tuple[int, bool]] | None = None
) -> list[str]:
    """Return every key figure of one document, most salient first, with how many state each."""
    b = stored.briefing
    return parts([figure_group((stored.document, b.sources, b.figures), lang, corpus=corpus)])


def topic_figures(topic: Topic, groups: Sequence[FigureGroup], lang: str) -> list[str]:
    """Return the figures of the sentences on a topic, grouped by document."""
    head = heading(text("figures.topic_title", lang, name=topic_name(topic, lang)), lang)
    if not groups:
        return parts([head, fixed("figures.none", lang)])
    head += "\n" + fixed("figures.topic_note", lang, count=len(groups))
    return parts([head, *(figure_group(g, lang) for g in groups)])


# -- /sources -------------------------------------------------------------------------


def source_entry(
    document: Document, sources: Sources, lang: str, english: English | None = None
) -> str:
    """Return a document's publisher, authors, date and link, one per line.

    In English the authors are the English side's forms of their names (made
    at ingest); only authors it has no English for are counted, not shown.
    """
    if lang != "ar":
        sources = english_sources(sources, english)
    unknown = text("sources.unknown", lang)
    names = authors(sources, lang)
    if names:
        author_line = fixed("sources.authors", lang, value=shorten(names, LINE_CHARS))
    elif sources.authors:  # English, names written only in Arabic
        author_line = fixed("sources.authors_ar", lang, count=len(sources.authors))
    else:
        author_line = fixed("sources.authors", lang, value=unknown)
    lines = [
        document_heading(document, sources, lang),
        title_origin_line(sources, lang),
        fixed("sources.publisher", lang, value=publisher(sources, lang) or unknown),
        author_line,
        fixed("sources.date", lang, value=sources.date or unknown),
        link_line(sources, lang),
    ]
    return "\n".join(line for line in lines if line)


def sources_page(
    pairs: Sequence[tuple[Document, Sources]],
    page: int,
    pages: int,
    lang: str,
    english: Mapping[int, English | None] | None = None,
) -> str:
    """Return one page of document sources; ``english`` holds each document's English side."""
    if not pairs:
        return one_message([fixed("start.no_documents", lang)])
    english = english or {}
    blocks = [source_entry(d, s, lang, english.get(d.id)) for d, s in pairs]
    return one_message([_page_head("sources.title", lang, page, pages), *blocks])


def document_sources(
    document: Document, sources: Sources, lang: str, english: English | None = None
) -> list[str]:
    """Return where one document comes from (authors in English from its English side)."""
    return parts([source_entry(document, sources, lang, english)])
