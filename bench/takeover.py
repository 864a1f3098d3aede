"""How long after a kill -9 of the leader the other Mujaz instance takes over (issue 13).

    .venv/bin/python bench/takeover.py [--runs 8] [--chats 200]

A throwaway PostgreSQL cluster (``tests/postgres.py``) and the Bot API
stand-in (``tests/fake_bot_api.py``) run in this process. The seeds are
ingested once into a template database; each run gets a copy with
``--chats`` subscribers due now, and starts two real ``mujaz run``
processes on it. Once the leader's push is under way, at a random moment
of the follower's retry cycle, the leader is frozen (SIGSTOP) for 0.3 s,
so requests on the wire land, then killed with SIGKILL. Two moments are
timed from the kill:

- **leads**: the follower logs that it leads: it won the lock and waited
  out the handover (``AdvisoryLeadership.handover``, 6 s) (its log line's
  time stamp, millisecond resolution);
- **first send**: the stand-in records the first push message the new
  leader sends (polled every 5 ms) - the takeover as a subscriber sees it.

The follower tries the lock every ``bot.leader.RETRY_SECONDS`` (5 s), so
the takeover is spread over 6..11 s plus start-up. Goal: under 30 s. Results
go to stdout and to bench/results/takeover.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for the stand-ins in tests/

from bot.leader import (  # noqa: E402
    CHECK_SECONDS,
    CHECK_TIMEOUT,
    HANDOVER_MARGIN,
    RETRY_SECONDS,
)
from tests.e2e.instances import (  # noqa: E402
    LEADS,
    prepare_push,
    received,
    start_instance,
    wait_until,
)
from tests.fake_bot_api import FakeBotApi  # noqa: E402
from tests.postgres import Cluster  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "takeover.md"
FIRST_CHAT = 30_000_000
GOAL_SECONDS = 30.0
HANDOVER = CHECK_SECONDS + CHECK_TIMEOUT + HANDOVER_MARGIN  # AdvisoryLeadership.handover
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*" + re.escape(LEADS), re.M)


def one_run(
    api: FakeBotApi, cluster: Cluster, template: str, root: Path, seeds: Path, chats: int
) -> dict:
    """Start two instances on a fresh copy of template, kill the leader mid-push; return times."""
    url = cluster.create_database(template=template)
    api.reset()
    for chat in range(FIRST_CHAT, FIRST_CHAT + chats):
        api.register_chat(chat)
    root.mkdir()
    instances = [start_instance(api, root, url, seeds, n) for n in ("one", "two")]
    try:
        leader = wait_until(
            lambda: next((i for i in instances if i.leads()), None), 120, "a leader"
        )
        follower = next(i for i in instances if i is not leader)
        wait_until(lambda: sum(received(api).values()) >= chats // 10, 120, "the push")
        time.sleep(random.uniform(0, RETRY_SECONDS))  # any phase of the follower's retries
        os.kill(leader.process.pid, signal.SIGSTOP)
        time.sleep(0.3)  # requests on the wire are answered and recorded meanwhile
        os.kill(leader.process.pid, signal.SIGKILL)
        killed, killed_wall = time.monotonic(), datetime.now()
        leader.process.wait(10)
        before = sum(received(api).values())
        wait_until(lambda: sum(received(api).values()) > before, 60, "the new leader's send")
        first_send = time.monotonic() - killed
        wait_until(follower.leads, 10, "the follower's log line")
        stamp = _STAMP.findall(follower.text())[-1]
        leads = (datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f") - killed_wall).total_seconds()
        follower.stop()
    finally:
        for instance in instances:
            instance.kill()
        cluster.drop_database(url)
    return {"leads": leads, "first_send": first_send, "sent_before": before}


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    dirty = " (uncommitted changes)" if git("status", "--porcelain").strip() else ""
    return git("rev-parse", "--short", "HEAD").strip() + dirty


def report(args: argparse.Namespace, rows: list[dict]) -> str:
    def line(key: str, label: str) -> str:
        values = [r[key] for r in rows]
        return (
            f"| {label} | {len(values)} | {statistics.median(values):.2f} | {min(values):.2f} "
            f"| {max(values):.2f} | {'yes' if max(values) < GOAL_SECONDS else 'NO'} |\n"
        )

    runs = "".join(
        f"| {n} | {r['sent_before']} | {r['leads']:.2f} | {r['first_send']:.2f} |\n"
        for n, r in enumerate(rows, 1)
    )
    return (
        "# Takeover after kill -9 of the leader\n\n"
        f"commit {commit()}; Python {platform.python_version()}; {platform.machine()} "
        f"{os.cpu_count()} CPUs; PostgreSQL on a Unix socket (tests/postgres.py), the Bot API "
        f"stand-in in the benchmark's process. Two `mujaz run` processes per run, {args.chats} "
        f"subscribers due at start (the 5 seeds); the follower retries the lock every "
        f"{RETRY_SECONDS:g} s and waits {HANDOVER:g} s after winning it. Seconds from the "
        f"SIGKILL. {args.note}\n\n"
        f"```\n.venv/bin/python bench/takeover.py --runs {args.runs} --chats {args.chats}\n```\n\n"
        "| moment | runs | p50 s | min s | max s | under 30 s |\n"
        "| --- | ---: | ---: | ---: | ---: | --- |\n"
        + line("leads", "follower leads (lock won, handover waited)")
        + line("first_send", "first push message by the new leader")
        + "\n| run | messages before the kill | leads s | first send s |\n"
        "| ---: | ---: | ---: | ---: |\n" + runs
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--note", default="", help="a sentence for the results file")
    args = parser.parse_args()
    cluster = Cluster().start()
    api = FakeBotApi().start()
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="mujaz-takeover-") as scratch:
            base = Path(scratch)
            slot = (datetime.now(UTC) - timedelta(minutes=30)).replace(second=0, microsecond=0)
            template = cluster.create_database()
            chats = range(FIRST_CHAT, FIRST_CHAT + args.chats)
            prepare_push(template, base / "template", slot, chats)
            for n in range(args.runs):
                name, seeds = cluster.name_of(template), base / "template" / "seeds"
                row = one_run(api, cluster, name, base / f"run{n}", seeds, args.chats)
                rows.append(row)
                print(
                    f"run {n + 1}: leads after {row['leads']:.2f} s, "
                    f"first send after {row['first_send']:.2f} s",
                    flush=True,
                )
    finally:
        api.stop()
        cluster.stop()
    text = report(args, rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
