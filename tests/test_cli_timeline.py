"""`mujaz timeline`, run in-process against a temporary store."""


def test_timeline_prints_dated_events_in_order_in_english(run):
    run("ingest")
    code, out, _ = run("timeline", "--lang", "en")
    assert code == 0
    doc2 = "Arabic article, July 2021: US forces and security… #2"  # described: no title
    assert out.splitlines() == [
        "June 2014 — international forces presence — Noon Post #5",
        f"June 2020 — first round — {doc2}",
        "June 2020 — strategic dialogue (Baghdad, Washington) — TRENDS Research & Advisory #4",
        "19 August 2020 — Iraqi prime minister arrival (Mustafa al-Kadhimi, Washington)"
        f" — The Washington Institute #1; {doc2}",
        "26 July 2021 — official visit (Mustafa al-Kadhimi, Washington)"
        f" — {doc2}; Middle East Institute #3",
        f"10 October 2021 — scheduled elections (Mustafa al-Kadhimi) — {doc2}",
    ]


def test_timeline_filters_by_words_in_arabic(run):
    run("ingest")
    code, out, _ = run("timeline", "الكاظمي")
    assert code == 0
    lines = out.splitlines()
    assert [line.split(" — ")[0] for line in lines] == [
        "19 آب/أغسطس 2020",
        "26 تموز/يوليو 2021",
        "10 تشرين الأول/أكتوبر 2021",
    ]
    assert "يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس" in lines[0]


def test_timeline_says_so_when_nothing_matches(run):
    run("ingest")
    assert run("timeline", "زلزال", "--lang", "en")[:2] == (0, "no dated events\n")
