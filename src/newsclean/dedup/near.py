"""Near duplicates: LSH candidates, verified on their real Jaccard, clustered around kept rows.

map: ``signatures`` per batch of documents (compact uint32 arrays, not texts);
group: ``candidate_pairs`` from equal band keys; then every candidate pair is
verified on the exact Jaccard of its shingle sets, and ``star_clusters``
attaches each copy to the highest-priority kept row it is itself similar to.
No chain of pairs ever merges two documents that are not similar to the same
kept row, which is where unverified LSH merges templated briefs.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from newsclean.dedup.shingles import MinHasher, jaccard, shingle_hashes

# A band bucket this large is a degenerate signature (e.g. many very short
# texts); its members are paired with the bucket's first member only.
MAX_BUCKET = 200


def signatures(normalised: list[str], shingle_words: int, hasher: MinHasher) -> np.ndarray:
    """MinHash signatures of texts already passed through normalise_for_hash."""
    out = np.empty((len(normalised), hasher.num_perm), np.uint32)
    for i, text in enumerate(normalised):
        out[i] = hasher.signature(shingle_hashes(text, shingle_words, normalised=True))
    return out


def candidate_pairs(keys: np.ndarray) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        sorted_keys = column[order]
        boundaries = np.flatnonzero(np.diff(sorted_keys)) + 1
        for group in np.split(order, boundaries):
            if len(group) < 2:
                continue
            members = sorted(int(i) for i in group)
            if len(members) > MAX_BUCKET:
                pairs.update((members[0], m) for m in members[1:])
            else:
                pairs.update((a, b) for x, a in enumerate(members) for b in members[x + 1:])
    return pairs


def verified_edges(pairs: set[tuple[int, int]], normalised: list[str], shingle_words: int,
                   threshold: float) -> dict[int, dict[int, float]]:
    """{i: {j: jaccard}} for the candidate pairs whose real Jaccard reaches the threshold."""
    needed = sorted({i for pair in pairs for i in pair})
    shingles = {i: shingle_hashes(normalised[i], shingle_words, normalised=True) for i in needed}
    edges: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b in sorted(pairs):
        similarity = jaccard(shingles[a], shingles[b])
        if similarity >= threshold:
            edges[a][b] = edges[b][a] = similarity
    return edges


def star_clusters(order: list[int], edges: dict[int, dict[int, float]]) -> dict[int, tuple[int, float]]:
    """{copy: (kept, similarity)}, walking documents from the highest keep priority down."""
    assigned: dict[int, tuple[int, float]] = {}
    kept: set[int] = set()
    for doc in order:
        if doc in assigned:
            continue
        kept.add(doc)
        for other, similarity in sorted(edges.get(doc, {}).items()):
            if other not in assigned and other not in kept:
                assigned[other] = (doc, similarity)
    return assigned
