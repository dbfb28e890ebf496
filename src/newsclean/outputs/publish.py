"""publish: give the tables their final schema and move them into place atomically.

Layout under the output folder::

    releases/<run_id>/articles/part-00000-<run_id>.parquet
        (with layout.partition = "month": part-2025-08-<run_id>.parquet, ..., part-undated-<run_id>.parquet)
    releases/<run_id>/{duplicates,quarantine}/part-00000-<run_id>.parquet
    releases/<run_id>/{signatures,ledger}/part-00000.parquet   (sidecars for newsclean, read under the run lock)
    releases/<run_id>/manifest.json, README.md (the dataset card)
    releases/.newsclean-releases.json      (the record of the releases newsclean published: what it may prune)
    current -> releases/<run_id>           (swapped atomically with rename)
    articles -> current/articles           (stable paths for readers)
    duplicates -> current/duplicates
    quarantine -> current/quarantine

A release is written under a hidden temporary name, flushed to disk, renamed,
and only then does ``current`` switch to it with one ``rename`` of a link: a
failed run leaves the previous release in place.

What a reader sees.  A table's file names carry the run id, so a name means one
release's bytes for ever: through the stable paths a listed name resolves to
that release's file or to nothing, and files are never rewritten in place (a
release is only ever removed whole).  A reader that lists ``articles/`` and
opens the files later gets one whole release, or, when a publish switched
``current`` in between, a "file not found" error; never rows of two releases,
nor one file's footer matched to another's bytes.  No layout of symlinked
folders can do better for such readers: the listed names would have to open in
the new release's folder, where every lister would see them.  A reader that
resolves ``current`` once (``os.path.realpath``) and reads that release folder
gets it whole, with no error, for as long as the release is kept: it is
removed only once it is beyond ``keep_releases`` *and* was superseded at least
``release_grace_seconds`` ago (see ``prune_releases``).

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
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclean import __version__
from newsclean.core.config import Layout, Settings
from newsclean.core.contract import Stage, is_locator
from newsclean.core.release import CURRENT, PART, RELEASES, current_release
from newsclean.core.schema import (
    ARTICLES,
    DICTIONARY_COLUMNS,
    DUPLICATES,
    QUARANTINE,
    SIGNATURES,
    SORT_KEYS,
    TABLES,
    TEXT_COLUMNS,
    table_metadata,
)
from newsclean.runtime.atomic import fsync_dir, replace_file, replace_link
from newsclean.runtime.faults import kill_point
from newsclean.runtime.rowstore import Rows, RowStore, restore

SCHEMAS = {**TABLES, "signatures": SIGNATURES}
# The columns a run keeps in its RowStore, by table: the rest of the table is in memory.
STORED = {"articles": ("text", "reliability_signals"), "signatures": ("minhash",)}


WHOLE = "00000"  # the partition key of a table written as one file
CARD = "README.md"
RECORD = ".newsclean-releases.json"  # under releases/: the releases newsclean published, oldest first
STAGING = ".staging-"
# The shape of RunInfo.new()'s ids: what an older newsclean's release folder or a killed run's staging folder is named.
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")


class PublishError(RuntimeError):
    """The output folder is not in a state that can be published to."""


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    started: datetime  # UTC
    pipeline_version: str = __version__

    @classmethod
    def new(cls) -> RunInfo:
        started = datetime.now(UTC).replace(microsecond=0)
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
        schema = pa.schema(
            [f for f in schema if f.name not in stored or f.name in table.column_names]
            + [pa.field(name, pa.int64(), nullable=False) for name in locators]
        )
    missing = [name for name in schema.names if name not in table.column_names]
    if missing:
        raise KeyError(f"no stage produced column(s) {missing}")
    return table.select(schema.names).cast(schema)


def _sorted(table: pa.Table, name: str) -> pa.Table:
    return table.sort_by([(key, "ascending", "at_end") for key in SORT_KEYS[name]])


def final_tables(
    articles: pa.Table | Rows,
    duplicates: pa.Table,
    quarantine: pa.Table,
    run: RunInfo,
    superseded: pa.Table | None = None,
) -> dict[str, pa.Table]:
    """The published tables; ``superseded`` rows (``newsclean.stages.versions``) already carry the run that removed
    them.  ``articles`` as Rows: the table that comes back keeps their locators (their stores hold the texts)."""
    articles = Rows.of(articles).table
    removed = conform(_stamp(duplicates, run, with_version=False), DUPLICATES)
    return {
        # articles stay in dedup's order here: publish writes them sorted, a row group at a time, where a sorted
        # copy of the whole table (with every article's signals) would be a second one in memory
        "articles": conform(_stamp(articles, run, with_version=True), ARTICLES, STORED["articles"]),
        "duplicates": _sorted(
            pa.concat_tables([removed, superseded.cast(DUPLICATES)]) if superseded is not None else removed,
            "duplicates",
        ),
        "quarantine": _sorted(conform(_stamp(quarantine, run, with_version=False), QUARANTINE), "quarantine"),
    }


def sidecar_tables(articles: pa.Table) -> dict[str, pa.Table]:
    """Dedup's signatures of the articles (the internal ``minhash`` column, or the run's store of them), for later
    runs to compare against."""
    held = [c for c in ("article_id", "minhash", "stored_at") if c in articles.column_names]
    return {"signatures": conform(articles.select(held), SIGNATURES, STORED["signatures"])}


def table_file(key: str, run_id: str) -> str:
    """A published table's file name: ``part-<key>-<run_id>.parquet`` (key ``00000``, ``2025-08``, ``undated``).

    The run id makes every name one release's: a reader that listed the stable folder before a publish can
    only open the files it listed or fail, and a cache keyed on a path never meets another release's bytes.
    """
    return f"part-{key}-{run_id}.parquet"


def _file_names(name: str, spans: dict[str, tuple[int, int]], run_id: str) -> dict[str, tuple[int, int]]:
    """{file name: span} from {partition key: span}.  The tables' names carry the run id; a sidecar (one file)
    keeps ``PART``: newsclean's own readers of it (``dedup.reference``) open it by that name, under the run lock,
    when no publish can be switching ``current``."""
    if name not in TABLES:
        return {PART: spans[WHOLE]}
    return {table_file(key, run_id): span for key, span in spans.items()}


def _write_table(
    table: pa.Table, name: str, folder: Path, run: RunInfo, layout: Layout, stores: tuple[RowStore, ...] = ()
) -> None:
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
    order = (
        pc.sort_indices(table.select(list(keys)), sort_keys=[(k, "ascending", "at_end") for k in keys])
        if keys
        else pa.array(np.arange(table.num_rows), pa.int64())
    )
    spans = (
        _partitions(table.column("published").take(order), layout.partition)
        if name == "articles"
        else {WHOLE: (0, table.num_rows)}
    )
    parts = _file_names(name, spans, run.run_id)
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
    """{partition key: (first, end) positions in sort order}: one file, or one per publication year or month."""
    if partition == "none" or len(published) == 0:
        return {WHOLE: (0, len(published))}
    keys = pc.fill_null(pc.strftime(published, "%Y" if partition == "year" else "%Y-%m"), "undated")
    runs = pc.run_end_encode(pa.chunked_array([keys]).combine_chunks())  # sorted, so each key is one run of rows
    ends = runs.run_ends.to_pylist()
    return {key: (start, end) for key, start, end in zip(runs.values.to_pylist(), [0] + ends[:-1], ends)}


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
            replace_link(link, wanted)


def publish(
    tables: dict[str, pa.Table | Rows],
    out_dir: Path,
    run: RunInfo,
    manifest: dict,
    keep_releases: int,
    sidecars: dict[str, pa.Table | Rows] | None = None,
    card: str | None = None,
    layout: Layout = Layout(),
    grace_seconds: float = Settings.release_grace_seconds,
) -> Path:
    """Write a release and make it current; return its folder.  The caller holds the run lock on ``out_dir``.

    A table is a pyarrow Table, or Rows (a run's: locators ``stored_at``... into the stores that hold their
    texts, signatures and reliability signals).

    ``sidecars`` (dedup's signatures) go into the release beside the tables,
    with no link at the top of the output folder: they are for newsclean, not readers.

    ``grace_seconds``: how long a superseded release stays (``prune_releases``; the run's
    ``release_grace_seconds``).
    """
    out_dir = Path(out_dir)
    _check_table_links(out_dir)
    releases = out_dir / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    record = _load_record(releases)  # an unreadable record stops the run here, before anything is written
    remove_abandoned_staging(releases)
    staging = releases / f"{STAGING}{run.run_id}"
    final = releases / run.run_id
    if final.exists():
        raise PublishError(f"release {final} already exists")
    try:
        staging.mkdir()
        for name, table in {**tables, **(sidecars or {})}.items():
            rows = Rows.of(table)
            _write_table(rows.table, name, staging / name, run, layout, rows.stores)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str, sort_keys=True) + "\n")
        if card is not None:  # the dataset card, inside the release: it always describes the tables beside it
            (staging / CARD).write_text(card, encoding="utf-8")
        fsync_dir(staging)
        # Recorded before the rename: a run killed after it leaves a release that a later prune knows is newsclean's
        # (one killed before it leaves an entry with no folder, which the next prune drops).
        record = _record_release(releases, run.run_id, _now(), record)
        kill_point("publish:staged")
        os.rename(staging, final)
        fsync_dir(releases)
        kill_point("publish:renamed")
        replace_link(out_dir / CURRENT, f"{RELEASES}/{run.run_id}")
        _ensure_table_links(out_dir)
        top_card = out_dir / CARD
        if card is not None and (top_card.is_symlink() or not top_card.exists()):  # a user's own README is left alone
            replace_link(top_card, f"{CURRENT}/{CARD}")
        fsync_dir(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    prune_releases(out_dir, keep_releases, grace_seconds, entries=record)
    return final


def _now() -> datetime:
    return datetime.now(UTC)


def _is_own_folder(path: Path) -> bool:
    """A real folder (not a link to one elsewhere): the only kind newsclean ever removes."""
    return path.is_dir() and not path.is_symlink()


def remove_abandoned_staging(releases: Path) -> list[str]:
    """Remove the ``.staging-<run_id>`` folders of killed runs (a run that fails removes its own); return their names.

    Only called with the run lock held, so no other run can be writing one.  Only newsclean's names go: a
    ``.staging-`` followed by a run id of ``RunInfo.new``'s shape; any other hidden folder is left alone.
    """
    removed = []
    for path in sorted(Path(releases).iterdir()):
        if path.name.startswith(STAGING) and RUN_ID.fullmatch(path.name[len(STAGING) :]) and _is_own_folder(path):
            shutil.rmtree(path)
            removed.append(path.name)
    return removed


def _load_record(releases: Path) -> list[dict]:
    """The releases newsclean published under ``releases``, oldest first; adopted from the folders when there is no
    record yet (``_adopt``)."""
    path = releases / RECORD
    if not path.exists():
        return _adopt(releases)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["releases"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PublishError(
            f"{path} is unreadable ({exc}): move it away, and newsclean adopts its releases again from their manifests"
        ) from exc
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("run_id"), str)]


def _adopt(releases: Path) -> list[dict]:
    """The record for an output folder published before newsclean kept one (or whose record was moved away).

    A folder is adopted only if it looks exactly like a newsclean release -- its name has the shape of a run
    id and its ``manifest.json`` holds that same ``run_id`` -- so a user's ``v1.0/`` or ``2026-01/`` is never
    taken for one.  Adopted releases are ordered by name (a run id starts with the run's UTC start time) and
    counted as superseded now, so each still gets its full grace period.
    """
    entries = []
    for path in sorted(releases.iterdir()):
        if RUN_ID.fullmatch(path.name) and _is_own_folder(path) and _manifest_run_id(path) == path.name:
            entries.append({"run_id": path.name, "recorded": None, "superseded": None})
    return entries


def _manifest_run_id(folder: Path) -> str | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("run_id") if isinstance(manifest, dict) else None


def _save_record(releases: Path, entries: list[dict]) -> None:
    """Rewrite the record atomically (a temporary file, flushed, renamed over it): it is whole or the old one."""

    def write(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"format": 1, "releases": entries}, handle, indent=1)
            handle.write("\n")

    replace_file(releases / RECORD, write, durable=True)


def _record_release(releases: Path, run_id: str, now: datetime, entries: list[dict]) -> list[dict]:
    """Save the record ``entries`` (as loaded) with ``run_id`` appended; return what was saved."""
    saved = [e for e in entries if e["run_id"] != run_id] + [
        {"run_id": run_id, "recorded": now.isoformat(), "superseded": None}
    ]
    _save_record(releases, saved)
    return saved


def _superseded_at(entry: dict, now: datetime) -> datetime:
    """The entry's recorded time; ``now`` when it has none or an unreadable one (the later time: the safe side)."""
    try:
        when = datetime.fromisoformat(entry["superseded"])
    except (TypeError, ValueError):
        return now
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _is_plain_name(name: str) -> bool:
    """A folder name directly under releases/ (a record edited by hand must not point rmtree anywhere else)."""
    return bool(name) and name == Path(name).name and not name.startswith(".")


def prune_releases(
    out_dir: Path,
    keep: int,
    grace_seconds: float = Settings.release_grace_seconds,
    now: datetime | None = None,
    entries: list[dict] | None = None,
) -> list[str]:
    """Remove the releases of newsclean's record beyond the newest ``keep`` whose grace period is over; return them.

    Kept: every folder not in the record (a user's, or any newsclean did not publish: they do not count toward
    ``keep`` either), the current release, the newest ``keep`` recorded releases (record order: the order they
    were published in), and any release superseded less than ``grace_seconds`` ago, so that a reader that
    resolved ``current`` before the switch can finish its query.  Removed: the rest of the record, oldest first,
    each folder whole (never a file of a release that stays).  Entries whose folder is gone are dropped.  Called
    by ``publish``, under the run lock: the record has one writer (``entries``: the record as the caller holds it,
    else it is read).  Each entry is saved with the time it stopped being current: now for one first seen
    superseded (its grace starts here), none for the current one (a release made current again gets a new grace
    period when it stops).
    """
    releases = Path(out_dir) / RELEASES
    if not releases.is_dir():
        return []
    now = now or _now()
    current = current_release(out_dir)
    entries = [
        e
        for e in (_load_record(releases) if entries is None else entries)
        if _is_plain_name(e["run_id"]) and _is_own_folder(releases / e["run_id"])
    ]
    newest = {e["run_id"] for e in entries[max(0, len(entries) - keep) :]}
    cutoff = now - timedelta(seconds=grace_seconds)
    kept, removed = [], []
    for entry in entries:
        name = entry["run_id"]
        superseded = None if name == current else _superseded_at(entry, now)
        if name not in newest and superseded is not None and superseded <= cutoff:
            shutil.rmtree(releases / name)
            removed.append(name)
        else:
            kept.append({**entry, "superseded": superseded.isoformat() if superseded else None})
    _save_record(releases, kept)
    return removed


STAGE = Stage(
    "publish", final_tables, adds=("pipeline_version", "run_id", "processed_at"), drops=("minhash",), output=None
)
