"""Dedup quality and speed on the generated corpus (benchmarks/corpus.py), with its ground truth.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_dedup.py [--docs 200000] [--seed 7] [--write]

Reports, for the whole dedup stage (boilerplate, syndication, exact, near, rewrites):
- near-duplicate pairwise precision/recall/F1 against the exact Jaccard >= threshold truth
  (truth computed on every pair of distinct texts inside a generated cluster, and on every
  pair the stage put together);
- precision/recall/F1 of duplicates and rewrites together (same kept row or same story_id)
  against the generated clusters;
- the share of templated briefs (hard negatives) left alone;
- documents/s (one process) and peak RSS.
With --write, appends the figures and the command to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402


def rows_table(docs: list[corpus.Doc]) -> pa.Table:
    from newsclean.split import SPLIT_COLUMNS

    n = len(docs)
    columns = {name: pa.nulls(n, field.type) for name, field in zip(SPLIT_COLUMNS.names, SPLIT_COLUMNS)}
    columns.update({
        "title": pa.array([d.title for d in docs], pa.string()),
        "sitename": pa.array([d.sitename for d in docs], pa.string()),
        "published": pa.array([d.published for d in docs], pa.timestamp("us")),
        "text": pa.array([d.text for d in docs], pa.string()),
        "word_count": pa.array([len(d.text.split()) for d in docs], pa.int32()),
        "article_type": pa.array(["unknown"] * n, pa.string()),
    })
    for name in ("authors", "social_handles", "captions", "boilerplate_removed", "text_flags"):
        columns[name] = pa.array([[] for _ in range(n)], pa.list_(pa.string()))
    head = {"source_file": pa.array([f"gen/{i:07d}.txt" for i in range(n)], pa.string()),
            "segment_index": pa.array([0] * n, pa.int32()), "url": pa.nulls(n, pa.string())}
    return pa.table({**head, **columns})


def pair_scores(predicted: set, truth: set) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def cluster_scores(predicted: list[int], truth: list[int]) -> tuple[float, float, float]:
    pairs = lambda sizes: sum(k * (k - 1) // 2 for sizes_ in [sizes] for k in sizes_.values())  # noqa: E731
    tp = pairs(Counter(zip(predicted, truth)))
    p_pairs, t_pairs = pairs(Counter(predicted)), pairs(Counter(truth))
    precision, recall = (tp / p_pairs if p_pairs else 1.0), (tp / t_pairs if t_pairs else 1.0)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def components(edges: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every pair inside a connected component of the graph the edges make."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    return {tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)}


def score(docs: list[corpus.Doc], near_groups: list[object], story_groups: list[object], texts: list[str],
          shingle_words: int, threshold: float) -> dict:
    """Quality of one tool's result on the generated corpus.

    ``near_groups[i]``: the copy cluster document i was put in (its kept row);
    ``story_groups[i]``: the cluster counting duplicates and rewrites together;
    ``texts``: the texts as the tool compared them (the truth is computed on these).
    """
    from newsclean.dedup.exact import article_id
    from newsclean.dedup.shingles import jaccard, shingle_hashes

    ids = [article_id(t) for t in texts]
    shingle_cache: dict[int, object] = {}

    def true_jaccard(a: int, b: int) -> float:
        for i in (a, b):
            if i not in shingle_cache:
                shingle_cache[i] = shingle_hashes(texts[i], shingle_words)
        return jaccard(shingle_cache[a], shingle_cache[b])

    by_cluster: dict[int, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        by_cluster[doc.cluster].append(i)
    copies: dict[object, list[int]] = defaultdict(list)
    for i, group in enumerate(near_groups):
        copies[group].append(i)
    candidates = set()
    for members in by_cluster.values():
        candidates |= {tuple(sorted(p)) for p in itertools.combinations(members, 2)}
    predicted_near = {tuple(sorted(p)) for members in copies.values() for p in itertools.combinations(sorted(members), 2)}
    candidates |= predicted_near
    # Truth: pairs of distinct texts at exact Jaccard >= threshold, and the connected components
    # they form (clusters of near copies are components of such pairs, as the issue asks).
    truth_edges = {p for p in candidates if ids[p[0]] != ids[p[1]] and true_jaccard(*p) >= threshold}
    truth_near = {p for p in components(truth_edges) if ids[p[0]] != ids[p[1]]}
    predicted_near = {p for p in predicted_near if ids[p[0]] != ids[p[1]]}
    out = {"near": pair_scores(predicted_near, truth_near), "near_pairwise": pair_scores(predicted_near, truth_edges),
           "true_pairs": len(truth_near), "true_edges": len(truth_edges),
           "cluster": cluster_scores(story_groups, [doc.cluster for doc in docs])}
    # Per variant kind: the share put in the same cluster as its original.
    original_of = {doc.cluster: i for i, doc in enumerate(docs) if doc.kind == "original"}
    found: Counter = Counter()
    kinds = Counter(doc.kind for doc in docs)
    for i, doc in enumerate(docs):
        if doc.cluster in original_of and doc.kind != "original":
            found[doc.kind] += story_groups[i] == story_groups[original_of[doc.cluster]]
    out["found"] = {kind: found[kind] / kinds[kind] for kind in sorted(found)}
    # Hard negatives: a brief or follow-up is right when nothing of another generated cluster joins it.
    members_of: dict[object, set[int]] = defaultdict(set)
    for i, label in enumerate(story_groups):
        members_of[label].add(docs[i].cluster)
    out["alone"] = {kind: sum(1 for i, doc in enumerate(docs) if doc.kind == kind and members_of[story_groups[i]] == {doc.cluster})
                    / max(1, kinds[kind]) for kind in ("brief", "follow_up")}
    return out


def report(title: str, command: str, docs: list[corpus.Doc], rows: list[str], write: bool) -> None:
    """Print a results block; with ``write``, append it to benchmarks/RESULTS.md."""
    kinds = Counter(doc.kind for doc in docs)
    text = "\n".join([
        f"### {title} — {datetime.now(timezone.utc):%Y-%m-%d}", "", f"Command: {command}",
        f"Corpus: {len(docs):,} documents ({', '.join(f'{k} {v:,}' for k, v in sorted(kinds.items()))}).", "",
        "| measure | value |", "|---|---:|", *rows, "",
    ])
    print(text)
    if write:
        with (REPO / "benchmarks" / "RESULTS.md").open("a") as handle:
            handle.write("\n" + text)


def quality_rows(scores: dict, threshold: float) -> list[str]:
    near, pairwise, clu = scores["near"], scores["near_pairwise"], scores["cluster"]
    return [
        f"| near duplicates, pairs in one cluster vs components of exact Jaccard ≥ {threshold}: precision / recall / F1 | {near[0]:.3f} / {near[1]:.3f} / {near[2]:.3f} ({scores['true_pairs']:,} true pairs) |",
        f"| the same pairs vs exact Jaccard ≥ {threshold} pair by pair (not transitive, so no clustering reaches 1) | {pairwise[0]:.3f} / {pairwise[1]:.3f} / {pairwise[2]:.3f} ({scores['true_edges']:,} true pairs) |",
        f"| duplicates + rewrites vs generated clusters: precision / recall / F1 | {clu[0]:.3f} / {clu[1]:.3f} / {clu[2]:.3f} |",
        "| variants found with their original: " + ", ".join(f"{k} {v:.3f}" for k, v in scores["found"].items()) + " | |",
        f"| hard negatives left alone: templated briefs / same-event follow-ups | {scores['alone']['brief']:.3f} / {scores['alone']['follow_up']:.3f} |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    from newsclean.config import Dedup
    from newsclean.dedup import boilerplate, deduplicate

    settings = Dedup()
    docs = corpus.generate(args.docs, args.seed)
    table = rows_table(docs)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    kept, duplicates = deduplicate(table, settings)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    index_of = {f"gen/{i:07d}.txt": i for i in range(len(docs))}
    kept_rows = kept.select(["source_file", "article_id", "story_id", "text"]).to_pylist()
    final_text = {index_of[r["source_file"]]: r["text"] for r in kept_rows}
    root_of = {index_of[r["source_file"]]: r["article_id"] for r in kept_rows}
    story_of = {r["article_id"]: r["story_id"] or r["article_id"] for r in kept_rows}
    for d in duplicates.to_pylist():
        root_of[index_of[d["source_file"]]] = d["duplicate_of"]

    # The truth is computed on the texts as the stage compared them: after the boilerplate it
    # learned (library calls, same settings).
    raw = [doc.text for doc in docs]
    outlets = [boilerplate.outlet_key(doc.sitename, None) for doc in docs]
    learned = boilerplate.learn(raw, outlets, settings.boilerplate_max_words, settings.boilerplate_min_documents,
                                settings.boilerplate_min_share)
    texts = [boilerplate.strip(raw[i], learned.get(outlets[i], set()))[0] for i in range(len(docs))]
    assert all(texts[i] == final_text[i] for i in final_text)
    near_groups = [root_of[i] for i in range(len(docs))]
    scores = score(docs, near_groups, [story_of[root] for root in near_groups], texts, settings.shingle_words,
                   settings.near_threshold)
    from newsclean.dedup.parallel import Workers

    workers = Workers(settings.workers, len(docs), settings.batch_size).count  # what the stage started
    report("Dedup on the generated corpus", f"`.venv/bin/python benchmarks/bench_dedup.py --docs {args.docs} --seed {args.seed}`",
           docs, [
               *quality_rows(scores, settings.near_threshold),
               f"| kept / removed | {kept.num_rows:,} / {duplicates.num_rows:,} |",
               f"| whole dedup stage (boilerplate, syndication, exact, near, rewrites) on {workers} process{'es' if workers > 1 else ' (no pool: one batch)'} | {seconds:.1f} s, {len(docs) / seconds:,.0f} documents/s |",
               f"| peak RSS: main process (before the stage: {rss_before / 1024:,.0f} MiB, the generated corpus) / largest worker | {peak_mib:,.0f} MiB / {workers_mib:,.0f} MiB |",
           ], args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
