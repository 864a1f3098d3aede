"""The daily push's "new on the timeline" (issue 12), end to end on the stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.push import run_due
from summaries import ingest_file
from tests.e2e.chat import shown
from tests.e2e.test_daily_push import (  # noqa: F401 (fixtures)
    HandClock,
    db,
    pipeline,
    running,
    say,
    store,
    template,
)

NOT_DATED = "يبحث المسؤولون العراقيون مع نظرائهم الأمريكيين مستقبل التعاون بين البلدين. " * 3
DATED = (
    "وقّع العراق والولايات المتحدة اتفاقية للتعاون في مجال الطاقة في 3 آذار/مارس 2024 "
    "في بغداد، بحضور وزير الخارجية العراقي فؤاد حسين وعدد من المسؤولين الأمريكيين."
)


async def test_push_adds_new_on_the_timeline_only_on_days_whose_documents_add_entries(
    bot_api,
    store,  # noqa: F811
    pipeline,  # noqa: F811
    tmp_path,
):
    chat, clock = 760_300, HandClock(datetime(2024, 3, 30, 6, 0, tzinfo=UTC))
    pushes = []
    async with running(bot_api, store, clock, pipeline) as app:
        await say(bot_api, chat, "/subscribe 09:30")
        for body in (None, NOT_DATED, DATED):  # day 1: the seeds; 2: no dates; 3: one date
            if body is not None:
                path = tmp_path / f"day_{len(pushes)}.txt"
                path.write_text(body, encoding="utf-8")
                ingest_file(path, store, pipeline, now=lambda: clock.moment)
            clock.moment = store.subscription(chat).next_send
            before = len(bot_api.messages(chat))
            [pushed] = await run_due(app)
            assert pushed.outcome == "sent"
            pushes.append("\n".join(shown(m) for m in bot_api.messages(chat)[before:]))
            clock.moment += timedelta(minutes=1)

    seeds, quiet, dated = pushes
    assert "New on the timeline" in seeds
    assert "19 August 2020 — Iraqi prime minister arrival" in seeds
    assert "New on the timeline" not in quiet
    assert "New on the timeline" in dated
    section = dated[dated.index("New on the timeline") :]
    assert "3 March 2024" in section and "19 August 2020" not in section
