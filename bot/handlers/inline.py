"""Inline mode (issue 11): "@bot words" in any chat offers matching briefings to share.

An empty query offers the newest briefings; "#12" (what a Share button
types) offers exactly document 12. Answers are per user (``is_personal``:
the language is the user's), paged by ``next_offset`` and cached briefly by
Telegram. Inline mode must be switched on for the bot in @BotFather
(/setinline); ``mujaz run`` logs a warning at start-up when it is off, and
the Share button is shown only when it is on.
"""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, InlineQueryHandler

from bot.context import MujazContext
from bot.handlers import args
from bot.texts import language_of
from bot.views import inline as inline_views
from summaries import Card, UnknownDocument

logger = logging.getLogger(__name__)

# What Telegram says when it refuses a result's HTML; our bug, answered again as plain text.
_REFUSED_TEXT = re.compile(r"can't parse entities|message_too_long|message is too long", re.I)
# Telegram may serve the same answer to the same user for this long: new
# documents show up within a minute, a /lang change too.
CACHE_SECONDS = 60


async def inline_query(update: Update, context: MujazContext) -> None:
    """Offer the briefings that match the typed words, in the user's language."""
    query = update.inline_query
    lang = inline_language(update, context)
    doc_id = args.shared_document(query.query)
    offset = args.inline_offset(query.offset)
    cards = _cards(context, query.query, doc_id, offset)
    results, next_offset = inline_views.answer(cards, offset, context.taxonomy, lang)
    button = None
    if not results and offset == 0:
        button = inline_views.nothing_found(lang, gone=doc_id is not None)
    answer = {"cache_time": CACHE_SECONDS, "is_personal": True, "next_offset": next_offset}
    try:
        await query.answer(results, button=button, **answer)
    except BadRequest as error:
        if not _REFUSED_TEXT.search(error.message):
            raise
        logger.error("Telegram refused our inline HTML (%s); resent as plain text", error.message)
        await query.answer(inline_views.as_plain_text(results), button=button, **answer)


def _cards(context: MujazContext, query: str, doc_id: int | None, offset: int) -> list[Card]:
    """Return the one shared document ("#12"), or a page of matches and one more if any."""
    if doc_id is not None:
        try:
            return [context.store.card(doc_id)] if offset == 0 else []
        except UnknownDocument:
            return []
    page = inline_views.RESULTS_PER_ANSWER + 1  # one more: is there a next page?
    return context.store.cards(query, offset=offset, limit=page)


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
