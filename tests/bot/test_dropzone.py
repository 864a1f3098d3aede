"""The drop zone's pure parts: safe upload names, saving without overwriting, reports, settings."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.dropzone import describe, safe_name, save_upload
from bot.render import visible_text
from bot.views.admin import batch_report, files_page, human_size
from summaries import ConfigError, Document, IngestResult, Outcome, Sources, Status

BIDI = dict.fromkeys(map(ord, "\u200f\u2068\u2069"))
ARABIC = re.compile("[\u0600-\u06ff]")


def first_direction(line: str) -> str:
    kinds = (unicodedata.bidirectional(c) for c in line)
    return next((k for k in kinds if k in ("L", "R", "AL", "EN", "AN")), "")


def shown(html_text: str) -> str:
    return visible_text(html_text).translate(BIDI)


# -- safe names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\win.ini.txt", "win.ini.txt"),
        ("/abs/path/report.md", "report.md"),
        (".hidden.txt", "hidden.txt"),
        ("~$lock.docx", "lock.docx"),
        ("-rf.txt", "rf.txt"),
        ("تقرير الزيارة.txt", "تقرير الزيارة.txt"),
        ("report\u202etxt.exe.pdf", "reporttxt.exe.pdf"),  # a right-to-left override hides .exe
        ("line\nbreak\x00.txt", "linebreak.txt"),
        ('what?:<>|"*.txt', "what_______.txt"),
        ("trailing. . ", "trailing"),
    ],
)
def test_safe_name_keeps_only_a_harmless_base_name(raw, safe):
    assert safe_name(raw) == safe


@pytest.mark.parametrize("raw", ["", "..", "../", "...", ".txt.", "/", "\u202e"])
def test_safe_name_gives_nothing_when_no_name_is_left(raw):
    assert safe_name(raw) in (None, "txt")  # ".txt" loses its dot: no suffix, refused later


def test_safe_name_shortens_a_long_name_but_keeps_the_suffix():
    name = safe_name("ت" * 500 + ".docx")
    assert name.endswith(".docx") and len(name) <= 120


# -- saving uploads ----------------------------------------------------------------------


def test_save_upload_creates_the_file_and_leaves_no_temporary_behind(tmp_path):
    assert save_upload(tmp_path, "a.txt", b"one") == "a.txt"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"one"


def test_save_upload_never_overwrites_without_being_asked(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"old")
    (tmp_path / "a (2).txt").write_bytes(b"older copy")

    assert save_upload(tmp_path, "a.txt", b"new") == "a (3).txt"
    assert (tmp_path / "a.txt").read_bytes() == b"old"
    assert (tmp_path / "a (3).txt").read_bytes() == b"new"


def test_save_upload_overwrites_when_asked(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"old")

    assert save_upload(tmp_path, "a.txt", b"new", overwrite=True) == "a.txt"
    assert (tmp_path / "a.txt").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


# -- the admin report --------------------------------------------------------------------

RESULTS = [
    IngestResult("new.txt", Outcome.NEW, 7),
    IngestResult("old.txt", Outcome.WITHDRAWN, 2, "file removed from seeds/"),
    IngestResult("empty.txt", Outcome.REJECTED, 8, "the file is empty"),
    IngestResult("copy.html", Outcome.DUPLICATE, 9, "same article as document 7 (new.txt)"),
    IngestResult("<b>odd</b>.txt", Outcome.UPDATED, 3),
]
SOURCES = {
    7: Sources(title="زيارة الكاظمي إلى واشنطن", title_en="Kadhimi visits Washington"),
    3: Sources(title="عنوان <مع> & رموز"),
}


def test_batch_report_lists_every_outcome_with_reasons_in_english():
    [message] = batch_report(RESULTS, SOURCES, "en")
    text = shown(message)

    assert text.startswith("seeds/ update: 5 file(s)")
    assert "Rejected (1):\n• empty.txt — the file is empty" in text
    assert "Duplicates, not listed twice (1):\n• copy.html — same article as document 7" in text
    assert "New (1):\n• new.txt — document 7: Kadhimi visits Washington" in text
    assert "Updated (1):\n• <b>odd</b>.txt — document 3: عنوان <مع> & رموز" in text
    assert "Withdrawn (1):\n• old.txt — file removed from seeds/" in text
    assert "&lt;b&gt;odd" in message  # file names and titles are escaped
    assert text.index("Rejected") < text.index("New (1)")  # what to fix comes first


def test_batch_report_in_arabic_reads_right_to_left_and_keeps_the_arabic_title():
    [message] = batch_report(RESULTS, SOURCES, "ar")
    text = shown(message)

    assert "تحديث مجلد seeds: 5 ملف" in text
    assert "new.txt — الوثيقة 7: زيارة الكاظمي إلى واشنطن" in text
    arabic_lines = [ln for ln in visible_text(message).split("\n") if ARABIC.search(ln)]
    assert len(arabic_lines) == 9 and all(first_direction(ln) in ("R", "AL") for ln in arabic_lines)
    assert "• empty.txt — the file is empty" in text  # the library's reason, left to right


def test_batch_report_of_many_files_splits_into_messages_under_the_limit():
    many = [IngestResult(f"file{n:03d}.txt", Outcome.REJECTED, n, "x" * 150) for n in range(200)]
    parts = batch_report(many, {}, "en")

    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert sum(shown(p).count("x" * 150) for p in parts) == 200


def test_describe_puts_every_outcome_of_a_batch_on_one_log_line():
    line = describe(RESULTS[:3])

    assert line == (
        "3 file(s): new.txt new #7; old.txt withdrawn #2; empty.txt rejected #8 (the file is empty)"
    )


# -- /docs ---------------------------------------------------------------------------------


def document(doc_id: int, name: str, status: Status, size: int, reason: str | None = None):
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    return Document(doc_id, name, "hash", status, size, when, "v", reason)


def test_files_page_shows_status_size_local_time_and_reason():
    docs = [
        document(1, "a.txt", Status.OK, 12_345),
        document(2, "b.pdf", Status.REJECTED, 25_000_000, "file is 25.0 MB, the limit is 20.0 MB"),
    ]
    counts = {Status.OK: 1, Status.REJECTED: 1}
    text = shown(files_page(docs, 1, 1, counts, ZoneInfo("Asia/Baghdad"), "en"))

    assert (
        "Files in seeds/ (2)" in text and "1 served, 1 rejected, 0 duplicate, 0 withdrawn" in text
    )
    assert "• a.txt — served (document 1) · 12.3 kB · 2026-03-01 12:30" in text
    assert "• b.pdf — rejected · 25.0 MB · 2026-03-01 12:30\nReason: file is 25.0 MB" in text


def test_files_page_without_files_says_how_to_add_one():
    assert "Drop one into seeds/" in shown(files_page([], 1, 1, {}, ZoneInfo("UTC"), "en"))


@pytest.mark.parametrize(("size", "text"), [(0, "0 B"), (999, "999 B"), (4010, "4.0 kB")])
def test_human_size_writes_sizes_like_the_size_limit(size, text):
    assert human_size(size) == text


# -- settings ------------------------------------------------------------------------------


def test_settings_watch_seeds_by_default_only_when_read_from_the_environment():
    assert Settings().watch == "off"
    settings = Settings.from_env({})
    assert (settings.watch, settings.watch_interval, settings.watch_stable) == ("auto", 2.0, 1.0)
    chosen = Settings.from_env({"MUJAZ_WATCH": "Poll", "MUJAZ_WATCH_INTERVAL": "0.5"})
    assert (chosen.watch, chosen.watch_interval) == ("poll", 0.5)


@pytest.mark.parametrize(
    ("name", "value"),
    [("MUJAZ_WATCH", "inotify"), ("MUJAZ_WATCH_INTERVAL", "0"), ("MUJAZ_WATCH_STABLE", "soon")],
)
def test_settings_refuse_a_bad_watch_setting_naming_it(name, value):
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})
