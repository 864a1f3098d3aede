"""/stats for Mujaz's administrators (MUJAZ_ADMINS): subscribers, documents, the last push.

Everyone else gets a polite refusal. The command stays out of the public
command menu.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import replies
from bot.context import MujazContext
from bot.model import PushStats
from bot.texts import text
from bot.views.general import local_time
from bot.views.pieces import fixed, heading, parts


async def stats(update: Update, context: MujazContext) -> None:
    """Show the numbers an administrator checks after a push; refuse anyone else."""
    lang = context.lang
    user = update.effective_user
    if user is None or user.id not in context.settings.admins:
        await replies.send(update, context, parts([fixed("stats.refused", lang)]))
        return
    store = context.store
    texts = stats_view(
        store.subscriber_counts(),
        store.count_documents(),
        store.get_meta("last_ingest"),
        store.push_stats(),
        context.settings.default_tz,
        lang,
    )
    await replies.send(update, context, texts)


def stats_view(
    subscribers: dict[str, int],
    documents: int,
    last_ingest: str | None,
    push: PushStats,
    zone: ZoneInfo,
    lang: str,
) -> list[str]:
    """Return subscribers, documents, last ingest and the last push run's counters."""
    lines = [
        fixed("stats.subscribers", lang, **subscribers),
        fixed("stats.documents", lang, count=documents),
        fixed(
            "stats.ingest", lang, when=local_time(last_ingest, zone) or text("about.never", lang)
        ),
    ]
    if push.started_at is None:
        lines.append(fixed("stats.push", lang, when=text("stats.no_push", lang)))
    else:
        lines.append(fixed("stats.push", lang, when=_run_time(push, zone, lang)))
        lines.append(
            fixed(
                "stats.push_counts",
                lang,
                sent=push.sent,
                failed=push.failed,
                inactive=push.inactive,
                pending=push.pending,
            )
        )
        lines.append(
            fixed(
                "stats.waits",
                lang,
                count=push.rate_limited,
                seconds=f"{push.waited_seconds:.0f}",
            )
        )
    return parts([heading(text("stats.title", lang), lang), "\n".join(lines)])


def _run_time(push: PushStats, zone: ZoneInfo, lang: str) -> str:
    started = local_time(_iso(push.started_at), zone) or ""
    return started if push.ended_at is not None else f"{started} ({text('stats.running', lang)})"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def register(app: Application) -> None:
    """Add /stats (not in the command menu: admins know it)."""
    app.add_handler(CommandHandler("stats", stats))
