"""The per-file chain: ingest, language and split for a batch of raw files, with the cache in front of it.

This is the part of the pipeline that runs on the workers, one batch of files per task
(``process_files_on``); what it returns is the batch's rows (its texts written to a RowStore part when the
caller asks) and quarantine rows.  A file's results come from ``runtime.cache`` when its bytes, path and the
per-file code are unchanged.  Reads: the raw files.  Adds: the columns of ingest, language and split.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.config import Limits
from newsclean.core.schema import DOCUMENTS, QUARANTINE_ROWS
from newsclean.runtime.cache import FileCache, FileResult
from newsclean.runtime.faults import kill_point
from newsclean.runtime.parallel import Workers
from newsclean.runtime.rowstore import Rows, RowStore, with_locator, write_part
from newsclean.stages import ingest, language, split
from newsclean.stages.discover import RawFile


@functools.cache
def empty_rows() -> pa.Table:
    """The schema of split's output, with no rows."""
    return split.split(language.add_language(DOCUMENTS.empty_table()))[0]


@dataclass(frozen=True)
class BatchResult:
    rows: pa.Table
    quarantine: pa.Table
    segments: dict[str, int]
    processed: int  # files whose per-file work ran in this batch
    reused: int  # files read back from the cache
    stored: tuple[str, int] | None = None  # (RowStore part, rows) holding the batch's texts; rows then lack ``text``


def _as_split_rows(result: FileResult | None) -> FileResult | None:
    """A cache entry's rows in split's schema (IPC drops nothing, but a column's metadata may differ)."""
    return None if result is None else replace(result, rows=result.rows.cast(empty_rows().schema))


def _of_file(table: pa.Table, source_file: str) -> pa.Table:
    return table.filter(pc.equal(table.column("source_file"), source_file))


def process_files(
    files: list[RawFile], limits: Limits, cache: FileCache | None = None, reuse: bool = True
) -> BatchResult:
    """Ingest, language and split for ``files``: read back what the cache holds, do the rest, and store it.

    The result is the same as ``split(add_language(ingest(files)))`` in file order, however much came from
    the cache.  ``reuse=False`` (a full rebuild) does every file and refreshes its entry.
    """
    found = (
        {raw.source_file: _as_split_rows(cache.load(raw.source_file, raw.sha256)) for raw in files}
        if cache and reuse
        else {}
    )
    missing = [raw for raw in files if found.get(raw.source_file) is None]
    if missing:
        # the stages called through their contracts: each call checks the columns going in and coming out
        ingested = ingest.STAGE(missing, limits)
        rows, split_quarantine = split.STAGE(language.STAGE(ingested.documents))
        quarantine = pa.concat_tables([ingested.quarantine, split_quarantine])
        for raw in missing:
            result = FileResult(
                _of_file(rows, raw.source_file),
                _of_file(quarantine, raw.source_file),
                ingested.segments.get(raw.source_file),
            )
            found[raw.source_file] = result
            if cache is not None:
                cache.store(raw.source_file, raw.sha256, result)
    ordered = [found[raw.source_file] for raw in files]
    # One chunk per column: a batch of a thousand one-article files is otherwise a thousand chunks of each of
    # thirty columns, which cost the process that receives them 40 KB per row (measured) against 0.3 KB.
    return BatchResult(
        rows=pa.concat_tables([empty_rows()] + [r.rows for r in ordered]).combine_chunks(),
        quarantine=pa.concat_tables([QUARANTINE_ROWS.empty_table()] + [r.quarantine for r in ordered]).combine_chunks(),
        segments={raw.source_file: r.segments for raw, r in zip(files, ordered) if r.segments is not None},
        processed=len(missing),
        reused=len(files) - len(missing),
    )


def process_files_on(
    workers: Workers,
    files: list[RawFile],
    limits: Limits,
    cache_folder: Path,
    reuse: bool = True,
    text_part: Path | None = None,
) -> BatchResult:
    """``process_files`` on one of ``workers`` (the caller's thread waits): per-file work is pure Python
    and holds the GIL, so threads alone would use one core whatever the machine has.  With ``text_part``,
    the worker writes the batch's texts there (a ``RowStore`` part) and the rows come back without them."""
    result = workers.call(_process_and_store, files, limits, FileCache(cache_folder, limits), reuse, text_part)
    if result.processed:
        kill_point("ingest:after-batch")  # here, in the run's own process: a worker's death would only fail the task
    return result


def _process_and_store(
    files: list[RawFile], limits: Limits, cache: FileCache, reuse: bool, text_part: Path | None
) -> BatchResult:
    result = process_files(files, limits, cache, reuse)
    if text_part is None:
        return result
    stored = write_part(result.rows.select(["text"]), text_part)
    return replace(result, rows=compact(result.rows.drop_columns(["text"])), stored=stored)


# Columns that only ride along from split to the published table, with few distinct values (one file's sha256 on
# each of its thousand lines, a handful of encodings, languages, date sources and article types): a run holds
# them dictionary-encoded, 4 bytes a row instead of 115 in all, which at a million articles is 90 MB less in
# the run's process, twice over while dedup copies its kept rows.  Publishing casts them back to strings.
# Nothing sorts or groups by them before that (Arrow cannot sort a table by a dictionary column).
COMPACT_COLUMNS = (
    "source_sha256",
    "source_encoding",
    "published_source",
    "published_precision",
    "article_type",
    "language",
)


def compact(rows: pa.Table) -> pa.Table:
    """``rows`` with COMPACT_COLUMNS dictionary-encoded."""
    for name in COMPACT_COLUMNS:
        at = rows.schema.get_field_index(name)
        if at >= 0 and not pa.types.is_dictionary(rows.schema.field(name).type):
            rows = rows.set_column(at, name, pc.dictionary_encode(rows.column(name)))
    return rows


def concat_stored_rows(batches: list[pa.Table]) -> pa.Table:
    """The rows of ``process_files_on(..., text_part)`` batches as one table, its dictionaries unified (one per
    column, so that any kernel takes the column)."""
    return pa.concat_tables([compact(empty_rows().drop_columns(["text"]))] + batches).unify_dictionaries()


@dataclass
class Ingested:
    """The per-file chain's batches as one: the rows (their texts in a store), quarantine rows and counts."""

    rows: Rows | None
    quarantine: pa.Table
    segments: dict[str, int]  # documents each file was segmented into (files quarantined whole are absent)
    processed: int
    reused: int

    def pop_rows(self) -> Rows:
        """The rows, no longer held here (at a million articles each copy is gigabytes)."""
        rows, self.rows = self.rows, None
        return rows


def merge_batches(parts: list[BatchResult]) -> Ingested:
    """The batches of ``process_files_on(..., text_part)`` merged, in batch order, the rows given locators."""
    texts = RowStore.of_parts([p.stored for p in parts], empty_rows().select(["text"]).schema)
    return Ingested(
        rows=Rows(with_locator(concat_stored_rows([p.rows for p in parts])), (texts,)),
        quarantine=pa.concat_tables([QUARANTINE_ROWS.empty_table()] + [p.quarantine for p in parts]),
        segments={name: n for p in parts for name, n in p.segments.items()},
        processed=sum(p.processed for p in parts),
        reused=sum(p.reused for p in parts),
    )


def text_parts(scratch: Path, batches: int) -> list[str]:
    """Where each batch's worker writes its texts: one RowStore part per batch under the run's scratch."""
    return [str(Path(scratch) / "texts" / f"part-{k:05d}.arrow") for k in range(batches)]
