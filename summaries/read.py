"""Read a dropped file into a RawDocument, or say why it cannot be read.

Readers are chosen by file suffix from ``READERS``: plain text here (its
encoding found from the bytes by ``summaries.decode``), HTML, PDF and DOCX in
their own modules. Every reader takes (path, bytes) and returns a
RawDocument, with the title and links the format itself states when it has
them. The file is only ever opened for reading.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from summaries.decode import decode_text
from summaries.errors import EmptyFile, FileTooLarge, UnsupportedFormat
from summaries.model import RawDocument
from summaries.read_docx import read_docx
from summaries.read_html import read_html
from summaries.read_pdf import read_pdf

logger = logging.getLogger(__name__)

Reader = Callable[[Path, bytes], RawDocument]

MAX_BYTES = 20_000_000


def read(path: Path, *, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Return the file's text as a RawDocument; raise a RejectedFile subclass if unusable."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UnsupportedFormat(f"unsupported format: {suffix or '(no extension)'}")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(f"file is {_megabytes(size)}, the limit is {_megabytes(max_bytes)}")
    if size == 0:
        raise EmptyFile("the file is empty")
    with path.open("rb") as handle:  # read-only: a dropped file is never changed
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while we looked
        raise FileTooLarge(f"file is over {_megabytes(max_bytes)}, the limit")
    return reader(path, data)


def _read_text(path: Path, data: bytes) -> RawDocument:
    """Return a .txt or .md file as a RawDocument, its encoding found from the bytes."""
    text, encoding = decode_text(data)
    if not text.strip():
        raise EmptyFile("the file holds only white space")
    logger.debug("read %s as %s", path.name, encoding)
    return RawDocument(
        name=path.name,
        text=text,
        encoding=encoding,
        format=path.suffix.lower().lstrip("."),
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# suffix -> reader; a new format is one function and one entry here.
READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
