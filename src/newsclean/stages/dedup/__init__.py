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

import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from newsclean.core.config import Dedup
from newsclean.core.contract import Stage
from newsclean.core.schema import DUPLICATES
from newsclean.runtime.memory import release_free_memory
from newsclean.runtime.parallel import Workers
from newsclean.runtime.rowstore import LOCATOR, RowStore, read_part, restore, write_part
from newsclean.stages.dedup import boilerplate, near, rewrite
from newsclean.stages.dedup.exact import article_id
from newsclean.stages.dedup.fingerprint import Fingerprints, fingerprint_part
from newsclean.stages.dedup.graph import components
from newsclean.stages.dedup.keep import KeepKeys
from newsclean.stages.dedup.reference import Reference
from newsclean.stages.dedup.shingles import band_keys, jaccard, normalise_for_hash, shingle_hashes
from newsclean.stages.dedup.syndication import is_agency_original

__all__ = ["STAGE", "DUPLICATE_ROWS", "article_id", "deduplicate", "deduplicate_stored", "normalise_for_hash"]

DUPLICATE_ROWS = pa.schema([f for f in DUPLICATES if f.name != "run_id"])


def deduplicate(
    rows: pa.Table, settings: Dedup = Dedup(), reference: Reference | None = None
) -> tuple[pa.Table, pa.Table]:
    """Split rows -> (kept rows with the dedup columns, duplicates rows without run_id), all in memory.

    ``reference``: a published dataset (``Reference.load``) whose articles stay
    and whose copies in ``rows`` go to duplicates (``reason = already_published``).
    The texts go through a temporary ``RowStore``, as in a run: one code path.
    """
    with tempfile.TemporaryDirectory(prefix="newsclean-dedup-") as scratch:
        meta, raw = RowStore.of_table(rows, ["text"], Path(scratch) / "raw", settings.batch_size)
        kept, duplicates, stripped = deduplicate_stored(meta, raw, Path(scratch) / "stripped", settings, reference)
        return restore(kept, stripped, ["text", "minhash"], {"text": rows.schema.get_field_index("text")}), duplicates


def deduplicate_stored(
    rows: pa.Table, texts: RowStore, scratch: Path, settings: Dedup = Dedup(), reference: Reference | None = None
) -> tuple[pa.Table, pa.Table, RowStore]:
    """``deduplicate`` with the texts in a ``RowStore``: ``rows`` hold ``stored_at`` (0, 1, ... in store order)
    instead of ``text``.  Returns the kept rows (``stored_at`` now into the third item, a store of the stripped
    ``text`` and the ``minhash`` signatures, written under ``scratch``) and the duplicates.  The parts of ``texts``
    are the batches of the per-text work, so the texts never enter this process."""
    if reference is None:
        reference = Reference.empty(settings.bands * settings.rows_per_band)
    if not np.array_equal(rows.column(LOCATOR).to_numpy(), np.arange(rows.num_rows)):
        raise ValueError("deduplicate_stored needs the rows in store order (stored_at = 0, 1, 2, ...)")
    if not texts.parts:  # an empty run still gets a part, and so empty arrays of the right shapes
        texts = RowStore.of_parts(
            [write_part(pa.table({"text": pa.array([], pa.string())}), Path(scratch) / "empty.arrow")],
            pa.schema([("text", pa.string())]),
        )
    with Workers(
        settings.workers, rows.num_rows, settings.batch_size
    ) as workers:  # no pool for a small run: starting one costs seconds
        return _deduplicate(rows, texts, Path(scratch), settings, workers, reference)


