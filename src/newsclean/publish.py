"""publish: give the tables their final schema and move them into place atomically.

Layout under the output folder::

    releases/<run_id>/{articles,duplicates,quarantine}/part-00000.parquet
        (with layout.partition = "month": articles/part-2025-08.parquet, ..., part-undated.parquet)
    releases/<run_id>/signatures/part-00000.parquet   (dedup's sidecar: article_id, minhash)
    releases/<run_id>/manifest.json
    current -> releases/<run_id>           (swapped atomically with rename)
    articles -> current/articles           (stable paths for readers)
    duplicates -> current/duplicates
    quarantine -> current/quarantine

A release is written under a hidden temporary name, flushed to disk, renamed,
and only then does ``current`` switch to it with one ``rename`` of a link: a
reader sees the old release or the new one, never a mix or a half-written
file, and a failed run leaves the previous release in place.

Layout for scans (``[layout]``, ``schema.DICTIONARY_COLUMNS`` and
``SORT_KEYS``): rows sorted (articles by ``published``), row groups of
``row_group_rows``, min/max statistics on every column but the texts, zstd,
dictionary encoding for low-cardinality columns only.  Partitioned articles
are flat files in the one folder, with no ``key=value`` directories: every
reader sees the same columns, and the card lists them.

A run's tables hold their texts and signatures apart, in a ``RowStore``
(``stored_at`` in place of ``text`` / ``minhash``): they are written a row
group at a time, each group's stored columns read in just before it is, so
the whole table with its texts is never in memory.

Adds: ``pipeline_version``, ``run_id``, ``processed_at``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclean import __version__
from newsclean.config import Layout
from newsclean.faults import kill_point
from newsclean.rowstore import RowStore, is_locator, restore
from newsclean.schema import (ARTICLES, DICTIONARY_COLUMNS, DUPLICATES, QUARANTINE, SIGNATURES, SORT_KEYS, TABLES,
                              TEXT_COLUMNS, table_metadata)

SCHEMAS = {**TABLES, "signatures": SIGNATURES}
# The columns a run keeps in its RowStore, by table: the rest of the table is in memory.
STORED = {"articles": ("text", "reliability_signals"), "signatures": ("minhash",)}

STAGE = {"name": "publish", "reads": (), "adds": ("pipeline_version", "run_id", "processed_at")}

RELEASES = "releases"
CURRENT = "current"
PART = "part-00000.parquet"
CARD = "README.md"


class PublishError(RuntimeError):
    """The output folder is not in a state that can be published to."""


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    started: datetime  # UTC
    pipeline_version: str = __version__

    @classmethod
    def new(cls) -> "RunInfo":
        started = datetime.now(timezone.utc).replace(microsecond=0)
        return cls(f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}", started)


def _stamp(table: pa.Table, run: RunInfo, with_version: bool) -> pa.Table:
    n = table.num_rows
    table = table.append_column("run_id", pa.array([run.run_id] * n, pa.string()))
    if with_version:
        table = table.append_column("pipeline_version", pa.array([run.pipeline_version] * n, pa.string()))
        table = table.append_column("processed_at", pa.array([run.started] * n, pa.timestamp("us", tz="UTC")))
    return table


def conform(table: pa.Table, schema: pa.Schema, stored: tuple[str, ...] = ()) -> pa.Table:
    """Select and order the schema's columns, cast to its types; a missing column is a bug and raises.

    A table with locator columns (``stored_at``, ``stored_at_*``) keeps them (last) and may lack the ``stored``
    columns: they are in its RowStores.
    """
    locators = [name for name in table.column_names if is_locator(name)]
    if locators:
        schema = pa.schema([f for f in schema if f.name not in stored or f.name in table.column_names]
                           + [pa.field(name, pa.int64(), nullable=False) for name in locators])
    missing = [name for name in schema.names if name not in table.column_names]
    if missing:
        raise KeyError(f"no stage produced column(s) {missing}")
    return table.select(schema.names).cast(schema)


def _sorted(table: pa.Table, name: str) -> pa.Table:
    return table.sort_by([(key, "ascending", "at_end") for key in SORT_KEYS[name]])


def final_tables(articles: pa.Table, duplicates: pa.Table, quarantine: pa.Table, run: RunInfo,
                 superseded: pa.Table | None = None) -> dict[str, pa.Table]:
    """The published tables; ``superseded`` rows (``newsclean.versions``) already carry the run that removed them."""
    removed = conform(_stamp(duplicates, run, with_version=False), DUPLICATES)
    return {
        # articles stay in dedup's order here: publish writes them sorted, a row group at a time, where a sorted
        # copy of the whole table (with every article's signals) would be a second one in memory
        "articles": conform(_stamp(articles, run, with_version=True), ARTICLES, STORED["articles"]),
        "duplicates": _sorted(pa.concat_tables([removed, superseded.cast(DUPLICATES)]) if superseded is not None else removed,
                              "duplicates"),
        "quarantine": _sorted(conform(_stamp(quarantine, run, with_version=False), QUARANTINE), "quarantine"),
    }


def sidecar_tables(articles: pa.Table) -> dict[str, pa.Table]:
    """Dedup's signatures of the articles (the internal ``minhash`` column, or the run's store of them), for later
    runs to compare against."""
    held = [c for c in ("article_id", "minhash", "stored_at") if c in articles.column_names]
    return {"signatures": conform(articles.select(held), SIGNATURES, STORED["signatures"])}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_table(table: pa.Table, name: str, folder: Path, run: RunInfo, layout: Layout,
                 stores: tuple[RowStore, ...] = ()) -> None:
    folder.mkdir(parents=True)
    locators = [c for c in table.column_names if is_locator(c)]
    schema = SCHEMAS.get(name, table.schema) if locators else table.schema
    schema = schema.with_metadata(table_metadata(name, run.run_id, run.pipeline_version))
    stored = [c for c in schema.names if c not in table.column_names]
    # each store whose locator the table holds, with the columns it gives back
    reads = [(store, [c for c in store.schema.names if c in stored]) for store in stores if store.locator in locators]
    missing = set(stored) - {c for _, columns in reads for c in columns}
    if missing:
        raise PublishError(f"{name} holds {sorted(missing)} in a RowStore, and none was given that has them")
    keys = SORT_KEYS.get(name, ())
    order = (pc.sort_indices(table.select(list(keys)), sort_keys=[(k, "ascending", "at_end") for k in keys])
             if keys else pa.array(np.arange(table.num_rows), pa.int64()))
    parts = _partitions(table.column("published").take(order), layout.partition) if name == "articles" else {PART: (0, table.num_rows)}
    flat = [f.name for f in schema if not pa.types.is_nested(f.type) and f.name not in TEXT_COLUMNS]
    step = max(1, layout.row_group_rows)
    for file_name, (first, end) in parts.items():
        path = folder / file_name
        with pq.ParquetWriter(
            path,
            schema,
            compression="zstd",
            use_dictionary=[c for c in DICTIONARY_COLUMNS.get(name, ()) if c in schema.names],
            coerce_timestamps="us",
            # Parquet has no field descriptions of its own; the Arrow schema stored
            # in the file keeps them for pyarrow, and the README lists them for all.
            store_schema=True,
            write_statistics=flat,
        ) as writer:
            # One row group at a time, in sort order (an empty table: one empty group): only a group's rows
            # are copied, and only its texts read.
            for start in range(first, max(first + 1, end), step):
                group = table.take(order.slice(start, min(step, end - start)))
                for store, columns in reads:
                    group = restore(group, store, columns)
                writer.write_table(group.select(schema.names).cast(schema), row_group_size=step)
        with open(path, "rb+") as handle:
            os.fsync(handle.fileno())


def _partitions(published: pa.Array, partition: str) -> dict[str, tuple[int, int]]:
    """{file name: (first, end) positions in sort order}: one file, or one per publication year or month."""
    if partition == "none" or len(published) == 0:
        return {PART: (0, len(published))}
    keys = pc.fill_null(pc.strftime(published, "%Y" if partition == "year" else "%Y-%m"), "undated")
    runs = pc.run_end_encode(pa.chunked_array([keys]).combine_chunks())  # sorted, so each key is one run of rows
    ends = runs.run_ends.to_pylist()
    return {f"part-{key}.parquet": (start, end) for key, start, end in zip(runs.values.to_pylist(), [0] + ends[:-1], ends)}


def _swap_link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` with one atomic rename."""
    temporary = link.with_name(f".{link.name}.{secrets.token_hex(4)}")
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _check_table_links(out_dir: Path) -> None:
    """Refuse, before writing anything, to replace a table path that newsclean did not make."""
    for name in TABLES:
        link = out_dir / name
        if link.exists() and not link.is_symlink():
            raise PublishError(f"{link} exists and is not newsclean's link to {CURRENT}/{name}: move it away first")


