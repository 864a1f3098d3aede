"""A local stand-in for the Telegram Bot API, served over real HTTP on 127.0.0.1.

``FakeBotApi`` runs an aiohttp server in its own thread with its own event
loop, so one instance can serve a whole pytest session (like httpx's
``server`` fixture) while each async test runs python-telegram-bot in its
own loop. Point PTB at it with::

    ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url)

It answers like Telegram where Mujaz can go wrong: complete Message objects,
entities parsed from HTML, 400 for empty, too long or badly formatted text,
for unknown chats, oversized ``callback_data`` and migrated groups, 403 for
blocked chats, 429 with ``retry_after`` under flood control, 404 for methods
it does not know. The test plays the user through ``send_text``,
``press_button``, ``send_document`` and ``my_chat_member`` and reads what the
bot did from ``messages``, ``requests`` and the ``wait_for_*`` coroutines.
Inline mode (issue 11): with ``inline_mode`` on (BotFather's /setinline),
``inline_query`` queues a query, ``answerInlineQuery`` is checked like
Telegram checks it (at most 50 results, ids of 1-64 bytes and unique, known
result types, message texts and markups as ``sendMessage`` checks them,
``next_offset`` of at most 64 bytes) and recorded in ``inline_answers``, and
``send_inline_result`` posts a chosen result into a chat.

Deliberate differences from Telegram, all on the strict side:

- a bare ``&`` or an unknown named entity (``&nbsp;``) is a "can't parse
  entities" error; Telegram leaves it as text, the Bot API docs forbid it.
- more than 100 entities is not an error (Telegram silently drops the rest):
  the fake keeps the first 100 and appends a line to ``warnings``, so a test
  can assert ``api.warnings == []``.
- edits are not rate limited; ``sendMessage`` and ``sendDocument`` are.

The bot token is never logged: aiohttp's access log is off and records keep
only method names and parameters.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout, web

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "5550001234:AAFakeMujazTestToken_0123456789abcdefXY"
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_ENTITIES = 100
MAX_CALLBACK_DATA = 64
MAX_BUTTONS = 100
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files
MAX_UPLOAD = 50 * 1024 * 1024  # sendDocument refuses bigger files

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_BOT_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_BUTTON_URL = re.compile(r"(?:https?|tg)://\S+")
_BUTTON_ACTIONS = frozenset(
    "url callback_data web_app login_url switch_inline_query "
    "switch_inline_query_current_chat switch_inline_query_chosen_chat copy_text "
    "callback_game pay".split()
)
_CHAT_ACTIONS = frozenset(
    "typing upload_photo record_video upload_video record_voice upload_voice "
    "upload_document choose_sticker find_location record_video_note upload_video_note".split()
)
# Form fields whose values are text even when they look like JSON ("123", "true").
_STRING_FIELDS = frozenset(
    "text caption parse_mode callback_query_id url description short_description name "
    "language_code action file_id document inline_message_id business_connection_id "
    "message_effect_id inline_query_id next_offset secret_token".split()
)
_DEFAULT_UPDATES = frozenset({"message", "edited_message", "callback_query", "my_chat_member"})
_DEFAULT_UPDATES |= {"inline_query", "chosen_inline_result"}  # Telegram's default has them too
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a current content and reply markup of the message"
)

T = TypeVar("T")


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Flood control: ``None`` switches a limit off. Burst = messages allowed at once."""

    private_per_second: float | None = 1.0
    private_burst: int = 4
    group_per_minute: float | None = 20.0
    group_burst: int = 3
    global_per_second: float | None = 30.0
    global_burst: int = 30


NO_RATE_LIMITS = RateLimits(None, 1, None, 1, None, 1)


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One method call the bot made, with its decoded parameters and our HTTP status."""

    method: str
    params: dict[str, Any]
    status: int
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot sent or edited, as the user would see it."""

    chat_id: int
    message_id: int
    method: str
    text: str  # visible text after HTML parsing (the caption for documents)
    raw: str  # the text parameter exactly as sent
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    disable_notification: bool
    document: tuple[str, bytes] | None = None

    @property
    def buttons(self) -> tuple[tuple[str, str], ...]:
        """Return (label, callback_data or url) for every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return tuple(
            (b["text"], b.get("callback_data") or b.get("url") or "") for row in rows for b in row
        )

    def data_for(self, label_part: str) -> str:
        """Return the callback_data of the first button whose label contains label_part."""
        for label, data in self.buttons:
            if label_part in label:
                return data
        raise KeyError(f"no button labelled {label_part!r} in {self.buttons!r}")


@dataclass(slots=True)
class _Chat:
    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    blocked: bool = False
    migrated_to: int | None = None
    last_message_id: int = 0

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or "Test"
        else:
            data["title"] = self.title or f"Group {self.id}"
        if self.username:
            data["username"] = self.username
        return data


@dataclass(slots=True)
class _Bucket:
    """A token bucket: ``rate`` tokens per second, at most ``burst`` saved up."""

    rate: float
    burst: int
    tokens: float
    stamp: float

    def wait(self, now: float) -> int:
        """Return whole seconds until one token is free (0 when one is free now)."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0 if self.tokens >= 1 else max(1, math.ceil((1 - self.tokens) / self.rate))


@dataclass(frozen=True, slots=True)
class _File:
    file_id: str
    unique_id: str
    path: str
    name: str
    content: bytes
    mime_type: str


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _at_least(items: list[T], n: int) -> list[T] | None:
    return items if len(items) >= n else None


def _chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= -1_000_000_000_000 else "group"


def _decode(name: str, value: str) -> Any:
    if name in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple]]:
    """Return the call's parameters and uploaded files, whatever the encoding."""
    params: dict[str, Any] = {k: _decode(k, v) for k, v in request.query.items()}
    files: dict[str, tuple[str, bytes, str]] = {}
    if request.content_type == "application/json":
        body = await request.read()
        params.update(json.loads(body) if body.strip() else {})
    elif request.method == "POST":
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename, value.file.read(), value.content_type)
            else:
                params[key] = _decode(key, str(value))
    return params, files


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


def _int_param(params: dict[str, Any], name: str, default: int | None = None) -> int:
    value = params.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {name} specified") from None


# ---- Telegram's HTML parse mode ---------------------------------------------

