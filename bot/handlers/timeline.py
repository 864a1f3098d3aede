"""/timeline [topic or words]: dated events across documents, in date order."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards, replies
from bot.context import MujazContext
from bot.handlers import args
from bot.views import page_window
from bot.views import timeline as views
from summaries import Topic, resolve_topic

TIMELINE = "tl"  # page kind of the whole timeline


async def timeline(update: Update, context: MujazContext) -> None:
    """Send the timeline: every dated event (paged), or those on a topic or words."""
    if not context.args:
        await _page(update, context, 1)
        return
    ref = args.joined(context.args)[: args.MAX_REF_CHARS]
    store, lang, shown = context.store, context.lang, views.MATCHES_SHOWN
    topic = resolve_topic(ref, context.taxonomy)
    # A topic's id or name is that topic; other words are searched for first,
    # and only when no event holds them is the nearest topic tried.
    order: list[Topic | None] = [topic, None] if _names(topic, ref) else [None, topic]
    found, total, chosen = [], 0, None
    for chosen in order:
        query = {"words": ref} if chosen is None else {"topic_id": chosen.id}
        total = store.count_timeline(**query)
        if total:
            found = store.timeline(**query, limit=shown)
            break
    matches = views.timeline_matches(found, total, lang, words=ref, topic=chosen if found else None)
    await replies.send(update, context, matches)


def _names(topic: Topic | None, ref: str) -> bool:
    wanted = " ".join(ref.lower().split())
    return topic is not None and wanted in (topic.id, topic.name_en.lower(), topic.name_ar)


async def page_button(update: Update, context: MujazContext) -> None:
    """Show another page of the timeline in the same message."""
    await replies.answer(update)
    await _page(update, context, keyboards.page_of(update.callback_query.data), edit=True)


async def _page(update: Update, context: MujazContext, page: int, *, edit: bool = False) -> None:
    store, lang, size = context.store, context.lang, views.EVENTS_PER_PAGE
    page, pages = page_window(page, store.count_timeline(), size)
    events = store.timeline(offset=(page - 1) * size, limit=size)
    markup = keyboards.pager(TIMELINE, page, pages, lang=lang)
    text = views.timeline_page(events, page, pages, lang)
    await replies.show_page(update, context, text, markup, edit_message=edit)


def register(app: Application) -> None:
    """Add this family's handlers to the application."""
    app.add_handler(CommandHandler("timeline", timeline))
    app.add_handler(
        CallbackQueryHandler(page_button, pattern=rf"^{keyboards.PAGE}:{TIMELINE}:\d+$")
    )
