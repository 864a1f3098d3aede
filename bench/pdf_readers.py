"""Compare PDF text extractors on Arabic PDFs made the way real tools make them.

Run from the repository root::

    .venv/bin/python bench/pdf_readers.py

The text is real: the cleaned paragraphs of two seeds (a news article with
dates and numbers, and the PDF-extracted report) plus one paragraph with a
Latin name, digits, a percentage, brackets and lam-alef words. Each layout of
``tests/summaries/pdf_maker.py`` (space glyphs or placed words, drawn in
reading order or left to right; ToUnicode to presentation forms or to
letters; one or two columns) is made once, and each
reader's text is scored against the source, after presentation forms are
turned into letters (``summaries.clean.repair_characters``, as the pipeline
does) and words normalised (``summaries.words.tokens``):

* words: source words found (as a multiset) / source words;
* order: longest common subsequence of source and output words / source words;
* lam-alef: source words holding «لا» found intact / such words;
* numbers: source numbers found / source numbers;
* paragraphs: source paragraphs found whole, words in order.

Results go to stdout and to bench/results/pdf_readers.md.
"""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summaries.clean import clean, repair_characters  # noqa: E402
from summaries.model import RawDocument  # noqa: E402
from summaries.read_pdf import read_pdf  # noqa: E402
from summaries.words import tokens  # noqa: E402
from tests.summaries.pdf_maker import Layout, make_pdf  # noqa: E402

DATA = ROOT / "tests" / "data"
RESULT = ROOT / "bench" / "results" / "pdf_readers.md"
REPORT_PARAGRAPHS = 12  # of the PDF-extracted seed, enough for two pages
MIXED = (
    "وقال Joe Biden إن القوات الأمريكية لا تزال في العراق، وإن الاستراتيجية الجديدة "
    "تعزز العلاقات بين البلدين (بعد الجولة الرابعة) وتخفض العدد بنسبة 15% قبل نهاية عام 2021."
)
LAYOUTS = (
    Layout(),
    Layout(word_gaps=True),
    Layout(word_gaps=True, reading_order=False),
    Layout(to_unicode="letters"),
    Layout(word_gaps=True, to_unicode="letters"),
    Layout(columns=2),
    Layout(columns=2, word_gaps=True, to_unicode="letters"),
)


def source_paragraphs() -> list[str]:
    """Return the paragraphs the PDFs are made of (cleaned seed text, as a reader should see it)."""
    paragraphs = []
    for name, limit in (("web_news_001.txt", None), ("pdf_extract_004.txt", REPORT_PARAGRAPHS)):
        text = (DATA / name).read_text(encoding="utf-8")
        raw = RawDocument(name=name, text=text, encoding="utf-8", format="txt")
        paragraphs += list(clean(raw).paragraphs)[:limit]
    return [*paragraphs, MIXED]


def _pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(path)


