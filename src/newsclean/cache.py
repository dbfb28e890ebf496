"""cache: each raw file's per-file results (ingest, language, split), kept on its content and the code.

A run reads a file's rows back from here instead of redoing its work when
nothing that shapes them changed: the file's bytes (sha256), its path under
the raw root (rows carry ``source_file``), the ingest limits, and the code of
the per-file stages (``CODE_VERSION``, a hash of their source).  So a daily
run does the per-file work of the new and changed files only, and a run that
crashed resumes without redoing the files it had finished: each batch's
entries are written as soon as the batch is done.

An entry is ``<key>.rows.arrow`` (the split rows; its metadata holds the
file's segment count) and, when the file had quarantined parts,
``<key>.quarantine.arrow``; the rows file is renamed into place last, so
its presence means the entry is whole.  Entries are uncompressed Arrow IPC
files, not Parquet: most raw files hold one article, and for such small
tables IPC writes in a third of Parquet's time and reads in under half
(0.32 vs 1.05 ms and 0.65 vs 1.61 ms per entry here), which at a
hundred thousand files is minutes; the price is about the raw size on disk.  Reads: the raw files.  Adds nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc  # noqa: F401 - pa.ipc

from newsclean import __version__
from newsclean.config import Limits
from newsclean.discover import RawFile
from newsclean.faults import kill_point
from newsclean.ingest import ingest
from newsclean.language import add_language
from newsclean.parallel import Workers
from newsclean.rowstore import read_part, write_part
from newsclean.schema import DOCUMENTS, QUARANTINE_ROWS, SCHEMA_VERSION, TRANSIENT_REASONS
from newsclean.split import split

_PER_FILE_MODULES = ("discover", "ingest", "segment", "language", "split", "dates", "schema", "reliability/domains")


def _code_version() -> str:
    """A hash of the source of every module whose code shapes a file's rows, with the package and schema versions."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{__version__}\0{SCHEMA_VERSION}".encode())
    paths = [package / f"{name}.py" for name in _PER_FILE_MODULES if (package / f"{name}.py").is_file()]
    paths += sorted((package / "split").glob("*.py")) + sorted((package / "split").glob("*.txt"))
    paths += sorted((package / "split").glob("*.json"))  # the headline model's weights
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


@functools.cache
def empty_rows() -> pa.Table:
    """The schema of split's output, with no rows."""
    return split(add_language(DOCUMENTS.empty_table()))[0]


@dataclass(frozen=True)
class FileResult:
    rows: pa.Table
    quarantine: pa.Table
    segments: int | None  # documents the file was segmented into; None when it was quarantined whole


@dataclass(frozen=True)
class BatchResult:
    rows: pa.Table
    quarantine: pa.Table
    segments: dict[str, int]
    processed: int  # files whose per-file work ran in this batch
    reused: int  # files read back from the cache
    stored: tuple[str, int] | None = None  # (RowStore part, rows) holding the batch's texts; rows then lack ``text``


# Temporary files of entries being written, in one folder of their own, so that what a killed writer left is
# found without walking the cache's hundreds of thousands of entries.
PARTIAL = ".partial"


