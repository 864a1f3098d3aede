"""Sources: publisher, authors, date, links and titles read from the document, and sidecars."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summaries.clean import clean
from summaries.errors import ConfigError, MujazError
from summaries.model import (
    CleanText,
    Kind,
    Paragraph,
    RawDocument,
    Segmented,
    Sentence,
    TitleOrigin,
)
from summaries.read import read
from summaries.segment import segment
from summaries.sources import find_sources, known_publishers, read_sidecar, sidecar_path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Seed 000 (Washington Institute scrape): header, one body paragraph with an
# in-text citation, link debris and the "related articles" block, as scraped.
WI_HEADER = r"""

## الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق

بواسطة [دانا ستروول \(ar/experts/dana-strwl/\)](#), [بلال وهاب \(ar/experts/blal-whab-0/\)](#)

أغسطس  
متوفر أيضًا باللغات:

/ [\(English \(/policy-analysis/kadhimi-visits-washington-broadening-us-iraq-relationship\)\)](#)  
[\(Farsi \(/fa/policy-analysis/dydar-kazmy-az-washngtn-gstrsh-rabth-ayalat-mthdh-w-raq\)\)](#)

عن المؤلفين



[دانا ستروول \(ar/experts/dana-strwl/\)](#)

دانا ستروول هي زميلة أقدم في 'برنامج غيدولد للسياسة العربية' في معهد واشنطن.



[بلال وهاب \(ar/experts/blal-whab-0/\)](#)

بلال وهاب هو زميل 'سوريف' في معهد واشنطن.



تحليل موجز
"""  # noqa: E501, W291 (verbatim seed lines)
WI_BODY = r"""
وستعقب زيارة الكاظمي إجراء الجولة الثانية من "الحوار الاستراتيجي" بين الولايات المتحدة والعراق من خلال الاستفادة من الاجتماع

الافتراضي الذي عُقد في حزيران/يونيو (<https://www.washingtoninstitute.org/ar/policy-analysis/view/the-new-u.s.-iraq>)

مهم، كما تأخر كثيراً إلقاء نظرة فاحصة على <https://www.washingtoninstitute.org/ar/policy->

[analysis/view/divisions-in-iraqi-kurdistan-are-costing-the-united-states-a-reliable-partn](https://www.washingtoninstitute.org/ar/policy-analysis/view/divisions-in-iraqi-kurdistan-are-costing-the-united-states-a-reliable-partn) المتقلبة

BRIEF ANALYSIS

## [Iran Takes Next Steps on Rocket Technology](#)

//

Farzin Nadimi

[\(/policy-analysis/iran-takes-next-steps-rocket-technology\)](#)

BRIEF ANALYSIS

## [Targeting the Islamic State: Jihadist Military Threats and the U.S. Response](#)

February 16, 2022, starting at 12:00 p.m. EST (1700 GMT)

Ido Levy ,

Craig Whiteside

[\(/policy-analysis/targeting-islamic-state-jihadist-military-threats-and-us-response\)](#)
"""  # noqa: E501, W291 (verbatim seed lines)
WI_TITLE = "الكازمي يزور واشنطن: توسيع العلاقات بين الولايات المتحدة والعراق"
WI_ENGLISH = (
    "https://www.washingtoninstitute.org/policy-analysis/"
    "kadhimi-visits-washington-broadening-us-iraq-relationship"
)
WI_RELATIVE = (
    "/policy-analysis/kadhimi-visits-washington-broadening-us-iraq-relationship",
    "/fa/policy-analysis/dydar-kazmy-az-washngtn-gstrsh-rabth-ayalat-mthdh-w-raq",
)
WI_ABSOLUTE = (
    "https://www.washingtoninstitute.org/ar/policy-analysis/view/the-new-u.s.-iraq",
    "https://www.washingtoninstitute.org/ar/policy-analysis/view/"
    "divisions-in-iraqi-kurdistan-are-costing-the-united-states-a-reliable-partn",
    "/policy-analysis/iran-takes-next-steps-rocket-technology",
)

# Seed 001 (news site): headline, standfirst, dateline, caption, first paragraph.
NEWS = """الكاظمي يبدأ زيارة رسمية إلى واشنطن لبحث الدعم والوجود الأميركي في العراق

مصطفى الكاظمي يبحث دعما دوليا وإقليميا قبل الانتخابات المقررة في 10 أكتوبر القادم.
الاثنين 2021/07/26
الكاظمي يؤسس لمرحلة جديدة في العلاقات مع واشنطن

بغداد – بدأ رئيس الوزراء العراقي مصطفى الكاظمي الاثنين زيارة رسمية إلى واشنطن، غير محددة المدة، بعد يوم من اختتام اجتماعات الجولة الرابعة من الحوار الاستراتيجي بين البلدين.
"""  # noqa: E501, W291 (verbatim seed lines)

# Seed 002 (MEI): a day and month without a year, then the English disclaimer.
MEI = """لقاء الرئيس جو بايدن مع رئيس الوزراء العراقي مصطفى الكاظمي يوم الاثنين 26 يوليو/تموز لن يفتح آفاقًا جديدة، لكن الأمريكيين بدلًا من ذلك يحاولون إبراز الجوانب غير العسكرية للعلاقة الثنائية.


The Middle East Institute (MEI) is an independent, non-partisan, non-for-profit, educational organization. It does not engage in advocacy and its scholars’ opinions are their own. MEI welcomes financial donations, but retains sole editorial control over its work and its publications reflect only the authors’ views. For a listing of MEI donors, please click here."""  # noqa: E501, W291 (verbatim seed lines)

# Seed 003 (TRENDS): a pull quote above the title, which the page repeats.
TRENDS = """الحكومة العراقية ترغب في أن تُواصل الولايات المتحدة والتحالف تدريب جيشها ومساعدته

الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات

الرئيسية مقالات
مركز تريندز للبحوث والاستشارات

اتجاهات مستقبلية
الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات

\u00a0

ينطوي الحوار الاستراتيجي بين الولايات المتحدة والعراق، الذي تجري الجولة الرابعة منه في واشنطن، على أهمية كبيرة.


تعليقات الموقع"""  # noqa: E501, W291 (verbatim seed lines)
TRENDS_TITLE = "الحوار الاستراتيجي الأمريكي – العراقي .. السياق والأهمية والتحديات"

# Seed 004 (Noon Post PDF): broken first lines, the article link mirrored by bidi.
NOON = """ كبر رجال الميليشيات في العراق، أبو مهدي أدى القتل المستهدف للجنرال الإيراني قاسم سليماني، وأ
المهندس، الذي وقع تبريره بضلوع هاذين الرجلين في قتل المئات من الأمريكيين، إلى انتشار الخوف
مـن حـرب وشيكـة مـع إيـران بإمكانهـا أن تتسـبب في خسـائر لا توصـف، وأن تزعـ اسـتقرار الحيـاة في
تمتع بلادهم بسيادة حقيقية وشراكة دولية، واستقرار حقيقي توفره قوات الأمن المحترفة، وليس
الجيل الشاب فرصة لإعادة العراق، الذي يعتبر إحدى أقوى دول الشرق الأوسط، إلى المسار الصحيح

/https://www.noonpost.com/35494 : رابط المقال

https://www.noonpost.com/35494/
"""  # noqa: E501, W291 (verbatim seed lines)


def _raw(text: str, **metadata) -> RawDocument:
    return RawDocument(name="doc.txt", text=text, encoding="utf-8", format="txt", **metadata)


def _segmented(*paragraphs: str | tuple[Kind, str]) -> Segmented:
    """Build a document of one-sentence paragraphs; plain strings are body paragraphs."""
    built = []
    for i, item in enumerate(paragraphs):
        kind, text = item if isinstance(item, tuple) else (Kind.BODY, item)
        built.append(Paragraph(i, kind, (Sentence(f"p{i}.s0", text, i, kind),)))
    return Segmented(tuple(built))


def _clean(segmented: Segmented, urls: tuple[str, ...] = ()) -> CleanText:
    return CleanText(tuple(p.text for p in segmented.paragraphs), urls)


def _wi_segmented() -> Segmented:
    return _segmented(
        (Kind.HEADING, WI_TITLE),
        (Kind.BYLINE, "بواسطة دانا ستروول, بلال وهاب"),
        "دانا ستروول هي زميلة أقدم في 'برنامج غيدولد للسياسة العربية' في معهد واشنطن.",
        "وستعقب زيارة الكاظمي إجراء الجولة الثانية من الحوار الاستراتيجي.",
        (Kind.HEADING, "Iran Takes Next Steps on Rocket Technology"),
    )


def _sources(raw_text: str, segmented: Segmented, urls=(), sidecar=None, **metadata):
    return find_sources(_raw(raw_text, **metadata), _clean(segmented, urls), segmented, sidecar)


def test_find_sources_reads_the_washington_institute_page():
    found = _sources(WI_HEADER + WI_BODY, _wi_segmented(), WI_RELATIVE + WI_ABSOLUTE)
    assert found.title == WI_TITLE
    assert found.publisher == "معهد واشنطن / The Washington Institute"
    assert found.authors == ("دانا ستروول", "بلال وهاب")
    assert found.urls == (WI_ENGLISH,)
    assert found.title_en == "Kadhimi visits Washington broadening US Iraq relationship"


def test_find_sources_drops_links_to_other_articles():
    found = _sources(WI_HEADER + WI_BODY, _wi_segmented(), WI_RELATIVE + WI_ABSOLUTE)
    assert not any("divisions-in-iraqi" in u or "the-new-u.s.-iraq" in u for u in found.urls)
    assert not any("iran-takes-next-steps" in u or "/fa/" in u for u in found.urls)


def test_find_sources_leaves_date_empty_when_the_dateline_has_no_year():
    # «أغسطس» alone heads the WI page; "February 16, 2022" dates a related article.
    found = _sources(WI_HEADER + WI_BODY, _wi_segmented(), WI_RELATIVE + WI_ABSOLUTE)
    assert found.date is None


def test_find_sources_resolves_a_language_path_only_on_a_host_the_document_uses():
    # Header only: the bios name the institute, but no washingtoninstitute.org link is
    # in the text, so the English path has no known host and no link is invented.
    found = _sources(WI_HEADER, _wi_segmented(), WI_RELATIVE)
    assert found.publisher == "معهد واشنطن / The Washington Institute"
    assert found.urls == ()
    assert found.title_en is None


def test_find_sources_reads_a_dateline_with_a_weekday():
    segmented = _segmented(
        (Kind.HEADING, NEWS.splitlines()[0]),
        "مصطفى الكاظمي يبحث دعما دوليا وإقليميا قبل الانتخابات المقررة في 10 أكتوبر القادم.",
    )
    found = _sources(NEWS, segmented)
    assert found.date == "2021-07-26"
    assert (
        found.title == "الكاظمي يبدأ زيارة رسمية إلى واشنطن لبحث الدعم والوجود الأميركي في العراق"
    )
    assert (found.publisher, found.authors, found.urls, found.title_en) == (None, (), (), None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("الاثنين 2021/07/26", "2021-07-26"),
        ("26 تموز/ يوليو 2021م", "2021-07-26"),
        ("الثلاثاء ٢٧ تموز ٢٠٢١", "2021-07-27"),
        ("نشر في: 26/07/2021 - 10:30", "2021-07-26"),
        ("آب/أغسطس 2020", "2020-08"),
        ("26 يوليو/تموز", None),
        ("أغسطس", None),
        ("2021/02/30", None),
        ("بعد جولة أولى عقدت في يونيو 2020", None),
    ],
)
def test_find_sources_takes_only_a_full_dateline_line_as_the_date(line, expected):
    found = _sources(f"{WI_TITLE}\n{line}\n", _segmented((Kind.HEADING, WI_TITLE)))
    assert found.date == expected


def test_find_sources_names_mei_from_its_english_disclaimer_in_raw_text():
    # The cleaner drops the disclaimer; the raw text still has it.
    segmented = _segmented(MEI.split("\n\n\n")[0])
    found = _sources(MEI, segmented)
    assert found.publisher == "معهد الشرق الأوسط / Middle East Institute"
    assert (found.date, found.urls, found.title_origin) == (None, (), TitleOrigin.LEAD)


def test_find_sources_prefers_the_repeated_heading_over_a_pull_quote():
    # Cleaning repaired "العراقي .. السياق" to "العراقي.. السياق": still the repeated line.
    cleaned_title = TRENDS_TITLE.replace("العراقي ..", "العراقي..")
    segmented = _segmented(
        (
            Kind.HEADING,
            "الحكومة العراقية ترغب في أن تُواصل الولايات المتحدة والتحالف تدريب جيشها ومساعدته",
        ),
        (Kind.HEADING, cleaned_title),
        "ينطوي الحوار الاستراتيجي بين الولايات المتحدة والعراق، الذي تجري الجولة الرابعة منه"
        " في واشنطن.",
    )
    found = _sources(TRENDS, segmented)
    assert found.title == cleaned_title
    assert found.publisher == "مركز تريندز للبحوث والاستشارات / TRENDS Research & Advisory"


def test_find_sources_takes_the_article_link_of_a_pdf_export():
    segmented = _segmented(
        "كبر رجال الميليشيات في العراق، أبو مهدي أدى القتل المستهدف للجنرال الإيراني قاسم سليماني."
    )
    found = _sources(
        NOON, segmented, ("https://www.noonpost.com/35494", "https://www.noonpost.com/35494/")
    )
    assert found.urls == ("https://www.noonpost.com/35494/",)
    assert found.publisher == "نون بوست / Noon Post"
    assert (found.title_en, found.date) == (None, None)
    assert found.title_origin is TitleOrigin.LEAD  # no headline: derived from the text


def test_find_sources_ignores_an_institute_quoted_outside_an_author_bio():
    text = "ويقول الباحث في معهد واشنطن بلال وهاب إن الزيارة لن تفتح آفاقا جديدة.\n"
    found = _sources(text, _segmented(text.strip()))
    assert found.publisher is None and found.authors == ()


def test_find_sources_does_not_read_a_sentence_starting_with_wrote_as_a_byline():
    text = "كتب خامنئي سلسلة من التغريدات التي تهدد الوجود الأمريكي في العراق\n"
    assert _sources(text, _segmented(text.strip())).authors == ()


def test_find_sources_puts_the_format_url_first():
    raw = _raw(NOON, urls=("https://www.noonpost.com/35494/amp",), title="عنوان الصفحة")
    segmented = _segmented("نص.")
    found = find_sources(raw, _clean(segmented), segmented)
    assert found.urls == ("https://www.noonpost.com/35494/amp", "https://www.noonpost.com/35494/")
    assert found.title == "عنوان الصفحة"


def test_known_publishers_table_has_bilingual_names_and_bare_domains():
    publishers = known_publishers()
    assert len(publishers) >= 5
    for publisher in publishers:
        assert re.search(r"[\u0621-\u064a]", publisher.name_ar) and publisher.name_en.isascii()
        assert all(re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", d) for d in publisher.domains)


def test_sidecar_path_sits_beside_the_document():
    assert sidecar_path(Path("seeds/x.txt")) == Path("seeds/x.meta.toml")
    assert sidecar_path(Path("seeds/report.2021.pdf")) == Path("seeds/report.2021.meta.toml")


def test_find_sources_lets_the_sidecar_override_field_by_field(tmp_path):
    sidecar = tmp_path / "doc.meta.toml"
    sidecar.write_text(
        'title_en = "Kadhimi starts official visit to Washington"\n'
        'url = "https://example.org/kadhimi-visit"\n'
        "date = 2021-07-26\n"
        'authors = "Staff"\n',
        encoding="utf-8",
    )
    found = _sources(WI_HEADER + WI_BODY, _wi_segmented(), WI_RELATIVE + WI_ABSOLUTE, sidecar)
    assert found.title_en == "Kadhimi starts official visit to Washington"
    assert found.urls == ("https://example.org/kadhimi-visit",)
    assert (found.date, found.authors) == ("2021-07-26", ("Staff",))
    assert found.title == WI_TITLE  # not in the sidecar: detected
    assert found.publisher == "معهد واشنطن / The Washington Institute"
    assert (found.title_origin, found.title_en_origin) == (
        TitleOrigin.DOCUMENT,
        TitleOrigin.SIDECAR,
    )


def test_find_sources_lets_an_empty_sidecar_list_clear_a_detected_link(tmp_path):
    sidecar = tmp_path / "doc.meta.toml"
    sidecar.write_text("urls = []\n", encoding="utf-8")
    segmented = _segmented("كبر رجال الميليشيات في العراق.")
    found = _sources(NOON, segmented, sidecar=sidecar)
    assert found.urls == ()
    assert found.publisher == "نون بوست / Noon Post"  # detected before the override


def test_find_sources_ignores_a_sidecar_that_does_not_exist(tmp_path):
    found = _sources(NEWS, _segmented((Kind.HEADING, "عنوان")), sidecar=tmp_path / "x.meta.toml")
    assert found.date == "2021-07-26"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('title_en = "unterminated\n', "not valid TOML"),
        ('autors = ["Staff"]\n', "unknown field(s) autors"),
        ('date = "26 July"\n', "date must be YYYY-MM-DD"),
        ('date = "2021-13"\n', "date must be YYYY-MM-DD"),
        ('urls = ["www.noonpost.com/35494"]\n', "must hold http(s) URLs"),
        ("title = 3\n", "title must be a non-empty string"),
    ],
)
def test_read_sidecar_names_the_file_and_the_problem_when_broken(tmp_path, content, problem):
    sidecar = tmp_path / "doc.meta.toml"
    sidecar.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(str(sidecar))) as error:
        read_sidecar(sidecar)
    assert problem in str(error.value)
    assert isinstance(error.value, MujazError)


def test_read_sidecar_accepts_a_year_month_date_and_a_list_of_urls(tmp_path):
    sidecar = tmp_path / "doc.meta.toml"
    sidecar.write_text(
        'date = "2021-07"\nurls = ["https://a.example/1", "https://b.example/2"]\n',
        encoding="utf-8",
    )
    assert read_sidecar(sidecar) == {
        "date": "2021-07",
        "urls": ("https://a.example/1", "https://b.example/2"),
    }


# The whole seeds through the real read, clean and segment stages.
SEED_SOURCES = {
    "000": ("معهد واشنطن / The Washington Institute", None, (WI_ENGLISH,)),
    "001": (None, "2021-07-26", ()),
    "002": ("معهد الشرق الأوسط / Middle East Institute", None, ()),
    "003": ("مركز تريندز للبحوث والاستشارات / TRENDS Research & Advisory", None, ()),
    "004": ("نون بوست / Noon Post", None, ("https://www.noonpost.com/35494/",)),
}


@pytest.mark.parametrize("prefix", sorted(SEED_SOURCES))
def test_find_sources_on_the_seed_documents(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    raw = read(path)
    text = clean(raw)
    found = find_sources(raw, text, segment(text))
    assert (found.publisher, found.date, found.urls) == SEED_SOURCES[prefix]
