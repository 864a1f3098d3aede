"""The drop zone end to end: the real bot polls the fake Bot API while files come and go.

Every test runs the Application on a seeds/ folder and a store of its own,
with the watcher polling every 0.1 s and a 0.2 s stable window. Tests wait
for what the bot sends (the admin's report, a /digest answer), never for a
fixed time; the 10 s the issue allows is only the give-up bound.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.store import BotStore
from summaries import Pipeline, Status, supported_suffixes
from summaries import Settings as LibrarySettings
from tests.conftest import SEEDS
from tests.e2e.chat import ask, shown
from tests.fake_bot_api import NO_RATE_LIMITS, FakeBotApi, SentMessage, polling
from tests.summaries import pdf_maker

ADMIN = 810_001  # a private chat's id is its user's id
USER = 810_002
GROUP = -810_003
WINDOW = 10.0  # the pickup promise, used only as the give-up bound
MB = 1_000_000
HUGE_LINE = "نص عربي طويل جداً يتكرر.\n".encode()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


@dataclass
class Zone:
    """The running bot, its seeds/ folder and store, and the Bot API stand-in."""

    app: object
    api: FakeBotApi
    seeds: Path
    store: BotStore
    root: Path

    async def report(self, n: int = 1) -> SentMessage:
        """Return the admin's n-th message once it arrived."""
        return (await self.api.wait_for_messages(ADMIN, n, timeout=WINDOW))[n - 1]

    async def digest(self, until: str, lang: str = "en", chat: int = USER) -> str:
        """Ask /digest until its answer holds until; return that answer."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WINDOW
        while True:
            [reply] = await ask(self.api, chat, "/digest", lang)
            if until in shown(reply) or loop.time() > deadline:
                return shown(reply)
            await asyncio.sleep(0.05)

    def doc_id(self, name: str) -> int:
        return self.store.document_by_name(name).id


@pytest.fixture
async def zone(bot_api: FakeBotApi, tmp_path: Path, pipeline: Pipeline) -> AsyncIterator[Zone]:
    bot_api.rate_limits = NO_RATE_LIMITS
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    db_path = tmp_path / "mujaz.sqlite3"
    settings = Settings(
        token=bot_api.token,
        api_root=bot_api.root,
        admins=frozenset({ADMIN}),
        library=LibrarySettings(seeds_dir=seeds, db_path=db_path),
        watch="poll",
        watch_interval=0.1,
        watch_stable=0.2,
    )
    bot_api.register_chat(ADMIN)
    with BotStore.open(db_path) as store:
        app = build_application(settings, store, pipeline=pipeline)
        async with polling(app):
            await app.post_init(app)
            try:
                yield Zone(app, bot_api, seeds, store, tmp_path)
            finally:
                await app.post_stop(app)


async def until(condition, timeout: float = WINDOW) -> None:
    """Return once condition() holds (checked every 20 ms); fail after timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def seed(number: int) -> Path:
    return sorted(SEEDS.glob(f"{number:03d}_*.txt"))[0]


def paragraphs(number: int) -> list[str]:
    text = seed(number).read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def drop(folder: Path, name: str, data: bytes, outside: Path) -> Path:
    """Put a file into folder the way a file manager's move does: written elsewhere, renamed in."""
    staging = outside / "staging"
    staging.mkdir(exist_ok=True)
    (staging / name).write_bytes(data)
    os.replace(staging / name, folder / name)
    return folder / name


# -- the formats ------------------------------------------------------------------------


def make_txt(path: Path) -> None:
    path.write_bytes(seed(2).read_bytes())


def make_html(path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in paragraphs(2))
    path.write_text(
        "<!doctype html><html lang='ar'><head><meta charset='utf-8'>"
        "<title>الكاظمي في واشنطن</title>"
        "<link rel='canonical' href='https://example.org/kadhimi-visit'>"
        "</head><body><nav><a href='/'>الرئيسية</a> <a href='/news'>أخبار</a></nav>"
        f"<article><h1>الكاظمي في واشنطن</h1>{body}</article>"
        "<aside>اقرأ أيضاً: مقالات ذات صلة</aside><footer>جميع الحقوق محفوظة</footer>"
        "</body></html>",
        encoding="utf-8",
    )


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for paragraph in paragraphs(2):
        document.add_paragraph(paragraph)
    document.save(str(path))


