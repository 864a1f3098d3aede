"""Topics: the taxonomy file, per-document matching and what a user means by /topic X."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from summaries.clean import clean
from summaries.errors import ConfigError, MujazError
from summaries.model import Kind, Paragraph, Segmented, Sentence, Topic
from summaries.read import read
from summaries.segment import segment
from summaries.topics import load_taxonomy, match_topics, query_stems, resolve_topic

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Seed 003 (TRENDS), body paragraphs as a cleaner would leave them.
TRENDS_BODY = (
    "ينطوي الحوار الاستراتيجي بين الولايات المتحدة والعراق، الذي تجري الجولة الرابعة منه في "
    "واشنطن، على أهمية كبيرة ليست للعراق فقط، وإنما أيضاً للمنطقة ككل؛ وذلك لأنه يتعلق بمستقبل "
    "الوجود العسكري الأمريكي هناك، وتتداخل فيه عوامل محلية وإقليمية مختلفة. ويواجه الحوار تحديات "
    "عدة؛ حيث تصر قوى عراقية تابعة لإيران على خروج القوات الأمريكية بشكل كامل، على عكس موقف "
    "الحكومة التي ترغب في “أن تُواصل الولايات المتحدة والتحالف تدريب جيشها ومساعدته، وتقديم "
    "الدعم اللوجستي (و) تبادل المعلومات.”",
    "ويتناول الحوار ملفات عدة؛ منها السياسية، والاقتصادية، والثقافية، والأمنية، حيث إن كلا "
    "البلدين يعقد آمالاً كبيرة عليه، ليس لتعزيز العلاقات الثنائية فقط، وإنما للمساهمة كذلك في "
    "تحقيق الأمن والاستقرار الإقليمي.",
    "ولكن التعاون الأمني يحظى بالاهتمام الأكبر، وخاصة أن الوجود العسكري الأمريكي منذ عام 2014 "
    "كان بسبب التهديدات الأمنية التي تنامت بشكل خطير، بعد سيطرة تنظيم داعش على ثلث مساحة البلاد؛ "
    "حيث تقود الولايات المتحدة منذ ذلك الوقت تحالفاً دولياً لمكافحة التنظيم. وينتشر الآن في "
    "العراق نحو ثلاثة آلاف جندي من قوات التحالف الدولي، بينهم 2500 جندي أمريكي.",
    "وتنعقد الجولة الرابعة من الحوار وسط ظروف محلية وإقليمية معقدة؛ ففي العراق تتزايد الضغوط على "
    "الحكومة العراقية من أجل إنهاء الوجود العسكري الأجنبي بشكل كامل، حيث تصر القوى الموالية "
    "لإيران على انسحاب القوات الأمريكية، غير آبهة لموقف الكثير من القوى الأخرى، التي ترى أن هناك "
    "ضرورة لدعم عسكري من الولايات المتحدة في الحرب ضد داعش، حيث مازالت هناك مخاوف من أن يعيد "
    "التنظيم صفوفه؛ فقد أعلنت – على سبيل المثال – حكومة كردستان العراق رفضها انسحاب القوات "
    "الأجنبية. والذي يعقد المشهد أكثر قيام فصائل تابعة للحشد الشعبي بهجمات على قواعد فيها قوات "
    "أمريكية، وقد استَبَقت هذه الفصائل زيارة رئيس الوزراء العراقي مصطفى الكاظمي لواشنطن بهجوم على "
    "قاعدة الحرير في أربيل، التي تضم قوات للتحالف الدولي لمكافحة داعش.",
)

# Seed 002 (MEI): one paragraph, humanitarian aid and a passing «الكردية».
MEI_BODY = (
    "لقاء الرئيس جو بايدن مع رئيس الوزراء العراقي مصطفى الكاظمي يوم الاثنين 26 يوليو/تموز لن "
    "يفتح آفاقًا جديدة، لكن الأمريكيين بدلًا من ذلك يحاولون إبراز الجوانب غير العسكرية للعلاقة "
    "الثنائية. ففي وزارة الخارجية الأمريكية في نهاية الأسبوع الماضي، قاد وزير الخارجية أنتوني "
    "بلينكن ووزير الخارجية العراقي فؤاد حسين فرقًا ناقشت التعاون المستمر في مجالات مثل الصحة "
    "العامة، حيث يدعم الأمريكيون جهود بغداد للتعامل مع تفشي فيروس كورونا. كما أعلن بلينكن يوم "
    "الجمعة الماضي عن مساعدات إنسانية أخرى بقيمة 155 مليون دولار للعراقيين النازحين داخليًا "
    "وكذلك لتجمعات اللاجئين العراقيين في الدول المجاورة.",
    "وعلى الرغم من جهود واشنطن لتوسيع الاهتمام إلى التعاون في مجالات الصحة والتعليم والاقتصاد، لا "
    "يزال اهتمام وسائل الإعلام يركز على مستقبل 2500 جندي أمريكي منتشرين في ثلاث قواعد عراقية. "
    "تريدهم إدارة بايدن أن يبقوا في العراق من أجل تدريب وتقديم الاستشارة لقوات مكافحة الإرهاب "
    "العراقية والكردية التي تقاتل داعش.",
)

EXPECTED_IDS = {
    "security",
    "isis",
    "iran",
    "dialogue",
    "economy",
    "elections",
    "humanitarian",
    "kurdistan",
}


def _document(*paragraphs: str | tuple[Kind, str]) -> Segmented:
    """Build a Segmented document: plain strings are body paragraphs, split at . ! ? ؟."""
    built = []
    for i, item in enumerate(paragraphs):
        kind, text = item if isinstance(item, tuple) else (Kind.BODY, item)
        parts = [p for p in re.split(r"(?<=[.!?؟”])\s+", text) if p]
        sentences = tuple(Sentence(f"p{i}.s{j}", s, i, kind) for j, s in enumerate(parts))
        built.append(Paragraph(i, kind, sentences))
    return Segmented(tuple(built))


def _topic(topic_id: str, *terms_ar: str) -> Topic:
    return Topic(topic_id, topic_id, topic_id, terms_ar, ())


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def taxonomy() -> tuple[Topic, ...]:
    return load_taxonomy()


def test_load_taxonomy_reads_the_packaged_bilingual_topics(taxonomy):
    assert {t.id for t in taxonomy} == EXPECTED_IDS
    for topic in taxonomy:
        assert re.search(r"[\u0621-\u064a]", topic.name_ar), topic.id
        assert topic.name_en.isascii() and topic.terms_ar and topic.terms_en


def test_load_taxonomy_names_the_file_when_toml_is_broken(tmp_path):
    path = _write(tmp_path, '[[topic]\nid = "security"\n')
    with pytest.raises(ConfigError, match=re.escape(str(path))) as error:
        load_taxonomy(path)
    assert "not valid TOML" in str(error.value)
    assert isinstance(error.value, MujazError)


def test_load_taxonomy_names_the_topic_and_field_when_a_field_is_missing(tmp_path):
    path = _write(
        tmp_path,
        '[[topic]]\nid = "power"\nname_ar = "الكهرباء"\nname_en = "Power"\n'
        'terms_ar = ["الكهرباء"]\n',
    )
    with pytest.raises(ConfigError, match=r"topic #1 \('power'\): missing field\(s\) terms_en"):
        load_taxonomy(path)


def test_load_taxonomy_refuses_a_term_made_only_of_stop_words(tmp_path):
    path = _write(
        tmp_path,
        '[[topic]]\nid = "security"\nname_ar = "الأمن"\nname_en = "Security"\n'
        'terms_ar = ["الأمن", "قوة"]\nterms_en = ["security"]\n',
    )
    with pytest.raises(ConfigError, match="'قوة' has only stop words"):
        load_taxonomy(path)


def test_load_taxonomy_refuses_a_topic_id_used_twice(tmp_path):
    topic = (
        '[[topic]]\nid = "gas"\nname_ar = "الغاز"\nname_en = "Gas"\n'
        'terms_ar = ["الغاز"]\nterms_en = []\n'
    )
    with pytest.raises(ConfigError, match="'gas' is used twice"):
        load_taxonomy(_write(tmp_path, topic + topic))


def test_taxonomy_gives_each_single_word_stem_to_one_topic_only(taxonomy):
    # A one-word term shared by two topics would make every such mention count twice.
    owners = defaultdict(set)
    for topic in taxonomy:
        for term in topic.terms_ar:
            stems = query_stems(term)
            if len(stems) == 1:
                owners[stems[0]].add(topic.id)
    assert {stem: ids for stem, ids in owners.items() if len(ids) > 1} == {}


def test_match_topics_meets_article_and_preposition_forms_of_a_term():
    doc = _document(
        "بدأت القوات الانسحاب من القاعدة.",
        "وصلت قوات جديدة إلى بغداد.",
        "قدمت الحكومة الدعم للقوات العراقية.",
    )
    (match,) = match_topics(doc.sentences, [_topic("forces", "قوات")])
    assert set(match.sentence_ids) == {"p0.s0", "p1.s0", "p2.s0"}


def test_match_topics_matches_a_phrase_only_as_a_stem_sequence():
    doc = _document(
        "والذي يعقد المشهد أكثر قيام فصائل تابعة للحشد الشعبي بهجمات على قواعد فيها قوات أمريكية.",
        "فهو يحاول خصوصا حشد دعم دولي وإقليمي يرضي الشعب.",
        "وتوعد قيس الخزعلي، أحد فصائل الحشد الشعبي، بأن عمليات المقاومة مستمرة.",
    )
    (match,) = match_topics(doc.sentences, [_topic("pmf", "الحشد الشعبي")])
    assert match.sentence_ids == ("p0.s0", "p2.s0")


def test_match_topics_counts_body_sentences_only():
    heading = "الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات"
    doc = _document((Kind.HEADING, heading), (Kind.HEADING, heading), (Kind.BYLINE, heading))
    assert match_topics(doc.sentences, [_topic("dialogue", "الحوار الاستراتيجي")]) == ()


def test_match_topics_returns_nothing_for_a_document_without_body(taxonomy):
    assert match_topics((), taxonomy) == ()


def test_match_topics_finds_security_first_in_the_trends_analysis(taxonomy):
    doc = _document(*TRENDS_BODY)
    matches = match_topics(doc.sentences, taxonomy)
    ids = [m.topic_id for m in matches]
    assert ids[0] == "security"
    assert {"dialogue", "isis", "iran"} <= set(ids)
    assert all(0 < m.score <= 1 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_match_topics_leaves_out_a_topic_mentioned_in_passing(taxonomy):
    # Kurdistan appears twice in the TRENDS analysis («حكومة كردستان», «أربيل»), the
    # economy once in a list («والاقتصادية»): asides next to a security analysis.
    ids = {m.topic_id for m in match_topics(_document(*TRENDS_BODY).sentences, taxonomy)}
    assert "kurdistan" not in ids and "economy" not in ids


def test_match_topics_needs_more_than_one_sentence_for_a_topic(taxonomy):
    # «والكردية» is the only Kurdish word of the MEI paragraph.
    ids = {m.topic_id for m in match_topics(_document(*MEI_BODY).sentences, taxonomy)}
    assert "humanitarian" in ids and "security" in ids
    assert "kurdistan" not in ids


def test_match_topics_lists_sentences_with_more_hits_first():
    doc = _document(
        "وتوعد قيس الخزعلي بأن عمليات المقاومة مستمرة.",
        "الفصائل الموالية لإيران هاجمت القاعدة.",
        "وقالت إيران إن الفصائل والميليشيات لن تتوقف.",
    )
    (match,) = match_topics(
        doc.sentences, [_topic("iran", "إيران", "لإيران", "الفصائل", "الميليشيات")]
    )
    assert match.sentence_ids == ("p2.s0", "p1.s0")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("security", "security"),
        ("Kurdistan", "kurdistan"),
        ("إيران والفصائل المسلحة", "iran"),
        ("Humanitarian aid and health", "humanitarian"),
        ("الكهرباء", "economy"),
        ("electricity", "economy"),
        ("troops", "security"),
        ("القوات الأمريكية", "security"),
        ("للقوات الأميركية", "security"),
        ("daesh", "isis"),
        ("الحشد الشعبي", "iran"),
        ("الانتخابات المبكرة", "elections"),
        ("covid", "humanitarian"),
    ],
)
def test_resolve_topic_finds_the_topic_a_user_means(taxonomy, query, expected):
    topic = resolve_topic(query, taxonomy)
    assert topic is not None and topic.id == expected


@pytest.mark.parametrize("query", ["", "   ", "weather", "قوة"])
def test_resolve_topic_returns_none_when_nothing_matches(taxonomy, query):
    assert resolve_topic(query, taxonomy) is None


def test_query_stems_gives_arabic_and_english_keys():
    assert query_stems("للقوات الأمريكية") == query_stems("القوات الأميركية")
    assert query_stems("troops") == query_stems("troop")


# The whole seeds through the real read, clean and segment stages: what each
# document is mainly about, and topics it only touches.
SEED_TOPICS = {
    "000": ({"elections", "economy", "iran", "dialogue"}, {"kurdistan", "humanitarian"}),
    "001": ({"security", "dialogue", "iran"}, {"isis", "humanitarian", "kurdistan"}),
    "002": ({"security", "humanitarian"}, {"kurdistan", "elections"}),
    "003": ({"security", "dialogue", "isis", "iran"}, {"kurdistan", "economy"}),
    "004": ({"security", "iran"}, {"kurdistan", "humanitarian"}),
}


@pytest.mark.parametrize("prefix", sorted(SEED_TOPICS))
def test_match_topics_on_the_seed_documents(taxonomy, prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    segmented = segment(clean(read(path)))
    matches = match_topics(segmented.sentences, taxonomy)
    main, asides = SEED_TOPICS[prefix]
    found = {m.topic_id for m in matches}
    assert main <= found and not asides & found
    body_ids = {s.id for s in segmented.body}
    assert all(len(m.sentence_ids) >= 2 and set(m.sentence_ids) <= body_ids for m in matches)
