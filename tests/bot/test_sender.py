"""The paced push sender: pacing decisions on a virtual clock, Telegram's errors, exactly once.

The clock is virtual (time moves only when every task waits), the bot is a
scripted stand-in that answers ``send_message`` or raises the error a test
chose, and the store is a real SQLite file. The last tests talk HTTP to the
fake Bot API with python-telegram-bot's own bot.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter, ExtBot

from bot.app import build_application
from bot.config import Settings
from bot.model import ChatType, Delivery, DeliveryOutcome, PartStatus
from bot.push.pacing import Pacer, PushLimits
from bot.push.sender import NETWORK_BACKOFF, PushSender
from summaries import Settings as LibrarySettings
from tests.fake_bot_api import RateLimits, polling

# Tests build RetryAfter, which warns about PTB's coming switch to timedelta.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

DAY = date(2024, 10, 27)
LIMITS = PushLimits()
EPS = 1e-9


class VirtualClock:
    """Monotonic seconds that jump to the next sleeper's wake-up once every task waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        waiter = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), waiter))
        await waiter

    async def run(self, awaitable: Any) -> Any:
        """Return awaitable's result, moving time forward whenever nothing else can run."""
        task = asyncio.ensure_future(awaitable)
        while True:
            for _ in range(100):  # let every task that can run, run
                await asyncio.sleep(0)
            if task.done():
                return task.result()
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)  # cancelled sleep
            if not self._sleepers:
                raise AssertionError("deadlock: the task waits and nothing sleeps")
            when, _, waiter = heapq.heappop(self._sleepers)
            self.now = max(self.now, when)
            waiter.set_result(None)


@dataclass
class Sent:
    at: float
    chat_id: int
    text: str
    options: dict[str, Any]


@dataclass
class ScriptedBot:
    """send_message that records (virtual time, chat, text) or raises what a test scripted."""

    clock: VirtualClock
    script: dict[int, list[BaseException | str]] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    attempts: list[tuple[float, int]] = field(default_factory=list)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def send_message(self, chat_id: int, text: str, **options: Any) -> Any:
        self.attempts.append((self.clock.now, chat_id))
        planned = self.script.get(chat_id) or []
        step = planned.pop(0) if planned else None
        if isinstance(step, BaseException):
            raise step
        self.sent.append(Sent(self.clock.now, chat_id, text, options))
        if step == "delivered, then timed out":
            raise TimedOut()
        return SimpleNamespace(message_id=next(self.ids), chat_id=chat_id)

    def texts(self, chat_id: int) -> list[str]:
        return [s.text for s in self.sent if s.chat_id == chat_id]


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def scripted(clock) -> ScriptedBot:
    return ScriptedBot(clock)


async def push(clock, sender, *deliveries):
    """Deliver all at once, as due jobs do; return the results in order."""

    async def all_of():
        try:
            return await asyncio.gather(*(sender.deliver(d) for d in deliveries))
        finally:
            await sender.stop()

    return await clock.run(all_of())


def digest(chat_id: int, n: int = 3, day: date = DAY, silent: bool = False) -> Delivery:
    parts = tuple(f"<b>موجز اليوم</b> {chat_id} · الجزء {k + 1} من {n}" for k in range(n))
    return Delivery(chat_id=chat_id, local_date=day, parts=parts, silent=silent)


def subscribe(store, chat_id: int, chat_type=ChatType.PRIVATE) -> None:
    store.subscribe(
        chat_id,
        chat_type=chat_type,
        time=time(8, 0),
        tz="Asia/Baghdad",
        lang="ar",
        next_send=datetime(2024, 10, 27, 5, 0, tzinfo=UTC),
    )


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


# -- pacing -------------------------------------------------------------------


def test_pacer_books_overall_gap_and_per_chat_gap():
    pacer = Pacer(LIMITS)
    pacer.book(1001, now=10.0)

    assert pacer.ready_at(1002) == pytest.approx(10.04)  # 25 msg/s overall
    assert pacer.ready_at(1001) == pytest.approx(11.0)  # 1 msg/s per user
    pacer.book(-2002, now=10.04)
    assert pacer.ready_at(-2002) == pytest.approx(13.04)  # 20 msg/min per group


def test_pacer_does_not_carry_a_late_timer_into_the_next_gap():
    pacer = Pacer(LIMITS)
    pacer.book(1001, now=10.0)
    pacer.book(1002, now=10.045)  # due at 10.04, the timer fired 5 ms late

    assert pacer.ready_at(1003) == pytest.approx(10.08)  # still 25 a second on average


