"""The daily push end to end: the real bot, the fake Bot API, a clock the test moves by hand.

Each test copies a store ingested from the real seeds at T0 and runs the
real Application on it. The clock is injected: jobs are scheduled as delays
from its "now", so nothing fires on its own, and the test pushes with
``run_due(app)`` after moving the clock, the same path a job takes. Only the
start-up catch-up test lets the JobQueue fire for real (a delay of zero).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.push import run_due
from bot.store import BotStore
from summaries import Pipeline, ingest, ingest_file
from summaries import Settings as LibrarySettings
from tests.conftest import SEEDS
from tests.e2e.chat import assert_reads_right_to_left, shown
from tests.e2e.conftest import HOSTILE
from tests.fake_bot_api import FakeBotApi, SentMessage, polling

T0 = datetime(2024, 3, 29, 12, 0, tzinfo=UTC)  # the seeds were ingested then
NOW = datetime(2024, 3, 30, 6, 0, tzinfo=UTC)  # 09:00 in Baghdad, 06:00 in London
ADMIN = 55_501


class HandClock:
    """A clock that moves only when the test says so."""

    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


@pytest.fixture(scope="module")
def template(module_db_target, pipeline) -> Path | str:
    """A store with the real seeds ingested at T0, on each engine, copied by each test."""
    with BotStore.open(module_db_target) as store:
        ingest(SEEDS, store, pipeline, now=lambda: T0)
        if store.engine == "sqlite":
            store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one file to copy
    return module_db_target


@pytest.fixture
def db(request, tmp_path, template) -> Iterator[Path | str]:
    """A copy of the template: a file, or a database made from it (it has no open connection)."""
    if isinstance(template, Path):
        path = tmp_path / "mujaz.sqlite3"
        shutil.copyfile(template, path)
        yield path
        return
    cluster = request.getfixturevalue("postgres")
    url = cluster.create_database(template=cluster.name_of(template))
    yield url
    cluster.drop_database(url)


@pytest.fixture
def store(db) -> Iterator[BotStore]:
    with BotStore.open(db) as opened:
        yield opened


@asynccontextmanager
async def running(
    api: FakeBotApi, store: BotStore, clock: HandClock, pipeline: Pipeline, **settings
) -> AsyncIterator[object]:
    """The real Application on store, polling api, started as in production (post_init)."""
    library = LibrarySettings(seeds_dir=SEEDS, db_path=Path("unused.sqlite3"))
    config = Settings(token=api.token, api_root=api.root, library=library, **settings)
    app = build_application(config, store, pipeline=pipeline, clock=clock)
    async with polling(app):
        await app.post_init(app)
        try:
            yield app
        finally:
            await app.post_stop(app)


async def say(
    api: FakeBotApi, chat: int, text: str, lang: str = "en", *, user: int | None = None, n: int = 1
) -> list[SentMessage]:
    before = len(api.messages(chat))
    api.send_text(chat, text, language_code=lang, user=user)
    return (await api.wait_for_messages(chat, before + n))[before:]


async def tap(
    api: FakeBotApi, message: SentMessage, data: str, *, user: int | None = None, edit: bool = True
) -> tuple[SentMessage, dict]:
    """Press a button; return the message as edited (when edit) and the query's answer."""
    before = len(api.edits(message.chat_id))
    query = api.press_button(
        message.chat_id, message.message_id, data, user=user, language_code="en"
    )
    answer = await api.wait_for(lambda: api.callback_answers[query])
    if not edit:
        return message, answer
    return (await api.wait_for_edits(message.chat_id, before + 1))[-1], answer


def jobs(app, chat: int) -> int:
    return len(app.job_queue.get_jobs_by_name(f"push:{chat}"))


def digests(api: FakeBotApi, chat: int, title: str = "Your daily briefing") -> list[SentMessage]:
    return [m for m in api.messages(chat) if shown(m).startswith(title)]


