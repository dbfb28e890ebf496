import random
from dataclasses import replace
from datetime import datetime

import numpy as np
import pyarrow as pa
import pytest

from newsclean.core.config import Dedup
from newsclean.stages.dedup import article_id, deduplicate, normalise_for_hash
from newsclean.stages.dedup.near import candidate_pairs, clusters
from newsclean.stages.dedup.shingles import jaccard, shingle_hashes
from newsclean.stages.dedup.syndication import credited_origin
from newsclean.stages.split import SPLIT_COLUMNS

STORY = " ".join(
    f"Sentence {i} of the harbour story tells how the board voted on the {w} plan for the pier."
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
        ]
    )
)


def rows_table(rows):
    full = []
    for r in rows:
        base = {name: None for name in SPLIT_COLUMNS.names}
        base.update(
            authors=[],
            captions=[],
            boilerplate_removed=[],
            text_flags=[],
            social_handles=[],
            word_count=len(r["text"].split()),
            article_type="unknown",
            url=None,
        )
        base.update(r)
        full.append(base)
    schema = pa.schema(
        [pa.field("source_file", pa.string()), pa.field("segment_index", pa.int32()), pa.field("url", pa.string())]
        + [f for f in SPLIT_COLUMNS]
    )
    return pa.Table.from_pylist(full, schema=schema)


def test_normalisation_ignores_case_typography_and_spacing():
    assert normalise_for_hash("The mayor’s “plan” —  now") == normalise_for_hash('the mayor\'s "plan" -\nnow')
    assert article_id("A b") == article_id("a  B") and len(article_id("x")) == 32
    assert article_id("A b") != article_id("A c")


def test_copies_go_to_duplicates_and_the_earliest_is_kept():
    text = "Same story body."
    table = rows_table(
        [
            {"source_file": "b.txt", "segment_index": 0, "text": text, "published": datetime(2026, 2, 13)},
            {"source_file": "a.txt", "segment_index": 0, "text": "Other story."},
            {"source_file": "c.txt", "segment_index": 0, "text": text.upper(), "published": datetime(2026, 2, 12)},
            {"source_file": "d.txt", "segment_index": 0, "text": text},
        ]
    )
    kept, duplicates = deduplicate(table)
    assert kept.column("source_file").to_pylist() == ["a.txt", "c.txt"]
    assert kept.column("duplicate_count").to_pylist() == [0, 2]
    dups = duplicates.to_pylist()
    assert [(d["source_file"], d["reason"]) for d in dups] == [
        ("b.txt", "earliest_published"),
        ("d.txt", "earliest_published"),
    ]
    assert all(
        d["duplicate_of"] == article_id(text) and d["method"] == "exact" and d["similarity"] == 1.0 for d in dups
    )


def test_undated_copies_are_decided_by_metadata_then_path():
    text = "Same story body."
    kept, duplicates = deduplicate(
        rows_table(
            [
                {"source_file": "z.txt", "segment_index": 0, "text": text, "title": "T", "sitename": "S"},
                {"source_file": "a.txt", "segment_index": 0, "text": text},
            ]
        )
    )
    assert kept.column("source_file").to_pylist() == ["z.txt"]
    assert duplicates.column("reason").to_pylist() == ["most_complete_metadata"]
    kept, duplicates = deduplicate(
        rows_table([{"source_file": f, "segment_index": 0, "text": text} for f in ("b.txt", "a.txt")])
    )
    assert kept.column("source_file").to_pylist() == ["a.txt"] and duplicates.column("reason").to_pylist() == [
        "first_by_source_path"
    ]


def test_outlet_priority_overrides_the_date():
    rows = [
        {
            "source_file": "a.txt",
            "segment_index": 0,
            "text": STORY,
            "sitename": "Early Times",
            "published": datetime(2026, 1, 1),
        },
        {
            "source_file": "b.txt",
            "segment_index": 0,
            "text": STORY,
            "sitename": "Preferred Post",
            "published": datetime(2026, 1, 5),
        },
    ]
    kept, duplicates = deduplicate(rows_table(rows), replace(Dedup(), outlet_priority=("preferred post",)))
    assert kept.column("source_file").to_pylist() == ["b.txt"] and duplicates.column("reason").to_pylist() == [
        "outlet_priority"
    ]


