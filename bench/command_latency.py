"""How fast the bot answers: handler time per command, and start-up to the first answer.

    .venv/bin/python bench/command_latency.py [--documents 2000] [--repeat 100]
    .venv/bin/python bench/command_latency.py --search-sizes 2000,20000 [--repeat 100]
    .venv/bin/python bench/command_latency.py --inline-sizes 2000,20000 [--repeat 100]

**Handler time** is measured in process, on the real Application from
``bot.app.build_application``: the clock starts when an update goes into
``Application.process_update`` and stops when the last message of the
reply is handed to the HTTP layer (a ``BaseRequest`` that answers at once,
so no network time is counted; the rate limiter is left out because it
paces, it does not compute). Every command runs for an Arabic and an
English user, ``--repeat`` times each, after two warm-up runs. Inline
queries (issue 11: "@bot words" in any chat) are timed the same way, from
the ``inline_query`` update to ``answerInlineQuery`` handed over, in a table
of their own so the command figures stay comparable with earlier runs.

Two stores are measured: the seeds (ingested by the real pipeline), and
the seeds plus ``--documents`` synthetic documents. Ingesting 2,000 files
through the pipeline takes minutes, so the synthetic documents are built
from the *stored* seed briefings instead: each takes 4-8 paragraphs drawn
at random from the seeds, renumbers their sentences, keeps the figures and
topic sentences that came along (ids remapped), keeps the English side's
names of those sentences (ids remapped, merged across seeds), takes its
sources and English authors and title from a random seed with a random date,
and is written with ``Store.save_briefing`` in one transaction (which also
links its figures into the corpus facts and its dates into the timeline, as
ingest does). The store then holds as many sentence, figure, topic and name rows as 2,000 ingested
documents of that size would.

**Start-up** runs the real entry point, ``python -m bot run``, against the
local Bot API stand-in (``tests/fake_bot_api.py``) with ``/start`` already
queued, and times from process start to the reply arriving at the stand-in:
once with the seeds already ingested (the usual restart) and once with an
empty store (first run: ingest included).

**Search** (``--search-sizes``) times only the searches (``SEARCHES``: with
matches and without, Arabic and English words) on the seeds plus each number
of synthetic documents in turn (the store grows from one size to the next),
and writes bench/results/search_latency.md instead; ``--inline-sizes`` does
the same for the inline queries (``INLINE``) into bench/results/inline_latency.md.

Results go to stdout and to bench/results/command_latency.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import os
import platform
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import telegram
from telegram import Update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for the Bot API stand-in in tests/

from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.console import Console, ConsoleRequest  # noqa: E402
from bot.store import BotStore  # noqa: E402
from summaries import Pipeline, StoredBriefing, ingest  # noqa: E402
from summaries.model import (  # noqa: E402
    Briefing,
    Digest,
    English,
    Name,
    Paragraph,
    Segmented,
    Sentence,
    TopicMatch,
)
from summaries.timeline import extract_timeline  # noqa: E402
from tests.fake_bot_api import FakeBotApi  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "command_latency.md"
SEARCH_RESULTS = ROOT / "bench" / "results" / "search_latency.md"
INLINE_RESULTS = ROOT / "bench" / "results" / "inline_latency.md"
WARM_UP = 2
# (name, lines typed before, line timed). ":1" presses button 1 of the last
# message with buttons, as in the console.
COMMANDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("/start", (), "/start"),
    ("/help", (), "/help"),
    ("/about", (), "/about"),
    ("/digest (list)", (), "/digest"),
    ("/digest N", (), "/digest 3"),
    ("button: a document", ("/digest",), ":1"),
    ("button: next page", ("/digest",), ":10"),  # 8 documents, "1/N", next
    ("/topics", (), "/topics"),
    ("/topic الكهرباء", (), "/topic الكهرباء"),
    ("/topic troops", (), "/topic troops"),
    ("button: a topic", ("/topics",), ":1"),
    ("/figures (key figures)", (), "/figures"),
    ("button: a key figure", ("/figures",), ":4"),
    ("button: figures page 1", ("/figures",), ":11"),
    ("/figures N", (), "/figures 5"),
    ("/figures security", (), "/figures security"),
    ("/sources (page 1)", (), "/sources"),
    ("/sources N", (), "/sources 1"),
    ("/search الكاظمي", (), "/search الكاظمي"),
    ("/search القوات الأمريكية", (), "/search القوات الأمريكية"),
    ("/search (no match)", (), "/search زلزال"),
    ("plain text (search)", (), "الانسحاب من العراق"),
    ("unknown command", (), "/frobnicate"),
)
# Inline queries (issue 11): (name, query typed after @bot, offset Telegram sends).
INLINE: tuple[tuple[str, str, str], ...] = (
    ("inline: newest (empty query)", "", ""),
    ("inline: newest, page 2", "", "50"),
    ("inline: الكاظمي", "الكاظمي", ""),
    ("inline: القوات الأمريكية", "القوات الأمريكية", ""),
    ("inline: Kadhimi (English name)", "Kadhimi", ""),
    ("inline: #3 (Share button)", "#3", ""),
    ("inline: no match", "زلزال", ""),
)
# /search at growing store sizes (issue 13): matches and none, both scripts.
SEARCHES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("/search الكاظمي", (), "/search الكاظمي"),
    ("/search القوات الأمريكية", (), "/search القوات الأمريكية"),
    ("/search قوات (stem of القوات)", (), "/search قوات"),
    ("/search الانسحاب من العراق", (), "/search الانسحاب من العراق"),
    ("/search Kadhimi (English name)", (), "/search Kadhimi"),
    ("/search زلزال (no match)", (), "/search زلزال"),
    ("/search زلزال مدمر (no match)", (), "/search زلزال مدمر"),
    ("/search earthquake (no match)", (), "/search earthquake"),
)


class TimedRequest(ConsoleRequest):
    """The console's in-process Bot API, noting when each reply is handed over."""

    def __init__(self) -> None:
        super().__init__(io.StringIO())
        self.handed: float | None = None

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any):
        if url.endswith(("/sendMessage", "/editMessageText")):
            self.handed = time.perf_counter()
        if url.endswith("/answerInlineQuery"):
            self.handed = time.perf_counter()
            return 200, b'{"ok": true, "result": true}'
        return await super().do_request(url, method, *args, **kwargs)

    def _print(self, message: dict[str, Any], *, edited: bool) -> None:
        self.out.seek(0)
        self.out.truncate()
        super()._print(message, edited=edited)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(
    store: BotStore,
    pipeline: Pipeline,
    repeat: int,
    commands: tuple = COMMANDS,
    *,
    with_inline: bool = True,
) -> dict[str, list[float]]:
    """Return handler milliseconds per command name (Arabic and English users mixed).

    ``commands`` and ``with_inline`` (the INLINE queries) choose what is timed.
    """
    request = TimedRequest()
    settings = replace(Settings(), token="0:bench")
    app = build_application(settings, store, pipeline=pipeline, request=request, paced=False)
    inline = INLINE if with_inline else ()
    timings: dict[str, list[float]] = {name: [] for name, _, _ in commands + inline}
    async with app:
        consoles = [Console(request, "ar"), Console(request, "en")]
        for name, setup, line in commands:
            for run in range(WARM_UP + repeat):
                console = consoles[run % 2]
                for before in setup:
                    await app.process_update(Update.de_json(console.update_for(before), app.bot))
                data = console.update_for(line)
                if data is None:  # no such button: the list has one page
                    break
                update = Update.de_json(data, app.bot)
                request.handed = None
                start = time.perf_counter()
                await app.process_update(update)
                if request.handed is None:
                    raise RuntimeError(f"{name}: no reply")
                if run >= WARM_UP:
                    timings[name].append((request.handed - start) * 1000)
        for name, query, offset in inline:
            for run in range(WARM_UP + repeat):
                update = Update.de_json(inline_update(consoles[run % 2], query, offset), app.bot)
                request.handed = None
                start = time.perf_counter()
                await app.process_update(update)
                if request.handed is None:
                    raise RuntimeError(f"{name}: no answer")
                if run >= WARM_UP:
                    timings[name].append((request.handed - start) * 1000)
    return timings


