"""ingest() of a seeds/ folder with one document per format, and the same article twice."""

from __future__ import annotations

import pytest

from summaries import Kind, Outcome, Pipeline, ingest
from summaries.words import tokens
from tests.summaries.pdf_maker import Layout, make_pdf
from tests.summaries.test_read_docx import _docx
from tests.summaries.test_read_html import LINES, OG_URL, page
from tests.summaries.test_read_pdf import REPORT

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.build()


@pytest.fixture
def drop_zone(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "news.html").write_text(page(og_title=LINES[0]), encoding="utf-8")
    _docx(seeds / "trends.docx")
    make_pdf(seeds / "report.pdf", REPORT, Layout(word_gaps=True, to_unicode="letters"))
    (seeds / "notes.xyz").write_text(LINES[1], encoding="utf-8")
    return seeds


def test_ingest_serves_one_document_per_format_with_whole_sentence_digests(
    drop_zone, store, pipeline
):
    results = {r.name: r for r in ingest(drop_zone, store, pipeline)}
    assert {n: r.outcome for n, r in results.items()} == {
        "news.html": Outcome.NEW,
        "trends.docx": Outcome.NEW,
        "report.pdf": Outcome.NEW,
        "notes.xyz": Outcome.REJECTED,
    }
    assert results["notes.xyz"].reason == "unsupported format: .xyz"
    for name, source in (("news.html", LINES), ("report.pdf", REPORT)):
        briefing = store.briefing(results[name].doc_id).briefing
        assert 1 <= len(briefing.digest.sentences) <= 5 and len(briefing.digest.text) <= 700
        assert all(s.kind is Kind.BODY for s in briefing.digest.sentences)
        words = " ".join(tokens(" ".join(source)))
        for sentence in briefing.digest.sentences:  # every digest sentence is the article's
            assert " ".join(tokens(sentence.text)) in words, (name, sentence.text)
    news = store.briefing(results["news.html"].doc_id).briefing.sources
    assert news.urls[0] == OG_URL and news.title == LINES[0]


def test_ingest_recognises_the_same_article_in_another_format_as_a_duplicate(
    drop_zone, store, pipeline
):
    (drop_zone / "news_copy.txt").write_text("\n\n".join(LINES), encoding="cp1256")
    make_pdf(drop_zone / "report_copy.pdf", REPORT, Layout(columns=2))
    results = {r.name: r for r in ingest(drop_zone, store, pipeline)}
    assert results["news_copy.txt"].outcome is Outcome.DUPLICATE
    assert "news.html" in results["news_copy.txt"].reason
    assert results["report_copy.pdf"].outcome is Outcome.DUPLICATE
    assert "report.pdf" in results["report_copy.pdf"].reason
    assert {d.name for d in store.documents()} == {"news.html", "trends.docx", "report.pdf"}
