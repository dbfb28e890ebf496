"""Which copy of a story is kept: one deterministic rule for exact copies, near copies and rewrites.

In order: an outlet the user listed first (``dedup.outlet_priority``); the
wire agency's own version over the copies that credit it; the earliest
``published`` (undated last); the most complete metadata; the smallest
(``source_file``, ``segment_index``).  The first rule that tells two rows
apart is the ``reason`` written to ``duplicates``.
"""

from __future__ import annotations

REASONS = ("outlet_priority", "agency_original", "earliest_published", "most_complete_metadata", "first_by_source_path")


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