def make_pdf(path: Path) -> None:
    pdf_maker.make_pdf(path, paragraphs(2))


MAKERS = {".txt": make_txt, ".html": make_html, ".docx": make_docx, ".pdf": make_pdf}


@pytest.mark.parametrize("suffix", sorted(MAKERS))
async def test_dropped_file_is_served_by_digest_and_reported_to_the_admin(zone, suffix):
    if suffix not in supported_suffixes():
        pytest.skip(f"no {suffix} reader yet (DROP-R)")
    name = f"report{suffix}"
    MAKERS[suffix](zone.root / name)
    drop(zone.seeds, name, (zone.root / name).read_bytes(), zone.root)

    report = await zone.report()
    listing = await zone.digest("Briefings, newest first (1)")

    doc_id = zone.doc_id(name)
    assert "New (1):" in shown(report) and f"{name} — document {doc_id}" in shown(report)
    assert "Briefings, newest first (1)" in listing and f"#{doc_id} " in listing
    [briefing] = await ask(zone.api, USER, f"/digest {doc_id}", "ar")
    assert "الكاظمي" in shown(briefing)


async def test_replaced_file_is_reingested_under_the_same_id(zone):
    drop(zone.seeds, "report.txt", seed(2).read_bytes(), zone.root)
    await zone.report()
    doc_id = zone.doc_id("report.txt")
    drop(zone.seeds, "report.txt", seed(3).read_bytes(), zone.root)

    report = await zone.report(2)
    [briefing] = await ask(zone.api, USER, f"/digest {doc_id}", "ar")

    assert "Updated (1):" in shown(report) and f"report.txt — document {doc_id}" in shown(report)
    assert "تريندز" in shown(briefing) and "بلينكن" not in shown(briefing)  # seed 3, not 2


async def test_deleted_file_is_withdrawn_and_its_history_kept(zone):
    drop(zone.seeds, "report.txt", seed(2).read_bytes(), zone.root)
    await zone.report()
    (zone.seeds / "report.txt").unlink()

    report = await zone.report(2)
    listing = await zone.digest("No documents yet")

    assert "Withdrawn (1):" in shown(report) and "report.txt — file removed" in shown(report)
    assert "No documents yet" in listing
    assert zone.store.document_by_name("report.txt").status is Status.WITHDRAWN


