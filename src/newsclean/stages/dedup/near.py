"""Near duplicates: LSH candidates, verified on their real Jaccard, then connected components.

group: ``candidate_pairs`` from equal band keys of the signatures the map step
made; verify: every candidate pair's exact Jaccard of shingle sets, computed
from the two texts, and only pairs at or over the threshold become edges;
components: ``clusters`` joins texts connected by verified edges, and each
cluster keeps its highest-priority member.  A chain A~B~C joins A and C only
when each link was verified, so an unverified LSH collision (where templated
briefs merge) never joins anything.  ``similarity`` reports each copy's real
Jaccard with the row kept, which can be under the threshold for a copy that
joined through a chain (documented in the schema).
"""

from __future__ import annotations

import numpy as np

from newsclean.stages.dedup.graph import components
from newsclean.stages.dedup.shingles import batch_shingles, batch_words, distinct_per_text, jaccard, normalise_for_hash

# A band bucket this large is a degenerate signature (e.g. many very short
# texts); its members are paired with the bucket's first member only.
MAX_BUCKET = 200


def candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """(pairs, 2) int64 rows i < j that share a band key in some band, ascending, each once."""
    n = keys.shape[0]
    found = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        sorted_keys = keys[order, band]
        same_as_next = sorted_keys[1:] == sorted_keys[:-1]
        if not same_as_next.any():
            continue
        run = np.concatenate(([0], np.cumsum(~same_as_next)))  # bucket number of each sorted position
        sizes = np.bincount(run)
        large = sizes[run] > MAX_BUCKET
        # Pairs (p, p + d) inside one bucket, for d = 1, 2, ... until no bucket is that long.
        for d in range(1, min(MAX_BUCKET, int(sizes.max()))):
            inside = np.flatnonzero((run[:-d] == run[d:]) & ~large[:-d])
            if inside.size == 0:
                break
            found.append(np.column_stack((order[inside], order[inside + d])))
        for bucket in np.unique(run[large]):
            members = np.sort(order[run == bucket])
            found.append(np.column_stack((np.full(members.size - 1, members[0]), members[1:])))
    if not found:
        return np.empty((0, 2), np.int64)
    pairs = np.sort(np.concatenate(found).astype(np.int64), axis=1)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.column_stack((codes // n, codes % n))


def shingle_sets(texts: dict[int, str], shingle_words: int) -> dict[int, np.ndarray]:
    """{index: sorted unique shingle hashes} of many texts in one pass (equal to shingle_hashes text by text)."""
    keys = list(texts)
    words = batch_words([normalise_for_hash(texts[key]) for key in keys], np.empty(0, np.uint64))
    return dict(zip(keys, distinct_per_text(*batch_shingles(words, shingle_words), len(keys))))


def verify(
    pairs: list[tuple[int, int]], texts: dict[int, str], shingle_words: int, threshold: float
) -> list[tuple[int, int, float]]:
    """(a, b, jaccard) for the candidate pairs whose real Jaccard reaches the threshold (one batch of pairs)."""
    sets = shingle_sets(texts, shingle_words)
    edges = []
    for a, b in pairs:
        similarity = jaccard(sets[a], sets[b])
        if similarity >= threshold:
            edges.append((a, b, similarity))
    return edges


def clusters(edges: list[tuple[int, int, float]]) -> dict[int, int]:
    """{copy: kept} over the connected components of the verified pairs; indices are in keep order."""
    return {member: root for member, root in components(edges).items() if member != root}
