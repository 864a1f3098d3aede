"""Compare every registered digester on the EASC dev set with ROUGE-1/2/L.

Run from the repository root (LSA's ranking follows Python's string hashing,
so fix the seed for repeatable numbers)::

    PYTHONHASHSEED=0 .venv/bin/python bench/compare_digesters.py
    PYTHONHASHSEED=0 .venv/bin/python bench/compare_digesters.py --split-half

Each article is split into sentences with ``summaries.segment.split_sentences``
per paragraph, every digester in ``DIGESTERS`` rates the sentences once, and
``select`` builds two digests per budget (words: the mean length of the
article's five references; characters: 700):

* ``mujaz``: what the pipeline does (skip a sentence that would break the
  budget and try the next, drop repeats, 3-5 sentences);
* ``easc``: what the EASC README's baselines do (stop at the first sentence
  that would break the budget, no repeat check, no sentence cap).

Scores are mean F1 over the five references, averaged over articles, x100.
Results go to stdout and to bench/results/digesters.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from rouge import METRICS, score

from summaries.digest import DEFAULT_DIGESTER, DIGESTERS, Budget, Digester, select
from summaries.digest.sumy_document import STEMMERS
from summaries.model import Kind, Paragraph, Segmented, Sentence
from summaries.segment import split_sentences

DEFAULT_DATA = Path("/work/shared/eval/arabic_sum/dev.jsonl")
RESULTS = Path(__file__).parent / "results" / "digesters.md"
MAX_CHARS = 700
MODES: dict[str, dict[str, bool]] = {
    "mujaz": {"skip_long": True, "drop_repeats": True},
    "easc": {"skip_long": False, "drop_repeats": False},
}
SUBSETS: dict[str, Callable[[Article], bool]] = {
    "all": lambda a: True,
    "Wikipedia": lambda a: a.publisher == "Wikipedia",
    "newspapers": lambda a: a.publisher != "Wikipedia",
}
# Split-half check of the default digester: each named weight is tuned on one
# half of the articles (even / odd ids) and scored on the other.
# Only the ratios of the weights matter, so the centrality weight stays 1.
TUNING_GRID: dict[str, tuple[float, ...]] = {
    "position_decay": (0.05, 0.1, 0.15, 0.25, 0.4),
    "relative_position": (0.0, 0.25, 0.5, 0.75, 1.0),
    "opening": (0.0, 0.5, 1.0),
}
TUNED = ("mujaz", "chars")
CELLS = tuple((mode, budget) for mode in MODES for budget in ("words", "chars"))


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    publisher: str
    segmented: Segmented
    references: tuple[str, ...]
    words_budget: int


def segmented_of(text: str) -> Segmented:
    """Return the article as BODY paragraphs of our sentences."""
    paragraphs = []
    for i, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        sentences = tuple(
            Sentence(id=f"p{i}.s{j}", text=s, paragraph=i, kind=Kind.BODY)
            for j, s in enumerate(split_sentences(paragraph))
        )
        paragraphs.append(Paragraph(index=i, kind=Kind.BODY, sentences=sentences))
    return Segmented(paragraphs=tuple(paragraphs))


def load_articles(path: Path) -> list[Article]:
    """Return the data set's articles with their references and words budget."""
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            refs = tuple(record["references"])
            articles.append(
                Article(
                    id=record["id"],
                    publisher=record["meta"]["publisher"],
                    segmented=segmented_of(record["text"]),
                    references=refs,
                    words_budget=round(sum(len(r.split()) for r in refs) / len(refs)),
                )
            )
    return articles


def budgets(article: Article, mode: str) -> dict[str, Budget]:
    """Return the words and characters budgets of one article in one mode."""
    base = Budget() if mode == "mujaz" else Budget(min_sentences=0, max_sentences=None)
    return {
        "words": replace(base, max_chars=None, max_words=article.words_budget),
        "chars": replace(base, max_chars=MAX_CHARS),
    }


@cache
def _score(digest: str, references: tuple[str, ...]) -> dict[str, float]:
    # Many weightings choose the same sentences; ROUGE-L in pure Python is the slow part.
    return score(digest, references)