# -- subscribing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "tomorrow at 08:00 Baghdad time"), ("ar", "غداً الساعة 08:00 بتوقيت بغداد")],
)
async def test_subscribe_confirms_the_next_delivery_in_words_and_schedules_it(
    bot_api, store, pipeline, lang, words
):
    chat = 760_001 + (lang == "ar")
    async with running(bot_api, store, HandClock(NOW), pipeline) as app:
        [reply] = await say(bot_api, chat, "/subscribe", lang)
        assert jobs(app, chat) == 1

    assert words in shown(reply) and "(Asia/Baghdad)" in shown(reply)
    saved = store.subscription(chat)
    assert (saved.time, saved.tz, saved.lang, saved.active) == (
        time(8, 0),
        "Asia/Baghdad",
        lang,
        True,
    )
    assert saved.next_send == datetime(2024, 3, 31, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["/subscribe 25:00", "/subscribe 07:30 Mars/Olympus"])
async def test_subscribe_with_a_bad_time_or_zone_answers_with_examples_and_stores_nothing(
    bot_api, store, pipeline, typed
):
    chat = 760_010 + len(typed)
    async with running(bot_api, store, HandClock(NOW), pipeline):
        [reply] = await say(bot_api, chat, typed)

    assert "such as: /subscribe 07:30 Asia/Baghdad" in shown(reply)
    assert store.subscription(chat) is None


async def test_settings_buttons_change_time_and_zone_and_the_push_comes_then(
    bot_api, store, pipeline
):
    chat, clock = 760_020, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe")
        [panel] = await say(bot_api, chat, "/settings")
        panel, _ = await tap(bot_api, panel, "sub:time")
        panel, answer = await tap(bot_api, panel, "sub:time:0600")
        panel, _ = await tap(bot_api, panel, "sub:tz")
        panel, _ = await tap(bot_api, panel, "sub:tz:Europe/London")
        assert "Time: 06:00" in shown(panel) and "Time zone: Europe/London" in shown(panel)
        assert answer["text"] == "Saved" and jobs(app, chat) == 1

        due = datetime(2024, 3, 31, 5, 0, tzinfo=UTC)  # 06:00 BST: London moved its clocks
        assert store.subscription(chat).next_send == due
        clock.moment = due - timedelta(minutes=1)
        assert await run_due(app) == []
        clock.moment = due
        [pushed] = await run_due(app)

    assert (pushed.outcome, pushed.day) == ("sent", date(2024, 3, 31))
    [digest] = digests(bot_api, chat)[:1]
    assert "Your daily briefing — 2024-03-31" in shown(digest)
    assert store.subscription(chat).next_send == datetime(2024, 4, 1, 5, 0, tzinfo=UTC)


async def test_push_arrives_at_the_local_time_each_day_across_the_london_dst_change(
    bot_api, store, pipeline
):
    chat, clock = 760_030, HandClock(datetime(2024, 3, 30, 0, 0, tzinfo=UTC))
    arrivals = []
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 07:30 Europe/London")
        ingest_file(HOSTILE, store, pipeline, now=lambda: datetime(2024, 3, 30, 20, 0, tzinfo=UTC))
        for _ in range(48 * 4):  # two days in 15-minute steps
            clock.moment += timedelta(minutes=15)
            if any(p.outcome == "sent" for p in await run_due(app)):
                arrivals.append(clock.moment)

    assert arrivals == [
        datetime(2024, 3, 30, 7, 30, tzinfo=UTC),  # 07:30 GMT
        datetime(2024, 3, 31, 6, 30, tzinfo=UTC),  # 07:30 BST
    ]
    first, second = (shown(m) for m in digests(bot_api, chat) if "—" in shown(m)[:40])
    assert "New since your last briefing: 5" in first  # the seeds, ingested at T0
    assert "New since your last briefing: 1" in second  # only what came after the first
    assert "#6 " not in first and "#6 " in second


async def test_topics_chosen_with_buttons_filter_the_digest(bot_api, store, pipeline):
    chat, clock = 760_040, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 09:30")
        [panel] = await say(bot_api, chat, "/settings")
        panel, _ = await tap(bot_api, panel, "sub:topics")
        panel, _ = await tap(bot_api, panel, "sub:topic:humanitarian")
        assert "Topics: Humanitarian aid and health" in shown(panel)
        clock.moment = store.subscription(chat).next_send
        before = len(bot_api.messages(chat))
        await run_due(app)

    text = "\n".join(shown(m) for m in bot_api.messages(chat)[before:])
    on_topic = [
        d.id
        for d in store.documents()
        if any(t.topic_id == "humanitarian" for t in store.topics_of(d.id))
    ]
    assert on_topic == [3]
    assert "#3 " in text and not any(f"#{d.id} " in text for d in store.documents() if d.id != 3)
    assert f"New since your last briefing: {len(on_topic)}" in text


