"""Read a PDF's text layer into a RawDocument, Arabic in reading order.

pdfminer.six (MIT) parses the PDF and names every glyph with its position;
``pdf_layout.arrange`` puts the glyphs into lines, words and paragraphs
itself, because the extractors' own text output loses spaces, reverses
Arabic or breaks «لا» (measured in bench/results/pdf_readers.md).
Presentation forms (ﻻ, ﺍ, ...) become plain letters here, so the sources
stage sees the same words as the rest of the pipeline.

Refused with a reason a person can act on: bytes that are not a PDF, a
damaged or password-protected PDF, and a PDF without a text layer (a scan).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from pathlib import Path

from summaries.decode import binary_kind
from summaries.errors import BinaryContent, EmptyFile, UndecodableText
from summaries.model import RawDocument
from summaries.pdf_layout import Glyph, arrange

logger = logging.getLogger(__name__)

# The header may follow a little junk (PDF 1.7, 7.5.2 allows it in practice).
_HEADER_WINDOW = 1024
# Below this share of glyphs with a known character, the fonts do not say
# which letters they draw (no ToUnicode map): the text would be garbage.
_MIN_KNOWN_SHARE = 0.5
_UNKNOWN_GLYPH = re.compile(r"\(cid:\d+\)")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
# Producers that put the file name, not a title, in the document information.
_NOT_A_TITLE = re.compile(
    r"^(microsoft (word|powerpoint)\s*-|untitled)|\.(docx?|pdf|odt|rtf)$", re.I
)


def read_pdf(path: Path, data: bytes) -> RawDocument:
    """Return the PDF's text as a RawDocument; raise a RejectedFile subclass if it has none."""
    _check_header(data)
    document, pages = _glyphs(data)
    glyphs = [g for page in pages for g in page]
    unknown = sum(1 for g in glyphs if _UNKNOWN_GLYPH.fullmatch(g.text))
    if not glyphs:
        raise EmptyFile(
            "the PDF has no text layer (it looks like a scan or pictures of pages); "
            "run text recognition (OCR) on it or save the text as a .txt file"
        )
    if unknown / len(glyphs) > 1 - _MIN_KNOWN_SHARE:
        raise UndecodableText(
            "the PDF's fonts do not say which letters they draw, so its text cannot be "
            "read; export the PDF again from the original document or save it as .docx"
        )
    known = [[g for g in page if not _UNKNOWN_GLYPH.fullmatch(g.text)] for page in pages]
    text = "\n\n".join(arrange(known))
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)
    logger.debug("read %s: %d pages, %d glyphs", path.name, len(pages), len(glyphs))
    return RawDocument(
        name=path.name, text=text, encoding="pdf", format="pdf", title=_title(document)
    )


def _check_header(data: bytes) -> None:
    if b"%PDF-" in data[:_HEADER_WINDOW]:
        return
    what = binary_kind(data)
    if what is None:
        what = "text" if _looks_like_text(data) else "binary data of an unknown kind"
    raise BinaryContent(
        f"the file is named .pdf but is {what}, not a PDF; give it its proper extension"
    )


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    return b"\x00" not in sample and sum(b < 0x09 or 0x0D < b < 0x20 for b in sample) == 0


def _glyphs(data: bytes) -> tuple[object, list[list[Glyph]]]:
    """Return the parsed document and each page's glyphs; damaged or locked PDFs are refused."""
    # pdfminer is imported here: only PDF files need it.
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        pages = []
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages.append(list(_page_glyphs(device.get_result())))
    except PDFPasswordIncorrect as error:
        raise UndecodableText(
            "the PDF is protected by a password; save a copy without the password"
        ) from error
    except PDFEncryptionError as error:
        raise UndecodableText(
            f"the PDF is encrypted in a way Mujaz cannot open ({error}); "
            "save a copy without protection"
        ) from error
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        logger.debug("pdfminer failed", exc_info=True)
        raise UndecodableText(
            f"the PDF is damaged and cannot be read ({type(error).__name__}); "
            "export it again from the original document"
        ) from error
    return document, pages


def _page_glyphs(container):
    from pdfminer.layout import LTChar

    for item in container:
        if isinstance(item, LTChar):
            if item.upright:  # rotated text (margin notes, stamps) is not the article
                yield Glyph(item.get_text(), item.x0, item.x1, item.y0, item.y1, item.size)
        elif hasattr(item, "__iter__"):  # figures and forms hold glyphs too
            yield from _page_glyphs(item)


def _title(document) -> str | None:
    """Return the title in the document information, unless it is a file name or empty."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in getattr(document, "info", ()):
        value = resolve1(info.get("Title")) if isinstance(info, dict) else None
        if isinstance(value, bytes):
            value = decode_text(value)
        if isinstance(value, str):
            title = " ".join(value.split())
            if title and not _NOT_A_TITLE.search(title):
                return title
    return None
