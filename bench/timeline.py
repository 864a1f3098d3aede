"""What the timeline costs: adding and withdrawing one document at 2,000, and /timeline p99.

    .venv/bin/python bench/timeline.py [--documents 2000] [--changes 50] [--repeat 100]

The corpus is the seeds (ingested by the real pipeline) plus ``--documents``
synthetic documents built by ``bench/command_latency.py``'s ``synthesize``
(stored seed paragraphs recombined, with random document dates, so year-less
dates land in many different years and explicit ones pile up on the seeds'
events: hundreds of reports of "June 2020").

**Adding one document**: ``--changes`` further synthetic documents are saved
one by one with ``Store.save_briefing``; each is timed whole (its
transaction: sentences, figures, topics, names, timeline) and the timeline's
part alone is timed by saving the same briefing once more with and without
it, so the incremental merge is measured in place, with the corpus around
it. ``extract_timeline`` (the per-document pure part, run at ingest) is
timed on each briefing. **Withdrawing one**: the same documents withdrawn
one by one (``Store.withdraw``, its ``timeline_dropped`` included).

**Handler time** of /timeline (whole, words, topic, no match, next page) is
measured as in ``bench/command_latency.py`` (its ``measure`` and
``TimedRequest``): update in until the last message of the reply is handed
to the HTTP layer. Results go to stdout and bench/results/timeline.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import command_latency  # noqa: E402  (bench/ is on sys.path when run as a script)

from summaries import Pipeline, Store  # noqa: E402
from summaries.timeline import extract_timeline  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "timeline.md"
TIMELINE_COMMANDS = (
    ("/timeline (page 1)", (), "/timeline"),
    ("button: next page", ("/timeline",), ":2"),
    ("/timeline الكاظمي", (), "/timeline الكاظمي"),
    ("/timeline Washington", (), "/timeline Washington"),
    ("/timeline elections (topic)", (), "/timeline elections"),
    ("/timeline (no match)", (), "/timeline زلزال"),
)


def _ms(seconds: float) -> float:
    return seconds * 1000


def stats(values: list[float]) -> str:
    p95 = command_latency.percentile(values, 0.95)
    return f"{statistics.median(values):.2f} | {p95:.2f} | {max(values):.2f}"


def changes(store: Store, count: int, seed: int = 1) -> dict[str, list[float]]:
    """Add count documents one by one, then withdraw them; return milliseconds per step."""
    rng = random.Random(seed)
    stored = [store.briefing(d.id) for d in store.documents()[:50]]
    pool = [(s, p) for s in stored for p in s.briefing.segmented.paragraphs]
    timings: dict[str, list[float]] = {"extract": [], "add": [], "add_timeline": [], "withdraw": []}
    names = []
    for i in range(count):
        picks = rng.sample(pool, rng.randint(4, 8))
        briefing = command_latency._recombine(picks, rng.choice(stored), rng)
        started = time.perf_counter()
        entries = extract_timeline(briefing)
        timings["extract"].append(_ms(time.perf_counter() - started))
        name = f"bench_change_{i:03d}.txt"
        common = dict(
            content_hash=f"c{i}", text_hash=f"t{i}", size=1, pipeline_version="bench", now=None
        )
        started = time.perf_counter()
        store.save_briefing(name, briefing=briefing, **common)
        timings["add"].append(_ms(time.perf_counter() - started))
        # The timeline's share: the same document saved again without, then with, its entries.
        store.save_briefing(name, briefing=replace(briefing, timeline=()), **common)
        started = time.perf_counter()
        store.save_briefing(name, briefing=briefing, **common)
        with_it = time.perf_counter() - started
        store.save_briefing(name, briefing=replace(briefing, timeline=()), **common)
        started = time.perf_counter()
        store.save_briefing(name, briefing=replace(briefing, timeline=()), **common)
        without = time.perf_counter() - started
        store.save_briefing(name, briefing=briefing, **common)
        timings["add_timeline"].append(_ms(max(0.0, with_it - without)))
        assert entries == briefing.timeline
        names.append(name)
    for name in names:
        started = time.perf_counter()
        store.withdraw(name)
        timings["withdraw"].append(_ms(time.perf_counter() - started))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="synthetic documents")
    parser.add_argument("--changes", type=int, default=50, help="documents added, then withdrawn")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per command")
    args = parser.parse_args()
    pipeline = Pipeline.build()
    with command_latency.seeded_store(pipeline) as (_, store):
        started = time.perf_counter()
        command_latency.synthesize(store, args.documents)
        built = time.perf_counter() - started
        documents = store.count_documents()
        events = store.count_timeline()
        reports = sum(e.reports for e in store.timeline())
        timings = changes(store, args.changes)
        handlers = asyncio.run(
            command_latency.measure(
                store, pipeline, args.repeat, TIMELINE_COMMANDS, with_inline=False
            )
        )
    lines = [
        "# Timeline: incremental updates and /timeline latency",
        "",
        f"commit {command_latency.commit()}; Python {platform.python_version()}; "
        f"{documents} documents (the seeds + {args.documents} synthetic, built with the "
        f"timeline in {built:.1f} s), {events} timeline events from {reports} reports; "
        f"{args.changes} documents added then withdrawn one by one; {args.repeat} timed runs "
        "per command.",
        "",
        "| step (one document) | median ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
        f"| extract_timeline (at ingest, pure) | {stats(timings['extract'])} |",
        f"| save_briefing, whole (timeline included) | {stats(timings['add'])} |",
        f"| of which the timeline merge | {stats(timings['add_timeline'])} |",
        f"| withdraw (timeline entries removed, events re-formed) | {stats(timings['withdraw'])} |",
        "",
        "| /timeline handler | p50 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, values in handlers.items():
        if values:
            p50, p99 = statistics.median(values), command_latency.percentile(values, 0.99)
            lines.append(f"| {name} | {p50:.2f} | {p99:.2f} | {max(values):.2f} |")
    command_latency.write_report(RESULTS, lines)


if __name__ == "__main__":
    main()
