"""Inline mode (issue 11): "@bot words" in any chat offers matching briefings to share.

An empty query offers the newest briefings; "#12" (what a Share button
types) offers exactly document 12. Answers are per user (``is_personal``:
the language is the user's), paged by ``next_offset`` and cached briefly by
Telegram. Inline mode must be switched on for the bot in @BotFather
(/setinline); ``mujaz run`` logs a warning at start-up when it is off, and
the Share button is shown only when it is on.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, InlineQueryHandler

from bot.context import MujazContext
from bot.handlers import args
from bot.texts import language_of
from bot.views import inline as inline_views
from summaries import UnknownDocument

# Telegram may serve the same answer to the same user for this long: new
# documents show up within a minute, a /lang change too.
CACHE_SECONDS = 60


async def inline_query(update: Update, context: MujazContext) -> None:
    """Offer the briefings that match the typed words, in the user's language."""
    query = update.inline_query
    lang = inline_language(update, context)
    doc_id = args.shared_document(query.query)
    offset = args.inline_offset(query.offset)
    if doc_id is not None:
        try:
            cards = [context.store.card(doc_id)] if offset == 0 else []
        except UnknownDocument:
            cards = []
    else:
        page = inline_views.RESULTS_PER_ANSWER + 1  # one more: is there a next page?
        cards = context.store.cards(query.query, offset=offset, limit=page)
    results, next_offset = inline_views.answer(cards, offset, context.taxonomy, lang)
    button = None
    if not results and offset == 0:
        button = inline_views.nothing_found(lang, gone=doc_id is not None)
    await query.answer(
        results,
        cache_time=CACHE_SECONDS,
        is_personal=True,
        next_offset=next_offset,
        button=button,
    )


def inline_language(update: Update, context: MujazContext) -> str:
    """Return the user's language: stored /lang, else Telegram's language_code, else Arabic."""
    user = update.effective_user
    stored = context.store.user_language(user.id) if user else None
    if stored:
        return stored
    code = user.language_code if user else None
    return language_of(code) if code else "ar"


def register(app: Application) -> None:
    """Add this family's handlers to the application."""
    app.add_handler(InlineQueryHandler(inline_query))
