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
- ``justify``: lines fill the column (the last line of a paragraph does
  not), by wider word gaps (words are then placed one by one) or, with
  ``kashida``, by tatweel stretching the joins inside words first.
- ``headings``: paragraphs given by index to ``make_pdf`` are headings, in a
  bigger size, set in the flow with no blank line after them (as the body
  paragraph under a heading in the PDF seed); with ``full_width_headings`` a
  heading spans both columns at the top of a page and the columns start
  under it.
- ``running_header`` (to ``make_pdf``): a line in the top margin of every
  page, the page number at the other end of the same baseline.
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
HEADING_SIZE = 17
LEADING = 20
HEADING_LEADING = 26
PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 60
COLUMN_GAP = 30

# Left-to-right runs inside Arabic lines: Latin words (several, with their
# spaces) and numbers with their separators and a trailing percent sign.
_LTR_RUN = re.compile(r"[A-Za-z][\w.'-]*(?: [A-Za-z][\w.'-]*)*|\d+(?:[.,:/]\d+)*%?")
# Kashida goes after a letter that joins the next one, never inside «لا».
_JOINS_NEXT = frozenset("بتثجحخسشصضطظعغفقكلمنهيئ")
_NOT_AFTER_LAM = frozenset("اأإآ")
TATWEEL = "\u0640"


@dataclass(frozen=True, slots=True)
class Layout:
    """How the text is set on the page (see the module docstring)."""

    columns: int = 1
    word_gaps: bool = False
    to_unicode: str = "forms"  # "forms" | "letters"
    reading_order: bool = True
    justify: bool = False
    kashida: bool = False
    full_width_headings: bool = False

    @property
    def name(self) -> str:
        gaps = "space glyphs"
        if self.word_gaps:
            gaps = "word gaps" + ("" if self.reading_order else " drawn left to right")
        extra = ", justified" if self.justify else ""
        extra += " with tatweel" if self.kashida else ""
        extra += ", full-width headings" if self.full_width_headings else ""
        return f"{self.columns} col, {gaps}, {self.to_unicode}{extra}"

    @property
    def places_words(self) -> bool:
        return self.word_gaps or (self.justify and not self.kashida)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str  # in reading order, tatweel included
    size: float
    heading: bool
    last: bool  # the last line of its paragraph


