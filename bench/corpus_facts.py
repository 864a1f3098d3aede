"""What corpus facts cost: adding and withdrawing one document at 2,000, and /figures there.

    .venv/bin/python bench/corpus_facts.py [--documents 2000] [--runs 30] [--repeat 100]

The corpus is the five seeds, ingested by the real pipeline, plus
``--documents`` synthetic documents built and linked into the corpus facts
by ``bench/command_latency.py``'s ``synthesize`` (stored seed paragraphs
recombined, random dates 2018-2023, 80 % dated), so the fact groups are far
larger than a real corpus of that size would make them: the 2,500 US troops
alone are stated by hundreds of documents.

**Adding one document** is timed ``--runs`` times: a real seed with one
sentence of its own put first (so it is new, not a duplicate) is ingested
with ``ingest_file``. Two clocks: the whole ``ingest_file`` (read, clean,
segment, digest, figures, topics, sources, English, store), and the part
that links its figures into the corpus (``Store.index_document_facts``: its
statements replaced, the facts of every key they touch regrouped), timed on
its own on the same document right after. **Withdrawing** times
``Store.withdraw`` (the document withdrawn and its statements dropped,
their keys regrouped) of each of those documents. **/figures** is the bot's
handler time from ``bench/command_latency.py``'s ``measure`` (the real
Application, in-process Bot API) at that corpus.

Results go to stdout and to bench/results/corpus_facts.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from command_latency import (  # noqa: E402
    commit,
    load_average,
    measure,
    percentile,
    seeded_store,
    synthesize,
    table,
    write_report,
)

from summaries import Pipeline, ingest_file  # noqa: E402
from summaries.facts import statements_of  # noqa: E402
from summaries.store import utc_now  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "corpus_facts.md"
FIGURES_COMMANDS = (
    ("/figures (key figures)", (), "/figures"),
    ("button: a key figure", ("/figures",), ":4"),
    ("/figures N", (), "/figures 5"),
    ("/figures security", (), "/figures security"),
)
PER_DOCUMENT_MS = 56  # README: the whole pipeline, per document, on the seeds


def stats(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} | {percentile(values, 0.99):.2f} | {max(values):.2f}"


def new_document(seeds: Path, folder: Path, i: int) -> Path:
    """Return a new article: four sentences of each seed, a different four for each i.

    A seed copied with one sentence added would be a near duplicate of it
    (issue 11) and never reach the corpus facts.
    """
    parts = [f"وذكرت مصادر أن الوفد رقم {i} وصل إلى بغداد لمتابعة المباحثات الثنائية."]
    for source in sorted(seeds.glob("*.txt")):
        text = " ".join(source.read_text(encoding="utf-8").split())
        sentences = [f"{s.strip()}." for s in text.split(".") if len(s.split()) >= 6]
        start = (4 * i) % max(1, len(sentences) - 4)
        parts.append(" ".join(sentences[start : start + 4]))
    path = folder / f"bench_new_{i:03d}.txt"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="synthetic documents")
    parser.add_argument("--runs", type=int, default=30, help="documents added and withdrawn")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per command")
    args = parser.parse_args()
    pipeline = Pipeline.build()
    load_before = load_average()
    with seeded_store(pipeline) as (work, store):
        drop = work / "drop"
        drop.mkdir()
        started = time.perf_counter()
        synthesize(store, args.documents)
        built = time.perf_counter() - started
        documents = store.count_documents()
        facts, statements = store.count_corpus_facts()
        whole, linking, leaving = [], [], []
        for i in range(args.runs):
            path = new_document(work / "seeds", drop, i)
            started = time.perf_counter()
            result = ingest_file(path, store, pipeline)
            if result.outcome.value != "new":
                raise SystemExit(f"{path.name}: {result}")
            whole.append((time.perf_counter() - started) * 1000)
            briefing = store.briefing(result.doc_id).briefing
            found = statements_of(result.doc_id, briefing)
            started = time.perf_counter()
            store.index_document_facts(result.doc_id, found)
            linking.append((time.perf_counter() - started) * 1000)
        for i in range(args.runs):
            started = time.perf_counter()
            store.withdraw(f"bench_new_{i:03d}.txt", now=utc_now())
            leaving.append((time.perf_counter() - started) * 1000)
        timings = asyncio.run(
            measure(store, pipeline, args.repeat, FIGURES_COMMANDS, with_inline=False)
        )
        largest = store.largest_fact_key()
    lines = [
        "# Corpus facts: incremental cost and /figures latency",
        "",
        f"commit {commit()}; Python {platform.python_version()}; {platform.machine()}; "
        f"`bench/corpus_facts.py --documents {args.documents} --runs {args.runs} "
        f"--repeat {args.repeat}`.",
        f"Load average (1 / 5 / 15 min): {load_before} at the start, {load_average()} at the end.",
        "",
        f"Corpus: {documents} served documents (5 seeds + {args.documents} synthetic, built and "
        f"linked in {built:.1f} s), {statements} statements in {facts} corpus facts; the "
        f"largest key holds {largest} statements.",
        "",
        f"## One document, {args.runs} runs (ms; per-document pipeline time in README: "
        f"{PER_DOCUMENT_MS} ms)",
        "",
        "| step | p50 | p99 | max |",
        "| --- | ---: | ---: | ---: |",
        f"| add: whole `ingest_file` (pipeline + store + facts) | {stats(whole)} |",
        f"| add: linking its figures (`index_document_facts`) | {stats(linking)} |",
        f"| withdraw (`Store.withdraw`: status, statements and disputes dropped, facts updated) "
        f"| {stats(leaving)} |",
        "",
        f"## /figures handler time at {documents} documents",
        "",
        *table(timings, FIGURES_COMMANDS, "all /figures commands"),
    ]
    write_report(RESULTS, lines)


if __name__ == "__main__":
    main()