def inline_update(console: Console, query: str, offset: str) -> dict[str, Any]:
    """Return the inline_query update Telegram sends when the console's user types @bot query."""
    user = {"id": 4242, "is_bot": False, "first_name": "Bench"}
    user["language_code"] = console.language_code
    payload = {"id": str(time.perf_counter_ns()), "from": user, "query": query, "offset": offset}
    return {"update_id": 1, "inline_query": payload | {"chat_type": "sender"}}


def synthesize(store: BotStore, count: int, seed: int = 0, start: int = 0) -> None:
    """Add count documents (numbered from start) recombined from the stored seed briefings.

    Each is linked into the corpus facts as ingest links it (issue 12).
    """
    rng = random.Random(seed)
    stored = [
        store.briefing(d.id) for d in store.documents() if not d.name.startswith("synthetic_")
    ]
    pool = [(s, p) for s in stored for p in s.briefing.segmented.paragraphs]
    with store.transaction():
        for i in range(start, start + count):
            briefing = _recombine(rng.sample(pool, rng.randint(4, 8)), rng.choice(stored), rng)
            text = "\n\n".join(p.text for p in briefing.segmented.paragraphs)
            digest = hashlib.sha256(f"{i}:{text}".encode()).hexdigest()
            store.save_briefing(
                f"synthetic_{i:05d}.txt",
                content_hash=digest,
                text_hash=digest,
                size=len(text.encode()),
                pipeline_version="bench-synthetic",
                briefing=briefing,
            )


