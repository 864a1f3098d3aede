"""Labels of figures: what a number counts or marks, in Arabic as written and in English.

The Arabic label is a noun phrase of the sentence, as written: the counted
noun and its adjectives (جندي أمريكي), what an amount is for (مساعدات إنسانية
للعراقيين النازحين), the nearest event noun of a date (الانتخابات المقررة).
The English label translates that phrase word by word from units.toml,
reading Arabic noun-adjective order right to left («مساعدات إنسانية» ->
"humanitarian aid"), and stops at the first word it cannot translate; with
nothing translated it is generic ("amount (USD)", "date"), never Arabic.
"""

from __future__ import annotations

from dataclasses import dataclass

from summaries.figures.tokens import Tokens
from summaries.figures.vocab import Vocab, match
from summaries.words import normalize

Label = tuple[str, str]  # Arabic, English

LABEL_WORDS = 6  # longest Arabic label, in words
_EVENT_BEFORE, _EVENT_AFTER = 12, 10  # words searched for a date's event
_PURPOSE_BEFORE = 6  # words searched before an amount or a percentage for what it is of
_QUOTES = frozenset("\"'“”«»‘’")
# A counted noun alone («12 دولة», «من قواتها») is owned by what comes a few
# words after it, through one of these («الشركاء ... المشاركين في التحالف»);
# إلى and من only after a word that belongs them to it («منتمية إلى»), since
# right after the noun they say where it goes or comes from («وصل 300 جندي إلى»).
_OWNER_LINKS = frozenset(normalize(w) for w in ("في", "ضمن"))
_OWNER_LINKS_AFTER_WORD = frozenset(normalize(w) for w in ("إلى", "من"))
_OWNER_REACH = 3  # words after the noun searched for that link
_SERIES_BACK = 20  # words searched back for the series «منه» refers to
_OF_IT = frozenset(normalize(w) for w in ("منه", "منها"))


