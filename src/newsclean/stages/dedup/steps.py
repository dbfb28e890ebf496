"""dedup's steps, in the order ``_deduplicate`` runs them, each handing the next a frozen dataclass of named results.

fingerprint -> keep -> exact -> near -> rewrites -> assemble.  Four index spaces meet here, and each hand-off
names the one it is in:

- row: a row's position in the stage's ``rows``, which is also its place in the text and stripped stores;
- keep order: a position in ``ExactCopies.rows_in_keep_order`` (the distinct texts, the one to keep first);
- graph node: the near step's, node x < len(reference) is reference article x, node len(reference) + j is
  keep position j;
- file order: (``source_file``, ``segment_index``), the order of the output tables.

A step that puts work on the workers is in two halves: ``start_*`` submits it and hands on the pending work,
the next half collects it, and the main process does the step in between meanwhile, so both cores stay busy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from newsclean.core.config import Dedup
from newsclean.core.outlet import outlet_keys
from newsclean.core.schema import DUPLICATES
from newsclean.runtime.memory import release_free_memory
from newsclean.runtime.parallel import Pending, Workers
from newsclean.runtime.rowstore import RowStore, read_part
from newsclean.stages.dedup import boilerplate, near, rewrite
from newsclean.stages.dedup.fingerprint import Fingerprints, fingerprint_part
from newsclean.stages.dedup.graph import components
from newsclean.stages.dedup.keep import KeepKeys
from newsclean.stages.dedup.reference import Reference
from newsclean.stages.dedup.shingles import band_keys, jaccard, shingle_hashes
from newsclean.stages.dedup.syndication import is_agency_original

DUPLICATE_ROWS = pa.schema([f for f in DUPLICATES if f.name != "run_id"])
STRIPPED = pa.schema([("text", pa.string()), ("minhash", pa.list_(pa.uint32()))])


# fingerprint: boilerplate learned on the workers (map: counts, reduce: here), then every text stripped and
# fingerprinted on the workers, which read the texts from the store's parts and write the stripped ones to parts
# of their own: the main process never holds the corpus.


@dataclass(frozen=True)
class Counting:
    """The workers counting short paragraphs per outlet (``counts``, pending), and each row's outlet
    (``outlet_of_row``: by row, a position in ``outlet_names``)."""

    outlet_of_row: np.ndarray
    outlet_names: list[str]
    counts: Pending


def start_boilerplate_counts(rows: pa.Table, texts: RowStore, settings: Dedup, workers: Workers) -> Counting:
    """Submits the short-paragraph counts of every part of ``texts``; hands on the pending counts and the outlets."""
    outlet_of_row, outlet_names = _outlets(rows)
    counts = workers.submit(
        _count_part,
        [
            (path, outlet_of_row[b.start : b.stop], settings.boilerplate_max_words)
            for path, b in zip(texts.parts, _part_rows(texts))
        ],
    )
    return Counting(outlet_of_row, outlet_names, counts)


@dataclass(frozen=True)
class Fingerprinted:
    """Every text's fingerprint, by row."""

    ids: list[str]  # article_id: the hash of the normalised body, after learned boilerplate left
    origins: list[str | None]  # the origin the text credits (``syndicated_from``)
    band_keys: np.ndarray | None  # (rows, bands) uint64 LSH band keys; None once the near step has its own
    word_count: pa.Array  # after learned boilerplate left
    boilerplate_removed: pa.Array  # the same, with the paragraphs it took
    stripped: RowStore  # the stripped texts and signatures (STRIPPED), with the terms the rewrite step reads


