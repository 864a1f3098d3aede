"""The English side of briefings: every seed with and without a translation model.

"Model present" runs twice: with a protocol double whose English is
predictable (so the checks of figures and names can be asserted), and with
the tiny CTranslate2 model of tests/translate_model.py (meaningless English:
only structure is asserted).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest

from summaries import Outcome, Pipeline, ingest
from summaries.english import NO_BACKEND, checked_translation, english_side
from summaries.figures import extract_figures
from summaries.model import Briefing, CleanText, Sources, TitleOrigin
from summaries.names import find_names
from summaries.read import read
from summaries.segment import segment
from summaries.translate import CTranslate2Translator, missing_numbers, numbers
from tests.conftest import SEEDS

ARABIC = re.compile("[\u0600-\u06ff]")
SEED_PATHS = sorted(SEEDS.glob("*.txt"))
# seeds/002 (Middle East Institute), as scraped.
BUDGET = (
    "كما طلبت إدارة بايدن 448 مليون دولار من المساعدات الخارجية للعراق ضمن طلباتها "
    "لموازنة السنة المالية 2022."
)


class Glossary:
    """A translator double: English words of its own, the sentence's numbers in ASCII."""

    name = "glossary"
    version = "1"

    def __init__(self, english: Callable[[str], str] | None = None) -> None:
        self.calls: list[list[str]] = []
        self._english = english or (lambda s: " ".join(["Translated sentence", *numbers(s)]))

    def translate(self, sentences: Sequence[str]) -> list[str]:
        self.calls.append(list(sentences))
        return [self._english(s) for s in sentences]


class Broken:
    name, version = "broken", "0"

    def translate(self, sentences: Sequence[str]) -> list[str]:
        raise RuntimeError("the model file is truncated")


class Short:
    """A translator that answers one sentence whatever it is given."""

    name, version = "short", "1"

    def translate(self, sentences: Sequence[str]) -> list[str]:
        return ["Translated sentence."]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.build()


@pytest.fixture(scope="module")
def briefings(pipeline):
    """The briefing of every seed without its English side, as english_side receives it."""
    return {p.name: _before_english(pipeline.summarize(read(p))[1]) for p in SEED_PATHS}


def _before_english(briefing: Briefing) -> Briefing:
    """Return a briefing as english_side gets it: no English side, no English title made for it."""
    sources = briefing.sources
    if sources.title_en_origin in (TitleOrigin.TRANSLATED, TitleOrigin.DESCRIBED):
        sources = replace(sources, title_en=None, title_en_origin=None)
    return replace(briefing, sources=sources, english=None)


@pytest.fixture(scope="module")
def tiny(tiny_mt_model):
    return CTranslate2Translator(tiny_mt_model)


def one_sentence(text: str):
    segmented = segment(CleanText((text,)))
    return segmented, extract_figures(segmented.body), find_names(segmented)


# -- without a model ------------------------------------------------------------------


@pytest.mark.parametrize("name", [p.name for p in SEED_PATHS])
def test_english_side_invents_no_digest_but_names_everything_when_there_is_no_model(
    briefings, name
):
    english = english_side(briefings[name], None)

    assert english.digest == "" and not english.translated and english.backend == NO_BACKEND
    assert english.sentences == ()
    assert english.names and all(not ARABIC.search(n.english) for n in english.names)
    assert all(not ARABIC.search(a) for a in english.authors)


def test_english_side_keeps_the_documents_own_english_title_and_authors_when_known(briefings):
    english = english_side(briefings["000_2f603b69c566226f.txt"], None)

    assert english.title == "Kadhimi visits Washington broadening US Iraq relationship"
    assert english.authors == ("Dana Stroul", "Bilal Wahab")


def test_english_side_takes_a_title_in_latin_script_as_the_english_title(briefings):
    briefing = briefings["002_d78c7be7ce63ed78.txt"]
    latin = replace(briefing, sources=Sources(title="Biden and Kadhimi: beyond troops"))

    assert english_side(latin, None).title == "Biden and Kadhimi: beyond troops"
    assert english_side(briefing, None).title is None  # nothing in English: nothing made up


# -- with a model (protocol double) -----------------------------------------------------