def _recombine(picks: list, source: StoredBriefing, rng: random.Random) -> Briefing:
    paragraphs, ids = [], {}
    for j, (stored, paragraph) in enumerate(picks):
        sentences = []
        for k, sentence in enumerate(paragraph.sentences):
            ids[(stored.document.id, sentence.id)] = f"p{j}.s{k}"
            sentences.append(Sentence(f"p{j}.s{k}", sentence.text, j, sentence.kind))
        paragraphs.append(Paragraph(j, paragraph.kind, tuple(sentences)))
    segmented = Segmented(tuple(paragraphs))
    taken = {s.document.id: s for s, _ in picks}
    figures = tuple(
        replace(f, sentence_id=ids[(doc, f.sentence_id)])
        for doc, s in taken.items()
        for f in s.briefing.figures
        if (doc, f.sentence_id) in ids
    )
    topics: dict[str, TopicMatch] = {}
    for doc, s in taken.items():
        for match in s.briefing.topics:
            mapped = tuple(ids[(doc, x)] for x in match.sentence_ids if (doc, x) in ids)
            old = topics.get(match.topic_id)
            if mapped and (old is None or old.score < match.score):
                topics[match.topic_id] = TopicMatch(match.topic_id, match.score, mapped)
    date = f"{rng.randint(2018, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    sources = replace(source.briefing.sources, date=date if rng.random() < 0.8 else None)
    briefing = Briefing(
        segmented=segmented,
        digest=Digest(segmented.body[:4], "synthetic"),
        figures=figures,
        topics=tuple(sorted(topics.values(), key=lambda m: -m.score)),
        sources=sources,
        english=_english(taken, ids, source),
    )
    # The timeline depends on the document's date, so it is made again (issue 12).
    return replace(briefing, timeline=extract_timeline(briefing))


def _english(taken: dict, ids: dict, source: StoredBriefing) -> English | None:
    """Return the English side of a recombined document: the names its sentences name."""
    if source.briefing.english is None:
        return None
    names: dict[tuple[str, str, str], Name] = {}
    translated = []
    for doc, s in taken.items():
        if s.briefing.english is None:
            continue
        for name in s.briefing.english.names:
            mapped = tuple(ids[(doc, x)] for x in name.sentence_ids if (doc, x) in ids)
            if not mapped:
                continue
            key = (name.arabic, name.english, name.kind)
            old = names.get(key)
            mapped = tuple(sorted((old.sentence_ids if old else ()) + mapped, key=_order))
            names[key] = replace(name, count=len(mapped), sentence_ids=mapped)
        translated += [
            (ids[(doc, x)], t) for x, t in s.briefing.english.sentences if (doc, x) in ids
        ]
    return replace(
        source.briefing.english,
        digest="",
        translated=False,
        names=tuple(sorted(names.values(), key=lambda n: -n.count)),
        sentences=tuple(translated),
    )


