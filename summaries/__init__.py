"""Mujaz summaries: Arabic documents in, briefings out (no Telegram here).

The bot and other callers use only the names below.
"""

from importlib.metadata import version as _package_version

from summaries.config import Settings, environment
from summaries.describe import display_title
from summaries.errors import (
    BadStoreTarget,
    ConfigError,
    MujazError,
    RejectedFile,
    SchemaTooNew,
    StoreError,
    StoreUnavailable,
    UnknownDigester,
    UnknownDocument,
    UnknownTopic,
)
from summaries.model import (
    Briefing,
    Card,
    CorpusFact,
    Digest,
    Document,
    English,
    Figure,
    IngestResult,
    Kind,
    Name,
    Outcome,
    Passage,
    Sentence,
    Sources,
    Statement,
    Status,
    StoredBriefing,
    TimelineEntry,
    TimelineEvent,
    TimelineSource,
    TitleOrigin,
    Topic,
    TopicMatch,
)
from summaries.pipeline import Pipeline, ingest, ingest_file, is_document, supported_suffixes
from summaries.report import english_label, figure_line, format_value, sources_phrase
from summaries.store import Store, iso, utc_now
from summaries.timeline import format_date
from summaries.topics import load_taxonomy, resolve_topic
from summaries.translate import Translator, load_translator
from summaries.watch import Batch, WatchMode, sync_batch, watch_batches

__version__ = _package_version("mujaz")

__all__ = [
    "BadStoreTarget",
    "Batch",
    "Briefing",
    "Card",
    "ConfigError",
    "CorpusFact",
    "Digest",
    "Document",
    "English",
    "Figure",
    "IngestResult",
    "Kind",
    "MujazError",
    "Name",
    "Outcome",
    "Passage",
    "Pipeline",
    "RejectedFile",
    "SchemaTooNew",
    "Sentence",
    "Settings",
    "Sources",
    "Statement",
    "Status",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredBriefing",
    "TimelineEntry",
    "TimelineEvent",
    "TimelineSource",
    "TitleOrigin",
    "Topic",
    "TopicMatch",
    "Translator",
    "UnknownDigester",
    "UnknownDocument",
    "UnknownTopic",
    "WatchMode",
    "__version__",
    "display_title",
    "english_label",
    "environment",
    "figure_line",
    "format_date",
    "format_value",
    "ingest",
    "ingest_file",
    "is_document",
    "iso",
    "load_taxonomy",
    "load_translator",
    "resolve_topic",
    "sources_phrase",
    "supported_suffixes",
    "sync_batch",
    "utc_now",
    "watch_batches",
]
