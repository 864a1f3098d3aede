"""/figures [N | topic]: the corpus key figures with their sources, or one document's or topic's."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards, replies, views
from bot.context import MujazContext
from bot.handlers import args
from bot.texts import text
from bot.views import facts as fact_views
from summaries import UnknownDocument, resolve_topic

FIGURES = "fig"  # page kind of the figures of every document
KEY_FACTS = 10  # corpus key figures on the first /figures message


async def figures(update: Update, context: MujazContext) -> None:
    """Send key figures: across the corpus with their sources, of one (/figures 3) or of a topic."""
    if not context.args:
        await _key_facts(update, context)
        return
    ref = args.joined(context.args)
    try:
        stored = context.store.briefing(args.document_ref(ref) or "")
    except UnknownDocument:
        stored = None
    if stored is not None:
        corpus = context.store.figure_sources(stored.document.id)
        await replies.send(update, context, views.document_figures(stored, context.lang, corpus))
        return
    found = None if ref.isdigit() else resolve_topic(ref, context.taxonomy)
    if found is None:
        await replies.send(update, context, views.usage("usage.figures", context.lang, arg=ref))
        return
    groups = context.store.topic_figures(found.id)
    await replies.send(update, context, views.topic_figures(found, groups, context.lang))


async def _key_facts(update: Update, context: MujazContext) -> None:
    """Send the corpus key figures, a button per line to its sources and one to the full list."""
    store, lang = context.store, context.lang
    found = store.corpus_key_facts(KEY_FACTS)
    page = fact_views.key_facts(found, store.count_documents(), lang)
    markup = keyboards.key_facts([f.id for f in found], text("facts.all", lang), FIGURES)
    await replies.send(update, context, [page], markup)


async def fact_button(update: Update, context: MujazContext) -> None:
    """Send one key figure's sources (and disputing sources), with a button per document."""
    await replies.answer(update)
    store, lang = context.store, context.lang
    fact_id = int(keyboards.decode(update.callback_query.data)[1][0])
    fact = store.corpus_fact(fact_id, limit=fact_views.SOURCES_SHOWN)
    if fact is None:
        await replies.send(update, context, views.usage("facts.gone", lang))
        return
    ids = fact_views.fact_document_ids(fact)
    documents = store.fact_documents(ids)
    items = views.document_buttons([documents[i] for i in ids if i in documents], lang)
    markup = keyboards.document_list(items, lang=lang)
    await replies.send(update, context, fact_views.fact_sources(fact, documents, lang), markup)


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
    app.add_handler(CallbackQueryHandler(fact_button, pattern=rf"^{keyboards.FACT}:\d+$"))