def _order(sentence_id: str) -> tuple[int, int]:
    paragraph, sentence = sentence_id[1:].split(".s")
    return int(paragraph), int(sentence)


def startup_seconds(workdir: Path, api: FakeBotApi, chat: int) -> float:
    """Return seconds from starting `python -m bot run` to its answer to a queued /start."""
    api.reset()
    api.send_text(chat, "/start", language_code="ar")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUJAZ_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=api.token,
        MUJAZ_TELEGRAM_API=api.root,
        MUJAZ_SEEDS_DIR=str(workdir / "seeds"),
        MUJAZ_DB=str(workdir / "mujaz.sqlite3"),
        PYTHONPATH=str(ROOT),
    )
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        asyncio.run(api.wait_for_messages(chat, 1, timeout=60))
        return time.perf_counter() - start
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def table(timings: dict[str, list[float]], names: tuple, every_label: str) -> list[str]:
    rows = ["| command | p50 ms | p99 ms | max ms | n |", "| --- | ---: | ---: | ---: | ---: |"]
    timings = {n[0]: timings[n[0]] for n in names}
    for name, values in timings.items():
        if not values:
            rows.append(f"| {name} | n/a | n/a | n/a | 0 |")
            continue
        rows.append(
            f"| {name} | {statistics.median(values):.1f} | {percentile(values, 0.99):.1f} "
            f"| {max(values):.1f} | {len(values)} |"
        )
    every = [v for values in timings.values() for v in values]
    rows.append(
        f"| **{every_label}** | {statistics.median(every):.1f} | {percentile(every, 0.99):.1f} "
        f"| {max(every):.1f} | {len(every)} |"
    )
    return rows


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages ("n/a" where /proc/loadavg is missing)."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "n/a"


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    dirty = " (uncommitted changes)" if git("status", "--porcelain").strip() else ""
    return git("rev-parse", "--short", "HEAD").strip() + dirty


def header(title: str, pipeline: Pipeline, repeat: int) -> list[str]:
    return [
        f"# {title}",
        "",
        f"commit {commit()}; Python {platform.python_version()} (SQLite "
        f"{sqlite3.sqlite_version}), python-telegram-bot {telegram.__version__}; "
        f"{platform.machine()} {os.cpu_count()} CPUs; digester {pipeline.digester}; {repeat} "
        f"timed runs per command (Arabic and English users alternating) after {WARM_UP} "
        "warm-up runs.",
        "",
        "Handler time: update into `Application.process_update` until the last message of the "
        "reply is handed to the HTTP layer (an in-process `BaseRequest`; no network, no rate "
        "limiter).",
    ]


@contextmanager
def seeded_store(
    pipeline: Pipeline, name: str = "big.sqlite3", *, target: str | None = None
) -> Iterator[tuple[Path, BotStore]]:
    """Yield a temporary folder holding a copy of the seeds, and a store they were ingested into.

    The store is the SQLite file name in that folder, or target (a postgresql:// URL) if given.
    """
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        with BotStore.open(target or work / name) as store:
            ingest(work / "seeds", store, pipeline)
            yield work, store


def write_report(path: Path, lines: list[str]) -> None:
    """Write a bench report (one line per entry) to path and print it."""
    report = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
    print(report)


