"""health: each outlet's figures in this run against its own recent runs.

An extraction that quietly breaks for one outlet (its pages change layout, its
dates stop parsing) leaves the run green: every row is still valid.  What
shows it is the outlet's own history, so every run stores, per outlet, its
article count, median length, field completeness and text-flag rates
(``reports/<run_id>/outlets.json``) and compares them with the outlet's last
``health_runs`` runs.  A sharp drop is a warning that names the outlet.

Reads: ``sitename``, ``source_domain``, ``word_count``, and the columns of
``COMPLETENESS`` and ``text_flags`` of ``articles``.  Adds nothing to the
tables.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pyarrow as pa

from newsclean.config import Quality
from newsclean.schema import TEXT_FLAGS

COMPLETENESS = ("title", "authors", "published", "sitename", "language")
UNKNOWN_OUTLET = "(no outlet)"
STATS_FILE = "outlets.json"


def outlet_of(source_domain: str | None, sitename: str | None) -> str:
    return source_domain or sitename or UNKNOWN_OUTLET


def present(value) -> bool:
    """A field counts as filled when it is neither null, nor empty text, nor an empty list."""
    return value is not None and value != "" and value != []


def outlets(articles: pa.Table) -> list[str]:
    """Each article's outlet, as every report names it (``outlet_of``)."""
    return [outlet_of(d, s) for d, s in zip(articles.column("source_domain").to_pylist(), articles.column("sitename").to_pylist())]


def outlet_stats(articles: pa.Table) -> dict[str, dict]:
    """{outlet: {articles, median_words, complete: {column: share}, flags: {flag: share}}}."""
    columns = {name: articles.column(name).to_pylist() if name in articles.column_names else [None] * articles.num_rows
               for name in ("word_count", "text_flags", *COMPLETENESS)}
    groups: dict[str, list[int]] = {}
    for i, outlet in enumerate(outlets(articles)):
        groups.setdefault(outlet, []).append(i)
    stats = {}
    for outlet, rows in sorted(groups.items()):
        n = len(rows)
        stats[outlet] = {
            "articles": n,
            "median_words": statistics.median(columns["word_count"][i] or 0 for i in rows),
            "complete": {c: round(sum(present(columns[c][i]) for i in rows) / n, 4) for c in COMPLETENESS},
            "flags": {f: round(sum(f in (columns["text_flags"][i] or ()) for i in rows) / n, 4) for f in TEXT_FLAGS},
        }
    return stats


def write_stats(stats: dict[str, dict], run_dir: Path) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / STATS_FILE
    path.write_text(json.dumps(stats, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load_history(reports_dir: Path, run_id: str, runs: int) -> list[dict[str, dict]]:
    """The outlet figures of the newest ``runs`` runs before ``run_id`` (run ids sort by start time)."""
    earlier = sorted(p.parent.name for p in Path(reports_dir).glob(f"*/{STATS_FILE}") if p.parent.name < run_id)
    history = []
    for name in earlier[-runs:] if runs else []:
        try:
            history.append(json.loads((Path(reports_dir) / name / STATS_FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # a damaged file of an old run is not this run's problem: it is skipped
    return history


def compare(current: dict[str, dict], history: list[dict[str, dict]], quality: Quality | None = None) -> list[dict]:
    """Warnings for outlets whose figures dropped against their own median over ``history``.

    Each warning is {outlet, check, now, before, message}.  An outlet is watched once its median count over
    the runs in ``history`` (a missing run counts 0) reaches ``health_min_articles``.
    """
    quality = quality or Quality()
    warnings: list[dict] = []
    if not history:
        return warnings
    outlets = sorted({o for run in history for o in run})
    for outlet in outlets:
        past = [run.get(outlet) for run in history]
        median_count = statistics.median(p["articles"] if p else 0 for p in past)
        if median_count < quality.health_min_articles:
            continue
        now = current.get(outlet)
        count = now["articles"] if now else 0
        if count < quality.health_count_drop * median_count:
            warnings.append({"outlet": outlet, "check": "articles", "now": count, "before": median_count,
                             "message": f"{outlet}: {count} articles, against a median of {median_count:g} "
                                        f"over its last {len(history)} runs"})
        if not now:
            continue
        seen = [p for p in past if p]
        for column in COMPLETENESS:
            before = statistics.median(p["complete"].get(column, 0.0) for p in seen)
            if before - now["complete"][column] >= quality.health_field_drop:
                warnings.append({"outlet": outlet, "check": f"complete:{column}", "now": now["complete"][column],
                                 "before": before, "message": f"{outlet}: {column} filled in {now['complete'][column]:.0%} "
                                                              f"of articles, against {before:.0%} before"})
        for flag in TEXT_FLAGS:
            before = statistics.median(p["flags"].get(flag, 0.0) for p in seen)
            if now["flags"][flag] - before >= quality.health_field_drop:
                warnings.append({"outlet": outlet, "check": f"flag:{flag}", "now": now["flags"][flag], "before": before,
                                 "message": f"{outlet}: {now['flags'][flag]:.0%} of articles flagged {flag}, "
                                            f"against {before:.0%} before"})
    return warnings
