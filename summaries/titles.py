"""A title for a document that has no headline, taken from its own text.

When neither the file (page title, DOCX/PDF property) nor the text (a
headline among its first paragraphs) gives a title, one is derived, in this
order:

1. a section heading of the text: a heading paragraph of at least
   MIN_HEADING_WORDS words that is neither a date nor a label;
2. the lead sentence's main clause: the first body sentence without its
   dateline («بغداد –») and time phrases («يوم الاثنين 26 يوليو/تموز»), from
   the first clause that is not a subordinate opener («عندما…»، «على الرغم
   من…»), cut at a clause boundary (« ، » « ؛ », «لكن», «حيث», ...) and, if
   still too long, at a phrase boundary (before a preposition), at most
   MAX_TITLE_CHARS characters.

Every word of a derived title is a word of the document, in its order:
nothing is paraphrased or invented. ``derive_title`` is pure.
"""

from __future__ import annotations

import re

from summaries.model import Kind, Segmented, TitleOrigin

MAX_TITLE_CHARS = 90
# A lead clause shorter than this takes the next clause with it (when it fits).
MIN_TITLE_CHARS = 30
MIN_TITLE_WORDS = 4
# "تحليل موجز", "اتجاهات مستقبلية": two-word headings are labels, not titles.
MIN_HEADING_WORDS = 3
MIN_HEADING_LETTERS = 10

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_MONTHS = (
    "يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر"
    "|اكتوبر|نوفمبر|ديسمبر|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول"
    "|تشرين الأول|تشرين الثاني|كانون الأول"
)
_WEEKDAYS = "الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد"
_END = r"(?=[\s،,؛;.:]|$)"
# «في 19 آب/أغسطس»، «26 يوليو/تموز 2021»
_DATE_PHRASE = re.compile(
    rf"(?:\s(?:في|يوم))?\s\d{{1,2}}\s(?:{_MONTHS})(?:\s?/\s?(?:{_MONTHS}))?(?:\s\d{{4}})?"
    rf"(?:\s(?:القادم|المقبل|الماضي))?{_END}"
)
# «يوم الاثنين»، «الجمعة الماضي»
_WEEKDAY_PHRASE = re.compile(
    rf"\s(?:(?:في\s)?يوم\s)?(?:{_WEEKDAYS})(?:\s(?:الماضي|المقبل|القادم))?{_END}"
)
# «بغداد –», «واشنطن - »: a news dateline before the first word of the story.
_DATELINE = re.compile(r"^[\u0621-\u064a]+(?:\s[\u0621-\u064a]+)?\s*[–—-]\s+")
# Where one clause ends and the next begins: punctuation, or a word that opens a clause.
_CLAUSE_WORDS = (
    "لكن|ولكن|لكنّ|ولكنّ|بل|حيث|إذ|بينما|وبينما|في حين|فيما|مما|الأمر الذي|وذلك|عندما"
    "|حينما|بعدما|كما أن|إلا أن|غير أن"
)
_CLAUSE_BREAK = re.compile(rf"\s*[،,؛;:]\s+|\s+[–—]\s+|\s+(?=(?:{_CLAUSE_WORDS})\s)")
# A clause that opens with one of these is subordinate ("when ...", "despite ...",
# "in ..."): the main clause follows it.
_SUBORDINATE = re.compile(
    r"^(?:[وف])?(?:عندما|حينما|حين|لما|إذا|اذا|إن|لو|رغم|برغم|بالرغم|على الرغم|مع أن|بعد أن"
    r"|قبل أن|منذ أن|بينما|في حين|فيما|كلما|باعتبار\w*|بعد|قبل|وفقا|وفقًا|بحسب|حسب|في ظل"
    r"|وسط|خلال|منذ|في|من جهة|من ناحية|أما)\s"
)
# Words a long clause may be cut before, keeping a whole phrase.
_PHRASE_WORDS = frozenset(
    "في على من إلى الى عن مع حول بين بعد قبل منذ خلال عبر نحو ضد لدى عند الذي التي الذين"
    " اللذين اللتين بسبب بشأن ضمن دون".split()
)
# What a file format may state as its title without it being one: a file name,
# a hash, a word processor's placeholder.
_NOT_A_TITLE = re.compile(
    r"\.(?:txt|md|html?|pdf|docx?|odt|rtf)$|^(?:microsoft (?:word|powerpoint)\s*-|untitled\b)"
    r"|^(?:document|doc|مستند|وثيقة)\s*\d*$|^(?=.*\d)[0-9a-f_-]{8,}$",
    re.IGNORECASE,
)
_TRAILING = " \t.,،؛;:!?؟…-–—\"'«»“”()[]"
_QUOTE_PAIRS = (('"', '"'), ("«", "»"), ("“", "”"), ("(", ")"), ("[", "]"))


