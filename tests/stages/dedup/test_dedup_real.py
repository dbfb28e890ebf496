"""Dedup on real text read in place from ../shared, and on the sample corpus."""

import itertools

import numpy as np
import pytest
from conftest import RAW, shared_path
from scipy import sparse

from newsclean.core.config import Dedup, Limits
from newsclean.stages.dedup import deduplicate
from newsclean.stages.dedup.exact import article_id
from newsclean.stages.dedup.shingles import shingle_hashes
from newsclean.stages.discover import discover
from newsclean.stages.ingest import ingest
from newsclean.stages.language import add_language
from newsclean.stages.split import split


def split_rows(folder):
    rows, _ = split(add_language(ingest(discover(folder).files, Limits()).documents))
    return rows


def test_raw_samples_002_and_003_share_a_story_and_no_other_pair_does(raw_samples):
    kept, duplicates = deduplicate(split_rows(raw_samples))
    assert duplicates.num_rows == 0 and kept.num_rows == 5
    stories = {r["source_file"][:3]: r["story_id"] for r in kept.select(["source_file", "story_id"]).to_pylist()}
    assert stories["002"] is not None and stories["002"] == stories["003"]
    assert [k for k, v in stories.items() if v is not None] == ["002", "003"]
    derived = {
        r["source_file"][:3]: r["derivative_of"] for r in kept.select(["source_file", "derivative_of"]).to_pylist()
    }
    assert sum(v is not None for v in derived.values()) == 1


def test_sample_corpus_copy_near_copy_and_rewrite():
    kept, duplicates = deduplicate(split_rows(RAW))
    by_method = {d["source_file"]: d["method"] for d in duplicates.to_pylist()}
    assert by_method == {"syndicated/gazette-ferry-copy.txt": "exact", "syndicated/ferry-near-copy.txt": "near"}
    rows = {r["source_file"]: r for r in kept.to_pylist()}
    original = rows["harbour/ferry-terminal-closure.txt"]
    assert original["duplicate_count"] == 2
    assert rows["farm/ferry-rewrite.txt"]["story_id"] == original["story_id"] == original["article_id"]
    assert rows["farm/ferry-rewrite.txt"]["derivative_of"] == original["article_id"]
    assert rows["world/wire-quake.txt"]["syndicated_from"] == "CPA"


@pytest.fixture(scope="module")
def bbc():
    rows = split_rows(shared_path("corpora", "bbc"))
    return rows, deduplicate(rows)


def test_bbc_every_exact_group_is_found(bbc):
    rows, (kept, duplicates) = bbc
    ids = [article_id(t) for t in rows.column("text").to_pylist()]
    groups = {i for i in ids if ids.count(i) > 1}
    assert 80 <= len(groups) <= 140
    removed_ids = {d["article_id"] for d in duplicates.to_pylist()}
    assert groups <= removed_ids | set(kept.column("article_id").to_pylist())
    kept_ids = kept.column("article_id").to_pylist()
    assert len(kept_ids) == len(set(kept_ids))  # no exact group survives twice
    assert kept.num_rows + duplicates.num_rows == rows.num_rows


def test_bbc_near_pairs_against_exact_jaccard(bbc):
    rows, (kept, duplicates) = bbc
    settings = Dedup()
    texts = rows.column("text").to_pylist()
    ids = [article_id(t) for t in texts]
    first = {}
    for index, key in enumerate(ids):
        first.setdefault(key, index)
    distinct = sorted(first.values())
    # Exact Jaccard of every pair of distinct texts, from a sparse document x shingle matrix.
    shingles = [shingle_hashes(texts[i], settings.shingle_words) for i in distinct]
    vocabulary = {h: n for n, h in enumerate(np.unique(np.concatenate(shingles)))}
    matrix = sparse.csr_matrix(
        (
            np.ones(sum(len(s) for s in shingles)),
            (
                np.repeat(np.arange(len(shingles)), [len(s) for s in shingles]),
                [vocabulary[h] for s in shingles for h in s],
            ),
        ),
        shape=(len(shingles), len(vocabulary)),
    )
    inter = (matrix @ matrix.T).tocoo()
    sizes = np.array([len(s) for s in shingles])
    truth = set()
    for a, b, n in zip(inter.row, inter.col, inter.data):
        if a < b and n / (sizes[a] + sizes[b] - n) >= settings.near_threshold:
            truth.add((ids[distinct[a]], ids[distinct[b]]))
    truth = {tuple(sorted(p)) for p in truth}
    # Predicted: distinct texts attached to the same kept row by a near link.
    cluster = {}
    for d in duplicates.to_pylist():
        if d["method"] == "near":
            cluster.setdefault(d["duplicate_of"], {d["duplicate_of"]}).add(d["article_id"])
    predicted = {tuple(sorted(p)) for members in cluster.values() for p in itertools.combinations(sorted(members), 2)}
    assert len(truth) >= 15
    recall = len(truth & predicted) / len(truth)
    precision = len(truth & predicted) / len(predicted)
    assert recall >= 0.99 and precision >= 0.99, (
        recall,
        precision,
        sorted(truth - predicted)[:3],
        sorted(predicted - truth)[:3],
    )