@pytest.mark.parametrize("skip", [True, False])
async def test_a_day_with_nothing_new_is_skipped_or_gets_a_short_note_as_chosen(
    bot_api, store, pipeline, skip
):
    chat, clock = 760_050 + skip, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 09:30")
        if skip:
            [panel] = await say(bot_api, chat, "/settings")
            panel, _ = await tap(bot_api, panel, "sub:skip:1")
            assert "Days with nothing new: nothing is sent" in shown(panel)
        clock.moment = datetime(2024, 3, 30, 6, 30, tzinfo=UTC)
        [first] = await run_due(app)
        before = len(bot_api.messages(chat))
        clock.moment += timedelta(days=1)
        [second] = await run_due(app)
        after = bot_api.messages(chat)[before:]

    assert first.outcome == "sent"
    assert second.outcome == ("empty" if skip else "sent")
    if skip:
        assert after == []
    else:
        assert "Nothing new since your last briefing." in shown(after[0])
        assert "Standing key figures" in shown(after[0])
    saved = store.subscription(chat)
    assert saved.last_sent_date == date(2024, 3, 31)
    assert saved.next_send == datetime(2024, 4, 1, 6, 30, tzinfo=UTC)


# -- blocked, kicked, back ------------------------------------------------------------


async def test_blocked_user_becomes_inactive_with_settings_kept_and_start_reactivates(
    bot_api, store, pipeline
):
    chat, clock = 760_060, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 09:30 Asia/Riyadh")
        store.update_subscription(chat, topics=("economy",), silent=True)
        bot_api.block(chat)
        clock.moment = store.subscription(chat).next_send
        [pushed] = await run_due(app)
        paused = store.subscription(chat)
        assert jobs(app, chat) == 0

        bot_api.unblock(chat)
        clock.moment += timedelta(hours=2)
        back, greeting = await say(bot_api, chat, "/start", n=2)
        assert jobs(app, chat) == 1

    assert pushed.outcome == "inactive"
    assert not paused.active and "blocked" in paused.inactive_reason
    assert (paused.topics, paused.silent, paused.tz) == (("economy",), True, "Asia/Riyadh")
    assert "Welcome back" in shown(back) and "tomorrow at 09:30 Riyadh time" in shown(back)
    assert "Welcome to Mujaz" in shown(greeting)
    resumed = store.subscription(chat)
    assert resumed.active and resumed.topics == ("economy",) and resumed.silent


async def test_unsubscribe_stops_pushes_start_does_not_resume_and_subscribe_keeps_settings(
    bot_api, store, pipeline
):
    chat, clock = 760_065, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 09:30 Asia/Riyadh")
        store.update_subscription(chat, topics=("economy",), silent=True)
        [stopped] = await say(bot_api, chat, "/unsubscribe")
        clock.moment = NOW + timedelta(days=1)
        nothing_due = await run_due(app)
        [greeting] = await say(bot_api, chat, "/start")
        after_start = store.subscription(chat)
        [back] = await say(bot_api, chat, "/subscribe 10:00")

    assert "settings are kept" in shown(stopped)
    assert nothing_due == [] and not after_start.active
    assert "Welcome to Mujaz" in shown(greeting) and "Welcome back" not in shown(greeting)
    resumed = store.subscription(chat)
    assert resumed.active and f"{resumed.time:%H:%M}" == "10:00"
    assert (resumed.topics, resumed.silent) == (("economy",), True)
    assert "10:00" in shown(back)


async def test_kicked_and_added_again_pauses_and_resumes_through_my_chat_member(
    bot_api, store, pipeline
):
    group, clock = -760_070, HandClock(NOW)
    bot_api.set_admins(group, [ADMIN])
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, group, "/subscribe", user=ADMIN)
        bot_api.my_chat_member(group, "kicked")
        await bot_api.wait_for(lambda: (not store.subscription(group).active) or None)
        assert jobs(app, group) == 0
        paused = store.subscription(group)
        bot_api.my_chat_member(group, "member")
        await bot_api.wait_for(lambda: store.subscription(group).active or None)
        assert jobs(app, group) == 1

    assert paused.inactive_reason == "removed from the group"
    assert store.subscription(group).inactive_reason is None


