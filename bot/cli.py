"""The `mujaz` command: the summaries command line plus `run`, `console` and `db copy`.

Every other subcommand is the summaries CLI's own; this module adds the two
that need Telegram and the copy of a whole store (both sides' tables), and
it is the one place logging is configured.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace

from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings, Webhook
from bot.console import run_console
from bot.leader import AdvisoryLeadership, serve_shared
from bot.store import BotStore
from bot.store.copy import copy_store
from db.database import safe_target
from summaries import ConfigError, MujazError, Pipeline
from summaries import cli as library_cli

logger = logging.getLogger(__name__)

RUN_HELP = (
    "ingest new and changed files in seeds/, then run the Telegram bot (console without a token)"
)
CONSOLE_HELP = "try the bot offline: type commands, read the replies (no Telegram, no network)"
DB_HELP = "copy a whole store (documents, subscribers, delivery log) into a new, empty one"
COPY_HELP = (
    "copy every table of the store SOURCE into the empty store TARGET, ids kept, "
    "then rebuild TARGET's search index; each is a SQLite path or a postgresql:// URL"
)
NO_TOKEN = (
    "mujaz: TELEGRAM_BOT_TOKEN is not set, so Mujaz starts its offline console.\n"
    "To run the Telegram bot, get a token from @BotFather and set it, for example in ./.env:\n"
    "    TELEGRAM_BOT_TOKEN=123456789:AA...\n"
)
COPY_EXAMPLE = "example: mujaz db copy var/mujaz.sqlite3 postgresql://mujaz@db.example.org/mujaz"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def build_parser() -> argparse.ArgumentParser:
    """Return the summaries parser with `run` taken over by the bot and `console` added."""
    parser = library_cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    run = commands.choices["run"]
    run.description, run.epilog = RUN_HELP, "example: mujaz run"
    for choice in commands._choices_actions:
        if choice.dest == "run":
            choice.help = RUN_HELP
    console = commands.add_parser(
        "console", help=CONSOLE_HELP, description=CONSOLE_HELP, epilog="example: mujaz console"
    )
    db = commands.add_parser("db", help=DB_HELP, description=DB_HELP, epilog=COPY_EXAMPLE)
    actions = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    copy = actions.add_parser("copy", help=COPY_HELP, description=COPY_HELP, epilog=COPY_EXAMPLE)
    copy.add_argument("source", help="the store to copy: a SQLite file or a postgresql:// URL")
    copy.add_argument("target", help="the new store: a SQLite file or a postgresql:// URL")
    for command in (run, console):
        command.add_argument(
            "--lang",
            choices=("ar", "en"),
            default="en",
            help="the console user's Telegram language (default: en; /lang changes it)",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; return the exit code (1, quietly, when stdout's reader went away)."""
    try:
        code = _run_command(argv)
        sys.stdout.flush()  # so a closed pipe shows here, not as an error at interpreter exit
    except BrokenPipeError:
        # `mujaz show | head -1`: the Python documentation's recipe (signal module,
        # "Note on SIGPIPE"): point stdout at devnull so the exit flush cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


