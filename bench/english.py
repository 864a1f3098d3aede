"""English side: translation speed on this CPU, real translations and figures kept in the store.

    .venv/bin/python bench/english.py [--seeds seeds] [--model DIR ...] [--repeat 3]

Models: the tiny random test model; a random model of the size of Argos
Translate's (6+6 layers, 512 wide, 8 heads, int8, 32k pieces), for speed
only; every real ar→en model found in ../shared/models; each --model DIR.

* speed: the Arabic digest sentences of the seeds (ingested without a model)
  translated with CTranslate2Translator in batches of 16, in sentences per
  second (median of the repeats, after one warm-up run), and from it the time
  an ingest that translates every sentence of the seeds would add;
* numbers kept by the translator alone: digest sentences with digits whose
  every number appears in their translation;
* from a store ingested with the translator (Pipeline.build(translator=...)):
  the share of stored English digests that are real translations, and of those
  whose every number in the Arabic digest appears in the English digest.

The random models' English is meaningless. The base-size one never emits
</s>, so it always decodes to the translator's cap (2 x input + 10 pieces,
where a real model stops near 1.2 x): its speed is a lower bound for a real
model of that size. The load average is recorded because other processes
on a small machine change the speed a lot. Results go to bench/results/english.md.
"""

from __future__ import annotations

import argparse
import inspect
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.translate_model builds the tiny model

from summaries import Pipeline, Store, ingest  # noqa: E402
from summaries.translate import (  # noqa: E402
    CTranslate2Translator,
    missing_numbers,
    numbers,
    plan_batches,
)
from tests.translate_model import BASE, build_tiny_package, real_models  # noqa: E402

BATCH_SIZE = 16
REAL_LENGTH = 1.2  # English pieces per Arabic piece, for the base-size estimate


def seed_sentences(seeds: Path, folder: Path) -> tuple[list[str], list[str]]:
    """Return the Arabic digest sentences and all sentences of the seeds (ingested, no model)."""
    with Store.open(folder / "plain.sqlite3") as store:
        ingest(seeds, store, Pipeline.build())
        briefings = [store.briefing(d.id).briefing for d in store.documents()]
    digests = [s.text for b in briefings for s in b.digest.sentences]
    return digests, [s.text for b in briefings for s in b.segmented.sentences]


def speed(model: Path, sentences: list[str], repeat: int) -> float:
    """Return sentences per second in batches of BATCH_SIZE (median of the repeats)."""
    translator = CTranslate2Translator(model, batch_size=BATCH_SIZE)
    translator.translate(sentences)  # warm-up: first-call allocations
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        translator.translate(sentences)
        seconds.append(time.perf_counter() - start)
    return len(sentences) / statistics.median(seconds)


def engine_speed(model: Path, sentences: list[str], repeat: int) -> float:
    """Return sentences per second when every output is REAL_LENGTH x its input, in pieces.

    The random base-size model never stops by itself; a real one stops near
    1.2 x the Arabic pieces. This forces that length on CTranslate2 directly,
    with the translator's own pieces and batches, to estimate a real model's speed.
    """
    import ctranslate2

    translator = CTranslate2Translator(model, batch_size=BATCH_SIZE)
    pieces = [translator.pieces(s) for s in sentences]
    engine = ctranslate2.Translator(str(model / "model"), intra_threads=min(4, os.cpu_count() or 1))
    batches = [
        [pieces[i] for i in batch] for batch in plan_batches([len(p) for p in pieces], BATCH_SIZE)
    ]
    seconds = []
    for _ in range(repeat + 1):  # the first run is the warm-up
        start = time.perf_counter()
        for batch in batches:
            length = math.ceil(REAL_LENGTH * max(len(p) for p in batch))
            engine.translate_batch(
                batch, beam_size=2, min_decoding_length=length, max_decoding_length=length
            )
        seconds.append(time.perf_counter() - start)
    return len(sentences) / statistics.median(seconds[1:])


