"""Inline keyboards and the short ids their buttons carry in ``callback_data``.

Telegram gives a button at most 64 bytes of ``callback_data`` (an Arabic
letter takes two), so buttons carry only an action and short ids
(``d:12``, ``t:security``, ``p:docs:2``, ``lang:ar``); titles and topic
names are button *labels*, never data. Actions used here:

- ``d:<doc id>``: open a document's briefing
- ``t:<topic id>``: open a topic digest
- ``p:<kind>:<page>``: show page <page> (from 1) of a paged list
- ``lang:<code>``: choose the reply language
- ``kf:<fact id>``: open a corpus key figure's sources (issue 12)
- ``noop``: the page counter; answer the query and do nothing

Inline mode (issue 11) adds two buttons that carry no callback_data: Share
(``switch_inline_query`` "#12": Telegram lets the user pick a chat and types
"@bot #12" there, which offers exactly document 12) and the source link
(``url``) under a shared briefing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit

SEPARATOR = ":"
LABEL_LIMIT = 40
MAX_DATA_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64
DOCUMENT, TOPIC, PAGE, LANGUAGE, NOOP = "d", "t", "p", "lang", "noop"
FACT = "kf"
_FACTS_PER_ROW = 5
_TOPICS_PER_ROW = 2
_PAGER_LABELS = {
    "ar": ("السابق", "التالي"),  # words, not arrows: arrows flip in right-to-left layouts
    "en": ("‹ Previous", "Next ›"),
}
_LANGUAGES = (("العربية", "ar"), ("English", "en"))
# Inline mode (issue 11): the query a Share button types, "#<doc id>".
SHARE_PREFIX = "#"
_SHARE_LABELS = {"ar": "مشاركة", "en": "Share"}
_SOURCE_LABELS = {"ar": "المصدر", "en": "Source"}
_WEB_URL = re.compile(r"https?://[^\s/$.?#][^\s]{1,2000}", re.I)


def encode(action: str, *args: str | int) -> str:
    """Return callback_data "action:arg:...", or raise ValueError if it cannot fit.

    Neither the action nor an argument may be empty or contain ":".
    """
    fields = [action, *(str(a) for a in args)]
    if any(not f or SEPARATOR in f for f in fields):
        raise ValueError(f"callback_data fields must be non-empty and without ':': {fields!r}")
    data = SEPARATOR.join(fields)
    if len(data.encode("utf-8")) > MAX_DATA_BYTES:
        raise ValueError(f"callback_data over {MAX_DATA_BYTES} bytes: {data!r}")
    return data


def decode(data: str) -> tuple[str, tuple[str, ...]]:
    """Return (action, args) from callback_data made by encode(); ValueError otherwise."""
    if not data or len(data.encode("utf-8")) > MAX_DATA_BYTES:
        raise ValueError(f"not callback_data from Mujaz: {data!r}")
    action, *args = data.split(SEPARATOR)
    if not action or any(not a for a in args):
        raise ValueError(f"not callback_data from Mujaz: {data!r}")
    return action, tuple(args)


def page_of(data: str) -> int:
    """Return the page number a pager button (made by pager()) asks for."""
    return int(decode(data)[1][1])


def label(text: str, fallback: str = "…") -> str:
    """Return text on one line, cut to LABEL_LIMIT characters with "…" (fallback if blank)."""
    text = " ".join(text.split())
    if not text:
        return fallback
    if len(text) <= LABEL_LIMIT:
        return text
    cut = LABEL_LIMIT - 1
    while cut > 1 and unicodedata.combining(text[cut]):
        cut -= 1  # keep a letter with its diacritics
    return text[:cut].rstrip() + "…"


def document_list(
    items: Sequence[tuple[int, str]], page: int = 1, pages: int = 1, *, lang: str = "ar"
) -> InlineKeyboardMarkup:
    """Return one button per (doc id, title), then a pager row when there are pages."""
    rows = [[_button(label(title, f"#{doc_id}"), DOCUMENT, doc_id)] for doc_id, title in items]
    return InlineKeyboardMarkup(rows + _pager_rows("docs", page, pages, lang))


def topics(items: Sequence[tuple[str, str, int]]) -> InlineKeyboardMarkup:
    """Return buttons "name (count)" per (topic id, name, document count), two a row."""
    buttons = [
        _button(f"{label(name, topic_id)} ({count})", TOPIC, topic_id)
        for topic_id, name, count in items
    ]
    rows = [buttons[i : i + _TOPICS_PER_ROW] for i in range(0, len(buttons), _TOPICS_PER_ROW)]
    return InlineKeyboardMarkup(rows)


def pager(kind: str, page: int, pages: int, *, lang: str = "ar") -> InlineKeyboardMarkup:
    """Return a previous / "page/pages" / next row for a paged list (empty for one page)."""
    return InlineKeyboardMarkup(_pager_rows(kind, page, pages, lang))


def key_facts(fact_ids: Sequence[int], all_label: str, page_kind: str) -> InlineKeyboardMarkup:
    """Return a numbered button per key fact (1, 2, ...), then one to every figure by document."""
    buttons = [_button(str(i), FACT, fact_id) for i, fact_id in enumerate(fact_ids, 1)]
    rows = [buttons[i : i + _FACTS_PER_ROW] for i in range(0, len(buttons), _FACTS_PER_ROW)]
    return InlineKeyboardMarkup([*rows, [_button(label(all_label), PAGE, page_kind, 1)]])


def language() -> InlineKeyboardMarkup:
    """Return the choice between Arabic and English replies."""
    return InlineKeyboardMarkup([[_button(name, LANGUAGE, code) for name, code in _LANGUAGES]])


def _button(text: str, action: str, *args: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action, *args))


def _pager_rows(kind: str, page: int, pages: int, lang: str) -> list[list[InlineKeyboardButton]]:
    if pages <= 1:
        return []
    if not 1 <= page <= pages:
        raise ValueError(f"page {page} outside 1..{pages}")
    previous, following = _PAGER_LABELS.get(lang, _PAGER_LABELS["en"])
    row = []
    if page > 1:
        row.append(_button(previous, PAGE, kind, page - 1))
    row.append(_button(f"{page}/{pages}", NOOP))
    if page < pages:
        row.append(_button(following, PAGE, kind, page + 1))
    return [row]


# -- inline mode (issue 11) ------------------------------------------------------------


def share_query(doc_id: int) -> str:
    """Return the inline query that offers exactly one document ("#12")."""
    return f"{SHARE_PREFIX}{doc_id}"


def share(doc_id: int, *, lang: str = "ar") -> InlineKeyboardMarkup:
    """Return the Share button under a briefing: pick a chat, then "@bot #<doc id>" offers it."""
    label = _SHARE_LABELS.get(lang, _SHARE_LABELS["en"])
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, switch_inline_query=share_query(doc_id))]]
    )


def source_link(url: str | None, *, lang: str = "ar") -> InlineKeyboardMarkup | None:
    """Return a button opening the document's source link, or None when no link is known."""
    if not url or not _WEB_URL.fullmatch(url):
        return None  # Telegram refuses a button with a bad URL, and with it the whole answer
    label = _SOURCE_LABELS.get(lang, _SOURCE_LABELS["en"])
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])