def _pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pypdfium2(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _mujaz(path: Path) -> str:
    return read_pdf(path, path.read_bytes()).text


READERS: dict[str, tuple[str, Callable[[Path], str]]] = {
    "pypdf": ("pypdf", _pypdf),
    "pdfminer.six": ("pdfminer.six", _pdfminer),
    "pdfplumber": ("pdfplumber", _pdfplumber),
    "pypdfium2": ("pypdfium2", _pypdfium2),
    "mujaz read_pdf (pdfminer.six glyphs)": ("pdfminer.six", _mujaz),
}


def _words(text: str) -> list[str]:
    return tokens(repair_characters(text))


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for j, y in enumerate(b, 1):
            current = row[j]
            row[j] = previous + 1 if x == y else max(row[j], row[j - 1])
            previous = current
    return row[-1]


def score(paragraphs: list[str], text: str) -> dict[str, float]:
    """Return the measures of one extraction against its source paragraphs."""
    expected = [w for p in paragraphs for w in _words(p)]
    got = _words(text)
    found = Counter(expected) & Counter(got)
    lam_alef = [w for w in expected if "لا" in w]
    numbers = [w for w in expected if w.isdigit()]
    flat = f" {' '.join(got)} "
    whole = sum(f" {' '.join(_words(p))} " in flat for p in paragraphs)
    return {
        "words": sum(found.values()) / len(expected),
        "order": _lcs(expected, got) / len(expected),
        "lam-alef": sum((Counter(lam_alef) & Counter(got)).values()) / len(lam_alef),
        "numbers": sum((Counter(numbers) & Counter(got)).values()) / len(numbers),
        "paragraphs": whole / len(paragraphs),
    }


def main() -> None:
    logging.disable(logging.WARNING)  # pdfminer warns about ReportLab's base-14 font
    paragraphs = source_paragraphs()
    expected = [w for p in paragraphs for w in _words(p)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for layout in LAYOUTS:
            path = make_pdf(Path(tmp) / "doc.pdf", paragraphs, layout)
            for name, (package, reader) in READERS.items():
                measures = score(paragraphs, reader(path))
                rows.append((layout.name, name, package, measures))
                print(layout.name, "|", name, "|", {k: round(v, 3) for k, v in measures.items()})
    RESULT.write_text(_report(paragraphs, expected, rows), encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)}")


def _report(paragraphs, expected, rows) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    out = io.StringIO()
    out.write("# PDF readers on Arabic PDFs\n\n")
    out.write(f"Made by `bench/pdf_readers.py` at commit {commit} (plus the working tree).\n\n")
    packages = ("pypdf", "pdfminer.six", "pdfplumber", "pypdfium2", "reportlab", "uharfbuzz")
    out.write("Versions: " + ", ".join(f"{p} {version(p)}" for p in packages) + ".\n\n")
    out.write(
        f"Data: {len(paragraphs)} paragraphs, {len(expected)} words: tests/data/web_news_001.txt "
        f"and the first {REPORT_PARAGRAPHS} paragraphs of tests/data/pdf_extract_004.txt, cleaned, "
        "plus one paragraph with a Latin name, digits, a percentage, brackets and «لا» words. "
        "Each layout is made by tests/summaries/pdf_maker.py "
        "(ReportLab + HarfBuzz, DejaVu Sans).\n\n"
    )
    out.write("Scores are shares (1.000 = all); see the script's docstring for each measure.\n\n")
    out.write("| layout | reader | words | order | lam-alef | numbers | paragraphs |\n")
    out.write("|---|---|---|---|---|---|---|\n")
    for layout, name, _package, m in rows:
        cells = " | ".join(
            f"{m[k]:.3f}" for k in ("words", "order", "lam-alef", "numbers", "paragraphs")
        )
        out.write(f"| {layout} | {name} | {cells} |\n")
    out.write(
        "\nMean over layouts:\n\n| reader | words | order | lam-alef | numbers | paragraphs |\n"
    )
    out.write("|---|---|---|---|---|---|\n")
    for name in READERS:
        mine = [m for _l, n, _p, m in rows if n == name]
        cells = " | ".join(
            f"{sum(m[k] for m in mine) / len(mine):.3f}"
            for k in ("words", "order", "lam-alef", "numbers", "paragraphs")
        )
        out.write(f"| {name} | {cells} |\n")
    out.write(_NOTES)
    return out.getvalue()


_NOTES = """
What the rows show:

* pdfminer.six and pdfplumber give Arabic in visual order: every Arabic word
  reversed (only numbers and Latin words survive), whatever the layout.
* pypdf follows the drawing order: right when words are drawn in reading
  order, reversed sentences (order 0.15) when they are drawn left to right,
  and lines with a Latin word or a number cut into pieces in the wrong order.
* pypdfium2 reorders by position, but breaks «لا» into «ال» when the font maps
  the lam-alef glyph to two letters (as LibreOffice and Word do: lam-alef
  0.000 on the "letters" layouts), and swaps two Latin words ("Biden Joe").
* Mujaz reads pdfminer.six's glyphs and their positions and does the layout
  and bidi itself (summaries/pdf_layout.py, summaries/bidi.py). It was written
  against these PDFs, so its 1.000 says it handles these layouts, not
  every PDF; PDFs from other producers are the test it has not had.
"""


if __name__ == "__main__":
    main()
