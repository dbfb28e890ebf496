"""validate: run the Great Expectations suites of ``expectations/`` on every table.

Each suite is a GX Core 1.x JSON file named after its table
(``articles.json``, ``duplicates.json``, ``quarantine.json``).  An
expectation's GX ``severity`` decides what its failure does: ``critical``
(the default) stops publication, ``warning`` and ``info`` publish and are
shown in the summary.

Suites may refer to values known only at run time with GX's
``{"$PARAMETER": name}``; this module provides:

- ``article_ids``: every ``article_id`` in ``articles`` (so ``duplicate_of``
  can be checked against the kept rows);
- ``max_published``: the run date plus one day, the latest plausible
  publication time.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa

BLOCKING = "critical"


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

    def line(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        state = "passed" if self.success else "FAILED"
        return f"[{self.severity}] {state} {self.expectation} on {where}: {self.detail}"


@dataclass(frozen=True)
class ValidationReport:
    outcomes: tuple[Outcome, ...]

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
        return {
            "success": self.success,
            "evaluated": len(self.outcomes),
            "failed": [asdict(o) for o in self.outcomes if not o.success],
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


def run_parameters(tables: dict[str, pa.Table], run_started: datetime) -> dict:
    return {
        "article_ids": tables["articles"].column("article_id").to_pylist(),
        "max_published": (run_started.replace(tzinfo=None) + timedelta(days=1)).isoformat(),
    }


def _detail(result) -> str:
    info = result.result or {}
    if result.exception_info and result.exception_info.get("raised_exception"):
        return "error while evaluating: " + str(result.exception_info.get("exception_message"))[:300]
    if "unexpected_count" in info:
        sample = info.get("partial_unexpected_list") or []
        text = f"{info['unexpected_count']} unexpected of {info.get('element_count')}"
        return text + (f", e.g. {sample[:3]!r}" if sample else "")
    if "observed_value" in info:
        return f"observed {str(info['observed_value'])[:300]}"
    return ""


def validate_tables(tables: dict[str, pa.Table], expectations_dir: Path, run_started: datetime) -> ValidationReport:
    """Validate each table against its suite; a suite's absence is an error, never a pass."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx  # imported here: it takes seconds, and only this stage needs it
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX sets some of its module loggers to INFO itself; quiet them for the run's output.
    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("newsclean")
    parameters = run_parameters(tables, run_started)
    outcomes: list[Outcome] = []
    for name, table in tables.items():
        spec = load_suite(expectations_dir, name)
        try:
            suite = context.suites.add(gx.ExpectationSuite(**{**spec, "name": name}))
        except Exception as exc:  # GX raises several pydantic/marshmallow types for a bad suite
            raise SuiteError(f"expectations/{name}.json is not a valid suite: {exc}") from exc
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        result = definition.run(
            batch_parameters={"dataframe": table.to_pandas()},
            expectation_parameters=parameters,
            result_format="SUMMARY",
        )
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
                )
            )
    return ValidationReport(tuple(outcomes))
