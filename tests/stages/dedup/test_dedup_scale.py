"""Dedup on a few thousand generated documents (benchmarks/corpus.py): same rows whatever the order,
batch size or worker count, and the generated clusters found.  Speed is measured in benchmarks/, not here."""

import random
from dataclasses import replace

import corpus
import pyarrow as pa
import pytest
from bench_dedup import cluster_scores, rows_table

from newsclean.core.config import Dedup
from newsclean.stages.dedup import deduplicate


@pytest.fixture(scope="module")
def generated():
    return corpus.generate(4000, seed=11)


@pytest.fixture(scope="module")
def in_one_process(generated):
    return deduplicate(rows_table(generated), replace(Dedup(), workers=1))


@pytest.mark.parametrize("workers, batch_size, shuffle_seed", [(2, 300, None), (2, 700, 5), (1, 450, 9)])
def test_same_rows_whatever_the_order_batch_size_or_worker_count(
    generated, in_one_process, workers, batch_size, shuffle_seed
):
    docs = list(generated)
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(docs)
    # rows_table names files by position, so a shuffled corpus keeps each document's own name.
    position = {id(d): i for i, d in enumerate(generated)}
    names = [f"gen/{position[id(d)]:07d}.txt" for d in docs]
    table = rows_table(docs).set_column(0, "source_file", pa.array(names, pa.string()))
    kept, duplicates = deduplicate(table, replace(Dedup(), workers=workers, batch_size=batch_size))
    assert kept.equals(in_one_process[0])
    assert duplicates.equals(in_one_process[1])


def test_generated_clusters_are_found_and_hard_negatives_left_alone(generated, in_one_process):
    kept, duplicates = in_one_process
    index_of = {f"gen/{i:07d}.txt": i for i in range(len(generated))}
    root = {
        index_of[r["source_file"]]: r["story_id"] or r["article_id"]
        for r in kept.select(["source_file", "article_id", "story_id"]).to_pylist()
    }
    story_of = dict(
        zip(
            kept.column("article_id").to_pylist(),
            (s or a for s, a in zip(kept.column("story_id").to_pylist(), kept.column("article_id").to_pylist())),
        )
    )
    for d in duplicates.to_pylist():
        root[index_of[d["source_file"]]] = story_of[d["duplicate_of"]]
    predicted = [root[i] for i in range(len(generated))]
    precision, recall, f1 = cluster_scores(predicted, [d.cluster for d in generated])
    assert precision >= 0.97 and f1 >= 0.9, (precision, recall, f1)
    members: dict = {}
    for i, label in enumerate(predicted):
        members.setdefault(label, set()).add(generated[i].cluster)
    for kind in ("brief", "follow_up"):
        negatives = [i for i, d in enumerate(generated) if d.kind == kind]
        alone = sum(members[predicted[i]] == {generated[i].cluster} for i in negatives) / len(negatives)
        assert alone >= 0.95, (kind, alone)
