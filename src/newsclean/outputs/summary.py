"""summary: a run's accounting and its summary (counts, conservation, validation, health, changes).

The summary is what every run leaves, published or not: ``summary.json`` and ``summary.md`` in its report,
the manifest of the release it publishes, the CLI's closing table and the Prefect artifacts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.config import Settings
from newsclean.core.schema import QUARANTINE_REASONS
from newsclean.outputs.account import Accounting, account
from newsclean.outputs.health import compare, load_history, outlet_stats, write_stats
from newsclean.outputs.publish import RunInfo
from newsclean.outputs.report import changes, file_lists, previous_summary, report_data, write_run_report
from newsclean.outputs.validate import ValidationReport
from newsclean.stages.per_file import Ingested
from newsclean.stages.plan import RunPlan
from newsclean.stages.reliability import unrated_outlets
from newsclean.stages.reliability.providers import SourceRatings


class PublicationRefused(RuntimeError):
    """Validation failed: nothing was published.  ``summary`` says why."""

    def __init__(self, summary: dict):
        failures = summary["validation"]["failed"]
        blocking = [f for f in failures if f["severity"] == "critical"]
        super().__init__(
            f"validation failed, nothing published: {len(blocking)} blocking expectation(s) failed: "
            + "; ".join(
                f"{f['expectation']} on {f['table']}.{f['column'] or '*'} ({f['detail']})" for f in blocking[:5]
            )
        )
        self.summary = summary


def sorted_quarantine(ingested: Ingested) -> pa.Table:
    return ingested.quarantine.sort_by([("source_file", "ascending"), ("segment_index", "ascending")])


def account_run(plan: RunPlan, ingested: Ingested, quarantine: pa.Table, articles: int, duplicates: int) -> Accounting:
    """Every file and document of the run counted once (raises ConservationError when not)."""
    file_level = quarantine.filter(pc.is_null(quarantine.column("segment_index")))
    return account(
        discovered=[f.source_file for f in plan.files],
        segments_per_file=ingested.segments,
        quarantined_files=file_level.column("source_file").to_pylist(),
        n_articles=articles,
        n_duplicates=duplicates,
        n_quarantined_documents=quarantine.num_rows - file_level.num_rows,
        n_ignored=len(plan.found.ignored),
    )


def run_summary(
    settings: Settings,
    run: RunInfo,
    plan: RunPlan,
    accounting: Accounting,
    quarantine: pa.Table,
    validation: ValidationReport,
    ratings: SourceRatings,
    articles: pa.Table,
) -> dict:
    """The summary of a run that got as far as validation (not yet published)."""
    reasons = Counter(quarantine.column("reason").to_pylist())
    return {
        "run_id": run.run_id,
        "pipeline_version": run.pipeline_version,
        "started": run.started.isoformat(),
        "raw_dir": str(settings.raw_dir),
        "out_dir": str(settings.out_dir),
        "settings": settings.to_dict(),
        "counts": accounting.as_dict(),
        "conservation": accounting.lines(),
        "quarantine_reasons": {code: reasons[code] for code in QUARANTINE_REASONS if reasons[code]},
        "ignored": [asdict(i) for i in plan.found.ignored],
        "validation": validation.as_dict(),
        "rating_providers": [p.name for p in ratings.providers],
        # Only worth reading when a table is configured: without one every outlet is unrated.
        "unrated_outlets": unrated_outlets(articles) if ratings.providers else [],
        "published": False,
        "release": None,
    }


def add_health_and_changes(summary: dict, articles: pa.Table, reports_dir: Path, settings: Settings) -> None:
    """Add the outlets' health warnings (against their own history) and the change in every count against the
    previous run; write this run's outlet figures for the next runs to compare against."""
    run_id = summary["run_id"]
    stats = outlet_stats(articles)
    history = load_history(reports_dir, run_id, settings.quality.health_runs)
    summary["outlet_health"] = compare(stats, history, settings.quality)
    write_stats(stats, reports_dir / run_id)
    summary["changes"] = changes(summary, previous_summary(reports_dir, run_id))


def write_report(summary: dict, tables: dict[str, pa.Table], out_dir: Path) -> Path:
    """The run's report folder (``reports/<run_id>``) written, its ``summary.md`` named in ``summary``."""
    lists = file_lists(tables)
    report_dir = write_run_report(summary, out_dir, report_data(tables, lists), lists)
    summary["report"] = str(report_dir / "summary.md")
    return report_dir
