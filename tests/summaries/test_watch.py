"""The seeds/ watcher: settled batches from real files, and sync_batch on a real store."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from pathlib import Path

import pytest

from summaries import Batch, Outcome, Pipeline, Status, sync_batch, watch_batches
from summaries.watch import snapshot
from tests.conftest import SEEDS

# Short windows keep the tests fast; a batch is still only yielded after two
# looks STABLE seconds apart agree.
STABLE = 0.3
INTERVAL = 0.1
WAIT = 10.0  # seconds a test waits for a batch before failing


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.build()


def seed(number: int) -> Path:
    return sorted(SEEDS.glob(f"{number:03d}_*.txt"))[0]


def outcomes(results):
    return {r.name: r.outcome for r in results}


@contextlib.asynccontextmanager
async def watching(seeds_dir: Path, mode: str = "poll"):
    batches = watch_batches(seeds_dir, mode=mode, interval=INTERVAL, stable_for=STABLE)
    try:
        yield batches
    finally:
        await batches.aclose()


async def next_batch(batches) -> Batch:
    return await asyncio.wait_for(anext(batches), WAIT)


# -- snapshots -------------------------------------------------------------------------


def test_snapshot_lists_documents_only_and_folds_the_sidecar_into_its_document(tmp_path):
    shutil.copyfile(seed(2), tmp_path / "report.txt")
    for name in (".report.txt.swp", "report.txt~", "report.txt.part", ".hidden.txt"):
        (tmp_path / name).write_text("نص مؤقت", encoding="utf-8")
    before = snapshot(tmp_path)
    (tmp_path / "report.meta.toml").write_text('publisher = "Example"\n', encoding="utf-8")
    after = snapshot(tmp_path)

    assert list(before) == ["report.txt"] and list(after) == ["report.txt"]
    assert before["report.txt"] != after["report.txt"]  # a sidecar change re-ingests


def test_snapshot_of_a_missing_folder_is_none_not_empty(tmp_path):
    assert snapshot(tmp_path / "unmounted") is None


# -- watch_batches ---------------------------------------------------------------------


async def test_watch_starts_with_a_full_batch_of_what_is_already_there(tmp_path):
    shutil.copyfile(seed(1), tmp_path / "a.txt")
    shutil.copyfile(seed(2), tmp_path / "b.txt")
    async with watching(tmp_path) as batches:
        first = await next_batch(batches)

    assert first.full and first.changed == ("a.txt", "b.txt") and first.removed == ()


async def test_watch_waits_until_a_file_being_written_stops_growing(tmp_path):
    text = seed(0).read_bytes()
    chunks = [text[i : i + 2000] for i in range(0, len(text), 2000)]
    done = asyncio.Event()

    async def write_slowly() -> None:
        with (tmp_path / "slow.txt").open("wb") as out:
            for chunk in chunks:  # each pause is well under the stable window
                out.write(chunk)
                out.flush()
                await asyncio.sleep(STABLE / 6)
        done.set()

    async with watching(tmp_path) as batches:
        await next_batch(batches)  # the empty start
        writer = asyncio.create_task(write_slowly())
        batch = await next_batch(batches)
        finished = done.is_set()
        await writer

    assert len(chunks) > 5
    assert batch.changed == ("slow.txt",) and finished
    assert (tmp_path / "slow.txt").read_bytes() == text


async def test_watch_sees_an_editor_save_through_a_temp_file_as_one_changed_document(tmp_path):
    target = tmp_path / "note.txt"
    shutil.copyfile(seed(2), target)
    async with watching(tmp_path) as batches:
        await next_batch(batches)
        swap = tmp_path / ".note.txt.swp"
        swap.write_text("swap", encoding="utf-8")
        temporary = tmp_path / "note.txt.tmp"
        temporary.write_text(seed(2).read_text(encoding="utf-8") + "\nسطر جديد.", encoding="utf-8")
        os.replace(temporary, target)  # the editor's atomic save
        swap.unlink()
        batch = await next_batch(batches)

    assert batch == Batch(changed=("note.txt",))


async def test_watch_reports_a_deleted_file_as_removed(tmp_path):
    shutil.copyfile(seed(1), tmp_path / "a.txt")
    shutil.copyfile(seed(2), tmp_path / "b.txt")
    async with watching(tmp_path) as batches:
        await next_batch(batches)
        (tmp_path / "a.txt").unlink()
        batch = await next_batch(batches)

    assert batch == Batch(removed=("a.txt",))


async def test_watch_groups_files_dropped_together_into_one_batch(tmp_path):
    async with watching(tmp_path) as batches:
        await next_batch(batches)
        for number in (0, 1, 2):
            shutil.copyfile(seed(number), tmp_path / f"{number}.txt")
        batch = await next_batch(batches)

    assert batch.changed == ("0.txt", "1.txt", "2.txt")


async def test_watch_in_poll_mode_finds_files_without_any_file_events(tmp_path):
    async with watching(tmp_path, mode="poll") as batches:  # poll mode never starts watchfiles
        await next_batch(batches)
        shutil.copyfile(seed(3), tmp_path / "polled.txt")
        batch = await next_batch(batches)

    assert batch.changed == ("polled.txt",)


async def test_watch_in_events_mode_finds_a_moved_in_file(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    async with watching(seeds, mode="events") as batches:
        await next_batch(batches)
        shutil.copyfile(seed(4), outside / "moved.txt")
        os.replace(outside / "moved.txt", seeds / "moved.txt")
        batch = await next_batch(batches)

    assert batch.changed == ("moved.txt",)


async def test_watch_in_events_mode_falls_back_to_polling_when_events_fail(tmp_path, caplog):
    seeds = tmp_path / "not-yet"
    async with watching(seeds, mode="events") as batches:
        waiting = asyncio.ensure_future(next_batch(batches))
        for _ in range(1000):  # until the watcher has found the folder missing
            if "polling instead" in caplog.text:
                break
            await asyncio.sleep(0.01)
        seeds.mkdir()
        shutil.copyfile(seed(2), seeds / "late.txt")
        first = await waiting

    assert first.full and first.changed == ("late.txt",)
    assert "polling instead" in caplog.text


async def test_watch_refuses_an_unknown_mode(tmp_path):
    with pytest.raises(ValueError):
        await anext(watch_batches(tmp_path, mode="inotify"))


# -- sync_batch ------------------------------------------------------------------------


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    """A seeds folder of its own (the store's file lives in tmp_path, beside it)."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


def test_sync_batch_ingests_changed_files_and_withdraws_removed_ones(drop, store, pipeline):
    shutil.copyfile(seed(1), drop / "a.txt")
    shutil.copyfile(seed(2), drop / "b.txt")
    first = sync_batch(drop, store, pipeline)
    (drop / "a.txt").unlink()
    removed = sync_batch(drop, store, pipeline, Batch(removed=("a.txt",)))

    assert outcomes(first) == {"a.txt": Outcome.NEW, "b.txt": Outcome.NEW}
    assert outcomes(removed) == {"a.txt": Outcome.WITHDRAWN}
    assert store.document_by_name("a.txt").status is Status.WITHDRAWN
    assert [d.name for d in store.documents()] == ["b.txt"]


def test_sync_batch_reingests_a_changed_file_under_its_id(drop, store, pipeline):
    path = drop / "a.txt"
    shutil.copyfile(seed(2), path)
    [new] = sync_batch(drop, store, pipeline)
    path.write_text(
        seed(2).read_text(encoding="utf-8") + "\n\nوأضاف المسؤول أن الزيارة ناجحة.\n",
        encoding="utf-8",
    )
    [updated] = sync_batch(drop, store, pipeline, Batch(changed=("a.txt",)))

    assert (updated.outcome, updated.doc_id) == (Outcome.UPDATED, new.doc_id)
    assert "الزيارة ناجحة" in store.briefing(new.doc_id).briefing.segmented.sentences[-1].text


def test_sync_batch_leaves_out_unchanged_files(drop, store, pipeline):
    shutil.copyfile(seed(2), drop / "a.txt")
    sync_batch(drop, store, pipeline)

    assert sync_batch(drop, store, pipeline, Batch(changed=("a.txt",))) == []


def test_sync_batch_retries_a_rejected_file_only_when_it_changes(drop, store, pipeline):
    path = drop / "english.txt"
    path.write_text("An English note about Iraq and the United States. " * 20, encoding="utf-8")
    again = Batch(changed=("english.txt",))
    [rejected] = sync_batch(drop, store, pipeline)
    unchanged = sync_batch(drop, store, pipeline, again)
    shutil.copyfile(seed(2), path)
    [fixed] = sync_batch(drop, store, pipeline, again)

    assert rejected.outcome is Outcome.REJECTED and "no Arabic text" in rejected.reason
    assert unchanged == []
    assert (
        fixed.outcome is Outcome.NEW and store.document_by_name("english.txt").status is Status.OK
    )


def test_sync_batch_serves_a_renamed_file_under_its_new_name_not_as_a_duplicate(
    drop, store, pipeline
):
    shutil.copyfile(seed(2), drop / "old.txt")
    sync_batch(drop, store, pipeline)
    os.replace(drop / "old.txt", drop / "new.txt")
    results = sync_batch(drop, store, pipeline, Batch(changed=("new.txt",), removed=("old.txt",)))

    assert outcomes(results) == {"old.txt": Outcome.WITHDRAWN, "new.txt": Outcome.NEW}
    assert [d.name for d in store.documents()] == ["new.txt"]


def test_sync_batch_serves_a_duplicate_once_its_original_is_withdrawn(drop, store, pipeline):
    shutil.copyfile(seed(2), drop / "a-original.txt")
    (drop / "b-copy.txt").write_bytes(seed(2).read_text(encoding="utf-8").encode("utf-16"))
    first = sync_batch(drop, store, pipeline)
    (drop / "a-original.txt").unlink()
    results = sync_batch(drop, store, pipeline, Batch(removed=("a-original.txt",)))

    assert outcomes(first)["b-copy.txt"] is Outcome.DUPLICATE
    assert outcomes(results) == {"a-original.txt": Outcome.WITHDRAWN, "b-copy.txt": Outcome.NEW}
    assert [d.name for d in store.documents()] == ["b-copy.txt"]


def test_sync_batch_full_withdraws_files_removed_while_nobody_watched(drop, store, pipeline):
    shutil.copyfile(seed(1), drop / "a.txt")
    shutil.copyfile(seed(2), drop / "b.txt")
    sync_batch(drop, store, pipeline)
    (drop / "b.txt").unlink()
    results = sync_batch(drop, store, pipeline, Batch(changed=("a.txt",), full=True))

    assert outcomes(results) == {"b.txt": Outcome.WITHDRAWN}


def test_sync_batch_withdraws_nothing_when_the_folder_is_missing(drop, store, pipeline):
    shutil.copyfile(seed(2), drop / "a.txt")
    sync_batch(drop, store, pipeline)

    assert sync_batch(drop.parent / "unmounted", store, pipeline) == []
    assert [d.name for d in store.documents()] == ["a.txt"]


def test_sync_batch_skips_a_file_that_vanished_after_it_settled(drop, store, pipeline):
    assert sync_batch(drop, store, pipeline, Batch(changed=("gone.txt",))) == []


def test_sync_batch_never_modifies_seeds(drop, store, pipeline):
    shutil.copyfile(seed(2), drop / "a.txt")
    (drop / "empty.txt").write_bytes(b"")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in drop.iterdir()}
    sync_batch(drop, store, pipeline)

    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in drop.iterdir()} == before
