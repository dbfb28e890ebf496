import random
from datetime import datetime

import pyarrow as pa

from newsclean.dedup import article_id, dedup_exact, normalise_for_hash
from newsclean.split import SPLIT_COLUMNS


def rows_table(rows):
    full = []
    for r in rows:
        base = {name: None for name in SPLIT_COLUMNS.names}
        base.update(authors=[], captions=[], boilerplate_removed=[], text_flags=[], social_handles=[],
                    word_count=len(r["text"].split()), article_type="unknown", url=None)
        base.update(r)
        full.append(base)
    schema = pa.schema([pa.field("source_file", pa.string()), pa.field("segment_index", pa.int32()),
                        pa.field("url", pa.string())] + [f for f in SPLIT_COLUMNS])
    return pa.Table.from_pylist(full, schema=schema)


def test_normalisation_ignores_case_typography_and_spacing():
    assert normalise_for_hash("The mayor’s “plan” —  now") == normalise_for_hash('the mayor\'s "plan" -\nnow')
    assert article_id("A b") == article_id("a  B") and len(article_id("x")) == 32
    assert article_id("A b") != article_id("A c")


def test_copies_go_to_duplicates_and_the_earliest_is_kept():
    text = "Same story body."
    table = rows_table([
        {"source_file": "b.txt", "segment_index": 0, "text": text, "published": datetime(2026, 2, 13)},
        {"source_file": "a.txt", "segment_index": 0, "text": "Other story."},
        {"source_file": "c.txt", "segment_index": 0, "text": text.upper(), "published": datetime(2026, 2, 12)},
        {"source_file": "d.txt", "segment_index": 0, "text": text},
    ])
    kept, duplicates = dedup_exact(table)
    assert kept.column("source_file").to_pylist() == ["a.txt", "c.txt"]
    assert kept.column("duplicate_count").to_pylist() == [0, 2]
    dups = duplicates.to_pylist()
    assert [(d["source_file"], d["reason"]) for d in dups] == [("b.txt", "earliest_published"), ("d.txt", "earliest_published")]
    assert all(d["duplicate_of"] == article_id(text) and d["method"] == "exact" and d["similarity"] == 1.0 for d in dups)


def test_undated_copies_are_decided_by_metadata_then_path():
    text = "Same story body."
    table = rows_table([
        {"source_file": "z.txt", "segment_index": 0, "text": text, "title": "T", "sitename": "S"},
        {"source_file": "a.txt", "segment_index": 0, "text": text},
        {"source_file": "b.txt", "segment_index": 0, "text": text},
    ])
    kept, duplicates = dedup_exact(table)
    assert kept.column("source_file").to_pylist() == ["z.txt"]
    assert {d["source_file"]: d["reason"] for d in duplicates.to_pylist()} == {
        "a.txt": "most_complete_metadata", "b.txt": "most_complete_metadata"}
    kept, duplicates = dedup_exact(rows_table([{"source_file": f, "segment_index": 0, "text": text} for f in ("b.txt", "a.txt")]))
    assert kept.column("source_file").to_pylist() == ["a.txt"]
    assert duplicates.column("reason").to_pylist() == ["first_by_source_path"]


def test_result_does_not_depend_on_input_order():
    rows = [{"source_file": f"f{i % 7}.txt", "segment_index": i, "text": f"story {i % 5}",
             "published": datetime(2026, 1, 1 + i % 3)} for i in range(40)]
    expected = dedup_exact(rows_table(rows))
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        got = dedup_exact(rows_table(shuffled))
        assert got[0].equals(expected[0]) and got[1].equals(expected[1])
