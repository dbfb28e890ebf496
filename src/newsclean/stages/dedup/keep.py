"""Which copy of a story is kept: one deterministic rule for exact copies, near copies and rewrites.

A published article of the dataset a run is deduplicated against is always
kept (``already_published``).  Otherwise, in order: the newest version of a
url (``newer_version``: rows sharing a url are versions of one article, the
newest by ``older_versions``); an outlet the user listed
first (``dedup.outlet_priority``); the wire agency's own version over the
copies that credit it; the earliest ``published`` (undated last); the most
complete metadata (title, description, sitename, published, url, authors);
the most complete text (more words: a near copy that lost a paragraph goes);
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

from newsclean.core.schema import DUPLICATE_REASONS

REASONS = DUPLICATE_REASONS


def _outlet_rank(site: str | None, domain: str | None, priority: tuple[str, ...]) -> int:
    names = {(site or "").lower(), (domain or "").lower()} - {""}
    for rank, outlet in enumerate(priority):
        if outlet.lower() in names:
            return rank
    return len(priority)


def url_key(url: str | None) -> str | None:
    """A url with its fragment, trailing slash, scheme and ``www.`` dropped: two spellings of one page agree."""
    if not url or not url.strip():
        return None
    key = url.strip().split("#", 1)[0].rstrip("/")
    _, _, rest = key.partition("://")
    host, slash, path = rest.partition("/")
    return f"{host.lower().removeprefix('www.')}{slash}{path}" if rest else key


def older_versions(rows: pa.Table) -> np.ndarray:
    """1 for a row that another row of the same url outdates, else 0.

    Newest: the latest ``modified``, else the latest ``published``, else the later (``source_file``,
    ``segment_index``) — read off the rows, never off the order files arrived in, so an incremental run and a
    full rebuild agree.
    """
    older = np.zeros(rows.num_rows, np.int8)
    if "url" not in rows.column_names:
        return older
    groups: dict[str, list[int]] = {}
    for i, url in enumerate(rows.column("url").to_pylist()):
        if (key := url_key(url)) is not None:
            groups.setdefault(key, []).append(i)
    shared = [members for members in groups.values() if len(members) > 1]
    if not shared:
        return older
    modified, published, files, segments = (
        rows.column(c).to_pylist() for c in ("modified", "published", "source_file", "segment_index")
    )

    def age(i: int) -> tuple:
        stamp = modified[i] or published[i]
        return (1, stamp.isoformat()) if stamp is not None else (0, ""), files[i], segments[i]

    for members in shared:
        newest = max(members, key=age)
        older[[i for i in members if i != newest]] = 1
    return older


@dataclass(frozen=True)
class KeepKeys:
    """The keep rule's parts for every row, and each row's place in keep order (``rank``, 0 kept first)."""

    older: np.ndarray  # 1: an older version of a url another row holds
    outlet: np.ndarray
    agency: np.ndarray  # 0: the agency's own text
    undated: np.ndarray
    published: np.ndarray  # int64 microseconds, 0 when undated
    incomplete: np.ndarray  # minus the number of metadata fields present
    shorter: np.ndarray  # minus the text's word count
    rank: np.ndarray

    @classmethod
    def of(cls, rows: pa.Table, agency_original: list[bool] | np.ndarray, priority: tuple[str, ...] = ()) -> KeepKeys:
        n = rows.num_rows
        if priority:
            outlet = [
                _outlet_rank(s, d, priority)
                for s, d in zip(rows.column("sitename").to_pylist(), rows.column("source_domain").to_pylist())
            ]
        else:
            outlet = [0] * n
        present = [
            pc.cast(pc.is_valid(rows.column(name)), pa.int8())
            for name in ("title", "description", "sitename", "published", "url")
        ]
        present.append(
            pc.cast(pc.fill_null(pc.greater(pc.list_value_length(rows.column("authors")), 0), False), pa.int8())
        )
        completeness = present[0]
        for column in present[1:]:
            completeness = pc.add(completeness, column)
        older = older_versions(rows)
        keys = pa.table(
            {
                "older": pa.array(older, pa.int8()),
                "outlet": pa.array(outlet, pa.int32()),
                "agency": pa.array(np.where(np.asarray(agency_original, bool), 0, 1).astype(np.int8)),
                "undated": pc.is_null(rows.column("published")),
                "published": rows.column("published"),
                "incomplete": pc.negate(completeness),
                "shorter": pc.negate(pc.cast(rows.column("word_count"), pa.int64())),
                "source_file": rows.column("source_file"),
                "segment_index": rows.column("segment_index"),
            }
        )
        order = pc.sort_indices(keys, sort_keys=[(name, "ascending") for name in keys.column_names]).to_numpy()
        rank = np.empty(n, np.int64)
        rank[order] = np.arange(n)
        published = pc.fill_null(pc.cast(rows.column("published"), pa.int64()), 0).to_numpy()
        return cls(
            older,
            np.asarray(outlet),
            keys.column("agency").to_numpy(),
            keys.column("undated").to_numpy(zero_copy_only=False),
            published,
            keys.column("incomplete").to_numpy(),
            keys.column("shorter").to_numpy(),
            rank,
        )

    def reasons(self, kept: np.ndarray, copies: np.ndarray) -> np.ndarray:
        """The first rule that puts ``kept[i]`` before ``copies[i]``, for every pair at once."""
        out = np.full(len(copies), "first_by_source_path", dtype=object)
        decided = np.zeros(len(copies), bool)
        differs = [
            ("newer_version", self.older[kept] != self.older[copies]),
            ("outlet_priority", self.outlet[kept] != self.outlet[copies]),
            ("agency_original", self.agency[kept] != self.agency[copies]),
            (
                "earliest_published",
                (self.undated[kept] != self.undated[copies]) | (self.published[kept] != self.published[copies]),
            ),
            ("most_complete_metadata", self.incomplete[kept] != self.incomplete[copies]),
            ("most_complete_text", self.shorter[kept] != self.shorter[copies]),
        ]
        for name, mask in differs:
            out[mask & ~decided] = name
            decided |= mask
        return out
