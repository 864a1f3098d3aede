"""Neural machine translation on the CPU with CTranslate2 and SentencePiece (no PyTorch)."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from summaries.errors import TranslationModelError
from summaries.translate.base import ascii_numerals
from summaries.translate.layout import model_layout

logger = logging.getLogger(__name__)

_PIECE_SPACE = "\u2581"  # SentencePiece's word-start mark "▁"


def plan_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Return the indices of lengths grouped into batches of at most batch_size, shortest first.

    Sentences of like length share a batch, so little of each batch is padding.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


class CTranslate2Translator:
    """Translates Arabic sentences to English with a CTranslate2 model (see layout.py).

    Each sentence is cleaned (one space between words, ASCII digits), cut to
    ``max_input_tokens`` pieces, and translated in batches of ``batch_size``
    with beam search. Loading is done once, in the constructor.
    """

    name = "ctranslate2"
    # A sentence longer than this (about 150 Arabic words) is cut: the models are
    # trained on sentences, and attention cost grows with the square of length.
    max_input_tokens = 256
    # Output is capped at twice the input plus this, so a model that starts
    # repeating itself stops; English takes fewer pieces than Arabic, rarely 2x.
    output_slack_tokens = 10
    max_output_tokens = 512

    __slots__ = ("version", "model_dir", "beam_size", "batch_size", "_model", "_source")

    def __init__(
        self,
        model_dir: Path,
        *,
        beam_size: int = 2,
        batch_size: int = 16,
        threads: int | None = None,
        compute_type: str = "default",
    ) -> None:
        import ctranslate2
        import sentencepiece

        layout = model_layout(Path(model_dir))
        self.version = layout.version
        self.model_dir = Path(model_dir)
        self.beam_size = beam_size
        self.batch_size = batch_size
        try:
            self._source = sentencepiece.SentencePieceProcessor(model_file=str(layout.source_spm))
        except (OSError, RuntimeError) as error:
            raise TranslationModelError(
                f"{layout.source_spm} is not a SentencePiece model: {_first_line(error)}"
            ) from None
        try:
            self._model = ctranslate2.Translator(
                str(layout.ctranslate2_dir),
                device="cpu",
                compute_type=compute_type,
                inter_threads=1,
                intra_threads=threads or min(4, os.cpu_count() or 1),
            )
        except Exception as error:  # the native loader raises IndexError, RuntimeError, ...
            raise TranslationModelError(
                f"{layout.ctranslate2_dir} is not a CTranslate2 model: {_first_line(error)}"
            ) from None
        logger.info(
            "translation model %s (%s) loaded from %s", self.version, layout.kind, model_dir
        )

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Return the English of each Arabic sentence: same length, same order ("" for blank)."""
        pieces = [self.pieces(sentence) for sentence in sentences]
        english = [""] * len(sentences)
        todo = [i for i, p in enumerate(pieces) if p]
        batches = plan_batches([len(pieces[i]) for i in todo], self.batch_size)
        for number, batch in enumerate(batches, 1):
            ids = [todo[j] for j in batch]
            longest = max(len(pieces[i]) for i in ids)
            results = self._model.translate_batch(
                [pieces[i] for i in ids],
                beam_size=self.beam_size,
                max_batch_size=self.batch_size,
                max_decoding_length=min(
                    self.max_output_tokens, 2 * longest + self.output_slack_tokens
                ),
                replace_unknowns=True,  # an unknown word comes out as the source word
            )
            for i, result in zip(ids, results, strict=True):
                english[i] = detokenize(result.hypotheses[0])
            logger.debug("batch %d/%d: %d sentences translated", number, len(batches), len(ids))
        return english

    def pieces(self, sentence: str) -> list[str]:
        """Return the pieces the model reads for one sentence, at most max_input_tokens of them."""
        text = " ".join(ascii_numerals(sentence).split())
        if not text:
            return []
        pieces = self._source.encode(text, out_type=str)
        if len(pieces) > self.max_input_tokens:
            logger.warning(
                "a sentence of %d pieces is cut to %d before translation: %.60s…",
                len(pieces),
                self.max_input_tokens,
                text,
            )
            pieces = pieces[: self.max_input_tokens]
        return pieces


def detokenize(pieces: Sequence[str]) -> str:
    """Return the text of SentencePiece pieces: "▁" starts a word; spaces collapsed."""
    return " ".join("".join(pieces).replace(_PIECE_SPACE, " ").split())


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
