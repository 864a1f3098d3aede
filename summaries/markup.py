"""Links, URLs and the site around an article in scraped web text.

Scrapes arrive as markdown-ish text: links whose text hides a site path
(«[دانا ستروول \\(ar/experts/dana-strwl/\\)](#)»), the same URL a dozen
times, navigation and language lists, labels such as «تحليل موجز», and after
the article the related articles, topic lists and comments. ``clean`` keeps
every address in ``CleanText.urls`` (``find_urls``), then keeps only what a
reader sees: link text, not links (``strip_markup``), and no site lines
(``cut_site_tail``, ``drop_site_lines``).
"""

from __future__ import annotations

import re

from summaries.words import normalize, tokens

# Labels that start the site around an article: related articles, topic
# lists, comments. After the article has begun, everything from one of these
# on is dropped; before it, the label line alone is.
_TAIL_LABELS = frozenset(
    normalize(label)
    for label in (
        "brief analysis", "تحليل موجز", "topics", "المواضيع", "مواضيع", "مواضيع ذات صلة",
        "مقالات ذات صلة", "أخبار ذات صلة", "related", "related articles", "اقرأ أيضا",
        "اقرأ أيضاً", "read more", "read also", "تعليقات الموقع", "التعليقات", "تعليقات",
        "comments", "أضف تعليقا", "leave a comment", "الأكثر قراءة", "most read",
    )
)  # fmt: skip
_SITE_LABELS = _TAIL_LABELS | frozenset(
    normalize(label)
    for label in (
        "عن المؤلفين", "عن المؤلف", "عن الكاتب", "about the authors", "about the author",
        "متوفر أيضا باللغات", "also available in", "رابط المقال", "رابط الخبر", "رابط مختصر",
        "المصدر", "source", "شارك", "شارك المقال", "مشاركة", "share", "طباعة", "print",
        "تابعنا", "الرئيسية", "home", "تحميل", "download", "pdf",
    )
)  # fmt: skip
_LANGUAGE_NAMES = frozenset(
    "english français french farsi فارسی فارسي español deutsch türkçe русский"
    " العربية عربي الإنجليزية الانجليزية الفرنسية".split()
)
_CRUMB_START = frozenset({"الرئيسيه", "home"})
# The article has begun after a line this long, or after so many fairly long
# (PDF) lines; before that a tail label is only a label ("تحليل موجز" above the text).
_BODY_WORDS = 25
_LONG_LINE_WORDS = 10
_BODY_LINES = 5
_CARD_WORDS = 8  # link text up to this long on a line of its own is navigation

_LINK = re.compile(r"\[((?:\\.|[^\[\]\\])*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
_WRAPPED_AUTOLINK = re.compile(r"\(\s*<https?://[^>\s]*>\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]*)>")
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+")
_URL_TRAILER = ".,;:!?'\"»”’"
_PATH_IN_TEXT = re.compile(r"\(\s*(/?[\w.%-]+(?:/[\w.%-]*)+)\s*\)")
_CLEAN_TARGET = re.compile(r"^(?:https?://[^\s()<>]+|/?[\w.%-]+(?:/[\w.%?=&-]*)+)$")
_SLUG = re.compile(r"^[\x21-\x7e]*[-/:][\x21-\x7e]*$")
_BOLD_SLUG = re.compile(r"\*\*[\w./-]*-[\w./-]*\*\*")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_WORDY = re.compile(r"\w")


def _label_key(line: str) -> str:
    return " ".join(tokens(line))


def cut_site_tail(lines: list[str]) -> list[str]:
    """Return the lines before the first related/topics/comments label after the article."""
    long_lines = 0
    for i, line in enumerate(lines):
        words = len(line.split())
        started = long_lines >= _BODY_LINES or words >= _BODY_WORDS
        if started and _label_key(line) in _TAIL_LABELS:
            return lines[:i]
        long_lines += words >= _LONG_LINE_WORDS
    return lines


def find_urls(lines: list[str]) -> list[str]:
    """Return every link target, bare URL and site path of the lines, in order of appearance."""
    found: list[str] = []
    for line in lines:
        spans: list[tuple[int, str]] = []
        for m in _LINK.finditer(line):
            spans += [(m.start(), p) for p in _PATH_IN_TEXT.findall(_unescape(m.group(1)))]
            spans.append((m.start(2), m.group(2)))
        for m in _BARE_URL.finditer(line):
            if not any(a <= m.start() < b for a, b in _link_spans(line)):
                spans.append((m.start(), m.group().rstrip(_URL_TRAILER)))
        found += [url for _, url in sorted(spans) if _CLEAN_TARGET.match(url)]
    return found


def _link_spans(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _LINK.finditer(line)]


def unique_urls(urls: list[str]) -> list[str]:
    """Return urls without repeats and without pieces cut off at a hyphen of a longer one."""
    seen: dict[str, str] = {}
    for url in urls:
        seen.setdefault(url.rstrip("/"), url)
    kept = list(seen.values())
    return [
        u for u in kept if not (u.endswith("-") and any(v != u and v.startswith(u) for v in kept))
    ]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _visible_link_text(match: re.Match[str]) -> str:
    text = _PATH_IN_TEXT.sub(" ", _unescape(match.group(1))).strip()
    text = text.strip("() ")
    # Link text that is itself a URL or a slug is the site showing its address.
    return "" if _SLUG.match(text) else f" {text} "


def strip_markup(line: str) -> str | None:
    """Return the line's visible text without links or URLs; None for a line of links only.

    A line of links only is navigation or an author card («[name (path)](#)»),
    unless its link text is long enough to be prose.
    """
    text = _WRAPPED_AUTOLINK.sub(" ", line)
    outside = _BARE_URL.sub(" ", _AUTOLINK.sub(" ", _LINK.sub(" ", text)))
    text = _LINK.sub(_visible_link_text, text)
    text = _BARE_URL.sub(" ", _AUTOLINK.sub(" ", text))
    text = _unescape(_EMPHASIS.sub(r"\2", _BOLD_SLUG.sub(" ", text)))
    if outside != line and not _WORDY.search(outside) and len(text.split()) <= _CARD_WORDS:
        return None
    return text.strip()


def _is_site_line(line: str) -> bool:
    if not _WORDY.search(line):
        return True
    if len(line.split()) > _CARD_WORDS:  # labels and crumbs are short
        return False
    key = _label_key(line)
    words = key.split()
    if key in _SITE_LABELS:
        return True
    if words and words[0] in _CRUMB_START and len(words) <= 5:
        return True
    return bool(words) and all(w in _LANGUAGE_NAMES for w in words)


def drop_site_lines(lines: list[str]) -> list[str]:
    """Return the lines with navigation, labels, language lists and breadcrumbs blanked out."""
    return ["" if line.strip() and _is_site_line(line) else line for line in lines]
