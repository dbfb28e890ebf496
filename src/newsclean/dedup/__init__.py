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

from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from newsclean.config import Dedup
from newsclean.dedup import boilerplate, near, rewrite
from newsclean.dedup.exact import article_id, exact_groups
from newsclean.dedup.fingerprint import Fingerprints, fingerprint
from newsclean.dedup.graph import components
from newsclean.dedup.keep import KeepKeys
from newsclean.parallel import Workers
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
    sites, domains = rows.column("sitename").to_pylist(), rows.column("source_domain").to_pylist()
    outlets = [boilerplate.outlet_key(site, domain) for site, domain in zip(sites, domains)]
    batches = _batches(rows.num_rows, settings.batch_size) or [range(0, 0)]  # an empty run still gets empty arrays

    def part(column: str, b: range) -> pa.Array:  # a batch's slice, compact (a sliced buffer pickles whole)
        return rows.column(column).slice(b.start, len(b)).combine_chunks()

    # map: short paragraphs per outlet -> reduce: learned boilerplate -> map: strip and fingerprint.
    # Texts travel to the workers as Arrow arrays and come back stripped, as Arrow arrays: the main
    # process never turns the corpus into Python strings.
    counting = workers.submit(_count_batch, [(part("text", b), outlets[b.start:b.stop], settings.boilerplate_max_words)
                                             for b in batches])
    file_order = pc.sort_indices(rows, sort_keys=[("source_file", "ascending"), ("segment_index", "ascending")]).to_numpy()
    learned = boilerplate.learned_from(counting.result(), outlets, settings.boilerplate_min_documents,
                                       settings.boilerplate_min_share)
    num_perm = settings.bands * settings.rows_per_band
    fingerprints = Fingerprints.concat(workers.map(fingerprint, [
        (part("text", b), part("word_count", b), part("boilerplate_removed", b), outlets[b.start:b.stop],
         {o: learned[o] for o in set(outlets[b.start:b.stop]) if o in learned}, settings.shingle_words, num_perm)
        for b in batches]))
    text_column = fingerprints.text  # after learned boilerplate left
    ids = fingerprints.ids
    agency = [is_agency_original(origin, site, domain) for origin, site, domain in zip(fingerprints.origins, sites, domains)]
    keep = KeepKeys.of(rows, agency, settings.outlet_priority)
    rank = keep.rank.tolist()

    # Exact copies: one group per id, kept in keep order; a text the reference already publishes
    # is removed here (the published article stays).
    winners: list[int] = []
    exact_losers: dict[int, int] = {}  # copy -> the exact group's kept row
    for members in exact_groups(ids).values():
        ordered = sorted(members, key=rank.__getitem__)
        winners.append(ordered[0])
        exact_losers.update({loser: ordered[0] for loser in ordered[1:]})
    winners.sort(key=rank.__getitem__)
    published = set(reference.article_ids)
    removals: dict[int, tuple[str, float, str, str | None]] = {  # copy -> (kept id, similarity, method, reason)
        w: (ids[w], 1.0, "exact", "already_published") for w in winners if ids[w] in published}
    winners = [w for w in winners if w not in removals]

    # Near copies, in keep order after the reference's articles (node x < m is reference article x,
    # node m + j is winners[j]): band buckets here -> verify (batches of pairs, on the workers) ->
    # connected components, each keeping its first node.
    m = len(reference)
    keys_by_band = band_keys(np.concatenate([reference.signatures, fingerprints.signatures[winners]]),
                             settings.bands, settings.rows_per_band)
    pairs = [(a, b) for a, b in near.candidate_pairs(keys_by_band).tolist() if b >= m]  # never two published articles
    reference_texts = reference.texts(sorted({a for a, _ in pairs if a < m}))

    def texts_of(nodes: set[int]) -> tuple[dict[int, str], list[int], pa.Array]:
        """A job's texts: the reference's as strings, the run's as (nodes, one Arrow take)."""
        own = sorted(x for x in nodes if x >= m)
        return ({x: reference_texts[x] for x in nodes if x < m}, own,
                text_column.take(pa.array([winners[x - m] for x in own], pa.int64())))

    verifying = workers.submit(_verify_batch, [
        (chunk, *texts_of({x for pair in chunk for x in pair}), settings.shingle_words, settings.near_threshold)
        for chunk in (pairs[b.start:b.stop] for b in _batches(len(pairs), settings.batch_size))])

    # Rewrite candidates among the distinct texts while the workers verify: TF-IDF weights here, each
    # row's top terms on the workers, then the index and the cosines here.
    weights = rewrite.tfidf_weights(fingerprints.term_offsets, fingerprints.terms, fingerprints.term_counts,
                                    np.asarray(winners, np.int64))
    blocks = workers.map(rewrite.top_terms, [(weights[b.start:b.stop],)
                                             for b in _batches(len(winners), 4 * settings.batch_size) or [range(0, 0)]])
    del weights
    vectors, indexed = sparse.vstack([v for v, _ in blocks], "csr"), sparse.vstack([x for _, x in blocks], "csr")
    del blocks
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
            kept_text = reference_texts[kept] if kept < m else text_column[winners[kept - m]].as_py()
            similarity = jaccard(shingle_hashes(kept_text, settings.shingle_words),
                                 shingle_hashes(text_column[winners[copy - m]].as_py(), settings.shingle_words))
        near_of[winners[copy - m]] = (kept, similarity)

    # Rewrites link kept rows only: numbers and word overlap on the workers while the output is assembled.
    rewrite_pairs = [(a, b, cos) for a, b, cos in rewrite_pairs if winners[a] not in near_of and winners[b] not in near_of]
    overlapping = workers.submit(_rewrite_batch, [
        (chunk, *texts_of({m + i for a, b, _ in chunk for i in (a, b)}), m, settings.rewrite_min_shared_numbers,
         settings.rewrite_min_word_jaccard)
        for chunk in (rewrite_pairs[b.start:b.stop] for b in _batches(len(rewrite_pairs), settings.batch_size))])

    kept_row = {copy: winners[kept - m] for copy, (kept, _) in near_of.items() if kept >= m}  # copy -> kept row of this run
    for copy, (kept, similarity) in near_of.items():
        removals[copy] = (reference.article_ids[kept] if kept < m else ids[winners[kept - m]], similarity, "near",
                          "already_published" if kept < m else None)
    for copy, winner in exact_losers.items():
        # an exact copy of a near copy (or of a published text) stands behind the same kept row
        if winner in removals:
            removals[copy] = removals[winner][:2] + ("near" if winner in near_of else "exact", removals[winner][3])
            if winner in kept_row:
                kept_row[copy] = kept_row[winner]
        else:
            removals[copy] = (ids[winner], 1.0, "exact", None)
            kept_row[copy] = winner
    duplicates = _duplicates_table(rows, removals, kept_row, keep, ids, file_order)

    kept_rows = [w for w in winners if w not in near_of]  # in keep order; published texts already left winners
    is_kept = np.zeros(rows.num_rows, bool)
    is_kept[kept_rows] = True
    order = file_order[is_kept[file_order]]
    out = _kept_table(rows, order, fingerprints)

    # Rewrite stories: components of the linked pairs, each rooted at its first row in keep order.
    story_edges = [edge for part in overlapping.result() for edge in part]
    story = {winners[j]: ids[winners[root]] for j, root in components(story_edges).items()}
    stands_for = Counter(duplicates.column("duplicate_of").to_pylist())
    order_list = order.tolist()
    additions = {
        "article_id": pa.array([ids[i] for i in order_list], pa.string()),
        "duplicate_count": pa.array([stands_for.get(ids[i], 0) for i in order_list], pa.int32()),
        "syndicated_from": pa.array([fingerprints.origins[i] for i in order_list], pa.string()),
        "story_id": pa.array([story.get(i) for i in order_list], pa.string()),
        "derivative_of": pa.array([story[i] if story.get(i) not in (None, ids[i]) else None for i in order_list],
                                  pa.string()),
        # Internal: the signature publish writes to the release's sidecar, for later runs' reference side.
        "minhash": pa.ListArray.from_arrays(
            pa.array(np.arange(len(order) + 1, dtype=np.int32) * num_perm),
            pa.array(fingerprints.signatures[order].ravel() if len(order) else np.empty(0, np.uint32))),
    }
    for name, column in additions.items():
        out = out.append_column(name, column)
    return out, duplicates


