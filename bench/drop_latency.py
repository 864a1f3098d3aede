"""How fast a file dropped into seeds/ is picked up and served, per watch mode.

    .venv/bin/python bench/drop_latency.py [--drops 10] [--interval 2] [--stable 1]

For each mode (events, poll, auto) a watcher (``summaries.watch_batches``)
runs on an empty temporary seeds/ with the given poll interval and stable
window, the production defaults unless told otherwise. One seed at a time is
moved in (written next door, then renamed, as a file manager does), and two
moments are timed from the rename:

- **picked up**: the watcher yields the batch holding the file (the stable
  window included: the file has to be seen unchanged twice);
- **served**: ``sync_batch`` has stored its briefing in a worker thread, on
  its own store connection, as the bot's drop zone does.

The next drop waits until the previous one is served. Results go to stdout
and to bench/results/drop_latency.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summaries import Pipeline, Store, sync_batch, watch_batches  # noqa: E402

RESULT = ROOT / "bench" / "results" / "drop_latency.md"
MODES = ("events", "poll", "auto")


async def measure(
    mode: str, drops: int, interval: float, stable: float, pipeline: Pipeline
) -> list[tuple[float, float]]:
    """Return (picked up, served) seconds for each drop in one mode."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder, staging = root / "seeds", root / "staging"
        folder.mkdir()
        staging.mkdir()
        batches = watch_batches(folder, mode=mode, interval=interval, stable_for=stable)
        timings = []
        try:
            await anext(batches)  # the empty start
            for n in range(drops):
                name = f"drop{n:03d}.txt"
                (staging / name).write_bytes(seeds[n % len(seeds)].read_bytes())
                # The watcher waits in the background, as the bot's drop zone makes it do;
                # drops land at different points of the poll cycle.
                waiting = asyncio.ensure_future(anext(batches))
                await asyncio.sleep(0.5 + (n % 5) * interval / 5)
                start = time.perf_counter()
                os.replace(staging / name, folder / name)
                batch = await waiting
                picked = time.perf_counter() - start
                await asyncio.to_thread(_sync, folder, root / "db.sqlite3", pipeline, batch)
                timings.append((picked, time.perf_counter() - start))
                assert batch.changed == (name,), batch
        finally:
            await batches.aclose()
    return timings


def _sync(folder: Path, db_path: Path, pipeline: Pipeline, batch) -> None:
    with Store.open(db_path) as store:
        [result] = sync_batch(folder, store, pipeline, batch)
        assert result.outcome.value in ("new", "duplicate"), result


def row(mode: str, what: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return (
        f"| {mode} | {what} | {statistics.median(values):.2f} | {p90:.2f} "
        f"| {min(values):.2f} | {max(values):.2f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drops", type=int, default=10)
    parser.add_argument("--interval", type=float, default=2.0, help="MUJAZ_WATCH_INTERVAL")
    parser.add_argument("--stable", type=float, default=1.0, help="MUJAZ_WATCH_STABLE")
    args = parser.parse_args()
    pipeline = Pipeline.build()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Drop-zone latency",
        "",
        f"commit {commit} (working tree); {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {args.drops} drops per mode of the seeds in turn "
        f"(4-22 kB .txt); interval {args.interval} s, stable window {args.stable} s; "
        f"digester {pipeline.digester}",
        "",
        "Seconds from the rename into seeds/ to the batch (picked up) and to the stored "
        "briefing (served).",
        "",
        "| mode | until | median | p90 | min | max |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for mode in MODES:
        timings = asyncio.run(measure(mode, args.drops, args.interval, args.stable, pipeline))
        lines.append(row(mode, "picked up", [t[0] for t in timings]))
        lines.append(row(mode, "served", [t[1] for t in timings]))
        print(lines[-2], lines[-1], sep="\n", flush=True)
    RESULT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {RESULT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
