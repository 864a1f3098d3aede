"""Plain-text renderings of stored briefings, for the command line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from summaries.describe import display_title, publisher_en
from summaries.figures.salience import hedge_of
from summaries.model import (
    CorpusFact,
    Document,
    English,
    Figure,
    IngestResult,
    Passage,
    Sources,
    StoredBriefing,
    TimelineEvent,
    TimelineSource,
    Topic,
)
from summaries.timeline import format_date
from summaries.words import has_arabic

NO_LINK_AR = "لا يوجد رابط معروف لهذه الوثيقة"
NO_LINK_EN = "no known link for this document"
SOURCE_CHARS = 50  # a timeline source named by a long title is cut


def ingest_line(result: IngestResult) -> str:
    """Return one line saying what ingest did with a file."""
    ref = f"#{result.doc_id}" if result.doc_id is not None else ""
    line = f"{result.outcome.value:<10} {ref:<5} {result.name}"
    return (
        f"{line}: {result.reason}"
        if result.reason and result.outcome.value != "unchanged"
        else line
    )


def document_line(document: Document, sources: Sources | None = None, lang: str = "ar") -> str:
    """Return "#id  title (publisher, date)  [file]" for a listing: the file name as a file name."""
    sources = sources or Sources()
    title = display_title(sources, lang)
    who = sources.publisher if lang == "ar" else publisher_en(sources.publisher)
    details = ", ".join(x for x in (who, sources.date) if x)
    return (
        f"#{document.id:<4} {title}" + (f" ({details})" if details else "") + f"  [{document.name}]"
    )


def source_line(sources: Sources, lang: str = "ar") -> str:
    """Return publisher, authors, date and link on one line; says so when no link is known."""
    publisher = sources.publisher
    if publisher and lang != "ar":  # "معهد واشنطن / The Washington Institute": the English half
        publisher = next((p for p in publisher.split(" / ") if not has_arabic(p)), None)
    parts = [
        publisher,
        "، ".join(sources.authors) if lang == "ar" else ", ".join(sources.authors),
        sources.date,
    ]
    link = sources.urls[0] if sources.urls else (NO_LINK_AR if lang == "ar" else NO_LINK_EN)
    return " · ".join([p for p in parts if p] + [link])


def figure_line(figure: Figure, lang: str = "ar") -> str:
    """Return "label: surface" (Arabic) or "label: normalised value" (English)."""
    if lang == "ar":
        return f"{figure.label_ar}: {figure.surface}"
    return f"{english_label(figure)}: {format_value(figure)}"


def english_label(figure: Figure) -> str:
    """Return the English label without its hedge mark: "coalition troops", not "… (about)"."""
    hedge = hedge_of(figure)
    return figure.label_en.removesuffix(f" ({hedge})") if hedge else figure.label_en


def format_value(figure: Figure) -> str:
    """Return the normalised value in English ("155 million USD", "about 3,000 troops")."""
    hedge = hedge_of(figure)
    value = _plain_value(figure)
    return f"{hedge} {value}" if hedge else value


def _plain_value(figure: Figure) -> str:
    if figure.kind == "date":
        return _english_date(figure.unit) or f"{figure.value:.0f}"
    if figure.kind == "year":
        return f"{figure.value:.0f}"
    if figure.kind == "ordinal":
        return f"{figure.unit.replace('_', ' ')} {figure.value:.0f}".strip()
    number = _english_number(figure.value)
    if figure.unit == "%":
        return f"{number}%"
    return f"{number} {figure.unit.replace('_', ' ')}".strip()


_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _english_date(unit: str) -> str | None:
    # Units are ISO-like: "2021-07-26", "2020-06", or "--08-19" when the year is not given.
    year, _, rest = unit.partition("-") if not unit.startswith("--") else ("", "", unit[2:])
    month, _, day = rest.partition("-")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return None
    parts = [str(int(day)) if day.isdigit() else "", _MONTHS[int(month) - 1], year]
    return " ".join(p for p in parts if p)


def _english_number(value: float) -> str:
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def briefing_text(stored: StoredBriefing, taxonomy: Sequence[Topic], lang: str = "ar") -> str:
    """Return a whole briefing as plain text: title, digest, figures, topics, source line."""
    b = stored.briefing
    names = {t.id: (t.name_ar if lang == "ar" else t.name_en) for t in taxonomy}
    title = display_title(b.sources, lang)
    lines = [f"#{stored.document.id} {title}", ""]
    sources = b.sources
    if lang == "ar":
        lines += [b.digest.text or "(لا يوجد موجز)"]
    elif b.english is None:
        lines += ["(No English side stored: run `mujaz ingest` again.)"]
    else:
        lines += english_lines(b.english)
        sources = replace(sources, authors=b.english.authors)  # never Arabic names in English
    lines += ["", "أرقام رئيسية:" if lang == "ar" else "Key figures:"]
    lines += [f"- {figure_line(f, lang)}" for f in b.figures[:8]] or ["- —"]
    topic_names = [names.get(t.topic_id, t.topic_id) for t in b.topics]
    lines += [
        "",
        ("المواضيع: " if lang == "ar" else "Topics: ")
        + (("، " if lang == "ar" else ", ").join(topic_names) or "—"),
    ]
    lines += [("المصدر: " if lang == "ar" else "Source: ") + source_line(sources, lang)]
    return "\n".join(lines)


def english_lines(english: English) -> list[str]:
    """Return the English digest and its backend, or why there is none, then the names by kind."""
    if english.translated:
        lines = [english.digest, f"[machine translation: {english.backend}]"]
    else:
        lines = [
            "(No English digest: it needs the translation model; install one with "
            "`mujaz models install FILE`, then `mujaz ingest`.)"
        ]
    for kind, label in (
        ("person", "People"),
        ("organisation", "Organisations"),
        ("place", "Places"),
    ):
        named = [f"{n.english} ({n.arabic})" for n in english.names if n.kind == kind]
        if named:
            lines.append(f"{label}: " + ", ".join(named))
    return lines


def figures_text(
    items: Iterable[tuple[Document, Sources, Sequence[Figure]]], lang: str = "ar"
) -> str:
    """Return figures grouped by document."""
    blocks = []
    for document, sources, figures in items:
        lines = [document_line(document, sources, lang)]
        lines += [f"  - {figure_line(f, lang)}" for f in figures] or ["  - —"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def sources_phrase(count: int, lang: str = "ar") -> str:
    """Return "3 sources" / «3 مصادر», with the Arabic number agreement (مصدران, 11 مصدرًا)."""
    if lang != "ar":
        return f"{count} source" if count == 1 else f"{count} sources"
    if count == 1:
        return "مصدر واحد"
    if count == 2:
        return "مصدران"
    return f"{count} مصادر" if 3 <= count <= 10 else f"{count} مصدرًا"


def key_facts_text(facts: Sequence[CorpusFact], lang: str = "ar") -> str:
    """Return the corpus key figures, one line each: label, value, sources; disputes marked."""
    sep = "، " if lang == "ar" else ", "
    lines = ["أبرز الأرقام في الوثائق:" if lang == "ar" else "Key figures across the documents:"]
    for i, fact in enumerate(facts, 1):
        refs = sep.join(f"#{d}" for d in fact.doc_ids[:5]) + ("…" if fact.sources > 5 else "")
        sources = sources_phrase(fact.sources, lang)
        lines.append(f"{i:>2}. {figure_line(fact.figure, lang)} — {sources} ({refs})")
        if fact.disputed:
            rivals = sep.join(f"{figure_line(s.figure, lang)} (#{s.doc_id})" for s in fact.rivals)
            lines.append(
                ("    ⚠ تختلف المصادر: " if lang == "ar" else "    ⚠ sources disagree: ") + rivals
            )
    if not facts:
        lines.append("  —")
    return "\n".join(lines)


def passages_text(topic_name: str, passages: Sequence[Passage]) -> str:
    """Return a topic digest: each sentence with its source."""
    lines = [topic_name, ""]
    for p in passages:
        source = p.sources.publisher or display_title(p.sources, "ar")
        lines.append(f"- {p.sentence.text} (#{p.document.id}، {source})")
    return "\n".join(lines)


def timeline_text(events: Sequence[TimelineEvent], lang: str, *, total: int | None = None) -> str:
    """Return the timeline as plain lines: date — what happened — sources; other dates marked."""
    if not events:
        return "لا أحداث مؤرخة." if lang == "ar" else "no dated events"
    lines = []
    for event in events:
        said = [s.clause_ar if lang == "ar" else s.clause_en for s in event.sources]
        what = next((x for x in said if x), "(in Arabic only)")
        who = "; ".join(_timeline_source(s, lang) for s in event.sources)
        if event.reports > len(event.sources):
            who += f" (+{event.reports - len(event.sources)})"
        lines.append(f"{format_date(event.date, lang)} — {what} — {who}")
        if event.disputed:
            other = "; ".join(
                f"{format_date(s.date, lang)} ({_timeline_source(s, lang)})" for s in event.disputed
            )
            lines.append(f"  ! {'تاريخ مختلف' if lang == 'ar' else 'dates differ'}: {other}")
    if total is not None and total > len(events):
        lines.append(f"... {total - len(events)} more")
    return "\n".join(lines)


def _timeline_source(source: TimelineSource, lang: str) -> str:
    """Return "publisher #N" in lang (the Arabic or Latin half of "ar / en"), else the title."""
    s = source.sources
    name = s.publisher if lang == "ar" else publisher_en(s.publisher)
    if name and lang == "ar":
        name = next((p.strip() for p in name.split(" / ") if has_arabic(p)), name)
    name = name or display_title(s, lang)
    if len(name) > SOURCE_CHARS:
        name = name[: SOURCE_CHARS - 1].rstrip() + "…"
    return f"{name} #{source.document.id}"