@pytest.mark.parametrize("name", [p.name for p in SEED_PATHS])
def test_english_side_translates_every_sentence_whole_in_one_call_when_a_model_is_given(
    briefings, name
):
    briefing = briefings[name]
    glossary = Glossary()
    english = english_side(briefing, glossary)

    [batch] = glossary.calls
    sentences = briefing.segmented.sentences
    assert batch[: len(sentences)] == [s.text for s in sentences]  # whole, in order
    assert len(batch) == len(sentences) + (
        english.title is not None and not briefing.sources.title_en
    )
    assert english.translated and english.backend == "glossary:1"
    assert [sid for sid, _ in english.sentences] == [s.id for s in sentences]
    translated = dict(english.sentences)
    assert english.digest == " ".join(translated[s.id] for s in briefing.digest.sentences)
    for sentence in briefing.digest.sentences:
        assert missing_numbers(sentence.text, translated[sentence.id]) == ()


def test_english_side_translates_the_title_when_the_document_has_none_in_english(briefings):
    english = english_side(briefings["001_30c43de8442b943a.txt"], Glossary())

    assert english.title == "Translated sentence"


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_pipeline_marks_a_translated_title_as_translated(pipeline, prefix):
    [path] = [p for p in SEED_PATHS if p.name.startswith(prefix)]
    translating = replace(pipeline, translator=Glossary())
    _, briefing = translating.summarize(read(path))

    assert briefing.sources.title_en == briefing.english.title == "Translated sentence"
    assert briefing.sources.title_en_origin is TitleOrigin.TRANSLATED


def test_checked_translation_appends_figures_with_their_labels_when_the_model_drops_them():
    segmented, figures, names = one_sentence(BUDGET)

    checked = checked_translation(
        BUDGET, "The Biden administration asked for foreign aid to Iraq.", figures, names
    )

    assert checked == (
        "The Biden administration asked for foreign aid to Iraq. "
        "[foreign aid for Iraq: 448 million USD; fiscal year budget: 2022]"
    )


def test_checked_translation_puts_back_one_number_the_model_garbled_in_its_place():
    segmented, figures, names = one_sentence(BUDGET)

    checked = checked_translation(
        BUDGET,
        "The Biden administration requested $484 million in foreign aid for Iraq in its "
        "2022 fiscal year budget requests.",
        figures,
        names,
    )

    assert "$448 million" in checked and "484" not in checked and "[" not in checked


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("ينتشر نحو ٣٠٠٠ جندي للتحالف، بينهم ٢٥٠٠ أميركي.", "About 3,000 troops, 2,500 American."),
        ("مساعدات بقيمة 155 مليون دولار.", "Aid worth $155,000,000."),
        ("أكثر من 1.5 مليار دولار.", "More than 1.5 billion dollars."),
    ],
)
def test_checked_translation_accepts_numbers_written_otherwise_when_the_value_is_the_same(
    arabic, english
):
    _, figures, names = one_sentence(arabic)

    assert checked_translation(arabic, english, figures, names) == english


def test_checked_translation_gives_names_their_gazetteer_form_when_copied_or_misspelt():
    arabic = "كما أعلن بلينكن يوم الجمعة الماضي عن مساعدات إنسانية أخرى للعراقيين."
    _, figures, names = one_sentence(arabic)

    copied = checked_translation(arabic, "بلينكن announced more aid for Iraqis.", figures, names)
    misspelt = checked_translation(arabic, "Blinkin announced more aid.", figures, names)

    assert copied == "Antony Blinken announced more aid for Iraqis."
    assert misspelt == "Blinken announced more aid."


def test_checked_translation_refuses_english_that_still_holds_arabic_words():
    arabic = "ويقول الباحث إن ذلك سيجنّب العراق الغرق في الظلمة."
    _, figures, names = one_sentence(arabic)

    assert (
        checked_translation(arabic, "The researcher says الظلمة is near.", figures, names) is None
    )
    assert checked_translation(arabic, "  ", figures, names) is None


def test_english_side_keeps_only_checked_sentences_in_the_digest_when_some_fail(briefings):
    briefing = briefings["002_d78c7be7ce63ed78.txt"]
    first = briefing.digest.sentences[0].text
    glossary = Glossary(lambda s: "بقي بالعربية" if s == first else "Translated sentence.")

    english = english_side(briefing, glossary)

    assert english.translated
    assert briefing.digest.sentences[0].id not in dict(english.sentences)
    assert not ARABIC.search(english.digest)


def test_english_side_falls_back_to_no_model_when_the_translator_fails(briefings, caplog):
    briefing = briefings["002_d78c7be7ce63ed78.txt"]

    failed = english_side(briefing, Broken())
    one_for_all = english_side(briefing, Short())

    assert failed == one_for_all == english_side(briefing, None)
    assert "the translator broken failed" in caplog.text
    assert "short gave 1 translations" in caplog.text


# -- with the tiny CTranslate2 model (meaningless English: structure only) ---------------


