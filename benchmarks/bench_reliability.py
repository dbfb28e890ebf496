"""Reliability against the ReCOVery source-level labels, read in place from ../shared/corpora/recovery.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_reliability.py [--shared ../shared] [--write]

The 2,031 articles go through the pipeline's stages (discover, ingest,
language, split, dedup, reliability) twice, as raw input written to a
temporary folder:

- *with url*: one .jsonl line per article (url, title, text), with Lin et al.
  2023's ``domain_pc1.csv`` configured as the rating table;
- *content only*: one .txt file per article (title, blank line, body), no url,
  no outlet, no rating table.

It reports ROC AUC of ``reliability_score`` against ``reliability`` (1 =
reliable source), over all articles (an unrated article counts as 0.5, the
uninformative score) and over the rated ones, with the share rated.  The
figures are also given for two halves of the outlets (split by a hash of the
publisher's name): the evidence weights are set by hand, but the density
thresholds, the newsroom-practice phrases and the loaded words of
``newsclean.stages.reliability.evidence`` were read off half A, so half B is the
held-out figure.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TAGGING: list[tuple[int, float]] = []  # (articles, seconds) of each tag_reliability call


def auc(scores: list[float], labels: list[int]) -> float | None:
    """ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted half."""
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return None
    order = sorted(range(len(scores)), key=scores.__getitem__)
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(r for r, y in zip(ranks, labels) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def read_recovery(folder: Path) -> list[dict]:
    csv.field_size_limit(1 << 30)
    articles = []
    for path in sorted(folder.glob("*/*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if (row.get("body_text") or "").strip():
                    articles.append(
                        {
                            "url": row["url"],
                            "publisher": row["publisher"],
                            "title": row["title"],
                            "text": row["body_text"],
                            "label": int(float(row["reliability"])),
                        }
                    )
    return articles


def run_stages(raw: Path, ratings_file: Path | None) -> dict[tuple[str, int], float | None]:
    """{(source_file, segment_index): reliability_score} for every kept article."""
    from newsclean.core.config import Limits
    from newsclean.stages.dedup import deduplicate
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.language import add_language
    from newsclean.stages.reliability import tag_reliability
    from newsclean.stages.reliability.providers import SourceRatings
    from newsclean.stages.split import split

    ratings = SourceRatings.load({"domain_scores": (str(ratings_file),)} if ratings_file else {})
    rows, _ = split(add_language(ingest(discover(raw).files, Limits()).documents))
    kept, duplicates = deduplicate(rows)
    best = float("inf")
    for _ in range(3):  # the tagging takes well under a second: best of three, as timing on a shared machine wobbles
        start = time.perf_counter()
        tagged = tag_reliability(kept, ratings)
        best = min(best, time.perf_counter() - start)
    TAGGING.append((kept.num_rows, best))
    scores = {
        (r["source_file"], r["segment_index"]): r["reliability_score"]
        for r in tagged.select(["source_file", "segment_index", "reliability_score"]).to_pylist()
    }
    # A removed copy takes the score of the row it stands behind (the same outlet's text, or a copy of it).
    by_id = {
        r["article_id"]: r["reliability_score"] for r in tagged.select(["article_id", "reliability_score"]).to_pylist()
    }
    for d in duplicates.to_pylist():
        scores[(d["source_file"], d["segment_index"])] = by_id.get(d["duplicate_of"])
    return scores


def half(publisher: str) -> int:
    return hashlib.sha256(publisher.encode()).digest()[0] % 2


def measure(articles: list[dict], keys: list[tuple[str, int]], scores: dict) -> list[str]:
    rows = []
    for name, members in (
        ("all outlets", range(len(articles))),
        ("outlet half A", [i for i, a in enumerate(articles) if half(a["publisher"]) == 0]),
        ("outlet half B", [i for i, a in enumerate(articles) if half(a["publisher"]) == 1]),
    ):
        members = list(members)
        labels = [articles[i]["label"] for i in members]
        got = [scores.get(keys[i]) for i in members]
        rated = [(s, y) for s, y in zip(got, labels) if s is not None]
        whole = auc([0.5 if s is None else s for s in got], labels)
        only = auc([s for s, _ in rated], [y for _, y in rated])
        rows.append(
            f"| {name} ({len(members):,} articles) | {whole if whole is not None else float('nan'):.3f} | "
            f"{only if only is not None else float('nan'):.3f} | {len(rated) / max(1, len(members)):.1%} |"
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    recovery = args.shared / "corpora" / "recovery"
    lin = args.shared / "reference" / "lin2023-domain-quality" / "domain_pc1.csv"
    if not recovery.is_dir() or not lin.is_file():
        print(f"{recovery} or {lin} is absent: this benchmark reads ../shared in place", file=sys.stderr)
        return 2
    articles = read_recovery(recovery)
    lines = [
        f"### Reliability on ReCOVery — {datetime.now(UTC):%Y-%m-%d}",
        "",
        "Command: `.venv/bin/python benchmarks/bench_reliability.py`",
        f"Corpus: {len(articles):,} articles with a body ({sum(a['label'] for a in articles):,} from reliable outlets) "
        f"from {len({a['publisher'] for a in articles})} outlets; label = the outlet's `reliability`.",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-reliability-") as tmp:
        with_url, plain = Path(tmp) / "with_url", Path(tmp) / "plain"
        with_url.mkdir()
        plain.mkdir()
        with (with_url / "recovery.jsonl").open("w", encoding="utf-8") as handle:
            for a in articles:
                handle.write(json.dumps({"url": a["url"], "title": a["title"], "text": a["text"]}) + "\n")
        for n, a in enumerate(articles):
            (plain / f"{n:05d}.txt").write_text(f"{a['title']}\n\n{a['text']}\n", encoding="utf-8")
        for title, raw, ratings, keys in (
            (
                "with url, Lin et al. 2023 `domain_pc1.csv` configured",
                with_url,
                lin,
                [("recovery.jsonl", n) for n in range(len(articles))],
            ),
            (
                "content only (plain text, no url, no outlet, no rating table)",
                plain,
                None,
                [(f"{n:05d}.txt", 0) for n in range(len(articles))],
            ),
        ):
            start = time.perf_counter()
            scores = run_stages(raw, ratings)
            seconds = time.perf_counter() - start
            articles_tagged, tag_seconds = TAGGING[-1]
            lines += [
                f"**{title}** ({seconds:.1f} s for the stages; tagging alone {articles_tagged / tag_seconds:,.0f} "
                "articles/s on one core, best of 3, "
                f"mean {sum(len(a['text']) for a in articles) / len(articles):,.0f} characters)",
                "",
                "| articles | ROC AUC, unrated = 0.5 | ROC AUC over rated | rated |",
                "|---|---:|---:|---:|",
                *measure(articles, keys, scores),
                "",
            ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        with (REPO / "benchmarks" / "RESULTS.md").open("a") as handle:
            handle.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