_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z_][a-zA-Z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>"
)
_ATTRIBUTE = re.compile(
    r"([a-zA-Z_][a-zA-Z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?"
)
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_BARE_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]}»'’”]")


class _ByteOffset:
    """A character index shown as Telegram's UTF-8 byte offset, computed only for errors."""

    __slots__ = ("text", "index")

    def __init__(self, text: str, index: int) -> None:
        self.text, self.index = text, index

    def __str__(self) -> str:
        return str(len(self.text[: self.index].encode("utf-8")))


class EntityError(ValueError):
    """Text that Telegram's HTML parse mode refuses; the message is Telegram's."""


def _attributes(raw: str) -> dict[str, str]:
    found = {}
    for m in _ATTRIBUTE.finditer(raw):
        value = next((v for v in m.groups()[1:] if v is not None), "")
        found[m[1].lower()] = _unescape_attribute(value)
    return found


def _unescape_attribute(value: str) -> str:
    return _HTML_ENTITY.sub(lambda m: _entity_char(m) or m.group(), value)


def _entity_char(m: re.Match[str]) -> str | None:
    if m[3]:
        return _NAMED_ENTITIES[m[3]]
    code = int(m[1]) if m[1] else int(m[2], 16)
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _check_tag(name: str, attrs: dict[str, str], where: _ByteOffset) -> None:
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityError(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
    if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
        raise EntityError(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {where}')


def _make_entity(name: str, attrs: dict[str, str], offset: int, length: int) -> dict | None:
    if length == 0 or (name == "a" and not attrs.get("href")):
        return None
    entity: dict[str, Any] = {"type": _TAG_ENTITY[name], "offset": offset, "length": length}
    if name == "a":
        entity["url"] = attrs["href"]
    elif name == "pre" and attrs.get("_language"):
        entity["language"] = attrs["_language"]
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    return entity


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Return (visible text, entities) as Telegram's HTML parse mode would, or raise EntityError.

    Offsets and lengths count UTF-16 code units; the visible text is stripped
    of surrounding whitespace like Telegram does, and bare http(s) URLs become
    ``url`` entities as Telegram detects them.
    """
    out: list[str] = []
    units = 0
    stack: list[tuple[str, dict[str, str], int]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        char = text[i]
        where = _ByteOffset(text, i)
        if char == "<":
            if end := _END_TAG.match(text, i):
                name = end[1].lower()
                if not stack:
                    raise EntityError(f"Unexpected end tag at byte offset {where}")
                open_name, attrs, start = stack.pop()
                if name != open_name:
                    raise EntityError(
                        f'Unmatched end tag at byte offset {where}, expected "</{open_name}>", '
                        f'found "</{name}>"'
                    )
                language = attrs.get("class", "").removeprefix("language-")
                if name == "code" and stack and stack[-1][0] == "pre" and language:
                    stack[-1][1]["_language"] = language  # <pre><code class=...> is one entity
                elif entity := _make_entity(name, attrs, start, units - start):
                    entities.append(entity)
                i = end.end()
                continue
            start_tag = _START_TAG.match(text, i)
            name = start_tag[1].lower() if start_tag else ""
            if name not in _TAG_ENTITY:
                raise EntityError(f'Unsupported start tag "{name}" at byte offset {where}')
            attrs = _attributes(start_tag[2])
            _check_tag(name, attrs, where)
            stack.append((name, attrs, units))
            i = start_tag.end()
            continue
        if char == "&":
            entity_match = _HTML_ENTITY.match(text, i)
            decoded = _entity_char(entity_match) if entity_match else None
            if decoded is None:
                raise EntityError(f"Unsupported HTML entity at byte offset {where}")
            char, i = decoded, entity_match.end()
        else:
            i += 1
        out.append(char)
        units += _utf16(char)
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return _strip("".join(out), entities)


def _strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    lead = _utf16(text[: len(text) - len(text.lstrip())])
    text = text.strip()
    total = _utf16(text)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    covered = [
        (e["offset"], e["offset"] + e["length"])
        for e in kept
        if e["type"] in ("text_link", "code", "pre")
    ]
    for m in _BARE_URL.finditer(text):
        start = _utf16(text[: m.start()])
        end = start + _utf16(m.group())
        if not any(a < end and start < b for a, b in covered):
            kept.append({"type": "url", "offset": start, "length": end - start})
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return text, kept


# ---- inline mode (issue 11) -------------------------------------------------

MAX_INLINE_RESULTS = 50
MAX_RESULT_ID = 64  # bytes
MAX_NEXT_OFFSET = 64  # bytes
MAX_INLINE_QUERY = 256  # characters a user can type after @bot
_RESULT_TYPES = frozenset(
    "article photo gif mpeg4_gif video audio voice document location venue contact game "
    "sticker".split()
)
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@dataclass(frozen=True, slots=True)
class InlineAnswer:
    """An accepted answerInlineQuery: the results as sent, and how Telegram may cache them."""

    query_id: str
    results: tuple[dict[str, Any], ...]
    next_offset: str
    cache_time: int
    is_personal: bool
    button: dict[str, Any] | None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(r["id"]) for r in self.results)

    def result(self, result_id: str) -> dict[str, Any]:
        """Return the result with that id; KeyError when the answer has none."""
        for found in self.results:
            if str(found["id"]) == result_id:
                return found
        raise KeyError(f"no result {result_id!r} in {self.ids!r}")


class FakeBotApi:
    """The Bot API stand-in; ``start()`` it once, ``reset()`` it between tests."""

    def __init__(self, *, token: str = DEFAULT_TOKEN, port: int = 0) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Mujaz Test",
            "username": "mujaz_test_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.port = port
        # The flood-control clock; a test may freeze it (e.g. ``lambda: 0.0``).
        self.clock: Callable[[], float] = time.monotonic
        self._lock = threading.RLock()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._poll_generation = 0
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, tuple[str, Callable[[dict, dict], Any] | None]] = {
            name.lower(): (name, handler)
            for name, handler in (
                ("getMe", lambda p, f: self.bot_user),
                ("getUpdates", None),  # async: answered by _get_updates
                ("logOut", lambda p, f: True),
                ("close", lambda p, f: True),
                ("deleteWebhook", self._delete_webhook),
                ("getWebhookInfo", self._webhook_info),
                ("setWebhook", self._set_webhook),
                ("sendMessage", self._send_message),
                ("editMessageText", self._edit_message_text),
                ("editMessageReplyMarkup", self._edit_reply_markup),
                ("deleteMessage", self._delete_message),
                ("answerCallbackQuery", self._answer_callback_query),
                ("setMyCommands", self._set_my_commands),
                ("getMyCommands", self._get_my_commands),
                ("deleteMyCommands", self._delete_my_commands),
                ("sendChatAction", self._send_chat_action),
                ("sendDocument", self._send_document),
                ("getFile", self._get_file),
                ("getChatMember", self._get_chat_member),
                ("getChatAdministrators", self._get_chat_administrators),
                ("answerInlineQuery", self._answer_inline_query),  # issue 11
            )
        }
        self.reset()

    # ---- lifecycle -------------------------------------------------------

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root}/file/bot"

    def start(self) -> FakeBotApi:
        """Serve on 127.0.0.1 from a background thread; return self once listening."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        ready = threading.Event()
        failure: list[BaseException] = []
        self._closing = False
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._serve(sock, ready, failure)),
            name="fake-bot-api",
            daemon=True,
        )
        self._thread.start()
        if not ready.wait(10) or failure:
            raise RuntimeError("fake Bot API did not start") from (failure or [None])[0]
        return self

    def stop(self) -> None:
        """Answer pending long polls with no updates, then shut the server down."""
        if self._thread is None or self._loop is None or self._stopped is None:
            return
        with self._lock:
            self._closing = True
            self._changed()
        self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(10)
        self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> FakeBotApi:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.to_thread(self.stop)

    async def _serve(self, sock: socket.socket, ready: threading.Event, failure: list) -> None:
        try:
            self._loop = asyncio.get_running_loop()
            self._stopped = asyncio.Event()
            app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
            app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
            app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
            app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
            # No access log: request lines carry the token. Handler cancellation
            # ends a long poll as soon as its client hangs up.
            runner = web.AppRunner(
                app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
            )
            await runner.setup()
            await web.SockSite(runner, sock).start()
        except BaseException as exc:  # reported to start() in the caller's thread
            failure.append(exc)
            ready.set()
            raise
        ready.set()
        try:
            await self._stopped.wait()
        finally:
            await runner.cleanup()

    # ---- state shared by both threads -----------------------------------

    def reset(self) -> None:
        """Forget chats, messages, calls, files and warnings; restore default limits."""
        with self._lock:
            self._chats: dict[int, _Chat] = {}
            self._updates: list[dict[str, Any]] = []
            self._bot_messages: dict[tuple[int, int], dict[str, Any]] = {}
            self._sent: list[SentMessage] = []
            self._edits: list[SentMessage] = []
            self._requests: list[ApiCall] = []
            self._files: dict[str, _File] = {}
            self._queries: dict[str, dict[str, Any] | None] = {}
            self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
            self._warnings: list[str] = []
            self._buckets: dict[int | None, _Bucket] = {}
            self._limits = RateLimits()
            self._admins: dict[int, tuple[int, ...]] = {}
            self.clock = time.monotonic
            self._reset_inline()  # issue 11
            self._reset_webhook()  # issue 13
            self._changed()

    def _changed(self) -> None:
        """Wake every waiter (in any thread's loop); call with the lock held."""
        for waiter in list(self._waiters):
            loop, event = waiter
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop is closed: its test is over
                self._waiters.discard(waiter)

    async def _wait_until(self, predicate: Callable[[], T | None], timeout: float) -> T | None:
        """Return predicate()'s first non-None value, or None after timeout seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = asyncio.Event()
            waiter = (loop, event)
            with self._lock:
                result = predicate()
                if result is not None:
                    return result
                self._waiters.add(waiter)
            try:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
            finally:
                with self._lock:
                    self._waiters.discard(waiter)

    @property
    def rate_limits(self) -> RateLimits:
        return self._limits

    @rate_limits.setter
    def rate_limits(self, limits: RateLimits) -> None:
        with self._lock:
            self._limits = limits
            self._buckets.clear()

    @property
    def requests(self) -> list[ApiCall]:
        """Every method call so far (getUpdates included), oldest first."""
        with self._lock:
            return list(self._requests)

    def calls(self, method: str) -> list[ApiCall]:
        """Return the recorded calls of one method (any spelling case)."""
        return [c for c in self.requests if c.method.lower() == method.lower()]

    @property
    def warnings(self) -> list[str]:
        with self._lock:
            return list(self._warnings)

    @property
    def callback_answers(self) -> dict[str, dict[str, Any] | None]:
        """Callback query id -> answerCallbackQuery params, None while unanswered."""
        with self._lock:
            return dict(self._queries)

    def messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """Return the messages the bot sent (to one chat), oldest first."""
        with self._lock:
            return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def edits(self, chat_id: int | None = None) -> list[SentMessage]:
        """Return the bot's edits (to one chat), oldest first."""
        with self._lock:
            return [m for m in self._edits if chat_id is None or m.chat_id == chat_id]

    def commands(self, language_code: str = "", scope: dict | None = None) -> list[dict]:
        """Return the command list the bot set for a scope and language."""
        with self._lock:
            return list(self._commands.get(self._commands_key(scope, language_code), []))

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:
        """Return predicate()'s first non-None value; AssertionError after timeout."""
        result = await self._wait_until(predicate, timeout)
        if result is None:
            raise AssertionError(f"fake Bot API: condition not met within {timeout}s")
        return result

    async def wait_for_messages(
        self, chat_id: int, n: int = 1, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Return all messages sent to chat_id once there are at least n."""
        found = await self._wait_until(lambda: _at_least(self.messages(chat_id), n), timeout)
        if found is None:
            got = [m.text[:80] for m in self.messages(chat_id)]
            raise AssertionError(f"expected {n} message(s) to chat {chat_id}, got {got}")
        return found

    async def wait_for_edits(
        self, chat_id: int, n: int = 1, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Return all edits in chat_id once there are at least n."""
        found = await self._wait_until(lambda: _at_least(self.edits(chat_id), n), timeout)
        if found is None:
            raise AssertionError(f"expected {n} edit(s) in chat {chat_id} within {timeout}s")
        return found

    async def wait_for_calls(self, method: str, n: int = 1, timeout: float = 5.0) -> list[ApiCall]:
        """Return all calls of method once there are at least n."""
        found = await self._wait_until(lambda: _at_least(self.calls(method), n), timeout)
        if found is None:
            raise AssertionError(f"expected {n} {method} call(s) within {timeout}s")
        return found

    # ---- the test plays the user ----------------------------------------

    def register_chat(
        self,
        chat_id: int,
        *,
        type: str | None = None,
        title: str | None = None,
        first_name: str = "Test",
        username: str | None = None,
    ) -> None:
        """Make chat_id known to the bot without any update (e.g. a stored subscriber)."""
        with self._lock:
            self._chat(chat_id, type=type, title=title, first_name=first_name, username=username)

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user: int | None = None,
        language_code: str = "ar",
        first_name: str = "Test",
    ) -> int:
        """Queue a text message from the user; return its message_id."""
        message: dict[str, Any] = {"text": text}
        if command := _COMMAND.match(text):
            length = _utf16(command.group())
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._user_message(chat_id, message, user, language_code, first_name)

    def send_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        user: int | None = None,
        language_code: str = "ar",
    ) -> int:
        """Queue a document message from the user (getFile serves it); return its id."""
        with self._lock:
            file = self._add_file(file_name, content, mime_type)
        message: dict[str, Any] = {"document": self._document_json(file)}
        if caption:
            message["caption"] = caption
        return self._user_message(chat_id, message, user, language_code, "Test")

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user: int | None = None,
        language_code: str = "ar",
        check: bool = True,
    ) -> str:
        """Queue a callback_query for a bot message's button; return the query id.

        With ``check`` the message must carry a button with that data, as a real
        user can only press what is on screen.
        """
        with self._lock:
            message = self._bot_messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"the bot sent no message {message_id} to chat {chat_id}")
            datas = [
                b.get("callback_data")
                for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                for b in row
            ]
            if check and callback_data not in datas:
                raise ValueError(f"no button with data {callback_data!r}; buttons: {datas}")
            query_id = str(4_000_000_000 + next(self._ids))
            self._queries[query_id] = None
            chat = self._chats[chat_id]
            self._enqueue(
                "callback_query",
                {
                    "id": query_id,
                    "from": self._user_json(chat, user, language_code, "Test"),
                    "message": message,
                    "chat_instance": str(abs(chat_id) * 7919),
                    "data": callback_data,
                },
            )
            return query_id

    def my_chat_member(self, chat_id: int, status: str, *, user: int | None = None) -> None:
        """Queue a my_chat_member update; "kicked"/"left" block the chat, others unblock."""
        with self._lock:
            chat = self._chat(chat_id)
            old = "kicked" if chat.blocked else "member"
            chat.blocked = status in ("kicked", "left")
            bot = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
            self._enqueue(
                "my_chat_member",
                {
                    "chat": chat.as_json(),
                    "from": self._user_json(chat, user, "ar", "Test"),
                    "date": int(time.time()),
                    "old_chat_member": self._member_json(bot, old),
                    "new_chat_member": self._member_json(bot, status),
                },
            )

    def block(self, chat_id: int) -> None:
        """Make sends to chat_id fail with 403 (no update; see my_chat_member)."""
        with self._lock:
            self._chat(chat_id).blocked = True

    def unblock(self, chat_id: int) -> None:
        with self._lock:
            self._chat(chat_id).blocked = False

    def set_admins(self, chat_id: int, user_ids: tuple[int, ...] | list[int]) -> None:
        """Make user_ids the administrators of group chat_id (the first is its creator)."""
        with self._lock:
            self._chat(chat_id)
            self._admins[chat_id] = tuple(user_ids)

    def migrate(self, chat_id: int, new_id: int) -> None:
        """Mark a group upgraded to supergroup new_id; sends to the old id get 400."""
        with self._lock:
            old = self._chat(chat_id)
            old.migrated_to = new_id
            self._chat(new_id, type="supergroup", title=old.title)

    # ---- HTTP ------------------------------------------------------------

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return _error(404, "Not Found")

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(404, "Not Found")
        with self._lock:
            file = next(
                (f for f in self._files.values() if f.path == request.match_info["path"]), None
            )
        if file is None:
            return _error(404, "Not Found")
        return web.Response(body=file.content, content_type="application/octet-stream")

    async def _handle_method(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        if not _TOKEN.fullmatch(token):
            return _error(404, "Not Found")
        if token != self.token:
            return _error(401, "Unauthorized")
        try:
            params, files = await _read_params(request)
        except ValueError:
            return _error(400, "Bad Request: can't parse JSON object")
        name, handler = self._methods.get(method.lower(), (method, None))
        try:
            if name.lower() not in self._methods:
                raise ApiError(404, "Not Found")
            if name == "getUpdates":
                result = await self._get_updates(params)
            else:
                with self._lock:
                    result = handler(params, files)
        except ApiError as exc:
            self._record(name, params, files, exc.code)
            logger.debug("fake Bot API: %s -> %s %s", name, exc.code, exc.description)
            return _error(exc.code, exc.description, exc.parameters)
        self._record(name, params, files, 200)
        logger.debug("fake Bot API: %s -> 200", name)
        return web.json_response({"ok": True, "result": result})

    def _record(self, method: str, params: dict, files: dict, status: int) -> None:
        with self._lock:
            self._requests.append(ApiCall(method, params, status, tuple(files)))
            self._changed()

    # ---- updates ---------------------------------------------------------

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> None:
        self._updates.append({"update_id": next(self._update_ids), kind: payload})
        self._changed()

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _int_param(params, "offset", 0)
        limit = min(max(_int_param(params, "limit", 100), 1), 100)
        timeout = max(0.0, float(params.get("timeout") or 0))
        allowed = frozenset(params.get("allowed_updates") or _DEFAULT_UPDATES)
        if self._webhook is not None:
            raise ApiError(409, _WEBHOOK_ACTIVE)
        with self._lock:
            self._poll_generation += 1
            generation = self._poll_generation
            if offset < 0:
                del self._updates[:offset]
            elif offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._changed()

        def ready() -> list[dict[str, Any]] | None:
            if generation != self._poll_generation:
                raise ApiError(409, _CONFLICT)
            batch = [u for u in self._updates if allowed & u.keys()][:limit]
            return batch if batch or self._closing else None

        return await self._wait_until(ready, timeout) or []

    # ---- chats and messages ---------------------------------------------

    def _chat(self, chat_id: int, **details: Any) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            kind = details.get("type") or _chat_type(chat_id)
            chat = _Chat(chat_id, kind)
            self._chats[chat_id] = chat
        for key in ("title", "first_name", "username"):
            if details.get(key):
                setattr(chat, key, details[key])
        return chat

    def _user_json(self, chat: _Chat, user: int | None, language: str, name: str) -> dict:
        uid = user if user is not None else (chat.id if chat.type == "private" else 1_000_001)
        return {"id": uid, "is_bot": False, "first_name": name, "language_code": language}

    @staticmethod
    def _member_json(bot: dict[str, Any], status: str) -> dict[str, Any]:
        member: dict[str, Any] = {"user": bot, "status": status}
        if status == "kicked":
            member["until_date"] = 0
        if status == "restricted":
            member.update({"is_member": True, "until_date": 0})
        return member

    def _user_message(
        self, chat_id: int, body: dict, user: int | None, language: str, first_name: str
    ) -> int:
        with self._lock:
            chat = self._chat(chat_id, first_name=first_name)
            chat.last_message_id += 1
            message = {
                "message_id": chat.last_message_id,
                "date": int(time.time()),
                "chat": chat.as_json(),
                "from": self._user_json(chat, user, language, first_name),
                **body,
            }
            self._enqueue("message", message)
            return chat.last_message_id

    def _target(self, params: dict[str, Any]) -> _Chat:
        """Return the chat a call addresses, or raise Telegram's error for it."""
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            chat = next((c for c in self._chats.values() if c.username == chat_id[1:]), None)
        else:
            try:
                chat = self._chats.get(int(chat_id))
            except (TypeError, ValueError):
                chat = None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.blocked:
            raise ApiError(403, self._forbidden(chat))
        return chat

    @staticmethod
    def _forbidden(chat: _Chat) -> str:
        if chat.type == "private":
            return "Forbidden: bot was blocked by the user"
        return f"Forbidden: bot was kicked from the {chat.type} chat"

    def _throttle(self, chat: _Chat) -> None:
        """Raise 429 when chat or everyone is over the limit; else spend one token each."""
        limits, now = self._limits, self.clock()
        if chat.type == "private":
            per_second, burst = limits.private_per_second, limits.private_burst
        else:
            per_minute = limits.group_per_minute
            per_second, burst = (per_minute / 60 if per_minute else None), limits.group_burst
        buckets = []
        for key, rate, size in (
            (chat.id, per_second, burst),
            (None, limits.global_per_second, limits.global_burst),
        ):
            if rate:
                bucket = self._buckets.setdefault(key, _Bucket(rate, size, size, now))
                buckets.append(bucket)
        wait = max((b.wait(now) for b in buckets), default=0)
        if wait:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        for bucket in buckets:
            bucket.tokens -= 1

    def _format(
        self, text: str, parse_mode: str | None, limit: int, what: str
    ) -> tuple[str, list[dict[str, Any]]]:
        """Return visible text and entities, or raise the 400 Telegram would.

        ``what`` is "message" or "message caption", as in Telegram's errors.
        """
        mode = (parse_mode or "").lower()
        if mode == "html":
            try:
                plain, entities = parse_html(text)
            except EntityError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        elif mode in ("", "markdown", "markdownv2"):
            if mode:
                self._warnings.append(f"{parse_mode} text was not validated by the fake")
            plain, entities = _strip(text, [])
        else:
            raise ApiError(400, "Bad Request: unsupported parse_mode")
        if not plain and what == "message":
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16(plain) > limit:
            raise ApiError(400, f"Bad Request: {what} is too long")
        if len(entities) > MAX_ENTITIES:
            self._warnings.append(
                f"{len(entities)} entities in one {what}; Telegram ignores all after {MAX_ENTITIES}"
            )
            entities = entities[:MAX_ENTITIES]
        return plain, entities

    def _markup(self, markup: Any) -> dict[str, Any] | None:
        """Return a validated reply_markup, or raise the 400 Telegram would."""
        if markup in (None, ""):
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup  # reply keyboards, ForceReply, ReplyKeyboardRemove
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: can't parse inline keyboard button")
        if sum(len(r) for r in rows) > MAX_BUTTONS:
            raise ApiError(400, "Bad Request: reply markup is too long")
        for button in (b for r in rows for b in r):
            self._check_button(button)
        return markup

    @staticmethod
    def _check_button(button: Any) -> None:
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
        actions = _BUTTON_ACTIONS & button.keys()
        if len(actions) != 1:
            raise ApiError(
                400,
                "Bad Request: can't parse inline keyboard button: "
                "Text buttons are unallowed in the inline keyboard",
            )
        if "callback_data" in button:
            size = len(str(button["callback_data"]).encode("utf-8"))
            if not 1 <= size <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        if "url" in button and not _BUTTON_URL.fullmatch(str(button["url"])):
            raise ApiError(
                400,
                f"Bad Request: inline keyboard button URL '{button['url']}' is invalid: "
                "Wrong HTTP URL",
            )

    def _bot_message(self, chat: _Chat, body: dict[str, Any], markup: dict | None) -> dict:
        chat.last_message_id += 1
        message = {
            "message_id": chat.last_message_id,
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")},
            **{k: v for k, v in body.items() if v},
        }
        if markup:
            message["reply_markup"] = markup
        self._bot_messages[(chat.id, chat.last_message_id)] = message
        return message

    def _record_message(
        self, store: list[SentMessage], method: str, message: dict, params: dict, **extra: Any
    ) -> None:
        store.append(
            SentMessage(
                chat_id=message["chat"]["id"],
                message_id=message["message_id"],
                method=method,
                text=message.get("text", message.get("caption", "")),
                raw=str(params.get("text", params.get("caption", ""))),
                parse_mode=params.get("parse_mode"),
                entities=tuple(message.get("entities", message.get("caption_entities", ()))),
                reply_markup=message.get("reply_markup"),
                disable_notification=bool(params.get("disable_notification", False)),
                **extra,
            )
        )
        self._changed()

    # ---- methods ---------------------------------------------------------

    def _send_message(self, params: dict, files: dict) -> dict[str, Any]:
        chat = self._target(params)
        if params.get("text") in (None, ""):
            raise ApiError(400, "Bad Request: message text is empty")
        text, entities = self._format(
            str(params["text"]), params.get("parse_mode"), MAX_TEXT, "message"
        )
        markup = self._markup(params.get("reply_markup"))
        self._throttle(chat)
        message = self._bot_message(chat, {"text": text, "entities": entities}, markup)
        self._record_message(self._sent, "sendMessage", message, params)
        return message

    def _edited(self, params: dict) -> tuple[_Chat, dict[str, Any]]:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported by the fake")
        chat = self._target(params)
        message_id = _int_param(params, "message_id")
        message = self._bot_messages.get((chat.id, message_id))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return chat, message

    def _edit_message_text(self, params: dict, files: dict) -> dict[str, Any]:
        chat, message = self._edited(params)
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if params.get("text") in (None, ""):
            raise ApiError(400, "Bad Request: message text is empty")
        text, entities = self._format(
            str(params["text"]), params.get("parse_mode"), MAX_TEXT, "message"
        )
        markup = self._markup(params.get("reply_markup"))
        new = {k: v for k, v in message.items() if k not in ("entities", "reply_markup")}
        new.update({"text": text, "edit_date": int(time.time())})
        if entities:
            new["entities"] = entities
        if markup:
            new["reply_markup"] = markup
        return self._replace(chat, message, new, params, "editMessageText")

    def _edit_reply_markup(self, params: dict, files: dict) -> dict[str, Any]:
        chat, message = self._edited(params)
        markup = self._markup(params.get("reply_markup"))
        new = {k: v for k, v in message.items() if k != "reply_markup"}
        new["edit_date"] = int(time.time())
        if markup:
            new["reply_markup"] = markup
        return self._replace(chat, message, new, params, "editMessageReplyMarkup")

    def _replace(
        self, chat: _Chat, old: dict, new: dict, params: dict, method: str
    ) -> dict[str, Any]:
        same = ("text", "entities", "caption", "reply_markup")
        if all(old.get(k) == new.get(k) for k in same):
            raise ApiError(400, _NOT_MODIFIED)
        self._bot_messages[(chat.id, new["message_id"])] = new
        self._record_message(self._edits, method, new, {**params, "text": new.get("text", "")})
        return new

    def _delete_message(self, params: dict, files: dict) -> bool:
        chat = self._target(params)
        if self._bot_messages.pop((chat.id, _int_param(params, "message_id")), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _answer_callback_query(self, params: dict, files: dict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._queries or self._queries[query_id] is not None:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(str(params.get("text", ""))) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._queries[query_id] = dict(params)
        return True

    @staticmethod
    def _commands_key(scope: dict | None, language_code: str | None) -> tuple[str, str]:
        return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code or ""

    def _set_my_commands(self, params: dict, files: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not _BOT_COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = [dict(c) for c in commands]
        return True

    def _get_my_commands(self, params: dict, files: dict) -> list[dict[str, str]]:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        return self._commands.get(key, [])

    def _delete_my_commands(self, params: dict, files: dict) -> bool:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    def _send_chat_action(self, params: dict, files: dict) -> bool:
        self._target(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _add_file(self, name: str, content: bytes, mime_type: str) -> _File:
        number = next(self._ids)
        suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
        file = _File(
            file_id=f"BQACAgIAAx{number:08d}",
            unique_id=f"AgAD{number:06d}",
            path=f"documents/file_{number}.{suffix}",
            name=name,
            content=content,
            mime_type=mime_type,
        )
        self._files[file.file_id] = file
        return file

    @staticmethod
    def _document_json(file: _File) -> dict[str, Any]:
        return {
            "file_id": file.file_id,
            "file_unique_id": file.unique_id,
            "file_name": file.name,
            "mime_type": file.mime_type,
            "file_size": len(file.content),
        }

    def _send_document(self, params: dict, files: dict) -> dict[str, Any]:
        chat = self._target(params)
        if "document" in files:
            name, content, mime = files["document"]
            if len(content) > MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            file = self._add_file(name or "document", content, mime or "application/octet-stream")
        elif str(params.get("document", "")) in self._files:
            file = self._files[str(params["document"])]
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption, entities = "", []
        if params.get("caption"):
            caption, entities = self._format(
                str(params["caption"]), params.get("parse_mode"), MAX_CAPTION, "message caption"
            )
        markup = self._markup(params.get("reply_markup"))
        self._throttle(chat)
        body = {
            "document": self._document_json(file),
            "caption": caption,
            "caption_entities": entities,
        }
        message = self._bot_message(chat, body, markup)
        self._record_message(
            self._sent, "sendDocument", message, params, document=(file.name, file.content)
        )
        return message

    # ---- chat members (who may change a group's settings) ------------------

    def _admin_json(self, chat_id: int, user_id: int) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": "Test"}
        admins = self._admins.get(chat_id, ())
        if chat_id > 0 and user_id == chat_id:
            return {"user": user, "status": "member"}  # a private chat: the user
        if user_id not in admins:
            return {"user": user, "status": "member"}
        if user_id == admins[0]:
            return {"user": user, "status": "creator", "is_anonymous": False}
        rights = (
            "can_be_edited can_manage_chat can_delete_messages can_manage_video_chats "
            "can_restrict_members can_promote_members can_change_info can_invite_users "
            "can_post_stories can_edit_stories can_delete_stories"
        ).split()
        return {"user": user, "status": "administrator", "is_anonymous": False} | {
            r: r != "can_be_edited" for r in rights
        }

    def _get_chat_member(self, params: dict, files: dict) -> dict[str, Any]:
        chat = self._target(params)
        return self._admin_json(chat.id, _int_param(params, "user_id"))

    def _get_chat_administrators(self, params: dict, files: dict) -> list[dict[str, Any]]:
        chat = self._target(params)
        if chat.type == "private":
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        return [self._admin_json(chat.id, u) for u in self._admins.get(chat.id, ())]

    def _get_file(self, params: dict, files: dict) -> dict[str, Any]:
        file = self._files.get(str(params.get("file_id", "")))
        if file is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(file.content) > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file.file_id,
            "file_unique_id": file.unique_id,
            "file_size": len(file.content),
            "file_path": file.path,
        }

    # ---- inline mode (issue 11) -------------------------------------------

    def _reset_inline(self) -> None:
        self._inline_queries: dict[str, dict[str, Any]] = {}
        self._inline_answers: dict[str, InlineAnswer | None] = {}
        self._inline_sent: list[SentMessage] = []
        self.bot_user["supports_inline_queries"] = False

    @property
    def inline_mode(self) -> bool:
        """Whether the bot has inline mode (getMe's supports_inline_queries); off after reset()."""
        return bool(self.bot_user["supports_inline_queries"])

    @inline_mode.setter
    def inline_mode(self, on: bool) -> None:
        with self._lock:
            self.bot_user["supports_inline_queries"] = bool(on)

    @property
    def inline_answers(self) -> dict[str, InlineAnswer | None]:
        """Inline query id -> the accepted answer, None while unanswered."""
        with self._lock:
            return dict(self._inline_answers)

    def inline_messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """Return the messages users sent through the bot's inline results, oldest first."""
        with self._lock:
            return [m for m in self._inline_sent if chat_id is None or m.chat_id == chat_id]

    def inline_query(
        self,
        query: str,
        *,
        user: int = 700_001,
        language_code: str | None = "ar",
        offset: str = "",
        chat_type: str = "private",
    ) -> str:
        """Queue an inline query ("@bot query" typed by user); return its id.

        ``language_code=None`` leaves it out, as Telegram does for some users.
        """
        if not self.inline_mode:
            raise ValueError("inline mode is off for this bot (BotFather: /setinline)")
        if len(query) > MAX_INLINE_QUERY:
            raise ValueError(f"Telegram lets a user type at most {MAX_INLINE_QUERY} characters")
        sender: dict[str, Any] = {"id": user, "is_bot": False, "first_name": "Test"}
        if language_code is not None:
            sender["language_code"] = language_code
        with self._lock:
            query_id = str(5_000_000_000 + next(self._ids))
            payload = {
                "id": query_id,
                "from": sender,
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
            self._inline_queries[query_id] = payload
            self._inline_answers[query_id] = None
            self._enqueue("inline_query", payload)
            return query_id

    async def wait_for_inline_answer(self, query_id: str, timeout: float = 5.0) -> InlineAnswer:
        """Return the accepted answer to an inline query once the bot gave it."""

        def answered() -> InlineAnswer | None:
            # The answer is stored inside the handler, its call recorded just after:
            # wait for both, so a test reading calls() right away sees the 200.
            recorded = any(
                c.method == "answerInlineQuery"
                and c.status == 200
                and str(c.params.get("inline_query_id")) == query_id
                for c in self.calls("answerInlineQuery")
            )
            return self.inline_answers.get(query_id) if recorded else None

        found = await self._wait_until(answered, timeout)
        if found is None:
            refused = [c.status for c in self.calls("answerInlineQuery") if c.status >= 400]
            raise AssertionError(f"inline query {query_id} not answered; refused: {refused}")
        return found

    def send_inline_result(
        self, query_id: str, result_id: str, chat_id: int, *, feedback: bool = False
    ) -> SentMessage:
        """Post a result of an answered query into chat_id, as the user who typed the query.

        The message shows "via @bot" (``via_bot``) and carries the result's
        markup. ``feedback`` also queues chosen_inline_result (BotFather's
        /setinlinefeedback).
        """
        with self._lock:
            answer = self._inline_answers.get(query_id)
            if answer is None:
                raise ValueError(f"inline query {query_id} has no accepted answer")
            result = answer.result(result_id)
            content = result.get("input_message_content") or {}
            text, entities = self._format(
                str(content["message_text"]), content.get("parse_mode"), MAX_TEXT, "message"
            )
            query = self._inline_queries[query_id]
            chat = self._chat(chat_id)
            chat.last_message_id += 1
            via = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
            message = {
                "message_id": chat.last_message_id,
                "date": int(time.time()),
                "chat": chat.as_json(),
                "from": query["from"],
                "via_bot": via,
                "text": text,
                **({"entities": entities} if entities else {}),
                **({"reply_markup": result["reply_markup"]} if result.get("reply_markup") else {}),
            }
            params = {"text": content["message_text"], "parse_mode": content.get("parse_mode")}
            self._record_message(self._inline_sent, "inlineResult", message, params)
            if feedback:
                chosen = {"result_id": result_id, "from": query["from"], "query": query["query"]}
                self._enqueue("chosen_inline_result", chosen)
            return self._inline_sent[-1]

    def _answer_inline_query(self, params: dict, files: dict) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        if query_id not in self._inline_answers or self._inline_answers[query_id] is not None:
            raise ApiError(400, _QUERY_INVALID)
        results = params.get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            result_id = self._check_inline_result(result)
            if result_id in seen:
                raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
            seen.add(result_id)
        next_offset = str(params.get("next_offset") or "")
        if len(next_offset.encode("utf-8")) > MAX_NEXT_OFFSET:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        cache_time = _int_param(params, "cache_time", 300)
        if cache_time < 0:
            raise ApiError(400, "Bad Request: invalid cache_time specified")
        button = self._check_results_button(params.get("button"))
        self._inline_answers[query_id] = InlineAnswer(
            query_id=query_id,
            results=tuple(results),
            next_offset=next_offset,
            cache_time=cache_time,
            is_personal=bool(params.get("is_personal", False)),
            button=button,
        )
        self._changed()
        return True

    def _check_inline_result(self, result: dict[str, Any]) -> str:
        """Return the result's id, or raise the 400 Telegram would for the result."""
        if result.get("type") not in _RESULT_TYPES:
            raise ApiError(400, "Bad Request: RESULT_TYPE_INVALID")
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_RESULT_ID:
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        if result["type"] == "article":
            if not str(result.get("title", "")).strip():
                raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            if not isinstance(result.get("input_message_content"), dict):
                raise ApiError(400, "Bad Request: SEND_MESSAGE_MEDIA_INVALID")
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            self._check_inline_text(content)
        self._markup(result.get("reply_markup"))
        return result_id

    def _check_inline_text(self, content: dict[str, Any]) -> None:
        """Check a result's message as sendMessage checks its text (HTML, 1-4096 characters)."""
        raw = str(content.get("message_text") or "")
        if not raw:
            raise ApiError(400, "Bad Request: MESSAGE_EMPTY")
        # The entity and HTML checks of sendMessage; the length is Telegram's inline wording.
        plain, _ = self._format(raw, content.get("parse_mode"), math.inf, "message")
        if not plain.strip():
            raise ApiError(400, "Bad Request: MESSAGE_EMPTY")
        if _utf16(plain) > MAX_TEXT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")

    @staticmethod
    def _check_results_button(button: Any) -> dict[str, Any] | None:
        if button in (None, ""):
            return None
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
        kinds = {"web_app", "start_parameter"} & button.keys()
        if len(kinds) != 1:
            raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
        if "start_parameter" in button and not _START_PARAMETER.fullmatch(
            str(button["start_parameter"])
        ):
            raise ApiError(400, "Bad Request: START_PARAM_INVALID")
        return button

    # ---- webhook (issue 13) ----------------------------------------------
    #
    # setWebhook records the URL and secret token; from then on getUpdates is a
    # 409 (as on Telegram) and a task in the server's loop POSTs each queued
    # update to the URL with the X-Telegram-Bot-Api-Secret-Token header, one at
    # a time, dropping it from the queue on a 2xx and retrying it after
    # WEBHOOK_RETRY seconds otherwise. Deliberate difference: Telegram wants
    # https on ports 80, 88, 443 or 8443; the stand-in also takes plain http to
    # 127.0.0.1 or localhost on any port, because it posts to a test's server.

    @property
    def webhook(self) -> Webhook | None:
        """The webhook set by the bot (None while it polls)."""
        with self._lock:
            return self._webhook

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every POST of an update to the webhook, in order, with the HTTP status it got."""
        with self._lock:
            return list(self._deliveries)

    async def wait_for_webhook(self, timeout: float = 10.0) -> Webhook:
        """Return the webhook once the bot has set one; fail after timeout seconds."""
        return await self.wait_for(lambda: self._webhook, timeout)

    async def wait_for_deliveries(
        self, update_id: int, timeout: float = 5.0
    ) -> list[WebhookDelivery]:
        """Return the deliveries of one update once it was delivered (a 2xx) or gave up."""
        return await self.wait_for(
            lambda: (
                [d for d in self._deliveries if d.update_id == update_id]
                if any(d.update_id == update_id and d.ok for d in self._deliveries)
                else None
            ),
            timeout,
        )

    def _reset_webhook(self) -> None:
        self._webhook: Webhook | None = None
        self._deliveries: list[WebhookDelivery] = []
        self._webhook_error: tuple[int, str] | None = None
        if not hasattr(self, "_delivering"):
            self._delivering: asyncio.Task | None = None

    def _set_webhook(self, params: dict, files: dict) -> bool:
        url = str(params.get("url") or "")
        if not url:  # Telegram: an empty URL removes the webhook
            return self._delete_webhook(params, files)
        parts = urlsplit(url)
        local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")
        if parts.scheme != "https" and not local:
            raise ApiError(400, f"{_BAD_WEBHOOK} An HTTPS URL must be provided for webhook")
        if not local and (parts.port or 443) not in (80, 88, 443, 8443):
            raise ApiError(
                400, f"{_BAD_WEBHOOK} Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        allowed = params.get("allowed_updates") or sorted(_DEFAULT_UPDATES)
        self._webhook = Webhook(url, None if secret is None else str(secret), tuple(allowed))
        self._webhook_error = None
        if self._delivering is None or self._delivering.done():
            self._delivering = asyncio.get_running_loop().create_task(self._deliver())
        self._changed()
        return True

    def _delete_webhook(self, params: dict, files: dict) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._changed()
        return True

    def _webhook_info(self, params: dict, files: dict) -> dict[str, Any]:
        hook = self._webhook
        info: dict[str, Any] = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if hook is not None:
            info.update(max_connections=40, allowed_updates=list(hook.allowed_updates))
        if self._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    def _next_delivery(self) -> tuple[Webhook | None, dict[str, Any] | None] | None:
        """Return (webhook, update) to POST next, (None, None) when closing, else None."""
        if self._closing:
            return None, None
        hook = self._webhook
        if hook is None:
            return None
        allowed = frozenset(hook.allowed_updates)
        update = next((u for u in self._updates if allowed & u.keys()), None)
        return (hook, update) if update is not None else None

    async def _deliver(self) -> None:
        """POST queued updates to the webhook, one at a time, until the server stops."""
        timeout = ClientTimeout(total=WEBHOOK_TIMEOUT)
        async with ClientSession(timeout=timeout) as session:
            while True:
                found = await self._wait_until(self._next_delivery, timeout=1.0)
                if found is None:
                    continue
                hook, update = found
                if hook is None or update is None:
                    return
                status, error = await self._post_update(session, hook, update)
                with self._lock:
                    self._deliveries.append(WebhookDelivery(update["update_id"], hook.url, status))
                    if 200 <= status < 300:
                        self._updates = [
                            u for u in self._updates if u["update_id"] != update["update_id"]
                        ]
                    else:
                        self._webhook_error = (int(time.time()), error)
                    self._changed()
                if not 200 <= status < 300:
                    await asyncio.sleep(WEBHOOK_RETRY)

    @staticmethod
    async def _post_update(
        session: ClientSession, hook: Webhook, update: dict[str, Any]
    ) -> tuple[int, str]:
        """Return the HTTP status of one POST (0 when nothing answered) and Telegram's error."""
        headers = {} if hook.secret_token is None else {SECRET_HEADER: hook.secret_token}
        try:
            async with session.post(hook.url, json=update, headers=headers) as response:
                await response.read()
                return response.status, f"Wrong response from the webhook: {response.status}"
        except (ClientError, TimeoutError) as exc:
            return 0, f"Connection failed: {type(exc).__name__}"


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_TIMEOUT = 10.0  # seconds a webhook may take to answer one POST
WEBHOOK_RETRY = 0.2  # seconds before a refused or failed update is posted again
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BAD_WEBHOOK = "Bad Request: bad webhook:"
_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


@dataclass(frozen=True, slots=True)
class Webhook:
    """The webhook a bot set: where updates go, the secret they carry, which kinds."""

    url: str
    secret_token: str | None
    allowed_updates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One POST of an update to the webhook and the HTTP status it got (0: no answer)."""

    update_id: int
    url: str
    status: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@contextlib.asynccontextmanager
async def polling(application: Any, *, timeout: int = 1) -> AsyncIterator[Any]:
    """Run a PTB Application with polling for the duration of the block."""
    async with application:
        await application.updater.start_polling(poll_interval=0.0, timeout=timeout)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
