"""Where the parts of a translation model directory are: Argos Translate package or OPUS-MT.

Two layouts are accepted, both a CTranslate2 model plus SentencePiece models:

- an Argos Translate package (what `mujaz models install` unpacks)::

      translate-ar_en-1_0/
          metadata.json          {"from_code": "ar", "to_code": "en", "package_version": ...}
          model/model.bin        CTranslate2 model (+ config.json, vocabulary)
          sentencepiece.model    one SentencePiece model for both sides
          stanza/, README.md     not used: Mujaz splits sentences itself

- an OPUS-MT (Marian) model converted with ``ct2-opus-mt-converter`` (or
  ``ct2-transformers-converter``), with the model's two SentencePiece files
  copied next to it::

      opus-mt-ar-en/
          model.bin  config.json  shared_vocabulary.json
          source.spm  target.spm
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summaries.errors import TranslationModelError

SOURCE_LANGUAGE = "ar"
TARGET_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class ModelLayout:
    """The files of one model directory; ``version`` names the model for /about and the logs."""

    ctranslate2_dir: Path
    source_spm: Path
    target_spm: Path
    version: str
    kind: str  # "argos" or "opus-mt"


def model_layout(path: Path) -> ModelLayout:
    """Return the layout of a model directory; TranslationModelError says what is missing."""
    if not path.is_dir():
        what = "is a file, not a directory" if path.exists() else "does not exist"
        raise TranslationModelError(f"{path} {what}")
    if (path / "metadata.json").is_file():
        return _argos(path)
    if (path / "model.bin").is_file():
        return _opus_mt(path)
    inner = [p for p in path.iterdir() if (p / "metadata.json").is_file()]
    hint = f"; did you mean {inner[0]}?" if len(inner) == 1 else ""
    raise TranslationModelError(
        f"{path} is not a translation model: expected an Argos Translate package "
        f"(metadata.json, model/, sentencepiece.model) or a converted OPUS-MT model "
        f"(model.bin, source.spm, target.spm){hint}"
    )


def check_ar_en(metadata: Any, where: str) -> None:
    """Raise TranslationModelError unless package metadata says Arabic to English translation."""
    if not isinstance(metadata, dict):
        raise TranslationModelError(f"{where}: metadata.json is not a JSON object")
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    kind = metadata.get("type", "translate")
    if pair != (SOURCE_LANGUAGE, TARGET_LANGUAGE) or kind != "translate":
        found = f"{pair[0]}→{pair[1]}" if kind == "translate" else f"a {kind!r} package"
        raise TranslationModelError(
            f"{where} is {found}; Mujaz needs an Arabic→English (ar→en) translation package"
        )


def package_version(metadata: dict[str, Any]) -> str:
    """Return the name-and-version of an Argos package, such as "translate-ar_en-1.0"."""
    code = metadata.get("code") or (
        f"translate-{metadata.get('from_code')}_{metadata.get('to_code')}"
    )
    version = str(metadata.get("package_version") or "").strip()
    return f"{code}-{version}" if version else str(code)


def _argos(path: Path) -> ModelLayout:
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TranslationModelError(f"{path}/metadata.json cannot be read: {error}") from None
    check_ar_en(metadata, str(path))
    _require(path, "model/model.bin", "sentencepiece.model")
    spm = path / "sentencepiece.model"
    return ModelLayout(path / "model", spm, spm, package_version(metadata), "argos")


def _opus_mt(path: Path) -> ModelLayout:
    _require(path, "source.spm", "target.spm")
    return ModelLayout(path, path / "source.spm", path / "target.spm", path.name, "opus-mt")


def _require(path: Path, *names: str) -> None:
    missing = [name for name in names if not (path / name).is_file()]
    if missing:
        raise TranslationModelError(f"{path} lacks {', '.join(missing)}")