def test_pacer_catches_up_two_slots_at_most_after_a_stall():
    pacer = Pacer(LIMITS)
    pacer.book(1001, now=10.0)
    pacer.book(1002, now=10.11)  # due at 10.04, under 2 gaps late: made up
    made_up = pacer.ready_at(1003)
    pacer.book(1003, now=10.30)  # due at 10.08: more than 2 gaps late, not made up

    assert made_up == pytest.approx(10.08)
    assert pacer.ready_at(1004) == pytest.approx(10.34)


def test_pacer_allows_no_burst_after_an_idle_spell():
    pacer = Pacer(LIMITS)
    pacer.book(1001, now=10.0)
    pacer.book(1002, now=60.0)  # idle for 50 s

    assert pacer.ready_at(1003) == pytest.approx(60.04)


def test_pacer_pause_holds_every_chat_until_retry_after():
    pacer = Pacer(LIMITS)
    pacer.book(1001, now=0.0)
    pacer.pause(until=7.0)

    assert pacer.ready_at(1002) == 7.0
    assert pacer.ready_at(1001) == 7.0


def test_pacer_forgets_chats_whose_gap_is_over():
    pacer = Pacer(LIMITS)
    for n in range(2000):
        pacer.book(10_000 + n, now=n * 0.04)

    assert pacer.tracked_chats < 300  # not one entry per chat ever served


async def test_sender_keeps_overall_gap_at_full_rate_when_many_chats(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)
    await push(clock, sender, *(digest(5000 + n, n=1) for n in range(100)))

    times = [s.at for s in scripted.sent]
    assert len(times) == 100
    assert min(gaps(times)) >= 1 / 25 - EPS
    assert times[-1] == pytest.approx(99 / 25)  # never idle while chats wait


async def test_sender_sends_parts_of_one_user_a_second_apart(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(6001, n=4))

    times = [s.at for s in scripted.sent]
    assert result.outcome is DeliveryOutcome.SENT and result.sent == 4
    assert gaps(times) == pytest.approx([1.0, 1.0, 1.0])
    assert [s.text for s in scripted.sent] == list(digest(6001, n=4).parts)


async def test_sender_keeps_groups_to_twenty_messages_a_minute(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)
    await push(clock, sender, digest(-6002, n=4), digest(-6003, n=4))

    for chat in (-6002, -6003):
        times = [s.at for s in scripted.sent if s.chat_id == chat]
        assert len(times) == 4 and min(gaps(times)) >= 3.0 - EPS


async def test_sender_fills_a_users_gap_with_other_chats(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)
    await push(clock, sender, *(digest(6100 + n, n=3) for n in range(10)))

    times = [s.at for s in scripted.sent]
    # 30 messages: the 1 s gap of each user is used by the nine others, so
    # the push takes about 2 s (the last user's third part), not 10 x 2 s.
    assert len(times) == 30
    assert times[-1] < 2.5
    assert min(gaps(times)) >= 1 / 25 - EPS


async def test_sender_passes_silent_and_html_options(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)
    await push(clock, sender, digest(6200, n=1, silent=True), digest(6201, n=1))

    options = {s.chat_id: s.options for s in scripted.sent}
    assert options[6200]["disable_notification"] is True
    assert options[6201]["disable_notification"] is False
    assert options[6200]["parse_mode"] == "HTML"


# -- Telegram's answers -------------------------------------------------------


async def test_sender_waits_retry_after_then_sends_the_part_once(store, clock, scripted):
    scripted.script[7001] = [RetryAfter(5)]
    sender = PushSender(scripted, store, clock=clock)
    [flooded, other] = await push(clock, sender, digest(7001, n=2), digest(7002, n=1))

    assert scripted.texts(7001) == list(digest(7001, n=2).parts)  # each part exactly once
    first_429 = scripted.attempts[0][0]
    assert all(s.at >= first_429 + 5 for s in scripted.sent)  # everyone waited it out
    assert (flooded.outcome, other.outcome) == (DeliveryOutcome.SENT, DeliveryOutcome.SENT)
    part = store.logged_part(7001, DAY, 0)
    assert (part.status, part.attempts, part.in_doubt) == (PartStatus.SENT, 2, False)
    stats = store.push_stats()
    assert (stats.rate_limited, stats.waited_seconds, stats.sent) == (1, 5.0, 3)


