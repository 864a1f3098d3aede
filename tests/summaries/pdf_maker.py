"""Make Arabic PDFs the way real tools do, for the PDF reader's tests and bench.

ReportLab (BSD) embeds DejaVu Sans, and HarfBuzz (uharfbuzz, through ReportLab's
shaping) joins the letters: every glyph in the PDF is a shaped form, written in
visual order (left to right on the page), as word processors and browsers do.
A small bidi step here puts right-to-left and left-to-right runs (Latin words,
numbers) in their visual places, since ReportLab's own bidi needs rlbidi.

What a real PDF varies in, and what each ``Layout`` field copies:

- ``to_unicode``: "forms" maps each glyph to its presentation form (U+FExx,
  «ﻻ» for lam-alef), as ReportLab and many older tools write; "letters" maps
  it to the base letters, a lam-alef ligature to the two letters «لا», as
  LibreOffice and Word write (the map is rewritten with pypdf afterwards).
- ``word_gaps``: words placed one by one with no space glyph between them
  (the reader must see the gaps); otherwise each run is one string with its
  spaces.
- ``reading_order``: placed words are drawn in reading order (right to left);
  False draws them left to right, as runs always are. Readers that follow
  the drawing order depend on it.
- ``columns``: 2 sets the text in two columns, the right one read first.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# A cut of DejaVu Sans shipped with the tests (see its LICENSE file): every machine draws the same.
FONT = Path(__file__).resolve().parents[1] / "data" / "fonts" / "DejaVuSans-Arabic.ttf"
FONT_NAME = "DejaVuSans"
FONT_SIZE = 13
LEADING = 20
PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 60
COLUMN_GAP = 30

# Left-to-right runs inside Arabic lines: Latin words (several, with their
# spaces) and numbers with their separators and a trailing percent sign.
_LTR_RUN = re.compile(r"[A-Za-z][\w.'-]*(?: [A-Za-z][\w.'-]*)*|\d+(?:[.,:/]\d+)*%?")


@dataclass(frozen=True, slots=True)
class Layout:
    """How the text is set on the page (see the module docstring)."""

    columns: int = 1
    word_gaps: bool = False
    to_unicode: str = "forms"  # "forms" | "letters"
    reading_order: bool = True

    @property
    def name(self) -> str:
        gaps = "space glyphs"
        if self.word_gaps:
            gaps = "word gaps" + ("" if self.reading_order else " drawn left to right")
        return f"{self.columns} col, {gaps}, {self.to_unicode}"


def make_pdf(
    path: Path,
    paragraphs: Sequence[str],
    layout: Layout = Layout(),
    *,
    title: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """Write paragraphs of Arabic (with Latin words and digits) as a PDF; return its path."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    _register_font()
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = StandardEncryption(user_password or "", owner_password or "owner", strength=128)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    pdf.setFont(FONT_NAME, FONT_SIZE)
    width = (PAGE_WIDTH - 2 * MARGIN - (layout.columns - 1) * COLUMN_GAP) / layout.columns
    lines = [line for p in paragraphs for line in [*_wrap(p, width), ""]]
    rows = int((PAGE_HEIGHT - 2 * MARGIN) / LEADING)
    column = row = 0
    for line in lines:
        if row == rows:
            column, row = column + 1, 0
            if column == layout.columns:
                pdf.showPage()
                pdf.setFont(FONT_NAME, FONT_SIZE)
                column = 0
        if line or row:  # no blank line at the top of a column
            right = PAGE_WIDTH - MARGIN - column * (width + COLUMN_GAP)
            _draw_line(pdf, line, right, PAGE_HEIGHT - MARGIN - row * LEADING, layout)
            row += 1
    pdf.save()
    data = buffer.getvalue()
    if layout.to_unicode == "letters":
        if encrypt is not None:
            raise ValueError("letters maps are rewritten after saving: not with encryption")
        data = _map_glyphs_to_letters(data)
    path.write_bytes(data)
    return path


def make_scanned_pdf(path: Path) -> Path:
    """Write a PDF whose one page is a picture with no text layer, like a scan; return its path."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 180, 16):
        draw.line((30, y, 370, y), fill=0, width=6)  # lines of "print"
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.drawImage(ImageReader(image), MARGIN, 400, width=400, height=200)
    pdf.save()
    path.write_bytes(buffer.getvalue())
    return path


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT)))


def _width(text: str) -> float:
    from reportlab.pdfbase.ttfonts import shapeStr

    shaped = shapeStr(text, FONT_NAME, FONT_SIZE)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, FONT_NAME, FONT_SIZE)
    return sum(d.x_advance for d in data) * FONT_SIZE / 1000


def _wrap(paragraph: str, width: float) -> list[str]:
    """Return the paragraph as lines no wider than width (greedy, on spaces)."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split():
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _runs(line: str) -> list[tuple[str, bool]]:
    """Return the line's runs in logical order as (text, left_to_right)."""
    runs: list[tuple[str, bool]] = []
    end = 0
    for match in _LTR_RUN.finditer(line):
        if match.start() > end:
            runs.append((line[end : match.start()], False))
        runs.append((match[0], True))
        end = match.end()
    if end < len(line):
        runs.append((line[end:], False))
    return runs


def _draw_line(pdf, line: str, right: float, y: float, layout: Layout) -> None:
    """Draw one right-aligned line of an Arabic paragraph, runs in their visual places."""
    from reportlab.pdfbase.ttfonts import shapeStr

    runs = _runs(line)
    word_gaps = layout.word_gaps
    space = _width(" ")
    x = right
    placed: list[tuple[float, str]] = []  # (left x, text) in logical order
    for text, ltr in runs:  # logical order goes right to left on the page
        if not word_gaps:
            x -= _width(text)
            placed.append((x, text))
            continue
        words = re.split(r"( +)", text)
        if ltr:  # a left-to-right run keeps its words' order inside its box
            box_left = x - _width(text)
            left = box_left
            for word in words:
                if word.strip():
                    placed.append((left, word))
                left += _width(word) if word.strip() else space * len(word)
            x = box_left
            continue
        for word in words:
            if word.strip():
                x -= _width(word)
                placed.append((x, word))
            else:
                x -= space * len(word)
    if not (word_gaps and layout.reading_order):
        placed.sort()  # drawn left to right, as browsers do
    for left, text in placed:
        pdf.drawString(left, y, shapeStr(text, FONT_NAME, FONT_SIZE))


def _map_glyphs_to_letters(data: bytes) -> bytes:
    """Return the PDF with every ToUnicode map giving base letters instead of presentation forms."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    seen: set[int] = set()
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            if "/ToUnicode" not in font:
                continue
            stream = font["/ToUnicode"].get_object()
            if id(stream) in seen:
                continue
            seen.add(id(stream))
            cmap = stream.get_data().decode("latin-1")
            stream.set_data(re.sub(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", _letters, cmap).encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _letters(match: re.Match[str]) -> str:
    char = chr(int(match[2], 16))
    letters = unicodedata.normalize("NFKC", char) if _is_presentation_form(char) else char
    return f"<{match[1]}> <{''.join(f'{ord(c):04X}' for c in letters)}>"


def _is_presentation_form(char: str) -> bool:
    return "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefe"
