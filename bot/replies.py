"""Deliver ready-made views: send the parts of an answer, edit a page, answer a button.

Views are split and escaped before they get here, so Telegram refusing our
HTML ("can't parse entities", "message is too long") is a bug of ours; if it
happens anyway the answer is resent as plain text and the bug is logged, so
the user still gets it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackContext

from bot.render import escape, split_message, visible_text

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_REFUSED_HTML = re.compile(r"can't parse entities|message is too long|text is too long", re.I)
_NOT_MODIFIED = re.compile(r"message is not modified", re.I)


async def send(
    update: Update,
    context: CallbackContext,
    texts: Sequence[str],
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Send each text as one HTML message to the update's chat; markup goes on the last."""
    chat = update.effective_chat
    if chat is None:
        return None
    if markup is not None and not markup.inline_keyboard:
        markup = None  # a one-page list has no pager
    sent = None
    for i, text in enumerate(texts):
        last = i == len(texts) - 1
        sent = await _send_one(context, chat.id, text, markup if last else None)
    return sent


async def _send_one(
    context: CallbackContext, chat_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> Message:
    return await send_html(context.bot, chat_id, text, markup=markup)


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    silent: bool = False,
) -> Message:
    """Send one HTML text; if Telegram refuses our HTML, send it again as plain text.

    Returns the (last) message sent; markup goes on the last plain-text piece.
    The command replies and the daily push both send through here.
    """
    try:
        return await bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            disable_notification=silent,
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as error:
        if not _REFUSED_HTML.search(error.message):
            raise
        logger.error("Telegram refused our HTML (%s); resending it as plain text", error.message)
    plain = [visible_text(part) for part in split_message(escape(visible_text(text)))]
    message = None
    for i, part in enumerate(plain):
        last = i == len(plain) - 1
        message = await bot.send_message(
            chat_id,
            part,
            reply_markup=markup if last else None,
            disable_notification=silent,
            link_preview_options=NO_PREVIEW,
        )
    assert message is not None  # split_message never returns nothing for a text
    return message


async def edit(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the text and buttons of the message whose button was pressed."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=markup, link_preview_options=NO_PREVIEW
        )
    except BadRequest as error:
        if not _NOT_MODIFIED.search(error.message):  # a double tap on the same page
            raise


async def show_page(
    update: Update,
    context: CallbackContext,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    edit_message: bool,
) -> None:
    """Show one page of a list: in place when a page button was pressed, else as a new message."""
    if edit_message:
        await edit(update, text, markup)
    else:
        await send(update, context, [text], markup)


async def answer(update: Update, text: str | None = None) -> None:
    """Answer the pressed button's query (Telegram shows a spinner until we do)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text)