def fingerprint(
    rows: pa.Table, texts: RowStore, counting: Counting, scratch: Path, settings: Dedup, workers: Workers
) -> Fingerprinted:
    """Learns each outlet's boilerplate from the counts, then strips and fingerprints every part of ``texts`` on the
    workers, into a store of stripped parts under ``scratch``.  Keeps nothing of the texts but that store; hands on
    each row's id, credited origin, band keys and updated columns."""
    learned = boilerplate.learned_from(
        counting.counts.result(),
        counting.outlet_of_row,
        counting.outlet_names,
        settings.boilerplate_min_documents,
        settings.boilerplate_min_share,
    )
    batches = _part_rows(texts)

    def part(column: str, b: range) -> pa.Array:  # a batch's slice, compact (a sliced buffer pickles whole)
        return rows.column(column).slice(b.start, len(b)).combine_chunks()

    def outlets(b: range) -> list[str]:
        return [counting.outlet_names[code] for code in counting.outlet_of_row[b.start : b.stop].tolist()]

    scratch.mkdir(parents=True, exist_ok=True)
    stripped_parts = [str(scratch / f"stripped-{k:05d}.arrow") for k in range(len(batches))]
    found = Fingerprints.concat(
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
    return Fingerprinted(found.ids, found.origins, found.signatures, found.word_count, found.removed, stripped)


def file_order(rows: pa.Table) -> np.ndarray:
    """Every row, in file order (the order of both output tables)."""
    return pc.sort_indices(rows, sort_keys=[("source_file", "ascending"), ("segment_index", "ascending")]).to_numpy()


# keep: one rule decides which copy stays (keep.py); here its keys for every row.


def keep_keys(rows: pa.Table, origins: list[str | None], priority: tuple[str, ...]) -> KeepKeys:
    """The keep rule's keys of every row, by row, and each row's ``rank`` in keep order; a row is the agency's
    original when it is published by the origin it credits."""
    agency = np.zeros(rows.num_rows, bool)  # only a text that credits an origin can be the agency's own
    credited = [i for i, origin in enumerate(origins) if origin is not None]
    if credited:
        at = pa.array(credited, pa.int64())
        agency[credited] = [
            is_agency_original(origins[i], site, domain)
            for i, site, domain in zip(
                credited,
                rows.column("sitename").take(at).to_pylist(),
                rows.column("source_domain").take(at).to_pylist(),
            )
        ]
    return KeepKeys.of(rows, agency, priority)


# exact


@dataclass(frozen=True)
class ExactCopies:
    """The groups of rows that share an id, by row."""

    rows_in_keep_order: list[int]  # the first row of each group in keep order, but for those of published_rows
    published_rows: list[int]  # the first rows of the groups whose text the reference already publishes
    first_of_copy: dict[int, int]  # every other row of a group -> the group's first row


def exact_copies(ids: list[str], rank: np.ndarray, reference: Reference) -> ExactCopies:
    """Groups the rows by id, each group first in keep order (``rank``).  Hands on the groups: the distinct texts
    that go on to the near step, the texts the reference publishes (their articles stay, they leave) and the
    copies behind each group's first row."""
    group, _ = pd.factorize(pd.Series(ids, dtype=object))
    order = np.lexsort((rank, group))
    first = np.ones(len(ids), bool)
    first[1:] = group[order][1:] != group[order][:-1]
    head = order[np.maximum.accumulate(np.where(first, np.arange(len(ids)), 0))]  # each sorted row's group head
    firsts = order[first]
    firsts = firsts[np.argsort(rank[firsts], kind="stable")].tolist()
    published = set(reference.article_ids)
    return ExactCopies(
        [w for w in firsts if ids[w] not in published],
        [w for w in firsts if ids[w] in published],
        dict(zip(order[~first].tolist(), head[~first].tolist())),
    )


# near: band buckets here -> verify (batches of pairs, on the workers) -> connected components of the verified
# pairs, in graph nodes (keep order after the reference's articles), each keeping its first node.


def node_band_keys(keys_of_rows: np.ndarray, exact: ExactCopies, reference: Reference, settings: Dedup) -> np.ndarray:
    """The band keys of every graph node: the reference's articles', then the distinct texts' in keep order."""
    return np.concatenate(
        [
            band_keys(reference.signatures, settings.bands, settings.rows_per_band),
            keys_of_rows[exact.rows_in_keep_order],
        ]
    )


@dataclass(frozen=True)
class NodeTexts:
    """Where the graph nodes' texts are: the reference articles' that are candidates of a pair, read once, and the
    stripped store's rows of the distinct texts (``rows_in_keep_order``, an array)."""

    published: int  # len(reference): node x < published is reference article x
    reference_texts: dict[int, str]  # node -> text
    rows_in_keep_order: np.ndarray
    stripped: RowStore

    def job(self, nodes: np.ndarray) -> tuple[dict[int, str], np.ndarray, np.ndarray, RowStore]:
        """A job's texts (``_texts`` of the four): the reference's as strings, the run's as (nodes, their rows in the
        stripped store), arrays: a job list of Python ints for millions of pairs was hundreds of MB."""
        nodes = np.unique(nodes)
        own = nodes[nodes >= self.published]
        return (
            {x: self.reference_texts[x] for x in nodes[nodes < self.published].tolist()},
            own,
            self.rows_in_keep_order[own - self.published],
            self.stripped,
        )


@dataclass(frozen=True)
class NearCandidates:
    """The candidate pairs being verified on the workers: per batch, the (a, b, jaccard) pairs of graph nodes, a < b,
    that reach the threshold (``verifying``, pending); and where the nodes' texts are."""

    verifying: Pending
    texts: NodeTexts


def start_near_verification(
    keys_of_nodes: np.ndarray,
    exact: ExactCopies,
    reference: Reference,
    stripped: RowStore,
    settings: Dedup,
    workers: Workers,
) -> NearCandidates:
    """Pairs the graph nodes that share a band key (never two published articles) and submits their verification in
    batches.  Keeps no pairs; hands on the pending verification and the nodes' texts."""
    m = len(reference)
    pairs = near.candidate_pairs(keys_of_nodes)
    pairs = pairs[pairs[:, 1] >= m]  # an array, as a list of tuples is 10x the memory
    texts = NodeTexts(
        m,
        reference.texts(sorted(set(pairs[pairs[:, 0] < m, 0].tolist()))),
        np.asarray(exact.rows_in_keep_order, np.int64),
        stripped,
    )
    verifying = workers.submit(
        _verify_batch,
        [
            (chunk, *texts.job(chunk.ravel()), settings.shingle_words, settings.near_threshold)
            for chunk in (pairs[b.start : b.stop] for b in _batches(len(pairs), settings.batch_size))
        ],
    )
    return NearCandidates(verifying, texts)


@dataclass(frozen=True)
class NearCopies:
    """The distinct texts that are near copies of another, by row; a copy is in ``kept_row`` or in ``published``."""

    similarity: dict[int, float]  # copy -> its own Jaccard with the text kept
    kept_row: dict[int, int]  # copy -> the row of this run kept for it
    published: dict[int, int]  # copy -> the reference article kept for it (a position in reference.article_ids)


def near_copies(candidates: NearCandidates, exact: ExactCopies, shingle_words: int) -> NearCopies:
    """Joins the verified pairs into components, each kept by its first node; a copy joined through a chain of
    verified pairs reports its own Jaccard with the kept text.  Keeps no graph nodes: hands on the copies by row."""
    edges = [edge for part in candidates.verifying.result() for edge in part]
    edge_similarity = {(a, b): similarity for a, b, similarity in edges}
    clusters = near.clusters(edges)
    chained = sorted(
        {x for copy, kept in clusters.items() if (kept, copy) not in edge_similarity for x in (copy, kept)}
    )
    chain_texts = _texts(*candidates.texts.job(np.asarray(chained, np.int64))) if chained else {}
    m, winners = candidates.texts.published, exact.rows_in_keep_order
    similarities: dict[int, float] = {}
    kept_row: dict[int, int] = {}
    published: dict[int, int] = {}
    for copy, kept in clusters.items():
        similarity = edge_similarity.get((kept, copy))
        if similarity is None:
            similarity = jaccard(
                shingle_hashes(chain_texts[kept], shingle_words), shingle_hashes(chain_texts[copy], shingle_words)
            )
        row = winners[copy - m]
        similarities[row] = similarity
        if kept < m:
            published[row] = kept
        else:
            kept_row[row] = winners[kept - m]
    return NearCopies(similarities, kept_row, published)


# rewrites: candidates among the distinct texts while the near pairs are verified (TF-IDF weights and each text's
# top terms on the workers, the index and the cosines here), then the text checks on the workers while the output
# is assembled, then stories: components of the linked pairs, in keep order.


@dataclass(frozen=True)
class RewriteCandidates:
    """(a, b, cosine) of the distinct texts whose TF-IDF cosine reaches ``rewrite_threshold``: a < b keep positions,
    ascending."""

    pairs_in_keep_order: list[tuple[int, int, float]]


def rewrite_candidates(
    stripped: RowStore, exact: ExactCopies, scratch: Path, settings: Dedup, workers: Workers
) -> RewriteCandidates:
    """The distinct texts' terms are in the stripped store: document frequencies per part on the workers -> the IDF
    here, saved under ``scratch`` for them -> each part's top terms on the workers, in row order -> the candidate
    pairs and their cosines here.  Keeps no matrices; hands on the pairs over the threshold, in keep order."""
    winner_rows = np.asarray(exact.rows_in_keep_order, np.int64)
    by_row = np.sort(winner_rows)
    cuts = np.searchsorted(by_row, np.asarray(stripped.offsets))
    jobs = [
        (path, by_row[cuts[k] : cuts[k + 1]] - stripped.offsets[k])
        for k, path in enumerate(stripped.parts)
        if cuts[k + 1] > cuts[k]
    ]
    vocabulary, idf = rewrite.inverse_document_frequencies(
        workers.map(rewrite.document_frequencies, jobs), len(winner_rows)
    )
    np.save(scratch / "vocabulary.npy", vocabulary)
    np.save(scratch / "idf.npy", idf)
    blocks = workers.submit(
        rewrite.part_top_terms,
        [(path, rows, str(scratch / "vocabulary.npy"), str(scratch / "idf.npy")) for path, rows in jobs],
    )
    release_free_memory()  # before the largest allocation of the stage: what the steps so far freed
    vectors, indexed = _stack_rows(
        blocks.each(), len(winner_rows), len(vocabulary), (rewrite.TOP_TERMS, rewrite.INDEX_TERMS)
    )
    del blocks, vocabulary, idf
    # The matrices' rows are the distinct texts in row order (reordering them would copy them): pairs are found
    # there and then renumbered in keep order, a < b, ascending, as if found in keep order.
    keep_position = np.empty(len(winner_rows), np.int64)
    keep_position[np.searchsorted(by_row, winner_rows)] = np.arange(len(winner_rows))
    candidates = rewrite.candidate_pairs(indexed)
    similarity = rewrite.cosines(vectors, candidates)
    del vectors, indexed
    candidates = np.sort(keep_position[candidates], axis=1)
    ascending = np.lexsort((candidates[:, 1], candidates[:, 0]))
    pairs = [
        (a, b, cos)
        for (a, b), cos in zip(candidates[ascending].tolist(), similarity[ascending].tolist())
        if cos >= settings.rewrite_threshold
    ]
    del candidates, similarity, ascending
    release_free_memory()  # the matrices' heap, before the output tables are built
    return RewriteCandidates(pairs)


@dataclass(frozen=True)
class RewriteChecks:
    """The candidate pairs being checked on their texts on the workers: per batch, the (a, b, cosine) pairs that are
    rewrites, a < b keep positions (``linking``, pending)."""

    linking: Pending


def start_rewrite_checks(
    candidates: RewriteCandidates,
    near_found: NearCopies,
    exact: ExactCopies,
    stripped: RowStore,
    settings: Dedup,
    workers: Workers,
) -> RewriteChecks:
    """Submits the numbers and word-overlap checks of the candidate pairs of two kept texts (rewrites link kept rows
    only: a near copy leaves).  Keeps nothing; hands on the pending checks."""
    winners = exact.rows_in_keep_order
    pairs = [
        (a, b, cos)
        for a, b, cos in candidates.pairs_in_keep_order
        if winners[a] not in near_found.similarity and winners[b] not in near_found.similarity
    ]
    winner_rows = np.asarray(winners, np.int64)

    def job(chunk: list[tuple[int, int, float]]) -> tuple:
        positions = np.unique(np.asarray([i for a, b, _ in chunk for i in (a, b)], np.int64))
        return chunk, positions, winner_rows[positions], stripped

    linking = workers.submit(
        _rewrite_batch,
        [
            (*job(pairs[b.start : b.stop]), settings.rewrite_min_shared_numbers, settings.rewrite_min_word_jaccard)
            for b in _batches(len(pairs), settings.batch_size)
        ],
    )
    return RewriteChecks(linking)


@dataclass(frozen=True)
class Stories:
    """``story_of_row``: every row of a rewrite story, by row -> the id of the story's first row in keep order."""

    story_of_row: dict[int, str]


def stories(checks: RewriteChecks, exact: ExactCopies, ids: list[str]) -> Stories:
    """Joins the linked pairs into components, each rooted at its first text in keep order.  Hands on the stories
    by row."""
    edges = [edge for part in checks.linking.result() for edge in part]
    winners = exact.rows_in_keep_order
    return Stories({winners[j]: ids[winners[root]] for j, root in components(edges).items()})


# assemble: which row each removed copy stands behind and why, the duplicates table, and the kept rows' table with
# the dedup columns (its stored_at: the same rows of the stripped store, which is the stage's output store).


class Removal(NamedTuple):
    """Why a copy left: the id of the article kept for it, their similarity, the method that found the copy and the
    reason that rule chose (None: the keep rule's, found for all copies at once)."""

    duplicate_of: str
    similarity: float
    method: str
    reason: str | None


@dataclass(frozen=True)
class Removals:
    """Every row that leaves, by row."""

    of_copy: dict[int, Removal]
    kept_row: dict[int, int]  # copy -> the row of this run kept for it (none for a copy of a published article)


def removals(exact: ExactCopies, near_found: NearCopies, ids: list[str], reference: Reference) -> Removals:
    """Every row that leaves: the texts the reference publishes, the near copies, and the exact copies, each behind
    what its group's first row stands behind (or behind that row).  Hands on each one's ``Removal`` and kept row."""
    of_copy = {w: Removal(ids[w], 1.0, "exact", "already_published") for w in exact.published_rows}
    for copy, similarity in near_found.similarity.items():
        if copy in near_found.published:
            of_copy[copy] = Removal(
                reference.article_ids[near_found.published[copy]], similarity, "near", "already_published"
            )
        else:
            of_copy[copy] = Removal(ids[near_found.kept_row[copy]], similarity, "near", None)
    kept_row = dict(near_found.kept_row)
    for copy, first in exact.first_of_copy.items():
        if first in of_copy:  # an exact copy of a near copy (or of a published text) stands behind the same row
            behind = of_copy[first]
            method = "near" if first in near_found.similarity else "exact"
            of_copy[copy] = Removal(behind.duplicate_of, behind.similarity, method, behind.reason)
            if first in kept_row:
                kept_row[copy] = kept_row[first]
        else:
            of_copy[copy] = Removal(ids[first], 1.0, "exact", None)
            kept_row[copy] = first
    return Removals(of_copy, kept_row)


def duplicates_table(
    rows: pa.Table, removed: Removals, keep: KeepKeys, ids: list[str], rows_in_file_order: np.ndarray
) -> pa.Table:
    """One row per removed copy, in file order; the rule that decided found for all at once."""
    position = np.empty(rows.num_rows, np.int64)
    position[rows_in_file_order] = np.arange(rows.num_rows)
    copies = np.asarray(sorted(removed.of_copy, key=position.__getitem__), np.int64)
    facts = [removed.of_copy[c] for c in copies.tolist()]
    decided = [fact.reason for fact in facts]
    undecided = np.asarray([j for j, why in enumerate(decided) if why is None], np.int64)
    if undecided.size:
        kept = np.asarray([removed.kept_row[c] for c in copies[undecided].tolist()], np.int64)
        for j, why in zip(undecided.tolist(), keep.reasons(kept, copies[undecided]).tolist()):
            decided[j] = why
    described = rows.select(["source_file", "segment_index", "title"]).take(pa.array(copies))
    return pa.table(
        {
            "article_id": pa.array([ids[c] for c in copies.tolist()], pa.string()),
            "duplicate_of": pa.array([fact.duplicate_of for fact in facts], pa.string()),
            "method": pa.array([fact.method for fact in facts], pa.string()),
            "similarity": pa.array([fact.similarity for fact in facts], pa.float32()),
            "reason": pa.array(decided, pa.string()),
            "source_file": described.column("source_file"),
            "segment_index": described.column("segment_index"),
            "title": described.column("title"),
        },
        schema=DUPLICATE_ROWS,
    )


@dataclass(frozen=True)
class KeptArticles:
    """The rows kept, without the dedup columns yet."""

    rows_in_file_order: np.ndarray  # the kept rows (by row), in file order: the table's rows
    table: pa.Table


def kept_articles(
    rows: pa.Table, exact: ExactCopies, near_found: NearCopies, printed: Fingerprinted, rows_in_file_order: np.ndarray
) -> KeptArticles:
    """Takes the kept rows (the distinct texts but the near copies; published texts already left them) in file
    order, with word count and removed lines as learned boilerplate left them."""
    is_kept = np.zeros(rows.num_rows, bool)
    is_kept[[w for w in exact.rows_in_keep_order if w not in near_found.similarity]] = True
    order = rows_in_file_order[is_kept[rows_in_file_order]]
    indices = pa.array(order, pa.int64())
    out = rows.take(indices)
    for name, column in (("word_count", printed.word_count), ("boilerplate_removed", printed.boilerplate_removed)):
        at = out.schema.get_field_index(name)
        out = out.set_column(at, out.schema.field(name).with_type(column.type), column.take(indices))
    return KeptArticles(order, out)


def articles(kept: KeptArticles, printed: Fingerprinted, duplicates: pa.Table, found: Stories) -> pa.Table:
    """The kept rows' table with the dedup columns: id, the copies each stands for, origin, story."""
    ids, story = printed.ids, found.story_of_row
    stands_for = Counter(duplicates.column("duplicate_of").to_pylist())
    order = kept.rows_in_file_order.tolist()
    additions = {
        "article_id": pa.array([ids[i] for i in order], pa.string()),
        "duplicate_count": pa.array([stands_for.get(ids[i], 0) for i in order], pa.int32()),
        "syndicated_from": pa.array([printed.origins[i] for i in order], pa.string()),
        "story_id": pa.array([story.get(i) for i in order], pa.string()),
        "derivative_of": pa.array(
            [story[i] if story.get(i) not in (None, ids[i]) else None for i in order], pa.string()
        ),
    }
    out = kept.table
    for name, column in additions.items():
        out = out.append_column(name, column)
    return out


# Helpers of the steps, and the workers' jobs: store parts and row numbers in, the stage functions' plain
# arguments out.


def _part_rows(store: RowStore) -> list[range]:
    return [store.part_rows(k) for k in range(len(store.parts))]


def _batches(n: int, size: int) -> list[range]:
    return [range(start, min(n, start + size)) for start in range(0, n, size)]


def _outlets(rows: pa.Table) -> tuple[np.ndarray, list[str]]:
    """(each row's outlet as a position in the list, the outlets (``core.outlet``)), worked out once per distinct
    (sitename, source_domain) pair: a million rows as Python strings would be hundreds of MB."""

    def codes(column: str) -> tuple[np.ndarray, list]:
        encoded = pc.dictionary_encode(rows.column(column)).combine_chunks()
        return (
            pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64) + 1,
            [None] + encoded.dictionary.to_pylist(),
        )

    site, sites = codes("sitename")
    domain, domains = codes("source_domain")
    pairs, pair_of_row, per_pair = np.unique(site * len(domains) + domain, return_inverse=True, return_counts=True)
    keys = outlet_keys(
        [domains[p % len(domains)] for p in pairs.tolist()],
        [sites[p // len(domains)] for p in pairs.tolist()],
        per_pair.tolist(),
    )
    key_codes, names = pd.factorize(pd.Series(keys, dtype=object))
    return np.asarray(key_codes, np.int64)[pair_of_row.reshape(-1)], list(names)


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


def _count_part(path: str, outlet_codes: np.ndarray, max_words: int):
    return boilerplate.count_short(read_part(path, ["text"]).column("text").to_pylist(), outlet_codes, max_words)


def _texts(reference_texts: dict[int, str], own: np.ndarray, locators: np.ndarray, store: RowStore) -> dict[int, str]:
    return {**reference_texts, **dict(zip(own.tolist(), store.column(locators, "text").to_pylist()))}


def _verify_batch(pairs: np.ndarray, reference_texts, own, locators, store, shingle_words, threshold):
    return near.verify(
        [tuple(pair) for pair in pairs.tolist()],
        _texts(reference_texts, own, locators, store),
        shingle_words,
        threshold,
    )


def _rewrite_batch(pairs, own, locators, store, min_shared_numbers, min_word_jaccard):
    return rewrite.text_checked_edges(pairs, _texts({}, own, locators, store), min_shared_numbers, min_word_jaccard)
