"""Ingest keeps the store in step with seeds/: real seeds, a real SQLite file."""

from datetime import UTC, datetime

import pytest

from summaries import Kind, Outcome, Pipeline, Status, ingest
from summaries.pipeline import MIN_ARABIC_LETTERS, is_document


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.build()


def outcomes(results):
    return {r.name: r.outcome for r in results}


def test_ingest_stores_every_seed_then_does_no_work_on_a_rerun(seeds_dir, store, pipeline):
    first = ingest(seeds_dir, store, pipeline)
    assert len(first) == 5
    assert set(outcomes(first).values()) == {Outcome.NEW}
    again = ingest(seeds_dir, store, pipeline)
    assert set(outcomes(again).values()) == {Outcome.UNCHANGED}
    assert [r.doc_id for r in again] == [r.doc_id for r in first]


def test_ingest_gives_every_seed_a_digest_of_whole_body_sentences(seeds_dir, store, pipeline):
    ingest(seeds_dir, store, pipeline)
    for document in store.documents():
        briefing = store.briefing(document.id).briefing
        digest = briefing.digest
        assert 1 <= len(digest.sentences) <= 5, document.name
        assert len(digest.text) <= 700, document.name
        assert all(s.kind is Kind.BODY for s in digest.sentences)
        body = {s.id: s.text for s in briefing.segmented.body}
        assert all(body[s.id] == s.text for s in digest.sentences)  # whole stored sentences
        assert "](" not in digest.text and "□" not in digest.text and "\u0640" not in digest.text


def test_ingest_updates_a_changed_file_under_the_same_short_id(seeds_dir, store, pipeline):
    first = {r.name: r.doc_id for r in ingest(seeds_dir, store, pipeline)}
    path = sorted(seeds_dir.glob("002_*.txt"))[0]
    path.write_text(
        path.read_text(encoding="utf-8") + "\n\nوأضاف المسؤول أن الزيارة ناجحة.\n", encoding="utf-8"
    )
    results = {r.name: r for r in ingest(seeds_dir, store, pipeline)}
    assert results[path.name].outcome is Outcome.UPDATED
    assert results[path.name].doc_id == first[path.name]
    assert sum(r.outcome is Outcome.UNCHANGED for r in results.values()) == 4


def test_ingest_withdraws_a_removed_file_and_keeps_its_history(seeds_dir, store, pipeline):
    ingest(seeds_dir, store, pipeline)
    removed = sorted(seeds_dir.glob("001_*.txt"))[0]
    removed.unlink()
    results = outcomes(ingest(seeds_dir, store, pipeline))
    assert results[removed.name] is Outcome.WITHDRAWN
    assert removed.name not in {d.name for d in store.documents()}
    assert store.document_by_name(removed.name).status is Status.WITHDRAWN


def test_ingest_rejects_bad_files_with_reasons_and_goes_on(seeds_dir, store, pipeline):
    (seeds_dir / "empty.txt").write_bytes(b"")
    (seeds_dir / "random.txt").write_bytes(bytes(range(256)) * 8)
    (seeds_dir / "english.txt").write_text(
        "An English note about Iraq and the United States. " * 20, encoding="utf-8"
    )
    (seeds_dir / "slides.pptx").write_bytes(b"PK\x03\x04")
    results = {r.name: r for r in ingest(seeds_dir, store, pipeline)}
    assert (
        results["empty.txt"].outcome is Outcome.REJECTED and "empty" in results["empty.txt"].reason
    )
    assert results["random.txt"].outcome is Outcome.REJECTED
    assert "no Arabic text" in results["english.txt"].reason
    assert results["slides.pptx"].reason == "unsupported format: .pptx"
    assert sum(r.outcome is Outcome.NEW for r in results.values()) == 5
    # a rejected file is not retried until it changes
    assert outcomes(ingest(seeds_dir, store, pipeline))["empty.txt"] is Outcome.UNCHANGED


def test_ingest_recognises_the_same_article_under_another_name_and_encoding(
    seeds_dir, store, pipeline
):
    original = sorted(seeds_dir.glob("002_*.txt"))[0]
    copy = seeds_dir / "copy-of-002.txt"
    copy.write_bytes(original.read_text(encoding="utf-8").encode("utf-16"))
    results = {r.name: r for r in ingest(seeds_dir, store, pipeline)}
    assert results["copy-of-002.txt"].outcome is Outcome.DUPLICATE
    assert original.name in results["copy-of-002.txt"].reason
    assert len(store.documents()) == 5


def test_ingest_recomputes_when_the_pipeline_version_changes(seeds_dir, store, pipeline):
    ingest(seeds_dir, store, pipeline)
    other = Pipeline.build("lexrank")
    assert {r.outcome for r in ingest(seeds_dir, store, other)} == {Outcome.UPDATED}


def test_ingest_never_modifies_seeds(seeds_dir, store, pipeline):
    before = {p.name: p.read_bytes() for p in seeds_dir.iterdir()}
    ingest(seeds_dir, store, pipeline)
    assert {p.name: p.read_bytes() for p in seeds_dir.iterdir()} == before


def test_ingest_records_the_last_ingest_time(seeds_dir, store, pipeline):
    moment = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    ingest(seeds_dir, store, pipeline, now=lambda: moment)
    assert store.get_meta("last_ingest") == moment.isoformat(timespec="seconds")


def test_sidecar_overrides_detected_sources_and_is_not_a_document(seeds_dir, store, pipeline):
    doc = sorted(seeds_dir.glob("001_*.txt"))[0]
    sidecar = doc.with_name(doc.stem + ".meta.toml")
    sidecar.write_text(
        'url = "https://example.org/kadhimi"\npublisher = "Example News"\n', encoding="utf-8"
    )
    assert not is_document(sidecar)
    results = {r.name: r for r in ingest(seeds_dir, store, pipeline)}
    assert sidecar.name not in results
    sources = store.briefing(results[doc.name].doc_id).briefing.sources
    assert sources.urls == ("https://example.org/kadhimi",)
    assert sources.publisher == "Example News"


def test_a_document_without_a_known_link_has_none(seeds_dir, store, pipeline):
    results = {r.name: r for r in ingest(seeds_dir, store, pipeline)}
    name = sorted(p.name for p in seeds_dir.glob("001_*.txt"))[0]
    assert store.briefing(results[name].doc_id).briefing.sources.urls == ()


def test_temporary_and_hidden_files_are_not_documents(tmp_path):
    for name in (".hidden.txt", "draft.txt~", "upload.txt.part", "x.meta.toml"):
        (tmp_path / name).write_text("نص", encoding="utf-8")
        assert not is_document(tmp_path / name)


def test_min_arabic_letters_is_small_enough_for_a_short_news_item():
    assert MIN_ARABIC_LETTERS <= 60


def test_ingest_of_an_empty_or_missing_folder_reports_nothing(tmp_path, store, pipeline):
    (tmp_path / "empty").mkdir()
    assert ingest(tmp_path / "empty", store, pipeline) == []
    assert ingest(tmp_path / "missing", store, pipeline) == []