async def test_sender_never_drops_a_part_in_a_429_storm(store, clock, scripted):
    scripted.script[7003] = [RetryAfter(2), RetryAfter(4), RetryAfter(30)]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7003, n=1))

    assert result.outcome is DeliveryOutcome.SENT
    assert len(scripted.texts(7003)) == 1
    assert scripted.sent[0].at >= 36
    assert store.push_stats().rate_limited == 3


async def test_sender_marks_blocked_user_inactive_and_keeps_settings(store, clock, scripted):
    subscribe(store, 7101)
    scripted.script[7101] = [Forbidden("Forbidden: bot was blocked by the user")]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7101, n=3))

    subscription = store.subscription(7101)
    assert result.outcome is DeliveryOutcome.INACTIVE
    assert len(scripted.attempts) == 1  # the other parts are not tried
    assert subscription.active is False
    assert subscription.inactive_reason == "Forbidden: bot was blocked by the user"
    assert (subscription.time, subscription.tz) == (time(8, 0), "Asia/Baghdad")
    assert store.logged_part(7101, DAY, 0).status is PartStatus.FAILED
    assert store.push_stats().inactive == 1


async def test_sender_marks_chat_not_found_inactive(store, clock, scripted):
    subscribe(store, 7102)
    scripted.script[7102] = [BadRequest("Bad Request: chat not found")]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7102, n=1))

    assert result.outcome is DeliveryOutcome.INACTIVE
    assert store.subscription(7102).active is False


async def test_sender_moves_migrated_group_and_resends_to_new_id(store, clock, scripted):
    subscribe(store, -7201, ChatType.GROUP)
    scripted.script[-7201] = [ChatMigrated(-1007201)]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(-7201, n=2))

    assert result.outcome is DeliveryOutcome.SENT and result.new_chat_id == -1007201
    assert scripted.texts(-7201) == []
    assert scripted.texts(-1007201) == list(digest(-7201, n=2).parts)
    assert store.subscription(-7201) is None
    moved = store.subscription(-1007201)
    assert moved.chat_type is ChatType.SUPERGROUP and moved.time == time(8, 0)
    assert [p.status for p in store.delivery_log(-1007201, DAY)] == [PartStatus.SENT] * 2
    assert not any(p.in_doubt for p in store.delivery_log(-1007201, DAY))


async def test_sender_retries_after_timeout_and_records_the_uncertain_outcome(
    store, clock, scripted
):
    # Telegram got the message but the answer was lost: the retry repeats it.
    scripted.script[7301] = ["delivered, then timed out"]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7301, n=1))

    part = store.logged_part(7301, DAY, 0)
    assert result.outcome is DeliveryOutcome.SENT
    assert (part.status, part.in_doubt, part.attempts) == (PartStatus.SENT, True, 2)
    assert part.error.startswith("TimedOut")
    assert scripted.attempts[1][0] - scripted.attempts[0][0] >= NETWORK_BACKOFF[0]
    assert store.push_stats().uncertain == 1


async def test_sender_retries_connect_error_without_doubt(store, clock, scripted):
    refused = NetworkError("httpx.ConnectError: All connection attempts failed")
    refused.__cause__ = httpx.ConnectError("All connection attempts failed")
    scripted.script[7302] = [refused, refused]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7302, n=1))

    part = store.logged_part(7302, DAY, 0)
    assert result.outcome is DeliveryOutcome.SENT
    assert (part.status, part.in_doubt, part.attempts) == (PartStatus.SENT, False, 3)
    assert store.push_stats().uncertain == 0


async def test_sender_gives_up_after_backoff_and_leaves_part_uncertain(store, clock, scripted):
    scripted.script[7303] = [TimedOut() for _ in range(len(NETWORK_BACKOFF) + 1)]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7303, n=2))

    assert result.outcome is DeliveryOutcome.FAILED
    assert len(scripted.attempts) == len(NETWORK_BACKOFF) + 1
    assert store.logged_part(7303, DAY, 0).status is PartStatus.UNCERTAIN
    assert store.logged_part(7303, DAY, 1) is None
    assert store.push_stats().failed == 1