# -- groups ---------------------------------------------------------------------------


async def test_in_a_group_only_administrators_subscribe_or_change_settings(
    bot_api, store, pipeline
):
    group = -760_080
    bot_api.set_admins(group, [ADMIN])
    async with running(bot_api, store, HandClock(NOW), pipeline):
        [refused] = await say(bot_api, group, "/subscribe 07:00", user=ADMIN + 1)
        assert store.subscription(group) is None
        await say(bot_api, group, "/subscribe 07:00", user=ADMIN)
        [panel] = await say(bot_api, group, "/settings", user=ADMIN + 1)
        same, answer = await tap(bot_api, panel, "sub:silent:1", user=ADMIN + 1, edit=False)
        assert not store.subscription(group).silent
        _, done = await tap(bot_api, panel, "sub:silent:1", user=ADMIN)

    assert "only the group's administrators" in shown(refused)
    assert "only the group's administrators" in answer["text"] and same == panel
    assert done["text"] == "Saved" and store.subscription(group).silent
    assert store.subscription(group).chat_type == "group"


async def test_group_upgraded_to_supergroup_keeps_its_subscription_under_the_new_id(
    bot_api, store, pipeline
):
    group, supergroup, clock = -760_090, -1_000_000_760_090, HandClock(NOW)
    bot_api.set_admins(group, [ADMIN])
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, group, "/subscribe 09:30", user=ADMIN)
        store.update_subscription(group, topics=("security",))
        bot_api.migrate(group, supergroup)
        clock.moment = store.subscription(group).next_send
        [pushed] = await run_due(app)
        assert (jobs(app, group), jobs(app, supergroup)) == (0, 1)

    assert pushed.chat_id == supergroup and pushed.outcome == "sent"
    assert store.subscription(group) is None
    moved = store.subscription(supergroup)
    assert moved.topics == ("security",) and moved.chat_type == "supergroup"
    assert moved.last_sent_date == date(2024, 3, 30)
    assert digests(bot_api, supergroup) and not digests(bot_api, group)


# -- restarts -------------------------------------------------------------------------


async def test_settings_and_schedule_survive_a_restart_on_the_same_store_file(
    bot_api, db, pipeline
):
    chat, clock = 760_100, HandClock(NOW)
    with BotStore.open(db) as first:
        async with running(bot_api, first, clock, pipeline):
            await say(bot_api, chat, "/subscribe 21:15 Asia/Kathmandu")
            [panel] = await say(bot_api, chat, "/settings")
            await tap(bot_api, panel, "sub:silent:1")
            await tap(bot_api, panel, "sub:lang:ar")
    with BotStore.open(db) as second:
        async with running(bot_api, second, clock, pipeline) as app:
            assert jobs(app, chat) == 1
            [panel] = await say(bot_api, chat, "/settings")
            clock.moment = second.subscription(chat).next_send
            before = len(bot_api.messages(chat))
            [pushed] = await run_due(app)

    assert "Time: 21:15" in shown(panel) and "Notification: silent" in shown(panel)
    assert pushed.outcome == "sent" and clock.moment == datetime(2024, 3, 30, 15, 30, tzinfo=UTC)
    arabic = digests(bot_api, chat, "موجزك اليومي")
    assert arabic
    for part in bot_api.messages(chat)[before:]:
        assert part.disable_notification
        assert_reads_right_to_left(part)


@pytest.mark.parametrize(("late_hours", "sent"), [(3, True), (7, False)])
async def test_a_send_missed_while_down_goes_out_at_start_up_only_when_less_than_6_hours_late(
    bot_api, store, pipeline, caplog, late_hours, sent
):
    chat = 760_110 + late_hours
    async with running(bot_api, store, HandClock(NOW), pipeline):
        await say(bot_api, chat, "/subscribe 09:30")  # due 06:30 UTC
    due = store.subscription(chat).next_send
    clock = HandClock(due + timedelta(hours=late_hours))
    with caplog.at_level(logging.WARNING, logger="bot.push"):
        async with running(bot_api, store, clock, pipeline):  # the JobQueue fires at once
            for _ in range(500):
                if store.subscription(chat).next_send > due:
                    break
                await asyncio.sleep(0.01)

    assert bool(digests(bot_api, chat)) is sent
    assert store.subscription(chat).next_send == due + timedelta(days=1)
    assert ("skipped the 2024-03-30 digest" in caplog.text) is not sent


