"""read() of .pdf: Arabic PDFs made here (ReportLab + HarfBuzz) come back in reading order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summaries.clean import clean
from summaries.errors import BinaryContent, EmptyFile, UndecodableText
from summaries.model import RawDocument
from summaries.read import read
from summaries.words import normalize, tokens
from tests.summaries.pdf_maker import Layout, make_pdf, make_scanned_pdf

pytestmark = pytest.mark.filterwarnings("ignore")

DATA = Path(__file__).resolve().parents[1] / "data"
MIXED = (
    "وقال Joe Biden إن القوات الأمريكية لا تزال في العراق، وإن الاستراتيجية الجديدة "
    "تعزز العلاقات بين البلدين (بعد الجولة الرابعة) وتخفض العدد بنسبة 15% قبل نهاية عام 2021."
)
LAYOUTS = [
    pytest.param(Layout(), id="space glyphs, presentation forms"),
    pytest.param(Layout(word_gaps=True), id="placed words, presentation forms"),
    pytest.param(Layout(word_gaps=True, reading_order=False), id="placed words drawn LTR"),
    pytest.param(Layout(to_unicode="letters"), id="space glyphs, letters"),
    pytest.param(Layout(word_gaps=True, to_unicode="letters"), id="placed words, letters"),
    pytest.param(Layout(columns=2, to_unicode="letters"), id="two columns"),
]


def _cleaned(name: str) -> list[str]:
    """Return a test document's paragraphs as a reader should see them (cleaned)."""
    text = (DATA / name).read_text(encoding="utf-8")
    return list(clean(RawDocument(name=name, text=text, encoding="utf-8", format="txt")).paragraphs)


NEWS = [*_cleaned("web_news_001.txt"), MIXED]
REPORT = _cleaned("pdf_extract_004.txt")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_read_pdf_returns_paragraphs_in_reading_order_for_each_layout(tmp_path, layout):
    raw = read(make_pdf(tmp_path / "news.pdf", NEWS, layout))
    assert raw.format == "pdf"
    assert raw.text.split("\n\n") == NEWS


def test_read_pdf_keeps_lam_alef_digits_and_latin_words_in_place(tmp_path):
    raw = read(make_pdf(tmp_path / "mixed.pdf", [MIXED], Layout(to_unicode="letters")))
    words = raw.text.split()
    for word in ("لا", "الاستراتيجية", "العلاقات", "2021.", "15%", "(بعد"):
        assert word in words
    assert "وقال Joe Biden إن" in raw.text
    assert "ال تزال" not in raw.text and "االستراتيجية" not in raw.text


def test_read_pdf_reads_the_right_column_first_when_two_columns(tmp_path):
    raw = read(make_pdf(tmp_path / "report.pdf", REPORT, Layout(columns=2)))
    assert raw.text.split("\n\n") == REPORT


def test_read_pdf_does_not_swap_line_halves_of_the_pdf_seed(tmp_path):
    # The seed's own extraction printed lines as " كبر رجال ... سليماني، وأ".
    raw = read(make_pdf(tmp_path / "report.pdf", REPORT, Layout(word_gaps=True)))
    assert "وأكبر رجال الميليشيات" in raw.text
    assert not any(line.endswith(" وأ") for line in raw.text.splitlines())


def test_read_pdf_cleans_to_the_same_text_as_the_txt(tmp_path):
    txt = tmp_path / "news.txt"
    txt.write_text("\n\n".join(NEWS), encoding="utf-8")
    pdf = make_pdf(tmp_path / "news.pdf", NEWS, Layout(word_gaps=True, to_unicode="letters"))
    assert normalize(clean(read(pdf)).text) == normalize(clean(read(txt)).text)


def test_read_pdf_gives_plain_letters_not_presentation_forms(tmp_path):
    raw = read(make_pdf(tmp_path / "news.pdf", NEWS[:3], Layout()))
    assert not any("\ufb50" <= ch <= "\ufeff" for ch in raw.text)
    assert tokens(NEWS[0]) == tokens(raw.text.split("\n\n")[0])


def test_read_pdf_takes_the_title_property(tmp_path):
    raw = read(make_pdf(tmp_path / "t.pdf", NEWS[:2], title="الكاظمي يبدأ زيارة رسمية"))
    assert raw.title == "الكاظمي يبدأ زيارة رسمية"


def test_read_pdf_ignores_a_title_property_that_is_a_file_name(tmp_path):
    raw = read(make_pdf(tmp_path / "t.pdf", NEWS[:2], title="Microsoft Word - report.docx"))
    assert raw.title is None


def test_read_pdf_opens_a_pdf_locked_only_by_an_owner_password(tmp_path):
    raw = read(make_pdf(tmp_path / "t.pdf", NEWS[:2], owner_password="secret"))
    assert raw.text.split("\n\n") == NEWS[:2]


def test_read_pdf_rejects_a_pdf_that_needs_a_password(tmp_path):
    path = make_pdf(tmp_path / "t.pdf", NEWS[:2], user_password="secret")
    with pytest.raises(UndecodableText, match="password"):
        read(path)


def test_read_pdf_rejects_a_scan_without_text_layer(tmp_path):
    with pytest.raises(EmptyFile, match="no text layer.*OCR"):
        read(make_scanned_pdf(tmp_path / "scan.pdf"))


def test_read_pdf_rejects_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(BinaryContent, match="not a PDF"):
        read(path)


def test_read_pdf_rejects_text_named_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("\n\n".join(NEWS), encoding="utf-8")
    with pytest.raises(BinaryContent, match="is text, not a PDF"):
        read(path)


def test_read_pdf_rejects_a_damaged_pdf(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(4096))
    with pytest.raises(UndecodableText, match="damaged"):
        read(path)
