"""The figures of one sentence: matchers for each kind, run in a fixed order.

Dates go first (so «19 آب» is not a count), then what a number is followed
by (a currency, a percent sign, a counted noun, a unit of time), then
ordinals, then what is left that reads as a year. A token serves one figure.
"""

from __future__ import annotations

from summaries.figures.labels import Label, Labeler, bare, hedged
from summaries.figures.numbers import Number, find_numbers
from summaries.figures.tokens import Tokens
from summaries.figures.vocab import Vocab, match, match_before
from summaries.model import Figure, Sentence

FIRST_YEAR, LAST_YEAR = 1800, 2100
_ORDINAL_REACH = 4  # words between a ranked noun and its ordinal: جولة الحوار الاستراتيجي الرابعة


def read_figures(sentence: Sentence, words: Vocab) -> list[Figure]:
    """Return the figures of one sentence, in the order the matchers found them."""
    return _Reader(sentence, words).figures()


class _Reader:
    """Runs the matchers over one sentence; ``used`` holds the tokens already in a figure."""

    def __init__(self, sentence: Sentence, words: Vocab) -> None:
        self.sentence, self.vocab = sentence, words
        self.tokens = Tokens.of(sentence.text)
        self.labels = Labeler(self.tokens, words)
        self.used: set[int] = set()
        self.found: list[Figure] = []

    def figures(self) -> list[Figure]:
        self._numeric_dates()
        self._month_dates()
        numbers = find_numbers(self.tokens, self.vocab)
        for matcher in (self._money, self._percent, self._count, self._duration, self._year):
            for number in numbers:
                if number.first not in self.used:
                    matcher(number)
        self._dual_durations()
        self._ordinals()
        return self.found

    def _add(
        self,
        kind: str,
        value: float,
        unit: str,
        span: tuple[int, int],
        label: Label,
        clitics: str = "",
    ) -> None:
        """Keep a figure; ``clitics`` come off its surface («والدول الثمانين» -> «الدول ...»)."""
        first, last = span
        surface = bare(self.tokens.span(first, last + 1), clitics)
        self.found.append(Figure(kind, float(value), unit, surface, *label, self.sentence.id))
        self.used.update(range(first, last + 1))

    def _approx(self, first: int) -> tuple[int, str]:
        """Return where a number's surface starts and its English hedge: «نحو خمسين» -> "about"."""
        found = match_before(self.vocab.approx, self.tokens, first)
        return (found[1], found[0]) if found else (first, "")

    # --- dates ----------------------------------------------------------------

    def _numeric_dates(self) -> None:
        """Read 2021/07/26 and 26/07/2021 (or with hyphens)."""
        tokens = self.tokens
        for i in range(len(tokens) - 4):
            if [t.kind for t in tokens[i : i + 5]] != ["num", "punct", "num", "punct", "num"]:
                continue
            if not all(tokens.touch(i + k, i + k + 1) for k in range(4)):
                continue
            if tokens[i + 1].text not in "/-" or tokens[i + 3].text != tokens[i + 1].text:
                continue
            a, b, c = (tokens[i + k].norm for k in (0, 2, 4))
            year, month, day = (a, b, c) if len(a) == 4 else (c, b, a)
            if i not in self.used and (iso := _iso(year, month, day)):
                self._add("date", *iso, (i, i + 4), self.labels.event(i, i + 4, "date"))

    def _month_dates(self) -> None:
        """Read a month name with a day before it or a year after it: 19 آب/أغسطس, يونيو 2020."""
        tokens = self.tokens
        for i in range(len(tokens)):
            month = None if i in self.used else match(self.vocab.months, tokens, i, loose=False)
            if not month or month.clitics:
                continue
            last = self._paired_month(i + month.size - 1, month.value)
            first, day = i, "0"
            if i > 0 and tokens[i - 1].kind == "num" and i - 1 not in self.used:
                first, day = i - 1, tokens[i - 1].norm
            year, end = self._year_after(last + 1)
            if (day != "0" or year != "0") and (iso := _iso(year, str(month.value), day)):
                end = end if year != "0" else last
                self._add("date", *iso, (first, end), self.labels.event(first, end, "date"))

    def _paired_month(self, last: int, month: int) -> int:
        """Return the last token of «آب/أغسطس» or «آب (أغسطس)» when both name one month."""
        if self.tokens.is_mark(last + 1, "/("):
            other = match(self.vocab.months, self.tokens, last + 2, loose=False)
            if other and other.value == month:
                end = last + 1 + other.size
                return end + 1 if self.tokens.is_mark(end + 1, ")") else end
        return last

    def _year_after(self, i: int) -> tuple[str, int]:
        """Return the year at i («2020», «عام 2020», «من العام 2020») and its token, or ("0", i)."""
        at = i + 1 if self.tokens.word(i, "من") else i
        marker = match(self.vocab.year_markers, self.tokens, at, loose=False)
        if marker and not marker.clitics:
            at += marker.size
        if at < len(self.tokens) and _is_year(self.tokens[at].norm):
            return self.tokens[at].norm, at
        return "0", i

    # --- what follows a number --------------------------------------------------

    def _money(self, number: Number) -> None:
        found = match(self.vocab.currencies, self.tokens, number.last + 1, loose=False)
        if found and not found.clitics:
            start, hedge = self._approx(number.first)
            end = number.last + found.size
            label = self.labels.money(start, end, found.value)
            self._add("money", number.value, found.value, (start, end), hedged(label, hedge))

    def _percent(self, number: Number) -> None:
        first, last = number.first, number.last
        signs = self.vocab.percent_signs
        size = 1 if self.tokens.is_mark(last + 1, signs) else 0
        if not size and (found := match(self.vocab.percent, self.tokens, last + 1, loose=False)):
            size = found.size
        sign_before = self.tokens.touch(first - 1, first) and self.tokens.is_mark(first - 1, signs)
        if size or sign_before:
            start, hedge = self._approx(first - 1 if sign_before else first)
            end = last + size
            label = self.labels.purpose(start, end, "percent")
            self._add("percent", number.value, "%", (start, end), hedged(label, hedge))

    def _count(self, number: Number) -> None:
        noun = number.last + 1
        counted = self._counted(noun)
        if not counted and self.tokens.word(noun, "من"):  # خمسة آلاف من قواتها
            noun += 1
            counted = self._counted(noun)
        if counted:
            unit, size = counted
            start, hedge = self._approx(number.first)
            head = (self.vocab.counted_en[unit], size)
            ar, en, end = self.labels.phrase(noun, head=head, known_only=True)
            if end == noun + size:  # the noun alone: «12 دولة», «من قواتها»
                ar, en = self.labels.owner(noun, end, unit, (ar, en)) or (ar, en)
            label = self.labels.period((ar, en), end)
            self._add("count", number.value, unit, (start, noun + size - 1), hedged(label, hedge))
        elif not self._definite_after_noun(number):
            self._inherited_count(number)

    def _counted(self, i: int, clitics: str = "") -> tuple[str, int] | None:
        found = match(self.vocab.counted, self.tokens, i)
        return (found.value, found.size) if found and found.clitics in ("", clitics) else None

    def _definite_after_noun(self, number: Number) -> bool:
        """Count «الشركاء الواحد والثمانين»: a definite number after a definite counted noun."""
        noun = number.first - 1
        if number.value < 2:  # «الطرف الواحد» is "the same side", not a count
            return False
        if not (self.tokens.definite(number.first) and self.tokens.definite(noun)):
            return False
        if not (counted := self._counted(noun, "و")):
            return False
        unit = counted[0]
        head = (self.vocab.counted_en[unit], 1)
        ar, en, end = self.labels.phrase(noun, head=head, resume=number.last + 1, known_only=True)
        if end == number.last + 1:  # «الشركاء الواحد والثمانين المشاركين في التحالف الدولي»
            ar, en = self.labels.owner(noun, end, unit, (ar, en)) or (ar, en)
        clitics = "و" if self.tokens[noun].norm.startswith("وال") else ""
        self._add("count", number.value, unit, (noun, number.last), (ar, en), clitics)
        return True

    def _inherited_count(self, number: Number) -> None:
        """Count «نحو 3000 جندي، بينهم 2500 أميركي» in the unit of the sentence's previous count."""
        people = match(self.vocab.nationalities, self.tokens, number.last + 1)
        earlier = [f for f in self.found if f.kind == "count"]
        if people and not people.clitics and earlier:
            end = number.last + 1 + people.size
            unit, noun_ar = earlier[-1].unit, earlier[-1].label_ar.split()[0]
            label = (
                f"{noun_ar} {self.tokens.span(number.last + 1, end)}",
                f"{people.value[0]} {self.vocab.counted_en[unit]}",
            )
            self._add("count", number.value, unit, (number.first, end - 1), label)

    def _duration(self, number: Number) -> None:
        found = match(self.vocab.durations, self.tokens, number.last + 1, loose=False)
        if found and not found.clitics and found.value[1] == 0:
            unit = found.value[0]
            start, hedge = self._approx(number.first)
            end = number.last + found.size
            label = self.labels.purpose(start, end, "duration")
            self._add("duration", number.value, unit, (start, end), hedged(label, hedge))

    def _dual_durations(self) -> None:
        """Read «عامين» as 2 years; «السنتان الأخيرتان» (definite) is no figure."""
        for i in range(len(self.tokens)):
            found = (
                None if i in self.used else match(self.vocab.durations, self.tokens, i, loose=False)
            )
            if found and found.value[1] and not self.tokens.definite(i):
                unit, value = found.value
                self._add("duration", value, unit, (i, i), self.labels.purpose(i, i, "duration"))

    # --- ordinals and years -----------------------------------------------------

    def _ordinals(self) -> None:
        """Read «الجولة الرابعة من الحوار», «جولة الحوار الرابعة»: rank, unit, and the series."""
        for i in range(len(self.tokens)):
            noun = (
                None
                if i in self.used
                else match(self.vocab.ordinal_nouns, self.tokens, i, loose=False)
            )
            if not noun or (at := self._ordinal_after(i + noun.size)) is None:
                continue
            unit, en = noun.value
            label: Label = ("", "")
            if at > i + noun.size:  # the series sits between noun and ordinal
                label = self.labels.phrase(i + noun.size, stop=at)[:2]
            elif self.tokens.word(at + 1, "من"):
                label = self.labels.phrase(at + 2, max_words=4)[:2]
            if not label[1]:  # «بعد جولة أولى» after «جولة الحوار الرابعة»; «الجولة الرابعة منه»
                label = self._series_before(unit) or self.labels.series(i, at) or label
            if not label[1]:
                label = (bare(self.tokens[i].text, noun.clitics), en)
            rank = self.vocab.ordinal_value(self.tokens[at].norm)
            self._add("ordinal", rank, unit, (i, at), label)

    def _series_before(self, unit: str) -> Label | None:
        """Return the series of an earlier ordinal of the same noun in this sentence."""
        for figure in reversed(self.found):
            if figure.kind == "ordinal" and figure.unit == unit and figure.label_ar:
                if not match(self.vocab.ordinal_nouns, Tokens.of(figure.label_ar), 0):
                    return figure.label_ar, figure.label_en
        return None

    def _ordinal_after(self, start: int) -> int | None:
        for at in range(start, min(start + _ORDINAL_REACH, len(self.tokens))):
            token = self.tokens[at]
            if token.kind == "word" and self.vocab.ordinal_value(token.norm):
                return at
            if token.kind != "word" or self.vocab.is_breaker(token.norm) or at in self.used:
                return None
        return None

    def _year(self, number: Number) -> None:
        """Read a year with its marker and qualifier: «نهاية 2011», «السنة المالية 2022»."""
        first = number.first
        if number.last != first or not _is_year(self.tokens[first].norm):
            return
        start, marker_en, hedge = first, "", ""
        if marker := match_before(self.vocab.year_markers, self.tokens, first):
            marker_en, start = marker
        marker_ar = self.tokens.span(start, first) if marker_en else ""
        if qualifier := match_before(self.vocab.year_qualifiers, self.tokens, start):
            hedge, start = qualifier
        ar, en = self.labels.event(start, first, "year", generic=not marker_en)
        if marker_en:  # «لموازنة السنة المالية 2022»: the marker says whose year
            ar, en = f"{ar} {marker_ar}".strip(), f"{marker_en} {en}".strip()
        self._add("year", number.value, "year", (start, first), hedged((ar, en), hedge))


def _is_year(norm: str) -> bool:
    return norm.isdigit() and len(norm) == 4 and FIRST_YEAR <= int(norm) <= LAST_YEAR


def _iso(year: str, month: str, day: str) -> tuple[int, str] | None:
    """Return (year*10000 + month*100 + day, ISO 8601 text) of a date; "0" is a missing part."""
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        return None
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12 or not 0 <= d <= 31 or (y and not FIRST_YEAR <= y <= LAST_YEAR):
        return None
    if d:
        return y * 10000 + m * 100 + d, (f"{y:04d}-{m:02d}-{d:02d}" if y else f"--{m:02d}-{d:02d}")
    return (y * 10000 + m * 100, f"{y:04d}-{m:02d}") if y else None
