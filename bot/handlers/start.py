"""/start, /help, /lang (and its buttons), /about: what Mujaz is and how to talk to it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards, replies, views
from bot.context import MujazContext
from bot.handlers import args
from bot.texts import LANGUAGES
from summaries import __version__


async def start(update: Update, context: MujazContext) -> None:
    """Greet the user: what Mujaz covers, the main commands, how to subscribe."""
    store = context.store
    texts = views.start(
        store.count_documents(),
        store.date_range(),
        store.topic_counts(),
        context.taxonomy,
        context.lang,
    )
    await replies.send(update, context, texts, keyboards.language())


async def help_command(update: Update, context: MujazContext) -> None:
    """List every command with a one-line example, and how to share a briefing from any chat."""
    bot = context.bot
    texts = views.help_text(context.lang, bot.username, inline_mode=bot.supports_inline_queries)
    await replies.send(update, context, texts)


async def lang(update: Update, context: MujazContext) -> None:
    """Set the reply language from the argument, or offer the language buttons."""
    if not context.args:
        await replies.send(
            update, context, views.choose_language(context.lang), keyboards.language()
        )
        return
    chosen = args.language(args.joined(context.args))
    if chosen is None:
        texts = views.usage("usage.lang", context.lang)
        await replies.send(update, context, texts, keyboards.language())
        return
    context.choose_lang(chosen)
    await replies.send(update, context, views.language_set(chosen))


async def lang_button(update: Update, context: MujazContext) -> None:
    """Set the language whose button was pressed and confirm in it."""
    _, data = keyboards.decode(update.callback_query.data)
    await replies.answer(update)
    if data and data[0] in LANGUAGES:
        context.choose_lang(data[0])
        await replies.send(update, context, views.language_set(data[0]))


async def about(update: Update, context: MujazContext) -> None:
    """Tell the version, the number of documents, the last ingest and the English backend."""
    store = context.store
    texts = views.about(
        __version__,
        store.count_documents(),
        store.get_meta("last_ingest"),
        store.english_backends(),
        context.settings.default_tz,
        context.lang,
    )
    await replies.send(update, context, texts)


async def noop_button(update: Update, context: MujazContext) -> None:
    """Answer a press on the page counter; nothing changes."""
    await replies.answer(update)


def register(app: Application) -> None:
    """Add this family's handlers to the application."""
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler("lang", lang))
    app.add_handler(CommandHandler("about", about))
    app.add_handler(CallbackQueryHandler(lang_button, pattern=rf"^{keyboards.LANGUAGE}:"))
    app.add_handler(CallbackQueryHandler(noop_button, pattern=rf"^{keyboards.NOOP}$"))
