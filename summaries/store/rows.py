"""Rows to model objects, shared by the store's read and write sides."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.engine import RowMapping

from summaries.model import (
    Document,
    Figure,
    Kind,
    Passage,
    Sentence,
    Sources,
    Status,
    TitleOrigin,
)


def document_from_row(row: RowMapping) -> Document:
    return Document(
        id=row["id"],
        name=row["name"],
        content_hash=row["content_hash"],
        status=Status(row["status"]),
        size=row["size"],
        ingested_at=datetime.fromisoformat(row["ingested_at"]),
        pipeline_version=row["pipeline_version"],
        reason=row["reason"],
    )


def figure_from_row(row: RowMapping) -> Figure:
    """Return the Figure of a figures or fact_statements row."""
    return Figure(
        row["kind"],
        row["value"],
        row["unit"],
        row["surface"],
        row["label_ar"],
        row["label_en"],
        row["sentence_id"],
    )


def sources_from_row(row: RowMapping) -> Sources:
    return Sources(
        title=row["title"],
        title_en=row["title_en"],
        publisher=row["publisher"],
        authors=tuple(json.loads(row["authors"])),
        date=row["date"],
        urls=tuple(json.loads(row["urls"])),
        language=row["language"],
        title_origin=_origin(row, "title_origin"),
        title_en_origin=_origin(row, "title_en_origin"),
    )


def _origin(row: RowMapping, column: str) -> TitleOrigin | None:
    """Return a stored title origin; None before it was stored or for an unknown value."""
    try:
        return TitleOrigin(row[column]) if row[column] else None
    except ValueError:
        return None


def passage_from_row(row: RowMapping, score: float = 1.0) -> Passage:
    """Return a search hit: a sentences row (with sentence_english) joined to its documents row."""
    return Passage(
        document_from_row(row),
        sources_from_row(row),
        Sentence(row["sid"], row["text"], row["paragraph"], Kind(row["kind"])),
        score,
        row["sentence_english"],
    )