async def test_sender_resends_refused_html_as_plain_text(store, clock, scripted, caplog):
    scripted.script[7401] = [BadRequest("Can't parse entities: unsupported start tag")]
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7401, n=1))

    [plain] = scripted.sent
    assert result.outcome is DeliveryOutcome.SENT
    assert "<b>" not in plain.text and "موجز اليوم" in plain.text
    assert "parse_mode" not in plain.options
    assert "refused our HTML" in caplog.text


# -- exactly once ---------------------------------------------------------------


async def test_sender_resumes_at_next_part_after_restart_mid_digest(store, clock, scripted):
    for part in (0, 1):  # what the killed bot sent and logged
        store.claim_part(7501, DAY, part)
        store.mark_part_sent(7501, DAY, part, message_id=part + 1)
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7501, n=3))

    assert (result.outcome, result.sent) == (DeliveryOutcome.SENT, 1)
    assert scripted.texts(7501) == [digest(7501, n=3).parts[2]]


async def test_sender_resends_part_left_pending_by_a_crash_as_in_doubt(store, clock, scripted):
    store.claim_part(7502, DAY, 0)  # claimed, then the process died: outcome unknown
    sender = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, sender, digest(7502, n=1))

    part = store.logged_part(7502, DAY, 0)
    assert result.outcome is DeliveryOutcome.SENT
    assert len(scripted.texts(7502)) == 1
    assert (part.status, part.in_doubt) == (PartStatus.SENT, True)


async def test_sender_sends_nothing_when_every_part_was_sent(store, clock, scripted):
    first = PushSender(scripted, store, clock=clock)
    await push(clock, first, digest(7503, n=2))
    again = PushSender(scripted, store, clock=clock)
    [result] = await push(clock, again, digest(7503, n=2))

    assert result.outcome is DeliveryOutcome.ALREADY_SENT
    assert len(scripted.texts(7503)) == 2


async def test_sender_delivers_a_digest_handed_over_twice_at_once_only_once(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)
    results = await push(clock, sender, digest(7504, n=3), digest(7504, n=3))

    assert sorted(r.outcome for r in results) == [
        DeliveryOutcome.ALREADY_SENT,
        DeliveryOutcome.SENT,
    ]
    assert len(scripted.texts(7504)) == 3


async def test_sender_postpones_waiting_digests_when_stopped(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)

    async def stop_after_first_second():
        tasks = [asyncio.ensure_future(sender.deliver(digest(7600 + n, n=3))) for n in range(3)]
        await clock.sleep(1.5)
        await sender.stop()
        return await asyncio.gather(*tasks)

    results = await clock.run(stop_after_first_second())

    assert {r.outcome for r in results} == {DeliveryOutcome.POSTPONED}
    assert len(scripted.sent) == 6  # parts 1 and 2 of each; part 3 waits for the next start
    assert store.unconfirmed_parts() == 0  # nothing was claimed without being sent
    assert store.push_stats().pending == 3


async def test_deliver_many_holds_at_most_concurrent_chats(store, clock, scripted):
    limits = PushLimits(concurrent_chats=8)
    sender = PushSender(scripted, store, limits=limits, clock=clock)
    made, finished, most = 0, 0, 0

    def source():
        nonlocal made, most
        for n in range(40):
            made += 1
            most = max(most, made - finished)
            yield digest(7700 + n, n=2)

    async def drain():
        nonlocal finished
        outcomes = []
        async for _, result in sender.deliver_many(source()):
            finished += 1
            outcomes.append(result.outcome)
        await sender.stop()
        return outcomes

    outcomes = await clock.run(drain())

    assert outcomes == [DeliveryOutcome.SENT] * 40
    assert most <= 8 + 1
    assert store.push_stats().deliveries == 40 and store.push_stats().sent == 80


async def test_sender_counts_one_run_per_busy_spell(store, clock, scripted):
    sender = PushSender(scripted, store, clock=clock)

    async def two_spells():
        await sender.deliver(digest(7801, n=1))
        await sender.deliver(digest(7802, n=1))  # right after: same run
        await clock.sleep(3600)
        await sender.deliver(digest(7803, n=2))  # an hour later: a new run
        await sender.stop()

    await clock.run(two_spells())

    stats = store.push_stats()
    assert (stats.deliveries, stats.sent, stats.pending) == (1, 2, 0)
    assert stats.ended_at is not None


def test_sender_refuses_a_clock_it_cannot_pace_by(store):
    class WallClock:
        def now(self):
            return datetime.now(UTC)

    with pytest.raises(TypeError, match="monotonic"):
        PushSender(object(), store, clock=WallClock())


