"""Split clean paragraphs into sentences with stable ids, and say what each paragraph is.

A sentence ends at . ! ? ؟ (and … ) followed by white space, or at the end of
its paragraph, never at an Arabic comma: pyarabic's ``sentence_tokenize``
(and so sumy's Arabic tokenizer) splits at « ، » and cuts sentences in half.
A full stop after an abbreviation (U.S., Dr., د.) or inside a number (3.5)
ends nothing, and a piece without a letter (a list number) joins its
neighbour. A long sentence stays whole.

Every paragraph gets a ``Kind``: HEADING (titles, section headings, date
lines: short, without final punctuation), BYLINE (who wrote it and where:
"بواسطة ...", an institution's name, an author's bio) or BODY. Only BODY
sentences may enter a digest.
"""

from __future__ import annotations

import re

from summaries.model import CleanText, Kind, Paragraph, Segmented, Sentence
from summaries.unwrap import ends_sentence

# Terminators, any closing quotes or brackets after them, then white space or
# an Arabic letter: scraped and typed Arabic often omits the space ("التاسعة.فجاءت").
_SENTENCE_END = re.compile(r"[.!?؟…۔]+[\"'”»)\]]*(?=\s|[\u0621-\u064a])")
_LETTER = re.compile(r"[^\W\d_]")

_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st no nos vs gen col lt sgt capt gov sen rep inc ltd co corp jr sr"
    " jan feb mar apr jun jul aug sep sept oct nov dec fig vol pp".split()
)
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")  # U.S, U.N, e.g, p.m
# A single letter before "." is an initial (د. for Dr., أ. for Prof.), except
# the era letters after a year: "عام 2020 م. وقال".
_ERA_AFTER_NUMBER = re.compile(r"\d\s+(?:م|هـ|ه)$")

# What a paragraph of each kind looks like.
_HEADING_MAX_WORDS = 20
_QUESTION_HEADING_MAX_WORDS = 10
_BYLINE_MAX_WORDS = 20
_ORGANISATION_MAX_WORDS = 8
_BIO_MAX_WORDS = 90
_BY = re.compile(
    r"^(?:بواسطة|بقلم|كتب|كتبه|كتبت|كتبته|إعداد|اعداد|تأليف|ترجمة|by|written by)\b[:\s]",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"^(?:ال)?(?:مركز|معهد|مؤسسة|منتدى)\s|للدراسات|للبحوث|للأبحاث|للاستشارات|think tank"
)
_ROLES = (
    "زميل|زميلة|باحث|باحثة|مدير|مديرة|أستاذ|أستاذة|محلل|محللة|كاتب|كاتبة|صحفي|صحفية"
    "|رئيس|رئيسة|مستشار|مستشارة|عضو|خبير|خبيرة|مؤسس|مؤسسة|محرر|محررة|مراسل|مراسلة"
)
# "<name> هو/هي زميل ..." : one to four words of name, then the role.
_BIO = re.compile(rf"^(?:\S+\s+){{1,4}}(?:هو|هي)\s+[\"'«]?(?:ال)?(?:{_ROLES})")


def split_sentences(paragraph: str) -> list[str]:
    """Return the sentences of one paragraph, stripped, none empty."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        if _is_abbreviation(paragraph, match):
            continue
        pieces.append(paragraph[start : match.end()])
        start = match.end()
    pieces.append(paragraph[start:])
    return _merge_letterless([p.strip() for p in pieces if p.strip()])


def _paragraph_kind(text: str) -> Kind:
    """Return what a clean paragraph is: a heading, a byline or body text."""
    words = len(text.split())
    if _BY.match(text) and words <= _BYLINE_MAX_WORDS:
        return Kind.BYLINE
    if _BIO.match(text) and words <= _BIO_MAX_WORDS:
        return Kind.BYLINE
    if _ORGANISATION.search(text) and words <= _ORGANISATION_MAX_WORDS and not ends_sentence(text):
        return Kind.BYLINE
    if not ends_sentence(text) and words <= _HEADING_MAX_WORDS:
        return Kind.HEADING
    if text.rstrip().endswith(("؟", "?")) and words <= _QUESTION_HEADING_MAX_WORDS:
        return Kind.HEADING
    return Kind.BODY


def segment(clean: CleanText) -> Segmented:
    """Return the document as typed paragraphs of sentences with ids "p<i>.s<j>"."""
    paragraphs = []
    for i, text in enumerate(clean.paragraphs):
        kind = _paragraph_kind(text)
        # A heading is one unit even when it holds a full stop ("العراقي .. السياق").
        parts = [text.strip()] if kind is Kind.HEADING else split_sentences(text)
        sentences = tuple(
            Sentence(id=f"p{i}.s{j}", text=s, paragraph=i, kind=kind) for j, s in enumerate(parts)
        )
        paragraphs.append(Paragraph(index=i, kind=kind, sentences=sentences))
    return Segmented(paragraphs=tuple(paragraphs))


def _is_abbreviation(text: str, match: re.Match[str]) -> bool:
    """Tell whether the full stop of match closes an abbreviation rather than a sentence."""
    if match.group().rstrip("\"'”»)]") != ".":
        return False
    before = text[: match.start()]
    word = before.rsplit(maxsplit=1)[-1] if before.strip() else ""
    if _DOTTED.match(word) or word.lower() in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and not _ERA_AFTER_NUMBER.search(before)


def _merge_letterless(sentences: list[str]) -> list[str]:
    """Return sentences where a piece without any letter is joined to the next (or previous) one."""
    merged: list[str] = []
    carry = ""
    for sentence in sentences:
        sentence = f"{carry} {sentence}".strip() if carry else sentence
        carry = ""
        if _LETTER.search(sentence):
            merged.append(sentence)
        else:
            carry = sentence
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    return merged
