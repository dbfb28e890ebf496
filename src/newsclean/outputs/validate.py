"""validate: run the Great Expectations suites of ``expectations/`` on every table, and build Data Docs.

Each suite is a GX Core 1.x JSON file named after its table
(``articles.json``, ``duplicates.json``, ``quarantine.json``).  An
expectation's GX ``severity`` decides what its failure does: ``critical``
(an *error*, the default) stops publication; ``warning`` publishes and is
shown in the run report.  Critical is for what the pipeline guarantees by
construction (schema, provenance, unique ids, conservation, the value sets the
code emits); what one input row can break is cleaned in that row (a null plus
a flag, or a quarantine row) or checked as a warning, never a refused release.
Each expectation's ``meta.notes`` says which it is.

Suites may refer to values known only at run time with GX's
``{"$PARAMETER": name}``; ``run_parameters`` provides:

- ``dangling_ids``: the ``duplicate_of`` values no ``article_id`` in
  ``articles`` has (empty unless that check fails);
- ``min_published`` and ``max_published``: the earliest plausible date
  (1800-01-01) and the latest (the run's start plus one day), the bounds
  ``newsclean.stages.plausible_dates`` holds ``published`` and ``modified`` to: that
  step nulls and flags a date outside them in every run, so a failure of
  these checks is the pipeline's fault, never an input file's;
- the distribution thresholds of ``[quality]`` in the config:
  ``min_title_share``, ``mostly_not_low`` (1 - ``max_low_share``),
  ``max_duplicates`` (``max_duplicate_share`` of articles + duplicates) and
  ``mostly_without_flag`` (1 - ``max_flag_share``).

GX cannot read a list column with a regex, so ``text_flags`` is validated as
its flags joined by commas ("" for none).

With ``docs`` (a ``reports`` folder), the run goes through a file-backed GX
project in ``reports/gx`` whose checkpoint writes Data Docs to
``reports/data_docs``; validation results older than the newest
``keep_runs`` runs are pruned, pages included.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.config import Quality
from newsclean.core.contract import is_locator
from newsclean.core.schema import TABLES
from newsclean.outputs.data_docs import make_offline
from newsclean.runtime.rowstore import Rows, RowStore
from newsclean.stages.plausible_dates import EARLIEST, latest_plausible

BLOCKING = "critical"
DOCS_SITE = "newsclean"
# Columns that name a row for a person reading a failure: enough to find it in the raw folder.
ROW_KEYS = ("source_file", "segment_index", "article_id", "title")
EXAMPLES = 5


class SuiteError(ValueError):
    """A suite file is missing or is not a valid GX suite."""


@dataclass(frozen=True)
class Outcome:
    table: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    detail: str
    examples: tuple[dict, ...] = ()  # the failing rows, named by ROW_KEYS (up to EXAMPLES)

    def line(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        state = "passed" if self.success else "FAILED"
        return f"[{self.severity}] {state} {self.expectation} on {where}: {self.detail}"


@dataclass(frozen=True)
class ValidationReport:
    outcomes: tuple[Outcome, ...]
    docs_pages: dict[str, str] = field(default_factory=dict)  # table -> Data Docs page, relative to the reports folder

    @property
    def success(self) -> bool:
        return not self.blocking_failures

    @property
    def blocking_failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity == BLOCKING]

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity != BLOCKING]

    def as_dict(self) -> dict:
        by_table: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            counts = by_table.setdefault(o.table, {"evaluated": 0, "failed": 0})
            counts["evaluated"] += 1
            counts["failed"] += not o.success
        return {
            "success": self.success,
            "evaluated": len(self.outcomes),
            "by_table": by_table,
            "failed": [{**asdict(o), "examples": list(o.examples)} for o in self.outcomes if not o.success],
            "docs_pages": dict(self.docs_pages),
        }


def load_suite(expectations_dir: Path, table: str) -> dict:
    path = Path(expectations_dir) / f"{table}.json"
    try:
        suite = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SuiteError(f"cannot read expectation suite {path}: {exc}") from exc
    if not isinstance(suite, dict) or not isinstance(suite.get("expectations"), list):
        raise SuiteError(f"{path} is not a GX expectation suite (no 'expectations' list)")
    return suite


def run_parameters(tables: dict[str, pa.Table], run_started: datetime, quality: Quality | None = None) -> dict:
    quality = quality or Quality()
    articles = tables["articles"].num_rows
    duplicates = tables["duplicates"].num_rows if "duplicates" in tables else 0
    # `duplicates.duplicate_of` must name a row of `articles.article_id`.  The suite asks GX that no value is in
    # the set of ids no article has: GX copies an expectation's arguments several times per evaluation, so a
    # set of every id pointed at (tens of thousands at 200k articles) took four seconds; this one is empty
    # unless the check fails, and then it names the dangling ids.
    pointed_at = (
        set(pc.unique(tables["duplicates"].column("duplicate_of")).to_pylist()) if "duplicates" in tables else set()
    )
    pointed_at.discard(None)
    return {
        "dangling_ids": sorted(pointed_at.difference(tables["articles"].column("article_id").to_pylist())),
        "min_published": EARLIEST.isoformat(),
        "max_published": latest_plausible(run_started).isoformat(),
        "min_title_share": quality.min_title_share,
        "mostly_not_low": round(1 - quality.max_low_share, 6),
        "max_duplicates": math.floor(quality.max_duplicate_share * (articles + duplicates)),
        "mostly_without_flag": round(1 - quality.max_flag_share, 6),
    }


_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list", "column_set")
# Expectations that read the column names, not the values.
_NAME_ONLY = {"expect_table_columns_to_match_ordered_list", "expect_table_columns_to_match_set"}


def examined_columns(suite: dict) -> set[str]:
    """The columns whose values some expectation of ``suite`` reads."""
    columns: set[str] = set()
    for expectation in suite.get("expectations", []):
        if expectation.get("type") in _NAME_ONLY:
            continue
        kwargs = expectation.get("kwargs") or {}
        for value in (kwargs.get(key) for key in _COLUMN_KWARGS):
            columns.update([value] if isinstance(value, str) else value if isinstance(value, (list, tuple)) else ())
    return columns


_NULL_CHECKS = {"expect_column_values_to_not_be_null", "expect_column_values_to_be_null"}


def _null_checks_only(suite: dict, column: str) -> bool:
    """Whether every expectation of ``suite`` that reads ``column``'s values reads only whether each is null."""
    return all(
        e.get("type") in _NULL_CHECKS
        for e in suite.get("expectations", [])
        if e.get("type") not in _NAME_ONLY and column in examined_columns({"expectations": [e]})
    )


