"""/sources [N]: publisher, authors, date and link of every document, or of one."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards, replies, views
from bot.context import MujazContext
from bot.handlers import args
from summaries import UnknownDocument

SOURCES = "src"  # page kind of the source list


async def sources(update: Update, context: MujazContext) -> None:
    """Send where the documents come from (paged), or one document's source (/sources 1)."""
    if not context.args:
        await _page(update, context, 1)
        return
    ref = args.joined(context.args)
    try:
        stored = context.store.briefing(args.document_ref(ref) or "")
    except UnknownDocument:
        await replies.send(update, context, views.usage("usage.sources", context.lang, arg=ref))
        return
    b = stored.briefing
    texts = views.document_sources(stored.document, b.sources, context.lang, b.english)
    await replies.send(update, context, texts)


async def page_button(update: Update, context: MujazContext) -> None:
    """Show another page of the sources in the same message."""
    await replies.answer(update)
    await _page(update, context, keyboards.page_of(update.callback_query.data), edit=True)


async def _page(update: Update, context: MujazContext, page: int, *, edit: bool = False) -> None:
    store, lang, size = context.store, context.lang, views.SOURCES_PER_PAGE
    page, pages = views.page_window(page, store.count_documents(), size)
    pairs = store.listing(offset=(page - 1) * size, limit=size)
    # English shows the authors' English forms, which the English side of each briefing holds.
    english = (
        {d.id: store.briefing(d.id).briefing.english for d, _ in pairs} if lang != "ar" else {}
    )
    page_text = views.sources_page(pairs, page, pages, lang, english)
    markup = keyboards.pager(SOURCES, page, pages, lang=lang)
    await replies.show_page(update, context, page_text, markup, edit_message=edit)


def register(app: Application) -> None:
    """Add this family's handlers to the application."""
    app.add_handler(CommandHandler("sources", sources))
    app.add_handler(CallbackQueryHandler(page_button, pattern=rf"^{keyboards.PAGE}:{SOURCES}:\d+$"))
