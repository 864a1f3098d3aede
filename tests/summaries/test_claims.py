"""File claims (issue 13): instances sharing one database ingest each file version once."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from summaries import Batch, Outcome, Pipeline, Status, Store, sync_batch
from summaries.pipeline import CLAIMED_ELSEWHERE, withdraw_removed
from tests.conftest import SEEDS

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
TTL = timedelta(minutes=3)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.build()


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for number, name in ((1, "a.txt"), (2, "b.txt"), (3, "c.txt"), (4, "d.txt")):
        shutil.copyfile(sorted(SEEDS.glob(f"{number:03d}_*.txt"))[0], folder / name)
    return folder


def test_claim_file_goes_to_the_first_owner_only(store):
    assert store.claim_file("a.txt", "h1", owner="one", now=NOW)
    assert not store.claim_file("a.txt", "h1", owner="two", now=NOW + timedelta(seconds=1))
    assert store.claim_file("a.txt", "h2", owner="two", now=NOW)  # another version: free
    assert store.file_claims() == [("a.txt", "h1", "one"), ("a.txt", "h2", "two")]


def test_claim_file_of_a_silent_owner_is_taken_over_once_it_expired(store):
    store.claim_file("a.txt", "h1", owner="dead", now=NOW, ttl=TTL)
    assert not store.claim_file("a.txt", "h1", owner="live", now=NOW + TTL - timedelta(seconds=1))
    assert store.expired_claims(NOW + TTL - timedelta(seconds=1)) == []
    assert store.expired_claims(NOW + TTL) == ["a.txt"]
    assert store.claim_file("a.txt", "h1", owner="live", now=NOW + TTL)
    assert store.file_claims() == [("a.txt", "h1", "live")]


def test_extend_claims_keeps_the_claims_of_a_working_owner_alive(store):
    store.claim_file("a.txt", "h1", owner="busy", now=NOW, ttl=TTL)
    store.claim_file("b.txt", "h1", owner="other", now=NOW, ttl=TTL)
    assert store.extend_claims("busy", now=NOW + TTL - timedelta(seconds=1), ttl=TTL) == 1
    assert not store.claim_file("a.txt", "h1", owner="live", now=NOW + TTL)
    assert store.expired_claims(NOW + TTL) == ["b.txt"]


def test_release_file_frees_only_the_owners_own_claim(store):
    store.claim_file("a.txt", "h1", owner="one", now=NOW)
    store.release_file("a.txt", "h1", owner="two")
    assert store.file_claims() == [("a.txt", "h1", "one")]
    store.release_file("a.txt", "h1", owner="one")
    assert store.file_claims() == []


def test_sync_batch_skips_a_file_another_instance_is_ingesting(drop, store, pipeline):
    from summaries.pipeline import _content_hash  # the version key the claim is made on

    path = drop / "a.txt"
    version = _content_hash(path, drop / "a.txt.meta", path.stat().st_size, pipeline.max_bytes)
    store.claim_file("a.txt", version, owner="other")

    first = sync_batch(drop, store, pipeline, Batch(changed=("a.txt", "b.txt")), owner="me")
    assert [(r.name, r.outcome) for r in first] == [("b.txt", Outcome.NEW)]
    assert store.document_by_name("a.txt") is None

    store.release_file("a.txt", version, owner="other")  # the other died before storing it
    again = sync_batch(drop, store, pipeline, Batch(changed=("a.txt",)), owner="me")
    assert [(r.name, r.outcome) for r in again] == [("a.txt", Outcome.NEW)]
    assert store.file_claims() == []


def test_ingest_file_reports_a_claimed_file_as_unchanged_with_the_reason(drop, store, pipeline):
    from summaries import ingest_file
    from summaries.pipeline import _content_hash

    path = drop / "c.txt"
    version = _content_hash(path, drop / "c.txt.meta", path.stat().st_size, pipeline.max_bytes)
    store.claim_file("c.txt", version, owner="other")
    result = ingest_file(path, store, pipeline, owner="me")
    assert (result.outcome, result.reason) == (Outcome.UNCHANGED, CLAIMED_ELSEWHERE)


def test_two_instances_syncing_one_folder_ingest_each_file_once(drop, db_target, pipeline):
    results: dict[str, list] = {}
    start = threading.Barrier(2, timeout=60)
    Store.open(db_target).close()  # migrated once: two first-time migrations on SQLite would race

    def instance(owner: str) -> None:
        with Store.open(db_target) as store:
            start.wait()
            results[owner] = sync_batch(drop, store, pipeline, owner=owner)

    threads = [threading.Thread(target=instance, args=(o,)) for o in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    done = [(r.name, r.outcome) for rs in results.values() for r in rs]
    assert sorted(done) == [(n, Outcome.NEW) for n in ("a.txt", "b.txt", "c.txt", "d.txt")]
    with Store.open(db_target) as store:
        assert sorted(d.name for d in store.documents()) == ["a.txt", "b.txt", "c.txt", "d.txt"]
        assert store.file_claims() == []


def test_withdraw_removed_by_two_instances_withdraws_once(drop, store, pipeline):
    sync_batch(drop, store, pipeline, owner="one")
    (drop / "a.txt").unlink()
    document = store.document_by_name("a.txt")
    store.claim_file("a.txt", f"gone:{document.content_hash}", owner="one")

    assert withdraw_removed(store, "a.txt", owner="two") is None  # "one" is withdrawing it
    assert store.document_by_name("a.txt").status is Status.OK
    store.release_file("a.txt", f"gone:{document.content_hash}", owner="one")
    assert withdraw_removed(store, "a.txt", owner="two").outcome is Outcome.WITHDRAWN
    assert withdraw_removed(store, "a.txt", owner="one") is None  # withdrawn already


def test_take_expired_claims_hands_each_expired_claim_out_once(store):
    store.claim_file("a.txt", "h1", owner="dead", now=NOW, ttl=TTL)
    store.claim_file("a.txt", "gone:h0", owner="dead", now=NOW, ttl=TTL)
    store.claim_file("b.txt", "h1", owner="live", now=NOW + TTL, ttl=TTL)
    assert store.take_expired_claims(NOW + TTL) == ["a.txt"]
    assert store.take_expired_claims(NOW + TTL) == []
    assert store.file_claims() == [("b.txt", "h1", "live")]