def numbers_kept(model: Path, sentences: list[str]) -> tuple[int, int]:
    """Return (sentences whose numbers all survive translation, sentences with numbers)."""
    with_numbers = [s for s in sentences if numbers(s)]
    english = CTranslate2Translator(model).translate(with_numbers)
    kept = sum(not missing_numbers(a, e) for a, e in zip(with_numbers, english, strict=True))
    return kept, len(with_numbers)


def stored_english(model: Path, seeds: Path, folder: Path) -> str:
    """Return the store figures as a table row tail, or why they cannot be measured yet."""
    if "translator" not in inspect.signature(Pipeline.build).parameters:
        return "not measured: Pipeline.build takes no translator yet"
    translator = CTranslate2Translator(model)
    with Store.open(folder / f"{model.name}.sqlite3") as store:
        ingest(seeds, store, Pipeline.build(translator=translator))
        briefings = [store.briefing(d.id).briefing for d in store.documents()]
    translated = [b for b in briefings if b.english is not None and b.english.translated]
    kept = [b for b in translated if not missing_numbers(b.digest.text, b.english.digest)]
    return (
        f"{len(translated)}/{len(briefings)} real translations; "
        f"figures preserved in {len(kept)}/{len(translated)}"
    )


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=HERE.parent / "seeds")
    parser.add_argument("--model", type=Path, action="append", default=[])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "english.md")
    args = parser.parse_args()

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
    ).stdout.strip()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        models = [
            ("tiny (random, tests)", build_tiny_package(folder), True),
            ("base-size (random, to the cap)", build_tiny_package(folder, size=BASE), False),
        ]
        models += [(f"real: {m}", m, True) for m in [*real_models(), *args.model]]
        sentences, everything = seed_sentences(args.seeds, folder)
        base = CTranslate2Translator(models[1][1])
        pieces_per_word = sum(len(base.pieces(s)) for s in sentences) / sum(
            len(s.split()) for s in sentences
        )
        rows = []
        for label, model, full in models:
            rate = speed(model, sentences, args.repeat)
            cells = ["(speed only)", "(speed only)"]
            if full:
                kept, total = numbers_kept(model, sentences)
                cells = [f"{kept}/{total}", stored_english(model, args.seeds, folder)]
            rows.append(
                f"| {label} | {CTranslate2Translator(model).version} | {rate:.1f} "
                f"| {len(everything) / rate:.0f} | {' | '.join(cells)} |"
            )
            if not full:
                rate = engine_speed(model, sentences, args.repeat)
                rows.append(
                    f"| base-size, output {REAL_LENGTH} x input (estimate) | {label.split()[0]} "
                    f"| {rate:.1f} | {len(everything) / rate:.0f} | | |"
                )
    threads = min(4, os.cpu_count() or 1)
    lines = [
        "# English side",
        "",
        f"commit {commit}; {len(sentences)} Arabic digest sentences of the "
        f"{len(list(args.seeds.iterdir()))} files in seeds/; {args.repeat} repeats (median) "
        "after one warm-up",
        f"CPU: {cpu_name()}, {os.cpu_count()} logical CPUs, CTranslate2 intra_threads={threads}, "
        f"beam 2, batches of {BATCH_SIZE}; ctranslate2 {version('ctranslate2')}, "
        f"sentencepiece {version('sentencepiece')}",
        f"load average (1 min) before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f}",
        "",
        f"| model | version | sentences/s | s for all {len(everything)} seed sentences "
        "(estimate) | digest sentences whose numbers survive | stored English digests |",
        "| --- | --- | ---: | ---: | ---: | --- |",
        *rows,
        "",
    ]
    if not real_models() and not args.model:
        lines += [
            "No real ar→en model on this machine (../shared/models is absent): both models",
            "are random and their English is meaningless. For a real Argos-size model expect",
            f"about the estimate row (outputs {REAL_LENGTH} x the input); the 'to the cap' row",
            "is the worst case (outputs never stop before 2 x input + 10 pieces). The",
            "stand-in's 2,000-piece vocabulary (all the seeds allow) cuts an Arabic word into",
            f"{pieces_per_word:.1f} pieces; a real model's 32k-50k vocabulary cuts it into fewer,",
            "so its sentences are shorter and it translates faster than the estimate.",
            "",
        ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
