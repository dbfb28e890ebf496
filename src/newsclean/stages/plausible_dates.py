"""plausible_dates: set aside the dates no article can have, in every run, before dedup and validation.

A date the text prints after the run's start + 1 day (``3 February 2099``) or before 1800 (``12 May 1650``)
is that row's problem, not the corpus's: its ``published`` (or ``modified``) becomes null and the row gets
the ``implausible_date`` flag in ``text_flags``, so the release goes out and the expectation on the date
range (``expectations/articles.json``) holds by construction.

Kept, so nothing read from the input is lost: ``published_raw`` (the string as printed) and
``published_source`` (where that string was read).  Nulled with ``published``: ``published_precision``,
which describes a value that is no longer there.  ``modified`` has no raw column; it is nulled and flagged.

This is a run-time step, not part of split: "after the run's start" changes from run to run, while split's
per-file rows are cached across runs (``newsclean.runtime.cache``; this module is deliberately not among the
cached modules, so changing it never invalidates the cache).  The step is pure: a table in, a table out,
the same for the same table and run start, and running it twice changes nothing more.  It reads the
dictionary-encoded columns of the run's rows (``newsclean.runtime.cache.COMPACT_COLUMNS``) as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.contract import Stage

FLAG = "implausible_date"
EARLIEST = datetime(1800, 1, 1)
# The wall-clock slack after the run's start: a date printed in a zone ahead of UTC may be tomorrow.
SLACK = timedelta(days=1)


def latest_plausible(run_started: datetime) -> datetime:
    """The latest plausible date: the run's start as a UTC wall clock (``published`` has no zone) + SLACK.

    ``newsclean.outputs.validate`` gives the same value to the suites as ``max_published``, so the step and the
    expectation it guarantees never disagree.
    """
    if run_started.tzinfo is not None:
        run_started = run_started.astimezone(UTC).replace(tzinfo=None)
    return run_started + SLACK


def implausible(values: pa.ChunkedArray | pa.Array, latest: datetime) -> pa.ChunkedArray | pa.Array:
    """True where a timestamp is before EARLIEST or after ``latest``; False where it is null (no date is not
    a wrong date)."""
    earliest, latest = pa.scalar(EARLIEST, values.type), pa.scalar(latest, values.type)
    return pc.fill_null(pc.or_(pc.less(values, earliest), pc.greater(values, latest)), False)


def _null_where(table: pa.Table, name: str, mask) -> pa.Table:
    """``table`` with column ``name`` null where ``mask`` holds; its type (dictionary-encoded or not) kept."""
    at = table.schema.get_field_index(name)
    column = table.column(at)
    return table.set_column(at, table.schema.field(at), pc.if_else(mask, pa.scalar(None, column.type), column))


def _flag_where(table: pa.Table, mask) -> pa.Table:
    """``table`` with FLAG added to ``text_flags`` where ``mask`` holds (once: a row already flagged keeps one).

    Only the flagged rows' lists are built in Python; the column is then taken from the old lists and the new
    ones in one pass, so a million rows with a handful flagged cost no million Python lists.
    """
    at = table.schema.get_field_index("text_flags")
    column = table.column(at)
    rows = np.flatnonzero(np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), bool))
    flagged = [(column[int(i)].as_py() or []) for i in rows]
    extra = pa.array([flags if FLAG in flags else flags + [FLAG] for flags in flagged], column.type)
    index = np.arange(table.num_rows, dtype=np.int64)
    index[rows] = table.num_rows + np.arange(len(rows), dtype=np.int64)
    combined = pa.chunked_array(list(column.chunks) + [extra], column.type)
    return table.set_column(at, table.schema.field(at), combined.take(pa.array(index)))


def set_aside_implausible_dates(articles: pa.Table, run_started: datetime) -> pa.Table:
    """``articles`` (split's rows or later: any table with ``published``, ``published_precision``, ``modified``
    and ``text_flags``) with each implausible ``published`` / ``modified`` nulled and its row flagged FLAG.

    ``run_started``: the run's start (``RunInfo.started``).  A table with no implausible date comes back as is.
    """
    latest = latest_plausible(run_started)
    bad_published = implausible(articles.column("published"), latest)
    bad_modified = implausible(articles.column("modified"), latest)
    bad = pc.or_(bad_published, bad_modified)
    if not pc.any(bad).as_py():
        return articles
    out = _null_where(articles, "published", bad_published)
    out = _null_where(out, "published_precision", bad_published)
    out = _null_where(out, "modified", bad_modified)
    return _flag_where(out, bad)


STAGE = Stage(
    "plausible_dates",
    set_aside_implausible_dates,
    reads=("published", "modified", "text_flags"),
    updates=("published", "published_precision", "modified", "text_flags"),
)