def test_near_copies_are_verified_on_their_real_jaccard():
    edited = STORY.replace("sixth", "6th").replace("Sentence 12", "Line 12")
    far = STORY.replace("plan", "idea").replace("board", "council").replace("pier", "quay")
    table = rows_table(
        [
            {"source_file": "a.txt", "segment_index": 0, "text": STORY, "published": datetime(2026, 1, 1)},
            {"source_file": "b.txt", "segment_index": 0, "text": edited, "published": datetime(2026, 1, 2)},
            {"source_file": "c.txt", "segment_index": 0, "text": far, "published": datetime(2026, 1, 3)},
        ]
    )
    kept, duplicates = deduplicate(table)
    (dup,) = duplicates.to_pylist()
    assert dup["source_file"] == "b.txt" and dup["method"] == "near" and dup["duplicate_of"] == article_id(STORY)
    assert abs(dup["similarity"] - jaccard(shingle_hashes(STORY, 5), shingle_hashes(edited, 5))) < 1e-6
    assert dup["similarity"] >= 0.8
    assert kept.column("source_file").to_pylist() == ["a.txt", "c.txt"]
    assert kept.column("duplicate_count").to_pylist() == [1, 0]


def test_clusters_are_components_of_verified_pairs_and_keep_their_first():
    # a~b and b~c verified, a~c not: one cluster, kept row a; d~e is another; f stands alone.
    edges = [(0, 1, 0.85), (1, 2, 0.9), (3, 4, 0.8)]
    assert clusters(edges) == {1: 0, 2: 0, 4: 3}


def test_a_chain_reports_each_copys_real_jaccard_with_the_kept_row():
    sentences = [f"Sentence {i} of the harbour story mentions the {i}th pier and {i * 7} boats." for i in range(40)]
    a = " ".join(sentences)
    edited = [s.replace("story", "report").replace("pier", "quay") for s in sentences]
    b = " ".join(sentences[:34] + edited[34:])  # the end edited
    c = " ".join(edited[:6] + sentences[6:34] + edited[34:])  # and then the start
    pair = lambda x, y: jaccard(shingle_hashes(x, 5), shingle_hashes(y, 5))  # noqa: E731
    assert pair(a, b) >= 0.8 and pair(b, c) >= 0.8 and pair(a, c) < 0.8
    table = rows_table(
        [
            {"source_file": f"{name}.txt", "segment_index": 0, "text": text, "published": datetime(2026, 1, day)}
            for day, (name, text) in enumerate([("a", a), ("b", b), ("c", c)], start=1)
        ]
    )
    kept, duplicates = deduplicate(table)
    assert kept.column("source_file").to_pylist() == ["a.txt"]
    similarity = {d["source_file"]: d["similarity"] for d in duplicates.to_pylist()}
    assert similarity == pytest.approx({"b.txt": pair(a, b), "c.txt": pair(a, c)}, abs=1e-6)


def test_band_buckets_pair_every_member_once():
    keys = np.array([[1, 7], [1, 8], [2, 8], [1, 9]], np.uint64)
    assert candidate_pairs(keys).tolist() == [[0, 1], [0, 3], [1, 2], [1, 3]]


def test_templated_briefs_are_different_stories():
    template = (
        "{company} reported a quarterly profit of {profit} million pounds on Tuesday, up from {before} million a year "
        "earlier, as sales rose {growth} per cent. Chief executive {boss} said demand had been strong in every region "
        "and that the company would pay a dividend of {dividend} pence a share."
    )
    firms = [
        ("Harrow Foods", "Ada Pennington"),
        ("Kessock Steel", "Rui Costa"),
        ("Lowmarsh Energy", "Ilse Marwood"),
        ("Brightwater Retail", "Joel Amsell"),
        ("Thornby Mills", "Fern Castellano"),
    ]
    rows = [
        {
            "source_file": f"brief-{i}.txt",
            "segment_index": 0,
            "text": template.format(
                company=c, boss=b, profit=120 + 17 * i, before=90 + 11 * i, growth=3 + i, dividend=12 + i
            ),
        }
        for i, (c, b) in enumerate(firms)
    ]
    kept, duplicates = deduplicate(rows_table(rows))
    assert kept.num_rows == 5 and duplicates.num_rows == 0
    assert kept.column("story_id").null_count == 5


def test_syndication_credits():
    assert credited_origin("LONDON (AP) — The story begins.\n\nMore.", []) == "Associated Press"
    assert credited_origin("ORLEN, Vantara (CPA) — A quake struck.", []) == "CPA"
    assert credited_origin("The story.\n\n— Agence France-Presse", []) == "Agence France-Presse"
    assert credited_origin("The story.", ["Copyright 2026 Reuters. All rights reserved."]) == "Reuters"
    assert (
        credited_origin("The story.\n\nThis article originally appeared in The Conversation.", []) == "The Conversation"
    )
    assert credited_origin("The story.\n\nReporting by Ada Pennington; Editing by Rui Costa", []) == "Reuters"
    assert credited_origin("A local story with no credit (none at all) - the end.", []) is None


