"""Names: who and what a document names, in English, from the gazetteer or the romanizer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summaries.clean import clean
from summaries.errors import ConfigError
from summaries.model import NAME_KINDS, CleanText, Name
from summaries.names import english_form, find_names, load_gazetteer
from summaries.read import read
from summaries.segment import segment
from tests.conftest import SEEDS

ARABIC = re.compile("[\u0600-\u06ff]")
GAZETTEER = Path(__file__).resolve().parents[2] / "summaries" / "data" / "gazetteer.toml"


def names_in(*paragraphs: str, gazetteer=None) -> dict[str, Name]:
    found = find_names(segment(CleanText(paragraphs)), gazetteer)
    return {n.english: n for n in found}


@pytest.fixture(scope="module")
def titles_only(tmp_path_factory):
    """The packaged gazetteer's titles and stop list without a single name: the romanizer's turn."""
    text = GAZETTEER.read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("gazetteer") / "titles.toml"
    path.write_text(text[text.index("[spotting]") :], encoding="utf-8")
    return load_gazetteer(path)


def test_find_names_gives_english_forms_with_kinds_when_a_seed_names_them():
    # seeds/001, as scraped.
    found = names_in(
        "بغداد – بدأ رئيس الوزراء العراقي مصطفى الكاظمي الاثنين زيارة رسمية إلى واشنطن، "
        "غير محددة المدة.",
        "وتوعد قيس الخزعلي، الأمين العام لحركة عصائب أهل الحق، أحد فصائل الحشد الشعبي، "
        "وهو تحالف فصائل موالية لإيران منضوية في القوات العراقية.",
    )

    assert found["Mustafa al-Kadhimi"].kind == "person"
    assert found["Mustafa al-Kadhimi"].arabic == "مصطفى الكاظمي"
    assert found["Qais al-Khazali"].kind == "person"
    assert found["Asa'ib Ahl al-Haq"].kind == "organisation"
    assert found["Popular Mobilization Forces"].kind == "organisation"
    assert {found[p].kind for p in ("Baghdad", "Washington", "Iran")} == {"place"}
    assert {n.source for n in found.values()} == {"gazetteer"}


def test_find_names_matches_forms_when_they_carry_prefixes_or_drop_the_article():
    # seeds/002 and seeds/004: «لمساعدة كاظمي», «بواشنطن», «للعراق», «وإيران», «ببغداد».
    found = names_in(
        "من ثم، لمساعدة كاظمي سياسيًا في الداخل، ستقبل إدارة بايدن بإجراء تغييرات تجميلية.",
        "وقد أكد وزير الخارجية الأمريكي خلال لقائه نظيره بواشنطن الجمعة الماضية أن الشراكة مهمة.",
        "ومواصلة تطهير نفوذ إيران الخبيث في العراق ولبنان وإيران والمساعدات للعراق.",
        "وسمحت للميليشيات باختراق المنطقة الدولية ببغداد في غضون دقائق.",
    )

    assert {"Mustafa al-Kadhimi", "Joe Biden", "Washington", "Baghdad", "Lebanon"} <= set(found)
    assert found["Iraq"].count == 2 and found["Iran"].count == 2


def test_find_names_takes_the_longest_form_when_a_shorter_one_is_inside():
    found = names_in(
        "أدان العراق الغارات الجوية الأمريكية التي استهدفت كتائب حزب الله العراقي في 29 كانون "
        "الأول/ ديسمبر.",
        "وأعلنت حكومة كردستان العراق رفضها انسحاب القوات الأجنبية.",
    )

    assert "Kata'ib Hezbollah" in found and "Hezbollah" not in found
    assert "Kurdistan Regional Government" in found and "Kurdistan Region" not in found


def test_find_names_counts_a_short_form_only_after_a_full_form_when_the_word_is_common():
    alone = names_in("بينما أكد حسين أن علاقاتنا مع الولايات المتحدة ليست مجرد علاقات عسكرية.")
    after = names_in(
        "وقد أكد وزير الخارجية الأمريكي، أنتوني بلينكن، خلال لقائه نظيره العراقي فؤاد حسين "
        "بواشنطن أن الشراكة أوسع.",
        "بينما أكد حسين أن علاقاتنا مع الولايات المتحدة ليست مجرد علاقات عسكرية.",
    )

    assert "Fuad Hussein" not in alone
    assert after["Fuad Hussein"].count == 2
    assert after["Fuad Hussein"].sentence_ids == ("p0.s0", "p1.s0")


def test_find_names_orders_names_by_mentions_then_first_appearance():
    found = find_names(
        segment(CleanText(("زار الكاظمي بغداد ثم واشنطن.", "وعاد الكاظمي إلى بغداد.")))
    )

    assert [n.english for n in found] == ["Mustafa al-Kadhimi", "Baghdad", "Washington"]


def test_find_names_romanizes_a_person_the_gazetteer_lacks_when_a_title_introduces_them(
    titles_only,
):
    found = names_in(
        "والثلاثاء، وصل وزير الخارجية العراقي فؤاد حسين إلى واشنطن على رأس وفد تفاوضي.",
        gazetteer=titles_only,
    )

    [name] = found.values()
    assert name.source == "romanizer" and name.kind == "person"
    assert name.arabic == "فؤاد حسين"  # the sentence goes on after the name: not part of it
    assert re.fullmatch(r"F[a-z]+ Hussein", name.english)


@pytest.mark.parametrize(
    "sentence",
    [
        # A title followed by words that are not a name.
        "وقال الرئيس في خطابه إن الانسحاب سيكون في الواقع إعادة تحديد لمهام القوات.",
        "وأشار الدكتور إلى أن الوضع الراهن سيبقى كما هو.",
        # A given name the dictionary knows, then a surname only the romanizer's model
        # could spell ("Khamni"): left out rather than guessed.
        "حين التقى بالمرشد الأعلى علي خامنئي في 21 تموز/يوليو.",
        # A person without a title.
        "ويقول جياد إن ذلك سيجنّب العراق الغرق في الظلمة.",
    ],
)
def test_find_names_leaves_out_words_after_titles_when_they_are_not_surely_a_name(
    titles_only, sentence
):
    assert names_in(sentence, gazetteer=titles_only) == {}


def test_find_names_gives_every_seed_english_names_only_in_latin_script():
    for path in sorted(SEEDS.glob("*.txt")):
        found = find_names(segment(clean(read(path))))

        assert len(found) >= 10, path.name
        for name in found:
            assert not ARABIC.search(name.english), name
            assert ARABIC.search(name.arabic), name
            assert name.kind in NAME_KINDS
            assert name.count >= len(name.sentence_ids) >= 1


def test_english_form_gives_authors_in_english_from_gazetteer_romanizer_or_as_written():
    assert english_form("دانا ستروول", person=True) == "Dana Stroul"
    assert english_form("Farzin Nadimi", person=True) == "Farzin Nadimi"
    romanized = english_form("رمزي عبد الرحمن", person=True)
    assert romanized and romanized.startswith("Ramzi ") and not ARABIC.search(romanized)
    assert english_form("حيدر الزاملي") is None  # not a known name, not said to be a person


def test_load_gazetteer_raises_config_error_naming_the_file_when_an_entry_is_broken(tmp_path):
    path = tmp_path / "gazetteer.toml"
    path.write_text('[[person]]\nenglish = "Joe Biden"\narabic = "بايدن"\n', encoding="utf-8")

    with pytest.raises(ConfigError, match=str(path)):
        load_gazetteer(path)
