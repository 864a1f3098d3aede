"""Key figures: real sentences of the seeds in, numbers with what they count out.

Sentences are trimmed from seeds/ with their debris kept (tatweel, the PDF
font's private-use digits, markdown links); they are split the way the
pipeline splits them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summaries.figures import extract_figures
from summaries.figures.vocab import vocab
from summaries.model import Figure, Sentence
from summaries.segment import split_sentences
from summaries.words import has_arabic

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def sentences(*paragraphs: str) -> list[Sentence]:
    """Return the sentences of paragraphs, with ids "p<i>.s<j>" as segment() gives them."""
    return [
        Sentence(id=f"p{i}.s{j}", text=text, paragraph=i)
        for i, paragraph in enumerate(paragraphs)
        for j, text in enumerate(split_sentences(paragraph))
    ]


def figures_of(*paragraphs: str) -> tuple[Figure, ...]:
    return extract_figures(sentences(*paragraphs))


def seed_figures(prefix: str) -> tuple[Figure, ...]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return figures_of(*re.split(r"\n\s*\n", path.read_text(encoding="utf-8")))


def only(figures: tuple[Figure, ...], kind: str, value: float) -> Figure:
    matches = [f for f in figures if f.kind == kind and f.value == value]
    assert len(matches) == 1, f"expected one {kind} {value}, got {figures}"
    return matches[0]


# --- 002: money, troops, bases ------------------------------------------------


def test_figures_reads_aid_amount_with_scale_currency_and_purpose_when_seed_002_announces_it():
    (aid,) = figures_of(
        "كما أعلن بلينكن يوم الجمعة الماضي عن مساعدات إنسانية أخرى بقيمة 155 مليون دولار "
        "للعراقيين النازحين داخليًا وكذلك لتجمعات اللاجئين العراقيين في الدول المجاورة."
    )
    assert (aid.kind, aid.value, aid.unit) == ("money", 155_000_000, "USD")
    assert aid.surface == "155 مليون دولار"
    assert aid.label_ar.startswith("مساعدات إنسانية")
    assert "للعراقيين النازحين" in aid.label_ar
    assert aid.label_en == "other humanitarian aid for internally displaced Iraqis"
    assert aid.sentence_id == "p0.s0"


def test_figures_labels_amount_by_what_follows_when_written_with_min():
    found = figures_of(
        "كما طلبت إدارة بايدن 448 مليون دولار من المساعدات الخارجية للعراق ضمن طلباتها "
        "لموازنة السنة المالية 2022."
    )
    aid = only(found, "money", 448_000_000)
    assert (aid.unit, aid.label_ar, aid.label_en) == (
        "USD",
        "المساعدات الخارجية للعراق",
        "foreign aid for Iraq",
    )
    year = only(found, "year", 2022)
    assert (year.surface, year.label_en) == ("السنة المالية 2022", "fiscal year budget")
    assert [f.kind for f in found] == ["money", "year"]


def test_figures_counts_troops_and_bases_when_both_share_a_sentence():
    found = figures_of(
        "وعلى الرغم من جهود واشنطن لتوسيع الاهتمام إلى التعاون في مجالات الصحة والتعليم والاقتصاد، "
        "لا يزال اهتمام وسائل الإعلام يركز على مستقبل 2500 جندي أمريكي منتشرين في ثلاث قواعد "
        "عراقية."
    )
    troops, bases = found
    assert (troops.kind, troops.value, troops.unit, troops.label_en) == (
        "count",
        2500,
        "troops",
        "US troops",
    )
    assert troops.label_ar == "جندي أمريكي"
    assert (bases.kind, bases.value, bases.unit, bases.surface) == (
        "count",
        3,
        "bases",
        "ثلاث قواعد",
    )
    assert bases.label_en == "Iraqi bases"


def test_figures_reads_day_and_paired_month_names_as_one_date():
    (meeting,) = figures_of(
        "لقاء الرئيس جو بايدن مع رئيس الوزراء العراقي مصطفى الكاظمي يوم الاثنين 26 يوليو/تموز لن "
        "يفتح آفاقًا جديدة، لكن الأمريكيين بدلًا من ذلك يحاولون إبراز الجوانب غير العسكرية "
        "للعلاقة الثنائية."
    )
    assert (meeting.kind, meeting.value, meeting.unit) == ("date", 726, "--07-26")
    assert meeting.surface == "26 يوليو/تموز"
    assert meeting.label_ar.startswith("لقاء الرئيس")
    assert meeting.label_en == "meeting"


def test_figures_finds_exactly_what_an_analyst_wants_in_seed_002():
    found = seed_figures("002")
    assert [(f.kind, f.value, f.unit) for f in found] == [
        ("money", 155_000_000, "USD"),
        ("money", 448_000_000, "USD"),
        ("count", 2500, "troops"),
        ("count", 3, "bases"),
        ("date", 726, "--07-26"),
        ("year", 2022, "year"),
    ]


# --- 001: elections, rounds, years, durations, approximate counts -------------


def test_figures_labels_date_with_its_event_when_elections_are_scheduled():
    (elections,) = figures_of(
        "مصطفى الكاظمي يبحث دعما دوليا وإقليميا قبل الانتخابات المقررة في 10 أكتوبر القادم."
    )
    assert (elections.kind, elections.value, elections.unit) == ("date", 1010, "--10-10")
    assert (elections.label_ar, elections.label_en) == ("الانتخابات المقررة", "scheduled elections")


def test_figures_reads_numeric_date_of_a_dateline():
    (dateline,) = figures_of("الاثنين 2021/07/26")
    assert (dateline.kind, dateline.value, dateline.unit) == ("date", 20210726, "2021-07-26")
    assert dateline.label_en == "date"


def test_figures_reads_ordinal_round_with_its_series_when_weekday_is_a_number_word():
    (round_,) = figures_of(
        "بغداد – بدأ رئيس الوزراء العراقي مصطفى الكاظمي الاثنين زيارة رسمية إلى واشنطن، غير محددة "
        "المدة، بعد يوم من اختتام اجتماعات الجولة الرابعة من الحوار الاستراتيجي بين البلدين."
    )
    assert (round_.kind, round_.value, round_.unit) == ("ordinal", 4, "round")
    assert (round_.surface, round_.label_en) == ("الجولة الرابعة", "strategic dialogue")


def test_figures_reads_ordinal_after_the_series_and_month_year_dates():
    found = figures_of(
        "والثلاثاء، وصل وزير الخارجية العراقي فؤاد حسين إلى واشنطن على رأس وفد تفاوضي للمشاركة في "
        "جولة الحوار الرابعة بين البلدين، بعد جولة أولى عقدت في يونيو 2020، فيما عقدت الثانية في "
        "أغسطس من العام نفسه، أما الثالثة فجرت في أبريل الماضي.",
        "وتمخض عن جولة الحوار الاستراتيجي الثالثة، إعلان بغداد الاتفاق مع واشنطن على تحويل مهمة "
        "قوات التحالف الدولي من قتالية إلى تدريبية واستشارية.",
    )
    assert only(found, "ordinal", 4).surface == "جولة الحوار الرابعة"
    # «بعد جولة أولى» after «جولة الحوار الرابعة»: the first round of the same dialogue
    assert only(found, "ordinal", 1).label_en == "dialogue"
    third = only(found, "ordinal", 3)
    assert (third.surface, third.label_en, third.sentence_id) == (
        "جولة الحوار الاستراتيجي الثالثة",
        "strategic dialogue",
        "p1.s0",
    )
    june = only(found, "date", 20200600)
    assert (june.unit, june.label_en) == ("2020-06", "first round")
    # «أغسطس من العام نفسه» and «أبريل الماضي» name no year: no date.
    assert [f.kind for f in found].count("date") == 1


def test_figures_reads_years_with_events_and_a_duration_when_one_sentence_has_three():
    found = figures_of(
        'وفي 2008، أبرمت واشنطن وبغداد اتفاقية "الإطار الاستراتيجي" التي مهدت لخروج القوات '
        "الأميركية من العراق نهاية 2011، بعد 8 سنوات من الاحتلال."
    )
    agreement = only(found, "year", 2008)
    assert (agreement.label_ar, agreement.label_en) == (
        "اتفاقية الإطار الاستراتيجي",
        "strategic framework agreement",
    )
    withdrawal = only(found, "year", 2011)
    assert withdrawal.surface == "نهاية 2011"
    assert withdrawal.label_ar == "خروج القوات الأميركية من العراق"
    assert withdrawal.label_en == "US forces withdrawal from Iraq (end of year)"
    occupation = only(found, "duration", 8)
    assert (occupation.unit, occupation.label_en) == ("years", "occupation")
    assert [f.kind for f in found] == ["duration", "year", "year"]


def test_figures_counts_nationality_in_the_unit_of_the_count_before_it():
    found = figures_of(
        'وتقود واشنطن تحالفا دوليا منذ 2014، لمكافحة "داعش"، الذي استحوذ على ثلث مساحة العراق '
        "آنذاك، حيث ينتشر نحو 3000 جندي للتحالف، بينهم 2500 أميركي."
    )
    coalition = only(found, "count", 3000)
    assert (coalition.surface, coalition.label_en) == (
        "نحو 3000 جندي",
        "troops of coalition (about)",
    )
    americans = only(found, "count", 2500)
    assert (americans.unit, americans.label_en) == ("troops", "US troops")
    assert only(found, "year", 2014).label_en == "international coalition"


def test_figures_reads_number_words_with_hedge_and_period_when_attacks_are_counted():
    found = figures_of(
        "وقد بلغ عددها نحو خمسين هجوما منذ مطلع العام، كان آخرها هجوم بطائرة دون طيار استهدف قاعدة "
        "تضم قوات للتحالف الدولي في بغداد الجمعة."
    )
    (attacks,) = found
    assert (attacks.kind, attacks.value, attacks.unit) == ("count", 50, "attacks")
    assert attacks.surface == "نحو خمسين هجوما"
    assert attacks.label_en == "attacks since the start of the year (about)"


def test_figures_merges_repeats_keeping_the_first_sentence():
    found = figures_of(
        "حيث ينتشر نحو 3000 جندي للتحالف، بينهم 2500 أميركي.",
        "لكن وسائل إعلام أميركية أشارت إلى أن الانسحاب سيكون في الواقع إعادة تحديد لمهام القوات "
        "الموجودة في العراق البالغ عددها 2500 عسكري يتمركزون في قواعد عراقية.",
    )
    # the exact 2500 goes before the hedged «نحو 3000» (salience)
    assert [(f.value, f.sentence_id) for f in found] == [(2500, "p0.s0"), (3000, "p0.s0")]


# --- 003 -----------------------------------------------------------------------


def test_figures_labels_year_with_the_event_noun_phrase_before_it():
    found = figures_of(
        "ويهدف الحوار الاستراتيجي بين بغداد وواشنطن، الذي انطلق رسمياً منذ يونيو 2020، إلى تحديد "
        "طبيعة العلاقة المستقبلية بين البلدين، وهي علاقة ذات خصوصية لأسباب عدة؛ أهمها بالطبع الغزو "
        "الأمريكي للعراق عام 2003 عقب مزاعم بوجود أسلحة دمار شامل."
    )
    invasion = only(found, "year", 2003)
    assert (invasion.surface, invasion.label_ar) == ("عام 2003", "الغزو الأمريكي للعراق")
    assert invasion.label_en == "US invasion of Iraq"
    assert only(found, "date", 20200600).label_en == "strategic dialogue"


def test_figures_reads_thousands_in_words_when_troops_are_counted():
    found = figures_of(
        "وينتشر الآن في العراق نحو ثلاثة آلاف جندي من قوات التحالف الدولي، بينهم 2500 جندي أمريكي."
    )
    coalition = only(found, "count", 3000)
    assert coalition.surface == "نحو ثلاثة آلاف جندي"
    assert coalition.label_en == "troops from international coalition forces (about)"
    assert only(found, "count", 2500).label_en == "US troops"


# --- 004: a PDF extraction -------------------------------------------------------


def test_figures_reads_definite_number_words_after_a_definite_counted_noun():
    (partners,) = figures_of(
        "المتظــاهرين لإجــراء انتخابــات جديــدة، ينبغــي علــى جميــع الشركــاء الواحــد "
        "والثمــانين "
        "المشــاركين في التحــالف الــدولي دعــم إجــراء انتخابــات مبكــرة حــرة ونزيهــة"
    )
    assert (partners.kind, partners.value, partners.unit) == ("count", 81, "partners")
    # «المشاركين في التحالف الدولي»: the label says whose partners, not only "partners"
    assert partners.label_en == "partners in international coalition"
    label = partners.label_ar.replace("\u0640", "")  # the PDF's tatweel stays as written
    assert label == "الشركاء المشاركين في التحالف الدولي"


def test_figures_counts_other_countries_when_pdf_stretched_the_words():
    (countries,) = figures_of(
        "يـدون حقبـة جديـدة مـن التعـاون الاستراتيجـي مـع الولايـات المتحـدة والـدول الثمـانين "
        "الأخـرى مـن ير"
    )
    assert countries.surface == "الـدول الثمـانين"  # without the conjunction و
    assert (countries.value, countries.unit, countries.label_en) == (
        80,
        "countries",
        "other countries",
    )


@pytest.mark.parametrize(
    "text",
    [
        # The PDF font's digits were lost: «منذ سنة ،», «. مليار», «التحالف  دولة».
        "باعتباري شخصًا عمل في العراق مع جميع الإدارات الأمريكية التي توالت منذ سنة "
        "\ue009\ue005\ue005\ue00a، شعرت",
        "كثر من \ue008.\ue00c مليار دولار في مجال التعاون الأمني للعراق وتجدر الإشارة إلى أن قوات "
        "التحالف تمنح أ",
        "القطــاع الخــاص. يمثــل التحــالف \ue008\ue009 دولــة منتميــة إلى مجموعــة العشريــن، "
        "وهــي عبــارة",
        # Names, links, months without a day or year, English footers.
        'استمرار الارتفاع في حالات الإصابة بمرض "كوفيد-19" واقتصاد ضعيف نجم عن سنوات من سوء '
        "الإدارة",
        "الافتراضي الذي عُقد في حزيران/يونيو "
        "(<https://www.washingtoninstitute.org/ar/policy-analysis/"
        "view/the-new-u.s.-iraq>)",
        "/https://www.noonpost.com/35494 : رابط المقال",
        "[analysis/view/divisions-in-iraqi-kurdistan-are-costing-the-united-states-a-reliable-partn]"
        "(https://www.washingtoninstitute.org/ar/policy-analysis/view/divisions-in-iraqi-kurdistan)"
        " المتقلبة",
        "February 16, 2022, starting at 12:00 p.m. EST (1700 GMT)",
        "دانا ستروول هي زميلة أقدم في 'برنامج غيدولد للسياسة العربية' في معهد واشنطن.",
        "شهدت السنتان الأخيرتان فوز سليماني ومهندس المشترك في العراق",
        "ولتقديم ثلاثة أمثلة على ذلك، أدان العراق الغارات الجوية",
        # A page number and a list bullet.
        "12",
        "1. تعزيز قيادة الكاظمي",
    ],
)
def test_figures_finds_nothing_when_a_number_is_lost_or_not_a_figure(text):
    assert figures_of(text) == ()


def test_figures_reads_a_scale_word_alone_as_one_when_a_word_comes_before():
    (seekers,) = figures_of(
        "ولتجنب الانهيار الاقتصادي في المستقبل في الوقت الذي يوجد فيه أ\n"
        "من مليون باحث عن عمل جديد سنويا، يحتاج العراق إلى شراكة اقتصادية واستثمار ووظائف في"
    )
    assert (seekers.kind, seekers.value, seekers.unit) == ("count", 1_000_000, "job_seekers")
    assert seekers.label_en == "new job seekers per year"


def test_figures_reads_decimal_amounts_and_partitive_counts_once_digits_are_restored():
    found = figures_of(
        "أكثر من 1.5 مليار دولار في مجال التعاون الأمني للعراق وتجدر الإشارة إلى أن قوات التحالف "
        "تمنح أكثر من خمسة آلاف من قواتها للخطر."
    )
    money = only(found, "money", 1_500_000_000)
    assert (money.surface, money.label_en) == (
        "أكثر من 1.5 مليار دولار",
        "security cooperation for Iraq (more than)",
    )
    assert money.label_ar == "التعاون الأمني للعراق"
    troops = only(found, "count", 5000)
    # «قوات التحالف تمنح ... من قواتها»: «قواتها» are the coalition's troops
    assert (troops.unit, troops.label_en) == ("troops", "coalition troops (more than)")
    assert troops.label_ar == "قوات التحالف"


# --- 000 -------------------------------------------------------------------------


def test_figures_reads_syriac_latin_month_pair_and_year_when_a_visit_is_announced():
    found = figures_of(
        "عندما يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس ستكون هذه زيارته "
        "الثانية خارج البلاد منذ تولّيه منصبه وأول اجتماع لرئيس وزراء عراقي في البيت الأبيض منذ "
        "عام 2017."
    )
    arrival = only(found, "date", 819)
    assert (arrival.surface, arrival.unit) == ("19 آب/أغسطس", "--08-19")
    assert arrival.label_en == "Iraqi prime minister arrival"
    assert only(found, "year", 2017).label_en == "meeting of Iraqi prime minister"


def test_figures_reads_latin_after_syriac_month_when_written_tammuz_slash_july():
    (meeting,) = figures_of(
        "فحين وصل إلى إيران والتقى بالمرشد الأعلى علي خامنئي في 21 تموز/يوليو لم تتعّن الحكومة "
        "الإيرانية حتى برفع العلم العراقي"
    )
    assert (meeting.value, meeting.unit, meeting.label_en) == (
        721,
        "--07-21",
        "meeting with Supreme Leader",
    )


# --- digits, percentages, order ------------------------------------------------------


def test_figures_reads_arabic_indic_and_eastern_digits():
    found = figures_of(
        "حيث ينتشر نحو ٣٠٠٠ جندي للتحالف، بينهم ٢٥٠٠ أميركي.",
        "بعد جولة أولى عقدت في يونيو ۲۰۲۰.",
    )
    assert only(found, "count", 3000).surface == "نحو ٣٠٠٠ جندي"
    assert only(found, "count", 2500).unit == "troops"
    assert only(found, "date", 20200600).unit == "2020-06"


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("وارتفعت نسبة البطالة بين الشباب إلى 36% العام الماضي.", "36%"),
        ("وارتفعت نسبة البطالة بين الشباب إلى %36 العام الماضي.", "%36"),
        ("وارتفعت نسبة البطالة بين الشباب إلى 36 في المائة العام الماضي.", "36 في المائة"),
        ("وارتفعت نسبة البطالة بين الشباب إلى ٣٦٪ العام الماضي.", "٣٦٪"),
    ],
)
def test_figures_reads_percentages_written_as_sign_or_words(text, surface):
    (share,) = figures_of(text)
    assert (share.kind, share.value, share.unit, share.surface) == ("percent", 36, "%", surface)
    assert share.label_en == "unemployment"


def test_figures_labels_percentage_by_the_noun_after_nisba():
    (turnout,) = figures_of("بلغت نسبة المشاركة في الانتخابات 41 في المئة.")
    assert (turnout.value, turnout.label_ar, turnout.label_en) == (41, "المشاركة", "turnout")


def test_figures_reads_dual_unit_of_time_as_two():
    (years,) = figures_of("وانتشرت عناصر الحشد الشعبي في المدينة منذ عامين.")
    assert (years.kind, years.value, years.unit, years.surface) == ("duration", 2, "years", "عامين")


def test_figures_orders_money_and_counts_before_percentages_and_dates():
    found = figures_of(
        "وارتفعت نسبة البطالة إلى 15% في 10 أكتوبر، بعد أن طلبت الحكومة 448 مليون دولار من "
        "المساعدات "
        "الخارجية لنشر 2500 جندي."
    )
    assert [f.kind for f in found] == ["money", "count", "percent", "date"]


def test_figures_returns_nothing_for_no_sentences():
    assert extract_figures([]) == ()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_figures_labels_every_seed_figure_in_english_without_arabic(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    paragraphs = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    by_id = {s.id: s.text for s in sentences(*paragraphs)}
    for figure in extract_figures(list(sentences(*paragraphs))):
        assert figure.label_en and not has_arabic(figure.label_en), figure
        assert figure.label_ar and has_arabic(figure.label_ar), figure
        assert figure.surface in by_id[figure.sentence_id], figure


def test_figures_vocabulary_gives_english_labels_only_english_words():
    words = vocab()
    english = [
        *words.english_nominal.values(),
        *words.english_adjectival.values(),
        *words.counted_en.values(),
        *words.approx.values(),
        *words.periods.values(),
        *words.year_markers.values(),
        *words.year_qualifiers.values(),
        *(en for _, en in words.generic.values()),
    ]
    assert english and not [en for en in english if has_arabic(en)]


# --- labels that only repeated their unit (issue 12) ---------------------------


def test_figures_labels_countries_by_the_group_they_belong_to_when_the_noun_stands_alone():
    (countries,) = figures_of(
        "يمثل التحالف 12 دولة منتمية إلى مجموعة العشرين، وهي عبارة عن منصة جاهزة."
    )
    assert (countries.value, countries.unit) == (12, "countries")
    assert (countries.label_ar, countries.label_en) == (
        "دولة منتمية إلى مجموعة العشرين",
        "countries in G20",
    )


def test_figures_labels_an_ordinal_with_the_series_minh_points_back_to():
    (round_,) = figures_of(
        "ينطوي الحوار الاستراتيجي بين الولايات المتحدة والعراق، الذي تجري الجولة الرابعة منه "
        "في واشنطن، على أهمية كبيرة."
    )
    assert (round_.value, round_.unit) == (4, "round")
    assert (round_.label_ar, round_.label_en) == ("الحوار الاستراتيجي", "strategic dialogue")


def test_figures_keep_a_bare_count_when_the_sentence_says_nothing_of_whose():
    (troops,) = figures_of("وصل 300 جندي إلى القاعدة صباح اليوم.")
    assert (troops.label_ar, troops.label_en) == ("جندي", "troops")
