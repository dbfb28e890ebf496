"""The stage contract: what each stage reads, adds, updates and drops, checked by code rather than stated.

A ``Stage`` names its columns and the function that does its work (``run``).  ``Pipeline`` takes the stages in
their order and checks the definition when it is built (``newsclean.pipeline`` builds it at import): every
column a stage reads, updates or drops exists upstream, no column has two producers, and what is left at the
end is exactly the published ``articles`` schema.  Calling a stage (``stage(table, ...)``) checks the run
itself: the input holds every column the stage reads, and the output holds exactly the input's columns minus
``drops`` plus ``adds``.

A column kept on disk rather than in the table (a ``RowStore`` of texts or signals, ``runtime.rowstore``)
counts as present when a store passed in, or returned, has its locator column in the table: the table and
its stores are one set of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

LOCATOR = "stored_at"  # the text store's locator column; another store's is named stored_at_<what>; never published


class ContractError(ValueError):
    """A pipeline definition, or a stage's run, that breaks the stage contract."""


def is_locator(name: str) -> bool:
    """Whether ``name`` is a column that points into a row store (``runtime.rowstore``)."""
    return name == LOCATOR or name.startswith(LOCATOR + "_")


def _is_rows(value: Any) -> bool:
    """A ``runtime.rowstore.Rows``: a table with its stores (duck-typed: core imports nothing above it)."""
    return hasattr(value, "table") and hasattr(value, "stores")


def _stores_in(values: Iterable[Any]) -> list[Any]:
    """The row stores among ``values`` (anything with a ``locator`` name and a ``schema``), and those of Rows."""
    found = []
    for value in values:
        if _is_rows(value):
            found.extend(value.stores)
        elif isinstance(getattr(value, "locator", None), str) and hasattr(value, "schema"):
            found.append(value)
    return found


def columns_of(table: Any, stores: Iterable[Any] = ()) -> frozenset[str]:
    """The columns of ``table`` (a pyarrow Table or Schema, or Rows) with those of the ``stores`` its locators
    point into, locator columns themselves left out."""
    if _is_rows(table):
        return columns_of(table.table, [*table.stores, *stores])
    names = set(table.schema.names if hasattr(table, "schema") else table.names)
    for store in _stores_in(stores):
        if store.locator in names:
            names |= set(store.schema.names)
    return frozenset(n for n in names if not is_locator(n))


def _first_table(result: Any) -> Any:
    """The table a stage returns: the result itself, or the first element of a tuple."""
    return result[0] if isinstance(result, tuple) else result


@dataclass(frozen=True)
class Stage:
    """One stage: its name, its columns, and ``run``, the function that does its work.

    ``reads``: columns the stage needs; ``adds``: columns it creates (it is their one producer); ``updates``:
    existing columns whose values it may change; ``drops``: columns it consumes and removes.  ``output`` picks
    the rows table out of what ``run`` returns (default: the result, or its first element); ``None`` when the
    stage returns no table (discover lists files).  ``takes_table`` is False for a stage whose input is not a
    table (ingest reads files): its input columns are then its ``reads``.
    """

    name: str
    run: Callable[..., Any]
    reads: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()
    updates: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()
    output: Callable[[Any], Any] | None = _first_table
    takes_table: bool = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``run(*args, **kwargs)``, with the input's and the output's columns checked against the contract."""
        arguments = [*args, *kwargs.values()]
        before = columns_of(args[0], arguments) if self.takes_table else frozenset(self.reads)
        self.check_input(before)
        result = self.run(*args, **kwargs)
        if self.output is not None:
            returned = result if isinstance(result, tuple) else (result,)
            self.check_output(before, columns_of(self.output(result), returned))
        return result

    def check_input(self, columns: frozenset[str]) -> None:
        missing = sorted((set(self.reads) | set(self.updates) | set(self.drops)) - columns)
        if missing:
            raise ContractError(f"stage {self.name!r} got rows without the column(s) it reads: {missing}")

    def check_output(self, before: frozenset[str], after: frozenset[str]) -> None:
        expected = (before - set(self.drops)) | set(self.adds)
        if after != expected:
            undeclared, lost = sorted(after - expected), sorted(expected - after)
            raise ContractError(
                f"stage {self.name!r} returned columns its contract does not declare: "
                f"{undeclared} added without being declared, {lost} declared or read but missing"
            )


class Pipeline:
    """The stages in their order, the definition checked when it is built.

    ``published``: the columns the last stage must leave, no more and no fewer; ``internal``: columns a stage
    may add that are not published (a later stage drops them).
    """

    def __init__(self, stages: Sequence[Stage], published: Sequence[str], internal: Iterable[str] = ()):
        self.stages = tuple(stages)
        self.published = tuple(published)
        self._producer: dict[str, str] = {}
        self._check(frozenset(internal))

    def _check(self, internal: frozenset[str]) -> None:
        names = [s.name for s in self.stages]
        if len(set(names)) != len(names):
            raise ContractError(f"stage names repeat: {names}")
        available: set[str] = set()
        for stage in self.stages:
            for kind, columns in (("reads", stage.reads), ("updates", stage.updates), ("drops", stage.drops)):
                missing = [c for c in columns if c not in available]
                if missing:
                    raise ContractError(f"stage {stage.name!r} {kind} {missing}, which no earlier stage adds")
            for column in stage.adds:
                if column in self._producer:
                    raise ContractError(
                        f"column {column!r} is added by both {self._producer[column]!r} and {stage.name!r}"
                    )
                if column not in self.published and column not in internal:
                    raise ContractError(f"stage {stage.name!r} adds {column!r}, neither published nor internal")
                self._producer[column] = stage.name
            available = (available - set(stage.drops)) | set(stage.adds)
        unproduced = [c for c in self.published if c not in self._producer]
        if unproduced:
            raise ContractError(f"published column(s) without a producing stage: {unproduced}")
        left = sorted(available - set(self.published))
        lost = sorted(set(self.published) - available)
        if left or lost:
            raise ContractError(f"the last stage leaves {left} unpublished and has dropped published {lost}")

    def __getitem__(self, name: str) -> Stage:
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(name)

    def producer(self, column: str) -> str | None:
        """The stage that adds ``column`` (None for a column no stage adds)."""
        return self._producer.get(column)

    def columns_after(self, name: str) -> frozenset[str]:
        """The columns the rows hold once stage ``name`` has run."""
        available: set[str] = set()
        for stage in self.stages:
            available = (available - set(stage.drops)) | set(stage.adds)
            if stage.name == name:
                return frozenset(available)
        raise KeyError(name)