async def test_bad_files_are_reported_with_reasons_while_the_bot_keeps_answering(zone):
    english = "An English note about Iraq and the United States. " * 40
    files = {
        "empty.txt": b"",
        "random.pdf": os.urandom(4096),
        "huge.txt": HUGE_LINE * (25 * MB // len(HUGE_LINE)),
        "english.txt": english.encode(),
        "good.txt": seed(1).read_bytes(),
    }
    for name, data in files.items():
        drop(zone.seeds, name, data, zone.root)
    [help_reply] = await ask(zone.api, USER, "/help", "en")  # answered during the batch

    report = shown(await zone.report())
    after = zone.api.messages(ADMIN)

    assert "/digest" in shown(help_reply)
    assert "seeds/ update: 5 file(s)" in report
    assert "Rejected (4):" in report and "New (1):" in report
    assert "empty.txt — the file is empty" in report
    assert "huge.txt — file is 25.0 MB, the limit is 20.0 MB" in report
    assert "english.txt — no Arabic text found" in report
    assert "random.pdf — " in report  # whatever the PDF reader says, a reason is given
    assert len(after) == 1  # one message for the whole batch
    [again] = await ask(zone.api, USER, "/about", "en")
    assert "Documents: 1" in shown(again)


async def test_bot_answers_commands_while_a_large_document_is_ingested(zone, monkeypatch):
    # Every seed paragraph three times, each copy made distinct (cleaning drops
    # repeated paragraphs): about 200 kB, a few seconds of summarising.
    long_text = "\n\n".join(
        f"{paragraph} وأضاف المصدر في النسخة رقم {copy} أن ذلك مهم."
        for copy in range(3)
        for n in range(5)
        for paragraph in paragraphs(n)
    )
    # The worker is held inside summarising until /help is answered, so the
    # test does not depend on how fast the machine summarises 200 kB.
    release = threading.Event()
    summarize = Pipeline.summarize

    def held(self, raw, sidecar=None):
        if raw.name == "long.txt":
            release.wait(WINDOW)
        return summarize(self, raw, sidecar)

    monkeypatch.setattr(Pipeline, "summarize", held)
    drop(zone.seeds, "long.txt", long_text.encode(), zone.root)
    zone_obj = zone.app.bot_data.dropzone
    await zone.api.wait_for(lambda: zone_obj.busy or None, timeout=WINDOW)

    [reply] = await ask(zone.api, USER, "/help", "en")
    still_busy = zone_obj.busy
    release.set()

    assert "/digest" in shown(reply) and still_busy
    report = await zone.report()
    assert "long.txt — document" in shown(report)


async def test_admin_report_comes_in_the_language_the_admin_chose(zone):
    await ask(zone.api, ADMIN, "/lang ar", "en", n=1)
    drop(zone.seeds, "تقرير.txt", seed(2).read_bytes(), zone.root)

    report = shown(await zone.report(2))

    assert "تحديث مجلد seeds: 1 ملف" in report and "جديدة (1):" in report
    assert "تقرير.txt — الوثيقة" in report


async def test_admin_who_never_started_the_bot_does_not_stop_the_drop_zone(zone, caplog):
    zone.api.block(ADMIN)
    drop(zone.seeds, "a.txt", seed(2).read_bytes(), zone.root)
    await until(lambda: "could not report to admin 810001" in caplog.text)
    zone.api.unblock(ADMIN)
    drop(zone.seeds, "b.txt", seed(3).read_bytes(), zone.root)

    report = await zone.report()

    assert "b.txt — document" in shown(report) and "a.txt" not in shown(report)
    assert "Forbidden" in caplog.text


# -- /docs -------------------------------------------------------------------------------


async def test_docs_lists_every_file_with_status_size_time_and_reason(zone):
    drop(zone.seeds, "good.txt", seed(2).read_bytes(), zone.root)
    drop(zone.seeds, "empty.txt", b"", zone.root)
    await zone.report()

    [reply] = await ask(zone.api, ADMIN, "/docs", "en")
    text = shown(reply)

    assert "Files in seeds/ (2)" in text and "1 served, 1 rejected" in text
    size = f"{seed(2).stat().st_size / 1000:.1f} kB"
    assert f"good.txt — served (document {zone.doc_id('good.txt')}) · {size} · 20" in text
    assert "empty.txt — rejected · 0 B · 20" in text and "Reason: the file is empty" in text


async def test_docs_pages_through_many_files_with_buttons(zone):
    for n in range(10):
        drop(zone.seeds, f"empty{n:02d}.txt", b"", zone.root)
    await zone.report()

    [first] = await ask(zone.api, ADMIN, "/docs", "en")
    query = zone.api.press_button(ADMIN, first.message_id, "p:files:2", language_code="en")
    await zone.api.wait_for(lambda: zone.api.callback_answers[query] is not None or None)
    [second] = await zone.api.wait_for_edits(ADMIN, 1)

    assert "Page 1 of 2" in shown(first) and "empty00.txt" in shown(first)
    assert "Page 2 of 2" in shown(second) and "empty09.txt" in shown(second)


async def test_docs_politely_refuses_someone_who_is_not_an_admin(zone):
    [reply] = await ask(zone.api, USER, "/docs", "en")

    assert "only" in shown(reply) and "administrators" in shown(reply)


# -- upload through Telegram --------------------------------------------------------------


async def upload(zone: Zone, name: str, data: bytes, *, chat: int = ADMIN, n: int = 2):
    before = len(zone.api.messages(chat))
    zone.api.send_document(chat, name, data, user=chat, language_code="en")
    return (await zone.api.wait_for_messages(chat, before + n, timeout=WINDOW))[before:]


async def test_upload_by_an_admin_is_saved_ingested_and_reported(zone):
    saved, report = await upload(zone, "تقرير الزيارة.txt", seed(2).read_bytes())

    assert "Saved to seeds/ as “تقرير الزيارة.txt”" in shown(saved)
    assert "New (1):" in shown(report) and "تقرير الزيارة.txt — document" in shown(report)
    assert (zone.seeds / "تقرير الزيارة.txt").read_bytes() == seed(2).read_bytes()
    assert [p.name for p in zone.seeds.iterdir()] == ["تقرير الزيارة.txt"]  # no temp left


async def test_upload_with_a_hostile_name_lands_inside_seeds_under_its_base_name(zone):
    saved, report = await upload(zone, "../../etc/passwd.txt", seed(2).read_bytes())

    assert "as “passwd.txt”" in shown(saved)
    assert [p.name for p in zone.seeds.iterdir()] == ["passwd.txt"]
    assert not (zone.root / "etc").exists() and not (zone.root.parent / "etc").exists()
    assert "passwd.txt — document" in shown(report)


async def test_upload_by_someone_else_is_refused_and_nothing_is_stored(zone):
    [reply] = await upload(zone, "report.txt", seed(2).read_bytes(), chat=USER, n=1)

    assert "only Mujaz's administrators can add documents" in shown(reply)
    assert list(zone.seeds.iterdir()) == [] and zone.api.calls("getFile") == []


async def test_upload_in_a_group_is_ignored(zone):
    zone.api.send_document(GROUP, "report.txt", seed(2).read_bytes(), user=ADMIN)
    [reply] = await ask(zone.api, GROUP, "/help", "en")  # processed after the document

    assert zone.api.messages(GROUP) == [reply]
    assert list(zone.seeds.iterdir()) == [] and zone.api.calls("getFile") == []


async def test_upload_of_an_unsupported_format_is_refused_before_download(zone):
    [reply] = await upload(zone, "slides.pptx", b"PK\x03\x04 slides", n=1)

    assert "Unsupported format: .pptx. I take: " in shown(reply) and ".txt" in shown(reply)
    assert zone.api.calls("getFile") == [] and list(zone.seeds.iterdir()) == []


async def test_upload_over_telegrams_download_limit_gets_a_clear_reply(zone):
    [reply] = await upload(zone, "big.txt", b"x" * (21 * 1024 * 1024), n=1)

    assert "Telegram lets bots download at most 20 MB" in shown(reply)
    assert zone.api.calls("getFile") == [] and list(zone.seeds.iterdir()) == []


async def existing(zone: Zone) -> SentMessage:
    """Drop report.txt (seed 2), wait for it, then upload seed 3 under the same name."""
    drop(zone.seeds, "report.txt", seed(2).read_bytes(), zone.root)
    await zone.report()
    [question] = await upload(zone, "report.txt", seed(3).read_bytes(), n=1)
    assert "seeds/ already has a file named “report.txt”" in shown(question)
    return question


async def test_upload_over_an_existing_name_overwrites_only_after_the_confirm_button(zone):
    question = await existing(zone)
    assert (zone.seeds / "report.txt").read_bytes() == seed(2).read_bytes()  # not yet
    doc_id = zone.doc_id("report.txt")

    zone.api.press_button(
        ADMIN, question.message_id, question.data_for("Overwrite"), language_code="en"
    )
    saved, report = (await zone.api.wait_for_messages(ADMIN, 4, timeout=WINDOW))[2:]

    assert (zone.seeds / "report.txt").read_bytes() == seed(3).read_bytes()
    assert "Saved to seeds/ as “report.txt”" in shown(saved)
    assert "Updated (1):" in shown(report) and f"report.txt — document {doc_id}" in shown(report)


async def test_upload_over_an_existing_name_can_keep_both(zone):
    question = await existing(zone)

    zone.api.press_button(
        ADMIN, question.message_id, question.data_for("Keep both"), language_code="en"
    )
    saved, report = (await zone.api.wait_for_messages(ADMIN, 4, timeout=WINDOW))[2:]

    assert "as “report (2).txt”" in shown(saved) and "report (2).txt — document" in shown(report)
    assert (zone.seeds / "report.txt").read_bytes() == seed(2).read_bytes()
    assert (zone.seeds / "report (2).txt").read_bytes() == seed(3).read_bytes()


async def test_upload_over_an_existing_name_can_be_cancelled(zone):
    question = await existing(zone)

    zone.api.press_button(
        ADMIN, question.message_id, question.data_for("Cancel"), language_code="en"
    )
    [edited] = await zone.api.wait_for_edits(ADMIN, 1)

    assert "Cancelled; nothing was saved." in shown(edited)
    assert [p.name for p in zone.seeds.iterdir()] == ["report.txt"]
    assert (zone.seeds / "report.txt").read_bytes() == seed(2).read_bytes()
    assert zone.api.calls("getFile") == []
