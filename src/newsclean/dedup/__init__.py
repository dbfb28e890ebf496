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
``syndicated_from``, ``story_id``, ``derivative_of``, and the internal
``minhash`` (the signature published in the release's sidecar).  Updates: ``text``,
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
from newsclean.dedup.reference import Reference
from newsclean.dedup.shingles import band_keys, jaccard, normalise_for_hash, shingle_hashes
from newsclean.dedup.syndication import is_agency_original
from newsclean.schema import DUPLICATES

__all__ = ["STAGE", "DUPLICATE_ROWS", "article_id", "deduplicate", "normalise_for_hash"]

STAGE = {
    "name": "dedup",
    "reads": ("text", "published", "title", "description", "authors", "sitename", "source_domain", "url",
              "source_file", "segment_index", "boilerplate_removed"),
    "adds": ("article_id", "duplicate_count", "syndicated_from", "story_id", "derivative_of", "minhash"),
    "updates": ("text", "word_count", "boilerplate_removed"),
}
DUPLICATE_ROWS = pa.schema([f for f in DUPLICATES if f.name != "run_id"])
_META = ["title", "description", "sitename", "source_domain", "published", "url", "authors", "source_file", "segment_index"]


def _duplicate(copy_id: str, kept_id: str, method: str, similarity: float, why: str, row: dict) -> dict:
    return {"article_id": copy_id, "duplicate_of": kept_id, "method": method, "similarity": similarity, "reason": why,
            "source_file": row["source_file"], "segment_index": row["segment_index"], "title": row["title"]}


def deduplicate(rows: pa.Table, settings: Dedup = Dedup(), reference: Reference | None = None) -> tuple[pa.Table, pa.Table]:
    """Split rows -> (kept rows with the dedup columns, duplicates rows without run_id).

    ``reference``: a published dataset (``Reference.load``) whose articles stay
    and whose copies in ``rows`` go to duplicates (``reason = already_published``).
    """
    if reference is None:
        reference = Reference.empty(settings.bands * settings.rows_per_band)
    with Workers(settings.workers, rows.num_rows, settings.batch_size) as workers:
        return _deduplicate(rows, settings, workers, reference)


def _batches(n: int, size: int) -> list[range]:
    return [range(start, min(n, start + size)) for start in range(0, n, size)]


def _deduplicate(rows: pa.Table, settings: Dedup, workers: Workers, reference: Reference) -> tuple[pa.Table, pa.Table]:
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

    winners: list[int] = []
    exact_losers: dict[int, int] = {}  # copy -> the exact group's kept row
    for members in exact_groups(ids).values():
        ordered = sorted(members, key=rank.__getitem__)
        winners.append(ordered[0])
        exact_losers.update({loser: ordered[0] for loser in ordered[1:]})
    winners.sort(key=rank.__getitem__)
    # A text the reference already publishes is removed here; the published article stays.
    published = set(reference.article_ids)
    removals: dict[int, tuple[str, float, str, str | None]] = {  # copy -> (kept id, similarity, method, reason)
        w: (ids[w], 1.0, "exact", "already_published") for w in winners if ids[w] in published}
    winners = [w for w in winners if w not in removals]

    # Near copies among the distinct texts, in keep order after the reference's articles (node x < m
    # is reference article x, node m + j is winners[j]): group (band buckets) -> verify (batches of
    # pairs, on the workers) -> connected components, each keeping its first node.
    m = len(reference)
    keys_by_band = band_keys(np.concatenate([reference.signatures, fingerprints.signatures[winners]]),
                             settings.bands, settings.rows_per_band)
    pairs = [(a, b) for a, b in near.candidate_pairs(keys_by_band).tolist() if b >= m]  # never two published articles
    reference_texts = reference.texts(sorted({a for a, _ in pairs if a < m}))
    text_of = lambda x: reference_texts[x] if x < m else texts[winners[x - m]]  # noqa: E731
    verifying = workers.submit(near.verify, [
        (chunk, {x: text_of(x) for pair in chunk for x in pair}, settings.shingle_words, settings.near_threshold)
        for chunk in (pairs[b.start:b.stop] for b in _batches(len(pairs), settings.batch_size))])

    # Rewrite candidates among the distinct texts, while the workers verify: index -> cosine.
    weights = rewrite.tfidf_weights(fingerprints.term_offsets, fingerprints.terms, fingerprints.term_counts,
                                    np.asarray(winners, np.int64))
    blocks = workers.map(rewrite.top_terms, [(weights[b.start:b.stop],) for b in _batches(len(winners), 4 * settings.batch_size)])
    vectors, indexed = sparse.vstack([v for v, _ in blocks], "csr"), sparse.vstack([x for _, x in blocks], "csr")
    del weights, blocks
    candidates = rewrite.candidate_pairs(indexed)
    similarity = rewrite.cosines(vectors, candidates)
    rewrite_pairs = [(a, b, cos) for (a, b), cos in zip(candidates.tolist(), similarity.tolist())
                     if cos >= settings.rewrite_threshold]
    del vectors, indexed, candidates, similarity

    edges = [edge for part in verifying.result() for edge in part]
    edge_similarity = {(a, b): similarity for a, b, similarity in edges}
    near_of: dict[int, tuple[int, float]] = {}  # copy row -> (kept node, similarity)
    for copy, kept in near.clusters(edges).items():
        similarity = edge_similarity.get((kept, copy))
        if similarity is None:  # joined through a chain of verified pairs: report its own Jaccard with the kept row
            similarity = jaccard(shingle_hashes(text_of(kept), settings.shingle_words),
                                 shingle_hashes(text_of(copy), settings.shingle_words))
        near_of[winners[copy - m]] = (kept, similarity)

    # Rewrites link kept rows only: numbers and word overlap on the workers while the output is assembled.
    rewrite_pairs = [(a, b, cos) for a, b, cos in rewrite_pairs if winners[a] not in near_of and winners[b] not in near_of]
    overlapping = workers.submit(rewrite.text_checked_edges, [
        (chunk, {i: texts[winners[i]] for a, b, _ in chunk for i in (a, b)}, settings.rewrite_min_shared_numbers,
         settings.rewrite_min_word_jaccard)
        for chunk in (rewrite_pairs[b.start:b.stop] for b in _batches(len(rewrite_pairs), settings.batch_size))])

    kept_row = {copy: winners[kept - m] for copy, (kept, _) in near_of.items() if kept >= m}  # copy -> kept row of this run
    for copy, (kept, similarity) in near_of.items():
        removals[copy] = (reference.article_ids[kept] if kept < m else ids[winners[kept - m]], similarity, "near",
                          "already_published" if kept < m else None)
    for copy, winner in exact_losers.items():
        # an exact copy of a near copy (or of a published text) stands behind the same kept row
        removals[copy] = removals[winner][:2] + ("near" if winner in near_of else "exact", removals[winner][3]) \
            if winner in removals else (ids[winner], 1.0, "exact", None)
        if winner in kept_row:
            kept_row[copy] = kept_row[winner]
        elif winner not in removals:
            kept_row[copy] = winner
    # Which keep rule decided: the key tuples of the rows involved only, read in one pass.
    involved = sorted(set(removals) | set(kept_row.values()))
    described = rows.take(pa.array(involved, pa.int64())).select(_META).to_pylist()
    key_of = {i: with_agency(priority_key(m_, settings.outlet_priority), agency[i]) for i, m_ in zip(involved, described)}
    row_of = dict(zip(involved, described))
    duplicates = [_duplicate(ids[copy], kept_id, method, similarity, why or reason(key_of[kept_row[copy]], key_of[copy]), row_of[copy])
                  for copy, (kept_id, similarity, method, why) in sorted(removals.items())]
    del described, key_of, row_of

    kept_rows = [w for w in winners if w not in near_of]  # in keep order; published texts already left winners
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
        # Internal: the signature publish writes to the release's sidecar, for later runs' reference side.
        "minhash": pa.ListArray.from_arrays(
            pa.array(np.arange(len(order) + 1, dtype=np.int32) * fingerprints.signatures.shape[1]),
            pa.array(fingerprints.signatures[np.asarray(order, np.int64)].ravel() if order else np.empty(0, np.uint32))),
    }
    for name, column in additions.items():
        out = out.append_column(name, column)
    duplicates.sort(key=lambda d: (d["source_file"], d["segment_index"]))
    return out, pa.Table.from_pylist(duplicates, schema=DUPLICATE_ROWS)
