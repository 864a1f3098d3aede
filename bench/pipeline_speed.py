"""Speed and memory of the whole pipeline (read -> store) on the seeds, beside plain sumy LexRank.

    .venv/bin/python bench/pipeline_speed.py [--seeds seeds] [--repeat 5]

Each repeat ingests every seed into a fresh SQLite file (so nothing is
skipped as unchanged) and, in the same run, summarises the raw text of each
seed with sumy's LexRank and its own Arabic tokenizer: the cost a plain
"sumy on the file" approach would pay. Peak memory is the process's maximum
resident set size. Results go to bench/results/pipeline_speed.md.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from summaries import Pipeline, Store, ingest
from summaries.pipeline import is_document

HERE = Path(__file__).resolve().parent


def lexrank_on_raw(paths: list[Path]) -> None:
    """Summarise each raw file with sumy's LexRank and its Arabic tokenizer, stemmer, stop words."""
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as error:  # pragma: no cover - sumy is a dependency
        raise SystemExit(f"sumy is needed: pip install sumy ({error})") from None
    summarizer = LexRankSummarizer(Stemmer("arabic"))
    summarizer.stop_words = get_stop_words("arabic")
    tokenizer = Tokenizer("arabic")
    for path in paths:
        parser = PlaintextParser.from_string(path.read_text(encoding="utf-8"), tokenizer)
        summarizer(parser.document, 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=HERE.parent / "seeds")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "pipeline_speed.md")
    args = parser.parse_args()

    paths = sorted(p for p in args.seeds.iterdir() if is_document(p))
    pipeline = Pipeline.build()
    ingest_ms, lexrank_ms = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite3") as store:
            start = time.perf_counter()
            ingest(args.seeds, store, pipeline)
            ingest_ms.append((time.perf_counter() - start) * 1000 / len(paths))
        start = time.perf_counter()
        lexrank_on_raw(paths)
        lexrank_ms.append((time.perf_counter() - start) * 1000 / len(paths))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
        ).stdout.strip()
        or "unknown"
    )
    lines = [
        "# Pipeline speed",
        "",
        f"commit {commit}; {len(paths)} documents in {args.seeds.name}/, "
        f"{sum(p.stat().st_size for p in paths) / 1000:.0f} kB; {args.repeat} repeats; "
        f"digester {pipeline.digester}",
        "",
        "| what | ms per document (median) | min | max |",
        "| --- | ---: | ---: | ---: |",
        f"| Mujaz pipeline, read -> store | {statistics.median(ingest_ms):.1f} "
        f"| {min(ingest_ms):.1f} | {max(ingest_ms):.1f} |",
        f"| sumy LexRank alone on the raw text | {statistics.median(lexrank_ms):.1f} "
        f"| {min(lexrank_ms):.1f} | {max(lexrank_ms):.1f} |",
        "",
        f"Peak memory (max RSS of the whole run): {peak_mb:.0f} MB",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
