"""clean(): the seeds' debris removed, their text repaired, nothing of the site left."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from summaries.clean import PARAGRAPH_STEPS, TEXT_STEPS, clean
from summaries.model import CleanText, RawDocument
from summaries.read import read

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _clean(name: str) -> CleanText:
    return clean(read(DATA / name))


def _raw(text: str, fmt: str = "txt") -> RawDocument:
    return RawDocument(name=f"doc.{fmt}", text=text, encoding="utf-8", format=fmt)


def _lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").split("\n")


def _paragraph_with(clean_text: CleanText, needle: str) -> str:
    found = [p for p in clean_text.paragraphs if needle in p]
    assert len(found) == 1, f"{needle!r} is in {len(found)} paragraphs"
    return found[0]


# --- web scrape with markdown debris (seed 000) ------------------------------


def test_clean_keeps_visible_link_text_when_markdown_link_debris() -> None:
    text = _clean("web_markdown_000.txt")
    assert "بواسطة دانا ستروول، بلال وهاب" in text.paragraphs
    for debris in ("](", "\\(", "ar/experts", "(#)", "**"):
        assert debris not in text.text


def test_clean_drops_author_cards_that_are_only_links() -> None:
    text = _clean("web_markdown_000.txt")
    assert "دانا ستروول" not in text.paragraphs
    assert "بلال وهاب" not in text.paragraphs


def test_clean_collects_urls_in_first_seen_order_without_repeats() -> None:
    text = _clean("web_markdown_000.txt")
    assert text.urls == (
        "ar/experts/dana-strwl/",
        "ar/experts/blal-whab-0/",
        "/policy-analysis/kadhimi-visits-washington-broadening-us-iraq-relationship",
        "/fa/policy-analysis/dydar-kazmy-az-washngtn-gstrsh-rabth-ayalat-mthdh-w-raq",
        "https://www.washingtoninstitute.org/ar/policy-analysis/view/the-new-u.s.-iraq",
        "https://www.washingtoninstitute.org/ar/policy-analysis/view/"
        "divisions-in-iraqi-kurdistan-are-costing-the-united-states-a-reliable-partn",
    )


def test_clean_removes_every_url_from_the_prose() -> None:
    text = _clean("web_markdown_000.txt")
    assert "http" not in text.text
    assert "washingtoninstitute" not in text.text
    assert "policy-analysis" not in text.text


def test_clean_mends_sentence_that_links_split_over_lines() -> None:
    text = _clean("web_markdown_000.txt")
    paragraph = _paragraph_with(text, "الاجتماع الافتراضي")
    assert "من خلال الاستفادة من الاجتماع الافتراضي الذي عُقد في حزيران/يونيو. ويهدف" in paragraph
    assert "strategic-dialogue" not in text.text


def test_clean_drops_repeated_url_debris_inside_a_sentence() -> None:
    text = _clean("web_markdown_000.txt")
    paragraph = _paragraph_with(text, "بأن صوته")
    assert "بأن صوته مهم، كما تأخر كثيراً إلقاء نظرة فاحصة على" in paragraph
    assert paragraph.endswith(
        "والتي تضيف إلى المناخ العام للبلاد المتمثل بعدم اليقين السياسي والمخاطر الاقتصادية."
    )
    assert '"' not in paragraph.split("بأن صوته")[1]


def test_clean_turns_box_into_full_stop_when_box_ends_sentence() -> None:
    text = _clean("web_markdown_000.txt")
    assert "□" not in text.text
    assert "الإنجاز التالي للعراق وعلاقاته الخارجية. وكانت الأحزاب" in text.text
    assert text.paragraphs[-1].endswith('بلال وهاب هو "زميل واغنز" في المعهد.')


def test_clean_drops_site_labels_and_language_block() -> None:
    text = _clean("web_markdown_000.txt")
    for label in ("تحليل موجز", "عن المؤلفين", "متوفر أيضًا باللغات", "English", "Farsi"):
        assert label not in text.text


def test_clean_drops_related_articles_and_topics_after_article_end() -> None:
    text = _clean("web_markdown_000.txt")
    for related in ("BRIEF ANALYSIS", "Iran Takes", "Farzin", "السعودية", "سايمون هندرسون",
                    "TOPICS", "الطاقة والاقتصاد", "Ido Levy"):  # fmt: skip
        assert related not in text.text
    assert "alswdyt" not in " ".join(text.urls)


def test_clean_removes_heading_marks_and_keeps_heading_apart() -> None:
    text = _clean("web_markdown_000.txt")
    assert text.paragraphs[0] == "الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق"
    assert "حان الوقت لتغيير السياسة" in text.paragraphs
    assert "#" not in text.text


def test_clean_keeps_prefix_tatweel_before_quote() -> None:
    text = _clean("web_markdown_000.txt")
    assert 'الاجتماع الثاني لـ "الحوار الاستراتيجي"' in text.text


def test_clean_keeps_editorial_brackets() -> None:
    assert "(والأمم المتحدة)" in _clean("web_markdown_000.txt").text
    line = (  # seed 000, a paragraph the snippet leaves out
        "وبهذا المعنى يقع العبء على العراق - فمن الضروري أن يعمل قادته على إصلاح قانون الانتخابات"
        " ولجنة الانتخابات وقوانين عمل الأحزاب السياسية بينما من الضروري [أيضاً] أن يستمر مواطنوه"
        " في المطالبة بالمساءلة والشفافية □"
    )
    assert clean(_raw(line)).paragraphs == (line.replace(" □", "."),)


# --- plain web text (seeds 001, 002, 003) -------------------------------------


def test_clean_keeps_each_line_as_paragraph_when_web_text() -> None:
    text = _clean("web_news_001.txt")
    assert text.paragraphs[:4] == (
        "الكاظمي يبدأ زيارة رسمية إلى واشنطن لبحث الدعم والوجود الأميركي في العراق",
        "مصطفى الكاظمي يبحث دعما دوليا وإقليميا قبل الانتخابات المقررة في 10 أكتوبر القادم.",
        "الاثنين 2021/07/26",
        "الكاظمي يؤسس لمرحلة جديدة في العلاقات مع واشنطن",
    )
    assert text.urls == ()


def test_clean_keeps_unfinished_title_apart_when_no_link_was_removed() -> None:
    lines = _lines("web_news_001.txt")
    as_markdown = clean(_raw("\n".join(lines), fmt="md"))
    assert as_markdown.paragraphs[:2] == (lines[0], lines[2])


def test_clean_changes_only_odd_spaces_when_line_is_already_clean() -> None:
    line = _lines("web_news_001.txt")[6]
    assert "\xa0" in line  # the scrape kept two no-break spaces
    assert _clean("web_news_001.txt").paragraphs[4] == line.replace("\xa0", " ")


def test_clean_drops_english_footer_when_document_is_arabic() -> None:
    text = _clean("web_footer_002.txt")
    assert len(text.paragraphs) == 1
    assert "Middle East Institute" not in text.text
    assert text.paragraphs[0].endswith("تحتاج إدارة بايدن أن تظل عملية العراق خالية من الخسائر.")


def test_clean_drops_comments_label_and_breadcrumbs() -> None:
    text = _clean("web_comments_003.txt")
    assert "تعليقات الموقع" not in text.text
    assert "الرئيسية مقالات" not in text.paragraphs
    assert "مركز تريندز للبحوث والاستشارات" in text.paragraphs


def test_clean_keeps_repeated_title_once() -> None:
    text = _clean("web_comments_003.txt")
    title = "الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات"
    assert text.paragraphs.count(title) == 1
    assert all(p.strip() for p in text.paragraphs)


def test_clean_unifies_curly_quotes() -> None:
    text = _clean("web_comments_003.txt")
    assert 'ترغب في "أن تُواصل الولايات المتحدة' in text.text
    assert "“" not in text.text and "”" not in text.text


# --- PDF extraction (seed 004) ----------------------------------------------


def test_clean_strips_tatweel_when_pdf_stretched_words() -> None:
    text = _clean("pdf_extract_004.txt")
    assert "ـ" not in text.text
    assert "من حرب وشيكة مع إيران بإمكانها أن تتسبب في خسائر لا توصف" in text.text


def test_clean_joins_wrapped_lines_across_blank_line_inside_sentence() -> None:
    text = _clean("pdf_extract_004.txt")
    assert "على مصالحهما المشتركة ومواصلة تطهير نفوذ إيران الخبيث." in text.text
    assert "ما قد يحدث إذا لم يعد في السلطة." in text.text
    assert "مع الآخرين ليست من السمات المميزة" in text.text


def test_clean_keeps_heading_line_apart_when_body_follows_in_same_block() -> None:
    text = _clean("pdf_extract_004.txt")
    index = text.paragraphs.index("هيكل جديد للائتلاف والعراق")
    assert text.paragraphs[index + 1].startswith("ستكون الإجراءات البرلمانية")


def test_clean_rejoins_word_when_kerning_swapped_line_halves() -> None:
    text = _clean("pdf_extract_004.txt")
    assert "اختار سليماني رئيس الوزراء وتأكد من أنه لن يعترض طريقه" in text.text
    assert "وأكبر رجال الميليشيات" in text.text
    assert not any(p.startswith("كبر ") for p in text.paragraphs)


def test_clean_puts_last_line_of_paragraph_back_in_order() -> None:
    text = _clean("pdf_extract_004.txt")
    assert text.paragraphs[8].endswith(
        "رئيس الوزراء عادل عبد المهدي وسط احتجاجات شعبية في تشرين الأول/أكتوبر."
    )


def test_clean_reorders_pieces_when_kashida_split_a_line() -> None:
    text = _clean("pdf_extract_004.txt")
    assert (
        "دون منهج أو جدول زمني واضح. فضلا عن ذلك، هناك العديد من العقبات الإجرائية "
        "التي اعتمدها السياسيون العراقيون لكبح" in text.text
    )


def test_clean_rejoins_word_split_at_line_end_when_document_uses_it() -> None:
    text = _clean("pdf_extract_004.txt")
    assert "إلا أنهم ما زالوا يريدون حقبة جديدة من التعاون الاستراتيجي" in text.text


def test_clean_drops_pull_quote_that_repeats_body_text() -> None:
    text = _clean("pdf_extract_004.txt")
    assert text.text.count("صُدموا من الإجراءات الأمريكية") == 1
    assert "الولايات المتحدة والدول الثمانين الأخرى" not in text.paragraphs


def test_clean_restores_digits_and_letters_of_known_pdf_font() -> None:
    text = _clean("pdf_extract_004.txt")
    assert "منذ سنة 2003، شعرت" in text.text
    assert "بعد عام 2014 من الشراكة" in text.text
    assert "في عام 2011، كما أن" in text.text
    assert "وأن تزعزع استقرار" in text.text
    assert "وفي الخارج مع الولايات المتحدة" in text.text
    assert not re.search("[\ue000-\uf8ff]", text.text)


def test_clean_drops_private_use_glyphs_without_inventing_digits_when_font_unknown() -> None:
    line = _lines("pdf_extract_004.txt")[8]  # "... منذ سنة <2003 in private-use glyphs>، شعرت"
    unknown = line.replace("\ue009", "\ue123")  # another font: the table must not be trusted
    text = clean(_raw(unknown))
    assert "منذ سنة، شعرت" in text.text
    assert not re.search(r"\d", text.text)


def test_clean_collects_article_link_and_drops_its_label() -> None:
    text = _clean("pdf_extract_004.txt")
    assert text.urls == ("https://www.noonpost.com/35494",)
    assert "رابط المقال" not in text.text
    assert text.paragraphs[-1].endswith("إلى المسار الصحيح")


# --- characters --------------------------------------------------------------


def _glyphs(*names: str) -> str:
    return "".join(unicodedata.lookup(f"ARABIC LETTER {name}") for name in names)


def test_clean_maps_presentation_forms_to_letters() -> None:
    line = _lines("web_news_001.txt")[0]  # الكاظمي يبدأ زيارة رسمية ...
    # The same words as a PDF may store them: contextual glyphs and the lam-alef ligature.
    kadhimi = _glyphs(
        "ALEF ISOLATED FORM", "LAM INITIAL FORM", "KAF MEDIAL FORM", "ALEF FINAL FORM",
        "ZAH INITIAL FORM", "MEEM MEDIAL FORM", "YEH FINAL FORM",
    )  # fmt: skip
    shaped = line.replace("الكاظمي", kadhimi)
    assert shaped != line
    assert clean(_raw(shaped)).paragraphs == (line,)
    ligature = clean(_raw("\ufefb يزال اهتمام وسائل الإعلام يركز على مستقبل 2500 جندي"))
    assert ligature.paragraphs[0].startswith("لا يزال")


def test_clean_removes_invisible_characters() -> None:
    line = _lines("web_news_001.txt")[6].replace("\xa0", " ")
    noisy = "\ufeff" + line.replace(" ", " \u200f", 3).replace("الكاظمي", "الكا\u200bظمي")
    assert clean(_raw(noisy)).paragraphs == (line,)


def test_clean_normalises_spaces_around_arabic_punctuation() -> None:
    line = _lines("web_news_001.txt")[6].replace(
        "\xa0", " "
    )  # بغداد – بدأ ... إلى واشنطن، غير محددة المدة، ...
    loose = line.replace("واشنطن، غير", "واشنطن ،غير").replace("المدة، بعد", "المدة  ,  بعد")
    assert clean(_raw(loose)).paragraphs == (line,)


def test_clean_keeps_arabic_indic_digits() -> None:
    line = _lines("web_news_001.txt")[2].replace("10", "١٠")
    assert "في ١٠ أكتوبر القادم." in clean(_raw(line)).text


def test_clean_recipe_is_named_steps() -> None:
    names = [step.__name__ for step in (*TEXT_STEPS, *PARAGRAPH_STEPS)]
    assert names[:4] == [
        "unify_newlines",
        "restore_font_glyphs",
        "repair_characters",
        "restore_full_stops",
    ]
    assert "strip_tatweel" in names and "space_punctuation" in names


# --- every seed --------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_clean_leaves_no_debris_in_any_seed(path: Path) -> None:
    text = clean(read(path))
    assert text.paragraphs
    for paragraph in text.paragraphs:
        assert paragraph == paragraph.strip() and "  " not in paragraph
    for debris in ("http", "](", "\\(", "□", "**", "##", "\u200b", "\ufffd"):
        assert debris not in text.text
    assert "ـ" not in re.sub(r"(?<!\S)[بلكو]ـ", "", text.text)  # only «لـ "..."» keeps one
    assert not re.search("[\ue000-\uf8ff\ufb50-\ufdff\ufe70-\ufefe]", text.text)


def test_clean_does_not_change_the_raw_document() -> None:
    raw = read(DATA / "web_markdown_000.txt")
    before = raw.text
    clean(raw)
    assert raw.text == before
