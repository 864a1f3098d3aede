"""Sources: where a document comes from (title, publisher, authors, date, links).

Everything is read from the document itself, never guessed. What the file
format states comes first: an HTML page's og:url and canonical link are its
links, its page title (or a DOCX's or PDF's title property) is the title, and
an English one of those, or an English URL slug, is the English title. In
the text, a link is the document's own only when the text says so (a
«رابط المقال» line, a bare URL at the top or bottom, the English path of
an "also available in" block resolved on a host the same document uses),
and a date is a dateline with a year. A text without a headline gets a title
derived from its own words (``summaries.titles``), marked as such. An
optional sidecar ``NAME.meta.toml`` beside the document overrides any field.
Known publishers live in ``summaries/data/publishers.toml``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from summaries.errors import ConfigError
from summaries.model import CleanText, Kind, RawDocument, Segmented, Sources, TitleOrigin
from summaries.titles import derive_title, is_stated_title
from summaries.words import has_arabic, normalize, tokens

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.toml"
SIDECAR_FIELDS = ("title", "title_en", "publisher", "date", "url", "urls", "authors")
# Bylines, datelines and repeated titles live in a page's first lines; lower
# down the same shapes belong to "related articles".
HEADER_LINES = 25
# A line holding nothing but a URL among this many first or last lines is the
# document's own link (PDF exports and scrapes print it there).
EDGE_LINES = 3
# The title is the first heading among this many first paragraphs.
TITLE_WINDOW = 5
# Lines after «متوفر أيضًا باللغات» that may hold the language links.
LANGUAGE_BLOCK_LINES = 6
# Fewer slug words than this is an id, not a title ("35494", "view").
MIN_SLUG_WORDS = 3

_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'«»\\]+")
_SOURCE_LABELS = [normalize(x) for x in "رابط المقال|رابط الخبر|رابط المادة|source:".split("|")]
_LANGUAGE_BLOCK = [normalize(x) for x in ("متوفر أيضًا باللغات", "also available in")]
_ENGLISH_LINK = re.compile(r"English\W{0,6}(https?://[^\s()\\]+|/[A-Za-z0-9._~%/-]+)")
_ENGLISH_PATH = re.compile(r"/en(?:/|$)")
# "كتب"/"إعداد" also start ordinary sentences ("كتب خامنئي ..."): only with a colon.
_BYLINE = re.compile(
    r"^\W*(?:(?:بواسطة|بقلم)\s*:?|(?:كتبه?|كتبت|[إا]عداد)\s*:|By:?(?=\s+[A-Z]))\s*(?P<names>.+)$"
)
_NAME_SEPARATORS = re.compile(r"\s*(?:[,،;؛|]|\s&\s|\sand\s|\sو\s)\s*")
# Slug words title_en writes in capitals or with a capital (the region's usual
# acronyms and names); every other word stays lower case.
_ACRONYMS = frozenset("us usa uk un eu isis isil krg pmf nato gcc imf mei".split())
_PROPER = frozenset(
    "iraq iraqi iraqis iran iranian washington baghdad kurdistan kurdish syria syrian biden trump "
    "obama kadhimi sistani sadr soleimani tehran erbil america american arab gulf saudi islamic "
    "israel turkey russia china".split()
)
_MONTH_LIST = (
    "يناير|كانون الثاني|january|jan",
    "فبراير|شباط|february|feb",
    "مارس|آذار|march|mar",
    "أبريل|ابريل|نيسان|april|apr",
    "مايو|أيار|may",
    "يونيو|يونيه|حزيران|june|jun",
    "يوليو|يوليه|تموز|july|jul",
    "أغسطس|اغسطس|آب|august|aug",
    "سبتمبر|أيلول|september|sep|sept",
    "أكتوبر|اكتوبر|تشرين الأول|october|oct",
    "نوفمبر|تشرين الثاني|november|nov",
    "ديسمبر|كانون الأول|december|dec",
)
_MONTHS = {normalize(n): i for i, names in enumerate(_MONTH_LIST, 1) for n in names.split("|")}
_MONTH_ALTERNATIVES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_NAMES = re.compile(rf"(?<!\w)({_MONTH_ALTERNATIVES})(?!\w)")
# What a dateline may carry besides the date: weekday, "published on", a time,
# the Gregorian «م» after the year.
_DATE_WORDS = "الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد يوم نشر في بتاريخ تاريخ"
_DATE_WORDS += " النشر monday tuesday wednesday thursday friday saturday sunday published on"
_DATE_NOISE = re.compile(
    "|".join(
        (
            r"(?<!\w)(?:" + "|".join(normalize(w) for w in _DATE_WORDS.split()) + r")(?!\w)",
            r"\d{1,2}:\d{2}(?:\s*(?:am|pm|ص|م)(?!\w))?",
            r"(?<=\d)م(?!\w)",
            r"[,،:|]",
        )
    )
)
_DATE_FORMATS = (
    r"(?P<y>\d{4}) ?[/.-] ?(?P<m>\d{1,2}) ?[/.-] ?(?P<d>\d{1,2})",
    r"(?P<d>\d{1,2}) ?[/.-] ?(?P<m>\d{1,2}) ?[/.-] ?(?P<y>\d{4})",  # the Arabic order, day first
    r"(?P<d>\d{1,2}) m(?P<m>\d+) (?P<y>\d{4})",
    r"m(?P<m>\d+) (?P<d>\d{1,2}) (?P<y>\d{4})",
    r"m(?P<m>\d+) (?P<y>\d{4})",
)


@dataclass(frozen=True, slots=True)
class Publisher:
    """A row of the known-publishers table."""

    name_ar: str
    name_en: str
    domains: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    kind: str | None = None  # what it publishes, in English: "analysis", "news report"

    @property
    def display(self) -> str:
        return f"{self.name_ar} / {self.name_en}"

    def owns(self, url: str) -> bool:
        host = _host(url)
        return any(host == d or host.endswith("." + d) for d in self.domains)


def find_sources(
    raw: RawDocument, clean: CleanText, segmented: Segmented, sidecar: Path | None = None
) -> Sources:
    """Return where the document comes from: detected in its text, then overridden by its sidecar.

    A sidecar path that does not exist means no overrides; a broken one raises ConfigError.
    """
    lines = [line.strip() for line in raw.text.splitlines() if line.strip()]
    header = lines[:HEADER_LINES]
    authors = _authors(header, segmented)
    named = _named_publisher(lines, authors)
    urls, english = _document_urls(raw, clean, lines, named)
    # The document's own link names its publisher before any phrase in its text.
    owner = next((p for url in urls for p in known_publishers() if p.owns(url)), None)
    publisher = owner or named
    english = english or next((u for u in urls if _ENGLISH_PATH.match(urlsplit(u).path)), None)
    stated = " ".join((raw.title or "").split()) if is_stated_title(raw.title, raw.name) else ""
    title, title_origin = _arabic_title(stated, segmented, header)
    title_en, title_en_origin = _first_known(
        [
            (stated if _is_english(stated) else None, TitleOrigin.PAGE),
            (_slug_title(english) if english else None, TitleOrigin.URL),
            *((_slug_title(u), TitleOrigin.URL) for u in raw.urls),
        ]
    )
    detected = Sources(
        title=title,
        title_en=title_en,
        publisher=publisher.display if publisher else None,
        authors=authors,
        date=_dateline(header),
        urls=urls,
        title_origin=title_origin,
        title_en_origin=title_en_origin,
    )
    logger.debug("sources of %s: %s", raw.name, detected)
    if sidecar is None or not sidecar.exists():
        return detected
    overrides = read_sidecar(sidecar)
    for field, origin in (("title", "title_origin"), ("title_en", "title_en_origin")):
        if field in overrides:
            overrides[origin] = TitleOrigin.SIDECAR
    return replace(detected, **overrides)


def sidecar_path(doc_path: Path) -> Path:
    """Return where a document's optional sidecar lives: seeds/x.txt -> seeds/x.meta.toml."""
    return doc_path.with_name(doc_path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict[str, object]:
    """Return the Sources fields a sidecar sets; a broken sidecar raises ConfigError naming it."""
    data = _toml(path, "sidecar")
    unknown = sorted(set(data) - set(SIDECAR_FIELDS))
    if unknown:
        known = ", ".join(SIDECAR_FIELDS)
        raise ConfigError(f"{path}: unknown field(s) {', '.join(unknown)} (known: {known})")
    fields: dict[str, object] = {
        k: _text(path, k, data[k]) for k in ("title", "title_en", "publisher") if k in data
    }
    if "date" in data:
        fields["date"] = _iso_date(path, data["date"])
    if "authors" in data:
        fields["authors"] = tuple(_text(path, "authors", a) for a in _listed(path, "authors", data))
    for key in ("url", "urls"):
        if key in data:
            fields["urls"] = tuple(_url(path, key, u) for u in _listed(path, key, data))
    return fields


@lru_cache(maxsize=4)
def known_publishers(path: Path | None = None) -> tuple[Publisher, ...]:
    """Return the known-publishers table (the packaged data file by default)."""
    source = path or resources.files("summaries") / "data" / "publishers.toml"
    try:
        return tuple(
            Publisher(
                name_ar=row["name_ar"],
                name_en=row["name_en"],
                **{k: tuple(row.get(k, ())) for k in ("domains", "signatures", "affiliations")},
                kind=row.get("kind"),
            )
            for row in _toml(source, "publishers table")["publisher"]
        )
    except (KeyError, TypeError) as error:
        raise ConfigError(f"{source}: bad publishers table: missing or wrong {error}") from None


def _named_publisher(lines: Sequence[str], authors: Sequence[str]) -> Publisher | None:
    """Return the publisher a signature names anywhere, or an affiliation in an author's bio."""
    flat = " ".join(map(_flat, lines))
    for publisher in known_publishers():
        if any(_flat(s) in flat for s in publisher.signatures):
            return publisher
    names = [_flat(a) for a in authors]
    bios = [bio for bio in map(_flat, lines) if any(bio.startswith(n) for n in names)]
    for publisher in known_publishers():
        if any(_flat(a) in bio for a in publisher.affiliations for bio in bios):
            return publisher
    return None


def _authors(header: Sequence[str], segmented: Segmented) -> tuple[str, ...]:
    """Return author names from byline lines ("بواسطة X، Y"), in order, without link debris."""
    bylines = [*header, *(p.text for p in segmented.paragraphs if p.kind is Kind.BYLINE)]
    names: list[str] = []
    for match in filter(None, map(_BYLINE.match, bylines)):
        text = re.sub(r"\]\([^)]*\)", "]", match["names"])  # markdown link targets
        text = re.sub(r"\\?\([^()]*\\?\)", " ", text)  # "(ar/experts/dana-strwl/)" profile paths
        for part in _NAME_SEPARATORS.split(re.sub(r"[\[\]*_#]", " ", text)):
            name = " ".join(part.split())
            plausible = 1 < len(name) <= 60 and len(name.split()) <= 6
            if plausible and not re.search(r"[\d/@]", name) and name not in names:
                names.append(name)
    return tuple(names)


def _document_urls(
    raw: RawDocument, clean: CleanText, lines: Sequence[str], named: Publisher | None
) -> tuple[tuple[str, ...], str | None]:
    """Return the document's own links (first-seen order) and its English version's link."""
    found = list(raw.urls)
    for i, line in enumerate(lines):
        if any(label in _flat(line) for label in _SOURCE_LABELS):
            found.extend(_urls_in(line) or _urls_in(lines[i + 1] if i + 1 < len(lines) else ""))
    for line in (*lines[:EDGE_LINES], *lines[-EDGE_LINES:]):
        bare = _urls_in(line)
        # nothing but one link (maybe in <>, or a markdown link to itself)
        if len({_canonical(u) for u in bare}) == 1 and not _URL.sub("", line).strip("<>()[]/ "):
            found.append(bare[0])
    english = _english_link(lines, _base_url(found, [*clean.urls, *_urls_in(raw.text)], named))
    unique: dict[str, str] = {}
    for url in [*found, english] if english else found:
        unique.setdefault(_canonical(url), url)
    return tuple(unique.values()), english


def _english_link(lines: Sequence[str], base: str | None) -> str | None:
    """Return the English version's URL from an "also available in" block; a path needs a base."""
    for i, line in enumerate(lines):
        if any(marker in _flat(line) for marker in _LANGUAGE_BLOCK):
            match = _ENGLISH_LINK.search(" ".join(lines[i : i + LANGUAGE_BLOCK_LINES]))
            if match is None or not (match[1].startswith("http") or base):
                return None
            return urljoin(base or "", match[1])
    return None


def _base_url(own: Sequence[str], seen: Sequence[str], named: Publisher | None) -> str | None:
    """Return the scheme://host relative links resolve on, known from this document only.

    That is the host of the document's own links, else the domain of the
    publisher its text names, where the document links to that domain.
    """
    candidates = [u for u in own if u.startswith("http")]
    if not candidates and named is not None:
        candidates = [u for u in seen if u.startswith("http") and named.owns(u)]
    if not candidates:
        return None
    scheme, host = Counter(urlsplit(u)[:2] for u in candidates).most_common(1)[0][0]
    return f"{scheme}://{host}"


def _urls_in(text: str) -> list[str]:
    """Return the URLs in text; "/https://x/1" (a line mirrored by PDF bidi) gives "https://x/1/"."""
    urls = []
    for match in _URL.finditer(text):
        url, start = match[0].rstrip(".,;:،؛!?"), match.start()
        mirrored = text[start - 1 : start] == "/" and text[start - 2 : start - 1].strip() == ""
        urls.append(url + "/" if mirrored and not url.endswith("/") else url)
    return urls


def _title(segmented: Segmented, header: Sequence[str]) -> str | None:
    """Return the first heading (one repeated in the header wins)."""
    headings = [
        re.sub(r"^[#\s]+|[\[\]*]", "", p.text).strip()
        for p in segmented.paragraphs[:TITLE_WINDOW]
        if p.kind is Kind.HEADING
    ]
    # Scrapes repeat the page title (breadcrumb, then headline); a pull quote
    # printed above it is not. Compared by words: cleaning repairs punctuation.
    seen = Counter(" ".join(tokens(line)) for line in header)
    repeated = [h for h in headings if seen[" ".join(tokens(h))] > 1]
    return _first([*repeated, *headings])


def _arabic_title(
    stated: str, segmented: Segmented, header: Sequence[str]
) -> tuple[str | None, TitleOrigin | None]:
    """Return the Arabic title and its origin: the page's, the text's headline, else derived."""
    if has_arabic(stated):
        return stated, TitleOrigin.PAGE
    headline = _title(segmented, header)
    if headline:
        return headline, TitleOrigin.DOCUMENT
    return derive_title(segmented) or (None, None)


def _first_known(
    candidates: Iterable[tuple[str | None, TitleOrigin]],
) -> tuple[str | None, TitleOrigin | None]:
    return next(((v, origin) for v, origin in candidates if v), (None, None))


def _is_english(title: str) -> bool:
    """Tell whether a stated title is English: Latin words, no Arabic."""
    return not has_arabic(title) and len(re.findall(r"[A-Za-z]{2,}", title)) >= 2


def _dateline(header: Sequence[str]) -> str | None:
    """Return the ISO date of the first header line that is nothing but a date with a year.

    «26 يوليو/تموز» without a year is not a date: a year is never guessed.
    """
    for line in header:
        text = " ".join(_MONTH_NAMES.sub(lambda m: f" m{_MONTHS[m[0]]} ", _flat(line)).split())
        text = re.sub(r"(m\d+) ?/ ?m\d+", r"\1", text)  # "يوليو/تموز": one month, two names
        text = " ".join(_DATE_NOISE.sub(" ", text).split()).strip("-– ")
        for match in filter(None, (re.fullmatch(p, text) for p in _DATE_FORMATS)):
            parts = {k: int(v) for k, v in match.groupdict().items()}
            try:
                when = date(parts["y"], parts["m"], parts.get("d", 1))
            except ValueError:
                continue
            return when.isoformat() if "d" in parts else when.isoformat()[:7]
    return None


def _slug_title(url: str) -> str | None:
    """Return a plain English title from the URL's slug of Latin words, else None."""
    slug = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    words = re.split(r"[-_]+", re.sub(r"\.(?:html?|aspx?|php)$", "", slug))
    while words and words[-1].isdigit():  # trailing article ids
        words.pop()
    if len(words) < MIN_SLUG_WORDS or not all(re.fullmatch(r"[A-Za-z0-9]+", w) for w in words):
        return None
    words = [w.lower() for w in words]
    cased = [w.upper() if w in _ACRONYMS else w.capitalize() if w in _PROPER else w for w in words]
    return " ".join([cased[0][:1].upper() + cased[0][1:], *cased[1:]])


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


@lru_cache(maxsize=16384)  # each line is looked at by several detectors
def _flat(text: str) -> str:
    return " ".join(normalize(text).split())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _canonical(url: str) -> str:
    parts = urlsplit(url)
    return f"{_host(url)}{parts.path.rstrip('/')}?{parts.query}"


def _toml(source, what: str) -> dict:
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{source}: cannot read the {what}: {error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{source}: the {what} is not valid TOML: {error}") from None


def _text(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: {key} must be a non-empty string, not {value!r}")
    return value.strip()


def _listed(path: Path, key: str, data: dict) -> list[object]:
    """Return a sidecar value as a list; an empty list clears a wrongly detected field."""
    value = data[key]
    if isinstance(value, str | list):
        return [value] if isinstance(value, str) else value
    raise ConfigError(f"{path}: {key} must be a string or a list of strings")


def _url(path: Path, key: str, value: object) -> str:
    url = _text(path, key, value)
    if not re.fullmatch(r"https?://[^\s/]+\S*", url):
        raise ConfigError(f"{path}: {key} must hold http(s) URLs, not {url!r}")
    return url


def _iso_date(path: Path, value: object) -> str:
    if isinstance(value, date):  # TOML's own date type: date = 2021-07-26
        return value.isoformat()[:10]
    text = _text(path, "date", value)
    try:
        if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
            date.fromisoformat((text + "-01-01")[:10])
            return text
    except ValueError:
        pass
    raise ConfigError(f"{path}: date must be YYYY-MM-DD, YYYY-MM or YYYY, not {text!r}")
