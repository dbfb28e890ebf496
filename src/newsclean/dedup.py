"""dedup (first version): exact copies of the same body.

Keeps: one row per distinct normalised body.  Removes: every other row with
that body, to the ``duplicates`` table (``method = exact``), with the rule
that chose the kept row in ``reason``.

The kept row is chosen by a deterministic rule, so the output never depends
on input order: the earliest ``published`` (undated rows last), then the most
complete metadata, then the smallest (``source_file``, ``segment_index``).

Reads: ``text``, ``published``, metadata columns, provenance.  Adds:
``article_id``, ``duplicate_count``; declares ``syndicated_from``,
``story_id`` and ``derivative_of``, which stay null until near-duplicate,
syndication and rewrite detection land.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pyarrow as pa

from newsclean.schema import DUPLICATES

DUPLICATE_ROWS = pa.schema([f for f in DUPLICATES if f.name != "run_id"])

STAGE = {
    "name": "dedup",
    "reads": ("text", "published", "title", "description", "authors", "sitename", "url", "source_file", "segment_index"),
    "adds": ("article_id", "duplicate_count", "syndicated_from", "story_id", "derivative_of"),
}

# Reason codes written to duplicates.reason: which rule picked the kept copy.
REASON_EARLIEST = "earliest_published"
REASON_COMPLETE = "most_complete_metadata"
REASON_PATH = "first_by_source_path"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                         "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_WHITESPACE = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Case, typography and white space do not make a different article."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _WHITESPACE.sub(" ", text).strip()


def article_id(text: str) -> str:
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()[:32]


def _completeness(row: dict) -> int:
    return sum(
        1
        for value in (row["title"], row["description"], row["sitename"], row["published"], row["url"])
        if value is not None
    ) + (1 if row["authors"] else 0)


def _rank_key(row: dict) -> tuple:
    published = row["published"]
    return (
        published is None,
        published.isoformat() if published is not None else "",
        -_completeness(row),
        row["source_file"],
        row["segment_index"],
    )


def _reason(kept: dict, copy: dict) -> str:
    kept_key, copy_key = _rank_key(kept), _rank_key(copy)
    if kept_key[:2] != copy_key[:2]:
        return REASON_EARLIEST
    if kept_key[2] != copy_key[2]:
        return REASON_COMPLETE
    return REASON_PATH


def dedup_exact(table: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Split rows -> (kept rows with article_id and duplicate_count, duplicates rows without run_id)."""
    ids = [article_id(text) for text in table.column("text").to_pylist()]
    needed = ["title", "description", "sitename", "published", "url", "authors", "source_file", "segment_index"]
    rows = table.select(needed).to_pylist()
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(ids):
        groups.setdefault(key, []).append(index)
    keep: list[int] = []
    counts: list[int] = []
    duplicates: list[dict] = []
    for key, members in groups.items():
        ordered = sorted(members, key=lambda i: _rank_key(rows[i]))
        winner = ordered[0]
        keep.append(winner)
        counts.append(len(ordered) - 1)
        for loser in ordered[1:]:
            duplicates.append({
                "article_id": key,
                "duplicate_of": key,
                "method": "exact",
                "similarity": 1.0,
                "reason": _reason(rows[winner], rows[loser]),
                "source_file": rows[loser]["source_file"],
                "segment_index": rows[loser]["segment_index"],
                "title": rows[loser]["title"],
            })
    order = sorted(range(len(keep)), key=lambda k: (rows[keep[k]]["source_file"], rows[keep[k]]["segment_index"]))
    kept = table.take(pa.array([keep[k] for k in order], pa.int64()))
    kept = kept.append_column("article_id", pa.array([ids[keep[k]] for k in order], pa.string()))
    kept = kept.append_column("duplicate_count", pa.array([counts[k] for k in order], pa.int32()))
    nulls = pa.nulls(kept.num_rows, pa.string())
    for name in ("syndicated_from", "story_id", "derivative_of"):
        kept = kept.append_column(name, nulls)
    duplicates.sort(key=lambda d: (d["source_file"], d["segment_index"]))
    return kept, pa.Table.from_pylist(duplicates, schema=DUPLICATE_ROWS)

