"""How fast the daily push goes out under flood control, and whether memory grows with subscribers.

    .venv/bin/python bench/push_throughput.py [--sizes 1000 5000] [--rate 30] [--paths sender jobs]

The local Bot API stand-in (``tests/fake_bot_api.py``) runs in this process
and enforces ``--rate`` messages a second overall (``RateLimits``: a token
bucket of 30 saved up) and its default 1 a second per private chat (4 saved
up); it answers 429 with ``retry_after`` when either is exceeded. Each size
is pushed by a fresh worker process (this script with ``--worker``), so its
peak RSS is the push's own, not the stand-in's record of every message.

The worker's store holds the seeds (ingested an hour before the slot) and
one subscription per chat, half Arabic and half English, all due now. Two
ways to push:

- ``sender`` (default): ``PushSender.deliver_many`` over a generator that
  makes one ``Delivery`` per subscriber when asked (digests composed once
  per language by ``bot.push.compose``), so at most ``concurrent_chats``
  are held at once;
- ``jobs``: the bot's own path, ``bot.push.run_due`` on the Application from
  ``build_application``, which reads every due subscription and pushes them
  all (what start-up catch-up and a crowded 08:00 do).

Both use a sender configured to the stand-in's limit (``--sender-rate``,
default ``--rate``). Measured: elapsed time from the first delivery handed
over to the last result; achieved rate (messages the stand-in accepted /
elapsed) as a fraction of ``--rate``; 429 answers; duplicates (the same
text to the same chat more than once, from the stand-in's record); missing
parts; the worker's RSS when the first delivery is handed over (set-up
done) and its peak during the push (``VmHWM``, reset at that moment).

Results go to stdout and to bench/results/push_throughput.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import telegram

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for the Bot API stand-in in tests/

from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.model import ChatType, Delivery, Subscription  # noqa: E402
from bot.push import DigestDay, compose, run_due  # noqa: E402
from bot.push.pacing import PushLimits  # noqa: E402
from bot.push.sender import PushSender  # noqa: E402
from bot.store import BotStore  # noqa: E402
from summaries import Pipeline, ingest  # noqa: E402
from summaries import Settings as LibrarySettings  # noqa: E402
from tests.fake_bot_api import FakeBotApi, RateLimits  # noqa: E402

FIRST_CHAT = 20_000_000
RESULTS = ROOT / "bench" / "results" / "push_throughput.md"


def chats(n: int) -> range:
    return range(FIRST_CHAT, FIRST_CHAT + n)


def lang_of(chat_id: int) -> str:
    return "ar" if chat_id % 2 else "en"


# -- the store both paths push from ---------------------------------------------


def prepare(root: Path, n: int, slot: datetime) -> tuple[Path, Path]:
    """Return (seeds, db): seeds ingested an hour before slot, n chats subscribed to it."""
    seeds, db = root / "seeds", root / "mujaz.sqlite3"
    shutil.copytree(ROOT / "seeds", seeds)
    with BotStore.open(db) as store:
        ingest(seeds, store, Pipeline.build(), now=lambda: slot - timedelta(hours=1))
        with store.transaction():
            for chat in chats(n):
                store.subscribe(
                    chat,
                    chat_type=ChatType.PRIVATE,
                    time=slot.time(),
                    tz="UTC",
                    lang=lang_of(chat),
                    next_send=slot,
                    now=slot - timedelta(days=2),
                )
    return seeds, db


# -- the worker: one push, its own process ----------------------------------------


def status_kb(field: str) -> int:
    """Return a size from /proc/self/status (VmRSS: now, VmHWM: peak), in KiB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise SystemExit("this benchmark reads memory from /proc/self/status (Linux)")


