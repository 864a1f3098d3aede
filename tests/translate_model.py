"""A tiny Arabic→English translation model built offline, for tests and the bench.

No ar→en model can be downloaded here, so this builds one the real code can
load: a SentencePiece model trained on the seeds (and the README, for Latin
pieces), and a one-layer Transformer assembled with ``ctranslate2.specs`` from
random numpy weights (fixed seed), saved in the Argos Translate package
layout. Its output is meaningless; it is made of Latin words and digits only
(the output layer never picks an Arabic piece), so "no Arabic in English" holds
for it as for a real model, and its sentences end after a few words.

``size=BASE`` builds a random model of a real one's size instead, for the bench.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED_MODELS = ROOT.parent / "shared" / "models"
PACKAGE = "translate-ar_en-tiny"
METADATA = {
    "package_version": "tiny",
    "argos_version": "1.9",
    "from_code": "ar",
    "from_name": "Arabic",
    "to_code": "en",
    "to_name": "English",
    "type": "translate",
    "code": "translate-ar_en",
}


@dataclass(frozen=True, slots=True)
class Size:
    """How big the random Transformer is, and whether it ever ends a sentence."""

    name: str
    dim: int
    ffn: int
    heads: int
    layers: int
    pieces: int  # SentencePiece vocabulary trained on the seeds
    vocabulary: int  # the model's: the pieces, padded with filler words up to this
    eos_bias: float
    quantization: str | None = None


# 1 layer, 32 wide; its </s> bias ends outputs after a few words, short of the length cap.
TINY = Size("tiny", dim=32, ffn=64, heads=2, layers=1, pieces=600, vocabulary=600, eos_bias=1.0)
# The size of Argos Translate's models (argos-train's config.yml: Transformer
# base, 6+6 layers, 512 wide, 8 heads; int8 when converted), with a 32k
# vocabulary. It never emits </s>, so it decodes to the translator's length
# cap (2 x input + 10 pieces): its speed is a lower bound for a real model.
BASE = Size(
    "base-size",
    dim=512,
    ffn=2048,
    heads=8,
    layers=6,
    pieces=2000,  # as many as the seeds allow: ~1.9 pieces per Arabic word
    vocabulary=32_000,
    eos_bias=-1e4,
    quantization="int8",
)
# Pieces the decoder may emit: a Latin word, a number or a comma/full stop.
_ENGLISH_PIECE = re.compile(r"\u2581(?:[A-Za-z]+|[0-9]+)|[.,]")
_NEVER = -1e4  # output bias that rules a piece out
# Random attention averages the whole source, so every sentence would come out
# the same: sharper queries and a louder cross-attention make the output depend
# on the input (40 distinct outputs for 60 seed sentences, against 9).
_SHARPNESS = 10.0
_MIX = 3.0


def build_tiny_package(
    folder: Path, *, seed: int = 6, metadata: dict | None = None, size: Size = TINY
) -> Path:
    """Build a random model in the Argos package layout under folder; return the package dir."""
    package = folder / (PACKAGE if size is TINY else f"translate-ar_en-{size.name}")
    (package / "model").mkdir(parents=True)
    spm_bytes = _train_sentencepiece(_training_lines(), size.pieces)
    (package / "sentencepiece.model").write_bytes(spm_bytes)
    (package / "metadata.json").write_text(
        json.dumps(metadata or METADATA | {"package_version": size.name}, indent=2),
        encoding="utf-8",
    )
    (package / "README.md").write_text(
        "Random weights for Mujaz's tests: the output is meaningless.\n", encoding="utf-8"
    )
    spec = _transformer(_vocabulary(spm_bytes, size.vocabulary), size, np.random.default_rng(seed))
    spec.save(str(package / "model"))
    return package


def zip_package(package: Path, file: Path) -> Path:
    """Zip a package folder the way Argos ships it (one top folder); return the .argosmodel file."""
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.rglob("*")):
            archive.write(path, f"{package.name}/{path.relative_to(package).as_posix()}")
    return file


def opus_mt_layout(package: Path, folder: Path) -> Path:
    """Copy the package into the converted OPUS-MT layout (model.bin + source/target.spm)."""
    target = folder / "opus-mt-ar-en-tiny"
    shutil.copytree(package / "model", target)
    shutil.copy(package / "sentencepiece.model", target / "source.spm")
    shutil.copy(package / "sentencepiece.model", target / "target.spm")
    return target


def real_models() -> list[Path]:
    """Return the real ar→en model folders in ../shared/models (its ORIGIN.txt says where from)."""
    from summaries.errors import TranslationModelError
    from summaries.translate import model_layout

    if not SHARED_MODELS.is_dir():
        return []
    found = []
    for folder in [SHARED_MODELS, *sorted(p for p in SHARED_MODELS.iterdir() if p.is_dir())]:
        try:
            model_layout(folder)
        except TranslationModelError:
            continue
        found.append(folder)
    return found


# Latin pieces come from a frozen copy of the README (not in tests/data, which
# tests ingest as a seeds folder): trained on the live README,
# every README edit changed the random model's outputs (and broke the tests
# that need three sentences to come out different).
_LATIN_TEXT = Path(__file__).resolve().parent / "translate_model_latin.txt"


def _training_lines() -> list[str]:
    lines = []
    for path in [*sorted((ROOT / "seeds").iterdir()), _LATIN_TEXT]:
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def _train_sentencepiece(lines: list[str], pieces: int) -> bytes:
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=pieces,
        model_type="unigram",
        character_coverage=1.0,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _vocabulary(spm_bytes: bytes, size: int) -> list[str]:
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_proto=spm_bytes)
    # SentencePiece's defaults (<unk> 0, <s> 1, </s> 2) are CTranslate2's special tokens.
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    return pieces + [f"\u2581filler{i}" for i in range(size - len(pieces))]


def _transformer(vocabulary: list[str], model: Size, rng: np.random.Generator):
    from ctranslate2.specs import transformer_spec

    size, d = len(vocabulary), model.dim

    def weights(rows: int, cols: int, scale: float | None = None) -> np.ndarray:
        scale = 1 / np.sqrt(cols) if scale is None else scale
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    def norm(spec) -> None:
        spec.gamma, spec.beta = np.ones(d, np.float32), np.zeros(d, np.float32)

    def linear(spec, rows: int, cols: int) -> None:
        spec.weight, spec.bias = weights(rows, cols), np.zeros(rows, np.float32)

    def feed_forward(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, model.ffn, d)
        linear(spec.linear_1, d, model.ffn)

    def self_attention(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear[0], 3 * d, d)  # query, key and value, fused
        linear(spec.linear[1], d, d)

    spec = transformer_spec.TransformerSpec.from_config(model.layers, model.heads)
    spec.encoder.embeddings[0].weight = weights(size, d, scale=1.0)
    norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        self_attention(layer.self_attention)
        feed_forward(layer.ffn)
    decoder = spec.decoder
    decoder.embeddings.weight = weights(size, d, scale=1.0)
    norm(decoder.layer_norm)
    for layer in decoder.layer:
        self_attention(layer.self_attention)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d, d)  # query
        layer.attention.linear[0].weight *= _SHARPNESS
        linear(layer.attention.linear[1], 2 * d, d)  # key and value, fused
        linear(layer.attention.linear[2], d, d)
        layer.attention.linear[2].weight *= _MIX
        feed_forward(layer.ffn)
    linear(decoder.projection, size, d)
    bias = np.array(
        [0.0 if _ENGLISH_PIECE.fullmatch(piece) else _NEVER for piece in vocabulary], np.float32
    )
    bias[vocabulary.index("</s>")] = model.eos_bias
    decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=model.quantization)
    return spec
