"""Which copy of a story is kept: one deterministic rule for exact copies, near copies and rewrites.

A published article of the dataset a run is deduplicated against is always
kept (``already_published``).  Otherwise, in order: an outlet the user listed
first (``dedup.outlet_priority``); the wire agency's own version over the
copies that credit it; the earliest ``published`` (undated last); the most
complete metadata (title, description, sitename, published, url, authors);
the smallest (``source_file``, ``segment_index``).  The first rule that tells
two rows apart is the ``reason`` written to ``duplicates``.

The rule's parts are columns (one Arrow sort ranks every row), and reasons
are found for all removed rows at once: no Python tuple per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclean.schema import DUPLICATE_REASONS

REASONS = DUPLICATE_REASONS


def _outlet_rank(site: str | None, domain: str | None, priority: tuple[str, ...]) -> int:
    names = {(site or "").lower(), (domain or "").lower()} - {""}
    for rank, outlet in enumerate(priority):
        if outlet.lower() in names:
            return rank
    return len(priority)


@dataclass
class KeepKeys:
    """The keep rule's parts for every row, and each row's place in keep order (``rank``, 0 kept first)."""

    outlet: np.ndarray
    agency: np.ndarray  # 0: the agency's own text
    undated: np.ndarray
    published: np.ndarray  # int64 microseconds, 0 when undated
    incomplete: np.ndarray  # minus the number of metadata fields present
    rank: np.ndarray

    @classmethod
    def of(cls, rows: pa.Table, agency_original: list[bool], priority: tuple[str, ...] = ()) -> KeepKeys:
        n = rows.num_rows
        if priority:
            outlet = [_outlet_rank(s, d, priority) for s, d in
                      zip(rows.column("sitename").to_pylist(), rows.column("source_domain").to_pylist())]
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
        rank = np.empty(n, np.int64)
        rank[order] = np.arange(n)
        published = pc.fill_null(pc.cast(rows.column("published"), pa.int64()), 0).to_numpy()
        return cls(np.asarray(outlet), keys.column("agency").to_numpy(), keys.column("undated").to_numpy(zero_copy_only=False),
                   published, keys.column("incomplete").to_numpy(), rank)

    def reasons(self, kept: np.ndarray, copies: np.ndarray) -> np.ndarray:
        """The first rule that puts ``kept[i]`` before ``copies[i]``, for every pair at once."""
        out = np.full(len(copies), "first_by_source_path", dtype=object)
        decided = np.zeros(len(copies), bool)
        differs = [
            ("outlet_priority", self.outlet[kept] != self.outlet[copies]),
            ("agency_original", self.agency[kept] != self.agency[copies]),
            ("earliest_published", (self.undated[kept] != self.undated[copies]) | (self.published[kept] != self.published[copies])),
            ("most_complete_metadata", self.incomplete[kept] != self.incomplete[copies]),
        ]
        for name, mask in differs:
            out[mask & ~decided] = name
            decided |= mask
        return out