def reset_peak() -> None:
    """Start VmHWM afresh, so the peak is the push's, not the set-up's (Linux 4.0+)."""
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def digests(store: BotStore, slot: datetime, settings: Settings) -> dict[str, tuple[str, ...]]:
    """Return the slot's digest parts per language, composed as the push job composes them."""
    app = build_application(settings, store, paced=False)
    new = store.documents_added(slot - timedelta(days=1), slot, limit=50)
    day = DigestDay(slot.date(), tuple(store.briefing(d.id) for d in new))
    made = {}
    for lang in ("ar", "en"):
        subscription = Subscription(
            chat_id=0,
            chat_type=ChatType.PRIVATE,
            time=slot.time(),
            tz="UTC",
            lang=lang,
            next_send=slot,
            created_at=slot,
        )
        made[lang] = tuple(compose(day, subscription, app.bot_data.taxonomy))
    return made


@dataclass
class Measured:
    """What a worker saw, from the first delivery handed over to the last result."""

    started: float = 0.0
    finished: float = 0.0
    rss_before_kb: int = 0
    sent: int = 0

    def begin(self) -> None:
        self.rss_before_kb = status_kb("VmRSS")
        reset_peak()
        self.started = time.perf_counter()


async def push_with_sender(
    args: argparse.Namespace, store: BotStore, settings: Settings, measured: Measured
) -> None:
    parts = digests(store, args.slot, settings)
    app = build_application(settings, store)  # its bot has the app's rate limiter
    sender = PushSender(app.bot, store, limits=PushLimits(overall_per_second=args.sender_rate))
    await sender.start()

    def source() -> Iterator[Delivery]:
        for chat in chats(args.subscribers):
            yield Delivery(chat, args.slot.date(), parts[lang_of(chat)])

    measured.begin()
    async for _, result in sender.deliver_many(source()):
        measured.sent += result.sent
    measured.finished = time.perf_counter()
    await sender.stop()


async def push_with_jobs(
    args: argparse.Namespace, store: BotStore, settings: Settings, measured: Measured
) -> None:
    app = build_application(settings, store)
    limits = PushLimits(overall_per_second=args.sender_rate)
    app.bot_data.sender = PushSender(app.bot, store, limits=limits)
    async with app:
        await app.bot_data.sender.start()
        measured.begin()
        pushed = await run_due(app, datetime.now(UTC))
        measured.finished = time.perf_counter()
        measured.sent = sum(1 for p in pushed if p.outcome == "sent")
        await app.bot_data.sender.stop()


def worker(args: argparse.Namespace) -> None:
    library = LibrarySettings(seeds_dir=args.seeds, db_path=args.db)
    settings = Settings(token=args.token, api_root=args.api, library=library)
    push = push_with_sender if args.path == "sender" else push_with_jobs
    measured = Measured()
    with BotStore.open(args.db) as store:
        asyncio.run(push(args, store, settings, measured))
    result = {
        "elapsed": measured.finished - measured.started,
        "rss_before_kb": measured.rss_before_kb,
        "peak_kb": status_kb("VmHWM"),
        "sent": measured.sent,
    }
    print(json.dumps(result))


# -- the driver: stand-in, store, worker, count -----------------------------------


def run_size(args: argparse.Namespace, api: FakeBotApi, path: str, n: int) -> dict[str, object]:
    load = os.getloadavg()[0]
    api.reset()
    api.rate_limits = RateLimits(global_per_second=args.rate)
    for chat in chats(n):
        api.register_chat(chat)
    slot = (datetime.now(UTC) - timedelta(hours=1)).replace(second=0, microsecond=0)
    with tempfile.TemporaryDirectory(prefix="mujaz-push-") as tmp:
        seeds, db = prepare(Path(tmp), n, slot)
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            f"--path={path}",
            f"--subscribers={n}",
            f"--sender-rate={args.sender_rate}",
            f"--slot={slot.isoformat()}",
            f"--db={db}",
            f"--seeds={seeds}",
            f"--api={api.root}",
            f"--token={api.token}",
        ]
        env = {**os.environ, "MUJAZ_LOG_LEVEL": "WARNING"}
        out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp)
        if out.returncode:
            raise SystemExit(f"worker failed:\n{out.stderr[-4000:]}")
        measured = json.loads(out.stdout.strip().splitlines()[-1])
    messages = api.messages()
    copies = Counter((m.chat_id, m.text) for m in messages)
    per_chat = Counter(m.chat_id for m in messages)
    expected = {lang: len(parts) for lang, parts in expected_parts(messages).items()}
    missing = sum(max(0, expected[lang_of(c)] - per_chat[c]) for c in chats(n))
    return {
        "path": path,
        "load": load,
        "subscribers": n,
        "parts": f"{expected['ar']}/{expected['en']}",
        "messages": len(messages),
        "elapsed": measured["elapsed"],
        "rate": len(messages) / measured["elapsed"],
        "fraction": len(messages) / measured["elapsed"] / args.rate,
        "429s": sum(1 for c in api.calls("sendMessage") if c.status == 429),
        "duplicates": sum(k - 1 for k in copies.values() if k > 1),
        "missing": missing,
        "rss_before_mb": measured["rss_before_kb"] / 1024,
        "peak_mb": measured["peak_kb"] / 1024,
    }


