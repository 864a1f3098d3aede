"""read() of .pdf on harder layouts: justified, tatweel, headings in the flow and over columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from summaries.clean import clean
from summaries.model import RawDocument
from summaries.read import read
from summaries.words import tokens
from tests.summaries.pdf_maker import TATWEEL, Layout, make_pdf, reading_lines

pytestmark = pytest.mark.filterwarnings("ignore")

DATA = Path(__file__).resolve().parents[1] / "data"


def _cleaned(name: str, limit: int | None = None) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    raw = RawDocument(name=name, text=text, encoding="utf-8", format="txt")
    return list(clean(raw).paragraphs)[:limit]


# The news article (headline, standfirst, date, sub-heading, body) and the op-ed's
# first paragraphs with its heading «هيكل جديد للائتلاف والعراق».
PARAGRAPHS = [*_cleaned("web_news_001.txt"), *_cleaned("pdf_extract_004.txt", 12)]
HEADINGS = frozenset(
    i
    for i, p in enumerate(PARAGRAPHS)
    if p in (PARAGRAPHS[0], PARAGRAPHS[3], "هيكل جديد للائتلاف والعراق")
)


def _in_order(lines: list[str], text: str) -> float:
    """Return the share of drawn lines found in the text right after the line before them."""
    got, at, good = tokens(text), 0, 0
    for line in lines:
        words = tokens(line)
        if got[at : at + len(words)] == words:
            good += 1
            at += len(words)
    return good / len(lines)


def test_pdf_maker_headings_are_the_news_headline_subheading_and_the_op_ed_heading() -> None:
    assert len(HEADINGS) == 3


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(Layout(word_gaps=True, justify=True), id="justified"),
        pytest.param(Layout(columns=2, word_gaps=True, justify=True), id="two justified columns"),
        pytest.param(Layout(justify=True, kashida=True), id="justified with tatweel"),
        pytest.param(
            Layout(columns=2, justify=True, kashida=True, to_unicode="letters"),
            id="two columns with tatweel",
        ),
    ],
)
def test_read_pdf_gives_justified_paragraphs_whole_and_in_order(tmp_path, layout):
    raw = read(make_pdf(tmp_path / "j.pdf", PARAGRAPHS, layout))
    assert [tokens(p) for p in raw.text.split("\n\n")] == [tokens(p) for p in PARAGRAPHS]


def test_read_pdf_keeps_the_tatweel_a_justified_pdf_draws_for_clean_to_drop(tmp_path):
    raw = read(make_pdf(tmp_path / "k.pdf", PARAGRAPHS, Layout(justify=True, kashida=True)))
    assert TATWEEL in raw.text
    assert TATWEEL not in clean(raw).text


def test_read_pdf_sets_a_heading_in_the_flow_apart_from_the_paragraphs_around_it(tmp_path):
    raw = read(make_pdf(tmp_path / "h.pdf", PARAGRAPHS, Layout(), headings=HEADINGS))
    assert raw.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("kashida", [False, True], ids=["ragged", "justified with tatweel"])
def test_read_pdf_reads_a_full_width_heading_before_the_two_columns_under_it(tmp_path, kashida):
    layout = Layout(columns=2, full_width_headings=True, justify=kashida, kashida=kashida)
    raw = read(make_pdf(tmp_path / "w.pdf", PARAGRAPHS, layout, headings=HEADINGS))
    assert _in_order(reading_lines(PARAGRAPHS, layout, headings=HEADINGS), raw.text) == 1.0
    paragraphs = raw.text.split("\n\n")
    for i in sorted(HEADINGS):
        assert PARAGRAPHS[i] in paragraphs
        assert paragraphs.index(PARAGRAPHS[i]) == i


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(Layout(), id="one column"),
        pytest.param(Layout(columns=2), id="two columns"),
        pytest.param(
            Layout(columns=2, word_gaps=True, justify=True, full_width_headings=True),
            id="placed words, justified, full-width headings",
        ),
    ],
)
def test_read_pdf_drops_a_running_header_and_its_page_number(tmp_path, layout):
    header = "موجز السياسات"
    headings = HEADINGS if layout.full_width_headings else frozenset()
    path = make_pdf(
        tmp_path / "r.pdf", PARAGRAPHS, layout, headings=headings, running_header=header
    )
    # Left in, the header of page 2 would sit inside the paragraph that goes on over the break.
    assert read(path).text.split("\n\n") == PARAGRAPHS