def scores_of(
    articles: Iterable[Article], digester: Digester, cells: Sequence[tuple[str, str]] = CELLS
) -> dict[tuple[str, str], dict[str, dict]]:
    """Return {(mode, budget): {article id: {metric: F1}}} for one digester."""
    result: dict[tuple[str, str], dict[str, dict]] = {cell: {} for cell in cells}
    for article in articles:
        body = article.segmented.body
        ratings = digester.rate(body)
        for mode, budget_name in cells:
            budget = budgets(article, mode)[budget_name]
            chosen = select(body, ratings, budget, **MODES[mode])
            digest = " ".join(s.text for s in chosen)
            result[(mode, budget_name)][article.id] = _score(digest, article.references)
    return result


def mean(per_article: dict[str, dict], ids: Sequence[str]) -> dict[str, float]:
    """Return the mean of each metric over the given article ids, x100."""
    return {m: 100 * sum(per_article[i][m] for i in ids) / len(ids) for m in METRICS}


def table(all_scores: dict[str, dict], articles: Sequence[Article]) -> str:
    """Return the markdown table: one row per digester and mode, per subset."""
    head = "| subset | digester | select | words R1 | R2 | RL | 700 chars R1 | R2 | RL |"
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for subset, keep in SUBSETS.items():
        ids = [a.id for a in articles if keep(a)]
        for name, scores in all_scores.items():
            for mode in MODES:
                cells = []
                for budget_name in ("words", "chars"):
                    m = mean(scores[(mode, budget_name)], ids)
                    cells += [f"{m[k]:.1f}" for k in METRICS]
                label = f"{subset} ({len(ids)})"
                lines.append(f"| {label} | {name} | {mode} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def stemmer_variants(articles: Sequence[Article]) -> dict[str, dict]:
    """Return the scores of each sumy ranker with each stemmer it does not use by default."""
    result = {}
    for name, factory in DIGESTERS.items():
        digester = factory()
        for stemmer in STEMMERS:
            if getattr(digester, "stemmer", stemmer) != stemmer:
                variant = replace(digester, stemmer=stemmer)
                result[f"{name} ({stemmer})"] = scores_of(articles, variant)
    return result


def split_half(articles: Sequence[Article]) -> str:
    """Return a markdown table: the default's weights tuned on one half, scored on the other.

    Halves are even and odd EASC ids. Each held-out half is also scored with
    the shipped weights (set on the whole set) and with lead, all under the
    700-character budget and the pipeline's select.
    """
    factory = DIGESTERS[DEFAULT_DIGESTER]
    halves = {
        "even": [a for a in articles if int(a.id.split("-")[1]) % 2 == 0],
        "odd": [a for a in articles if int(a.id.split("-")[1]) % 2 == 1],
    }
    lines = [
        "| tuned on | scored on | digester | weights | R1 | R2 | RL | newspapers R1 | R2 | RL |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for tune_on, score_on in (("even", "odd"), ("odd", "even")):
        best, best_weights = -1.0, {}
        for weights in _grid(TUNING_GRID):
            cell = scores_of(halves[tune_on], replace(factory(), **weights), [TUNED])[TUNED]
            total = sum(mean(cell, list(cell)).values())
            if total > best:
                best, best_weights = total, weights
        held_out = halves[score_on]
        news = [a.id for a in held_out if not SUBSETS["Wikipedia"](a)]
        shipped = factory()
        tuned = replace(shipped, **best_weights)
        rows = (
            ("lead", DIGESTERS["lead"](), "-"),
            (f"{DEFAULT_DIGESTER} (tuned on {tune_on})", tuned, _weights(best_weights)),
            (f"{DEFAULT_DIGESTER} (shipped)", shipped, _weights(_shipped(shipped))),
        )
        for label, digester, shown in rows:
            cell = scores_of(held_out, digester, [TUNED])[TUNED]
            numbers = [*mean(cell, list(cell)).values(), *mean(cell, news).values()]
            row = [tune_on, f"{score_on} ({len(held_out)})", label, shown]
            lines.append("| " + " | ".join(row + [f"{v:.1f}" for v in numbers]) + " |")
    return "\n".join(lines)


def _shipped(digester: Digester) -> dict[str, float]:
    return {k: getattr(digester, k) for k in TUNING_GRID}


def _weights(weights: dict[str, float]) -> str:
    return ", ".join(f"{k}={v}" for k, v in weights.items())


def _grid(grid: dict[str, tuple[float, ...]]) -> list[dict[str, float]]:
    combos: list[dict[str, float]] = [{}]
    for key, values in grid.items():
        combos = [{**c, key: v} for c in combos for v in values]
    return combos


def paired(all_scores: dict[str, dict], articles: Sequence[Article]) -> str:
    """Return a markdown table: the default digester against lead, article by article.

    Per metric: mean difference, articles won / lost / tied, and a 95%
    bootstrap interval of the mean difference (5,000 resamples, fixed seed).
    """
    rng = random.Random(0)
    lines = [
        f"| {DEFAULT_DIGESTER} - lead | select | budget | mean | won | lost | tied | 95% CI |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for mode, budget_name in CELLS:
        ours = all_scores[DEFAULT_DIGESTER][(mode, budget_name)]
        lead = all_scores["lead"][(mode, budget_name)]
        for metric in METRICS:
            diffs = [100 * (ours[a.id][metric] - lead[a.id][metric]) for a in articles]
            means = sorted(sum(rng.choices(diffs, k=len(diffs))) / len(diffs) for _ in range(5000))
            won = sum(d > 1e-9 for d in diffs)
            lost = sum(d < -1e-9 for d in diffs)
            lines.append(
                f"| {metric} | {mode} | {budget_name} | {sum(diffs) / len(diffs):+.2f} | {won} "
                f"| {lost} | {len(diffs) - won - lost} | [{means[125]:+.2f}, {means[4874]:+.2f}] |"
            )
    return "\n".join(lines)


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=True, cwd=root)
    return done.stdout.strip()


def commit() -> str:
    """Return the short commit (marked if summaries/ or bench/ differ from it) or "uncommitted"."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--", "summaries", "bench")
    except (OSError, subprocess.CalledProcessError):
        return "uncommitted"
    if not head:
        return "uncommitted"
    return f"{head} + uncommitted changes" if dirty else head


def main(argv: Sequence[str] | None = None) -> int:
    """Score every digester, print the table and write bench/results/digesters.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="EASC dev.jsonl")
    parser.add_argument("--out", type=Path, default=RESULTS, help="markdown results file")
    parser.add_argument(
        "--split-half", action="store_true", help="also tune the default digester on halves"
    )
    parser.add_argument(
        "--stemmers", action="store_true", help="also run the sumy rankers with every stemmer"
    )
    args = parser.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != "0":
        print("warning: PYTHONHASHSEED is not 0; LSA numbers will vary", file=sys.stderr)
    articles = load_articles(args.data)
    all_scores = {name: scores_of(articles, factory()) for name, factory in DIGESTERS.items()}
    if args.stemmers:
        all_scores.update(stemmer_variants(articles))
    result = table(all_scores, articles)
    versus = paired(all_scores, articles)
    print(result)
    print()
    print(versus)
    sections = [result, f"## {DEFAULT_DIGESTER} against lead, article by article\n\n{versus}"]
    if args.split_half:
        check = split_half(articles)
        print()
        print(check)
        sections.append(
            "## Split-half check (700 chars, mujaz select)\n\n"
            f"Grid searched on each half: {TUNING_GRID}\n\n{check}"
        )
    sha = hashlib.sha256(args.data.read_bytes()).hexdigest()
    header = (
        "# Digesters on the EASC dev set\n\n"
        f"- commit: {commit()}\n"
        f"- data: {args.data} (sha256 {sha}, {len(articles)} articles)\n"
        f"- default digester: {DEFAULT_DIGESTER}\n"
        f"- digesters: {', '.join(repr(factory()) for factory in DIGESTERS.values())}\n"
        f"- budgets: words = round(mean words of the 5 references); chars = {MAX_CHARS}\n"
        f"- select modes: {MODES}; mujaz also keeps to {Budget()}\n"
        f"- PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED', 'unset')}\n"
        "- scores: ROUGE F1, mean over the 5 references, mean over articles, x100\n\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + "\n\n".join(sections) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