def search_main(sizes: list[int], repeat: int, *, inline: bool = False) -> None:
    """Time the searches (inline: the inline queries) at each store size; write the report."""
    pipeline = Pipeline.build()
    queries, label = (INLINE, "all inline queries") if inline else (SEARCHES, "all searches")
    lines = header("Inline latency" if inline else "Search latency", pipeline, repeat)
    lines += ["", f"Load average at the start: {load_average()}."]
    with seeded_store(pipeline, "search.sqlite3") as (_, store):
        added = 0
        for size in sorted(sizes):
            fresh, started = size - added, time.perf_counter()
            synthesize(store, fresh, seed=size, start=added)
            built, added = time.perf_counter() - started, size
            commands = () if inline else SEARCHES
            timings = asyncio.run(measure(store, pipeline, repeat, commands, with_inline=inline))
            lines += [
                "",
                f"## {store.count_documents()} documents (the seeds + {size} synthetic; "
                f"{fresh} added in {built:.1f} s)",
                "",
                *table(timings, queries, label),
            ]
            print("\n".join(lines[-len(timings) - 5 :]), flush=True)
    lines += ["", f"Load average at the end: {load_average()}."]
    write_report(INLINE_RESULTS if inline else SEARCH_RESULTS, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="synthetic documents to add")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per command")
    parser.add_argument("--startups", type=int, default=3, help="start-up runs per case")
    parser.add_argument(
        "--search-sizes",
        type=lambda v: [int(n) for n in v.split(",")],
        help="time only /search, at these numbers of synthetic documents (e.g. 2000,20000)",
    )
    parser.add_argument(
        "--inline-sizes",
        type=lambda v: [int(n) for n in v.split(",")],
        help="time only the inline queries, at these numbers of synthetic documents",
    )
    args = parser.parse_args()
    if args.search_sizes:
        search_main(args.search_sizes, args.repeat)
        return
    if args.inline_sizes:
        search_main(args.inline_sizes, args.repeat, inline=True)
        return
    pipeline = Pipeline.build()
    load_before = load_average()
    lines = header("Command latency", pipeline, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        with BotStore.open(work / "mujaz.sqlite3") as store:
            ingest(work / "seeds", store, pipeline)
            seeds_count = store.count_documents()
            small = asyncio.run(measure(store, pipeline, args.repeat))
        with FakeBotApi() as api:
            warm = [startup_seconds(work, api, 900 + i) for i in range(args.startups)]
            cold = []
            for i in range(args.startups):
                (work / "mujaz.sqlite3").unlink()
                for extra in work.glob("mujaz.sqlite3-*"):
                    extra.unlink()
                cold.append(startup_seconds(work, api, 950 + i))
        with BotStore.open(work / "big.sqlite3") as store:
            ingest(work / "seeds", store, pipeline)
            started = time.perf_counter()
            synthesize(store, args.documents)
            built = time.perf_counter() - started
            big_count = store.count_documents()
            big = asyncio.run(measure(store, pipeline, args.repeat))
    lines += [
        "",
        f"Load average (/proc/loadavg, 1 / 5 / 15 min): {load_before} at the start, "
        f"{load_average()} at the end.",
        "",
        f"## The seeds ({seeds_count} documents, ingested by the pipeline)",
        "",
        *table(small, COMMANDS, "all commands"),
        "",
        "Inline queries (`answerInlineQuery` handed over; up to 50 results each):",
        "",
        *table(small, INLINE, "all inline queries"),
        "",
        f"## {big_count} documents (the seeds + {args.documents} synthetic)",
        "",
        f"Synthetic documents recombine 4-8 stored seed paragraphs each and are written with "
        f"`Store.save_briefing` (built in {built:.1f} s), not ingested: see the script's "
        "docstring.",
        "",
        *table(big, COMMANDS, "all commands"),
        "",
        "Inline queries (`answerInlineQuery` handed over; up to 50 results each):",
        "",
        *table(big, INLINE, "all inline queries"),
        "",
        "## Start-up to the first answered update (`python -m bot run`, /start queued)",
        "",
        "| case | runs (s) | median s |",
        "| --- | --- | ---: |",
        f"| seeds already ingested | {', '.join(f'{s:.2f}' for s in warm)} "
        f"| {statistics.median(warm):.2f} |",
        f"| empty store (ingest of the seeds included) | {', '.join(f'{s:.2f}' for s in cold)} "
        f"| {statistics.median(cold):.2f} |",
    ]
    write_report(RESULTS, lines)


if __name__ == "__main__":
    main()
