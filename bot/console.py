"""The offline console: the real bot and handlers, driven from stdin, no network at all.

Each line typed becomes a Telegram update for the same Application the bot
runs (``build_application``); ``ConsoleRequest`` answers its Bot API calls in
process and prints every message it "sends" as plain text, with numbered
buttons. Typing ``:2`` presses button 2 of the last message that has buttons.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import time
from dataclasses import replace
from typing import Any, TextIO

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.config import Settings
from bot.render import visible_text
from bot.store import BotStore
from summaries import Pipeline

logger = logging.getLogger(__name__)

CONSOLE_TOKEN = "0:console"  # never leaves the process
USER_ID = 1
BANNER = (
    "Mujaz console: type a command such as /help or /digest 1, or any words to search.\n"
    "Type :N to press button N, /lang ar for Arabic replies, Ctrl-D or 'quit' to leave.\n"
)
_BIDI_MARKS = re.compile("[\u200e\u200f\u2066-\u2069]")
_PRESS = re.compile(r":(\d+)")
_QUIT = frozenset({"quit", "exit", ":q"})
_BOT_USER = {"id": 1000, "is_bot": True, "first_name": "Mujaz", "username": "mujaz_console_bot"}


class ConsoleRequest(BaseRequest):
    """A Bot API that lives in process: answers every call and prints what the bot says."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.buttons: list[tuple[dict[str, Any], str]] = []  # (message, callback_data)
        self._messages: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Return (HTTP status, JSON body) as the Bot API would for this call."""
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        if name in ("sendMessage", "editMessageText"):
            result: Any = self._message(name, params)
        elif name == "getMe":
            result = {**_BOT_USER, "can_join_groups": False, "can_read_all_group_messages": False}
            result["supports_inline_queries"] = False
        elif name == "getUpdates":
            result = []
        elif name in ("answerCallbackQuery", "setMyCommands", "deleteWebhook", "sendChatAction"):
            result = True
        else:
            body = {"ok": False, "error_code": 404, "description": "Not Found"}
            return 404, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _message(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if name == "editMessageText":
            message_id = int(params["message_id"])
        else:
            message_id = next(self._ids)
        text = str(params.get("text", ""))
        shown = visible_text(text) if params.get("parse_mode") == "HTML" else text
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Console"},
            "from": _BOT_USER,
            "text": shown,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._messages[message_id] = message
        self._print(message, edited=name == "editMessageText")
        return message

    def _print(self, message: dict[str, Any], *, edited: bool) -> None:
        lines = ["(edited)"] if edited else []
        lines.append(_BIDI_MARKS.sub("", message["text"]))
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        flat = [b for row in rows for b in row if b.get("callback_data")]
        if flat:
            self.buttons = [(message, b["callback_data"]) for b in flat]
            lines += [f"  [:{i}] {b['text']}" for i, b in enumerate(flat, start=1)]
        print("\n".join(lines) + "\n", file=self.out, flush=True)


class Console:
    """Turns typed lines into updates for the Application."""

    def __init__(self, request: ConsoleRequest, language_code: str) -> None:
        self.request = request
        self.language_code = language_code
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1_000_000)

    def update_for(self, line: str) -> dict[str, Any] | None:
        """Return the update a typed line stands for (None for a bad button number)."""
        user = {
            "id": USER_ID,
            "is_bot": False,
            "first_name": "Console",
            "language_code": self.language_code,
        }
        if press := _PRESS.fullmatch(line):
            number = int(press.group(1))
            if not 1 <= number <= len(self.request.buttons):
                return None
            message, data = self.request.buttons[number - 1]
            query = {"id": str(next(self._update_ids)), "from": user, "message": message}
            query |= {"chat_instance": "console", "data": data}
            return {"update_id": next(self._update_ids), "callback_query": query}
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": USER_ID, "type": "private", "first_name": "Console"},
            "from": user,
            "text": line,
        }
        if line.startswith("/"):
            length = len(line.split()[0].encode("utf-16-le")) // 2
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._update_ids), "message": message}


async def run_console(
    settings: Settings,
    store: BotStore,
    *,
    pipeline: Pipeline | None = None,
    stdin: TextIO,
    stdout: TextIO,
    language_code: str = "en",
) -> None:
    """Answer lines from stdin with the bot's handlers until end of input or "quit"."""
    request = ConsoleRequest(stdout)
    console = Console(request, language_code)
    offline = replace(settings, token=CONSOLE_TOKEN)
    app = build_application(offline, store, pipeline=pipeline, request=request, paced=False)
    async with app:
        await app.post_init(app)
        print(BANNER, file=stdout, flush=True)
        prompt = stdin.isatty()
        while True:
            if prompt:
                print("> ", end="", file=stdout, flush=True)
            raw = await asyncio.to_thread(stdin.readline)
            if not raw:  # end of input
                break
            line = raw.strip()
            if not line:
                continue
            if line.lower() in _QUIT:
                break
            data = console.update_for(line)
            if data is None:
                print(f"(no button {line}; buttons: {len(request.buttons)})\n", file=stdout)
                continue
            await app.process_update(Update.de_json(data, app.bot))