def _ensure_table_links(out_dir: Path) -> None:
    for name in TABLES:
        link = out_dir / name
        wanted = f"{CURRENT}/{name}"
        if not link.is_symlink() or os.readlink(link) != wanted:
            _swap_link(link, wanted)


def current_release(out_dir: Path) -> str | None:
    link = Path(out_dir) / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def publish(tables: dict[str, pa.Table], out_dir: Path, run: RunInfo, manifest: dict, keep_releases: int,
            sidecars: dict[str, pa.Table] | None = None, card: str | None = None, layout: Layout = Layout(),
            stores: tuple[RowStore, ...] = ()) -> Path:
    """Write a release and make it current; return its folder.

    ``stores``: the run's RowStores, for tables that hold locators (``stored_at``...) instead of their texts,
    signatures and reliability signals.

    ``sidecars`` (dedup's signatures) go into the release beside the tables,
    with no link at the top of the output folder: they are for newsclean, not readers.
    """
    out_dir = Path(out_dir)
    _check_table_links(out_dir)
    releases = out_dir / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    staging = releases / f".staging-{run.run_id}"
    final = releases / run.run_id
    if final.exists():
        raise PublishError(f"release {final} already exists")
    try:
        staging.mkdir()
        for name, table in {**tables, **(sidecars or {})}.items():
            _write_table(table, name, staging / name, run, layout, stores)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str, sort_keys=True) + "\n")
        if card is not None:  # the dataset card, inside the release: it always describes the tables beside it
            (staging / CARD).write_text(card, encoding="utf-8")
        _fsync_dir(staging)
        kill_point("publish:staged")
        os.rename(staging, final)
        _fsync_dir(releases)
        kill_point("publish:renamed")
        _swap_link(out_dir / CURRENT, f"{RELEASES}/{run.run_id}")
        _ensure_table_links(out_dir)
        top_card = out_dir / CARD
        if card is not None and (top_card.is_symlink() or not top_card.exists()):  # a user's own README is left alone
            _swap_link(top_card, f"{CURRENT}/{CARD}")
        _fsync_dir(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    prune_releases(out_dir, keep_releases)
    return final


def prune_releases(out_dir: Path, keep: int) -> list[str]:
    """Remove the oldest releases beyond ``keep``, never the current one."""
    releases = Path(out_dir) / RELEASES
    current = current_release(out_dir)
    names = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    removed = []
    for name in names[: max(0, len(names) - keep)]:
        if name != current:
            shutil.rmtree(releases / name)
            removed.append(name)
    return removed
