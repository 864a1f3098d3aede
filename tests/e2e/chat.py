"""Playing the user against the fake Bot API: send, press, read what the bot sent."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.fake_bot_api import FakeBotApi, SentMessage

ARABIC = re.compile("[\u0600-\u06ff]")
BIDI_MARKS = re.compile("[\u200f\u2068\u2069]")
LANGS = pytest.mark.parametrize("lang", ["ar", "en"])


def chat_of(number: int, lang: str) -> int:
    """Return a private chat id of its own for one test and language."""
    return 700_000 + number * 10 + (lang == "en")


async def ask(api: FakeBotApi, chat: int, text: str, lang: str, n: int = 1) -> list[SentMessage]:
    """Send text as the user of chat (Telegram language lang); return the next n replies."""
    before = len(api.messages(chat))
    api.send_text(chat, text, language_code=lang)
    return (await api.wait_for_messages(chat, before + n))[before:]


async def press(
    api: FakeBotApi, message: SentMessage, data: str, lang: str, n: int = 1
) -> list[SentMessage]:
    """Press the button with data under message; return the next n new messages."""
    before = len(api.messages(message.chat_id))
    query = api.press_button(message.chat_id, message.message_id, data, language_code=lang)
    await api.wait_for(lambda: api.callback_answers[query] is not None or None)
    return (await api.wait_for_messages(message.chat_id, before + n))[before:]


def shown(message: SentMessage) -> str:
    """Return a message's visible text without its invisible direction marks."""
    return BIDI_MARKS.sub("", message.text)


# An English name's Arabic form, in parentheses right after it: "Joe Biden (جو بايدن)".
_NAME_IN_ARABIC = re.compile(r"(?<=[A-Za-z0-9.']) \(\u2068[^()\u2069]*\u2069\)")


def without_names(text: str) -> str:
    """Return text without the Arabic forms given in parentheses after English names."""
    return _NAME_IN_ARABIC.sub("", text)


def failures(api: FakeBotApi) -> list[tuple[str, int]]:
    return [(c.method, c.status) for c in api.requests if c.status >= 400]


def first_direction(line: str) -> str:
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL", "EN", "AN"):
            return kind
    return ""


def assert_reads_right_to_left(message: SentMessage) -> None:
    for line in message.text.split("\n"):
        if ARABIC.search(line):
            assert first_direction(line) in ("R", "AL"), f"left-to-right Arabic line: {line!r}"
