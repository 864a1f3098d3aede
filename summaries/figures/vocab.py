"""The words of the key-figures stage (summaries/data/units.toml) and how to find them.

units.toml holds every vocabulary the stage reads: number words, scales,
months, currencies, counted nouns, and the bilingual words labels are built
from. This module loads it once and finds the longest phrase of a table at a
token. Arabic writes conjunctions, prepositions and the article onto the
word, so a word is also tried without و/ف, ل/ب/ك and ال («للعراقيين» -> ل +
عراقيين) and, for label words, without a few endings (ة, ـين, ـها:
«الأمريكية» and «الأمريكيين» find «أمريكي»).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import product
from typing import Any

from summaries.errors import ConfigError
from summaries.figures.tokens import Tokens
from summaries.words import normalize

_MAX_PHRASE = 4  # longest table key, in words («ما لا يقل عن»)
# Endings tried, in order, when a label word is not in a table as written:
# pronoun suffixes (زيارته, قواتها), then plural, feminine and tanween endings.
_ENDINGS = (
    ("تها", "ه"), ("ته", "ه"), ("ها", ""), ("هم", ""), ("ين", ""), ("ون", ""),
    ("ان", ""), ("ات", ""), ("ه", ""), ("ا", ""),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Found:
    """A table's value for the phrase at a token: how many words it took, which clitics it had."""

    value: Any
    size: int
    clitics: str  # letters written onto the first word: "و", "ل", "ول", ... or ""


