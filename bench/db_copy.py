"""How long `mujaz db copy` takes to move a deployment, per target engine.

    .venv/bin/python bench/db_copy.py [--docs 2000] [--subscribers 1000] [--targets sqlite ...]

The source is a SQLite store as a deployment leaves it: the seeds ingested,
``--docs`` synthetic documents recombined from them (``synthesize`` of
``bench/command_latency.py``: sentences, figures, topics, names, corpus
facts and timeline as ingest stores them), ``--subscribers`` subscriptions
and a three-part delivery log for each. Each target is a new SQLite file or
an empty database of a throwaway PostgreSQL cluster (``tests/postgres.py``,
on a Unix socket, fsync off). Measured: the whole ``copy_store`` call
(opening and migrating both stores, the rows, PostgreSQL's sequences, the
search index rebuilt document by document), rows copied and rows a second.

Results go to stdout and to bench/results/db_copy.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests/postgres.py and bench/command_latency.py

from bench.command_latency import synthesize  # noqa: E402
from bot.store import BotStore  # noqa: E402
from bot.store.copy import copy_store  # noqa: E402
from summaries import Pipeline, ingest  # noqa: E402
from tests.postgres import Cluster  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "db_copy.md"
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def build_source(path: Path, docs: int, subscribers: int) -> float:
    """Write the source deployment at path; return the seconds it took."""
    started = time.perf_counter()
    with BotStore.open(path) as store:
        ingest(ROOT / "seeds", store, Pipeline.build(), now=lambda: NOW)
        synthesize(store, docs)
        with store.transaction():
            for chat in range(1, subscribers + 1):
                store.subscribe(
                    chat,
                    chat_type="private",
                    time=clock(8, 0),
                    tz="Asia/Baghdad",
                    lang="ar" if chat % 2 else "en",
                    next_send=NOW + timedelta(days=1),
                    now=NOW,
                )
                for part in range(3):
                    store.claim_part(chat, date(2026, 12, 1), part, now=NOW)
                    store.mark_part_sent(chat, date(2026, 12, 1), part, 10 * chat + part, NOW)
    return time.perf_counter() - started


def measure(source: Path, target: Path | str) -> dict:
    started = time.perf_counter()
    copied = copy_store(source, target)
    elapsed = time.perf_counter() - started
    rows = sum(t.rows for t in copied.tables)
    return {
        "elapsed": elapsed,
        "rows": rows,
        "documents": copied.rows("documents"),
        "sentences": copied.rows("sentences"),
        "indexed": copied.indexed,
    }


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    dirty = " (uncommitted changes)" if git("status", "--porcelain").strip() else ""
    return git("rev-parse", "--short", "HEAD").strip() + dirty


def report(args: argparse.Namespace, built: float, rows: dict[str, dict]) -> str:
    head = (
        "| target | documents | sentences | rows | indexed | elapsed s | rows/s |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    body = "".join(
        f"| {name} | {r['documents']:,} | {r['sentences']:,} | {r['rows']:,} | {r['indexed']:,} "
        f"| {r['elapsed']:.1f} | {r['rows'] / r['elapsed']:,.0f} |\n"
        for name, r in rows.items()
    )
    return (
        "# db copy\n\n"
        f"commit {commit()}; Python {platform.python_version()}; {platform.machine()} "
        f"{os.cpu_count()} CPUs. Source: a SQLite store of the 5 seeds + {args.docs:,} synthetic "
        f"documents (built in {built:.0f} s), {args.subscribers:,} subscriptions with a "
        "3-part delivery log each. PostgreSQL: a throwaway local cluster on a Unix socket, "
        "fsync off. `elapsed` is the whole copy: both stores opened, every table, sequences, "
        "the search index rebuilt.\n\n"
        f"```\n.venv/bin/python bench/db_copy.py --docs {args.docs} --subscribers "
        f"{args.subscribers} --targets {' '.join(args.targets)}\n```\n\n" + head + body
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--targets", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source.sqlite3"
        built = build_source(source, args.docs, args.subscribers)
        rows = {}
        if "sqlite" in args.targets:
            rows["SQLite file"] = measure(source, Path(tmp) / "target.sqlite3")
        if "postgresql" in args.targets:
            cluster = Cluster().start()
            try:
                rows["PostgreSQL"] = measure(source, cluster.create_database())
            finally:
                cluster.stop()
    text = report(args, built, rows)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