async def test_stats_shows_admins_subscribers_documents_and_the_last_push(bot_api, store, pipeline):
    chat, clock = 760_120, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline, admins=frozenset({chat})) as app:
        await say(bot_api, chat, "/subscribe 09:30")
        clock.moment = store.subscription(chat).next_send
        await run_due(app)
        [report] = await say(bot_api, chat, "/stats")
        [refused] = await say(bot_api, chat + 1, "/stats")

    assert "Subscribers: 1 active, 0 inactive" in shown(report)
    assert f"Documents: {store.count_documents()}" in shown(report)
    assert "sent " in shown(report) and "429s waited: 0" in shown(report)
    assert "for Mujaz's administrators only" in shown(refused)
    assert store.push_stats().sent >= 1


async def test_a_push_that_fails_unexpectedly_is_retried_and_the_day_is_not_lost(
    bot_api, store, pipeline, monkeypatch, caplog
):
    chat, clock = 760_130, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 09:30")
        due = clock.moment = store.subscription(chat).next_send
        with monkeypatch.context() as patch:
            patch.setattr(app.bot_data.store, "documents_added", lambda *a, **k: 1 / 0)
            [failed] = await run_due(app)
        assert store.subscription(chat).next_send == due and jobs(app, chat) == 1
        clock.moment += timedelta(minutes=5)
        [retried] = await run_due(app)

    assert failed.outcome == "error" and "ZeroDivisionError" in caplog.text
    assert retried.outcome == "sent" and len(digests(bot_api, chat)) == 1


# -- English subscribers --------------------------------------------------------------


def english_push(api: FakeBotApi, chat: int, before: int) -> str:
    """Return the push sent to chat since before, asserting each part is entirely English.

    "Entirely English": no Arabic letter except an English name's Arabic form
    in parentheses right after it ("Joe Biden (جو بايدن)").
    """
    from tests.e2e.chat import ARABIC, without_names

    sent = api.messages(chat)[before:]
    assert sent and shown(sent[0]).startswith("Your daily briefing — ")
    for part in sent:
        assert not ARABIC.search(without_names(part.text)), f"Arabic in English: {part.text!r}"
    return "\n".join(shown(m) for m in sent)


async def test_an_english_subscriber_gets_an_entirely_english_push_without_a_model(
    bot_api, store, pipeline
):
    chat, clock = 760_140, HandClock(NOW)
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 09:30")
        clock.moment = store.subscription(chat).next_send
        before = len(bot_api.messages(chat))
        [pushed] = await run_due(app)
        text = english_push(bot_api, chat, before)

    assert pushed.outcome == "sent"
    for document in store.documents():
        assert f"#{document.id} " in text
    assert "#1 Kadhimi visits Washington broadening US Iraq relationship" in text
    assert "The Washington Institute · Dana Stroul, Bilal Wahab" in text
    assert "Named: " in text and "Top figure: " in text and "The day's main topics" in text
    assert text.count("mujaz models install FILE") == 1


@pytest.fixture
def translated_store(db_target, tiny_mt_model) -> Iterator[tuple[BotStore, Pipeline]]:
    """The real seeds ingested at T0 with the tiny translation model, and that pipeline."""
    from summaries.translate import CTranslate2Translator

    translating = Pipeline.build(translator=CTranslate2Translator(tiny_mt_model))
    with BotStore.open(db_target) as opened:
        ingest(SEEDS, opened, translating, now=lambda: T0)
        yield opened, translating


