"""segment() and split_sentences(): sentences with stable ids, paragraphs with a kind."""

from __future__ import annotations

from pathlib import Path

from summaries.clean import clean
from summaries.model import CleanText, Kind, Segmented
from summaries.read import read
from summaries.segment import segment, split_sentences

DATA = Path(__file__).resolve().parents[1] / "data"


def _segmented(name: str) -> Segmented:
    return segment(clean(read(DATA / name)))


def _kind_of(segmented: Segmented, start: str) -> Kind:
    found = [p.kind for p in segmented.paragraphs if p.text.startswith(start)]
    assert len(found) == 1, f"{start!r} starts {len(found)} paragraphs"
    return found[0]


# --- split_sentences ----------------------------------------------------------


def test_split_sentences_ends_at_full_stop_and_question_mark() -> None:
    paragraph = (  # seed 001, with the question it would make
        "وقد أكد وزير الخارجية العراقي أن المحادثات ستفضي إلى تحديد جدول زمني. "
        'فهل تنسحب القوات الأميركية؟ ويرجح أن "يبقى الأمر كذلك على المدى المنظور".'
    )
    assert split_sentences(paragraph) == [
        "وقد أكد وزير الخارجية العراقي أن المحادثات ستفضي إلى تحديد جدول زمني.",
        "فهل تنسحب القوات الأميركية؟",
        'ويرجح أن "يبقى الأمر كذلك على المدى المنظور".',
    ]


def test_split_sentences_never_splits_at_arabic_comma() -> None:
    paragraph = (  # seed 001: one sentence of six clauses
        "وتوعد قيس الخزعلي، الأمين العام لحركة عصائب أهل الحق، أحد فصائل الحشد الشعبي، وهو تحالف"
        " فصائل موالية لإيران منضوية في القوات العراقية، في كلمة له قبيل زيارة الكاظمي، بأن"
        ' "عمليات المقاومة مستمرة وستستمر حتى خروج كل القوات الأميركية العسكرية من كل'
        ' الأراضي العراقية".'
    )
    assert split_sentences(paragraph) == [paragraph]


def test_split_sentences_keeps_closing_quote_with_its_sentence() -> None:
    paragraph = (  # seed 003
        'على عكس موقف الحكومة التي ترغب في "أن تُواصل الولايات المتحدة والتحالف تدريب جيشها'
        ' ومساعدته، وتقديم الدعم اللوجستي (و) تبادل المعلومات." ويهدف الحوار الاستراتيجي بين'
        " بغداد وواشنطن إلى تحديد طبيعة العلاقة المستقبلية بين البلدين."
    )
    first, second = split_sentences(paragraph)
    assert first.endswith('تبادل المعلومات."')
    assert second.startswith("ويهدف الحوار")


def test_split_sentences_keeps_decimals_and_abbreviations_whole() -> None:
    assert split_sentences(
        "وتجدر الإشارة إلى أن قوات التحالف تمنح أكثر من 1.5 مليار دولار في مجال التعاون الأمني."
    ) == ["وتجدر الإشارة إلى أن قوات التحالف تمنح أكثر من 1.5 مليار دولار في مجال التعاون الأمني."]
    english = (
        "Jihadist Military Threats and the U.S. Response. Ido Levy and Craig Whiteside wrote it."
    )
    assert split_sentences(english) == [
        "Jihadist Military Threats and the U.S. Response.",
        "Ido Levy and Craig Whiteside wrote it.",
    ]
    assert len(split_sentences("قال د. مارديني إن الوضع الراهن سيبقى كما هو. وأضاف جياد.")) == 2


def test_split_sentences_ends_at_era_letter_after_a_year() -> None:
    assert split_sentences("أبرمت واشنطن وبغداد الاتفاقية عام 2008 م. ومهدت لخروج القوات.") == [
        "أبرمت واشنطن وبغداد الاتفاقية عام 2008 م.",
        "ومهدت لخروج القوات.",
    ]


def test_split_sentences_joins_piece_without_letters_to_its_neighbour() -> None:
    pieces = split_sentences("1. ينبغي على دول التحالف أن تمنح المزيد من الاحترام. 2. ومع ذلك.")
    assert pieces == [
        "1. ينبغي على دول التحالف أن تمنح المزيد من الاحترام.",
        "2. ومع ذلك.",
    ]


def test_split_sentences_keeps_very_long_sentence_whole() -> None:
    long_sentence = (
        "على الرغم من تركيز اهتمام الرأي العام الأمريكي، " * 40 + "إلا أنه من المرجح ذلك."
    )
    assert split_sentences(long_sentence) == [long_sentence.strip()]