def make_pdf(
    path: Path,
    paragraphs: Sequence[str],
    layout: Layout = Layout(),
    *,
    headings: frozenset[int] = frozenset(),
    running_header: str | None = None,
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
    width = _column_width(layout)
    full = PAGE_WIDTH - 2 * MARGIN
    pages = [0]

    def new_page() -> None:
        if pages[0]:
            pdf.showPage()
        pages[0] += 1
        if running_header:
            header = _Line(running_header, FONT_SIZE, False, True)
            _draw_line(pdf, header, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN / 2, full, layout)
            pdf.drawString(MARGIN, PAGE_HEIGHT - MARGIN / 2, str(pages[0]))

    new_page()
    top = PAGE_HEIGHT - MARGIN  # where the columns start on this page
    column, y, used = 0, top, False
    previous_heading = False
    for line in _lines(paragraphs, layout, headings):
        leading = HEADING_LEADING if line.heading else LEADING
        if line.heading and layout.full_width_headings and layout.columns > 1:
            if used and not previous_heading:
                new_page()
                top = PAGE_HEIGHT - MARGIN
            _draw_line(pdf, line, PAGE_WIDTH - MARGIN, top, full, layout)
            top -= leading
            column, y, used, previous_heading = 0, top, True, True
            continue
        previous_heading = line.heading
        if y - leading < MARGIN:
            column, y = column + 1, top
            if column == layout.columns:
                new_page()
                top = PAGE_HEIGHT - MARGIN
                column, y, used = 0, top, False
        if line.text or y != top:  # no blank line at the top of a column
            right = PAGE_WIDTH - MARGIN - column * (width + COLUMN_GAP)
            if line.text:
                _draw_line(pdf, line, right, y, width, layout)
            y -= leading
            used = True
    pdf.save()
    data = buffer.getvalue()
    if layout.to_unicode == "letters":
        if encrypt is not None:
            raise ValueError("letters maps are rewritten after saving: not with encryption")
        data = _map_glyphs_to_letters(data)
    path.write_bytes(data)
    return path


def reading_lines(
    paragraphs: Sequence[str], layout: Layout = Layout(), *, headings: frozenset[int] = frozenset()
) -> list[str]:
    """Return the lines ``make_pdf`` draws, in reading order, as a reader should give them."""
    return [
        line.text.replace(TATWEEL, "") for line in _lines(paragraphs, layout, headings) if line.text
    ]


def _column_width(layout: Layout) -> float:
    return (PAGE_WIDTH - 2 * MARGIN - (layout.columns - 1) * COLUMN_GAP) / layout.columns


def _lines(paragraphs: Sequence[str], layout: Layout, headings: frozenset[int]) -> list[_Line]:
    """Return every line to draw, blank ones between paragraphs (none after a heading)."""
    width = _column_width(layout)
    lines: list[_Line] = []
    for i, paragraph in enumerate(paragraphs):
        heading = i in headings
        size = HEADING_SIZE if heading else FONT_SIZE
        room = PAGE_WIDTH - 2 * MARGIN if heading and layout.full_width_headings else width
        wrapped = _wrap(paragraph, room, size)
        for n, text in enumerate(wrapped):
            last = n == len(wrapped) - 1
            if layout.kashida and layout.justify and not last and not heading:
                text = _stretch(text, room, size)
            lines.append(_Line(text, size, heading, last))
        if not heading:
            lines.append(_Line("", size, heading, True))
    return lines


def _stretch(line: str, width: float, size: float) -> str:
    """Return the line with tatweel added inside words, round the words, until it fills width."""
    words = line.split(" ")
    spots = [
        [j for j in range(len(w) - 1) if _kashida_after(w, j)] for w in words
    ]  # per word, the letters a tatweel may follow
    taken = [0] * len(words)
    while True:
        grown = False
        for k, word in enumerate(words):
            if taken[k] >= len(spots[k]):
                continue
            j = spots[k][taken[k]] + taken[k]  # earlier tatweel moved the letters on
            candidate = word[: j + 1] + TATWEEL + word[j + 1 :]
            trial = " ".join([*words[:k], candidate, *words[k + 1 :]])
            if _width(trial, size) > width:
                return " ".join(words)
            words[k], taken[k], grown = candidate, taken[k] + 1, True
        if not grown:
            return " ".join(words)


def _kashida_after(word: str, j: int) -> bool:
    letter, after = word[j], word[j + 1]
    if letter not in _JOINS_NEXT or not ("\u0621" <= after <= "\u064a"):
        return False
    return not (letter == "ل" and after in _NOT_AFTER_LAM)


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


def _width(text: str, size: float = FONT_SIZE) -> float:
    from reportlab.pdfbase.ttfonts import shapeStr

    shaped = shapeStr(text, FONT_NAME, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, FONT_NAME, size)
    return sum(d.x_advance for d in data) * size / 1000


def _wrap(paragraph: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """Return the paragraph as lines no wider than width (greedy, on spaces)."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split():
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate, size) > width:
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


def _draw_line(pdf, line: _Line, right: float, y: float, room: float, layout: Layout) -> None:
    """Draw one right-aligned (or justified) line of an Arabic paragraph, runs in their places."""
    from reportlab.pdfbase.ttfonts import shapeStr

    size = line.size
    pdf.setFont(FONT_NAME, size)
    runs = _runs(line.text)
    word_gaps = layout.places_words
    space = _width(" ", size)
    gaps = line.text.count(" ")
    if layout.justify and word_gaps and not line.last and not line.heading and gaps:
        space += (room - _width(line.text, size)) / gaps
    x = right
    placed: list[tuple[float, str]] = []  # (left x, text) in logical order
    for text, ltr in runs:  # logical order goes right to left on the page
        if not word_gaps:
            x -= _width(text, size)
            placed.append((x, text))
            continue
        words = re.split(r"( +)", text)
        if ltr:  # a left-to-right run keeps its words' order inside its box
            box_left = x - sum(_width(w, size) if w.strip() else space * len(w) for w in words)
            left = box_left
            for word in words:
                if word.strip():
                    placed.append((left, word))
                left += _width(word, size) if word.strip() else space * len(word)
            x = box_left
            continue
        for word in words:
            if word.strip():
                x -= _width(word, size)
                placed.append((x, word))
            else:
                x -= space * len(word)
    if not (word_gaps and layout.reading_order):
        placed.sort()  # drawn left to right, as browsers do
    for left, text in placed:
        pdf.drawString(left, y, shapeStr(text, FONT_NAME, size))


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