class Table(dict[str, Any]):
    """A vocabulary keyed by normalised phrase; ``starts`` are the first words of its phrases."""

    __slots__ = ("starts",)

    def __init__(self, items: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        super().__init__(items)
        self.starts = frozenset(key.split(" ", 1)[0] for key in self if " " in key)


@lru_cache(maxsize=16384)
def readings(norm: str) -> tuple[tuple[str, str], ...]:
    """Return (clitics, base) readings of a normalised word: as written, then without clitics."""
    found = [("", norm)]
    stems = [("", norm)]
    if len(norm) > 3 and norm[0] in "وف":
        stems.append((norm[0], norm[1:]))
    for conjunction, word in stems:
        if conjunction:
            found.append((conjunction, word))
        if word.startswith("ال") and len(word) > 3:
            found.append((conjunction, word[2:]))
        if word.startswith("لل") and len(word) > 3:  # ل + ال
            found.append((conjunction + "ل", word[2:]))
        elif len(word) > 2 and word[0] in "لبك":
            found.append((conjunction + word[0], word[1:]))
            if word[1:].startswith("ال") and len(word) > 4:
                found.append((conjunction + word[0], word[3:]))
    return tuple(found)


def _loose(base: str) -> Iterator[str]:
    for ending, replacement in _ENDINGS:
        if base.endswith(ending) and len(base) - len(ending) >= 2:
            yield base[: -len(ending)] + replacement


def _bare_forms(norm: str) -> tuple[str, ...]:
    return (norm, norm[2:]) if norm.startswith("ال") and len(norm) > 3 else (norm,)


def match(table: Table, tokens: Tokens, i: int, *, loose: bool = True) -> Found | None:
    """Return the value of the longest key of table at token i.

    Words after the first may carry the article, nothing else; ``loose`` also
    tries a single word without its endings.
    """
    if not tokens.word(i):
        return None
    for size in range(min(_MAX_PHRASE, len(tokens) - i), 1, -1):
        words = tokens[i : i + size]
        if any(t.kind != "word" for t in words):
            continue
        rests = [_bare_forms(t.norm) for t in words[1:]]
        for clitics, base in readings(words[0].norm):
            if base not in table.starts:
                continue
            for rest in product(*rests):
                if (key := " ".join((base, *rest))) in table:
                    return Found(table[key], size, clitics)
    bases = readings(tokens[i].norm)
    forms = list(bases) + ([(c, f) for c, b in bases for f in _loose(b)] if loose else [])
    for clitics, form in forms:
        if form in table:
            return Found(table[form], 1, clitics)
    return None


def match_before(table: Table, tokens: Tokens, end: int) -> tuple[Any, int] | None:
    """Return (value, first token) of the longest key of table that ends right before token end."""
    for size in range(_MAX_PHRASE, 0, -1):
        found = match(table, tokens, end - size, loose=False) if end - size >= 0 else None
        if found and found.size == size:
            return found.value, end - size
    return None


@dataclass(frozen=True, slots=True)
class Vocab:
    """The tables of units.toml, keyed by normalised phrase."""

    number_words: dict[str, float]
    scales: dict[str, tuple[float, bool]]  # value, plural (a plural alone is vague)
    ordinals: dict[str, int]
    months: Table
    currencies: Table
    percent_signs: frozenset[str]
    percent: Table
    percent_leads: Table
    money_leads: Table
    counted: Table  # form -> unit
    counted_en: dict[str, str]  # unit -> English
    ordinal_nouns: Table  # form -> (unit, English)
    durations: Table  # form -> (unit, value of a dual form or 0)
    approx: Table
    periods: Table
    year_markers: Table
    year_qualifiers: Table
    name_markers: frozenset[str]
    breakers: frozenset[str]
    heads: Table
    nationalities: Table  # adjective, plural noun
    english_nominal: Table  # heads, nouns, counted nouns, peoples (plural nouns)
    english_adjectival: Table  # adjectives, peoples (adjectives), ordinals
    generic: dict[str, tuple[str, str]]  # kind -> (Arabic, English) label

    def number_word(self, norm: str, *, first: bool) -> tuple[float, bool, bool] | None:
        """Return (value, is a scale, is plural) of a number word; only the first may carry ب/ل."""
        allowed = ("", "و", "ب", "ل") if first else ("", "و")
        for clitics, base in readings(norm):
            if clitics not in allowed:
                continue
            if base in self.number_words:
                return self.number_words[base], False, False
            if base in self.scales:
                value, plural = self.scales[base]
                return value, True, plural
        return None

    def english(self, tokens: Tokens, i: int, *, head: bool) -> Found | None:
        """Return the English of the word at i: as a noun at a phrase head, else as an adjective."""
        tables = (self.english_nominal, self.english_adjectival)
        first, second = tables if head else reversed(tables)
        return match(first, tokens, i) or match(second, tokens, i)

    def ordinal_value(self, norm: str) -> int:
        """Return the rank an ordinal word gives (الرابعة -> 4), 0 for other words."""
        for clitics, base in readings(norm):
            if clitics in ("", "و") and base in self.ordinals:
                return self.ordinals[base]
        return 0

    def is_breaker(self, norm: str) -> bool:
        return norm in self.breakers or (norm[:1] == "و" and norm[1:] in self.breakers)

    def is_name_marker(self, norm: str) -> bool:
        return any(base in self.name_markers for _, base in readings(norm))


def _key(phrase: str) -> str:
    return " ".join(normalize(word) for word in phrase.split())


def _keyed(table: Mapping[str, Any]) -> Table:
    """Return table keyed by normalised phrase, also without the article of its first word.

    Readings of a word drop its article, so «للعراق» (ل + العراق) finds «العراق»
    only through «عراق»; «الف» (ألف) is too short to have one.
    """
    keyed = {}
    for phrase, value in table.items():
        key = _key(phrase)
        keyed[key] = value
        if key.startswith("ال") and len(key.split()[0]) > 3:
            keyed.setdefault(key[2:], value)
    return Table(keyed)


def _forms(groups: Mapping[str, Mapping[str, Any]], field: str = "forms") -> dict[str, str]:
    """Return {form: group name} of tables such as [counted.troops] forms = [...]."""
    return {_key(form): name for name, group in groups.items() for form in group.get(field, ())}


def _flag(phrases: Iterable[str]) -> Table:
    return Table((_key(phrase), True) for phrase in phrases)


def _merged(*tables: Mapping[str, str]) -> Table:
    """Return one table of several; an earlier table wins a key both have."""
    return Table((k, v) for table in reversed(tables) for k, v in table.items())


def _build(data: dict[str, Any]) -> Vocab:
    ordinal_en = data["ordinal_english"]["words"]
    ordinals = _keyed(data["ordinals"])
    counted = _forms(data["counted"])
    counted_en = {unit: group["en"] for unit, group in data["counted"].items()}
    nationalities = Table((k, tuple(v)) for k, v in _keyed(data["nationalities"]).items())
    heads, nouns, adjectives = (_keyed(data[name]) for name in ("heads", "nouns", "adjectives"))
    ranked = {k: ordinal_en[v - 1] for k, v in ordinals.items() if v <= len(ordinal_en)}
    counted_words = {k: counted_en[unit] for k, unit in counted.items()}
    durations = {k: (unit, 0) for k, unit in _forms(data["durations"]).items()}
    durations |= {k: (unit, 2) for k, unit in _forms(data["durations"], "dual").items()}
    ranked_nouns = data["ordinal_nouns"]
    peoples = {k: v[1] for k, v in nationalities.items()}  # «للعراقيين» at a head: "Iraqis"
    people_adjectives = {k: v[0] for k, v in nationalities.items()}  # «العراقية»: "Iraqi"
    scales = data["scales"]
    return Vocab(
        number_words=_keyed(data["number_words"]),
        scales={**{k: (v, False) for k, v in _keyed(scales["singular"]).items()},
                **{k: (v, True) for k, v in _keyed(scales["plural"]).items()}},
        ordinals=ordinals,
        months=_keyed(data["months"]),
        currencies=_keyed(data["currencies"]),
        percent_signs=frozenset(data["percent"]["signs"]),
        percent=_flag(data["percent"]["phrases"]),
        percent_leads=_flag(data["percent"]["leads"]),
        money_leads=_flag(data["money_leads"]["phrases"]),
        counted=Table(counted),
        counted_en=counted_en,
        ordinal_nouns=Table((k, (unit, ranked_nouns[unit]["en"]))
                            for k, unit in _forms(ranked_nouns).items()),
        durations=Table(durations),
        approx=_keyed(data["approx"]),
        periods=_keyed(data["periods"]),
        year_markers=_keyed(data["year_markers"]),
        year_qualifiers=_keyed(data["year_qualifiers"]),
        name_markers=frozenset(map(_key, data["name_markers"]["words"])),
        breakers=frozenset(map(_key, data["breakers"]["words"])),
        heads=heads,
        nationalities=nationalities,
        english_nominal=_merged(heads, nouns, counted_words, peoples),
        english_adjectival=_merged(people_adjectives, adjectives, ranked),
        generic={kind: tuple(pair) for kind, pair in data["generic"].items()},
    )  # fmt: skip


@cache
def vocab() -> Vocab:
    """Return the packaged vocabularies (summaries/data/units.toml), loaded once."""
    source = resources.files("summaries") / "data" / "units.toml"
    try:
        return _build(tomllib.loads(source.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, IndexError) as error:
        raise ConfigError(
            f"summaries/data/units.toml: cannot load the figure vocabularies: {error!r}"
        ) from None
