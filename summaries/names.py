"""Names: the people, organisations and places a document names, with their English forms.

Known names come from the bilingual gazetteer ``summaries/data/gazetteer.toml``,
which admins extend. A person the gazetteer does not know is named in English
only when a title introduces them («وزير الخارجية العراقي فؤاد حسين») and the
romanizer's dictionary knows the first word as a given name: the
``arabic-name-romanizer`` package (MIT, dictionary first, a small model for
the rest) writes the name as English writers spell Arabic names, never letter
by letter. Anything less certain is left out: a missing name costs less than
a made-up one.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from summaries.errors import ConfigError
from summaries.model import NAME_KINDS, Name, Segmented
from summaries.words import STOP_WORDS, normalize

logger = logging.getLogger(__name__)

# An article-less form needs this many letters left: «الكاظمي» is «كاظمي», but
# «الله» is not «له».
MIN_BARE_LETTERS = 3
# Words with the article a title may put before the name: «العراقي», «الخارجية».
MAX_TITLE_WORDS = 3
# Name units after a title (a unit is a word, or «عبد الوهاب», «أبو مهدي»).
MIN_NAME_UNITS, MAX_NAME_UNITS = 2, 3
# How often the romanizer's dictionary must have seen the first unit as a name
# («علي» 339, «هادي» 41, «وزير» 1) before the words count as a person.
MIN_GIVEN_NAME_COUNT = 5
# Spelling pool of the romanizer: Iraqi first, then the rest of the Mashriq.
ROMANIZER_COUNTRY = "IQ"

_CONJUNCTIONS = frozenset("وف")
_PREPOSITIONS = frozenset("بلك")
_PARTICLES = frozenset(normalize(w) for w in ("عبد", "أبو", "أبي", "بن", "ابن", "آل"))
_SUFFIXES = frozenset(normalize(w) for w in ("الله", "الدين"))
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_PHRASE_BREAK = re.compile(r"[^\w\s]+|_")  # punctuation: a name never spans it
_WORD = re.compile(r"[^\W_]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer row: the English form, the Arabic shown with it, and its kind."""

    english: str
    arabic: str
    kind: str


# A form as matching keys (one per word), its entry, and whether it is a short form.
Form = tuple[tuple[str, ...], Entry, bool]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The gazetteer ready for matching: forms by the key of their first word, longest first."""

    forms: Mapping[str, tuple[Form, ...]]
    titles: Mapping[str, tuple[tuple[str, ...], ...]]  # by the key of their first word
    not_names: frozenset[str]
    version: str = ""  # a digest of the file: an edited gazetteer re-ingests every document


def find_names(segmented: Segmented, gazetteer: Gazetteer | None = None) -> tuple[Name, ...]:
    """Return the names of a document with their English forms, most mentioned first."""
    gazetteer = gazetteer or load_gazetteer()
    full: dict[Entry, list[str]] = defaultdict(list)
    short: dict[Entry, list[str]] = defaultdict(list)
    titled: dict[str, tuple[list[str], list[str]]] = {}  # normalised -> (words, sentence ids)
    for sentence in segmented.sentences:
        for words in _phrases(sentence.text):
            norm = [normalize(w) for w in words]
            hits, taken = _match(norm, gazetteer)
            for entry, is_short in hits:
                (short if is_short else full)[entry].append(sentence.id)
            for span in _titled(words, norm, taken, gazetteer):
                key = " ".join(normalize(w) for w in span)
                titled.setdefault(key, (span, []))[1].append(sentence.id)
    order = {s.id: i for i, s in enumerate(segmented.sentences)}
    names = [
        Name(e.arabic, e.english, e.kind, len(ids), "gazetteer", _in_order(ids, order))
        for e, ids in ((e, full[e] + short.get(e, [])) for e in full)
    ]
    romanized: dict[tuple[str, str], list[str]] = defaultdict(list)
    for span, ids in titled.values():
        found = _titled_name(span)
        if found is not None:
            romanized[found] += ids
    for (arabic, english), ids in romanized.items():
        names.append(Name(arabic, english, "person", len(ids), "romanizer", _in_order(ids, order)))
    return tuple(sorted(names, key=lambda n: (-n.count, order.get(n.sentence_ids[0], 0))))


def english_form(arabic: str, *, person: bool = False) -> str | None:
    """Return the English form of one name: the gazetteer's, else a person's romanized; else None.

    Text without Arabic letters is already in Latin script and comes back as it is.
    """
    if not _ARABIC_WORD.search(arabic):
        return arabic.strip() or None
    words = [w for phrase in _phrases(arabic) for w in phrase]
    hits, taken = _match([normalize(w) for w in words], load_gazetteer())
    if len(hits) == 1 and all(taken):
        return hits[0][0].english
    romanizer = _romanizer() if person else None
    return _latin(romanizer, " ".join(words)) if romanizer is not None else None


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Return the gazetteer (the packaged data file by default); a bad file raises ConfigError."""
    source = path or resources.files("summaries") / "data" / "gazetteer.toml"
    try:
        raw = source.read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{source}: cannot read the gazetteer: {error}") from None
    forms: dict[str, list[Form]] = defaultdict(list)
    for kind in NAME_KINDS:
        for row in data.get(kind, []):
            entry, full, short = _entry(source, kind, row)
            for text, is_short in [*((f, False) for f in full), *((f, True) for f in short)]:
                keys = _form_keys(text)
                if keys:
                    forms[keys[0]].append((keys, entry, is_short))
    spotting = data.get("spotting", {})
    titles: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for keys in filter(None, map(_form_keys, spotting.get("titles", []))):
        titles[keys[0]].append(keys)
    not_names = frozenset(normalize(w) for w in spotting.get("not_names", []))
    longest_first = {k: tuple(sorted(v, key=lambda f: -len(f[0]))) for k, v in forms.items()}
    titles_by_key = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in titles.items()}
    version = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
    return Gazetteer(longest_first, titles_by_key, not_names | STOP_WORDS, version)