def _frame(name: str, table: pa.Table, suite: dict, stores: tuple[RowStore, ...] = ()):
    """The table as GX's pandas data source reads it, with real values in the examined columns only.

    Every column is there, in order (the column-list expectation checks names), but a column no expectation
    reads holds nulls: turning a million texts, captions and signal lists into Python objects for nothing
    was most of validation's time on large corpora.  Add an expectation on a column and it is read for real.
    A column the run holds in a RowStore (a locator column in its place) is read from there: as its null mask alone
    (None or "") when only null checks read it, else its values.
    """
    examined = examined_columns(suite)
    locators = [c for c in table.column_names if is_locator(c)]
    order = list(TABLES[name].names) if locators else table.column_names
    selected = table.select([c for c in table.column_names if c in examined and not is_locator(c)])
    if name == "articles" and "text_flags" in selected.column_names:
        joined = pc.fill_null(pc.binary_join(selected.column("text_flags"), ","), "")
        selected = selected.set_column(selected.column_names.index("text_flags"), "text_flags", joined)
    frame = _as_categories(selected).to_pandas()
    store_of = {c: store for store in stores if store.locator in locators for c in store.schema.names}
    for position, column in enumerate(order):
        if column in frame.columns:
            continue
        values = None
        store = store_of.get(column)
        if column in examined and column not in table.column_names and store is not None:
            places = table.column(store.locator).to_numpy()
            if _null_checks_only(suite, column):
                values = np.where(store.is_null(column)[places], None, "").astype(object)
            else:
                values = store.column(places, column).to_pandas()
        # A null-typed Arrow column holds no buffers, a column of None 8 bytes a row: with None in the unread
        # columns, validation's peak at a million articles was 230 MiB higher (measured, benchmarks/RESULTS.md).
        frame.insert(
            position, column, pd.arrays.ArrowExtensionArray(pa.nulls(len(frame))) if values is None else values
        )
    return frame


