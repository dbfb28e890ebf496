"""sources: the outlet a folder's files come from, where their text does not say (``[sources]``).

A folder of plain-text articles names no outlet: the BBC corpus prints no sitename and no url, so no rating
table can apply to it.  ``[sources]`` maps globs on the raw paths (``newsclean.stages.discover.glob_regex``: "bbc/**")
to an outlet's ``sitename`` and ``domain``; this step fills ``sitename`` and ``source_domain`` from the first
entry whose glob matches a row's ``source_file``, and only where the row has none (what the text or the
record says wins).  Dedup (boilerplate per outlet, outlet priority) and reliability (ratings by domain) read
the filled columns, so the step runs before them.

Like ``plausible_dates``, a run-time step, not part of split: the mapping is configuration, while split's
per-file rows are cached across runs (``newsclean.runtime.cache``), so changing ``[sources]`` never re-reads a file.
Pure: a table in, the same table with the two columns filled out, and running it twice changes nothing more.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.config import Source
from newsclean.core.contract import Stage
from newsclean.stages.discover import glob_regex


def files_by_source(files: list[str], sources: tuple[Source, ...]) -> list[list[str]]:
    """For each entry of ``sources``, the ``files`` it claims: those its glob matches and no earlier entry's."""
    patterns = [glob_regex(source.pattern) for source in sources]
    claimed: list[list[str]] = [[] for _ in sources]
    for name in files:
        for k, pattern in enumerate(patterns):
            if pattern.match(name):
                claimed[k].append(name)
                break
    return claimed


def _fill(table: pa.Table, name: str, rows: pa.ChunkedArray | pa.Array, value: str) -> pa.Table:
    """``table`` with ``value`` in column ``name`` where ``rows`` holds and the column is null (its type kept)."""
    at = table.schema.get_field_index(name)
    column = table.column(at)
    plain = column.cast(pa.string()) if pa.types.is_dictionary(column.type) else column
    filled = pc.if_else(pc.and_(rows, pc.is_null(plain)), pa.scalar(value, pa.string()), plain)
    return table.set_column(at, table.schema.field(at), filled.cast(column.type))


def apply_sources(rows: pa.Table, sources: tuple[Source, ...]) -> pa.Table:
    """``rows`` with ``sitename`` and ``source_domain`` filled from ``sources`` where they are null."""
    if not sources or rows.num_rows == 0:
        return rows
    source_files = rows.column("source_file")
    files = pc.unique(source_files).to_pylist()
    for source, claimed in zip(sources, files_by_source(files, sources)):
        if not claimed:
            continue
        mask = pc.is_in(source_files, value_set=pa.array(claimed, pa.string()))
        if source.sitename:
            rows = _fill(rows, "sitename", mask, source.sitename)
        if source.domain:
            rows = _fill(rows, "source_domain", mask, source.domain)
    return rows


STAGE = Stage(
    "sources", apply_sources, reads=("source_file", "sitename", "source_domain"), updates=("sitename", "source_domain")
)