def _outlets(rows: pa.Table) -> tuple[np.ndarray, list[str]]:
    """(each row's outlet as a position in the list, the outlets (``boilerplate.outlet_key``)), worked out once
    per distinct (sitename, source_domain) pair: a million rows as Python strings would be hundreds of MB."""

    def codes(column: str) -> tuple[np.ndarray, list]:
        encoded = pc.dictionary_encode(rows.column(column)).combine_chunks()
        return (
            pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64) + 1,
            [None] + encoded.dictionary.to_pylist(),
        )

    site, sites = codes("sitename")
    domain, domains = codes("source_domain")
    pairs, pair_of_row = np.unique(site * len(domains) + domain, return_inverse=True)
    keys = [boilerplate.outlet_key(sites[p // len(domains)], domains[p % len(domains)]) for p in pairs.tolist()]
    key_codes, names = pd.factorize(pd.Series(keys, dtype=object))
    return np.asarray(key_codes, np.int64)[pair_of_row.reshape(-1)], list(names)


def _exact_groups(ids: list[str], rank: np.ndarray) -> tuple[list[int], dict[int, int]]:
    """(the first row of each group of equal ids in keep order, sorted by rank; {other row: its group's first})."""
    group, _ = pd.factorize(pd.Series(ids, dtype=object))
    order = np.lexsort((rank, group))
    first = np.ones(len(ids), bool)
    first[1:] = group[order][1:] != group[order][:-1]
    head = order[np.maximum.accumulate(np.where(first, np.arange(len(ids)), 0))]  # each sorted row's group head
    winners = order[first]
    return winners[np.argsort(rank[winners], kind="stable")].tolist(), dict(
        zip(order[~first].tolist(), head[~first].tolist())
    )


def _stack_rows(blocks, rows: int, columns: int, per_row: tuple[int, ...]) -> tuple[sparse.csr_matrix, ...]:
    """Stack the workers' blocks of CSR matrices by rows, as they come: block k holds one matrix of each kind, with
    at most ``per_row[kind]`` entries a row.  The stacks are allocated at that bound and filled block by block, so
    the blocks are never all in memory beside them (sparse.vstack of the returned list held both)."""
    index = np.int32 if rows * max(per_row) < 2**31 else np.int64  # one index type: scipy would copy to unify them
    stacks: list = [None] * len(per_row)
    row, at = 0, [0] * len(per_row)
    for block in blocks:
        for kind, matrix in enumerate(block):
            if stacks[kind] is None:  # allocated at the first block, in its value type
                stacks[kind] = (
                    np.empty(rows * per_row[kind], matrix.dtype),
                    np.empty(rows * per_row[kind], index),
                    np.zeros(rows + 1, index),
                )
            data, indices, indptr = stacks[kind]
            data[at[kind] : at[kind] + matrix.nnz], indices[at[kind] : at[kind] + matrix.nnz] = (
                matrix.data,
                matrix.indices,
            )
            indptr[row + 1 : row + 1 + matrix.shape[0]] = matrix.indptr[1:] + at[kind]
            at[kind] += matrix.nnz
        row += block[0].shape[0]
        del block, matrix
    if stacks[0] is None:  # no blocks: no rows
        return tuple(sparse.csr_matrix((rows, columns)) for _ in per_row)
    return tuple(
        sparse.csr_matrix((data[:end], indices[:end], indptr), shape=(rows, columns))
        for (data, indices, indptr), end in zip(stacks, at)
    )


def _batches(n: int, size: int) -> list[range]:
    return [range(start, min(n, start + size)) for start in range(0, n, size)]


STRIPPED = pa.schema([("text", pa.string()), ("minhash", pa.list_(pa.uint32()))])


def _deduplicate(
    rows: pa.Table, texts: RowStore, scratch: Path, settings: Dedup, workers: Workers, reference: Reference
) -> tuple[pa.Table, pa.Table, RowStore]:
    # The workers' parts are submitted first and the main process does what does not need their
    # results meanwhile, so both cores stay busy.
    outlet_codes, outlet_names = _outlets(rows)
    batches = [texts.part_rows(k) for k in range(len(texts.parts))]

    def part(column: str, b: range) -> pa.Array:  # a batch's slice, compact (a sliced buffer pickles whole)
        return rows.column(column).slice(b.start, len(b)).combine_chunks()

    # map: short paragraphs per outlet -> reduce: learned boilerplate -> map: strip and fingerprint.
    # The workers read the texts from the store's parts and write the stripped ones to parts of their own:
    # the main process never holds the corpus.
    counting = workers.submit(
        _count_part,
        [
            (path, outlet_codes[b.start : b.stop], settings.boilerplate_max_words)
            for path, b in zip(texts.parts, batches)
        ],
    )
    file_order = pc.sort_indices(
        rows, sort_keys=[("source_file", "ascending"), ("segment_index", "ascending")]
    ).to_numpy()
    learned = boilerplate.learned_from(
        counting.result(),
        outlet_codes,
        outlet_names,
        settings.boilerplate_min_documents,
        settings.boilerplate_min_share,
    )

    def outlets(b: range) -> list[str]:
        return [outlet_names[code] for code in outlet_codes[b.start : b.stop].tolist()]

    scratch.mkdir(parents=True, exist_ok=True)
    stripped_parts = [str(scratch / f"stripped-{k:05d}.arrow") for k in range(len(batches))]
    fingerprints = Fingerprints.concat(
        workers.submit(
            fingerprint_part,
            [
                (
                    path,
                    part("word_count", b),
                    part("boilerplate_removed", b),
                    outlets(b),
                    {o: learned[o] for o in set(outlets(b)) if o in learned},
                    settings.shingle_words,
                    settings.bands,
                    settings.rows_per_band,
                    out,
                )
                for path, b, out in zip(texts.parts, batches, stripped_parts)
            ],
        ).each(),
        rows.num_rows,
    )
    stripped = RowStore.of_parts([(out, len(b)) for out, b in zip(stripped_parts, batches)], STRIPPED)
    ids = fingerprints.ids
    agency = np.zeros(rows.num_rows, bool)  # only a text that credits an origin can be the agency's own
    credited = [i for i, origin in enumerate(fingerprints.origins) if origin is not None]
    if credited:
        at = pa.array(credited, pa.int64())
        agency[credited] = [
            is_agency_original(fingerprints.origins[i], site, domain)
            for i, site, domain in zip(
                credited,
                rows.column("sitename").take(at).to_pylist(),
                rows.column("source_domain").take(at).to_pylist(),
            )
        ]
    keep = KeepKeys.of(rows, agency, settings.outlet_priority)

    # Exact copies: one group per id, kept in keep order; a text the reference already publishes
    # is removed here (the published article stays).
    winners, exact_losers = _exact_groups(ids, keep.rank)  # exact_losers: copy -> the exact group's kept row
    published = set(reference.article_ids)
    removals: dict[int, tuple[str, float, str, str | None]] = {  # copy -> (kept id, similarity, method, reason)
        w: (ids[w], 1.0, "exact", "already_published") for w in winners if ids[w] in published
    }
    winners = [w for w in winners if w not in removals]

    # Near copies, in keep order after the reference's articles (node x < m is reference article x,
    # node m + j is winners[j]): band buckets here -> verify (batches of pairs, on the workers) ->
    # connected components, each keeping its first node.
    m = len(reference)
    keys_by_band = np.concatenate(
        [band_keys(reference.signatures, settings.bands, settings.rows_per_band), fingerprints.signatures[winners]]
    )  # the workers' band keys
    fingerprints.signatures = None  # done with: a million texts' band keys are 160 MB
    pairs = near.candidate_pairs(keys_by_band)
    del keys_by_band
    pairs = pairs[pairs[:, 1] >= m]  # never two published articles; an array, as a list of tuples is 10x the memory
    reference_texts = reference.texts(sorted(set(pairs[pairs[:, 0] < m, 0].tolist())))

    winner_rows = np.asarray(winners, np.int64)

    def texts_of(nodes: np.ndarray) -> tuple[dict[int, str], np.ndarray, np.ndarray, RowStore]:
        """A job's texts: the reference's as strings, the run's as (nodes, their rows in the stripped store),
        arrays: a job list of Python ints for millions of pairs was hundreds of MB."""
        nodes = np.unique(nodes)
        own = nodes[nodes >= m]
        return {x: reference_texts[x] for x in nodes[nodes < m].tolist()}, own, winner_rows[own - m], stripped

    verifying = workers.submit(
        _verify_batch,
        [
            (chunk, *texts_of(chunk.ravel()), settings.shingle_words, settings.near_threshold)
            for chunk in (pairs[b.start : b.stop] for b in _batches(len(pairs), settings.batch_size))
        ],
    )
    del pairs

    # Rewrite candidates among the distinct texts, queued on the workers behind the verification: TF-IDF
    # weights and each row's top terms there, then the index and the cosines here.
    # The terms are in the stripped store: document frequencies per part on the workers -> the IDF here,
    # saved for them -> each part's top terms on the workers, its rows in row order -> keep order here.
    by_row = np.sort(winner_rows)
    cuts = np.searchsorted(by_row, np.asarray(stripped.offsets))
    jobs = [
        (path, by_row[cuts[k] : cuts[k + 1]] - stripped.offsets[k])
        for k, path in enumerate(stripped.parts)
        if cuts[k + 1] > cuts[k]
    ]
    vocabulary, idf = rewrite.inverse_document_frequencies(
        workers.map(rewrite.document_frequencies, jobs), len(winners)
    )
    np.save(scratch / "vocabulary.npy", vocabulary)
    np.save(scratch / "idf.npy", idf)
    blocks = workers.submit(
        rewrite.part_top_terms,
        [(path, rows_, str(scratch / "vocabulary.npy"), str(scratch / "idf.npy")) for path, rows_ in jobs],
    )
    release_free_memory()  # before the largest allocation of the stage: what the steps so far freed
    vectors, indexed = _stack_rows(
        blocks.each(), len(winners), len(vocabulary), (rewrite.TOP_TERMS, rewrite.INDEX_TERMS)
    )
    del blocks, vocabulary, idf
    # The matrices' rows are the winners in row order (reordering them would copy them): pairs are found
    # there and then renumbered in keep order, a < b, ascending, as if found in keep order.
    keep_position = np.empty(len(winners), np.int64)
    keep_position[np.searchsorted(by_row, winner_rows)] = np.arange(len(winners))
    candidates = rewrite.candidate_pairs(indexed)
    similarity = rewrite.cosines(vectors, candidates)
    del vectors, indexed
    candidates = np.sort(keep_position[candidates], axis=1)
    ascending = np.lexsort((candidates[:, 1], candidates[:, 0]))
    rewrite_pairs = [
        (a, b, cos)
        for (a, b), cos in zip(candidates[ascending].tolist(), similarity[ascending].tolist())
        if cos >= settings.rewrite_threshold
    ]
    del candidates, similarity, ascending
    release_free_memory()  # the matrices' heap, before the output tables are built

    edges = [edge for part in verifying.result() for edge in part]
    edge_similarity = {(a, b): similarity for a, b, similarity in edges}
    clusters = near.clusters(edges)
    # A copy joined through a chain of verified pairs reports its own Jaccard with the kept row.
    chained = sorted(
        {x for copy, kept in clusters.items() if (kept, copy) not in edge_similarity for x in (copy, kept)}
    )
    chain_texts = _texts(*texts_of(np.asarray(chained, np.int64))) if chained else {}
    near_of: dict[int, tuple[int, float]] = {}  # copy row -> (kept node, similarity)
    for copy, kept in clusters.items():
        similarity = edge_similarity.get((kept, copy))
        if similarity is None:
            similarity = jaccard(
                shingle_hashes(chain_texts[kept], settings.shingle_words),
                shingle_hashes(chain_texts[copy], settings.shingle_words),
            )
        near_of[winners[copy - m]] = (kept, similarity)

    # Rewrites link kept rows only: numbers and word overlap on the workers while the output is assembled.
    rewrite_pairs = [
        (a, b, cos) for a, b, cos in rewrite_pairs if winners[a] not in near_of and winners[b] not in near_of
    ]
    overlapping = workers.submit(
        _rewrite_batch,
        [
            (
                chunk,
                *texts_of(m + np.asarray([i for a, b, _ in chunk for i in (a, b)], np.int64)),
                m,
                settings.rewrite_min_shared_numbers,
                settings.rewrite_min_word_jaccard,
            )
            for chunk in (rewrite_pairs[b.start : b.stop] for b in _batches(len(rewrite_pairs), settings.batch_size))
        ],
    )

    kept_row = {
        copy: winners[kept - m] for copy, (kept, _) in near_of.items() if kept >= m
    }  # copy -> kept row of this run
    for copy, (kept, similarity) in near_of.items():
        removals[copy] = (
            reference.article_ids[kept] if kept < m else ids[winners[kept - m]],
            similarity,
            "near",
            "already_published" if kept < m else None,
        )
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
    out = _kept_table(rows, order, fingerprints)  # its stored_at: the same rows of the stripped store

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
        "derivative_of": pa.array(
            [story[i] if story.get(i) not in (None, ids[i]) else None for i in order_list], pa.string()
        ),
    }
    for name, column in additions.items():
        out = out.append_column(name, column)
    return out, duplicates, stripped


def _duplicates_table(
    rows: pa.Table,
    removals: dict[int, tuple[str, float, str, str | None]],
    kept_row: dict[int, int],
    keep: KeepKeys,
    ids: list[str],
    file_order: np.ndarray,
) -> pa.Table:
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
    return pa.table(
        {
            "article_id": pa.array([ids[c] for c in copies.tolist()], pa.string()),
            "duplicate_of": pa.array([kept for kept, *_ in facts], pa.string()),
            "method": pa.array([method for _, _, method, _ in facts], pa.string()),
            "similarity": pa.array([similarity for _, similarity, _, _ in facts], pa.float32()),
            "reason": pa.array(decided, pa.string()),
            "source_file": described.column("source_file"),
            "segment_index": described.column("segment_index"),
            "title": described.column("title"),
        },
        schema=DUPLICATE_ROWS,
    )


def _kept_table(rows: pa.Table, order: np.ndarray, fingerprints: Fingerprints) -> pa.Table:
    """The kept rows in file order, with word count and removed lines as learned boilerplate left them."""
    indices = pa.array(order, pa.int64())
    out = rows.take(indices)
    for name, column in (("word_count", fingerprints.word_count), ("boilerplate_removed", fingerprints.removed)):
        at = out.schema.get_field_index(name)
        out = out.set_column(at, out.schema.field(name).with_type(column.type), column.take(indices))
    return out


# Worker jobs: store parts and row numbers in, the stage functions' plain arguments out.
def _count_part(path: str, outlet_codes: np.ndarray, max_words: int):
    return boilerplate.count_short(read_part(path, ["text"]).column("text").to_pylist(), outlet_codes, max_words)


def _texts(
    reference_texts: dict[int, str], own: np.ndarray, locators: np.ndarray, store: RowStore, shift: int = 0
) -> dict[int, str]:
    return {
        **reference_texts,
        **{x - shift: t for x, t in zip(own.tolist(), store.column(locators, "text").to_pylist())},
    }


def _verify_batch(pairs: np.ndarray, reference_texts, own, locators, store, shingle_words, threshold):
    return near.verify(
        [tuple(pair) for pair in pairs.tolist()],
        _texts(reference_texts, own, locators, store),
        shingle_words,
        threshold,
    )


def _rewrite_batch(pairs, reference_texts, own, locators, store, shift, min_shared_numbers, min_word_jaccard):
    return rewrite.text_checked_edges(
        pairs, _texts(reference_texts, own, locators, store, shift), min_shared_numbers, min_word_jaccard
    )


STAGE = Stage(
    "dedup",
    deduplicate_stored,
    reads=(
        "text",
        "published",
        "title",
        "description",
        "authors",
        "sitename",
        "source_domain",
        "url",
        "source_file",
        "segment_index",
        "boilerplate_removed",
    ),
    adds=("article_id", "duplicate_count", "syndicated_from", "story_id", "derivative_of", "minhash"),
    updates=("text", "word_count", "boilerplate_removed"),
)
