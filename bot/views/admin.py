"""Views for Mujaz's admins: the drop-zone batch report, /docs pages, upload notices.

Reasons come from the summaries library as it wrote them (English, a person
can act on them); they are shown as they are, in an isolate inside Arabic
lines (``render.rtl``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.texts import text
from bot.views.pieces import bullets, fixed, heading, one_message, para, parts, shorten
from summaries import Document, IngestResult, Outcome, Sources, Status, display_title

FILES_PER_PAGE = 8
NAME_CHARS = 80
REASON_CHARS = 160
# Report sections, in the order an admin wants them: what to fix comes first.
_SECTIONS = (
    (Outcome.REJECTED, "drop.rejected"),
    (Outcome.DUPLICATE, "drop.duplicate"),
    (Outcome.NEW, "drop.new"),
    (Outcome.UPDATED, "drop.updated"),
    (Outcome.WITHDRAWN, "drop.withdrawn"),
)


def batch_report(
    results: Sequence[IngestResult], sources: Mapping[int, Sources], lang: str
) -> list[str]:
    """Return one batch's report: rejected (reasons), duplicates, new, updated, withdrawn."""
    blocks = [heading(text("drop.title", lang, count=len(results)), lang)]
    for outcome, key in _SECTIONS:
        chosen = [r for r in results if r.outcome is outcome]
        if chosen:
            lines = [_result_line(r, sources, lang) for r in chosen]
            blocks.append(fixed(key, lang, count=len(chosen)) + "\n" + bullets(lines, lang))
    blocks.append(fixed("drop.hint", lang))
    return parts(blocks)


def _result_line(result: IngestResult, sources: Mapping[int, Sources], lang: str) -> str:
    name = shorten(result.name, NAME_CHARS)
    if result.outcome in (Outcome.NEW, Outcome.UPDATED) and result.doc_id is not None:
        found = sources.get(result.doc_id, Sources())
        # the file's name is shown as its name, beside the title (an admin reads Arabic too)
        own = found.title_en if lang != "ar" else None
        title = shorten(own or found.title or display_title(found, lang), 80)
        if result.reason:  # an update that replaced an older document says which
            reason = shorten(result.reason, REASON_CHARS)
            return text(
                "drop.served_because", lang, name=name, id=result.doc_id, title=title, reason=reason
            )
        return text("drop.served", lang, name=name, id=result.doc_id, title=title)
    reason = shorten(result.reason or "", REASON_CHARS)
    return text("drop.because", lang, name=name, reason=reason) if reason else name


def files_page(
    documents: Sequence[Document],
    page: int,
    pages: int,
    counts: Mapping[Status, int],
    zone: ZoneInfo,
    lang: str,
) -> str:
    """Return one page of /docs: every file with its status, size, ingest time and reason."""
    total = sum(counts.values())
    if total == 0:
        return one_message([fixed("docs.empty", lang)])
    head = heading(text("docs.title", lang, count=total), lang)
    summary = fixed("docs.summary", lang, **{s.value: counts.get(s, 0) for s in Status})
    if pages > 1:
        summary += "\n" + fixed("list.page", lang, page=page, pages=pages)
    return one_message(
        [head + "\n" + summary, "\n\n".join(_file_entry(d, zone, lang) for d in documents)]
    )


def _file_entry(document: Document, zone: ZoneInfo, lang: str) -> str:
    line = text(
        "docs.line",
        lang,
        name=shorten(document.name, NAME_CHARS),
        status=status_name(document, lang),
        size=human_size(document.size),
        when=f"{document.ingested_at.astimezone(zone):%Y-%m-%d %H:%M}",
    )
    entry = para("• " + line, lang)
    if document.reason and document.status is not Status.OK:
        reason = text("docs.reason", lang, reason=shorten(document.reason, REASON_CHARS))
        entry += "\n" + para(reason, lang)
    return entry


def status_name(document: Document, lang: str) -> str:
    """Return a document's status as an admin reads it ("served (document 7)", "rejected")."""
    return text(f"status.{document.status.value}", lang, id=document.id)


def human_size(size: int) -> str:
    """Return a byte count the way the size limit is written: 512 B, 12.3 kB, 25.0 MB."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def notice(key: str, lang: str, **fields: object) -> list[str]:
    """Return a fixed drop-zone text (bot.texts "upload.*", "admin.*") as messages."""
    return parts([fixed(key, lang, **fields)])


def upload_state(document: Document | None, name: str, lang: str) -> list[str]:
    """Return where an uploaded file stands when its ingest changed nothing (same bytes)."""
    if document is None:
        return notice("upload.unchanged", lang, name=name, status="…")
    status = status_name(document, lang)
    if document.reason and document.status is not Status.OK:
        status += " — " + shorten(document.reason, REASON_CHARS)
    return notice("upload.unchanged", lang, name=name, status=status)
