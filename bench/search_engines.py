"""/search on both engines (issue 13): handler p50/p99 at 2,000 and 20,000 documents.

    .venv/bin/python bench/search_engines.py [--sizes 2000,20000] [--repeat 100]
        [--engines sqlite,postgresql]

For each engine in turn the seeds are ingested by the real pipeline into a
fresh store (a SQLite file in a temporary folder, or a database of a
throwaway PostgreSQL cluster started from this machine's initdb and pg_ctl
by ``tests/postgres.py``: Unix socket, fsync off), then grown to each size
with ``command_latency.synthesize`` (the same recombined seed documents, in
the same order, on both engines) and timed with ``command_latency.measure``
on its ``SEARCHES``: the real Application, from the update going into
``process_update`` to the reply handed to an in-process HTTP layer (see
command_latency.py). Queries named "(no match)" find nothing; the others do.

Besides the timings, each query's top ten (document, sentence) on one engine
is compared with the other's: "same top 10" counts the hits both return.

Results go to stdout and to bench/results/search_engines.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from command_latency import (  # noqa: E402
    SEARCHES,
    commit,
    load_average,
    measure,
    percentile,
    seeded_store,
    synthesize,
    table,
    write_report,
)

from summaries import Pipeline, Store  # noqa: E402
from tests.postgres import Cluster  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "search_engines.md"
ENGINES = ("sqlite", "postgresql")
NO_MATCH = "(no match)"


def run_engine(
    engine: str, sizes: list[int], repeat: int, pipeline: Pipeline
) -> dict[int, tuple[int, float, dict[str, list[float]], dict[str, list]]]:
    """Return, per size: documents, seconds to grow, timings per query, top ten per query."""
    cluster = Cluster().start() if engine == "postgresql" else None
    try:
        target = cluster.create_database() if cluster else None
        results = {}
        with seeded_store(pipeline, "search.sqlite3", target=target) as (_, store):
            added = 0
            for size in sorted(sizes):
                started = time.perf_counter()
                synthesize(store, size - added, seed=size, start=added)
                built, added = time.perf_counter() - started, size
                timings = asyncio.run(measure(store, pipeline, repeat, SEARCHES, with_inline=False))
                results[size] = (store.count_documents(), built, timings, top_tens(store))
                print(f"{engine} {size}: grown in {built:.1f} s", flush=True)
                print("\n".join(table(timings, SEARCHES, "all searches")), flush=True)
        return results
    finally:
        if cluster:
            cluster.stop()


def top_tens(store: Store) -> dict[str, list]:
    """Return each query's ten best hits as (document name, sentence id)."""
    return {
        name: [(p.document.name, p.sentence.id) for p in store.search(line.split(" ", 1)[1])]
        for name, _, line in SEARCHES
    }


def summary(results: dict[str, dict]) -> list[str]:
    rows = [
        "| engine | documents | queries | p50 ms | p99 ms | max ms | n |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for engine, sizes in results.items():
        for documents, _, timings, _ in sizes.values():
            for kind, wanted in (("with matches", False), ("no match", True)):
                values = [v for n, vs in timings.items() if (NO_MATCH in n) == wanted for v in vs]
                rows.append(
                    f"| {engine} | {documents} | {kind} | {statistics.median(values):.1f} "
                    f"| {percentile(values, 0.99):.1f} | {max(values):.1f} | {len(values)} |"
                )
    return rows


def agreement(results: dict[str, dict], size: int) -> list[str]:
    """Return a table of each query's hits per engine and how many of the top ten both give."""
    first, second = (results[e][size][3] for e in ENGINES)
    rows = [
        "| query | hits sqlite | hits postgresql | same top 10 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, _, _ in SEARCHES:
        same = len(set(first[name]) & set(second[name]))
        rows.append(f"| {name} | {len(first[name])} | {len(second[name])} | {same} |")
    return rows


def versions(engines: list[str]) -> str:
    import sqlite3

    import psycopg

    parts = [f"Python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    if "postgresql" in engines:
        cluster = Cluster().start()
        try:
            with psycopg.connect(cluster.url()) as connection:
                parts.append(connection.execute("SHOW server_version").fetchone()[0])
        finally:
            cluster.stop()
        parts[-1] = f"PostgreSQL {parts[-1]} (throwaway cluster, Unix socket, fsync off)"
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", type=lambda v: [int(n) for n in v.split(",")], default=[2000, 20000]
    )
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per query")
    parser.add_argument("--engines", type=lambda v: v.split(","), default=list(ENGINES))
    args = parser.parse_args()
    pipeline = Pipeline.build()
    lines = [
        "# /search on SQLite and PostgreSQL",
        "",
        f"commit {commit()}; {versions(args.engines)}; {platform.machine()} "
        f"{os.cpu_count()} CPUs; digester {pipeline.digester}; {args.repeat} timed "
        "runs per query (Arabic and English users alternating) after 2 warm-up runs.",
        "",
        "Handler time: update into `Application.process_update` until the reply is handed to the "
        "HTTP layer (an in-process `BaseRequest`; no network, no rate limiter). Documents: the "
        "seeds ingested by the pipeline, then `command_latency.synthesize` (recombined seed "
        "paragraphs) up to each size, the same on both engines.",
        "",
        f"Load average at the start: {load_average()}.",
    ]
    results = {e: run_engine(e, args.sizes, args.repeat, pipeline) for e in args.engines}
    lines += ["", "## Summary", "", *summary(results)]
    for engine, sizes in results.items():
        for documents, built, timings, _ in sizes.values():
            lines += [
                "",
                f"## {engine}, {documents} documents (grown in {built:.1f} s)",
                "",
                *table(timings, SEARCHES, "all searches"),
            ]
    if all(e in results for e in ENGINES):
        for size in sorted(args.sizes):
            lines += ["", f"## Same answers? Top ten per query at {size} synthetic", ""]
            lines += agreement(results, size)
    lines += ["", f"Load average at the end: {load_average()}."]
    write_report(RESULTS, lines)


if __name__ == "__main__":
    main()
