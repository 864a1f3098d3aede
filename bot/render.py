"""Rendering primitives for Telegram's HTML parse mode: escape, direction, split.

Everything here is pure text in, text out. Command renderers build on these:
they escape every document value with ``escape`` (or the ``bold``/``link``/
``bullet_list`` builders, which escape for them), mark Arabic lines with
``rtl`` *before* escaping, and hand the finished HTML to ``split_message``.

Direction rule (``rtl``), applied to each line, since Telegram clients take
each line's direction from its start:

- a line is Arabic when it holds a right-to-left letter; other lines are
  left alone;
- an Arabic line gets U+200F (RLM) in front when its first directional
  character (a letter or digit, skipping spaces and punctuation) is not an
  Arabic letter: it starts with a Latin word, an ASCII or Arabic-Indic
  number, or a URL;
- inside an Arabic line, every Latin run that has more than one token (two
  Latin words, a word and a number, a URL: ``Dana Stroul``, ``COVID-19``,
  ``155 million``) is wrapped in U+2068 FSI ... U+2069 PDI so its inner
  order and punctuation survive the right-to-left layout. Single Latin
  words and bare numbers are left as they are: bidi keeps them in order.
  A bot command counts as a run with its slash (``/lang``, ``/digest 2``):
  otherwise the slash, a neutral, lands on the wrong side of the word.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from telegram.constants import MessageLimit

RLM = "\u200f"
FSI = "\u2068"
PDI = "\u2069"
# Well under Telegram's 4096 units and ~100 entities: room for the RLM we may
# add and for entities Telegram detects on its own (URLs, mentions, hashtags).
TEXT_LIMIT = 3500
ENTITY_LIMIT = 90

_LATIN = "A-Za-z\u00c0-\u024f"
# A Latin run may start with the "/" of a bot command ("/digest 2"), so the
# slash stays on the left of its command inside an Arabic line.
_LATIN_RUN = re.compile(
    r"(?:(?<![^\s(])/(?=[A-Za-z]))?"
    rf"[{_LATIN}0-9](?:[{_LATIN}0-9 \t\u00a0.,:;/\\\-\u2013+%&@#'’()_?=~$€£]*[{_LATIN}0-9])?"
)
_HAS_LATIN = re.compile(rf"[{_LATIN}]")
_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
    r"|[^<&]+|.",
    re.DOTALL,
)
_EMPTY_ELEMENT = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?></\1>")
_SENTENCE_END = frozenset(".!?؟؛…")
_CLOSERS = frozenset("\"'»”’)]}")
# Whitespace a message may break at: not NUL (tags in _Tokens.sig), not no-break spaces.
_SPACE_RUN = re.compile(r"[^\S\u00a0\u2007\u202f]+")
_DIRECTIONAL = frozenset({"L", "R", "AL", "EN", "AN"})
_PARAGRAPH, _LINE, _SENTENCE, _WORD = range(4)


def escape(text: str) -> str:
    """Return text safe inside Telegram HTML, as content or as a quoted attribute."""
    return html.escape(text, quote=True)


def utf16_len(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def bold(text: str) -> str:
    """Return text, escaped, in bold."""
    return f"<b>{escape(text)}</b>"


def link(url: str, label: str) -> str:
    """Return an escaped link; just the escaped label when url is not http(s)."""
    if not url.lower().startswith(("http://", "https://")):
        return escape(label)
    return f'<a href="{escape(url)}">{escape(label)}</a>'


def bullet_list(items: Iterable[str], lang: str) -> str:
    """Return items as escaped "• " lines; Arabic lines get their direction marks."""
    lines = (f"• {item}" for item in items)
    return "\n".join(escape(rtl(line) if lang == "ar" else line) for line in lines)


def rtl(paragraph: str) -> str:
    """Return plain (unescaped) text with RLM and isolates per the module's rule."""
    return "\n".join(_rtl_line(line) for line in paragraph.split("\n"))


def _rtl_line(line: str) -> str:
    if not _has_rtl(line):
        return line
    marked = line if FSI in line else _LATIN_RUN.sub(_isolate, line)
    if _first_direction(line) in ("R", "AL"):
        return marked
    return RLM + marked


def _isolate(match: re.Match[str]) -> str:
    run = match.group()
    if _HAS_LATIN.search(run) and not run.isalnum():
        return f"{FSI}{run}{PDI}"
    return run


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text if c != RLM)


def _first_direction(text: str) -> str:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _DIRECTIONAL:
            return kind
    return ""