async def test_an_english_subscriber_gets_the_stored_translations_when_a_model_made_them(
    bot_api, translated_store
):
    store, translating = translated_store
    chat, clock = 760_150, HandClock(NOW)
    async with running(bot_api, store, clock, translating) as app:
        await say(bot_api, chat, "/subscribe 09:30")
        clock.moment = store.subscription(chat).next_send
        before = len(bot_api.messages(chat))
        [pushed] = await run_due(app)
        text = english_push(bot_api, chat, before)

    assert pushed.outcome == "sent"
    for document in store.documents():
        b = store.briefing(document.id).briefing
        said = dict(b.english.sentences)
        assert b.english.translated
        first = next(said[s.id] for s in b.digest.sentences if s.id in said)
        # the tiny model's long sentences are split between messages: compare words
        assert " ".join(first.split()) in " ".join(text.split())
    assert text.count("Machine translation from the Arabic by ctranslate2:translate-ar_en-") == 1
    assert "mujaz models install" not in text


# -- flood control --------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # RetryAfter
async def test_push_through_a_429_storm_delivers_every_digest_exactly_once(
    bot_api, store, pipeline
):
    from tests.fake_bot_api import RateLimits

    users, groups = [761_000 + n for n in range(30)], [-761_100, -761_101]
    chats, clock = users + groups, HandClock(NOW)
    lang = {chat: ("ar" if chat % 2 else "en") for chat in chats}  # Arabic digests: 2 parts
    for group in groups:
        bot_api.set_admins(group, [ADMIN])
    async with running(bot_api, store, clock, pipeline) as app:
        for chat in chats:
            await say(
                bot_api, chat, "/subscribe 09:30", lang[chat], user=ADMIN if chat < 0 else None
            )
        before = {chat: len(bot_api.messages(chat)) for chat in chats}
        # The replies to /subscribe (a call is recorded just after its message).
        replies = len(await bot_api.wait_for_calls("sendMessage", len(chats)))
        # Flood control at 10/s with a burst of 4, under the push's own pace
        # (25/s): once the burst is spent the fake answers 429, retry after 1 s.
        bot_api.rate_limits = RateLimits(global_per_second=10.0, global_burst=4)
        clock.moment = datetime(2024, 3, 30, 6, 30, tzinfo=UTC)  # 09:30 in Baghdad: all due
        pushed = await run_due(app)

    day = date(2024, 3, 30)
    assert sorted(p.chat_id for p in pushed) == sorted(chats)
    assert {(p.day, p.outcome) for p in pushed} == {(day, "sent")}
    received = {chat: bot_api.messages(chat)[before[chat] :] for chat in chats}
    first = {"en": users[0], "ar": users[1]}
    for chat, got in received.items():
        log = store.delivery_log(chat, day)
        assert [part.status for part in log] == ["sent"] * len(log)
        # One accepted message per logged part, in order: none twice, none missing.
        assert [m.message_id for m in got] == [part.message_id for part in log]
        title = "Your daily briefing" if lang[chat] == "en" else "موجزك اليومي"
        heads = [shown(m).startswith(f"{title} — 2024-03-30") for m in got]
        assert heads == [True] + [False] * (len(got) - 1)  # one digest, its parts after
        # Everyone in a language is due the same digest, part for part.
        assert [m.raw for m in got] == [m.raw for m in received[first[lang[chat]]]]
    assert {len(received[chat]) for chat in chats if lang[chat] == "ar"} == {2}

    calls = bot_api.calls("sendMessage")[replies:]  # the push's, nothing else ran
    refused = [c for c in calls if c.status == 429]
    accepted = sum(len(got) for got in received.values())
    assert refused, "flood control never answered 429: the storm did not happen"
    assert len(calls) == accepted + len(refused)  # every other call was accepted
    for call in refused:  # the refused part went again and arrived, once
        chat = int(call.params["chat_id"])
        assert [m.raw for m in received[chat]].count(call.params["text"]) == 1

    stats = store.push_stats()
    assert (stats.deliveries, stats.sent, stats.pending) == (len(chats), accepted, 0)
    assert stats.rate_limited == len(refused)
    # The fake rounds retry_after up to whole seconds; a token comes back in 0.1 s.
    assert stats.waited_seconds == len(refused) * 1.0
    assert (stats.failed, stats.inactive, stats.uncertain) == (0, 0, 0)
    for chat in chats:
        saved = store.subscription(chat)
        assert saved.active and saved.inactive_reason is None
        assert saved.last_sent_date == day
