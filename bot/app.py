"""The composition root: the one place that builds the Telegram Application."""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes
from telegram.request import BaseRequest

from bot import dropzone
from bot.config import Settings
from bot.context import BotData, MujazContext
from bot.handlers import errors, register_all
from bot.push import Clock, PushJobs, WallClock
from bot.push.sender import PushSender
from bot.store import BotStore
from bot.texts import COMMANDS, text
from summaries import ConfigError, Pipeline, load_taxonomy

logger = logging.getLogger(__name__)

# A 429 is waited out (its retry_after) and the call retried this many times.
MAX_RETRIES = 3
# setMyCommands per language: Telegram shows the "ar" menu to Arabic clients
# and the default (language_code None) to everyone else, in English.
MENUS = (("ar", "ar"), (None, "en"))


def build_application(
    settings: Settings,
    store: BotStore,
    *,
    pipeline: Pipeline | None = None,
    request: BaseRequest | None = None,
    paced: bool = True,
    clock: Clock | None = None,
) -> Application:
    """Return the bot, wired: settings, store, taxonomy, every handler, then the error handler.

    ``request`` replaces the HTTP layer (the offline console answers the Bot
    API in process); ``pipeline`` supplies the taxonomy the store was built
    with, else it is loaded from the settings. ``paced=False`` leaves out the
    rate limiter, for callers whose requests never reach Telegram (console,
    benchmarks).
    """
    if not settings.token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather")
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=MujazContext, bot_data=BotData))
        .post_init(on_start)
        .post_stop(on_stop)
    )
    if paced:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=MAX_RETRIES))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data.store = store
    app.bot_data.settings = settings
    app.bot_data.taxonomy = (
        pipeline.taxonomy if pipeline is not None else load_taxonomy(settings.library.taxonomy_path)
    )
    # Daily push (issue 4): the paced sender and the jobs, started in post_init.
    app.bot_data.clock = clock or WallClock()
    app.bot_data.sender = PushSender(app.bot, store)
    app.bot_data.push = PushJobs(app, app.bot_data.clock, settings.push_max_late)
    dropzone.attach(app, pipeline)  # drop zone (issue 5): watcher in post_init..post_stop
    register_all(app)
    app.add_error_handler(errors.on_error)
    return app


async def on_start(app: Application) -> None:
    """Set the command menus, then rebuild the push jobs from the store (post_init)."""
    await set_command_menus(app)
    await app.bot_data.sender.start()
    app.bot_data.push.start()


async def on_stop(app: Application) -> None:
    """Stop the push sender: digests not sent yet stay in the store for the next start."""
    await app.bot_data.sender.stop()


async def set_command_menus(app: Application) -> None:
    """Set the command menu in Arabic and English; a refusal is logged, never fatal."""
    for language_code, lang in MENUS:
        commands = [BotCommand(c, text(f"menu.{c}", lang)) for c in COMMANDS]
        try:
            await app.bot.set_my_commands(commands, language_code=language_code)
        except TelegramError as error:
            logger.warning(
                "the Bot API refused the %s command menu (%s); the bot runs without it",
                language_code or "default",
                error,
            )
