"""Read a Word .docx file into a RawDocument with python-docx (MIT).

The body's paragraphs and tables come in document order, one paragraph a
line; a table gives the text of each cell once (merged cells repeat in
python-docx) in row order. Headers, footers and comments are page furniture,
not the article. The title comes from the document's core properties.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

from summaries.decode import binary_kind
from summaries.errors import BinaryContent, EmptyFile, UndecodableText
from summaries.model import RawDocument

logger = logging.getLogger(__name__)

_ZIP = b"PK\x03\x04"


def read_docx(path: Path, data: bytes) -> RawDocument:
    """Return the text of a .docx file as a RawDocument, its title from the core properties."""
    if not data.startswith(_ZIP):
        what = binary_kind(data) or "not a Word document"
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            what = "an old Word .doc file (or another old Office file)"
        raise BinaryContent(
            f"the file is named .docx but is {what}; save it from Word as .docx, or as .txt"
        )
    # Imported here: only .docx files need python-docx.
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises zip, package and XML errors alike
        logger.debug("python-docx failed", exc_info=True)
        raise UndecodableText(
            "the file is a ZIP archive but not a readable Word document "
            f"({type(error).__name__}); open it in Word and save it again as .docx"
        ) from error
    paragraphs = [text for text in _texts(document) if text]
    if not paragraphs:
        raise EmptyFile("the Word document holds no text (only pictures or empty pages?)")
    title = " ".join((document.core_properties.title or "").split()) or None
    logger.debug("read %s: %d paragraphs", path.name, len(paragraphs))
    return RawDocument(
        name=path.name,
        text="\n\n".join(paragraphs),
        encoding="utf-8",
        format="docx",
        title=title,
    )


def _texts(container) -> Iterator[str]:
    """Yield the stripped text of each paragraph of a body or cell, tables included, in order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen: set[object] = set()  # the cells' XML elements (kept alive, so one proxy each)
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:  # a merged cell is listed once per grid cell
                        seen.add(cell._tc)
                        yield from _texts(cell)
        else:
            yield block.text.strip()