def _run_command(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "db":  # names its stores itself: MUJAZ_DB and --db play no part
        return cmd_db_copy(args)
    if args.command not in COMMANDS:
        return library_cli.main(argv)
    try:
        settings = _settings(args)
    except MujazError as error:
        print(f"mujaz: {error}", file=sys.stderr)
        return library_cli.exit_code(error)
    quiet = args.command == "console" or not settings.token
    level = "DEBUG" if args.verbose else ("WARNING" if quiet else settings.log_level)
    secrets = (settings.token, settings.webhook.secret if settings.webhook else None)
    configure_logging(level, *secrets)
    try:
        return COMMANDS[args.command](args, settings)
    except MujazError as error:
        print(f"mujaz: {error}", file=sys.stderr)
        return library_cli.exit_code(error)


def configure_logging(level: str, secret: str | None, *more: str | None) -> None:
    """Log to stderr at level, the token (and webhook secret) masked; chatty libraries quiet.

    httpx's lines carry the token in the URL; watchfiles logs every file event
    and APScheduler every job run at INFO (hundreds during a push).
    """
    root = logging.getLogger()
    if not root.handlers:  # a host (pytest, an embedding app) may have configured it
        handler = logging.StreamHandler()
        handler.setFormatter(_Masking(LOG_FORMAT, secret, *more))
        root.addHandler(handler)
        root.setLevel(level)
    for noisy in ("httpx", "httpcore", "watchfiles", "apscheduler", "tornado.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class _Masking(logging.Formatter):
    """A formatter that never lets the token or webhook secret through, tracebacks included."""

    def __init__(self, fmt: str, *secrets: str | None) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "<token>")
        return text


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest seeds/, then serve Telegram (polling or webhook); without a token, the console."""
    pipeline = library_cli.pipeline_for(settings.library)  # loads the translation model once
    code = library_cli.ingest_and_report(settings.library, pipeline)
    if code:
        return code
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return cmd_console(args, settings, pipeline)
    with BotStore.open(settings.library.db_path) as store:
        app = build_application(settings, store, pipeline=pipeline)
        try:
            # Checked once before serving so a busy port, a wrong token or URL, or
            # a webhook Telegram refuses ends in one line, not in PTB's traceback.
            if settings.webhook:
                _check_listen(settings.webhook)
            asyncio.run(_probe(app, settings.webhook))
            if store.engine == "postgresql":  # several instances may share it: lead by lock
                serve_shared(app, settings.webhook, AdvisoryLeadership(settings.library.db_path))
            else:
                serve(app, settings.webhook)
        except InvalidToken:
            print(
                f"mujaz: the Bot API at {settings.api_root} (MUJAZ_TELEGRAM_API) refused "
                "TELEGRAM_BOT_TOKEN: check the token @BotFather gave you and that URL",
                file=sys.stderr,
            )
            return 1
        except NetworkError as error:
            reason = str(error).replace(settings.token, "<token>")
            print(
                f"mujaz: MUJAZ_TELEGRAM_API {settings.api_root} cannot be reached: {reason}",
                file=sys.stderr,
            )
            return 1
    return 0


def serve(app: Application, hook: Webhook | None) -> None:
    """Run the bot until stopped: PTB's webhook server for a webhook, else long polling."""
    if hook is None:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    logger.info("webhook mode: %s, listening on %s:%s", hook.url, hook.host, hook.port)
    app.run_webhook(
        listen=hook.host,
        port=hook.port,
        url_path=hook.path,
        webhook_url=hook.url,
        secret_token=hook.secret,
        allowed_updates=Update.ALL_TYPES,
    )


def _check_listen(hook: Webhook) -> None:
    """Raise ConfigError naming MUJAZ_WEBHOOK_LISTEN when its address cannot be bound."""
    family = socket.AF_INET6 if ":" in hook.host else socket.AF_INET
    try:
        socket.create_server((hook.host, hook.port), family=family).close()
    except OSError as error:
        raise ConfigError(
            f"MUJAZ_WEBHOOK_LISTEN {hook.host}:{hook.port} cannot be used: "
            f"{error.strerror or error}"
        ) from None


async def _probe(app: Application, hook: Webhook | None = None) -> None:
    """Call getMe (and setWebhook for a webhook) once, release the connection; warn if no inline."""
    ptb = logging.getLogger("telegram")
    level = ptb.level
    ptb.setLevel(logging.CRITICAL)  # a failure is reported by the caller, in one line
    try:
        await app.bot.initialize()
        inline_mode = app.bot.supports_inline_queries
        if hook is not None:  # run_webhook sets it again, with the same values
            await app.bot.set_webhook(
                hook.url, secret_token=hook.secret, allowed_updates=Update.ALL_TYPES
            )
    except BadRequest as error:
        if hook is None:
            raise
        raise ConfigError(
            f"Telegram refused MUJAZ_WEBHOOK_URL {hook.url}: {error.message}"
        ) from None
    finally:
        ptb.setLevel(level)
        await app.bot.shutdown()
    if not inline_mode:  # digests to share (issue 11)
        logger.warning(
            "inline mode is off for @%s: sharing (@bot words, Share buttons) needs it; "
            "turn it on in @BotFather with /setinline",
            app.bot.username,
        )


def cmd_console(
    args: argparse.Namespace, settings: Settings, pipeline: Pipeline | None = None
) -> int:
    """Answer commands typed on stdin with the bot's own handlers, offline."""
    pipeline = pipeline or library_cli.pipeline_for(settings.library)
    with BotStore.open(settings.library.db_path) as store:
        if store.count_documents() == 0:
            library_cli.ingest_and_report(settings.library, pipeline)
        asyncio.run(
            run_console(
                settings,
                store,
                pipeline=pipeline,
                stdin=sys.stdin,
                stdout=sys.stdout,
                language_code=args.lang,
            )
        )
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    """Copy the store args.source into the empty store args.target; print rows per table."""
    try:
        copied = copy_store(args.source, args.target)
    except MujazError as error:
        print(f"mujaz: {error}", file=sys.stderr)
        return 2
    print(f"copied {safe_target(args.source)} into {safe_target(args.target)}:")
    for table in copied.tables:
        print(f"  {table.name:<20} {table.rows:>9}")
    print(f"search index rebuilt for {copied.indexed} served documents")
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    return replace(settings, library=library_cli.with_overrides(settings.library, args))


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "run": cmd_run,
    "console": cmd_console,
}
