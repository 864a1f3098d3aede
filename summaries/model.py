"""The data that moves between pipeline stages.

Every type is a frozen, slotted dataclass and every collection a tuple, so a
stage can never change what an earlier stage produced, and values compare and
hash by content. The flow is::

    read(path)        -> RawDocument
    clean(raw)        -> CleanText
    segment(clean)    -> Segmented
    digest(segmented) -> Digest
    figures(...)      -> tuple[Figure, ...]
    topics(...)       -> tuple[TopicMatch, ...]
    sources(...)      -> Sources
    all of it         -> Briefing -> store
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A file's text as read from disk, before any repair."""

    name: str
    text: str
    encoding: str
    format: str
    # What the file format itself says (HTML <title>, og:url, DOCX core
    # properties); plain-text readers leave these empty.
    title: str | None = None
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CleanText:
    """The text a reader would see, as repaired paragraphs.

    ``urls`` keeps every link found in the raw text (first-seen order, no
    repeats) because cleaning removes them from the prose but they are the
    best source candidates.
    """

    paragraphs: tuple[str, ...]
    urls: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class Kind(StrEnum):
    """What a paragraph is; only body sentences may enter a digest."""

    HEADING = "heading"
    BYLINE = "byline"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with an id that stays the same while its paragraph does."""

    id: str  # "p<paragraph>.s<sentence>", both counted from 0
    text: str
    paragraph: int
    kind: Kind = Kind.BODY


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    kind: Kind
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Segmented:
    """A document as paragraphs and sentences."""

    paragraphs: tuple[Paragraph, ...]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def body(self) -> tuple[Sentence, ...]:
        """The sentences a digest may use: no headlines, no bylines."""
        return tuple(s for s in self.sentences if s.kind is Kind.BODY)

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)


@dataclass(frozen=True, slots=True)
class Digest:
    """A short briefing: whole sentences of the document, in document order."""

    sentences: tuple[Sentence, ...]
    method: str

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a briefing reader wants, with what it counts.

    ``value`` is normalised (155 مليون دولار -> 155000000.0, a year -> 2021.0);
    ``unit`` is a short code ("USD", "%", "troops", "year", ...); ``surface``
    is the figure as written in its sentence.
    """

    kind: str  # money | count | percent | duration | ordinal | date | year
    value: float
    unit: str
    surface: str
    label_ar: str
    label_en: str
    sentence_id: str


@dataclass(frozen=True, slots=True)
class Topic:
    """One entry of the bilingual taxonomy (summaries/data/topics.toml)."""

    id: str
    name_ar: str
    name_en: str
    terms_ar: tuple[str, ...]
    terms_en: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """A topic a document covers, with its supporting sentences (best first)."""

    topic_id: str
    score: float
    sentence_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sources:
    """Where a document comes from. ``urls`` is empty when no link is known."""

    title: str | None = None
    title_en: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    urls: tuple[str, ...] = ()
    language: str = "ar"


@dataclass(frozen=True, slots=True)
class English:
    """The English side of a briefing (its own issue); ``backend`` says who made it."""

    digest: str
    backend: str
    translated: bool = False


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything the pipeline computes for one document."""

    segmented: Segmented
    digest: Digest
    figures: tuple[Figure, ...]
    topics: tuple[TopicMatch, ...]
    sources: Sources
    english: English | None = None


class Status(StrEnum):
    OK = "ok"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Document:
    """A file's record in the store; ``id`` is the short number users type."""

    id: int
    name: str
    content_hash: str
    status: Status
    size: int
    ingested_at: datetime
    pipeline_version: str
    reason: str | None = None


class Outcome(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What ingest did with one file."""

    name: str
    outcome: Outcome
    doc_id: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class StoredBriefing:
    """A document with its briefing, as the store gives it back."""

    document: Document
    briefing: Briefing


@dataclass(frozen=True, slots=True)
class Passage:
    """One stored sentence with the document it comes from (topic digests, search)."""

    document: Document
    sources: Sources
    sentence: Sentence
    score: float


# -- daily push: subscriptions (issue 4) ---------------------------------------


# -- daily push: delivery log (issue 4) -----------------------------------------


# -- English briefings (issue 6) ------------------------------------------------
