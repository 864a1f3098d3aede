"""/digest, /topics, /topic, /search and plain messages: the stored briefings on request."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import keyboards, replies, views
from bot.context import MujazContext
from bot.handlers import args
from bot.texts import text
from summaries import Topic, UnknownDocument, resolve_topic

DOCS = "docs"  # page kind of the briefing list


async def digest(update: Update, context: MujazContext) -> None:
    """Send the briefing list (/digest) or one document's briefing (/digest N)."""
    if context.args:
        await _briefing(update, context, args.joined(context.args))
    else:
        await _document_page(update, context, 1)


async def document_button(update: Update, context: MujazContext) -> None:
    """Send the briefing of the document whose button was pressed."""
    await replies.answer(update)
    _, data = keyboards.decode(update.callback_query.data)
    await _briefing(update, context, data[0])


async def page_button(update: Update, context: MujazContext) -> None:
    """Show another page of the briefing list in the same message."""
    await replies.answer(update)
    await _document_page(update, context, keyboards.page_of(update.callback_query.data), edit=True)


async def topics(update: Update, context: MujazContext) -> None:
    """Send the topics with their document counts, as buttons."""
    counts = context.store.topic_counts()
    texts = views.topic_list(counts, context.taxonomy, context.lang)
    buttons = views.topic_buttons(counts, context.taxonomy, context.lang)
    await replies.send(update, context, texts, keyboards.topics(buttons))


async def topic(update: Update, context: MujazContext) -> None:
    """Send the digest of a topic named by id, name (ar or en) or free words."""
    query = args.joined(context.args)
    if not query:
        await _topic_usage(update, context, "usage.topic")
        return
    found = resolve_topic(query, context.taxonomy)
    if found is None:
        await _topic_usage(update, context, "usage.unknown_topic", arg=query)
        return
    await _topic_digest(update, context, found)


async def topic_button(update: Update, context: MujazContext) -> None:
    """Send the digest of the topic whose button was pressed."""
    _, data = keyboards.decode(update.callback_query.data)
    found = next((t for t in context.taxonomy if t.id == data[0]), None)
    if found is None:
        await replies.answer(update, text("button.stale", context.lang))
        return
    await replies.answer(update)
    await _topic_digest(update, context, found)


async def search(update: Update, context: MujazContext) -> None:
    """Send the documents and sentences that match the words (Arabic normalised)."""
    query = args.joined(context.args)
    if not query:
        await replies.send(update, context, views.usage("usage.search", context.lang))
        return
    await _search(update, context, query)


async def plain_text(update: Update, context: MujazContext) -> None:
    """Treat a plain message as /topic when it names a topic, else as /search."""
    query = " ".join(update.effective_message.text.split())
    named = args.topic_named(query, context.taxonomy)
    if named is not None:
        await _topic_digest(update, context, named)
    elif query:
        await _search(update, context, query)


async def _briefing(update: Update, context: MujazContext, ref: str) -> None:
    try:
        stored = context.store.briefing(args.document_ref(ref) or "")
    except UnknownDocument:
        await replies.send(update, context, views.usage("usage.digest", context.lang, arg=ref))
        return
    texts = views.briefing(stored, context.taxonomy, context.lang)
    await replies.send(update, context, texts, _share(context, stored.document.id))


def _share(context: MujazContext, doc_id: int) -> InlineKeyboardMarkup | None:
    """Return the Share button under a briefing, when the bot has inline mode (issue 11)."""
    if not context.bot.supports_inline_queries:
        return None  # without inline mode "@bot #12" would offer nothing
    return keyboards.share(doc_id, lang=context.lang)


async def _document_page(
    update: Update, context: MujazContext, page: int, *, edit: bool = False
) -> None:
    store, lang, size = context.store, context.lang, views.DOCS_PER_PAGE
    total = store.count_documents()
    page, pages = views.page_window(page, total, size)
    pairs = store.listing(offset=(page - 1) * size, limit=size)
    page_text = views.document_page(pairs, page, pages, total, lang)
    markup = keyboards.document_list(views.document_buttons(pairs, lang), page, pages, lang=lang)
    await replies.show_page(update, context, page_text, markup, edit_message=edit)


async def _topic_digest(update: Update, context: MujazContext, found: Topic) -> None:
    store, lang = context.store, context.lang
    passages = store.topic_passages(found.id)
    extra = {}
    if lang == "en" and not all(p.english for p in passages):
        # No translation to show: the English reply lists figures and names instead.
        ids = [p.document.id for p in passages]
        extra = {"figures": store.topic_figures(found.id), "names": store.names_by_document(ids)}
    await replies.send(update, context, views.topic_digest(found, passages, lang, **extra))


async def _topic_usage(update: Update, context: MujazContext, key: str, **fields: str) -> None:
    counts = context.store.topic_counts()
    buttons = views.topic_buttons(counts, context.taxonomy, context.lang)
    texts = views.usage(key, context.lang, **fields)
    await replies.send(update, context, texts, keyboards.topics(buttons))


async def _search(update: Update, context: MujazContext, query: str) -> None:
    passages = context.store.search(query)
    await replies.send(update, context, views.search_results(query, passages, context.lang))


def register(app: Application) -> None:
    """Add this family's handlers to the application."""
    app.add_handler(CommandHandler("digest", digest))
    app.add_handler(CommandHandler("topics", topics))
    app.add_handler(CommandHandler("topic", topic))
    app.add_handler(CommandHandler("search", search))
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private_text, plain_text))
    app.add_handler(CallbackQueryHandler(document_button, pattern=rf"^{keyboards.DOCUMENT}:\d+$"))
    app.add_handler(CallbackQueryHandler(topic_button, pattern=rf"^{keyboards.TOPIC}:[^:]+$"))
    app.add_handler(CallbackQueryHandler(page_button, pattern=rf"^{keyboards.PAGE}:{DOCS}:\d+$"))
