"""Label quality of the key-figures list on the seeds: before and after issue 12, on a gold file.

    .venv/bin/python bench/figure_labels.py [--before 8225b2b]

The gold (``bench/data/key_figures_gold.toml``, written by hand) lists the
seeds' figures a reader would call key, with the label a reader would write.

**Before** is what the code at ``--before`` (main before issue 12) shows as
key figures: each document's figures in its order, the first six
(``FIGURES_PER_DOC_IN_LIST``, what /figures showed per document), with its
labels; that code runs from ``git archive`` in a subprocess. A second
"before" row keeps a list as long as the new one: those figures in the old
kind order (money, counts, ...; documents in file order), the first ten. **After** is
the corpus key list of this commit (``Store.corpus_key_facts(10)``, what
/figures and ``mujaz figures`` open with) on the seeds ingested by the
pipeline.

An entry *matches* a gold fact when kind, value and unit are equal and one of
its documents is one of the fact's seeds; a second entry matching a fact
already matched is a repeat and counts as wrong. Its *label is right* when it
says what the gold label says: at least half of the gold label's canonical
Arabic words (``label_words``: nationalities as one word, other words as ISRI
stems, the unit noun dropped) are in the entry's Arabic label, and at least
half of the gold English content words are in its English label. Precision
is right entries over entries, recall matched key facts over key facts; "with
labels" counts only entries whose label is right too.

Results go to stdout and to bench/results/figure_labels.md.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from command_latency import commit, write_report  # noqa: E402

from summaries import Pipeline, Store, ingest  # noqa: E402
from summaries.figures.salience import label_words, names_what_it_counts  # noqa: E402
from summaries.model import Figure  # noqa: E402

GOLD = ROOT / "bench" / "data" / "key_figures_gold.toml"
RESULTS = ROOT / "bench" / "results" / "figure_labels.md"
BEFORE = "8225b2b"  # main before issue 12
PER_DOCUMENT = 6  # bot/views/documents.py FIGURES_PER_DOC_IN_LIST at that commit
KEY_FACTS = 10
# The order main showed figures in, by kind (summaries/figures/__init__.py _RANK at BEFORE).
_OLD_RANK = {
    "money": 0,
    "count": 1,
    "percent": 2,
    "duration": 3,
    "ordinal": 4,
    "date": 5,
    "year": 5,
}
_STOP_EN = frozenset("of the a an for in on to with from and at by its".split())

# Runs inside the old code: every seed's figures, as JSON lines.
_BEFORE_SCRIPT = """
import json, sys
from pathlib import Path
from summaries.pipeline import Pipeline
from summaries.read import read
pipeline = Pipeline.build()
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    _, briefing = pipeline.summarize(read(path), None)
    for f in briefing.figures[: int(sys.argv[2])]:
        print(json.dumps([path.name[:3], f.kind, f.value, f.unit, f.surface, f.label_ar,
                          f.label_en], ensure_ascii=False))
"""


@dataclass(frozen=True, slots=True)
class Entry:
    seeds: tuple[str, ...]
    figure: Figure


@dataclass(frozen=True, slots=True)
class Gold:
    key: bool
    seeds: tuple[str, ...]
    figure: Figure


def load_gold() -> list[Gold]:
    data = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    return [
        Gold(
            f["key"],
            tuple(f["seeds"]),
            Figure(f["kind"], float(f["value"]), f["unit"], "", f["label_ar"], f["label_en"], ""),
        )
        for f in data["fact"]
    ]


def before_entries(ref: str) -> list[Entry]:
    """Return the old code's per-document key figures (first PER_DOCUMENT of each seed)."""
    archive = subprocess.run(
        ["git", "archive", ref, "summaries"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        out = subprocess.run(
            [sys.executable, "-c", _BEFORE_SCRIPT, str(ROOT / "seeds"), str(PER_DOCUMENT)],
            cwd=tmp,
            env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    entries = []
    for line in out.splitlines():
        seed, kind, value, unit, surface, label_ar, label_en = json.loads(line)
        entries.append(Entry((seed,), Figure(kind, value, unit, surface, label_ar, label_en, "")))
    return entries


def after_entries() -> list[Entry]:
    """Return this commit's corpus key list on the seeds."""
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "db.sqlite3") as store:
            ingest(ROOT / "seeds", store, Pipeline.build())
            names = {d.id: d.name[:3] for d in store.documents()}
            facts = store.corpus_key_facts(KEY_FACTS)
            return [Entry(tuple(names[i] for i in f.doc_ids), f.figure) for f in facts]


def _english_words(label: str) -> set[str]:
    label = re.sub(r"\([^)]*\)", " ", label.lower())
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", label) if w not in _STOP_EN}


def label_right(entry: Figure, gold: Figure) -> bool:
    """Tell whether an entry's labels say at least half of what the gold labels say."""
    gold_ar, gold_en = set(label_words(gold)), _english_words(gold.label_en)
    ar = len(gold_ar & set(label_words(entry))) >= len(gold_ar) / 2 if gold_ar else True
    en = len(gold_en & _english_words(entry.label_en)) >= len(gold_en) / 2
    return ar and en


def matches(entry: Entry, gold: Gold) -> bool:
    e, g = entry.figure, gold.figure
    return (e.kind, e.value, e.unit) == (g.kind, g.value, g.unit) and bool(
        set(entry.seeds) & set(gold.seeds)
    )


def score(entries: list[Entry], golds: list[Gold]) -> dict[str, float]:
    key = [g for g in golds if g.key]
    matched, labelled = set(), set()
    right = right_labelled = unit_only = 0
    for entry in entries:
        unit_only += not names_what_it_counts(entry.figure)
        found = next((i for i, g in enumerate(key) if matches(entry, g)), None)
        if found is None or found in matched:
            continue
        matched.add(found)
        right += 1
        if label_right(entry.figure, key[found].figure):
            labelled.add(found)
            right_labelled += 1
    n = len(entries) or 1
    return {
        "entries": len(entries),
        "precision": right / n,
        "recall": len(matched) / len(key),
        "precision_labels": right_labelled / n,
        "recall_labels": len(labelled) / len(key),
        "unit_only": unit_only,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default=BEFORE, help="git ref of the code before issue 12")
    args = parser.parse_args()
    golds = load_gold()
    before = before_entries(args.before)
    same_length = sorted(before, key=lambda e: _OLD_RANK[e.figure.kind])[:KEY_FACTS]
    rows = {
        f"before ({args.before}: first {PER_DOCUMENT} figures of each document)": score(
            before, golds
        ),
        f"before, same length (its first {KEY_FACTS} by its kind order)": score(same_length, golds),
        f"after (corpus key list, {KEY_FACTS} facts)": score(after_entries(), golds),
    }
    lines = [
        "# Key figures: label quality on the seeds",
        "",
        f"commit {commit()}; gold `bench/data/key_figures_gold.toml` "
        f"({sum(g.key for g in golds)} key facts of {len(golds)}); "
        f"`bench/figure_labels.py --before {args.before}`.",
        "",
        "| key list | entries | precision | recall | precision, labels right | "
        "recall, labels right | labels only repeating the unit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in rows.items():
        lines.append(
            f"| {name} | {s['entries']} | {s['precision']:.2f} | {s['recall']:.2f} "
            f"| {s['precision_labels']:.2f} | {s['recall_labels']:.2f} | {s['unit_only']} |"
        )
    write_report(RESULTS, lines)


if __name__ == "__main__":
    main()
