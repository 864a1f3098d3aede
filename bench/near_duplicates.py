"""Near-duplicate detection: quality on cases built from the seeds, and speed at 20,000 documents.

Run from the repository root::

    .venv/bin/python bench/near_duplicates.py            # both parts (about 3 minutes)
    .venv/bin/python bench/near_duplicates.py --quality  # or --scale

**Quality.** Each seed becomes an article (``tests/summaries/article_variants.py``:
its cleaned paragraphs, a headline, a link, a footnote) written through every
reader (.txt in cp1256 or UTF-16, .html with navigation and asides, .docx
with a page header, .pdf drawn with shaped Arabic) as is and with each
extraction difference (words hyphenated at line ends, running page headers
and numbers inside the text, the footnote dropped, the longest paragraph
dropped, all of these), and as three publisher's updates (a paragraph
rewritten with numbers changed, a paragraph added, both). Every file is read
and summarised by the real pipeline once. Then, for every ordered pair
(stored, arriving), the stored one is put in a real store (briefing, signature,
LSH buckets) and ``summaries.duplicates.find_match`` judges the arriving one,
exactly as ``ingest_file`` does:

* same article (every variant of one seed against every other): should be
  one document (duplicate, or an update when the arriving file has more);
* different articles (the five seeds are five articles on the same visits):
  should be nothing;
* updates (an update arriving after the article in any format): should
  replace it.

Exact Jaccard similarities for shingles of 2-5 words are reported too (why
three). **Scale.** 20,000 synthetic documents (seed sentences recombined, a
fifth of their words replaced) are signed into a temporary store; then
arriving files (real seed variants, half of them copies of a stored
document) are checked: signature, bucket lookup, verification. p50/p99 and
peak memory. Results go to stdout and bench/results/near_duplicates.md.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summaries.duplicates import find_match  # noqa: E402
from summaries.model import Briefing, Status  # noqa: E402
from summaries.pipeline import Pipeline  # noqa: E402
from summaries.read import read  # noqa: E402
from summaries.segment import split_sentences  # noqa: E402
from summaries.similar import (  # noqa: E402
    BANDS,
    DUPLICATE_CONTAINMENT,
    DUPLICATE_SIMILARITY,
    NOVEL_WORDS,
    NUM_PERM,
    RELATED_SIMILARITY,
    ROWS,
    SHINGLE_WORDS,
    document_words,
    resemblance,
    shingles,
    signature,
    source_keys,
)
from summaries.store import Store  # noqa: E402
from summaries.words import tokens  # noqa: E402
from tests.summaries import article_variants as av  # noqa: E402
from tests.summaries.pdf_maker import Layout  # noqa: E402

RESULT = ROOT / "bench" / "results" / "near_duplicates.md"
LAYOUTS = {  # one PDF layout per seed, so every layout the reader knows is in the cases
    0: Layout(word_gaps=True, to_unicode="letters"),
    1: Layout(columns=2, to_unicode="letters"),
    2: Layout(),
    3: Layout(word_gaps=True),
    4: Layout(word_gaps=True, reading_order=False, to_unicode="letters"),
}
SYNTHETIC = 20_000
CHECKS = 400


@dataclass(frozen=True, slots=True)
class Case:
    seed: int
    kind: str  # "variant" | "update"
    how: str  # perturbation or revision name
    suffix: str
    briefing: Briefing
    words: tuple[str, ...]


def build_cases(folder: Path, pipeline: Pipeline) -> list[Case]:
    """Return every seed article through every reader, perturbed and updated, summarised."""
    articles = {n: av.seed_article(n) for n in range(5)}
    cases = []
    for number, article in articles.items():
        rng = random.Random(number)
        versions = [("variant", how, f(article, rng)) for how, f in av.PERTURBATIONS.items()]
        others = [a for n, a in articles.items() if n != number]
        material = av.other_sentences(article, others)
        versions += [("update", how, f(article, material, rng)) for how, f in av.REVISIONS.items()]
        for kind, how, version in versions:
            for suffix in av.FORMATS:
                path = folder / f"{number}-{kind}-{how.replace(' ', '_')}{suffix}"
                av.write(version, path, LAYOUTS[number])
                _, briefing = pipeline.summarize(read(path), None)
                words = tuple(document_words(briefing.segmented))
                cases.append(Case(number, kind, how, suffix, briefing, words))
    return cases


def judge_pairs(
    cases: list[Case], signatures: dict[int, object], pipeline: Pipeline
) -> list[tuple[Case, Case, object]]:
    """Return (stored, arriving, Match or None) for every ordered pair that is a test case."""
    out = []
    for stored in cases:
        if stored.kind == "update":
            continue  # updates arrive; they are not stored first
        with Store.open(":memory:") as store:
            document = store.save_briefing(
                "stored", content_hash="x", text_hash="x", size=1,
                pipeline_version=pipeline.version, briefing=stored.briefing,
            )  # fmt: skip
            keys = source_keys(stored.briefing.sources)
            store.save_signature(document.id, signatures[id(stored)], keys)
            for arriving in cases:
                if arriving is stored or (arriving.kind == "update" and stored.how != "as is"):
                    continue
                match = find_match(
                    store, "arriving", signatures[id(arriving)],
                    arriving.briefing.segmented, arriving.briefing.sources,
                )  # fmt: skip
                out.append((stored, arriving, match))
    return out


_LOSSY = ("paragraph dropped", "all of these")


def pair_class(stored: Case, arriving: Case) -> str:
    if stored.seed != arriving.seed:
        return "different article"
    if arriving.kind == "update":
        return "update"
    if stored.how in _LOSSY and arriving.how not in _LOSSY:
        return "same article, stored copy lost a paragraph"
    return "same article"


def quality(pipeline: Pipeline) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        cases = build_cases(Path(tmp), pipeline)
        built = time.perf_counter() - started
    signatures = {id(c): signature(c.words) for c in cases}
    pairs = judge_pairs(cases, signatures, pipeline)
    verdicts: dict[str, Counter] = defaultdict(Counter)
    sims: dict[str, list[float]] = defaultdict(list)
    by_how: dict[str, list[float]] = defaultdict(list)
    for stored, arriving, match in pairs:
        cls = pair_class(stored, arriving)
        verdicts[cls][match.verdict.value if match else "none"] += 1
        found = resemblance(signatures[id(stored)], signatures[id(arriving)])
        sims[cls].append(found.similarity)
        if cls != "different article":
            by_how[f"{cls}: {arriving.how}"].append(found.similarity)

    same, diff, upd = verdicts["same article"], verdicts["different article"], verdicts["update"]
    fuller = verdicts["same article, stored copy lost a paragraph"]
    tp = sum(v["duplicate"] + v["revision"] for v in (same, fuller, upd))
    fn = same["none"] + fuller["none"] + upd["none"]
    fp = diff["duplicate"] + diff["revision"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn)
    rev_tp = upd["revision"]
    rev_fp = same["revision"] + diff["revision"]
    lines = [
        f"Cases: {len(cases)} files (5 seeds x (6 variants + 3 updates) x 4 formats), "
        f"{len(pairs)} ordered pairs; files built and summarised in {built:.0f} s.",
        "",
        f"Thresholds: shingles of {SHINGLE_WORDS} words, {NUM_PERM} permutations, "
        f"LSH {BANDS} bands x {ROWS}; duplicate at similarity >= {DUPLICATE_SIMILARITY} "
        "or containment >= "
        f"{DUPLICATE_CONTAINMENT} (similarity >= {RELATED_SIMILARITY}); update: same link or "
        f"title and >= {NOVEL_WORDS} words of new material, or similarity in "
        f"[{RELATED_SIMILARITY}, {DUPLICATE_SIMILARITY}) without containment.",
        "",
        "| pairs | count | duplicate | update (replaces) | nothing |",
        "|---|---:|---:|---:|---:|",
    ]
    for cls in (
        "same article",
        "same article, stored copy lost a paragraph",
        "update",
        "different article",
    ):
        v = verdicts[cls]
        lines.append(
            f"| {cls} | {sum(v.values())} | {v['duplicate']} | {v['revision']} | {v['none']} |"
        )
    lines += [
        "",
        f"**One article, one document** (same article or update recognised; different "
        f"articles kept apart): precision **{precision:.3f}**, recall **{recall:.3f}** "
        f"({tp} true, {fp} false, {fn} missed).",
        "",
        f"**Update replaces**: {rev_tp} of {sum(upd.values())} updates replace the older "
        f"document (recall {rev_tp / sum(upd.values()):.3f}); {rev_fp} of the other pairs "
        f"replaced what they should have joined (precision "
        f"{rev_tp / (rev_tp + rev_fp) if rev_tp + rev_fp else 1:.3f}). A complete copy arriving "
        "after one that lost a paragraph, with the same title, replaces it "
        f"({fuller['revision']} of {sum(fuller.values())}): the same text as a publisher's added "
        "paragraph, and the complete text is the one to serve.",
        "",
        "Estimated similarity (MinHash), by pair class: min / p5 / median / p95 / max",
        "",
        "| pairs | min | p5 | median | p95 | max |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, values in [*sims.items(), *sorted(by_how.items())]:
        lines.append(f"| {name} | " + " | ".join(f"{x:.3f}" for x in _spread(values)) + " |")
    lines += ["", *exact_by_shingle_size(cases), "", *threshold_sweep(pairs, signatures)]
    return lines


def _spread(values: list[float]) -> list[float]:
    q = statistics.quantiles(values, n=20, method="inclusive") if len(values) > 1 else values * 19
    return [min(values), q[0], statistics.median(values), q[-1], max(values)]


def exact_by_shingle_size(cases: list[Case]) -> list[str]:
    lines = [
        "Exact Jaccard similarity by shingle size (why 3 words): the least similar same-article "
        "pair, the most similar pair of different articles",
        "",
        "| words per shingle | same article: min | different articles: max | update: min |",
        "|---:|---:|---:|---:|",
    ]
    for size in (1, 2, 3, 4, 5):
        sets = [shingles(c.words, size) for c in cases]
        same, diff, upd = [], [], []
        for (a, sa), (b, sb) in itertools.combinations(zip(cases, sets, strict=True), 2):
            j = len(sa & sb) / len(sa | sb)
            if a.seed != b.seed:
                if a.kind == b.kind == "variant":
                    diff.append(j)
            elif a.kind == b.kind == "variant":
                same.append(j)
            elif "as is" in (a.how, b.how) and a.kind != b.kind:
                upd.append(j)
        lines.append(f"| {size} | {min(same):.3f} | {max(diff):.3f} | {min(upd):.3f} |")
    return lines


def threshold_sweep(pairs, signatures) -> list[str]:
    """Return precision/recall of similarity alone at several thresholds, and of the rule."""
    lines = [
        "Similarity alone as the rule (same article or update = positive), against the "
        "rule used (similarity or containment, with the update test):",
        "",
        "| threshold | precision | recall |",
        "|---:|---:|---:|",
    ]
    scored = []
    for stored, arriving, _ in pairs:
        found = resemblance(signatures[id(stored)], signatures[id(arriving)])
        scored.append((found.similarity, pair_class(stored, arriving) != "different article"))
    for threshold in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        tp = sum(s >= threshold and p for s, p in scored)
        fp = sum(s >= threshold and not p for s, p in scored)
        fn = sum(s < threshold and p for s, p in scored)
        precision = tp / (tp + fp) if tp + fp else 1.0
        lines.append(f"| {threshold:.1f} | {precision:.3f} | {tp / (tp + fn):.3f} |")
    return lines


# -- scale ----------------------------------------------------------------------------


def synthetic_words(rng: random.Random, pool: list[list[str]], vocabulary: list[str]) -> list[str]:
    """Return one synthetic document: 20-40 seed sentences, a fifth of their words replaced."""
    words = []
    for sentence in rng.sample(pool, rng.randint(20, 40)):
        words += [rng.choice(vocabulary) if rng.random() < 0.2 else w for w in sentence]
    return words


COPIED_SEEDS = (0, 1, 2)  # stored as .docx; their arriving variants are copies


def scale(pipeline: Pipeline) -> list[str]:
    rng = random.Random(11)
    pool = []
    for number in range(5):
        text = "\n\n".join(av.seed_article(number).paragraphs)
        pool += [tokens(s) for s in split_sentences(text) if len(tokens(s)) >= 6]
    vocabulary = sorted({w for s in pool for w in s})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        arriving = build_arrivals(folder, pipeline)
        with Store.open(folder / "scale.sqlite3") as store:
            started = time.perf_counter()
            with store.transaction():
                for i in range(SYNTHETIC):
                    document = store.mark(f"synthetic-{i:05d}.txt", Status.OK, content_hash="x")
                    words = synthetic_words(rng, pool, vocabulary)
                    store.save_signature(document.id, signature(words))
                for number in COPIED_SEEDS:
                    path = av.write(av.seed_article(number), folder / f"stored-{number}.docx")
                    _, briefing = pipeline.summarize(read(path), None)
                    document = store.save_briefing(
                        path.name, content_hash="x", text_hash=f"t{number}", size=1,
                        pipeline_version=pipeline.version, briefing=briefing,
                    )  # fmt: skip
                    sig = signature(document_words(briefing.segmented))
                    store.save_signature(document.id, sig, source_keys(briefing.sources))
            build_seconds = time.perf_counter() - started
            size_mb = (folder / "scale.sqlite3").stat().st_size / 1e6
            rss_built = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            total, lookup, found, candidates = [], [], Counter(), []
            for i in range(CHECKS):
                number, briefing, words = arriving[i % len(arriving)]
                t0 = time.perf_counter()
                sig = signature(words)
                t1 = time.perf_counter()
                match = find_match(
                    store, f"arriving-{i}.pdf", sig, briefing.segmented, briefing.sources
                )
                t2 = time.perf_counter()
                total.append((t2 - t0) * 1000)
                lookup.append((t2 - t1) * 1000)
                keys = source_keys(briefing.sources)
                candidates.append(len(store.signature_candidates(sig, keys, exclude_name="-")))
                found[number in COPIED_SEEDS, match is not None] += 1
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def p(values, q):
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1]

    return [
        f"{SYNTHETIC:,} synthetic documents (20-40 seed sentences each, a fifth of the words "
        f"replaced) + {len(COPIED_SEEDS)} seed articles signed into a temporary store in "
        f"{build_seconds:.0f} s ({size_mb:.0f} MB file); {CHECKS} checks of arriving files "
        f"({len(arriving)} files: the five seeds with page headers in every format; those of "
        f"seeds {', '.join(map(str, COPIED_SEEDS))} are copies of a stored document).",
        "",
        "| per arriving file | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|",
        f"| signature + bucket lookup + verification | {p(total, 50):.2f} | {p(total, 99):.2f} "
        f"| {max(total):.2f} |",
        f"| bucket lookup + verification only | {p(lookup, 50):.2f} | {p(lookup, 99):.2f} "
        f"| {max(lookup):.2f} |",
        "",
        f"Candidates sharing a bucket or a key: median {statistics.median(candidates):.0f}, max "
        f"{max(candidates)}. Copies of a stored document found: {found[True, True]} of "
        f"{found[True, True] + found[True, False]}; other files matched: {found[False, True]} "
        f"of {found[False, True] + found[False, False]}.",
        f"Peak RSS: {rss_built:.0f} MB after building, {rss_peak:.0f} MB after the checks "
        "(the whole process: Python, numpy, the pipeline).",
    ]


def build_arrivals(folder: Path, pipeline: Pipeline) -> list[tuple[int, Briefing, list[str]]]:
    out = []
    for number in range(5):
        article = av.page_furniture(av.seed_article(number))
        for suffix in av.FORMATS:
            path = av.write(article, folder / f"arrive-{number}{suffix}", LAYOUTS[number])
            _, briefing = pipeline.summarize(read(path), None)
            out.append((number, briefing, document_words(briefing.segmented)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="only the seed cases")
    parser.add_argument("--scale", action="store_true", help="only the 20,000-document check")
    args = parser.parse_args()
    both = not (args.quality or args.scale)
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    pipeline = Pipeline.build()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    lines = [
        "# Near-duplicate detection",
        "",
        f"commit {commit}; `bench/near_duplicates.py`; data: the five seeds through "
        "`tests/summaries/article_variants.py`.",
        "",
    ]
    if both or args.quality:
        lines += ["## Quality on cases built from the seeds", "", *quality(pipeline), ""]
    if both or args.scale:
        lines += ["## Checking one file against 20,000 documents", "", *scale(pipeline), ""]
    text = "\n".join(lines)
    print(text)
    RESULT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
