"""What predicts a sentence the EASC workers chose? Votes per sentence, by feature.

    .venv/bin/python bench/sentence_labels.py [--data dev.jsonl]

Every EASC reference is a selection of the article's own sentences, so each
of our sentences gets a vote from every reference that holds at least
``CONTAINED`` of its scoring tokens (token overlap rather than exact match:
the references drop hamza, fuse words at old line breaks and split at "."
where our splitter does not). The table shows, per feature bin, how many
sentences fall in it, their mean votes (0-5) and the share chosen by at
least three of the five workers. Features come from the library: position,
length, digits, and the centroid digester's own centrality and opening terms.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from compare_digesters import DEFAULT_DATA, load_articles
from rouge import tokens

from summaries.digest.centroid import CentroidDigester

CONTAINED = 0.8
_DIGIT = re.compile(r"[0-9\u0660-\u0669]")
# Each feature: a name, bins (lower bounds) and how to read it off a row.
FEATURES: dict[str, tuple[tuple[float, ...], Callable[[dict], float]]] = {
    "position (0 = first)": ((0, 1, 2, 3, 4, 6, 10, 20), lambda r: r["index"]),
    "relative position": ((0, 0.1, 0.3, 0.6, 0.9), lambda r: r["relative"]),
    "first in its paragraph": ((0, 1), lambda r: r["paragraph_start"]),
    "characters": ((0, 40, 80, 150, 250, 400), lambda r: r["chars"]),
    "has digits": ((0, 1), lambda r: r["digits"]),
    "centrality (cos to centroid / max)": ((0, 0.25, 0.5, 0.75, 0.9), lambda r: r["central"]),
    "cos to the first sentence": ((0, 0.05, 0.1, 0.2, 0.99), lambda r: r["opening"]),
}


def rows(path: Path) -> list[dict]:
    """Return one row per body sentence with its votes and features."""
    centrality = CentroidDigester(opening=0.0, position_decay=0.0, relative_position=0.0)
    opening = replace(centrality, centrality=0.0, opening=1.0)
    result = []
    for article in load_articles(path):
        body = article.segmented.body
        central, first = centrality.rate(body), opening.rate(body)
        references = [Counter(tokens(r)) for r in article.references]
        for i, sentence in enumerate(body):
            own = Counter(tokens(sentence.text))
            size = max(1, sum(own.values()))
            votes = sum(sum((own & ref).values()) / size >= CONTAINED for ref in references)
            result.append(
                {
                    "votes": votes,
                    "index": i,
                    "relative": i / max(1, len(body) - 1),
                    "paragraph_start": int(i == 0 or body[i - 1].paragraph != sentence.paragraph),
                    "chars": len(sentence.text),
                    "digits": int(bool(_DIGIT.search(sentence.text))),
                    "central": central[sentence.id],
                    "opening": first[sentence.id],
                }
            )
    return result


def table(labelled: Sequence[dict]) -> str:
    """Return the markdown table of votes per feature bin."""
    lines = ["| feature | bin | sentences | mean votes | chosen by >= 3 |", "|---|---|---|---|---|"]
    for name, (bins, read) in FEATURES.items():
        for k, low in enumerate(bins):
            high = bins[k + 1] if k + 1 < len(bins) else None
            inside = [r for r in labelled if read(r) >= low and (high is None or read(r) < high)]
            if not inside:
                continue
            mean_votes = sum(r["votes"] for r in inside) / len(inside)
            chosen = sum(r["votes"] >= 3 for r in inside) / len(inside)
            span = f"[{low}, {high})" if high is not None else f">= {low}"
            lines.append(f"| {name} | {span} | {len(inside)} | {mean_votes:.2f} | {chosen:.2f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the votes-per-feature table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="EASC dev.jsonl")
    args = parser.parse_args(argv)
    labelled = rows(args.data)
    print(f"{len(labelled)} sentences\n")
    print(table(labelled))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
