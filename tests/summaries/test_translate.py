"""The translation backend: CTranslate2 + SentencePiece on a tiny model built offline.

The tiny model (tests/translate_model.py) has random weights: its English is
meaningless, so these tests assert on structure (one output per sentence,
order, batches, truncation, installing and choosing the model), not wording.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from summaries.config import Settings
from summaries.errors import ConfigError, TranslationModelError
from summaries.translate import (
    CTranslate2Translator,
    download_package,
    install_package,
    installed_dir,
    load_translator,
    missing_numbers,
    model_layout,
    numbers,
    plan_batches,
)
from tests.conftest import SEEDS
from tests.translate_model import METADATA, opus_mt_layout, real_models, zip_package

# Sentences trimmed from the seeds, debris kept.
KADHIMI = (
    "عندما يصل رئيس الوزراء العراقي مصطفى الكاظمي إلى واشنطن في 19 آب/أغسطس ستكون هذه "
    "زيارته الثانية خارج البلاد منذ تولّيه منصبه"
)
AID = (
    "كما أعلن بلينكن يوم الجمعة الماضي عن مساعدات إنسانية أخرى بقيمة 155 مليون دولار "
    "للعراقيين النازحين داخليًا"
)
TROOPS = (
    "لا يزال اهتمام وسائل الإعلام يركز على مستقبل 2500 جندي أمريكي منتشرين في ثلاث قواعد عراقية."
)
BYLINE = (
    "بواسطة [دانا ستروول \\(ar/experts/dana-strwl/\\)](#), "
    "[بلال وهاب \\(ar/experts/blal-whab-0/\\)](#)"
)
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def translator(tiny_mt_model):
    return CTranslate2Translator(tiny_mt_model, batch_size=4)


@pytest.fixture(scope="module")
def package_file(tiny_mt_model, tmp_path_factory) -> Path:
    return zip_package(tiny_mt_model, tmp_path_factory.mktemp("pkg") / "tiny.argosmodel")


def seed_lines(count: int) -> list[str]:
    """Return the first count non-blank lines of the seeds, as a pipeline might send them."""
    lines = [
        line.strip()
        for path in sorted(SEEDS.iterdir())
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 20
    ]
    return lines[:count]


def batch_sizes(caplog) -> list[int]:
    return [
        r.args[2]
        for r in caplog.records
        if r.name == "summaries.translate.ct2" and r.msg.startswith("batch ")
    ]


# -- the translator ---------------------------------------------------------------


def test_translator_returns_one_english_text_per_sentence_when_given_a_batch(translator):
    sentences = [KADHIMI, AID, TROOPS, BYLINE]
    english = translator.translate(sentences)
    assert len(english) == len(sentences)
    assert all(isinstance(text, str) and text for text in english)
    assert not any(ARABIC_LETTER.search(text) for text in english)


def test_translator_keeps_the_order_of_the_sentences_when_they_are_reversed(translator):
    forward = translator.translate([KADHIMI, AID, TROOPS])
    backward = translator.translate([TROOPS, AID, KADHIMI])
    assert len(set(forward)) == 3  # distinct outputs, so order is observable
    assert backward == forward[::-1]


def test_translator_sends_batches_of_at_most_batch_size_when_given_many_sentences(
    translator, caplog
):
    caplog.set_level(logging.DEBUG, logger="summaries.translate.ct2")
    english = translator.translate(seed_lines(10))
    assert len(english) == 10
    assert batch_sizes(caplog) == [4, 4, 2]


def test_translator_returns_nothing_and_runs_no_batch_when_given_no_sentences(translator, caplog):
    caplog.set_level(logging.DEBUG, logger="summaries.translate.ct2")
    assert translator.translate([]) == []
    assert batch_sizes(caplog) == []


def test_translator_keeps_blank_sentences_in_place_as_empty_strings(translator, caplog):
    caplog.set_level(logging.DEBUG, logger="summaries.translate.ct2")
    english = translator.translate(["", AID, " \n\t "])
    assert english[0] == "" and english[2] == "" and english[1]
    assert batch_sizes(caplog) == [1]


def test_translator_cuts_a_very_long_sentence_and_still_answers_it(translator, caplog):
    whole_document = " ".join(sorted(SEEDS.glob("000_*"))[0].read_text(encoding="utf-8").split())
    assert len(translator.pieces(whole_document)) == translator.max_input_tokens
    english = translator.translate([whole_document, AID])
    assert len(english) == 2 and english[0]
    assert any("is cut to 256" in r.getMessage() for r in caplog.records)
    cap = 2 * translator.max_input_tokens + translator.output_slack_tokens
    assert len(english[0].split()) <= cap


def test_translator_reads_arabic_indic_digits_as_ascii_digits(translator):
    assert translator.pieces("بقيمة ١٥٥ مليون دولار") == translator.pieces("بقيمة 155 مليون دولار")
    assert translator.translate(["بقيمة ١٥٥ مليون دولار"]) == translator.translate(
        ["بقيمة 155 مليون دولار"]
    )


def test_translator_reports_backend_name_and_package_version(translator):
    assert (translator.name, translator.version) == ("ctranslate2", "translate-ar_en-tiny")


def test_translator_loads_a_converted_opus_mt_model(tiny_mt_model, tmp_path):
    opus = CTranslate2Translator(opus_mt_layout(tiny_mt_model, tmp_path))
    assert opus.version == "opus-mt-ar-en-tiny"
    assert len(opus.translate([KADHIMI, AID])) == 2


def test_plan_batches_covers_every_sentence_once_shortest_first():
    batches = plan_batches([30, 5, 12, 5, 40], 2)
    assert batches == [[1, 3], [2, 0], [4]]
    assert plan_batches([], 16) == []


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: shutil.rmtree(p), "does not exist"),
        (lambda p: (p / "sentencepiece.model").unlink(), "lacks sentencepiece.model"),
        (lambda p: (p / "model" / "model.bin").unlink(), "lacks model/model.bin"),
        (lambda p: (p / "metadata.json").unlink(), "is not a translation model"),
        (
            lambda p: (p / "metadata.json").write_text(
                json.dumps(METADATA | {"from_code": "en", "to_code": "ar"}), encoding="utf-8"
            ),
            "is en→ar",
        ),
        (lambda p: (p / "model" / "model.bin").write_bytes(b"\0" * 64), "is not a CTranslate2"),
        (lambda p: (p / "sentencepiece.model").write_bytes(b"junk"), "is not a SentencePiece"),
    ],
)
def test_translator_says_what_is_wrong_when_the_model_dir_is_damaged(
    tiny_mt_model, tmp_path, damage, message
):
    broken = tmp_path / "model"
    shutil.copytree(tiny_mt_model, broken)
    damage(broken)
    with pytest.raises(TranslationModelError, match=message):
        CTranslate2Translator(broken)


def test_model_layout_points_at_the_package_inside_a_folder_given_by_mistake(tiny_mt_model):
    with pytest.raises(TranslationModelError, match="did you mean .*translate-ar_en-tiny"):
        model_layout(tiny_mt_model.parent)


# -- numbers ------------------------------------------------------------------------


def test_numbers_reads_arabic_indic_digits_and_drops_grouping_commas():
    assert numbers("قدمت ١٥٥ مليون دولار و 4,000 جندي و٢٫٥٪") == ("155", "4000", "2.5")


def test_missing_numbers_lists_the_arabic_figures_the_english_lacks():
    english = "Blinken announced 155 million dollars more in humanitarian aid."
    assert missing_numbers(AID, english) == ()
    assert missing_numbers(TROOPS + " " + AID, english) == ("2500",)


# -- installing -----------------------------------------------------------------------


def write_zip(path: Path, members: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


def package_members(package: Path, top: str = "translate-ar_en-tiny/") -> dict[str, bytes]:
    return {
        top + p.relative_to(package).as_posix(): p.read_bytes()
        for p in sorted(package.rglob("*"))
        if p.is_file()
    }


def test_install_package_unpacks_a_loadable_model_into_the_data_dir(package_file, tmp_path):
    installed = install_package(package_file, tmp_path / "data")
    assert installed == tmp_path / "data" / "models" / "translate-ar_en"
    assert CTranslate2Translator(installed).version == "translate-ar_en-tiny"
    assert sorted(p.name for p in installed.parent.iterdir()) == ["translate-ar_en"]


def test_install_package_replaces_an_earlier_install_without_leftovers(
    package_file, tiny_mt_model, tmp_path
):
    data = tmp_path / "data"
    install_package(package_file, data)
    newer = tmp_path / "newer"
    shutil.copytree(tiny_mt_model, newer / "translate-ar_en-2_0")
    (newer / "translate-ar_en-2_0" / "metadata.json").write_text(
        json.dumps(METADATA | {"package_version": "2.0"}), encoding="utf-8"
    )
    installed = install_package(
        zip_package(newer / "translate-ar_en-2_0", tmp_path / "2.zip"), data
    )
    assert model_layout(installed).version == "translate-ar_en-2.0"
    assert sorted(p.name for p in installed.parent.iterdir()) == ["translate-ar_en"]


@pytest.mark.parametrize(
    "evil",
    ["../evil.txt", "translate-ar_en-tiny/../../evil.txt", "/tmp/evil.txt", "C:/evil.txt"],
)
def test_install_package_refuses_a_member_that_would_land_outside(tiny_mt_model, tmp_path, evil):
    members = package_members(tiny_mt_model) | {evil: b"owned"}
    file = write_zip(tmp_path / "evil.argosmodel", members)
    data = tmp_path / "deep" / "data"
    with pytest.raises(TranslationModelError, match="refusing member"):
        install_package(file, data)
    assert not installed_dir(data).exists()
    assert not (tmp_path / "deep" / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()


def test_install_package_refuses_a_symlink_member(tiny_mt_model, tmp_path):
    members = package_members(tiny_mt_model)
    file = write_zip(tmp_path / "link.argosmodel", members, ("translate-ar_en-tiny/passwd",))
    with pytest.raises(TranslationModelError, match="refusing member"):
        install_package(file, tmp_path / "data")


def test_install_package_refuses_a_package_for_another_language_pair(tiny_mt_model, tmp_path):
    members = package_members(tiny_mt_model)
    members["translate-ar_en-tiny/metadata.json"] = json.dumps(
        METADATA | {"from_code": "en", "to_code": "ar"}
    ).encode()
    file = write_zip(tmp_path / "en_ar.argosmodel", members)
    with pytest.raises(TranslationModelError, match="en→ar; Mujaz needs an Arabic→English"):
        install_package(file, tmp_path / "data")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not a zip", "is not an .argosmodel package"),
        ({"readme.txt": b"hello"}, "expected one metadata.json"),
        ({"pkg/metadata.json": json.dumps(METADATA).encode()}, "lacks sentencepiece.model"),
    ],
)
def test_install_package_refuses_a_file_that_is_not_a_package(tmp_path, content, message):
    file = tmp_path / "thing.argosmodel"
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        write_zip(file, content)
    with pytest.raises(TranslationModelError, match=message):
        install_package(file, tmp_path / "data")


def test_install_package_keeps_the_working_model_when_the_new_one_does_not_load(
    package_file, tiny_mt_model, tmp_path
):
    data = tmp_path / "data"
    install_package(package_file, data)
    members = package_members(tiny_mt_model)
    members["translate-ar_en-tiny/model/model.bin"] = b"\0" * 64
    with pytest.raises(TranslationModelError, match="is not a CTranslate2 model"):
        install_package(write_zip(tmp_path / "broken.argosmodel", members), data)
    assert CTranslate2Translator(installed_dir(data)).version == "translate-ar_en-tiny"
    assert sorted(p.name for p in installed_dir(data).parent.iterdir()) == ["translate-ar_en"]


def write_index(tmp_path: Path, entries: list[dict]) -> str:
    index = tmp_path / "index.json"
    index.write_text(json.dumps(entries), encoding="utf-8")
    return index.as_uri()


def test_download_package_installs_the_ar_en_entry_of_the_index(package_file, tmp_path):
    en_ar = {**METADATA, "from_code": "en", "to_code": "ar", "links": ["file:///nowhere"]}
    ar_en = {**METADATA, "links": ["ipfs://Qm...", package_file.as_uri()]}
    index = write_index(tmp_path, [en_ar, ar_en])
    installed = download_package(tmp_path / "data", index_url=index)
    assert CTranslate2Translator(installed).version == "translate-ar_en-tiny"
    assert sorted(p.name for p in installed.parent.iterdir()) == ["translate-ar_en"]


def test_download_package_fails_with_one_line_when_the_index_is_unreachable(tmp_path):
    with pytest.raises(TranslationModelError) as raised:
        download_package(tmp_path / "data", index_url="http://127.0.0.1:9/index.json", timeout=5)
    message = str(raised.value)
    assert "\n" not in message and "mujaz models install FILE" in message
    assert message.startswith("cannot fetch http://127.0.0.1:9/index.json")


def test_download_package_fails_when_the_index_lists_no_ar_en_package(tmp_path):
    index = write_index(tmp_path, [{**METADATA, "from_code": "fa", "links": ["file:///x"]}])
    with pytest.raises(TranslationModelError, match="lists no ar→en translation package"):
        download_package(tmp_path / "data", index_url=index)


# -- choosing the translator at start-up ----------------------------------------------


def test_settings_read_the_model_and_data_dir_and_default_the_data_dir_beside_the_store():
    settings = Settings.from_env({"MUJAZ_DB": "/srv/mujaz/db.sqlite3"})
    assert settings.mt_model is None and settings.data_root == Path("/srv/mujaz")
    settings = Settings.from_env({"MUJAZ_MT_MODEL": "/m/opus", "MUJAZ_DATA_DIR": "/d"})
    assert settings.mt_model == Path("/m/opus") and settings.data_root == Path("/d")


def test_load_translator_prefers_mujaz_mt_model_over_the_installed_package(
    package_file, tiny_mt_model, tmp_path
):
    install_package(package_file, tmp_path)
    opus = opus_mt_layout(tiny_mt_model, tmp_path)
    chosen = load_translator(Settings(db_path=tmp_path / "db.sqlite3", mt_model=opus))
    assert chosen is not None and chosen.version == "opus-mt-ar-en-tiny"


def test_load_translator_uses_the_installed_package_when_no_model_is_set(package_file, tmp_path):
    install_package(package_file, tmp_path / "data")
    chosen = load_translator(Settings(db_path=tmp_path / "db.sqlite3", data_dir=tmp_path / "data"))
    assert chosen is not None and (chosen.name, chosen.version) == (
        "ctranslate2",
        "translate-ar_en-tiny",
    )


def test_load_translator_returns_none_when_no_model_is_set_or_installed(tmp_path):
    assert load_translator(Settings(db_path=tmp_path / "db.sqlite3")) is None


def test_load_translator_refuses_a_broken_mujaz_mt_model_rather_than_fall_back(
    package_file, tmp_path
):
    install_package(package_file, tmp_path)
    settings = Settings(db_path=tmp_path / "db.sqlite3", mt_model=tmp_path / "typo")
    with pytest.raises(ConfigError, match=r"^MUJAZ_MT_MODEL=.*typo: .*typo does not exist$"):
        load_translator(settings)


def test_load_translator_says_how_to_repair_a_broken_installed_package(package_file, tmp_path):
    installed = install_package(package_file, tmp_path)
    (installed / "sentencepiece.model").unlink()
    with pytest.raises(ConfigError, match="installed translation model is broken.*reinstall"):
        load_translator(Settings(db_path=tmp_path / "db.sqlite3"))


# -- the command line ------------------------------------------------------------------


@pytest.fixture
def mujaz(tmp_path, capsys, monkeypatch):
    """Run the library's `mujaz` in-process with its store (and so its data dir) in tmp_path."""
    from summaries.cli import main

    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    for name in ("MUJAZ_MT_MODEL", "MUJAZ_DATA_DIR", "MUJAZ_DB"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(tmp_path / "db.sqlite3"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_models_install_then_show_reports_the_installed_backend(mujaz, package_file, tmp_path):
    code, out, _ = mujaz("models", "install", str(package_file))
    folder = tmp_path / "models" / "translate-ar_en"
    assert code == 0 and out == f"installed translate-ar_en-tiny in {folder}\n"
    code, out, _ = mujaz("models", "show")
    assert code == 0 and out == f"ctranslate2:translate-ar_en-tiny ({folder})\n"


def test_models_show_says_none_and_how_to_install_when_there_is_no_model(mujaz):
    code, out, _ = mujaz("models", "show")
    assert code == 0 and out.startswith("none: ")
    assert "mujaz models install" in out and "mujaz models download" in out
    assert "MUJAZ_MT_MODEL" in out


def test_models_show_fails_with_one_line_when_mujaz_mt_model_is_broken(mujaz, monkeypatch):
    monkeypatch.setenv("MUJAZ_MT_MODEL", "/nonexistent/model")
    code, out, err = mujaz("models", "show")
    assert code == 1 and out == ""
    assert err == "mujaz: MUJAZ_MT_MODEL=/nonexistent/model: /nonexistent/model does not exist\n"


def test_models_install_of_a_zip_slip_package_fails_with_one_line(mujaz, tiny_mt_model, tmp_path):
    file = write_zip(tmp_path / "evil.zip", package_members(tiny_mt_model) | {"../x": b""})
    code, _, err = mujaz("models", "install", str(file))
    assert code == 1 and err.count("\n") == 1 and "refusing member '../x'" in err


def test_every_models_action_help_has_an_example():
    from summaries.cli import build_parser

    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    actions = next(a for a in commands["models"]._actions if a.dest == "models_command").choices
    assert set(actions) == {"show", "install", "download"}
    for name, sub in actions.items():
        assert f"example: mujaz models {name}" in sub.format_help(), name


def test_bot_command_line_runs_the_models_command_of_the_library(mujaz, tmp_path, capsys):
    from bot.cli import main

    assert main(["--db", str(tmp_path / "db.sqlite3"), "models", "show"]) == 0
    assert capsys.readouterr().out.startswith("none: ")


# -- a real model, when one is ever provided --------------------------------------------


@pytest.mark.skipif(not real_models(), reason="no real ar→en model in /work/shared/models")
@pytest.mark.parametrize("model", real_models() or [None])
def test_real_model_translates_seed_sentences_into_english_keeping_their_numbers(model):
    translator = CTranslate2Translator(model)
    english = translator.translate([AID, TROOPS])
    assert len(english) == 2
    assert not any(ARABIC_LETTER.search(text) for text in english)
    assert "155" in english[0] and "2500" in english[1].replace(",", "")