def _duplicates_table(rows: pa.Table, removals: dict[int, tuple[str, float, str, str | None]], kept_row: dict[int, int],
                      keep: KeepKeys, ids: list[str], file_order: np.ndarray) -> pa.Table:
    """One row per removed copy, in (source_file, segment_index) order; the rule that decided found for all at once."""
    position = np.empty(rows.num_rows, np.int64)
    position[file_order] = np.arange(rows.num_rows)
    copies = np.asarray(sorted(removals, key=position.__getitem__), np.int64)
    facts = [removals[c] for c in copies.tolist()]
    decided = [why for *_, why in facts]
    undecided = np.asarray([j for j, why in enumerate(decided) if why is None], np.int64)
    if undecided.size:
        found = keep.reasons(np.asarray([kept_row[c] for c in copies[undecided].tolist()], np.int64), copies[undecided])
        for j, why in zip(undecided.tolist(), found.tolist()):
            decided[j] = why
    described = rows.select(["source_file", "segment_index", "title"]).take(pa.array(copies))
    return pa.table({
        "article_id": pa.array([ids[c] for c in copies.tolist()], pa.string()),
        "duplicate_of": pa.array([kept for kept, *_ in facts], pa.string()),
        "method": pa.array([method for _, _, method, _ in facts], pa.string()),
        "similarity": pa.array([similarity for _, similarity, _, _ in facts], pa.float32()),
        "reason": pa.array(decided, pa.string()),
        "source_file": described.column("source_file"),
        "segment_index": described.column("segment_index"),
        "title": described.column("title"),
    }, schema=DUPLICATE_ROWS)