class FileCache:
    def __init__(self, folder: Path, limits: Limits):
        self.folder = Path(folder)
        self.limits = limits
        self._settings = json.dumps(asdict(limits), sort_keys=True)

    def key(self, source_file: str, sha256: str) -> str:
        return hashlib.sha256(f"{sha256}\0{source_file}\0{CODE_VERSION}\0{self._settings}".encode()).hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_name(key + ".rows.arrow"), base.with_name(key + ".quarantine.arrow")

    def holds(self, source_file: str, sha256: str | None) -> bool:
        """Whether a whole entry exists, without reading it."""
        return sha256 is not None and self._paths(self.key(source_file, sha256))[0].is_file()

    def load(self, source_file: str, sha256: str | None) -> FileResult | None:
        if sha256 is None:
            return None
        rows_path, quarantine_path = self._paths(self.key(source_file, sha256))
        try:
            rows = read_part(rows_path)
            quarantine = read_part(quarantine_path) if quarantine_path.is_file() else QUARANTINE_ROWS.empty_table()
        except (OSError, pa.ArrowInvalid):
            return None  # absent, or damaged by a crash mid-write: the file is simply done again
        stored = (rows.schema.metadata or {}).get(b"newsclean.segments", b"")
        segments = int(stored) if stored else None
        return FileResult(rows.replace_schema_metadata(None).cast(empty_rows().schema), quarantine.cast(QUARANTINE_ROWS), segments)

    def store(self, source_file: str, sha256: str | None, result: FileResult) -> None:
        """Keep ``result`` for the next run, unless it says nothing lasting about these bytes: a file that could
        not be read, or changed or was replaced while being read, is read afresh next time."""
        if sha256 is None or is_transient(result.quarantine):
            return
        rows_path, quarantine_path = self._paths(self.key(source_file, sha256))
        partial = self.folder / PARTIAL
        if result.quarantine.num_rows:
            write_part(result.quarantine, quarantine_path, partial)
        metadata = {b"newsclean.segments": b"" if result.segments is None else str(result.segments).encode(),
                    b"newsclean.code_version": CODE_VERSION.encode()}
        write_part(result.rows.replace_schema_metadata(metadata), rows_path, partial)  # last: the entry is whole now

    def clear_partial(self) -> None:
        """Remove what writers killed mid-write left (a full disk, kill -9).  Only while no run can be writing
        here: the caller holds the output folder's run lock."""
        shutil.rmtree(self.folder / PARTIAL, ignore_errors=True)


def is_transient(quarantine: pa.Table) -> bool:
    """Whether any of these quarantine rows has a reason that may not hold on the next run (TRANSIENT_REASONS)."""
    return quarantine.num_rows > 0 and pc.any(pc.is_in(quarantine.column("reason"),
                                                       pa.array(TRANSIENT_REASONS))).as_py()


def _of_file(table: pa.Table, source_file: str) -> pa.Table:
    return table.filter(pc.equal(table.column("source_file"), source_file))


def process_files(files: list[RawFile], limits: Limits, cache: FileCache | None = None, reuse: bool = True) -> BatchResult:
    """Ingest, language and split for ``files``: read back what the cache holds, do the rest, and store it.

    The result is the same as ``split(add_language(ingest(files)))`` in file order, however much came from
    the cache.  ``reuse=False`` (a full rebuild) does every file and refreshes its entry.
    """
    found = {raw.source_file: cache.load(raw.source_file, raw.sha256) for raw in files} if cache and reuse else {}
    missing = [raw for raw in files if found.get(raw.source_file) is None]
    if missing:
        ingested = ingest(missing, limits)
        rows, split_quarantine = split(add_language(ingested.documents))
        quarantine = pa.concat_tables([ingested.quarantine, split_quarantine])
        for raw in missing:
            result = FileResult(_of_file(rows, raw.source_file), _of_file(quarantine, raw.source_file),
                                ingested.segments.get(raw.source_file))
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


def process_files_on(workers: Workers, files: list[RawFile], limits: Limits, cache_folder: Path,
                     reuse: bool = True, text_part: Path | None = None) -> BatchResult:
    """``process_files`` on one of ``workers`` (the caller's thread waits): per-file work is pure Python
    and holds the GIL, so threads alone would use one core whatever the machine has.  With ``text_part``,
    the worker writes the batch's texts there (a ``RowStore`` part) and the rows come back without them."""
    result = workers.call(_process_and_store, files, limits, FileCache(cache_folder, limits), reuse, text_part)
    if result.processed:
        kill_point("ingest:after-batch")  # here, in the run's own process: a worker's death would only fail the task
    return result


def _process_and_store(files: list[RawFile], limits: Limits, cache: FileCache, reuse: bool,
                       text_part: Path | None) -> BatchResult:
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
COMPACT_COLUMNS = ("source_sha256", "source_encoding", "published_source", "published_precision", "article_type",
                   "language")


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
