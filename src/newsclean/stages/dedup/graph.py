"""Connected components of verified pairs (near copies and rewrites use the same rule)."""

from __future__ import annotations


def components(edges: list[tuple[int, int, float]]) -> dict[int, int]:
    """{member: root} for every document in an edge; the root of a component is its smallest index.

    Callers number documents in keep order, so the root is the row a cluster keeps.
    """
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a, b, _ in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in sorted(parent)}
