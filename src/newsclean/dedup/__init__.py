"""dedup: one row per story copy kept, every other copy accounted for in ``duplicates``.

In order, over the split rows of a run:

1. boilerplate learned from the corpus leaves the text (``boilerplate``);
2. each text's credited origin is read (``syndication``);
3. exact copies of a normalised body are grouped (``exact``);
4. near copies are found with MinHash LSH, verified on their real Jaccard and
   attached to the row they copy (``near``);
5. rewrites among the kept rows are linked by ``story_id`` / ``derivative_of``
   and stay in ``articles`` (``rewrite``).

Which copy is kept follows one rule (``keep``).  The result does not depend
on the order of the input rows.

Reads: ``text``, ``published``, ``title``, ``description``, ``authors``,
``sitename``, ``source_domain``, ``url``, ``source_file``, ``segment_index``,
``boilerplate_removed``.  Adds: ``article_id``, ``duplicate_count``,
``syndicated_from``, ``story_id``, ``derivative_of``.  Updates: ``text``,
``word_count`` and ``boilerplate_removed`` (learned boilerplate).
"""

from __future__ import annotations

import pyarrow as pa

from newsclean.config import Dedup
from newsclean.dedup import boilerplate, near, rewrite
from newsclean.dedup.exact import article_id, exact_groups, id_of_normalised
from newsclean.dedup.keep import priority_key, reason
from newsclean.dedup.shingles import MinHasher, band_keys, normalise_for_hash
from newsclean.dedup.syndication import credited_origin, is_agency_original
from newsclean.schema import DUPLICATES

__all__ = ["STAGE", "DUPLICATE_ROWS", "article_id", "deduplicate", "normalise_for_hash"]

STAGE = {
    "name": "dedup",
    "reads": ("text", "published", "title", "description", "authors", "sitename", "source_domain", "url",
              "source_file", "segment_index", "boilerplate_removed"),
    "adds": ("article_id", "duplicate_count", "syndicated_from", "story_id", "derivative_of"),
    "updates": ("text", "word_count", "boilerplate_removed"),
}
DUPLICATE_ROWS = pa.schema([f for f in DUPLICATES if f.name != "run_id"])
_META = ["title", "description", "sitename", "source_domain", "published", "url", "authors", "source_file", "segment_index"]


def _duplicate(copy_id: str, kept_id: str, method: str, similarity: float, why: str, row: dict) -> dict:
    return {"article_id": copy_id, "duplicate_of": kept_id, "method": method, "similarity": similarity, "reason": why,
            "source_file": row["source_file"], "segment_index": row["segment_index"], "title": row["title"]}


def deduplicate(rows: pa.Table, settings: Dedup = Dedup()) -> tuple[pa.Table, pa.Table]:
    """Split rows -> (kept rows with the dedup columns, duplicates rows without run_id)."""
    meta = rows.select(_META).to_pylist()
    texts = rows.column("text").to_pylist()
    removed = [list(r) for r in rows.column("boilerplate_removed").to_pylist()]

    outlets = [boilerplate.outlet_key(m["sitename"], m["source_domain"]) for m in meta]
    learned = boilerplate.learn(texts, outlets, settings.boilerplate_max_words,
                                settings.boilerplate_min_documents, settings.boilerplate_min_share)
    for i, outlet in enumerate(outlets):
        if outlet in learned:
            texts[i], gone = boilerplate.strip(texts[i], learned[outlet])
            removed[i] += gone

    origins = [credited_origin(text, gone) for text, gone in zip(texts, removed)]
    for m, origin in zip(meta, origins):
        m["agency_original"] = is_agency_original(origin, m["sitename"], m["source_domain"])
    keys = [priority_key(m, settings.outlet_priority) for m in meta]
    normalised = [normalise_for_hash(text) for text in texts]
    ids = [id_of_normalised(n) for n in normalised]

    duplicates: list[dict] = []
    winners: list[int] = []
    exact_losers: dict[int, int] = {}  # copy -> the exact group's kept row
    for members in exact_groups(ids).values():
        ordered = sorted(members, key=keys.__getitem__)
        winners.append(ordered[0])
        exact_losers.update({loser: ordered[0] for loser in ordered[1:]})
    winners.sort(key=keys.__getitem__)

    hasher = MinHasher(settings.bands * settings.rows_per_band)
    winner_texts = [normalised[w] for w in winners]
    signatures = near.signatures(winner_texts, settings.shingle_words, hasher)
    pairs = near.candidate_pairs(band_keys(signatures, settings.bands, settings.rows_per_band))
    edges = near.verified_edges(pairs, winner_texts, settings.shingle_words, settings.near_threshold)
    attached = near.star_clusters(list(range(len(winners))), edges)  # winners are already in keep order
    near_of = {winners[copy]: (winners[kept], similarity) for copy, (kept, similarity) in attached.items()}

    for copy, (kept, similarity) in sorted(near_of.items()):
        duplicates.append(_duplicate(ids[copy], ids[kept], "near", similarity, reason(keys[kept], keys[copy]), meta[copy]))
    for copy, winner in sorted(exact_losers.items()):
        if winner in near_of:  # an exact copy of a near copy stands behind the near copy's kept row
            kept, similarity = near_of[winner]
            duplicates.append(_duplicate(ids[copy], ids[kept], "near", similarity, reason(keys[kept], keys[copy]), meta[copy]))
        else:
            duplicates.append(_duplicate(ids[copy], ids[winner], "exact", 1.0, reason(keys[winner], keys[copy]), meta[copy]))

    kept_rows = [w for w in winners if w not in near_of]  # in keep order
    stands_for: dict[str, int] = {}
    for d in duplicates:
        stands_for[d["duplicate_of"]] = stands_for.get(d["duplicate_of"], 0) + 1

    story_edges = rewrite.rewrite_edges([texts[k] for k in kept_rows], settings.rewrite_threshold,
                                        settings.rewrite_min_word_jaccard, settings.rewrite_min_shared_numbers)
    roots = rewrite.story_clusters(len(kept_rows), story_edges, list(range(len(kept_rows))))
    story = {kept_rows[j]: ids[kept_rows[root]] for j, root in roots.items()}

    order = sorted(kept_rows, key=lambda i: (meta[i]["source_file"], meta[i]["segment_index"]))
    out = rows.take(pa.array(order, pa.int64()))
    updates = {
        "text": pa.array([texts[i] for i in order], pa.string()),
        "word_count": pa.array([len(texts[i].split()) for i in order], pa.int32()),
        "boilerplate_removed": pa.array([removed[i] for i in order], pa.list_(pa.string())),
    }
    for name, column in updates.items():
        out = out.set_column(out.schema.get_field_index(name), out.schema.field(name).with_type(column.type), column)
    additions = {
        "article_id": pa.array([ids[i] for i in order], pa.string()),
        "duplicate_count": pa.array([stands_for.get(ids[i], 0) for i in order], pa.int32()),
        "syndicated_from": pa.array([origins[i] for i in order], pa.string()),
        "story_id": pa.array([story.get(i) for i in order], pa.string()),
        "derivative_of": pa.array([story[i] if story.get(i) not in (None, ids[i]) else None for i in order], pa.string()),
    }
    for name, column in additions.items():
        out = out.append_column(name, column)
    duplicates.sort(key=lambda d: (d["source_file"], d["segment_index"]))
    return out, pa.Table.from_pylist(duplicates, schema=DUPLICATE_ROWS)
