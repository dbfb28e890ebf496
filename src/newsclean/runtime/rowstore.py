"""rowstore: the heavy columns of a run's rows (texts, signatures) on disk, out of the run's process.

At a million articles the texts alone are gigabytes, and every stage that
copied them (dedup's output, reliability's Python strings, the sort before
publishing) held another copy.  So a run keeps its heavy columns here, in
uncompressed Arrow IPC files ("parts") that the worker processes write, and
the tables the stages pass around carry ``stored_at`` instead: the row's
position in the store (part after part, row after row).  A stage that needs
texts fetches the ones it needs (``take``), a batch at a time; the parts
are memory-mapped for the read and unmapped after it, so pages read are
only the rows taken and none stay resident.

``Rows`` is a table with the stores its locators point into, the one value the stages take and
return for such rows.  ``RowStore.of_table`` makes a store of an in-memory table (the stages'
in-memory functions use it, so there is one code path), and ``restore``
puts stored columns back in a table.  Reads: nothing.  Adds: ``stored_at``
(internal, never published).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.ipc  # noqa: F401 - pa.ipc

from newsclean.core.contract import LOCATOR, columns_of
from newsclean.runtime.atomic import replace_file


def write_part(table: pa.Table, path: Path, partial: Path | None = None) -> tuple[str, int]:
    """Write one part atomically (a crash leaves no half part under the name); return (path, rows).

    The part is written under a temporary name, in ``partial`` when given (a folder on the same file system that
    its owner empties when no writer can be running, so what a killed writer left goes then), else beside
    ``path``; a failed write (a full disk) removes its temporary file at once.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if partial is not None:
        Path(partial).mkdir(parents=True, exist_ok=True)

    def write(temporary: Path) -> None:
        with pa.OSFile(str(temporary), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)

    replace_file(path, write, partial)
    return str(path), table.num_rows


def read_part(path: str | Path, columns: list[str] | None = None) -> pa.Table:
    """A whole part, read into memory (for a worker that processes every row of it)."""
    with pa.OSFile(str(path), "rb") as source:
        table = pa.ipc.open_file(source).read_all()
    return table.select(columns) if columns is not None else table


@dataclass(frozen=True)
class RowStore:
    parts: tuple[str, ...] = ()
    offsets: tuple[int, ...] = (0,)  # part i holds rows offsets[i] .. offsets[i + 1] - 1
    schema: pa.Schema = field(default_factory=lambda: pa.schema([]))
    locator: str = LOCATOR  # the column of a table that holds its rows' places in this store

    @classmethod
    def of_parts(cls, parts: list[tuple[str, int]], schema: pa.Schema, locator: str = LOCATOR) -> RowStore:
        return cls(tuple(p for p, _ in parts), tuple(np.cumsum([0] + [n for _, n in parts]).tolist()), schema, locator)

    @classmethod
    def of_table(
        cls,
        table: pa.Table,
        columns: list[str],
        folder: Path,
        rows_per_part: int,
        name: str = "part",
        locator: str = LOCATOR,
    ) -> tuple[pa.Table, RowStore]:
        """(``table`` without ``columns`` and with ``locator``, the store that holds them), in parts of
        ``rows_per_part``."""
        held = table.select(columns)
        parts = [
            write_part(held.slice(start, rows_per_part), Path(folder) / f"{name}-{k:05d}.arrow")
            for k, start in enumerate(range(0, table.num_rows, max(1, rows_per_part)))
        ]
        store = cls.of_parts(parts, held.schema, locator)
        return with_locator(table.drop_columns(columns), name=locator), store

    def __len__(self) -> int:
        return self.offsets[-1]

    def part_rows(self, part: int) -> range:
        return range(self.offsets[part], self.offsets[part + 1])

    def take(self, locators: np.ndarray | pa.Array | list, columns: list[str] | None = None) -> pa.Table:
        """The stored columns of the rows at ``locators``, in that order (a locator may repeat)."""
        columns = list(self.schema.names) if columns is None else columns
        locators = _as_numpy(locators)
        if not locators.size:
            return self.schema.empty_table().select(columns)
        part_of = np.searchsorted(np.asarray(self.offsets), locators, side="right") - 1
        order = np.argsort(part_of, kind="stable")
        pieces = []
        bounds = np.searchsorted(part_of[order], np.arange(len(self.parts) + 1))
        for part in np.flatnonzero(np.diff(bounds)).tolist():
            wanted = locators[order[bounds[part] : bounds[part + 1]]] - self.offsets[part]
            with pa.memory_map(self.parts[part], "r") as source:
                held = pa.ipc.open_file(source).read_all().select(columns)
                # take copies the rows out of the mapping, which is closed (and its pages let go) right after
                pieces.append(held.take(pa.array(wanted, pa.int64())).combine_chunks())
        gathered = pa.concat_tables(pieces)
        back = np.empty(locators.size, np.int64)
        back[order] = np.arange(locators.size)
        return gathered.take(pa.array(back))

    def column(self, locators, name: str) -> pa.Array:
        return self.take(locators, [name]).column(0).combine_chunks()

    def is_null(self, name: str) -> np.ndarray:
        """Whether each stored value of ``name`` is null, in store order (reads the validity bitmaps only)."""
        masks = []
        for path in self.parts:
            with pa.memory_map(path, "r") as source:
                masks.append(np.asarray(pa.ipc.open_file(source).read_all().column(name).is_null()))
        return np.concatenate(masks) if masks else np.zeros(0, bool)

    def remove(self) -> None:
        for path in self.parts:
            Path(path).unlink(missing_ok=True)