def expected_parts(messages: list) -> dict[str, set[str]]:
    """Return the distinct texts each language's subscribers were sent (one digest each)."""
    found: dict[str, set[str]] = {"ar": set(), "en": set()}
    for message in messages:
        found[lang_of(message.chat_id)].add(message.text)
    return found


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    dirty = " (uncommitted changes)" if git("status", "--porcelain").strip() else ""
    return git("rev-parse", "--short", "HEAD").strip() + dirty


def report(args: argparse.Namespace, rows: list[dict]) -> str:
    head = (
        "| path | subscribers | parts | messages | elapsed s | msg/s | of limit | 429s "
        "| duplicates | missing | RSS before MB | peak RSS MB | load |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |\n"
    )
    body = "".join(
        f"| {r['path']} | {r['subscribers']:,} | {r['parts']} | {r['messages']:,} "
        f"| {r['elapsed']:.1f} "
        f"| {r['rate']:.2f} | {r['fraction']:.3f} | {r['429s']} | {r['duplicates']} "
        f"| {r['missing']} | {r['rss_before_mb']:.1f} | {r['peak_mb']:.1f} | {r['load']:.1f} |\n"
        for r in rows
    )
    return (
        "# Push throughput\n\n"
        f"commit {commit()}; Python {platform.python_version()}, python-telegram-bot "
        f"{telegram.__version__}; {platform.machine()} {os.cpu_count()} CPUs. `load` is the "
        "1-minute load average when each row started: the pacing timers run late on a busy "
        "machine.\n\n"
        f"Stand-in limits: {args.rate:g} msg/s overall (bucket of 30), 1 msg/s per private chat "
        f"(bucket of 4). Sender: PushLimits(overall_per_second={args.sender_rate:g}), "
        f"{PushLimits().concurrent_chats} chats at once. Data: the 5 seeds, one digest per "
        "language (Arabic and English subscribers alternate; `parts` is messages per digest, "
        "ar/en).\n\n"
        f"```\n.venv/bin/python bench/push_throughput.py --sizes {' '.join(map(str, args.sizes))} "
        f"--rate {args.rate:g} --paths {' '.join(args.paths)}\n```\n\n" + head + body
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--rate", type=float, default=30.0, help="the stand-in's msg/s limit")
    parser.add_argument("--sender-rate", type=float, default=None, help="default: --rate")
    parser.add_argument("--paths", nargs="+", choices=("sender", "jobs"), default=["sender"])
    parser.add_argument("--path", help=argparse.SUPPRESS)  # the worker's one path
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    for name in ("subscribers", "slot", "db", "seeds", "api", "token"):
        parser.add_argument(f"--{name}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sender_rate = args.sender_rate or args.rate
    if args.worker:
        args.subscribers = int(args.subscribers)
        args.slot = datetime.fromisoformat(args.slot)
        worker(args)
        return
    rows = []
    with FakeBotApi() as api:
        for path in args.paths:
            for n in args.sizes:
                rows.append(run_size(args, api, path, n))
                print(json.dumps(rows[-1]), flush=True)
    text = report(args, rows)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
