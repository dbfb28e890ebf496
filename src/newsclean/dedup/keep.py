"""Which copy of a story is kept: one deterministic rule for exact copies, near copies and rewrites.

A published article of the dataset a run is deduplicated against is always
kept (``already_published``).  Otherwise, in order: an outlet the user listed first (``dedup.outlet_priority``); the
wire agency's own version over the copies that credit it; the earliest
``published`` (undated last); the most complete metadata; the smallest
(``source_file``, ``segment_index``).  The first rule that tells two rows
apart is the ``reason`` written to ``duplicates``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclean.schema import DUPLICATE_REASONS

REASONS = DUPLICATE_REASONS


def completeness(row: dict) -> int:
    present = (row.get("title"), row.get("description"), row.get("sitename"), row.get("published"), row.get("url"))
    return sum(1 for value in present if value is not None) + (1 if row.get("authors") else 0)


def _outlet_rank(row: dict, priority: tuple[str, ...]) -> int:
    names = {(row.get("sitename") or "").lower(), (row.get("source_domain") or "").lower()} - {""}
    for rank, outlet in enumerate(priority):
        if outlet.lower() in names:
            return rank
    return len(priority)


def priority_key(row: dict, priority: tuple[str, ...] = ()) -> tuple:
    published = row.get("published")
    return (
        _outlet_rank(row, priority),
        0 if row.get("agency_original") else 1,
        published is None,
        published.isoformat() if published is not None else "",
        -completeness(row),
        row["source_file"],
        row["segment_index"],
    )


def keep_ranks(rows: pa.Table, agency_original: list[bool], priority: tuple[str, ...] = ()) -> np.ndarray:
    """rank[i]: row i's place in keep order (0 is kept first), the same order as sorting by priority_key.

    Computed with one Arrow sort over the key's columns rather than a Python
    tuple per row (the tuples are built only for the rows ``reason`` explains).
    """
    n = rows.num_rows
    if priority:
        sites, domains = rows.column("sitename").to_pylist(), rows.column("source_domain").to_pylist()
        outlet = [_outlet_rank({"sitename": s, "source_domain": d}, priority) for s, d in zip(sites, domains)]
    else:
        outlet = [0] * n
    present = [pc.cast(pc.is_valid(rows.column(name)), pa.int8())
               for name in ("title", "description", "sitename", "published", "url")]
    present.append(pc.cast(pc.fill_null(pc.greater(pc.list_value_length(rows.column("authors")), 0), False), pa.int8()))
    completeness = present[0]
    for column in present[1:]:
        completeness = pc.add(completeness, column)
    keys = pa.table({
        "outlet": pa.array(outlet, pa.int32()),
        "agency": pa.array([0 if a else 1 for a in agency_original], pa.int8()),
        "undated": pc.is_null(rows.column("published")),
        "published": rows.column("published"),
        "incomplete": pc.negate(completeness),
        "source_file": rows.column("source_file"),
        "segment_index": rows.column("segment_index"),
    })
    order = pc.sort_indices(keys, sort_keys=[(name, "ascending") for name in keys.column_names]).to_numpy()
    ranks = np.empty(n, np.int64)
    ranks[order] = np.arange(n)
    return ranks


def with_agency(key: tuple, agency_original: bool) -> tuple:
    """priority_key once the text's credited origin is known."""
    return (key[0], 0 if agency_original else 1, *key[2:])


def reason(kept_key: tuple, copy_key: tuple) -> str:
    if kept_key[0] != copy_key[0]:
        return "outlet_priority"
    if kept_key[1] != copy_key[1]:
        return "agency_original"
    if kept_key[2:4] != copy_key[2:4]:
        return "earliest_published"
    if kept_key[4] != copy_key[4]:
        return "most_complete_metadata"
    return "first_by_source_path"
