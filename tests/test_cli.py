"""The `mujaz` command line, run in-process against a temporary store."""

import re
import subprocess
import sys

import pytest

from summaries.cli import build_parser


def test_ingest_prints_one_line_per_file(run, seeds_dir):
    code, out, _ = run("ingest")
    names = sorted(p.name for p in seeds_dir.iterdir())
    assert code == 0
    assert out.splitlines() == [f"new        #{i:<4} {name}" for i, name in enumerate(names, 1)]
    _, again, _ = run("ingest")
    assert again.splitlines() == [f"unchanged  #{i:<4} {name}" for i, name in enumerate(names, 1)]


def test_ingest_reports_a_rejected_file_with_its_reason(run, seeds_dir):
    (seeds_dir / "notes.odt").write_bytes(b"PK")
    code, out, _ = run("ingest")
    assert code == 0
    assert "rejected   #6    notes.odt: unsupported format: .odt" in out.splitlines()


def test_show_prints_a_briefing_with_digest_figures_topics_and_source(run):
    run("ingest")
    code, out, _ = run("show", "3")
    assert code == 0
    assert out.startswith("#3 ")
    assert "155 مليون دولار" in out
    assert "أرقام رئيسية:" in out and "المواضيع: " in out and "المصدر: " in out


def test_show_without_doc_lists_the_briefings(run):
    run("ingest")
    _, out, _ = run("show")
    assert len(out.splitlines()) == 5
    assert all(line.startswith("#") for line in out.splitlines())


def test_show_of_an_unknown_document_fails_with_one_line(run):
    run("ingest")
    code, out, err = run("show", "99")
    assert code == 1 and out == ""
    assert err.startswith("mujaz: no document '99'") and err.count("\n") == 1


def test_figures_accepts_a_file_name(run, seeds_dir):
    run("ingest")
    name = sorted(p.name for p in seeds_dir.glob("002_*"))[0]
    _, out, _ = run("figures", name)
    assert "155 مليون دولار" in out and "448 مليون دولار" in out


def test_figures_without_doc_leads_with_corpus_key_figures_and_their_sources(run):
    run("ingest")
    _, out, _ = run("figures", "--lang", "en")
    lines = out.splitlines()
    assert lines[0] == "Key figures across the documents:"
    assert {lines[1][4:], lines[2][4:]} == {
        "foreign aid for Iraq: 448 million USD — 1 source (#3)",
        "other humanitarian aid for internally displaced Iraqis: 155 million USD — 1 source (#3)",
    }
    assert "US troops: 2,500 troops — 3 sources (#2, #3, #4)" in out
    _, arabic, _ = run("figures")
    assert "جندي أمريكي: 2500 جندي — 3 مصادر (#2، #3، #4)" in arabic


def test_topics_resolves_free_words_in_either_language(run):
    run("ingest")
    _, listing, _ = run("topics")
    assert "security" in listing
    _, arabic, _ = run("topics", "القوات", "الأمريكية")
    _, english, _ = run("topics", "troops")
    assert arabic == english and "(#" in arabic


def test_unknown_topic_fails_with_one_line(run):
    run("ingest")
    code, _, err = run("topics", "كرة القدم")
    assert code == 1 and "no topic matches" in err


def test_every_subcommand_help_has_an_example():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in commands.items():
        assert "example: mujaz " in sub.format_help(), name


@pytest.mark.parametrize("args", [["show"], ["show", "3"]])
def test_mujaz_exits_quietly_when_the_reader_of_its_output_goes_away(run, tmp_path, args):
    """`mujaz show | head -1`: the pipe closes before mujaz writes; no traceback, exit 1."""
    run("ingest")
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "db.sqlite3"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    child.stdout.close()  # like head, gone before the first line (imports take far longer)
    _, err = child.communicate(timeout=120)

    assert err.decode() == ""  # no traceback, no "Exception ignored ... BrokenPipeError"
    assert child.returncode == 1


def test_figures_shows_two_documents_that_contradict_each_other_as_disputed(run, seeds_dir):
    for name, text, date in (
        (
            "a",
            "أعلنت وزارة الدفاع أن نحو 3000 جندي أمريكي ينتشرون في العراق ضمن مهمة التدريب.",
            "2021-07-20",
        ),
        (
            "b",
            "قال مسؤولون عراقيون إن أكثر من 5000 جندي أمريكي ينتشرون في العراق ضمن مهمة التدريب.",
            "2021-07-25",
        ),
    ):
        (seeds_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        (seeds_dir / f"{name}.meta.toml").write_text(f'date = "{date}"\n', encoding="utf-8")
    run("ingest")
    _, out, _ = run("figures", "--lang", "en", "--key", "12")
    lines = out.splitlines()
    key_line = re.compile(r"\s*\d+\. US troops: more than 5,000")  # the hedge goes with the value
    (i,) = [i for i, line in enumerate(lines) if key_line.match(line)]
    assert "⚠ sources disagree:" in lines[i + 1]
    assert {"#6", "#7"} <= set(re.findall(r"#\d+", lines[i] + lines[i + 1]))
