"""The admin's views of near duplicates and updates: batch report and /docs."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.views.admin import batch_report, files_page
from summaries import Document, IngestResult, Outcome, Sources, Status
from tests.bot.test_dropzone import shown

UPDATE = "updated version of document 3 (old.html), 81% similar: replaces it"
COPY = "same article as document 7 (new.html), 94% similar"
RESULTS = [
    IngestResult("new.html", Outcome.UPDATED, 7, UPDATE),
    IngestResult("copy.pdf", Outcome.DUPLICATE, 9, COPY),
]
SOURCES = {7: Sources(title="زيارة الكاظمي إلى واشنطن", title_en="Kadhimi visits Washington")}


def test_batch_report_names_the_document_an_update_replaces_and_a_copy_repeats():
    text = shown(batch_report(RESULTS, SOURCES, "en")[0])

    assert f"Updated (1):\n• new.html — document 7: Kadhimi visits Washington ({UPDATE})" in text
    assert f"Duplicates, not listed twice (1):\n• copy.pdf — {COPY}" in text


def test_batch_report_in_arabic_keeps_the_reason_of_an_update():
    text = shown(batch_report(RESULTS, SOURCES, "ar")[0])

    assert f"new.html — الوثيقة 7: زيارة الكاظمي إلى واشنطن ({UPDATE})" in text


def test_files_page_shows_a_replaced_document_with_the_update_that_replaced_it():
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    reason = "replaced by its updated version, document 7 (new.html), 81% similar"
    docs = [
        Document(7, "new.html", "h", Status.OK, 2_000, when, "v"),
        Document(3, "old.html", "h", Status.SUPERSEDED, 1_900, when, "v", reason),
    ]
    counts = {Status.OK: 1, Status.SUPERSEDED: 1}
    text = shown(files_page(docs, 1, 1, counts, ZoneInfo("UTC"), "en"))

    assert "0 withdrawn, 1 replaced" in text
    assert (
        f"• old.html — replaced by an update · 1.9 kB · 2026-03-01 09:30\nReason: {reason}" in text
    )