def test_the_agencys_own_version_is_kept():
    wire = "BRIGHTWATER (Reuters) — " + STORY
    rows = [
        {
            "source_file": "copy.txt",
            "segment_index": 0,
            "text": wire,
            "sitename": "Daily Courier",
            "published": datetime(2026, 1, 1),
        },
        {
            "source_file": "wire.txt",
            "segment_index": 0,
            "text": wire,
            "sitename": "Reuters",
            "published": datetime(2026, 1, 2),
        },
    ]
    kept, duplicates = deduplicate(rows_table(rows))
    assert kept.column("source_file").to_pylist() == ["wire.txt"] and kept.column("syndicated_from").to_pylist() == [
        "Reuters"
    ]
    assert duplicates.column("reason").to_pylist() == ["agency_original"]


def test_boilerplate_is_learned_per_outlet_and_quotes_stay():
    furniture = "Follow our live coverage of the council on the website."
    quote = "“We will not give up,” said the campaign’s leader."
    rows = []
    for i in range(6):
        body = f"Story number {i} is about topic {i * 7} and nothing else at all."
        paragraphs = [body, furniture] + ([quote] if i < 2 else [])
        rows.append(
            {"source_file": f"s{i}.txt", "segment_index": 0, "text": "\n\n".join(paragraphs), "sitename": "The Gazette"}
        )
    rows.append(
        {
            "source_file": "other.txt",
            "segment_index": 0,
            "text": "Another outlet's story.\n\n" + furniture,
            "sitename": "Other",
        }
    )
    kept, _ = deduplicate(rows_table(rows))
    by_file = {r["source_file"]: r for r in kept.to_pylist()}
    assert furniture not in by_file["s3.txt"]["text"] and by_file["s3.txt"]["boilerplate_removed"] == [furniture]
    assert quote in by_file["s0.txt"]["text"]
    assert furniture in by_file["other.txt"]["text"]  # one document of its outlet: not learned
    assert by_file["s3.txt"]["word_count"] == len(by_file["s3.txt"]["text"].split())


def test_result_does_not_depend_on_input_order():
    rows = [
        {
            "source_file": f"f{i % 7}.txt",
            "segment_index": i,
            "text": (STORY if i % 3 else STORY.replace("sixth", "6th")) + f" Coda {i % 5}.",
            "published": datetime(2026, 1, 1 + i % 3),
        }
        for i in range(30)
    ]
    expected = deduplicate(rows_table(rows))
    for seed in range(4):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        got = deduplicate(rows_table(shuffled))
        assert got[0].equals(expected[0]) and got[1].equals(expected[1])


def test_an_empty_run_gives_empty_tables_with_every_column():
    kept, duplicates = deduplicate(rows_table([]))
    assert kept.num_rows == 0 and duplicates.num_rows == 0
    assert {"article_id", "story_id", "derivative_of", "minhash"} <= set(kept.column_names)


def test_fingerprints_concatenated_as_they_come_equal_those_concatenated_at_once():
    from newsclean.stages.dedup.fingerprint import Fingerprints, fingerprint

    texts = [
        f"Story {k}: the council met on Tuesday and voted {k} to {k + 1} on the budget for the harbour."
        for k in range(7)
    ]
    parts = [
        fingerprint(
            pa.array(texts[a:b]),
            pa.array([17] * (b - a), pa.int32()),
            pa.array([0] * (b - a), pa.int32()),
            ["outlet"] * (b - a),
            {},
            3,
            32,
        )
        for a, b in ((0, 3), (3, 4), (4, 7))
    ]
    at_once_ids = [i for p in parts for i in p.ids]
    as_they_come = Fingerprints.concat(iter(parts), rows=len(texts))
    assert as_they_come.ids == at_once_ids and len(set(at_once_ids)) == len(texts)
    assert as_they_come.signatures.shape == (len(texts), 32)
    np.testing.assert_array_equal(as_they_come.signatures, np.concatenate([p.signatures for p in parts]))
    np.testing.assert_array_equal(as_they_come.terms, np.concatenate([p.terms for p in parts]))
    with pytest.raises(ValueError, match="6 signatures, not 7"):
        Fingerprints.concat(iter(parts[:1] + parts[2:]), rows=len(texts))


def test_among_copies_otherwise_alike_the_one_with_more_words_is_kept_before_path_order():
    """A near copy that lost a paragraph is the copy to remove, whatever its path (issue 21)."""
    paragraphs = [
        f"Paragraph {k} of the harbour story tells what the board decided on the ferry, the pier and the "
        f"timetable for the winter months, and what the islanders said about it at meeting {k}."
        for k in range(8)
    ]
    full, short = "\n\n".join(paragraphs), "\n\n".join(paragraphs[:7])
    kept, duplicates = deduplicate(
        rows_table(
            [
                {"source_file": "a.txt", "segment_index": 0, "text": short},
                {"source_file": "b.txt", "segment_index": 0, "text": full},
            ]
        )
    )
    assert kept.column("source_file").to_pylist() == ["b.txt"]
    assert duplicates.column("reason").to_pylist() == ["most_complete_text"]
    assert duplicates.column("method").to_pylist() == ["near"]
