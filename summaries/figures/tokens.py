"""A sentence as tokens: words, numbers and punctuation marks, with their places."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload

from summaries.words import normalize

_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_TOKEN = re.compile(
    rf"(?P<num>[{_DIGITS}]+(?:[.,\u066b\u066c][{_DIGITS}]+)*)"
    r"|(?P<word>(?:[^\W\d_]|[\u0610-\u061a\u0640\u064b-\u065f\u0670])+)"
    r"|(?P<punct>\S)"
)
# Links carry article ids and the dates of other pages; their digits are no figures.
_LINK = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|gov|edu)\b\S*")
# A phrase never reaches across these (a comma it may cross).
_STOPS = frozenset(".!?؟;؛:()[]…")


@dataclass(frozen=True, slots=True)
class Token:
    """A word, a number or a punctuation mark, with its place in the sentence."""

    text: str  # as written
    norm: str  # summaries.words.normalize(text): one alef, no tashkeel, ASCII digits
    kind: str  # "word" | "num" | "punct"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one sentence, and the questions every matcher asks of them."""

    text: str
    items: tuple[Token, ...]

    @classmethod
    def of(cls, text: str) -> Tokens:
        """Return the tokens of text; links become blanks so their digits are no figures."""
        blanked = _LINK.sub(lambda m: " " * len(m.group()), text)
        items = tuple(
            Token(m.group(), normalize(m.group()), m.lastgroup or "punct", m.start(), m.end())
            for m in _TOKEN.finditer(blanked)
        )
        return cls(text, items)

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Token, ...]: ...
    def __getitem__(self, i: int | slice) -> Token | tuple[Token, ...]:
        return self.items[i]

    def word(self, i: int, norm: str | None = None) -> Token | None:
        """Return token i if it is a word (that reads ``norm``, when given)."""
        if 0 <= i < len(self.items) and self.items[i].kind == "word":
            if norm is None or self.items[i].norm == norm:
                return self.items[i]
        return None

    def is_mark(self, i: int, marks: str | frozenset[str]) -> bool:
        """Tell whether token i is one of the punctuation marks."""
        return (
            0 <= i < len(self.items)
            and self.items[i].kind == "punct"
            and self.items[i].text in marks
        )

    def touch(self, i: int, j: int) -> bool:
        """Tell whether tokens i and j (i < j) are written with nothing between them."""
        return 0 <= i < j < len(self.items) and self.items[i].end == self.items[j].start

    def span(self, first: int, end: int) -> str:
        """Return the sentence text from token first up to (not including) token end."""
        return self.text[self.items[first].start : self.items[end - 1].end]

    def definite(self, i: int) -> bool:
        """Tell whether token i is a word with the article (الدول, والدول, للدول)."""
        token = self.word(i)
        return token is not None and token.norm.removeprefix("و").startswith(("ال", "لل", "بال"))

    def reach(self, start: int, step: int, words: int) -> Iterator[int]:
        """Yield up to ``words`` word positions from start on (step -1: back), not past a stop."""
        i = start
        while 0 <= i < len(self.items) and words > 0:
            if self.items[i].text in _STOPS:
                return
            if self.items[i].kind == "word":
                words -= 1
                yield i
            i += step