def _as_numpy(locators) -> np.ndarray:
    if isinstance(locators, (pa.Array, pa.ChunkedArray)):
        return np.asarray(locators.to_numpy(zero_copy_only=False), np.int64)
    return np.asarray(locators, np.int64)


def with_locator(table: pa.Table, start: int = 0, name: str = LOCATOR) -> pa.Table:
    return table.append_column(name, pa.array(np.arange(start, start + table.num_rows, dtype=np.int64)))


def restore(
    table: pa.Table, store: RowStore, columns: list[str] | None = None, positions: dict[str, int] | None = None
) -> pa.Table:
    """``table`` with the stored ``columns`` of its rows back (at ``positions``, else at the end), without the
    store's locator column."""
    columns = list(store.schema.names) if columns is None else columns
    held = store.take(table.column(store.locator), columns)
    out = table.drop_columns([store.locator])
    for name in sorted(columns, key=lambda c: (positions or {}).get(c, 1 << 30)):
        at = (positions or {}).get(name)
        if at is None or at > out.num_columns:
            out = out.append_column(held.schema.field(name), held.column(name))
        else:
            out = out.add_column(at, held.schema.field(name), held.column(name))
    return out


def texts_at(table: pa.Table, rows, store: RowStore | None, column: str = "text") -> list:
    """``column`` of ``table``'s rows ``rows`` as Python values: from the table when it holds the column, else
    from ``store`` through ``stored_at``."""
    indices = pa.array(list(rows), pa.int64())
    if column not in table.column_names and store is None:
        return [None] * len(indices)
    if column in table.column_names:
        return table.column(column).take(indices).to_pylist()
    return store.column(table.column(store.locator).take(indices), column).to_pylist()


@dataclass(frozen=True)
class Rows:
    """A table and the stores its locator columns point into: one set of rows, whose heavy columns (texts,
    signatures, signals) are on disk.  The stages take and return it, so no stage takes a store beside a table.

    ``table`` holds the light columns and, for each store, the store's locator; a column is the table's or
    the one store's that holds it (``store_with``).
    """

    table: pa.Table
    stores: tuple[RowStore, ...] = ()

    @classmethod
    def of(cls, value: pa.Table | Rows) -> Rows:
        """``value`` as Rows: a table that holds all its columns is Rows without stores."""
        return value if isinstance(value, Rows) else cls(value)

    @property
    def num_rows(self) -> int:
        return self.table.num_rows

    @property
    def column_names(self) -> frozenset[str]:
        """The columns of the rows, wherever they are, locators left out."""
        return columns_of(self)

    def store_with(self, column: str) -> RowStore | None:
        """The store holding ``column`` (None when the table holds it, or nothing does)."""
        if column in self.table.column_names:
            return None
        present = (s for s in self.stores if s.locator in self.table.column_names)
        return next((s for s in present if column in s.schema.names), None)

    def texts(self, rows, column: str = "text") -> list:
        """``column`` of rows ``rows`` (positions in ``table``) as Python values, from the table or its store."""
        return texts_at(self.table, rows, self.store_with(column), column)

    def with_table(self, table: pa.Table) -> Rows:
        """The same stores under another table of the same rows' light columns (filtered, reordered, extended)."""
        return Rows(table, self.stores)

    def adding(self, store: RowStore) -> Rows:
        return Rows(self.table, (*self.stores, store))

    def remove(self) -> None:
        """Delete the stores' parts (the table stays)."""
        for store in self.stores:
            store.remove()


@contextmanager
def scratch_folder(path: Path) -> Iterator[Path]:
    """A run's scratch folder, empty on entry (a crashed run's parts go: the caller holds the run lock) and
    removed on exit, whatever the outcome."""
    path = Path(path)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