@pytest.mark.parametrize("name", [p.name for p in SEED_PATHS])
def test_english_side_with_the_tiny_model_gives_latin_text_with_every_digest_number(
    briefings, tiny, name
):
    briefing = briefings[name]
    english = english_side(briefing, tiny)

    assert english.backend == "ctranslate2:translate-ar_en-tiny"
    translated = dict(english.sentences)
    assert translated and set(translated) <= {s.id for s in briefing.segmented.sentences}
    assert all(text and not ARABIC.search(text) for text in translated.values())
    assert english.translated == any(s.id in translated for s in briefing.digest.sentences)
    for sentence in briefing.digest.sentences:
        if sentence.id in translated:
            assert missing_numbers(sentence.text, translated[sentence.id]) == ()


# -- pipeline and store ------------------------------------------------------------------


def test_pipeline_version_names_the_translator_so_a_new_model_reingests(seeds_dir, store):
    plain, translated = Pipeline.build(), Pipeline.build(translator=Glossary())
    assert plain.version.endswith(".none") and translated.version.endswith(".glossary:1")

    ingest(seeds_dir, store, plain)
    again = ingest(seeds_dir, store, translated)

    assert {r.outcome for r in again} == {Outcome.UPDATED}
    assert store.english_backends() == {"glossary:1": 5}


def test_store_gives_back_the_english_side_it_was_given_when_a_model_made_it(seeds_dir, store):
    pipeline = Pipeline.build(translator=Glossary())
    results = {r.name: r for r in ingest(seeds_dir, store, pipeline)}

    for path in SEED_PATHS:
        _, briefing = pipeline.summarize(read(path))
        stored = store.briefing(results[path.name].doc_id).briefing
        assert stored.english == briefing.english
        assert stored.sources.title_en == briefing.english.title


def test_topic_passages_and_search_carry_stored_translations_when_a_model_made_them(
    seeds_dir, store
):
    ingest(seeds_dir, store, Pipeline.build(translator=Glossary()))

    passages = store.topic_passages("security")
    found = store.search("translated sentence", limit=3)

    assert passages and all(p.english and p.english.startswith("Translated") for p in passages)
    assert len(found) == 3 and all(p.english for p in found)


def test_store_reads_no_translations_and_names_without_a_model(seeds_dir, store):
    ingest(seeds_dir, store, Pipeline.build())
    first = store.documents()[0]

    english = store.briefing(first.id).briefing.english
    assert english is not None and not english.translated and english.backend == NO_BACKEND
    assert english.names == store.names_of(first.id) and english.names
    assert all(p.english is None for p in store.topic_passages("security"))


def test_search_finds_the_sentences_naming_someone_when_the_words_are_an_english_name(
    seeds_dir, store
):
    ingest(seeds_dir, store, Pipeline.build())

    found = store.search("Kadhimi")
    both = store.search("Joe Biden")

    assert found and all(ARABIC.search(p.sentence.text) for p in found)
    assert all("كاظمي" in p.sentence.text or "الكازمي" in p.sentence.text for p in found)
    assert both and all("بايدن" in p.sentence.text for p in both)
    assert store.search("Kadhimi Pelosi") == []  # every word in one name


def test_cli_show_prints_the_english_side_and_how_to_get_the_digest(
    seeds_dir, tmp_path, capsys, monkeypatch
):
    from summaries.cli import main

    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    common = ["--seeds", str(seeds_dir), "--db", str(tmp_path / "db.sqlite3")]
    assert main([*common, "ingest"]) == 0
    capsys.readouterr()

    assert main([*common, "show", "1", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()

    assert out[0] == "#1 Kadhimi visits Washington broadening US Iraq relationship"
    assert out[2].startswith("(No English digest: it needs the translation model")
    assert "`mujaz models install FILE`" in out[2]
    assert "People: Mustafa al-Kadhimi (مصطفى الكاظمي), Dana Stroul (دانا ستروول)" in out[3]
    assert out[-1].startswith("Source: The Washington Institute · Dana Stroul, Bilal Wahab · ")


def test_pipeline_takes_an_english_og_title_as_the_english_title_of_an_arabic_page(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in (BUDGET, BUDGET.replace("448", "155")))
    page = tmp_path / "mei.html"
    page.write_text(
        '<html><head><meta property="og:title" content="Biden and Kadhimi: beyond troops">'
        f"</head><body><article><h1>بايدن والكاظمي</h1>{body}</article></body></html>",
        encoding="utf-8",
    )

    _, briefing = Pipeline.build().summarize(read(page))

    assert briefing.sources.title_en == "Biden and Kadhimi: beyond troops"
    assert briefing.english.title == "Biden and Kadhimi: beyond troops"