class _Tokens:
    """HTML as parallel lists, one entry per tag or visible character.

    ``sig`` has one character per entry: the visible character, NUL for a
    tag, SOH for an entity that decodes to several characters; so string
    searches on it give token indices directly.
    """

    __slots__ = ("raw", "tag", "closing", "sig", "units", "starts")

    def __init__(self, html_text: str) -> None:
        self.raw: list[str] = []
        self.tag: list[str] = []
        self.closing: list[bool] = []
        sig: list[str] = []
        widths: list[int] = []
        for m in _TOKEN.finditer(html_text):
            raw = m.group()
            if m.group(2):
                self._add(raw, m.group(2).lower(), bool(m.group(1)))
                sig.append("\x00")
                widths.append(0)
            elif raw[0] == "&":
                char = html.unescape(raw)
                self._add(raw, "", False)
                sig.append(char if len(char) == 1 else "\x01")
                widths.append(utf16_len(char))
            else:
                self.raw.extend(raw)
                self.tag.extend([""] * len(raw))
                self.closing.extend([False] * len(raw))
                sig.extend(raw)
                widths.extend(1 if c < "\U00010000" else 2 for c in raw)
        self.sig = "".join(sig)
        self.units = [0, *accumulate(widths)]
        self.starts = [
            0,
            *accumulate(bool(t) and not c for t, c in zip(self.tag, self.closing, strict=True)),
        ]

    def _add(self, raw: str, tag: str, closing: bool) -> None:
        self.raw.append(raw)
        self.tag.append(tag)
        self.closing.append(closing)

    def __len__(self) -> int:
        return len(self.raw)

    def visible(self) -> str:
        return "".join(
            html.unescape(r) if r[0] == "&" else r
            for r, t in zip(self.raw, self.tag, strict=True)
            if not t
        )

    def check_balanced(self) -> None:
        stack: list[str] = []
        for raw, tag, closing in zip(self.raw, self.tag, self.closing, strict=True):
            if tag and not closing:
                stack.append(tag)
            elif tag and (not stack or stack.pop() != tag):
                raise ValueError(f"unbalanced HTML: unexpected {raw!r}")
        if stack:
            raise ValueError(f"unbalanced HTML: <{stack[-1]}> is never closed")

    def runs(self) -> list[tuple[int, int, int]]:
        """Return (start, end, priority) of every breakable whitespace run, in order."""
        runs = []
        for m in _SPACE_RUN.finditer(self.sig):
            newlines = m.group().count("\n")
            if newlines:
                runs.append((m.start(), m.end(), _PARAGRAPH if newlines > 1 else _LINE))
            else:
                sentence = _SENTENCE if self._ends_sentence(m.start()) else _WORD
                runs.append((m.start(), m.end(), sentence))
        return runs

    def _ends_sentence(self, end: int) -> bool:
        for i in range(end - 1, -1, -1):
            char = self.sig[i]
            if char != "\x00" and char not in _CLOSERS:
                return char in _SENTENCE_END
        return False


def visible_text(html_text: str) -> str:
    """Return what a reader sees of Telegram HTML: tags dropped, entities decoded."""
    return _Tokens(html_text).visible()


def split_message(
    html_text: str, limit: int = TEXT_LIMIT, max_entities: int = ENTITY_LIMIT
) -> list[str]:
    """Return html_text as balanced parts of at most limit visible UTF-16 units each.

    Cuts at the last paragraph break that fits, else line, else sentence end
    (. ! ? ؟ ؛ …), else space, else between characters; whitespace at a cut
    is dropped. Tags open at a cut are closed at the end of the part and
    reopened at the start of the next, and no part has more than
    max_entities start tags. A part that continues an Arabic line mid-line
    gets an RLM when it would otherwise start left-to-right. Returns [] when
    nothing is visible. Raises ValueError for unbalanced input or a limit
    outside 16..4096.
    """
    if not 16 <= limit <= MessageLimit.MAX_TEXT_LENGTH or max_entities < 1:
        raise ValueError(f"limit {limit} / max_entities {max_entities} out of range")
    tokens = _Tokens(html_text)
    tokens.check_balanced()
    runs = tokens.runs()
    units, starts, size = tokens.units, tokens.starts, len(tokens)
    parts: list[str] = []
    stack: list[int] = []  # indices of the start tags open where the next part begins
    start = 0
    while True:
        while start < size and tokens.sig[start].isspace():
            start += 1
        if units[start] == units[-1]:
            return parts  # nothing visible left
        room = min(
            bisect_right(units, units[start] + limit - 1) - 1,  # 1 unit kept for an RLM
            bisect_right(starts, starts[start] + max(max_entities - len(stack), 1)) - 1,
        )
        cut, after = (size, size) if room >= size else _cut(tokens, runs, start, room)
        mark = RLM if _continues_ltr(tokens.sig, start) else ""
        body = [tokens.raw[i] for i in stack] + tokens.raw[start:cut]
        for i in range(start, cut):
            if tokens.tag[i] and not tokens.closing[i]:
                stack.append(i)
            elif tokens.tag[i]:
                stack.pop()
        closing = "".join(f"</{tokens.tag[i]}>" for i in reversed(stack))
        parts.append(mark + _drop_empty("".join(body) + closing))
        start = after


def _cut(
    tokens: _Tokens, runs: list[tuple[int, int, int]], start: int, room: int
) -> tuple[int, int]:
    """Return (end of this part, start of the next) when the rest does not fit."""
    best: tuple[int, int, int] | None = None
    for i in range(bisect_right(runs, (room, len(tokens), 9)) - 1, -1, -1):
        run = runs[i]
        if run[0] <= start:
            break
        if tokens.units[run[0]] > tokens.units[start] and (best is None or run[2] < best[2]):
            best = run
            if run[2] == _PARAGRAPH:
                break
    if best is not None:
        return best[0], best[1]
    cut = max(room, start + 1)
    while cut - 1 > start and unicodedata.combining(tokens.sig[cut]):
        cut -= 1  # keep a letter with its diacritics
    return cut, cut


def _continues_ltr(sig: str, offset: int) -> bool:
    """Return whether a part starting at offset, mid Arabic line, would read left-to-right."""
    line_start = sig.rfind("\n", 0, offset) + 1
    if not sig[line_start:offset].replace("\x00", "").strip():
        return False  # the part starts a line: rtl() already marked it
    line_end = sig.find("\n", offset)
    rest = sig[offset : None if line_end < 0 else line_end]
    return _has_rtl(sig[line_start:offset] + rest) and _first_direction(rest) not in ("R", "AL")


def _drop_empty(text: str) -> str:
    while (shorter := _EMPTY_ELEMENT.sub("", text)) != text:
        text = shorter
    return text