def _kept_table(rows: pa.Table, order: np.ndarray, fingerprints: Fingerprints) -> pa.Table:
    """The kept rows in file order, with text, word count and removed lines as learned boilerplate left them."""
    indices = pa.array(order, pa.int64())
    out = rows.take(indices)
    for name, column in (("text", fingerprints.text), ("word_count", fingerprints.word_count),
                         ("boilerplate_removed", fingerprints.removed)):
        at = out.schema.get_field_index(name)
        out = out.set_column(at, out.schema.field(name).with_type(column.type), column.take(indices))
    return out


# Worker jobs: Arrow arrays in, the stage functions' plain arguments out.
def _count_batch(texts: pa.Array, outlets: list[str], max_words: int):
    return boilerplate.count_short(texts.to_pylist(), outlets, max_words)


def _texts(reference_texts: dict[int, str], own: list[int], own_texts: pa.Array, shift: int = 0) -> dict[int, str]:
    return {**reference_texts, **{x - shift: t for x, t in zip(own, own_texts.to_pylist())}}


def _verify_batch(pairs, reference_texts, own, own_texts, shingle_words, threshold):
    return near.verify(pairs, _texts(reference_texts, own, own_texts), shingle_words, threshold)


def _rewrite_batch(pairs, reference_texts, own, own_texts, shift, min_shared_numbers, min_word_jaccard):
    return rewrite.text_checked_edges(pairs, _texts(reference_texts, own, own_texts, shift), min_shared_numbers,
                                      min_word_jaccard)
