"""Dedup quality and speed on the generated corpus (benchmarks/corpus.py), with its ground truth.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_dedup.py [--docs 200000] [--seed 7] [--write]

Reports, for the whole dedup stage (boilerplate, syndication, exact, near, rewrites):
- near-duplicate pairwise precision/recall/F1 over distinct texts against the exact Jaccard >=
  threshold truth (computed on every pair inside a generated cluster; pairs across generated
  clusters are different stories by construction, checked on a sample of the tool's own), both
  as connected components (the clusters the issue asks for) and pair by pair;
- precision/recall/F1 of duplicates and rewrites together (same kept row or same story_id)
  against the generated clusters;
- the share of templated briefs (hard negatives) left alone;
- documents/s (one process) and peak RSS.
With --write, appends the figures and the command to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402


def rows_table(docs: list[corpus.Doc]) -> pa.Table:
    from newsclean.stages.split import SPLIT_COLUMNS

    n = len(docs)
    columns = {name: pa.nulls(n, field.type) for name, field in zip(SPLIT_COLUMNS.names, SPLIT_COLUMNS)}
    columns.update(
        {
            "title": pa.array([d.title for d in docs], pa.string()),
            "sitename": pa.array([d.sitename for d in docs], pa.string()),
            "published": pa.array([d.published for d in docs], pa.timestamp("us")),
            "text": pa.array([d.text for d in docs], pa.string()),
            "word_count": pa.array([len(d.text.split()) for d in docs], pa.int32()),
            "article_type": pa.array(["unknown"] * n, pa.string()),
        }
    )
    for name in ("authors", "social_handles", "captions", "boilerplate_removed", "text_flags"):
        columns[name] = pa.array([[] for _ in range(n)], pa.list_(pa.string()))
    head = {
        "source_file": pa.array([f"gen/{i:07d}.txt" for i in range(n)], pa.string()),
        "segment_index": pa.array([0] * n, pa.int32()),
        "url": pa.nulls(n, pa.string()),
    }
    return pa.table({**head, **columns})


def _pairs(sizes) -> int:
    return sum(k * (k - 1) // 2 for k in sizes)


def _scores(tp: int, predicted: int, truth: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / truth if truth else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def cluster_scores(predicted: list, truth: list) -> tuple[float, float, float]:
    """Pairwise precision/recall/F1 of one partition against another, from counts (no pair is listed)."""
    return _scores(
        _pairs(Counter(zip(predicted, truth)).values()),
        _pairs(Counter(predicted).values()),
        _pairs(Counter(truth).values()),
    )


def components(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Component label of each of n nodes."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(x) for x in range(n)]


def score(
    docs: list[corpus.Doc],
    near_groups: list[object],
    story_groups: list[object],
    texts: list[str],
    shingle_words: int,
    threshold: float,
) -> dict:
    """Quality of one tool's result on the generated corpus.

    ``near_groups[i]``: the copy cluster document i was put in (its kept row);
    ``story_groups[i]``: the cluster counting duplicates and rewrites together;
    ``texts``: the texts as the tool compared them (the truth is computed on these).
    """
    from newsclean.stages.dedup.exact import article_id
    from newsclean.stages.dedup.shingles import jaccard, shingle_hashes

    # Units are the distinct texts (exact copies are one unit; every tool groups them together).
    ids = [article_id(t) for t in texts]
    unit_of_id: dict[str, int] = {}
    first_doc = []
    for i, key in enumerate(ids):
        if key not in unit_of_id:
            unit_of_id[key] = len(first_doc)
            first_doc.append(i)
    n = len(first_doc)
    predicted = [near_groups[i] for i in first_doc]
    generated = [docs[i].cluster for i in first_doc]
    shingles = {}

    def true_jaccard(a: int, b: int) -> float:
        for u in (a, b):
            if u not in shingles:
                shingles[u] = shingle_hashes(texts[first_doc[u]], shingle_words)
        return jaccard(shingles[a], shingles[b])

    # Truth: pairs at exact Jaccard >= threshold.  Every pair inside a generated cluster is computed;
    # pairs across generated clusters are different stories by construction, which a random sample
    # of the tool's own cross-cluster pairs checks (any at >= threshold is reported).
    by_cluster: dict[int, list[int]] = defaultdict(list)
    for u, c in enumerate(generated):
        by_cluster[c].append(u)
    truth_edges = [
        (a, b)
        for members in by_cluster.values()
        for a, b in itertools.combinations(members, 2)
        if true_jaccard(a, b) >= threshold
    ]
    members_of_group: dict[object, list[int]] = defaultdict(list)
    for u, g in enumerate(predicted):
        members_of_group[g].append(u)
    rng = random.Random(0)
    crossing = [g for g, members in members_of_group.items() if len({generated[u] for u in members}) > 1]
    sample_hits, sampled = 0, 0
    for _ in range(min(20_000, 50 * len(crossing))):
        members = members_of_group[rng.choice(crossing)]
        a, b = rng.sample(members, 2)
        if generated[a] != generated[b]:
            sampled += 1
            sample_hits += true_jaccard(a, b) >= threshold
    closure = components(n, truth_edges)
    out = {
        # Clusters of near copies are connected components of such pairs, as the issue asks.
        "near": cluster_scores(predicted, closure),
        "near_pairwise": _scores(
            sum(predicted[a] == predicted[b] for a, b in truth_edges),
            _pairs(Counter(predicted).values()),
            len(truth_edges),
        ),
        "true_pairs": _pairs(Counter(closure).values()),
        "true_edges": len(truth_edges),
        "cross_sample": (sampled, sample_hits),
        "cluster": cluster_scores(story_groups, [doc.cluster for doc in docs]),
        "cluster_without_briefs": cluster_scores(
            [g for g, d in zip(story_groups, docs) if d.kind != "brief"], [d.cluster for d in docs if d.kind != "brief"]
        ),
    }
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
    out["alone"] = {
        kind: sum(1 for i, doc in enumerate(docs) if doc.kind == kind and members_of[story_groups[i]] == {doc.cluster})
        / max(1, kinds[kind])
        for kind in ("brief", "follow_up")
    }
    return out


def report(title: str, command: str, docs: list[corpus.Doc], rows: list[str], write: bool) -> None:
    """Print a results block; with ``write``, append it to benchmarks/RESULTS.md."""
    kinds = Counter(doc.kind for doc in docs)
    text = "\n".join(
        [
            f"### {title} — {datetime.now(UTC):%Y-%m-%d}",
            "",
            f"Command: {command}",
            f"Corpus: {len(docs):,} documents ({', '.join(f'{k} {v:,}' for k, v in sorted(kinds.items()))}).",
            "",
            "| measure | value |",
            "|---|---:|",
            *rows,
            "",
        ]
    )
    print(text)
    if write:
        with (REPO / "benchmarks" / "RESULTS.md").open("a") as handle:
            handle.write("\n" + text)


def quality_rows(scores: dict, threshold: float) -> list[str]:
    near, pairwise, clu = scores["near"], scores["near_pairwise"], scores["cluster"]
    return [
        f"| near duplicates, pairs in one cluster vs components of exact Jaccard ≥ {threshold}: "
        f"precision / recall / F1 | {near[0]:.3f} / {near[1]:.3f} / {near[2]:.3f} "
        f"({scores['true_pairs']:,} true pairs) |",
        f"| the same pairs vs exact Jaccard ≥ {threshold} pair by pair (not transitive, so no clustering reaches 1) | "
        f"{pairwise[0]:.3f} / {pairwise[1]:.3f} / {pairwise[2]:.3f} ({scores['true_edges']:,} true pairs) |",
        f"| sampled pairs it joined across generated clusters at Jaccard ≥ {threshold} | "
        f"{scores['cross_sample'][1]:,} of {scores['cross_sample'][0]:,} |",
        "| duplicates + rewrites vs generated clusters: precision / recall / F1 | "
        f"{clu[0]:.3f} / {clu[1]:.3f} / {clu[2]:.3f} |",
        "| the same with the templated briefs left out | {:.3f} / {:.3f} / {:.3f} |".format(
            *scores["cluster_without_briefs"]
        ),
        "| variants found with their original: "
        + ", ".join(f"{k} {v:.3f}" for k, v in scores["found"].items())
        + " | |",
        "| hard negatives left alone: templated briefs / same-event follow-ups | "
        f"{scores['alone']['brief']:.3f} / {scores['alone']['follow_up']:.3f} |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    from newsclean.core.config import Dedup
    from newsclean.stages.dedup import boilerplate, deduplicate

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
    learned = boilerplate.learn(
        raw, outlets, settings.boilerplate_max_words, settings.boilerplate_min_documents, settings.boilerplate_min_share
    )
    texts = [boilerplate.strip(raw[i], learned.get(outlets[i], set()))[0] for i in range(len(docs))]
    assert all(texts[i] == final_text[i] for i in final_text)
    near_groups = [root_of[i] for i in range(len(docs))]
    scores = score(
        docs,
        near_groups,
        [story_of[root] for root in near_groups],
        texts,
        settings.shingle_words,
        settings.near_threshold,
    )
    from newsclean.runtime.parallel import Workers

    workers = Workers(settings.workers, len(docs), settings.batch_size).count  # what the stage started
    report(
        "Dedup on the generated corpus",
        f"`.venv/bin/python benchmarks/bench_dedup.py --docs {args.docs} --seed {args.seed}`",
        docs,
        [
            *quality_rows(scores, settings.near_threshold),
            f"| kept / removed | {kept.num_rows:,} / {duplicates.num_rows:,} |",
            f"| whole dedup stage (boilerplate, syndication, exact, near, rewrites) on {workers} "
            f"process{'es' if workers > 1 else ' (no pool: one batch)'} | {seconds:.1f} s, "
            f"{len(docs) / seconds:,.0f} documents/s |",
            f"| peak RSS: main process (before the stage: {rss_before / 1024:,.0f} MiB, the generated corpus) "
            f"/ largest worker | {peak_mib:,.0f} MiB / {workers_mib:,.0f} MiB |",
        ],
        args.write,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
