"""/docs for Mujaz's administrators (MUJAZ_ADMINS): every file in the store, paged.

Everyone else gets a polite refusal. The command stays out of the public
command menu.
"""

from __future__ import annotations

from collections import Counter

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import keyboards, replies
from bot.context import MujazContext
from bot.views import admin as admin_views
from bot.views.pieces import page_window

FILES = "files"  # page kind of the /docs list ("docs" is the briefing list's)


def is_admin(update: Update, context: MujazContext) -> bool:
    """Tell whether the update comes from an admin; remember the admin's language if so."""
    user = update.effective_user
    if user is None or user.id not in context.settings.admins:
        return False
    context.dropzone.remember_language(user.id, context.lang)
    return True


async def docs(update: Update, context: MujazContext) -> None:
    """Send the first page of every file: status, size, ingest time, reason if rejected."""
    if not is_admin(update, context):
        await replies.send(update, context, admin_views.notice("admin.only", context.lang))
        return
    await _page(update, context, 1)


async def page_button(update: Update, context: MujazContext) -> None:
    """Show another page of /docs in the same message."""
    await replies.answer(update)
    if not is_admin(update, context):
        return
    await _page(update, context, keyboards.page_of(update.callback_query.data), edit=True)


async def _page(update: Update, context: MujazContext, page: int, *, edit: bool = False) -> None:
    lang, size = context.lang, admin_views.FILES_PER_PAGE
    documents = sorted(context.store.documents(status=None), key=lambda d: d.name.casefold())
    page, pages = page_window(page, len(documents), size)
    text = admin_views.files_page(
        documents[(page - 1) * size : page * size],
        page,
        pages,
        Counter(d.status for d in documents),
        context.settings.default_tz,
        lang,
    )
    markup = keyboards.pager(FILES, page, pages, lang=lang)
    await replies.show_page(update, context, text, markup, edit_message=edit)


def register(app: Application) -> None:
    """Add /docs and its page buttons."""
    app.add_handler(CommandHandler("docs", docs))
    app.add_handler(CallbackQueryHandler(page_button, pattern=rf"^{keyboards.PAGE}:{FILES}:\d+$"))
