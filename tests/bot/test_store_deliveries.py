"""The delivery log: a part claimed before it is sent, confirmed after, never claimed twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.model import PartStatus, PushStats
from bot.store import BotStore

DAY = date(2024, 3, 31)
CHAT = 424242
NOON = datetime(2024, 3, 31, 12, 0, tzinfo=UTC)


def test_store_claims_a_new_part_as_pending_with_one_attempt(store):
    before = store.claim_part(CHAT, DAY, 0, now=NOON)

    row = store.logged_part(CHAT, DAY, 0)
    assert before is None
    assert (row.status, row.attempts, row.in_doubt, row.message_id) == (
        PartStatus.PENDING,
        1,
        False,
        None,
    )
    assert row.updated_at == NOON


def test_store_never_reclaims_a_part_logged_as_sent(store):
    store.claim_part(CHAT, DAY, 0)
    store.mark_part_sent(CHAT, DAY, 0, message_id=77)

    before = store.claim_part(CHAT, DAY, 0)

    assert before.status is PartStatus.SENT and before.message_id == 77
    row = store.logged_part(CHAT, DAY, 0)
    assert (row.status, row.attempts, row.message_id) == (PartStatus.SENT, 1, 77)


def test_store_marks_part_in_doubt_when_reclaiming_one_left_pending(store):
    store.claim_part(CHAT, DAY, 1)  # the bot died before Telegram answered

    before = store.claim_part(CHAT, DAY, 1)

    assert before.status is PartStatus.PENDING
    row = store.logged_part(CHAT, DAY, 1)
    assert (row.status, row.attempts, row.in_doubt) == (PartStatus.PENDING, 2, True)


def test_store_reclaims_failed_part_without_doubt(store):
    store.claim_part(CHAT, DAY, 0)
    store.mark_part_failed(CHAT, DAY, 0, "Forbidden: bot was blocked by the user")

    store.claim_part(CHAT, DAY, 0)

    row = store.logged_part(CHAT, DAY, 0)
    assert (row.status, row.attempts, row.in_doubt) == (PartStatus.PENDING, 2, False)
    assert row.error == "Forbidden: bot was blocked by the user"


def test_store_keeps_doubt_after_uncertain_part_is_finally_sent(store):
    store.claim_part(CHAT, DAY, 0)
    first = store.mark_part_uncertain(CHAT, DAY, 0, "TimedOut: Timed out")
    store.claim_part(CHAT, DAY, 0)
    second = store.mark_part_uncertain(CHAT, DAY, 0, "TimedOut: Timed out")
    store.claim_part(CHAT, DAY, 0)
    store.mark_part_sent(CHAT, DAY, 0, message_id=9)

    row = store.logged_part(CHAT, DAY, 0)
    assert (first, second) == (True, False)  # newly in doubt only once
    assert (row.status, row.attempts, row.in_doubt, row.message_id) == (
        PartStatus.SENT,
        3,
        True,
        9,
    )
    assert row.error == "TimedOut: Timed out"


def test_store_delivery_log_lists_one_days_parts_in_order(store):
    for part in (2, 0, 1):
        store.claim_part(CHAT, DAY, part)
    store.claim_part(CHAT, DAY + timedelta(days=1), 0)
    store.claim_part(CHAT + 1, DAY, 0)

    log = store.delivery_log(CHAT, DAY)

    assert [p.part for p in log] == [0, 1, 2]
    assert {p.local_date for p in log} == {DAY}


def test_store_log_survives_reopening_the_database(db_target):
    with BotStore.open(db_target) as first:
        first.claim_part(CHAT, DAY, 0)
        first.mark_part_sent(CHAT, DAY, 0, message_id=5)
        first.claim_part(CHAT, DAY, 1)
    with BotStore.open(db_target) as second:
        statuses = [p.status for p in second.delivery_log(CHAT, DAY)]

    assert statuses == [PartStatus.SENT, PartStatus.PENDING]


def test_store_claim_is_committed_before_the_caller_sends(db_target):
    with BotStore.open(db_target) as store, BotStore.open(db_target) as other:
        store.claim_part(CHAT, DAY, 0)
        # Another connection (a restarted bot, a second instance) sees the claim at once.
        seen = other.logged_part(CHAT, DAY, 0)

    assert seen is not None and seen.status is PartStatus.PENDING


def test_store_moves_log_of_migrated_group_to_its_new_id(store):
    store.claim_part(-5001, DAY, 0)
    store.mark_part_sent(-5001, DAY, 0, message_id=3)

    store.move_deliveries(-5001, -1005001)

    assert store.delivery_log(-5001, DAY) == ()
    assert store.logged_part(-1005001, DAY, 0).status is PartStatus.SENT


def test_store_prunes_log_rows_before_a_date(store):
    store.claim_part(CHAT, DAY - timedelta(days=40), 0)
    store.claim_part(CHAT, DAY, 0)

    removed = store.prune_deliveries(DAY - timedelta(days=30))

    assert removed == 1
    assert store.delivery_log(CHAT, DAY - timedelta(days=40)) == ()
    assert len(store.delivery_log(CHAT, DAY)) == 1


def test_store_counts_unconfirmed_parts_pending_or_uncertain(store):
    store.claim_part(CHAT, DAY, 0)
    store.claim_part(CHAT, DAY, 1)
    store.mark_part_uncertain(CHAT, DAY, 1, "TimedOut")
    store.claim_part(CHAT, DAY, 2)
    store.mark_part_sent(CHAT, DAY, 2, message_id=1)

    assert store.unconfirmed_parts() == 2


def test_store_push_stats_are_empty_before_any_run(store):
    assert store.push_stats() == PushStats()


def test_store_push_stats_report_the_last_run_with_pending_digests(store):
    old = store.begin_push_run(now=NOON - timedelta(days=1))
    store.count_push(old, deliveries=9, finished=9, sent=20)
    store.end_push_run(old, now=NOON - timedelta(days=1))
    run = store.begin_push_run(now=NOON)
    store.count_push(run, deliveries=5, finished=3, sent=7, failed=1, inactive=1)
    store.count_push(run, rate_limited=2, waited_seconds=3.5, uncertain=1)

    stats = store.push_stats()

    assert stats == PushStats(
        started_at=NOON,
        ended_at=None,
        deliveries=5,
        sent=7,
        failed=1,
        inactive=1,
        pending=2,
        rate_limited=2,
        waited_seconds=3.5,
        uncertain=1,
    )


def test_store_push_run_ends_and_resumes(store):
    run = store.begin_push_run(now=NOON)
    store.end_push_run(run, now=NOON + timedelta(minutes=3))
    ended = store.push_stats().ended_at
    store.resume_push_run(run)

    assert ended == NOON + timedelta(minutes=3)
    assert store.push_stats().ended_at is None


def test_store_refuses_unknown_push_counter(store):
    run = store.begin_push_run()

    with pytest.raises(TypeError, match="sent_twice"):
        store.count_push(run, sent_twice=1)


def test_store_keeps_only_the_latest_push_runs(store):
    from bot.store import KEEP_RUNS

    for _ in range(KEEP_RUNS + 5):
        store.begin_push_run()

    count = store._db.execute("SELECT COUNT(*) AS n FROM push_runs").fetchone()["n"]
    assert count == KEEP_RUNS
