"""Views of corpus facts: the key figures across documents, and one figure's sources (pure).

Arabic lines show a figure as its documents write it (label: surface);
English lines its English label and normalised value. Each line says how
many sources state it and which (#N), and a disputed figure carries the
other sources' values on its line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.texts import text
from bot.views.pieces import (
    LINE_CHARS,
    SEPARATOR,
    document_heading,
    fixed,
    heading,
    one_message,
    para,
    parts,
    shorten,
)
from summaries import (
    CorpusFact,
    Document,
    Figure,
    Sources,
    Statement,
    english_label,
    format_value,
    sources_phrase,
)

DOC_REFS = 5  # document numbers shown on one line before "…"
RIVALS_SHOWN = 3  # other values shown on a disputed line
SOURCES_SHOWN = 8  # documents listed under one fact (and as many disputing it)


def value_text(figure: Figure, lang: str) -> str:
    """Return the value as the document writes it (ar) or normalised (en)."""
    return figure.surface if lang == "ar" else format_value(figure)


def _label(figure: Figure, lang: str) -> str:
    return figure.label_ar if lang == "ar" else english_label(figure)


def doc_refs(doc_ids: Sequence[int], lang: str, total: int | None = None) -> str:
    """Return "#2, #3, #4" (at most DOC_REFS, then "…" when total says there are more)."""
    ids = sorted(set(doc_ids))
    shown = [f"#{i}" for i in ids[:DOC_REFS]]
    more = "…" if (total if total is not None else len(ids)) > len(shown) else ""
    return SEPARATOR[lang].join(shown) + more


def rival_values(rivals: Sequence[Statement], lang: str) -> str:
    """Return the other values of a dispute: "more than 5,000 (#5)", one per value."""
    by_value: dict[str, list[int]] = {}
    for s in rivals:
        by_value.setdefault(value_text(s.figure, lang), []).append(s.doc_id)
    shown = list(by_value.items())[:RIVALS_SHOWN]
    return SEPARATOR[lang].join(f"{value} ({doc_refs(docs, lang)})" for value, docs in shown)


def fact_line(number: int, fact: CorpusFact, lang: str) -> str:
    """Return one key fact as plain text: "1. label: value — 3 sources (#2, #3, #4)"."""
    figure = fact.figure
    line = (
        f"{number}. {_label(figure, lang)}: {value_text(figure, lang)} — "
        f"{sources_phrase(fact.sources, lang)} ({doc_refs(fact.doc_ids, lang, fact.sources)})"
    )
    if fact.disputed:
        rivals = text("facts.rival", lang, value=rival_values(fact.rivals, lang))
        line += f" · {text('facts.disputed', lang)}: {rivals}"
    return line


def key_facts(facts: Sequence[CorpusFact], documents: int, lang: str) -> str:
    """Return the corpus key facts as one message (buttons carry the line numbers)."""
    if not facts:
        return one_message([fixed("facts.none", lang)])
    head = (
        heading(text("facts.title", lang), lang) + "\n" + fixed("facts.note", lang, count=documents)
    )
    lines = "\n".join(
        para(shorten(fact_line(i, f, lang), 2 * LINE_CHARS), lang) for i, f in enumerate(facts, 1)
    )
    return one_message([head, lines, fixed("facts.hint", lang)])


def _statement_line(
    statement: Statement, documents: Mapping[int, tuple[Document, Sources]], lang: str
) -> str:
    found = documents.get(statement.doc_id)
    value = value_text(statement.figure, lang)
    label = _label(statement.figure, lang)
    if found is None:
        return para(f"• #{statement.doc_id} — {label}: {value}", lang)
    document, sources = found
    return (
        document_heading(document, sources, lang)
        + "\n"
        + para(f"• {shorten(label, LINE_CHARS)}: {value} · /digest {document.id}", lang)
    )


def fact_sources(
    fact: CorpusFact, documents: Mapping[int, tuple[Document, Sources]], lang: str
) -> list[str]:
    """Return one fact with every document that states it, and those that dispute it."""
    figure = fact.figure
    head = heading(f"{_label(figure, lang)}: {value_text(figure, lang)}", lang)
    stated = fixed("facts.stated_by", lang, sources=sources_phrase(fact.sources, lang))
    seen: set[int] = set()
    blocks = []
    for statement in fact.statements:
        if statement.doc_id not in seen:
            seen.add(statement.doc_id)
            blocks.append(_statement_line(statement, documents, lang))
    if fact.sources == 1:
        blocks.append(fixed("facts.single", lang))
    elif fact.sources > len(seen):
        blocks.append(fixed("facts.more", lang, count=fact.sources - len(seen)))
    if fact.disputed:
        blocks.append(fixed("facts.rivals_head", lang))
        blocks += [_statement_line(s, documents, lang) for s in fact.rivals]
    return parts([head + "\n" + stated, *blocks])


def fact_document_ids(fact: CorpusFact) -> list[int]:
    """Return the documents a fact's buttons open: those shown, its sources then its rivals'."""
    ids: list[int] = []
    for s in (*fact.statements, *fact.rivals):
        if s.doc_id not in ids:
            ids.append(s.doc_id)
    return ids
