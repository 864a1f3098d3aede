"""Mujaz summaries: Arabic documents in, briefings out (no Telegram here).

The bot and other callers use only the names below.
"""

from importlib.metadata import version as _package_version

from summaries.config import Settings, environment
from summaries.errors import (
    ConfigError,
    MujazError,
    RejectedFile,
    SchemaTooNew,
    StoreError,
    UnknownDigester,
    UnknownDocument,
    UnknownTopic,
)
from summaries.model import (
    Briefing,
    Digest,
    Document,
    English,
    Figure,
    IngestResult,
    Kind,
    Outcome,
    Passage,
    Sentence,
    Sources,
    Status,
    StoredBriefing,
    Topic,
    TopicMatch,
)
from summaries.pipeline import Pipeline, ingest, ingest_file, is_document
from summaries.report import format_value
from summaries.store import Store, utc_now
from summaries.topics import load_taxonomy, resolve_topic

__version__ = _package_version("mujaz")

__all__ = [
    "Briefing",
    "ConfigError",
    "Digest",
    "Document",
    "English",
    "Figure",
    "IngestResult",
    "Kind",
    "MujazError",
    "Outcome",
    "Passage",
    "Pipeline",
    "RejectedFile",
    "SchemaTooNew",
    "Sentence",
    "Settings",
    "Sources",
    "Status",
    "Store",
    "StoreError",
    "StoredBriefing",
    "Topic",
    "TopicMatch",
    "UnknownDigester",
    "UnknownDocument",
    "UnknownTopic",
    "__version__",
    "environment",
    "format_value",
    "ingest",
    "ingest_file",
    "is_document",
    "load_taxonomy",
    "resolve_topic",
    "utc_now",
]
