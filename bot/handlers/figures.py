"""/figures [N | topic]: key figures with their labels and sources."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards, replies, views
from bot.context import MujazContext
from bot.handlers import args
from summaries import UnknownDocument, resolve_topic

FIGURES = "fig"  # page kind of the figures of every document


async def figures(update: Update, context: MujazContext) -> None:
    """Send key figures: of every document (paged), of one (/figures 3) or of a topic."""
    if not context.args:
        await _page(update, context, 1)
        return
    ref = args.joined(context.args)
    try:
        stored = context.store.briefing(args.document_ref(ref) or "")
    except UnknownDocument:
        stored = None
    if stored is not None:
        await replies.send(update, context, views.document_figures(stored, context.lang))
        return
    found = None if ref.isdigit() else resolve_topic(ref, context.taxonomy)
    if found is None:
        await replies.send(update, context, views.usage("usage.figures", context.lang, arg=ref))
        return
    groups = context.store.topic_figures(found.id)
    await replies.send(update, context, views.topic_figures(found, groups, context.lang))


async def page_button(update: Update, context: MujazContext) -> None:
    """Show another page of the figures in the same message."""
    await replies.answer(update)
    await _page(update, context, keyboards.page_of(update.callback_query.data), edit=True)


async def _page(update: Update, context: MujazContext, page: int, *, edit: bool = False) -> None:
    store, lang, size = context.store, context.lang, views.FIGURE_DOCS_PER_PAGE
    page, pages = views.page_window(page, store.count_documents(), size)
    groups = store.figure_groups(offset=(page - 1) * size, limit=size)
    page_text = views.figures_page(groups, page, pages, lang)
    markup = keyboards.pager(FIGURES, page, pages, lang=lang)
    await replies.show_page(update, context, page_text, markup, edit_message=edit)


def register(app: Application) -> None:
    """Add this family's handlers to the application."""
    app.add_handler(CommandHandler("figures", figures))
    app.add_handler(CallbackQueryHandler(page_button, pattern=rf"^{keyboards.PAGE}:{FIGURES}:\d+$"))