def _as_categories(table: pa.Table) -> pa.Table:
    """``table`` with each string column that repeats its values (at most one distinct value in two rows: run
    ids, files, hashes, labels) dictionary-encoded, so pandas holds it as a categorical.

    The checks give the same answers on a categorical (``isin``, ``isnull``, the ``.str`` methods), and a repeated
    string costs a code instead of a copy: at a million articles, 130 MiB less at validation's peak.
    """
    for index, column in enumerate(table.schema):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            if 2 * pc.count_distinct(table.column(index), mode="all").as_py() <= table.num_rows:
                table = table.set_column(index, column.name, table.column(index).dictionary_encode())
    return table


def _detail(result) -> str:
    info = result.result or {}
    if result.exception_info and result.exception_info.get("raised_exception"):
        return "error while evaluating: " + str(result.exception_info.get("exception_message"))[:300]
    if "unexpected_count" in info:
        sample = info.get("partial_unexpected_list") or []
        text = f"{info['unexpected_count']} unexpected of {info.get('element_count')}"
        if info.get("unexpected_percent") is not None:
            text += f" ({info['unexpected_percent']:.1f}%)"
        return text + (f", e.g. {', '.join(_shown(v) for v in sample[:3])}" if sample else "")
    if "observed_value" in info:
        return f"observed {str(info['observed_value'])[:300]}"
    return ""


def _shown(value) -> str:
    """An unexpected value as the report shows it: a null as ``null`` (GX hands pandas' NaN for one), text quoted."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    return repr(value[:80]) if isinstance(value, str) else str(value)[:80]


def _examples(result, table: pa.Table) -> tuple[dict, ...]:
    indexes = (result.result or {}).get("partial_unexpected_index_list") or []
    keys = [k for k in ROW_KEYS if k in table.column_names]
    rows = []
    for index in indexes[:EXAMPLES]:
        if isinstance(index, int) and 0 <= index < table.num_rows:
            rows.append({k: table.column(k)[index].as_py() for k in keys})
    return tuple(rows)


def import_gx():
    """great_expectations, imported (seconds, the first time) with its own loggers quieted."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx  # imported here: it takes seconds, and only this stage needs it

    # GX sets some of its module loggers to INFO itself; quiet them for the run's output.
    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return gx


def _context(gx, reports_dir: Path | None = None):
    """An ephemeral GX context, or with ``reports_dir`` the file-backed one whose Data Docs site is ours."""
    from great_expectations.data_context.types.base import ProgressBarsConfig

    if reports_dir is None:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        return context
    context = gx.get_context(mode="file", project_root_dir=str(reports_dir))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    sites = context.get_site_names()
    if "local_site" in sites:  # GX's default site, inside reports/gx/uncommitted: ours is reports/data_docs
        context.delete_data_docs_site("local_site")
    if DOCS_SITE not in sites:
        context.add_data_docs_site(
            site_name=DOCS_SITE,
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str((reports_dir / "data_docs").resolve()),
                },
            },
        )
    return context


def prune_validations(reports_dir: Path, keep_runs: int) -> list[str]:
    """Delete stored validation results and their Data Docs pages but for the newest ``keep_runs`` runs.

    Run ids start with their UTC start time, so their order is the runs' order.  Returns the pruned run ids.
    """
    stores = [reports_dir / "gx" / "uncommitted" / "validations", reports_dir / "data_docs" / "validations"]
    runs = sorted(
        {
            run.name
            for store in stores
            if store.is_dir()
            for suite in store.iterdir()
            if suite.is_dir()
            for run in suite.iterdir()
            if run.is_dir()
        }
    )
    pruned = runs[: max(0, len(runs) - keep_runs)]
    for store in stores:
        for suite in store.iterdir() if store.is_dir() else ():
            for run in pruned:
                shutil.rmtree(suite / run, ignore_errors=True)
    return pruned