# -- over HTTP, with python-telegram-bot ----------------------------------------


async def test_sender_bypasses_app_rate_limiter_and_meets_fake_api_limits(store, bot_api):
    # Two at once are tolerated, a third is not: parts sent back to back fail.
    bot_api.rate_limits = RateLimits(private_per_second=1.0, private_burst=2)
    chats = [8101, 8102, 8103]
    for chat in chats:
        bot_api.register_chat(chat)
    app_bot = ExtBot(
        bot_api.token,
        base_url=bot_api.base_url,
        base_file_url=bot_api.base_file_url,
        rate_limiter=AIORateLimiter(max_retries=3),
    )
    sender = PushSender(app_bot, store)
    try:
        results = await asyncio.gather(*(sender.deliver(digest(c, n=3)) for c in chats))
    finally:
        await sender.stop()

    assert [r.outcome for r in results] == [DeliveryOutcome.SENT] * 3
    for chat in chats:
        assert [m.text for m in bot_api.messages(chat)] == [
            f"موجز اليوم {chat} · الجزء {k} من 3" for k in (1, 2, 3)
        ]
    assert [c.status for c in bot_api.calls("sendMessage")] == [200] * 9
    assert app_bot.rate_limiter is not None  # the app's bot itself was left as it was


async def test_sender_over_http_marks_blocked_inactive_and_follows_migration(store, bot_api):
    subscribe(store, 8201)
    subscribe(store, -8202, ChatType.GROUP)
    bot_api.block(8201)
    bot_api.migrate(-8202, -1008202)
    app_bot = ExtBot(bot_api.token, base_url=bot_api.base_url)
    sender = PushSender(app_bot, store)
    try:
        blocked, migrated = await asyncio.gather(
            sender.deliver(digest(8201, n=1)), sender.deliver(digest(-8202, n=1))
        )
    finally:
        await sender.stop()

    assert blocked.outcome is DeliveryOutcome.INACTIVE
    assert store.subscription(8201).active is False
    assert migrated.new_chat_id == -1008202
    assert len(bot_api.messages(-1008202)) == 1


async def test_sender_sees_the_429s_the_app_rate_limiter_would_retry_unseen(store, bot_api):
    bot_api.rate_limits = RateLimits(global_per_second=2.0, global_burst=1)
    chats = [8301, 8302, 8303]
    for chat in chats:
        bot_api.register_chat(chat)
    app_bot = ExtBot(
        bot_api.token,
        base_url=bot_api.base_url,
        rate_limiter=AIORateLimiter(max_retries=3),
    )
    sender = PushSender(app_bot, store)  # paced at 25/s: faster than this server allows
    try:
        results = await asyncio.gather(*(sender.deliver(digest(c, n=1)) for c in chats))
    finally:
        await sender.stop()

    refused = [c for c in bot_api.calls("sendMessage") if c.status == 429]
    assert [r.outcome for r in results] == [DeliveryOutcome.SENT] * 3
    assert all(len(bot_api.messages(c)) == 1 for c in chats)
    assert refused and store.push_stats().rate_limited == len(refused)


async def test_command_replies_stay_responsive_while_a_push_runs(store, bot_api, tmp_path):
    settings = Settings(
        token=bot_api.token,
        api_root=bot_api.root,
        library=LibrarySettings(seeds_dir=tmp_path / "seeds", db_path=tmp_path / "m.sqlite3"),
    )
    app = build_application(settings, store)
    chats = [9000 + n for n in range(100)]
    for chat in chats:
        bot_api.register_chat(chat)
    user = 9999

    def pushed() -> int:
        return sum(1 for m in bot_api.messages() if m.chat_id != user)

    async with polling(app):
        sender = PushSender(app.bot, store)
        pushing = asyncio.gather(*(sender.deliver(digest(c, n=1)) for c in chats))
        await bot_api.wait_for(lambda: pushed() >= 20 or None)
        asked_at = pushed()
        bot_api.send_text(user, "/help", language_code="en")
        [reply] = await bot_api.wait_for_messages(user)
        replied_at = pushed()
        results = await pushing
        await sender.stop()

    assert reply.text.startswith("Mujaz commands")
    assert [r.outcome for r in results] == [DeliveryOutcome.SENT] * 100
    # The reply did not queue behind the push: it came within a few push slots
    # (25 a second), long before the 100 digests were out.
    assert replied_at - asked_at <= 10 and replied_at < 100