def _entry(source, kind: str, row: object) -> tuple[Entry, list[str], list[str]]:
    english = row.get("english") if isinstance(row, dict) else None
    arabic = row.get("arabic") if isinstance(row, dict) else None
    short = row.get("short", []) if isinstance(row, dict) else None
    valid = isinstance(english, str) and english.strip() and isinstance(arabic, list) and arabic
    if not valid or not isinstance(short, list) or not all(isinstance(f, str) for f in arabic):
        raise ConfigError(
            f"{source}: every [[{kind}]] needs english (text) and arabic (a list of forms): {row!r}"
        )
    return Entry(english.strip(), arabic[0].strip(), kind), arabic, short


def _form_keys(text: str) -> tuple[str, ...]:
    return tuple(_bare(normalize(w)) for phrase in _phrases(text) for w in phrase)


def _bare(word: str) -> str:
    """Return a normalised word without its article when enough letters are left."""
    return word[2:] if word.startswith("ال") and len(word) - 2 >= MIN_BARE_LETTERS else word


@lru_cache(maxsize=65536)
def _keys(word: str) -> frozenset[str]:
    """Return what a normalised word may stand for: clitics (و ف ب ل ك, لل) peeled, article off."""
    forms = {word}
    if word[:1] in _CONJUNCTIONS and len(word) > 3:
        forms.add(word[1:])
    for form in list(forms):
        if form.startswith("لل") and len(form) > 4:
            forms.add("ال" + form[2:])
        elif form[:1] in _PREPOSITIONS and len(form) > 3:
            forms.add(form[1:])
    return frozenset(map(_bare, forms))


def _phrases(text: str) -> list[list[str]]:
    """Return the runs of words between punctuation marks, tashkeel and tatweel dropped."""
    chunks = _PHRASE_BREAK.split(_MARKS.sub("", text))
    return [words for words in map(_WORD.findall, chunks) if words]


def _match(norm: Sequence[str], gazetteer: Gazetteer) -> tuple[list[tuple[Entry, bool]], list]:
    """Return the gazetteer forms of a phrase's normalised words and which words they took."""
    hits: list[tuple[Entry, bool]] = []
    taken = [False] * len(norm)
    i = 0
    while i < len(norm):
        found = _form_at(norm, i, gazetteer)
        if found is None:
            i += 1
            continue
        keys, entry, is_short = found
        hits.append((entry, is_short))
        taken[i : i + len(keys)] = [True] * len(keys)
        i += len(keys)
    return hits, taken


def _form_at(norm: Sequence[str], i: int, gazetteer: Gazetteer) -> Form | None:
    for key in _keys(norm[i]):
        for form in gazetteer.forms.get(key, ()):
            rest = form[0][1:]
            if tuple(_bare(w) for w in norm[i + 1 : i + 1 + len(rest)]) == rest:
                return form
    return None


def _titled(
    words: Sequence[str], norm: Sequence[str], taken: Sequence[bool], gazetteer: Gazetteer
) -> list[list[str]]:
    """Return the word runs right after a title that may be a person's name (not yet checked)."""
    spans = []
    for i in range(len(words)):
        length = _title_at(norm, i, gazetteer)
        if not length:
            continue
        j = i + length
        skipped = 0
        while j < len(words) and norm[j].startswith("ال") and skipped < MAX_TITLE_WORDS:
            j, skipped = j + 1, skipped + 1
        span = []
        while j < len(words) and not taken[j] and len(span) < 2 * MAX_NAME_UNITS:
            if norm[j] in gazetteer.not_names or not _ARABIC_WORD.fullmatch(norm[j]):
                break
            span.append(words[j])
            j += 1
        if span:
            spans.append(span)
    return spans