def test_split_sentences_returns_nothing_for_blank_text() -> None:
    assert split_sentences("  ") == []


# --- kinds --------------------------------------------------------------------


def test_segment_marks_titles_and_section_headings_as_headings() -> None:
    segmented = _segmented("web_markdown_000.txt")
    assert _kind_of(segmented, "الكازمي يزور واشنطن") is Kind.HEADING
    assert _kind_of(segmented, "حان الوقت لتغيير السياسة") is Kind.HEADING
    assert _kind_of(segmented, "الإعداد للانتخابات ذات مصداقية") is Kind.HEADING


def test_segment_marks_byline_and_author_bios_as_bylines() -> None:
    segmented = _segmented("web_markdown_000.txt")
    assert _kind_of(segmented, "بواسطة دانا ستروول") is Kind.BYLINE
    assert _kind_of(segmented, "دانا ستروول هي زميلة أقدم") is Kind.BYLINE
    assert _kind_of(segmented, "بلال وهاب هو زميل") is Kind.BYLINE
    assert _kind_of(segmented, 'دانا ستروول هي "زميلة كاسين"') is Kind.BYLINE


def test_segment_marks_date_line_and_caption_as_headings() -> None:
    segmented = _segmented("web_news_001.txt")
    assert _kind_of(segmented, "الاثنين 2021/07/26") is Kind.HEADING
    assert _kind_of(segmented, "الكاظمي يؤسس لمرحلة جديدة") is Kind.HEADING
    assert _kind_of(segmented, "مصطفى الكاظمي يبحث دعما") is Kind.BODY
    assert _kind_of(segmented, "بغداد – بدأ رئيس الوزراء") is Kind.BODY


def test_segment_marks_institution_as_byline() -> None:
    segmented = _segmented("web_comments_003.txt")
    assert _kind_of(segmented, "مركز تريندز للبحوث والاستشارات") is Kind.BYLINE
    assert _kind_of(segmented, "اتجاهات مستقبلية") is Kind.HEADING


def test_segment_marks_pdf_section_headings_and_unfinished_last_paragraph() -> None:
    segmented = _segmented("pdf_extract_004.txt")
    assert _kind_of(segmented, "هيكل جديد للائتلاف والعراق") is Kind.HEADING
    # The article's last paragraph lost its full stop but is long: still body.
    assert segmented.paragraphs[-1].kind is Kind.BODY


def test_segment_keeps_heading_whole_when_it_holds_full_stops() -> None:
    segmented = _segmented("web_comments_003.txt")
    title = [p for p in segmented.paragraphs if p.text.startswith("الحوار الاستراتيجي الأمريكي")]
    assert len(title[0].sentences) == 1


def test_segment_body_holds_no_heading_or_byline_sentence() -> None:
    segmented = _segmented("web_markdown_000.txt")
    body_texts = {s.text for s in segmented.body}
    assert "حان الوقت لتغيير السياسة" not in body_texts
    assert not any(t.startswith(("بواسطة", "دانا ستروول هي")) for t in body_texts)
    assert all(s.kind is Kind.BODY for s in segmented.body)
    assert len(segmented.body) == 9  # 2 + 2 + 1 + 4 in the four body paragraphs


# --- ids ----------------------------------------------------------------------


def test_segment_numbers_sentences_by_paragraph_and_position() -> None:
    segmented = _segmented("web_markdown_000.txt")
    for paragraph in segmented.paragraphs:
        for j, sentence in enumerate(paragraph.sentences):
            assert sentence.id == f"p{paragraph.index}.s{j}"
            assert sentence.paragraph == paragraph.index
            assert sentence.kind is paragraph.kind
    assert segmented.sentence("p5.s1").text.startswith("وتأتي الزيارة")


def test_segment_ids_stay_when_a_later_paragraph_changes() -> None:
    text = clean(read(DATA / "web_news_001.txt"))
    changed = CleanText(paragraphs=(*text.paragraphs[:-1], "ويرجح مارديني ذلك. ويضيف جياد."))
    before, after = segment(text), segment(changed)
    assert before.paragraphs[:-1] == after.paragraphs[:-1]
    assert [s.id for s in after.paragraphs[-1].sentences] == ["p7.s0", "p7.s1"]


def test_segment_returns_no_paragraphs_for_empty_text() -> None:
    assert segment(CleanText(paragraphs=())).paragraphs == ()


def test_split_sentences_splits_at_a_full_stop_glued_to_the_next_arabic_word():
    assert split_sentences("وصل في التاسعة.فجاءت الأخبار. قال د. محمد إن 1.5 مليار.") == [
        "وصل في التاسعة.",
        "فجاءت الأخبار.",
        "قال د. محمد إن 1.5 مليار.",
    ]
