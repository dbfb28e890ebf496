"""A published release as the reference side: a later batch's copies of its articles are removed."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import RAW
from test_dedup import STORY, rows_table

from newsclean.core.config import Dedup, Limits
from newsclean.outputs.publish import RunInfo, final_tables, publish, sidecar_tables
from newsclean.stages.dataset_splits import assign_splits
from newsclean.stages.dedup import deduplicate
from newsclean.stages.dedup.reference import Reference, ReferenceError
from newsclean.stages.dedup.shingles import jaccard, shingle_hashes
from newsclean.stages.discover import discover
from newsclean.stages.ingest import ingest
from newsclean.stages.language import add_language
from newsclean.stages.reliability import tag_reliability
from newsclean.stages.split import split

NUM_PERM = Dedup().bands * Dedup().rows_per_band


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    ingested = ingest(discover(RAW).files, Limits())
    rows, split_quarantine = split(add_language(ingested.documents))
    articles, duplicates = deduplicate(rows)
    articles = assign_splits(tag_reliability(articles))
    run = RunInfo.new()
    tables = final_tables(articles, duplicates, pa.concat_tables([ingested.quarantine, split_quarantine]), run)
    publish(tables, out, run, {}, 3, sidecar_tables(articles))
    return out, tables["articles"]


def test_publish_writes_the_signatures_beside_the_release_without_a_top_level_link(published):
    out, articles = published
    sidecar = pq.read_table(out / "current" / "signatures" / "part-00000.parquet")
    ids = sidecar.column("article_id").to_pylist()
    assert len(ids) == articles.num_rows and set(ids) == set(articles.column("article_id").to_pylist())
    assert {len(m) for m in sidecar.column("minhash").to_pylist()} == {NUM_PERM}
    assert not (out / "signatures").exists()
    assert "minhash" not in articles.column_names


def test_copies_of_published_articles_are_removed_and_the_published_ones_stay(published):
    out, articles = published
    texts = dict(zip(articles.column("article_id").to_pylist(), articles.column("text").to_pylist()))
    by_length = sorted(texts, key=lambda a: len(texts[a].split()), reverse=True)
    exact_id, near_id = by_length[0], by_length[1]
    words = texts[near_id].split(" ")
    words[len(words) // 2] = "zeppelin"
    near_text = " ".join(words)
    batch = rows_table(
        [
            {"source_file": "later/exact.txt", "segment_index": 0, "text": texts[exact_id].upper()},
            {"source_file": "later/near.txt", "segment_index": 0, "text": near_text},
            {"source_file": "later/new.txt", "segment_index": 0, "text": STORY},
        ]
    )
    kept, duplicates = deduplicate(batch, reference=Reference.load(out, NUM_PERM))
    assert kept.column("source_file").to_pylist() == ["later/new.txt"]
    rows = {d["source_file"]: d for d in duplicates.to_pylist()}
    assert rows["later/exact.txt"]["duplicate_of"] == exact_id and rows["later/exact.txt"]["method"] == "exact"
    assert rows["later/near.txt"]["duplicate_of"] == near_id and rows["later/near.txt"]["method"] == "near"
    assert {d["reason"] for d in rows.values()} == {"already_published"}
    expected = jaccard(shingle_hashes(texts[near_id], 5), shingle_hashes(near_text, 5))
    assert rows["later/near.txt"]["similarity"] == pytest.approx(expected, abs=1e-6) and expected >= 0.8


def test_without_a_reference_the_same_batch_keeps_everything(published):
    _, articles = published
    text = articles.column("text").to_pylist()[0]
    kept, duplicates = deduplicate(rows_table([{"source_file": "a.txt", "segment_index": 0, "text": text}]))
    assert kept.num_rows == 1 and duplicates.num_rows == 0


def test_a_folder_without_a_release_is_refused(tmp_path):
    with pytest.raises(ReferenceError, match="no signatures sidecar"):
        Reference.load(tmp_path, NUM_PERM)