def _title_at(norm: Sequence[str], i: int, gazetteer: Gazetteer) -> int:
    """Return how many words the longest title at word i has (0: no title there)."""
    for key in _keys(norm[i]):
        for title in gazetteer.titles.get(key, ()):
            if tuple(_bare(w) for w in norm[i + 1 : i + len(title)]) == title[1:]:
                return len(title)
    return 0


def _units(words: Sequence[str]) -> list[str]:
    """Return name units: «عبد»/«أبو» joined to the next word, «الله»/«الدين» to the last."""
    units: list[str] = []
    pending = ""
    for word in words:
        if normalize(word) in _SUFFIXES and units and not pending:
            units[-1] += " " + word
        elif normalize(word) in _PARTICLES:
            pending += word + " "
        else:
            units.append(pending + word)
            pending = ""
    return units


def _titled_name(span: Sequence[str]) -> tuple[str, str] | None:
    """Return (Arabic, English) of the name a title introduces, or None when unsure.

    The first unit must be a given name the romanizer's dictionary knows well;
    the second must carry the article or be in the dictionary; a third must be
    in the dictionary. The rest of the span is where the sentence goes on.
    """
    units = _units(span)
    if len(units) < MIN_NAME_UNITS or _dictionary_count(units[0]) < MIN_GIVEN_NAME_COUNT:
        return None
    kept = units[:1]
    for unit in units[1:MAX_NAME_UNITS]:
        article = normalize(unit).startswith("ال") and len(kept) == 1
        if not (article or _dictionary_count(unit) > 0):
            break
        kept.append(unit)
    if len(kept) < MIN_NAME_UNITS:
        return None
    arabic = " ".join(kept)
    romanizer = _romanizer()
    return (arabic, _latin(romanizer, arabic)) if romanizer is not None else None


def _latin(romanizer, arabic: str) -> str:
    words = romanizer.transliterate(arabic, country=ROMANIZER_COUNTRY).split()
    # "Hadi Al-Ameri" -> "Hadi al-Ameri": the article is lower case inside a name.
    return " ".join([*words[:1], *(re.sub(r"^Al-", "al-", w) for w in words[1:])])


@lru_cache(maxsize=4096)
def _dictionary_count(unit: str) -> int:
    """Return how often the romanizer's dictionary saw unit as a name (0: never, no romanizer)."""
    dictionary = _romanizer(dictionary_only=True)
    if dictionary is None:
        return 0
    candidates = dictionary.transliterate(unit, top_k=3, country=ROMANIZER_COUNTRY)
    counts = [u.count for c in candidates for u in c.units if u.source == "dictionary"]
    return max(counts, default=0)


@lru_cache(maxsize=2)
def _romanizer(*, dictionary_only: bool = False):
    """Return an arabic-name-romanizer Transliterator, loaded once; None if it is not installed.

    ``dictionary_only`` leaves out its model (~1 s to load, ~50 ms a word): the
    dictionary alone says whether words are known names.
    """
    try:
        from arabic_name_romanizer import Transliterator
    except ImportError:
        logger.warning(
            "names: arabic-name-romanizer is not installed, so people the gazetteer does not "
            "know are left out of English briefings (pip install arabic-name-romanizer)"
        )
        return None
    if dictionary_only:
        return Transliterator(auto_load_model=False, use_rules_fallback=False)
    return Transliterator()


def _in_order(ids: Sequence[str], order: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(ids), key=lambda i: order.get(i, 0)))


def joins_name(before: str, after: str) -> bool:
    """Tell whether two words in a row are consecutive words of one known name («أبو مهدي»)."""
    if not re.search(r"\w$", before.strip()):
        return False  # a name never spans punctuation
    words = [w for text in (before, after) for phrase in _phrases(text) for w in phrase]
    if len(words) != 2:
        return False
    a, b = (normalize(w) for w in words)
    return any((key, _bare(b)) in _name_pairs() for key in _keys(a))


@lru_cache(maxsize=1)
def _name_pairs() -> frozenset[tuple[str, str]]:
    """Return every two consecutive words (matching keys) of the packaged gazetteer's names."""
    return frozenset(
        pair
        for forms in load_gazetteer().forms.values()
        for keys, _entry, _short in forms
        for pair in zip(keys, keys[1:], strict=False)
    )