def derive_title(segmented: Segmented) -> tuple[str, TitleOrigin] | None:
    """Return a title from the text (a section heading, else the lead clause) and its origin."""
    heading = section_heading(segmented)
    if heading is not None:
        return heading, TitleOrigin.HEADING
    for sentence in segmented.body:
        title = lead_title(sentence.text)
        if title is not None:
            return title, TitleOrigin.LEAD
    return None


def is_stated_title(title: str | None, file_name: str) -> bool:
    """Tell whether a title the file states is one: not its file name, a hash or a placeholder."""
    text = " ".join((title or "").split())
    stem = file_name.rsplit(".", 1)[0]
    return bool(text) and text not in (file_name, stem) and not _NOT_A_TITLE.search(text)


def section_heading(segmented: Segmented) -> str | None:
    """Return the first heading paragraph that reads as a title (words, no date, no label)."""
    for paragraph in segmented.paragraphs:
        if paragraph.kind is not Kind.HEADING:
            continue
        text = _tidy(re.sub(r"^[#\s]+|[\[\]*]", "", paragraph.text))
        words = text.split()
        letters = len(_ARABIC_LETTER.findall(text))
        if (
            len(words) >= MIN_HEADING_WORDS
            and letters >= MIN_HEADING_LETTERS
            and len(text) <= MAX_TITLE_CHARS
            and not re.search(r"\d|https?:|/", text)
            and not paragraph.text.rstrip().endswith(":")
        ):
            return text
    return None


def lead_title(sentence: str, limit: int = MAX_TITLE_CHARS) -> str | None:
    """Return the main clause of a sentence, cut at a clause boundary, at most limit characters.

    None when the sentence has fewer than MIN_TITLE_WORDS words to give.
    """
    text = _DATELINE.sub("", " ".join(sentence.split()))
    text = _WEEKDAY_PHRASE.sub("", _DATE_PHRASE.sub("", text))
    clauses = [c for c in (_tidy(c) for c in _CLAUSE_BREAK.split(text)) if c]
    if not clauses:
        return None
    start = 0
    while start + 1 < len(clauses) and _SUBORDINATE.match(clauses[start]):
        start += 1
    title = clauses[start]
    for following in clauses[start + 1 :]:
        if len(title) >= MIN_TITLE_CHARS and len(title.split()) >= MIN_TITLE_WORDS:
            break
        joined = f"{title}، {following}"
        if len(joined) > limit:
            break
        title = joined
    if len(title) > limit:
        title = _cut_phrase(title, limit)
    title = _tidy(title)
    return title if len(title.split()) >= MIN_TITLE_WORDS else None


def _cut_phrase(text: str, limit: int) -> str:
    """Return text cut before the last preposition that keeps it within limit, else at a word."""
    words = text.split()
    best = None
    for i in range(MIN_TITLE_WORDS, len(words)):
        head = " ".join(words[:i])
        if len(head) > limit:
            break
        if words[i] in _PHRASE_WORDS and words[i - 1] not in _PHRASE_WORDS:
            best = head
    if best is not None:
        return best
    head = ""
    for word in words:
        if len(head) + len(word) + 1 > limit:
            break
        head = f"{head} {word}".strip()
    return head


def _tidy(text: str) -> str:
    """Return text without end punctuation and without unpaired quotes or brackets."""
    text = " ".join(text.split()).strip(_TRAILING)
    for opening, closing in _QUOTE_PAIRS:
        unpaired = (
            text.count(opening) % 2
            if opening == closing
            else text.count(opening) != text.count(closing)
        )
        if unpaired:
            text = text.replace(opening, "").replace(closing, "")
    return " ".join(text.split()).strip(_TRAILING)
