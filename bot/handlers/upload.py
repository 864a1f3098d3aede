"""Documents sent to the bot: an admin's file goes into seeds/ and through the pipeline.

Only private chats: in a group a document is someone's conversation, never
an upload. Everything that can be checked before the download is (admin,
name, format, size), so a refused file is never fetched. A name already in
seeds/ is never overwritten without the admin pressing "Overwrite". The
handlers run without blocking (``block=False``): other users' commands are
answered while a file downloads and is ingested.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot import keyboards, replies
from bot.context import MujazContext
from bot.dropzone import safe_name, save_upload
from bot.handlers.admin_docs import is_admin
from bot.render import escape
from bot.texts import text
from bot.views import admin as admin_views
from summaries import Batch, supported_suffixes

logger = logging.getLogger(__name__)

UPLOAD = "up"  # callback action: up:<o|k|c>:<token>
OVERWRITE, KEEP_BOTH, CANCEL = "o", "k", "c"
# getFile refuses files over 20 MB (binary megabytes) for bots on the public Bot API.
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
_PENDING = "uploads"  # user_data key: token -> Pending


@dataclass(frozen=True, slots=True)
class Pending:
    """An upload waiting for the admin's choice: overwrite, keep both or cancel."""

    file_id: str
    name: str


async def receive(update: Update, context: MujazContext) -> None:
    """Save an admin's document into seeds/ and ingest it; refuse anyone else politely."""
    lang = context.lang
    if not is_admin(update, context):
        await _say(update, context, "upload.refused")
        return
    document = update.effective_message.document
    name = safe_name(document.file_name or "")
    suffix = Path(name).suffix.lower() if name else ""
    if not name or not suffix:
        await _say(update, context, "upload.no_name")
        return
    if suffix not in supported_suffixes():
        formats = " ".join(supported_suffixes())
        await _say(update, context, "upload.unsupported", suffix=suffix, formats=formats)
        return
    size = document.file_size or 0
    if size > TELEGRAM_DOWNLOAD_LIMIT:
        await _say(update, context, "upload.too_big_telegram", size=admin_views.human_size(size))
        return
    limit = context.settings.library.max_bytes
    if size > limit:
        sizes = {"size": admin_views.human_size(size), "limit": admin_views.human_size(limit)}
        await _say(update, context, "upload.too_big", **sizes)
        return
    pending = Pending(document.file_id, name)
    if (context.dropzone.seeds_dir / name).exists():
        token = str(update.effective_message.message_id)
        context.user_data.setdefault(_PENDING, {})[token] = pending
        texts = admin_views.notice("upload.exists", lang, name=name)
        await replies.send(update, context, texts, choices(token, lang))
        return
    await _save_and_ingest(update, context, pending, overwrite=False)


async def choose(update: Update, context: MujazContext) -> None:
    """Act on the pressed Overwrite / Keep both / Cancel button of an upload."""
    _, (what, token) = keyboards.decode(update.callback_query.data)
    pending = context.user_data.get(_PENDING, {}).pop(token, None)
    if pending is None or not is_admin(update, context):  # pressed twice, or after a restart
        await replies.answer(update, text("button.stale", context.lang))
        return
    await replies.answer(update)
    if what == CANCEL:
        await replies.edit(update, admin_views.notice("upload.cancelled", context.lang)[0])
        return
    chosen = text("upload.overwrite" if what == OVERWRITE else "upload.keep_both", context.lang)
    question = admin_views.notice("upload.exists", context.lang, name=pending.name)[0]
    await replies.edit(update, f"{question}\n\n<b>{escape(chosen)}</b>")  # buttons gone
    await _save_and_ingest(update, context, pending, overwrite=what == OVERWRITE)


async def _save_and_ingest(
    update: Update, context: MujazContext, pending: Pending, *, overwrite: bool
) -> None:
    zone = context.dropzone
    try:
        telegram_file = await context.bot.get_file(pending.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except BadRequest as error:
        if "too big" in error.message.lower():
            await _say(update, context, "upload.too_big_telegram", size="> 20 MB")
        else:
            await _say(update, context, "upload.failed", error=error.message)
        return
    except TelegramError as error:
        logger.warning("upload: could not download %s: %s", pending.name, error)
        await _say(update, context, "upload.failed", error=str(error))
        return
    name = await asyncio.to_thread(
        save_upload, zone.seeds_dir, pending.name, data, overwrite=overwrite
    )
    logger.info("upload: %s saved into %s (%s bytes)", name, zone.seeds_dir, len(data))
    await _say(update, context, "upload.saved", name=name)
    results = await zone.process(context.bot, context.store, Batch(changed=(name,)))
    if not any(r.name == name for r in results):  # same bytes as before, or already reported
        document = context.store.document_by_name(name)
        await replies.send(update, context, admin_views.upload_state(document, name, context.lang))


async def _say(update: Update, context: MujazContext, key: str, **fields: object) -> None:
    await replies.send(update, context, admin_views.notice(key, context.lang, **fields))


def choices(token: str, lang: str) -> InlineKeyboardMarkup:
    """Return the Overwrite / Keep both / Cancel buttons of a pending upload."""
    row = [
        InlineKeyboardButton(text(key, lang), callback_data=keyboards.encode(UPLOAD, what, token))
        for what, key in (
            (OVERWRITE, "upload.overwrite"),
            (KEEP_BOTH, "upload.keep_both"),
            (CANCEL, "upload.cancel"),
        )
    ]
    return InlineKeyboardMarkup([row])


def register(app: Application) -> None:
    """Add the document handler (private chats only) and the upload choice buttons."""
    private_document = filters.Document.ALL & filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private_document, receive, block=False))
    pattern = rf"^{UPLOAD}:[{OVERWRITE}{KEEP_BOTH}{CANCEL}]:\d+$"
    app.add_handler(CallbackQueryHandler(choose, pattern=pattern, block=False))
