"""read() of .docx: paragraphs and tables in document order, the title from core properties."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from summaries.clean import clean
from summaries.errors import BinaryContent, EmptyFile, UndecodableText
from summaries.read import read
from summaries.words import normalize

DATA = Path(__file__).resolve().parents[1] / "data"
# Seed 003 (Trends Research): headline and body paragraphs, debris kept.
PARAGRAPHS = [
    " ".join(p.split())
    for p in (DATA / "web_comments_003.txt").read_text(encoding="utf-8").split("\n\n")
    if p.strip()
]
TITLE = "الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات"
TABLE = [["الجولة", "التاريخ"], ["الأولى", "حزيران/يونيو 2020"], ["الرابعة", "تموز/يوليو 2021"]]


def _docx(path: Path, *, title: str | None = TITLE, table: bool = True) -> Path:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading(PARAGRAPHS[0], level=1)
    middle = len(PARAGRAPHS) // 2
    for paragraph in PARAGRAPHS[1:middle]:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(TABLE) + 1, cols=2)
        for r, row in enumerate(TABLE):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
        merged = grid.cell(len(TABLE), 0).merge(grid.cell(len(TABLE), 1))
        merged.text = "المصدر: وزارة الخارجية"
    for paragraph in PARAGRAPHS[middle:]:
        document.add_paragraph(paragraph)
    document.add_section().header.paragraphs[0].text = "ترويسة الصفحة"
    document.save(path)
    return path


def test_read_docx_gives_paragraphs_and_table_cells_in_document_order(tmp_path):
    raw = read(_docx(tmp_path / "trends.docx"))
    middle = len(PARAGRAPHS) // 2
    cells = [text for row in TABLE for text in row] + ["المصدر: وزارة الخارجية"]
    expected = [*PARAGRAPHS[:middle], *cells, *PARAGRAPHS[middle:]]
    assert raw.text.split("\n\n") == expected
    assert raw.format == "docx"


def test_read_docx_lists_a_merged_cell_once(tmp_path):
    raw = read(_docx(tmp_path / "trends.docx"))
    assert raw.text.count("المصدر: وزارة الخارجية") == 1


def test_read_docx_leaves_out_page_headers(tmp_path):
    assert "ترويسة الصفحة" not in read(_docx(tmp_path / "trends.docx")).text


def test_read_docx_takes_the_title_from_core_properties(tmp_path):
    assert read(_docx(tmp_path / "trends.docx")).title == TITLE
    assert read(_docx(tmp_path / "untitled.docx", title=None)).title is None


def test_read_docx_cleans_to_the_same_text_as_the_txt(tmp_path):
    txt = tmp_path / "trends.txt"
    txt.write_text("\n\n".join(PARAGRAPHS), encoding="utf-8")
    from_docx = clean(read(_docx(tmp_path / "trends.docx", table=False)))
    assert normalize(from_docx.text) == normalize(clean(read(txt)).text)


def test_read_docx_rejects_an_old_doc_file_named_docx(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(BinaryContent, match="old Word .doc"):
        read(path)


def test_read_docx_rejects_text_named_docx(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text(PARAGRAPHS[1], encoding="utf-8")
    with pytest.raises(BinaryContent, match="not a Word document"):
        read(path)


def test_read_docx_rejects_a_zip_that_is_not_a_word_document(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", PARAGRAPHS[1])
    path = tmp_path / "archive.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(UndecodableText, match="not a readable Word document"):
        read(path)


def test_read_docx_rejects_a_document_without_text(tmp_path):
    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    with pytest.raises(EmptyFile, match="no text"):
        read(path)
