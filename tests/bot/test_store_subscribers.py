"""Subscriptions in the store: settings kept through pauses, moves, restarts; the due query."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.model import ChatType, Subscription
from bot.store import BotStore

NOW = datetime(2024, 3, 30, 6, 0, tzinfo=UTC)


def subscribe(store: BotStore, chat_id: int, *, hours: float = 23, **overrides) -> Subscription:
    fields = {
        "chat_type": ChatType.PRIVATE,
        "time": time(8, 0),
        "tz": "Asia/Baghdad",
        "lang": "ar",
        "next_send": NOW + timedelta(hours=hours),
        "now": NOW,
    }
    fields.update(overrides)
    return store.subscribe(chat_id, **fields)


def test_subscribe_stores_every_setting_with_defaults_when_new(store):
    made = subscribe(store, 41)

    assert made == store.subscription(41)
    assert (made.chat_type, made.time, made.tz, made.lang) == (
        "private",
        time(8, 0),
        "Asia/Baghdad",
        "ar",
    )
    assert made.topics == () and not made.skip_empty and not made.silent
    assert made.active and made.inactive_reason is None and made.last_sent_date is None
    assert made.next_send == NOW + timedelta(hours=23) and made.next_send.tzinfo is not None
    assert made.created_at == NOW


def test_subscription_is_none_when_the_chat_never_subscribed(store):
    assert store.subscription(404) is None


def test_subscribe_again_keeps_topics_skip_silent_and_history_when_changing_time(store):
    subscribe(store, 42)
    store.update_subscription(42, topics=("security", "economy"), skip_empty=True, silent=True)
    store.set_next_send(42, NOW + timedelta(days=1), date(2024, 3, 30), NOW)
    store.deactivate_subscription(42, "blocked by the user")

    again = subscribe(store, 42, time=time(20, 30), tz="Europe/London", lang="en")

    assert again.active and again.inactive_reason is None
    assert (again.time, again.tz, again.lang) == (time(20, 30), "Europe/London", "en")
    assert again.topics == ("security", "economy") and again.skip_empty and again.silent
    assert again.last_sent_date == date(2024, 3, 30) and again.covered_until == NOW
    assert again.created_at == NOW


def test_deactivate_keeps_every_setting_and_reactivate_restores_them(store):
    subscribe(store, 43)
    store.update_subscription(43, topics=("iran",), silent=True, lang="en")
    before = store.subscription(43)

    store.deactivate_subscription(43, "blocked by the user")
    paused = store.subscription(43)
    resumed = store.reactivate_subscription(43, NOW + timedelta(hours=5))

    assert not paused.active and paused.inactive_reason == "blocked by the user"
    assert (paused.topics, paused.silent, paused.lang) == (before.topics, True, "en")
    assert resumed.active and resumed.inactive_reason is None
    assert resumed.next_send == NOW + timedelta(hours=5)
    assert (resumed.topics, resumed.silent, resumed.lang, resumed.time) == (
        ("iran",),
        True,
        "en",
        time(8, 0),
    )


def test_reactivate_returns_none_when_the_chat_never_subscribed(store):
    assert store.reactivate_subscription(404, NOW) is None


def test_move_subscription_carries_everything_to_the_supergroup_id(store):
    subscribe(store, -5501, chat_type=ChatType.GROUP, lang="en")
    store.update_subscription(-5501, topics=("kurdistan",), skip_empty=True)
    store.set_next_send(-5501, NOW + timedelta(days=1), date(2024, 3, 30), NOW)

    store.move_subscription(-5501, -1005501)
    moved = store.subscription(-1005501)

    assert store.subscription(-5501) is None
    assert moved.chat_type is ChatType.SUPERGROUP
    assert (moved.topics, moved.skip_empty, moved.lang) == (("kurdistan",), True, "en")
    assert moved.last_sent_date == date(2024, 3, 30) and moved.next_send == NOW + timedelta(days=1)


def test_move_subscription_keeps_the_newer_one_when_the_new_id_has_its_own(store):
    subscribe(store, -5502, chat_type=ChatType.GROUP, lang="ar")
    subscribe(store, -1005502, chat_type=ChatType.SUPERGROUP, lang="en")

    store.move_subscription(-5502, -1005502)

    assert store.subscription(-5502) is None
    assert store.subscription(-1005502).lang == "en"


def test_unsubscribe_stops_the_briefing_keeps_its_settings_and_reports_whether_it_ran(store):
    subscribe(store, 44)
    store.update_subscription(44, topics=("economy",), silent=True)

    assert store.unsubscribe(44) is True
    stopped = store.subscription(44)
    assert not stopped.active and stopped.unsubscribed
    assert stopped.topics == ("economy",) and stopped.silent
    assert store.unsubscribe(44) is False
    assert store.unsubscribe(404) is False


def test_update_subscription_refuses_unknown_fields_and_returns_none_for_no_subscription(store):
    subscribe(store, 45)

    with pytest.raises(TypeError, match="chat_id"):
        store.update_subscription(45, chat_id=46)
    assert store.update_subscription(404, silent=True) is None


def test_due_subscriptions_returns_active_ones_due_by_then_earliest_first(store):
    subscribe(store, 51, hours=3)
    subscribe(store, 52, hours=1)
    subscribe(store, 53, hours=2)
    subscribe(store, 54, hours=30)
    store.deactivate_subscription(53, "kicked")

    due = store.due_subscriptions(NOW + timedelta(hours=3))

    assert [s.chat_id for s in due] == [52, 51]
    assert [s.chat_id for s in store.active_subscriptions()] == [52, 51, 54]


def test_due_subscriptions_compares_moments_not_text_across_offsets(store):
    subscribe(store, 55, next_send=datetime(2024, 3, 30, 8, 0, tzinfo=UTC))
    baghdad_noon = datetime.fromisoformat("2024-03-30T11:00:00+03:00")  # 08:00 UTC

    assert [s.chat_id for s in store.due_subscriptions(baghdad_noon)] == [55]


def test_set_next_send_keeps_the_done_date_when_a_day_is_skipped(store):
    subscribe(store, 56)
    store.set_next_send(56, NOW + timedelta(days=1), date(2024, 3, 30), NOW)
    store.set_next_send(56, NOW + timedelta(days=2), None)

    kept = store.subscription(56)
    assert kept.last_sent_date == date(2024, 3, 30) and kept.covered_until == NOW
    assert kept.next_send == NOW + timedelta(days=2)


def test_subscriber_counts_counts_active_and_inactive(store):
    assert store.subscriber_counts() == {"active": 0, "inactive": 0}
    for chat in (61, 62, 63):
        subscribe(store, chat)
    store.deactivate_subscription(62, "blocked by the user")

    assert store.subscriber_counts() == {"active": 2, "inactive": 1}


def test_subscriptions_survive_closing_and_reopening_the_store_file(db_target):
    with BotStore.open(db_target) as first:
        subscribe(first, 71, time=time(6, 15), tz="Asia/Kathmandu")
        first.update_subscription(71, topics=("economy",))
    with BotStore.open(db_target) as second:
        kept = second.subscription(71)

    assert (kept.time, kept.tz, kept.topics) == (time(6, 15), "Asia/Kathmandu", ("economy",))
