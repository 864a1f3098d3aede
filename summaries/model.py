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


class TitleOrigin(StrEnum):
    """Where a title came from (stored with it; /sources says so when it was made, not found)."""

    DOCUMENT = "document"  # the headline of the text
    PAGE = "page"  # what the file format states: HTML title, og:title, DOCX/PDF property
    SIDECAR = "sidecar"  # NAME.meta.toml
    URL = "url"  # the English words of the document's own link
    HEADING = "heading"  # derived: a section heading of the text
    LEAD = "lead"  # derived: the lead sentence's main clause
    TRANSLATED = "translated"  # the Arabic title, machine-translated
    DESCRIBED = "described"  # English built from publisher, kind, date, topic and people


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
    title_origin: TitleOrigin | None = None
    title_en_origin: TitleOrigin | None = None


@dataclass(frozen=True, slots=True)
class English:
    """The English side of a briefing, made at ingest; ``backend`` says who made it.

    ``digest`` is machine translation and is empty when ``translated`` is
    False: without a translation model no English digest is invented, and an
    English briefing is made of ``names``, ``authors``, the figures' English
    labels and the topics instead. ``sentences`` holds (sentence id, English)
    for every sentence the model translated, so topic digests and search can
    answer in English without translating at request time.
    """

    digest: str
    backend: str  # "none" when no translation model was installed
    translated: bool = False
    names: tuple[Name, ...] = ()
    authors: tuple[str, ...] = ()  # Sources.authors in English, same order
    sentences: tuple[tuple[str, str], ...] = ()
    title: str | None = None  # stored as Sources.title_en: own, translated or described


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything the pipeline computes for one document."""

    segmented: Segmented
    digest: Digest
    figures: tuple[Figure, ...]
    topics: tuple[TopicMatch, ...]
    sources: Sources
    english: English | None = None
    timeline: tuple[TimelineEntry, ...] = ()  # dated events (issue 12, summaries/timeline.py)


class Status(StrEnum):
    OK = "ok"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"
    SUPERSEDED = "superseded"  # replaced by an updated version of the same article


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
    english: str | None = None  # the sentence's stored translation, when a model made one


# -- English briefings (issue 6) ------------------------------------------------


NAME_KINDS = ("person", "organisation", "place")


@dataclass(frozen=True, slots=True)
class Name:
    """A person, organisation or place a document names, with its English form.

    ``arabic`` is the form shown in parentheses after ``english``; ``source``
    says where the English came from ("gazetteer" or "romanizer");
    ``sentence_ids`` are the sentences that name it, in document order.
    """

    arabic: str
    english: str
    kind: str  # one of NAME_KINDS
    count: int
    source: str = "gazetteer"
    sentence_ids: tuple[str, ...] = ()


# -- inline mode: briefings to share (issue 11) ----------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """A briefing small enough to share: a served document and the start of what it says.

    ``digest`` holds the stored digest's sentences in order; ``english`` their
    machine translations in the same order, empty unless a model translated
    the document (and its translation passed the checks); ``topics`` the
    document's topic ids, strongest first; ``names`` its most named people,
    organisations and places, with their English forms.
    """

    document: Document
    sources: Sources
    digest: tuple[Sentence, ...]
    english: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    names: tuple[Name, ...] = ()


# -- corpus facts: one fact, many sources (issue 12) -----------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    """One document's statement of a figure, as linked across the corpus.

    ``key`` names what is counted (kind, unit and the canonical words of the
    label: "count|troops|us"); statements sharing a key and a value are one
    corpus fact. ``details`` are the label's other canonical words, ``places``
    the places its sentence names and ``when`` the document's date: disputes
    are only called between statements that agree on all three.
    """

    doc_id: int
    position: int  # the figure's index in its document
    sentence_id: str
    figure: Figure
    key: str
    hedge: str = ""  # "about", "more than", ... ("" when the figure is exact)
    details: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    when: str | None = None  # Sources.date of the document (ISO 8601), None if unknown
    named: bool = True  # the label says what is counted, not only the unit
    salience: float = 0.0


@dataclass(frozen=True, slots=True)
class CorpusFact:
    """A figure as the corpus states it: its sources, and the values that dispute it.

    ``sources`` is how many documents state it and ``doc_ids`` which (a key
    list read from the store carries the first few); ``statements`` give the
    same value for the same thing, best-labelled first (a key list carries
    only the first, ``Store.corpus_fact`` up to the limit asked for);
    ``rivals`` are statements of other documents giving another value for
    the same thing at the same time and place (then ``disputed``).
    """

    id: int
    key: str
    figure: Figure  # the representative statement's figure (value, label, surface)
    statements: tuple[Statement, ...]
    salience: float
    sources: int = 1
    doc_ids: tuple[int, ...] = ()
    disputed: bool = False
    rivals: tuple[Statement, ...] = ()
    rival_facts: tuple[int, ...] = ()  # ids of the facts that dispute this one


# -- timeline of dated events (issue 12) ----------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated event a document reports: the date, the clause around it, its keys.

    ``date`` is ISO 8601 with the year the text or the document's own date
    gives ("2020-08-19", "2020-06"), or "--08-19" when neither does (the
    store may still date it from another document, see summaries/timeline.py).
    ``keys`` are what "the same event" is decided on: stems of the clause's
    content words and "@" + the English form of each name in it.
    """

    date: str
    surface: str  # the date as written: «19 آب/أغسطس»
    clause_ar: str
    clause_en: str  # "" when nothing English can be said of it
    sentence_id: str
    keys: tuple[str, ...]
    year_from: str = "text"  # "text", "document" (its date) or "" (no year yet)


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """One document's report of a timeline event: its date as given, its clause."""

    document: Document
    sources: Sources
    date: str
    clause_ar: str
    clause_en: str
    sentence_id: str
    year_from: str  # "text", "document" or "context" (the year another document gives)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event of the merged timeline with every document reporting it.

    ``date`` is the most precise date its sources agree on; ``disputed``
    holds the other dates that sources give for what looks like the same
    event (empty when they agree). ``sources`` holds the first few reports
    (the store reads five), ``reports`` counts them all.
    """

    id: int
    date: str
    sources: tuple[TimelineSource, ...]  # the first few, most precise date first
    disputed: tuple[TimelineSource, ...] = ()
    reports: int = 0  # how many sources report it in all (``sources`` may hold fewer)

    @property
    def lead(self) -> TimelineSource:
        """Return the source whose clause the timeline shows."""
        return self.sources[0]