@dataclass(frozen=True, slots=True)
class Labeler:
    """Builds the labels of the figures of one sentence."""

    tokens: Tokens
    vocab: Vocab

    def phrase(
        self,
        start: int,
        *,
        stop: int | None = None,
        head: tuple[str, int] | None = None,
        resume: int | None = None,
        of: str = "of",
        known_only: bool = False,
        keep_clitics: bool = False,
        max_words: int = LABEL_WORDS,
    ) -> tuple[str, str, int]:
        """Return (Arabic, English, next token) of the noun phrase that starts at token start.

        The Arabic is the words as written, up to a breaker word, a number, a
        punctuation mark other than quotes, a conjunction, or ``stop``; an
        unknown word ends it only when ``known_only``. The English starts a new
        part at «من» ("from") or at a word written with ل (``of``) or ب ("with").
        ``head`` gives the English and length of the first words (a counted
        noun); ``resume`` continues after them at a later token (الدول الثمانين
        الأخرى). ``keep_clitics`` keeps «للعراقيين» rather than «العراقيين».
        """
        tokens, stop = self.tokens, len(self.tokens) if stop is None else stop
        ar: list[str] = []
        parts: list[list[str]] = [[]]
        links: list[str] = []
        english, k = True, start
        if head:
            found = self.vocab.english(tokens, start, head=True)
            ar.append(bare(tokens.span(start, start + head[1]), found.clitics if found else ""))
            parts[0].append(head[0])
            k = start + head[1] if resume is None else resume
        while k < stop and len(ar) < max_words:
            token = tokens[k]
            if tokens.is_mark(k, _QUOTES):
                k += 1
                continue
            if token.kind != "word":
                break
            if ar and token.norm == "من" and tokens.word(k + 1):
                ar.append(token.text)
                links.append("from")
                parts.append([])
                k += 1
                continue
            found = self.vocab.english(tokens, k, head=not parts[-1])
            if not found and (self.vocab.is_breaker(token.norm) or (ar and token.norm[0] == "و")):
                break  # «وتجدر»: an unknown word after و starts another clause
            size, clitics = (found.size, found.clitics) if found else (1, "")
            if ar and clitics[:1] in ("و", "ف"):
                break  # a conjunction starts another phrase
            if found and english:
                if ar and clitics[-1:] in ("ل", "ب"):
                    links.append(of if clitics[-1] == "ل" else "with")
                    parts.append([])
                parts[-1].append(found.value)
            elif not found:
                if known_only:
                    break
                english = False
            text = tokens.span(k, k + size)
            ar.append(text if ar or keep_clitics else bare(text, clitics))
            k += size
        if ar and ar[-1] == "من":
            ar.pop()
        return " ".join(ar), _english(parts, links), k

    def event(self, first: int, last: int, kind: str, *, generic: bool = True) -> Label:
        """Return the label of a date or a year: the nearest event noun before it, else after it."""
        if (i := self._head(first - 1, -1, _EVENT_BEFORE)) is not None:
            return self._or_generic(self.phrase(i, stop=first)[:2], kind)
        if (i := self._head(last + 1, 1, _EVENT_AFTER)) is not None:
            return self._or_generic(self.phrase(i)[:2], kind)
        return self.vocab.generic[kind] if generic else ("", "")

    def money(self, start: int, end: int, code: str) -> Label:
        """Return what an amount is for, and whom for: «مساعدات إنسانية ... للعراقيين».

        «من المساعدات الخارجية» right after the amount says it best; otherwise a
        purpose noun before it, and a word written with ل right after it.
        """
        generic_ar, generic_en = self.vocab.generic["money"]
        amount_en = f"{generic_en} ({code})"
        if lead := match(self.vocab.money_leads, self.tokens, end + 1, loose=False):
            if match(self.vocab.heads, self.tokens, at := end + 1 + lead.size):
                ar, en, _ = self.phrase(at, of="for")
                return ar, en or amount_en
        purpose: Label = ("", "")
        if (i := self._head(start - 1, -1, _PURPOSE_BEFORE)) is not None:
            purpose = self.phrase(i, stop=start, of="for")[:2]
        beneficiary: Label = ("", "")
        found = self.vocab.english(self.tokens, end + 1, head=True)
        if found and found.clitics.endswith("ل"):
            beneficiary = self.phrase(end + 1, of="for", known_only=True, keep_clitics=True)[:2]
        ar = " ".join(filter(None, (purpose[0] or generic_ar, beneficiary[0])))
        en = purpose[1] or amount_en
        return ar, f"{en} for {beneficiary[1]}" if beneficiary[1] else en

    def purpose(self, start: int, end: int, kind: str) -> Label:
        """Return what a percentage or a duration is of.

        In order: «من الاحتلال» right after it, the noun after «نسبة» before a
        percentage, a head noun before it, a generic label.
        """
        if self.tokens.word(end + 1, "من") and self.vocab.english(self.tokens, end + 2, head=True):
            return self._or_generic(self.phrase(end + 2, max_words=4)[:2], kind)
        if kind == "percent":
            for i in self.tokens.reach(start - 1, -1, _PURPOSE_BEFORE):
                if lead := match(self.vocab.percent_leads, self.tokens, i, loose=False):
                    return self._or_generic(self.phrase(i + lead.size, stop=start)[:2], kind)
        if (i := self._head(start - 1, -1, _PURPOSE_BEFORE)) is not None:
            return self._or_generic(self.phrase(i, stop=start)[:2], kind)
        return self.vocab.generic[kind]

    def owner(self, noun: int, after: int, unit: str, head: Label) -> Label | None:
        """Return what a counted noun alone belongs to, from its sentence, or None.

        «أكثر من خمسة آلاف من قواتها» after «قوات التحالف»: the same noun named
        earlier with its owner («coalition troops»); «الشركاء الواحد والثمانين
        المشاركين في التحالف الدولي»: the known phrase after في within a few
        words («partners in international coalition»).
        """
        for j in range(noun - 1, -1, -1):
            found = match(self.vocab.counted, self.tokens, j)
            if found and found.value == unit and found.size == 1:
                ar, en, end = self.phrase(j, head=(head[1], 1), known_only=True)
                if end > j + 1 and en != head[1]:
                    return ar, en
        for k in range(after, min(after + _OWNER_REACH, len(self.tokens))):
            token = self.tokens.word(k)
            if token is None:
                return None
            if token.norm in _OWNER_LINKS or (k > after and token.norm in _OWNER_LINKS_AFTER_WORD):
                ar, en, end = self.phrase(k + 1, known_only=True)
                if not en:
                    return None
                return f"{head[0]} {self.tokens.span(after, end)}", f"{head[1]} in {en}"
        return None

    def series(self, noun: int, after: int) -> Label | None:
        """Return the series «منه» points to: «الحوار ... الذي تجري الجولة الرابعة منه»."""
        if not (self.tokens.word(after + 1) and self.tokens[after + 1].norm in _OF_IT):
            return None
        if (i := self._head(noun - 1, -1, _SERIES_BACK)) is None:
            return None
        ar, en, _ = self.phrase(i, stop=noun, known_only=True)
        return (ar, en) if en else None

    def period(self, label: Label, at: int) -> Label:
        """Return label with the time a count runs over: «هجوما منذ مطلع العام», «... سنويا»."""
        found = match(self.vocab.periods, self.tokens, at, loose=False)
        if not found:
            return label
        return f"{label[0]} {self.tokens.span(at, at + found.size)}", f"{label[1]} {found.value}"

    def _head(self, start: int, step: int, words: int) -> int | None:
        """Return the nearest word from start on that can head a label, within ``words`` words."""
        return next((i for i in self.tokens.reach(start, step, words) if self._is_head(i)), None)

    def _is_head(self, i: int) -> bool:
        return match(self.vocab.heads, self.tokens, i) is not None

    def _or_generic(self, label: Label, kind: str) -> Label:
        generic_ar, generic_en = self.vocab.generic[kind]
        return label[0] or generic_ar, label[1] or generic_en


def hedged(label: Label, hedge: str) -> Label:
    """Return label with its English marked as not exact: "attacks (about)"."""
    return (label[0], f"{label[1]} ({hedge})") if hedge else label


def bare(text: str, clitics: str) -> str:
    """Return a word as written without the clitics a reading found: للعراق -> العراق."""
    for letter in clitics:
        if letter == "ل" and text.startswith("لل"):
            return "ا" + text[1:]  # ل + ال: the article gets its alef back
        text = text[1:].lstrip("\u0640")
    return text


def _english(parts: list[list[str]], links: list[str]) -> str:
    """Return English words read right to left, part by part: [[aid, humanitarian]] -> ..."""
    text = " ".join(reversed(parts[0]))
    for link, part in zip(links, parts[1:], strict=False):
        if not part:
            break
        text += f" {link} " + " ".join(reversed(part))
    return text
