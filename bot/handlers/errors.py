"""The last resorts: unknown commands, stale buttons, and the error handler."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot import replies, views
from bot.context import MujazContext
from bot.texts import text
from summaries import StoreUnavailable

logger = logging.getLogger(__name__)


async def unknown_command(update: Update, context: MujazContext) -> None:
    """Say the command is unknown and list the commands."""
    command = (update.effective_message.text or "/").split()[0]
    await replies.send(update, context, views.unknown_command(command, context.lang))


async def stale_button(update: Update, context: MujazContext) -> None:
    """Answer a button this version of Mujaz does not know (an old message, say)."""
    await replies.answer(update, text("button.stale", context.lang))


async def on_error(update: object, context: MujazContext) -> None:
    """Log the failure (a store outage in one line), then apologise in the user's language."""
    error = context.error
    if isinstance(error, Forbidden):  # blocked or kicked: nobody to apologise to
        logger.warning("cannot reach the chat of update %s: %s", _update_id(update), error)
        return
    unavailable = isinstance(error, StoreUnavailable)
    if unavailable:  # an outage, not a bug: one line per update, no traceback
        logger.warning("update %s not answered: %s", _update_id(update), error)
    else:
        logger.error("a handler failed on update %s", _update_id(update), exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        lang = context.lang
    except Exception:  # the store may be what failed
        lang = context.telegram_lang
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # the handler may have answered it already
            await update.callback_query.answer()
    try:
        apology = text("apology.store" if unavailable else "apology", lang)
        await context.bot.send_message(update.effective_chat.id, apology)
    except TelegramError as again:
        logger.warning("could not send the apology for update %s: %s", _update_id(update), again)


def _update_id(update: object) -> object:
    return update.update_id if isinstance(update, Update) else "(none)"


def register(app: Application) -> None:
    """Add the catch-all handlers; call after every other family."""
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(CallbackQueryHandler(stale_button))