def _run_with_docs(gx, context, definition, run_options: dict, reports_dir: Path, run_name: str, started: datetime):
    """Run ``definition`` through a checkpoint that stores its result and updates the Data Docs; (result, the
    result's page relative to ``reports_dir``, or "" when GX wrote none)."""
    from great_expectations.core.run_identifier import RunIdentifier

    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=definition.name,
            validation_definitions=[definition],
            result_format="SUMMARY",
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[DOCS_SITE])],
        )
    )
    run = checkpoint.run(**run_options, run_id=RunIdentifier(run_name=run_name, run_time=started))
    identifier, result = next(iter(run.run_results.items()))
    page = (reports_dir / "data_docs" / "validations").joinpath(*identifier.to_tuple()).with_suffix(".html")
    return result, str(page.relative_to(reports_dir)) if page.is_file() else ""


def _outcomes(name: str, result, table: pa.Table) -> list[Outcome]:
    """One Outcome per expectation of a table's validation result, with example rows for a failure."""
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        severity = getattr(config.severity, "value", config.severity) or BLOCKING
        outcomes.append(
            Outcome(
                table=name,
                expectation=config.type,
                column=config.kwargs.get("column"),
                severity=str(severity),
                success=bool(item.success),
                detail=_detail(item),
                examples=() if item.success else _examples(item, table),
            )
        )
    return outcomes


def validate_tables(
    tables: dict[str, pa.Table | Rows],
    expectations_dir: Path,
    run_started: datetime,
    quality: Quality | None = None,
    reports_dir: Path | None = None,
    run_id: str | None = None,
    keep_runs: int = 10,
) -> ValidationReport:
    """Validate each table against its suite; a suite's absence is an error, never a pass.

    A table is a pyarrow Table, or Rows whose texts are in their stores (a run's).  With ``reports_dir``,
    results are stored in ``reports_dir/gx`` and rendered to ``reports_dir/data_docs`` under the run name
    ``run_id``, keeping the newest ``keep_runs`` runs.
    """
    rows_of = {name: Rows.of(table) for name, table in tables.items()}
    tables = {name: rows.table for name, rows in rows_of.items()}
    gx = import_gx()
    specs = {name: load_suite(expectations_dir, name) for name in tables}  # every suite read before any work
    if reports_dir is not None:
        reports_dir = Path(reports_dir)
        reports_dir.mkdir(parents=True, exist_ok=True)
        prune_validations(reports_dir, max(0, keep_runs - 1))  # room for this run's results
    context = _context(gx, reports_dir)
    source = context.data_sources.add_or_update_pandas("newsclean")
    parameters = run_parameters(tables, run_started, quality)
    outcomes: list[Outcome] = []
    pages: dict[str, str] = {}
    for name, table in tables.items():
        try:
            suite = context.suites.add_or_update(gx.ExpectationSuite(**{**specs[name], "name": name}))
        except Exception as exc:  # GX raises several pydantic/marshmallow types for a bad suite
            raise SuiteError(f"expectations/{name}.json is not a valid suite: {exc}") from exc
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
        run_options = {
            "batch_parameters": {"dataframe": _frame(name, table, specs[name], rows_of[name].stores)},
            "expectation_parameters": parameters,
        }
        if reports_dir is not None:
            run_name = run_id or f"{run_started:%Y%m%dT%H%M%SZ}"
            result, pages[name] = _run_with_docs(
                gx, context, definition, run_options, reports_dir, run_name, run_started
            )
        else:
            result = definition.run(**run_options, result_format="SUMMARY")
        outcomes.extend(_outcomes(name, result, table))
    if reports_dir is not None:
        make_offline(reports_dir / "data_docs")  # GX's pages load their styles and scripts from CDNs
    return ValidationReport(tuple(outcomes), pages)
