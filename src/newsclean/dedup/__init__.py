"""dedup: one row per story copy kept, every other copy accounted for in ``duplicates``.

In order, over the split rows of a run:

1. boilerplate learned from the corpus leaves the text (``boilerplate``);
2. each text is fingerprinted on its own, in batches over worker processes
   (``fingerprint``: id, credited origin (``syndication``), MinHash signature,
   content-word counts);
3. exact copies of a normalised body are grouped (``exact``);
4. near copies are found with MinHash LSH, verified on their real Jaccard and
   joined into connected components of verified pairs (``near``);
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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from newsclean.config import Dedup
from newsclean.dedup import boilerplate, near, rewrite
from newsclean.dedup.exact import article_id, exact_groups
from newsclean.dedup.fingerprint import Fingerprints, fingerprint
from newsclean.dedup.graph import components
from newsclean.dedup.keep import keep_ranks, priority_key, reason, with_agency
from newsclean.dedup.parallel import Workers
from newsclean.dedup.shingles import band_keys, jaccard, normalise_for_hash, shingle_hashes
from newsclean.dedup.syndication import is_agency_original
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
    with Workers(settings.workers, rows.num_rows, settings.batch_size) as workers:
        return _deduplicate(rows, settings, workers)


def _batches(n: int, size: int) -> list[range]:
    return [range(start, min(n, start + size)) for start in range(0, n, size)]


def _deduplicate(rows: pa.Table, settings: Dedup, workers: Workers) -> tuple[pa.Table, pa.Table]:
    # The workers' parts are submitted first and the main process does what does not need their
    # results meanwhile, so both cores stay busy.
    texts = rows.column("text").to_pylist()
    outlets = [boilerplate.outlet_key(site, domain) for site, domain in
               zip(rows.column("sitename").to_pylist(), rows.column("source_domain").to_pylist())]
    batches = _batches(len(texts), settings.batch_size)

    # map: short paragraphs per outlet -> reduce: learned boilerplate -> map: strip and fingerprint.
    # Counting is cheap and runs here while the worker processes start; the texts cross to the workers once.
    learned = boilerplate.learned_from([boilerplate.count_short(texts[b.start:b.stop], outlets[b.start:b.stop],
                                                                settings.boilerplate_max_words) for b in batches],
                                       outlets, settings.boilerplate_min_documents, settings.boilerplate_min_share)
    removed_column = rows.column("boilerplate_removed")
    num_perm = settings.bands * settings.rows_per_band
    fingerprinting = workers.submit(fingerprint, [
        (texts[b.start:b.stop], removed_column.slice(b.start, len(b)).combine_chunks(), outlets[b.start:b.stop],
         {o: learned[o] for o in set(outlets[b.start:b.stop]) if o in learned}, settings.shingle_words, num_perm)
        for b in batches])
    sites, domains = rows.column("sitename").to_pylist(), rows.column("source_domain").to_pylist()
    file_order = pc.sort_indices(rows, sort_keys=[("source_file", "ascending"), ("segment_index", "ascending")]).to_numpy()
    fingerprints = Fingerprints.concat(fingerprinting.result())
    changed = sorted(fingerprints.stripped)
    for i in changed:
        texts[i] = fingerprints.stripped[i][0]
    origins, ids = fingerprints.origins, fingerprints.ids
    agency = [is_agency_original(origin, site, domain) for origin, site, domain in zip(origins, sites, domains)]
    rank = keep_ranks(rows, agency, settings.outlet_priority).tolist()

    duplicates: list[dict] = []
    winners: list[int] = []
    exact_losers: dict[int, int] = {}  # copy -> the exact group's kept row
    for members in exact_groups(ids).values():
        ordered = sorted(members, key=rank.__getitem__)
        winners.append(ordered[0])
        exact_losers.update({loser: ordered[0] for loser in ordered[1:]})
    winners.sort(key=rank.__getitem__)

    # Near copies among the exact groups' kept rows (the distinct texts), which are in keep order:
    # group (band buckets) -> verify (batches of pairs, on the workers) -> connected components.
    keys_by_band = band_keys(fingerprints.signatures[winners], settings.bands, settings.rows_per_band)
    pairs = near.candidate_pairs(keys_by_band).tolist()
    verifying = workers.submit(near.verify, [
        (chunk, {i: texts[winners[i]] for pair in chunk for i in pair}, settings.shingle_words, settings.near_threshold)
        for chunk in (pairs[b.start:b.stop] for b in _batches(len(pairs), settings.batch_size))])

    # Rewrite candidates among the distinct texts, while the workers verify: index -> cosine -> numbers.
    weights = rewrite.tfidf_weights(fingerprints.term_offsets, fingerprints.terms, fingerprints.term_counts,
                                    np.asarray(winners, np.int64))
    blocks = workers.map(rewrite.top_terms, [(weights[b.start:b.stop],) for b in _batches(len(winners), 4 * settings.batch_size)])
    vectors, indexed = sparse.vstack([v for v, _ in blocks], "csr"), sparse.vstack([x for _, x in blocks], "csr")
    del weights, blocks
    candidates = rewrite.candidate_pairs(indexed)
    similarity = rewrite.cosines(vectors, candidates)
    numbers = fingerprints.numbers
    rewrite_pairs = [(a, b, cos) for (a, b), cos in zip(candidates.tolist(), similarity.tolist())
                     if cos >= settings.rewrite_threshold
                     and rewrite.numbers_agree(numbers[winners[a]], numbers[winners[b]], settings.rewrite_min_shared_numbers)]
    del vectors, indexed, candidates, similarity

    edges = [edge for part in verifying.result() for edge in part]
    edge_similarity = {(a, b): similarity for a, b, similarity in edges}
    near_of = {}
    for copy, kept in near.clusters(edges).items():
        similarity = edge_similarity.get((kept, copy))
        if similarity is None:  # joined through a chain of verified pairs: report its own Jaccard with the kept row
            similarity = jaccard(shingle_hashes(texts[winners[kept]], settings.shingle_words),
                                 shingle_hashes(texts[winners[copy]], settings.shingle_words))
        near_of[winners[copy]] = (winners[kept], similarity)

    # Rewrites link kept rows only: word overlap on the workers while the output is assembled.
    rewrite_pairs = [(a, b, cos) for a, b, cos in rewrite_pairs if winners[a] not in near_of and winners[b] not in near_of]
    overlapping = workers.submit(rewrite.word_overlap_edges, [
        (chunk, {i: texts[winners[i]] for a, b, _ in chunk for i in (a, b)}, settings.rewrite_min_word_jaccard)
        for chunk in (rewrite_pairs[b.start:b.stop] for b in _batches(len(rewrite_pairs), settings.batch_size))])

    removals = {copy: (kept, similarity, "near") for copy, (kept, similarity) in near_of.items()}
    for copy, winner in exact_losers.items():
        # an exact copy of a near copy stands behind the near copy's kept row
        removals[copy] = (*near_of[winner], "near") if winner in near_of else (winner, 1.0, "exact")
    # Which keep rule decided: the key tuples of the rows involved only, read in one pass.
    involved = sorted({i for copy, (kept, _, _) in removals.items() for i in (copy, kept)})
    described = rows.take(pa.array(involved, pa.int64())).select(_META).to_pylist()
    key_of = {i: with_agency(priority_key(m, settings.outlet_priority), agency[i]) for i, m in zip(involved, described)}
    row_of = dict(zip(involved, described))
    for copy, (kept, similarity, method) in sorted(removals.items()):
        duplicates.append(_duplicate(ids[copy], ids[kept], method, similarity, reason(key_of[kept], key_of[copy]), row_of[copy]))
    del described, key_of, row_of

    kept_rows = [w for w in winners if w not in near_of]  # in keep order
    stands_for: dict[str, int] = {}
    for d in duplicates:
        stands_for[d["duplicate_of"]] = stands_for.get(d["duplicate_of"], 0) + 1

    is_kept = np.zeros(rows.num_rows, bool)
    is_kept[kept_rows] = True
    order = file_order[is_kept[file_order]].tolist()
    out = rows.take(pa.array(order, pa.int64()))
    # Rows that lost learned boilerplate take their new values; the others keep theirs (Arrow take, no Python copy).
    slot = {i: rows.num_rows + j for j, i in enumerate(changed)}
    before = removed_column.take(pa.array(changed, pa.int64())).to_pylist()
    pick = pa.array([slot.get(i, i) for i in order], pa.int64())
    replacements = {
        "text": pa.array([texts[i] for i in changed], pa.string()),
        "word_count": pa.array([fingerprints.stripped[i][2] for i in changed], pa.int32()),
        "boilerplate_removed": pa.array([(kept or []) + fingerprints.stripped[i][1] for i, kept in zip(changed, before)],
                                        pa.list_(pa.string())),
    }
    updates = {name: pa.chunked_array(rows.column(name).cast(column.type).chunks + [column]).take(pick)
               for name, column in replacements.items()}
    for name, column in updates.items():
        out = out.set_column(out.schema.get_field_index(name), out.schema.field(name).with_type(column.type), column)

    # Rewrite stories: components of the linked pairs, each rooted at its first row in keep order.
    story_edges = [edge for part in overlapping.result() for edge in part]
    story = {winners[j]: ids[winners[root]] for j, root in components(story_edges).items()}
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
