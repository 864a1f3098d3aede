"""The timeline: dated events of each document, merged across documents, kept incrementally."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from summaries import Pipeline, Store, ingest
from summaries.model import Sentence
from summaries.timeline import (
    clause_of,
    context_year,
    contradicts,
    dated,
    extract_timeline,
    format_date,
    same_event,
)
from summaries.weekdays import weekday_figures
from summaries.words import has_arabic
from tests.conftest import SEEDS

VISIT = "000_2f603b69c566226f.txt"  # The Washington Institute: al-Kadhimi arrives on 19 August
AFP = "001_30c43de8442b943a.txt"  # dated 2021-07-26: "his last visit ... in August 2020"
MEI = "002_d78c7be7ce63ed78.txt"  # «يوم الاثنين 26 يوليو/تموز», no year, no document date
TRENDS = "003_855d7bddcf291e5e.txt"  # the strategic dialogue launched in June 2020

VISIT_A = (
    "زار رئيس الوزراء العراقي مصطفى الكاظمي واشنطن في 19 آب/أغسطس 2020 والتقى الرئيس "
    "الأمريكي دونالد ترامب في البيت الأبيض لبحث مستقبل القوات الأمريكية في العراق."
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, module_db_target) -> tuple[Store, Path]:
    """The seeds ingested once (per engine) for the read-only tests of this module."""
    seeds = tmp_path_factory.mktemp("timeline") / "seeds"
    shutil.copytree(SEEDS, seeds)
    store = Store.open(module_db_target)
    ingest(seeds, store, Pipeline.build())
    yield store, seeds
    store.close()


# Words for the other paragraphs of the built reports: distinct texts, so that
# near-duplicate detection (issue 11) takes each for an article of its own.
_FILLER = (
    "الحكومة البرلمان الاقتصاد الموازنة النفط الكهرباء الاستثمار الشركات المحافظات "
    "الحدود الزراعة المياه التعليم الصحة الشباب البطالة الفساد القضاء الدستور الأحزاب "
    "المعارضة الإعلام المجتمع الثقافة التجارة الموانئ المصارف الضرائب الرواتب الإصلاح"
).split()


def _report(i: int, visit: str = VISIT_A) -> str:
    """Return a built report: a paragraph of its own, then the visit sentence."""
    words = random.Random(i).sample(_FILLER, len(_FILLER))
    return "ناقش المحللون " + " و".join(words) + ".\n\n" + visit


def _ingest(store: Store, seeds: Path, **files: str) -> None:
    for name, body in files.items():
        (seeds / name).write_text(body, encoding="utf-8")
    ingest(seeds, store, Pipeline.build())


def _lines(store: Store, **query) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.date, tuple(s.document.name for s in e.sources)) for e in store.timeline(**query)]


# -- pure parts ---------------------------------------------------------------------


def test_clause_of_keeps_clause_of_date_when_sentence_has_several():
    text = (
        "والثلاثاء، وصل وزير الخارجية العراقي فؤاد حسين إلى واشنطن، بعد جولة أولى عقدت في "
        "يونيو 2020، فيما عقدت الثانية في أغسطس من العام نفسه."
    )
    at = text.index("يونيو 2020")
    assert clause_of(text, at, at + len("يونيو 2020")) == "جولة أولى عقدت في يونيو 2020"


def test_clause_of_keeps_antecedent_when_clause_is_relative():
    text = (
        "ويهدف الحوار الاستراتيجي بين بغداد وواشنطن، الذي انطلق رسمياً منذ يونيو 2020، "
        "إلى تحديد العلاقة."
    )
    at = text.index("يونيو 2020")
    clause = clause_of(text, at, at + len("يونيو 2020"), "الحوار الاستراتيجي")
    assert clause == "الحوار الاستراتيجي بين بغداد وواشنطن، الذي انطلق رسمياً منذ يونيو 2020"


def test_clause_of_drops_words_after_date_when_clause_too_long():
    text = (
        "عندما يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس ستكون هذه "
        "زيارته الثانية خارج البلاد منذ توليه منصبه."
    )
    at = text.index("19 آب")
    clause = clause_of(text, at, at + len("19 آب/أغسطس"))
    assert clause == "يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس"


@pytest.mark.parametrize(
    ("written", "doc_date", "after", "expected"),
    [
        ("2020-06", "2021-07-26", (), ("2020-06", "text")),
        ("--10-10", "2021-07-26", ("القادم",), ("2021-10-10", "document")),
        ("--12-29", "2020-01-05", (), ("2019-12-29", "document")),  # the nearest 29 December
        ("--03-01", "2020-12-20", ("الماضي",), ("2020-03-01", "document")),
        ("--08-19", None, (), ("--08-19", "")),  # no year anywhere: left open
    ],
)
def test_dated_takes_year_from_document_when_text_has_none(written, doc_date, after, expected):
    assert dated(written, doc_date, after) == expected


def test_weekday_figures_read_only_the_documents_own_day():
    said = [
        "بدأ رئيس الوزراء العراقي الاثنين زيارة رسمية إلى واشنطن.",
        "واختتمت جولة الحوار الجمعة في واشنطن.",  # Friday: before or after? left alone
        "ويلتقي الوفد الاثنين المقبل بوزير الخارجية.",  # next week
        "وقع الخلاف بين الاثنين حول موعد الانسحاب.",  # "between the two"
    ]
    sentences = [Sentence(f"p{i}.s0", text, i) for i, text in enumerate(said)]
    monday = weekday_figures(sentences, "2021-07-26")
    assert [(f.sentence_id, f.unit, f.surface) for f in monday] == [
        ("p0.s0", "2021-07-26", "الاثنين")
    ]
    assert weekday_figures(sentences, "2021-07") == []  # a month is no day
    assert weekday_figures(sentences, None) == []


def test_format_date_writes_month_as_readers_do():
    assert format_date("2020-08-19", "ar") == "19 آب/أغسطس 2020"
    assert format_date("2020-08-19", "en") == "19 August 2020"
    assert format_date("2020-06", "en") == "June 2020"
    assert format_date("2021-10-10", "ar") == "10 تشرين الأول/أكتوبر 2021"


def test_same_event_needs_shared_keys_when_date_is_same():
    keys = ("@Mustafa al-Kadhimi", "@Washington", "زور")
    assert same_event("2020-08-19", keys, "2020-08-19", ("@Washington", "زور"))
    assert not same_event("2020-08-19", keys, "2020-08-19", ("@Washington", "نخب"))
    assert same_event("2020-08", keys, "2020-08-19", ("@Mustafa al-Kadhimi", "@Washington"))
    assert not same_event("2020-08", ("زور", "شنط"), "2020-08-19", ("زور", "شنط"))  # no name
    assert not same_event("2020-09", keys, "2020-08-19", keys)


def test_contradicts_only_when_days_near_and_clauses_alike():
    keys = ("@Mustafa al-Kadhimi", "@Washington", "زور", "رئس", "زرء")
    assert contradicts("2020-08-19", keys, "2020-08-20", keys)
    assert not contradicts("2020-08-19", keys, "2020-08-19", keys)  # same date: one event
    assert not contradicts("2020-08-19", keys, "2020-11-20", keys)  # months apart: two visits
    assert not contradicts("2020-08-19", keys, "2020-08-20", ("@Washington", "زور", "نخب"))
    assert not contradicts("2020-08", keys, "2020-08-20", keys)  # a month is no other day


def test_context_year_is_none_when_other_reports_disagree():
    keys = ("@Mustafa al-Kadhimi", "@Washington", "زور")
    assert context_year("--08-19", keys, [(2, "2020-08", keys)]) == (2020, (2,))
    assert context_year("--08-19", keys, [(2, "2020-08", keys), (3, "2021-08-19", keys)]) is None
    assert context_year("--08-19", keys, [(2, "2020-08-18", keys)]) is None  # another day


def test_extract_timeline_english_is_never_arabic_on_seeds(seeded):
    store, _ = seeded
    briefings = [store.briefing(d.id).briefing for d in store.documents()]
    entries = [e for b in briefings for e in extract_timeline(b)]
    assert entries
    assert all(e.clause_ar and has_arabic(e.clause_ar) for e in entries)
    assert all(not has_arabic(e.clause_en) for e in entries)
    assert all(len(e.clause_ar) <= 100 for e in entries)


# -- the merged timeline on the seeds -------------------------------------------------


def test_timeline_lists_seed_events_in_date_order_with_sources(seeded):
    store, _ = seeded
    lines = _lines(store)
    assert [d for d, _ in lines] == [
        "2014-06",
        "2020-06",
        "2020-06",
        "2020-08-19",
        "2021-07-26",
        "2021-10-10",
    ]
    assert ("2020-06", (TRENDS,)) in lines
    assert ("2021-10-10", (AFP,)) in lines  # «10 أكتوبر القادم» in a document of 26 July 2021


def test_timeline_merges_two_seeds_when_they_report_one_event(seeded):
    store, _ = seeded
    visit = next(e for e in store.timeline() if e.date == "2020-08-19")
    # 000 writes «19 آب/أغسطس» without a year; 001 dates al-Kadhimi's visit to Washington
    # to August 2020: one event, two sources, the day from 000 and the year from 001.
    assert [(s.document.name, s.date, s.year_from) for s in visit.sources] == [
        (VISIT, "2020-08-19", "context"),
        (AFP, "2020-08", "text"),
    ]
    assert "مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس" in visit.lead.clause_ar
    assert "Mustafa al-Kadhimi" in visit.lead.clause_en and not visit.disputed


def test_timeline_dates_a_weekday_and_a_yearless_date_from_another_seed(seeded):
    store, _ = seeded
    meeting = next(e for e in store.timeline() if e.date == "2021-07-26")
    # 001 (dated Monday 26 July 2021): «بدأ ... الكاظمي الاثنين زيارة رسمية إلى واشنطن»;
    # 002: «لقاء الرئيس جو بايدن مع ... الكاظمي يوم الاثنين 26 يوليو/تموز», no year.
    assert [(s.document.name, s.year_from) for s in meeting.sources] == [
        (AFP, "document"),
        (MEI, "context"),
    ]
    assert meeting.lead.clause_ar.startswith("بدأ رئيس الوزراء العراقي مصطفى الكاظمي الاثنين")


def test_timeline_keeps_out_dates_without_a_safe_year(seeded):
    store, _ = seeded
    # 000's 21 July (Khamenei) and 004's December dates: no document date, no other report.
    assert not [e for e in store.timeline() if e.date[5:7] == "12" or e.date == "2020-07-21"]
    assert {e.year_from for d in store.documents() for e in store.timeline_entries(d.id)} >= {""}


def test_timeline_filters_by_topic_and_words(seeded):
    store, _ = seeded
    assert [d for d, _ in _lines(store, words="الكاظمي")] == [
        "2020-08-19",
        "2021-07-26",
        "2021-10-10",
    ]
    assert [d for d, _ in _lines(store, words="Washington")] == [
        "2020-06",
        "2020-08-19",
        "2021-07-26",
    ]
    assert store.count_timeline(words="زلزال") == 0
    assert store.count_timeline() == 6
    assert [d for d, _ in _lines(store, topic_id="elections")] == ["2021-10-10"]
    dialogue = [d for d, _ in _lines(store, topic_id="dialogue")]
    assert dialogue == ["2020-06", "2020-06", "2020-08-19", "2021-07-26"]
    assert store.count_timeline(topic_id="economy") == 0


def test_timeline_drops_seed_entries_when_withdrawn(store, seeds_dir):
    ingest(seeds_dir, store, Pipeline.build())
    before = _lines(store)
    (seeds_dir / AFP).unlink()
    ingest(seeds_dir, store, Pipeline.build())
    after = _lines(store)
    assert all(AFP not in names for _, names in after)
    # 000's 19 August and 002's 26 July took their years from 001: they leave with it.
    assert [d for d, _ in after] == ["2014-06", "2020-06"]
    shutil.copy(SEEDS / AFP, seeds_dir / AFP)
    ingest(seeds_dir, store, Pipeline.build())
    assert sorted(_lines(store)) == sorted(before)  # added back, the same timeline


def test_timeline_unchanged_when_document_has_no_dates(store, seeds_dir):
    ingest(seeds_dir, store, Pipeline.build())
    before = _lines(store)
    plain = "يبحث المسؤولون العراقيون مع نظرائهم الأمريكيين مستقبل التعاون الاقتصادي بين البلدين."
    _ingest(store, seeds_dir, **{"no_dates.txt": plain * 3})
    document = store.document_by_name("no_dates.txt")
    assert store.timeline_entries(document.id) == ()
    assert _lines(store) == before


def test_timeline_shows_both_dates_when_documents_contradict(store, tmp_path):
    seeds = tmp_path / "two"
    seeds.mkdir()
    _ingest(
        store,
        seeds,
        **{"a.txt": _report(1), "b.txt": _report(2, VISIT_A.replace("19 آب", "20 آب"))},
    )
    events = store.timeline()
    assert [e.date for e in events] == ["2020-08-19", "2020-08-20"]
    first, second = events
    assert [(s.document.name, s.date) for s in first.disputed] == [("b.txt", "2020-08-20")]
    assert [(s.document.name, s.date) for s in second.disputed] == [("a.txt", "2020-08-19")]
    (seeds / "b.txt").unlink()
    ingest(seeds, store, Pipeline.build())
    assert [(e.date, e.disputed) for e in store.timeline()] == [("2020-08-19", ())]


def test_timeline_merges_one_date_when_documents_agree(store, tmp_path):
    seeds = tmp_path / "two"
    seeds.mkdir()
    other = VISIT_A.replace("لبحث مستقبل القوات الأمريكية في العراق", "لبحث الحوار الاستراتيجي")
    _ingest(store, seeds, **{"a.txt": _report(1), "b.txt": _report(2, other)})
    (event,) = store.timeline()
    assert event.date == "2020-08-19"
    assert [s.document.name for s in event.sources] == ["a.txt", "b.txt"]
    (pushed,) = store.timeline_of_documents([store.document_by_name("b.txt").id])
    assert (pushed.id, pushed.date, pushed.reports) == (event.id, event.date, 2)
    assert [s.document.name for s in pushed.sources] == ["b.txt", "a.txt"]  # the asked one first


def test_store_before_timeline_upgrades_in_place_and_gets_its_timeline_at_reingest(
    tmp_path, seeds_dir, monkeypatch
):
    import summaries.pipeline as pipeline_module
    from db.migrate import migrate
    from summaries.store import SCHEMA_VERSION
    from tests.stores import revision_before

    cut = revision_before("timeline")
    path = tmp_path / "old.sqlite3"
    with monkeypatch.context() as old_code:  # the Mujaz before this migration
        old_code.setattr(Store, "migrate", lambda self: migrate(self._db, self.transaction, cut))
        old_code.setattr(Store, "timeline_saved", lambda self, doc_id, entries: None)
        old_code.setattr(Store, "timeline_dropped", lambda self, doc_id: None)
        old_code.setattr(Store, "_index_document", lambda self, doc_id: None)  # search came later
        old_code.setattr(Store, "claim_file", lambda self, *a, **k: True)  # so did file claims
        old_code.setattr(Store, "release_file", lambda self, *a, **k: None)
        revision = pipeline_module.PIPELINE_REVISION
        old_code.setattr(pipeline_module, "PIPELINE_REVISION", revision - 1)
        with Store.open(path) as old:
            ingest(seeds_dir, old, Pipeline.build())
            before = [(d.id, d.name) for d in old.documents()]
            assert old.schema_version() == int(cut)
    with Store.open(path) as upgraded:
        assert upgraded.schema_version() == SCHEMA_VERSION
        assert [(d.id, d.name) for d in upgraded.documents()] == before
        assert upgraded.count_timeline() == 0  # nothing computed yet
        results = ingest(seeds_dir, upgraded, Pipeline.build())  # a new pipeline revision
        assert {r.outcome.value for r in results} == {"updated"}
        assert [(d.id, d.name) for d in upgraded.documents()] == before
        assert upgraded.count_timeline() == 6


def test_timeline_names_the_asked_documents_when_an_event_has_many_reports(store, tmp_path):
    from summaries.store.timeline_reads import SOURCES_KEPT

    seeds = tmp_path / "many"
    seeds.mkdir()
    count = SOURCES_KEPT + 2
    _ingest(store, seeds, **{f"r{i}.txt": _report(i) for i in range(count)})
    (event,) = store.timeline()
    assert event.reports == count and len(event.sources) == SOURCES_KEPT
    last = store.document_by_name(f"r{count - 1}.txt")
    assert last.id not in {s.document.id for s in event.sources}
    (pushed,) = store.timeline_of_documents([last.id])
    assert pushed.sources[0].document.id == last.id and pushed.reports == count
