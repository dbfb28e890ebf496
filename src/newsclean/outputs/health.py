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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.config import Quality
from newsclean.core.outlet import UNKNOWN, outlet_keys
from newsclean.core.schema import TEXT_FLAGS

COMPLETENESS = ("title", "authors", "published", "sitename", "language")
UNKNOWN_OUTLET = UNKNOWN
STATS_FILE = "outlets.json"


def outlets(articles: pa.Table) -> list[str]:
    """Each article's outlet, as every report names it (``newsclean.core.outlet.outlet_keys``)."""
    return outlet_keys(articles.column("source_domain").to_pylist(), articles.column("sitename").to_pylist())


def outlet_stats(articles: pa.Table) -> dict[str, dict]:
    """{outlet: {articles, median_words, complete: {column: share}, flags: {flag: share}}}."""
    # Arrow and NumPy over the columns, not Python over the rows: at 200k articles this was a second of the run.
    n = articles.num_rows
    if n == 0:
        return {}
    names, codes = np.unique(np.asarray(outlets(articles), dtype=object), return_inverse=True)
    counts = np.bincount(codes, minlength=len(names))

    def share(mask: np.ndarray) -> list[float]:
        return [
            round(k / total, 4)
            for k, total in zip(np.bincount(codes, weights=mask, minlength=len(names)).tolist(), counts.tolist())
        ]

    complete = {c: share(present_mask(articles, c)) for c in COMPLETENESS}
    flags = _flag_masks(articles)
    flag_shares = {f: share(flags[f]) for f in TEXT_FLAGS}
    words = (
        np.asarray(pc.fill_null(articles.column("word_count"), 0).to_numpy(zero_copy_only=False), np.int64)
        if "word_count" in articles.column_names
        else np.zeros(n, np.int64)
    )
    order = np.lexsort((words, codes))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    stats = {}
    for k, outlet in enumerate(names.tolist()):
        group = words[order[starts[k] : starts[k] + counts[k]]]
        m = int(counts[k])
        # statistics.median's values: the middle one, or the mean of the two middle ones
        median = int(group[m // 2]) if m % 2 else (int(group[m // 2 - 1]) + int(group[m // 2])) / 2
        stats[outlet] = {
            "articles": m,
            "median_words": median,
            "complete": {c: complete[c][k] for c in COMPLETENESS},
            "flags": {f: flag_shares[f][k] for f in TEXT_FLAGS},
        }
    return stats


def present_mask(articles: pa.Table, name: str) -> np.ndarray:
    """1 where the value of column ``name`` counts as filled (neither null, nor empty text, nor an empty list),
    else 0; a missing column: none filled."""
    if name not in articles.column_names:
        return np.zeros(articles.num_rows)
    column = articles.column(name)
    mask = pc.is_valid(column)
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        mask = pc.and_(mask, pc.not_equal(column, ""))
    elif pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        mask = pc.and_(mask, pc.greater(pc.list_value_length(column), 0))
    return np.asarray(pc.fill_null(mask, False).to_numpy(zero_copy_only=False), np.float64)


def _flag_masks(articles: pa.Table) -> dict[str, np.ndarray]:
    """{flag: 0/1 per article, whether its ``text_flags`` holds the flag}."""
    masks = {f: np.zeros(articles.num_rows) for f in TEXT_FLAGS}
    if "text_flags" not in articles.column_names:
        return masks
    flags = articles.column("text_flags").combine_chunks()
    values, parents = pc.list_flatten(flags), pc.list_parent_indices(flags).to_numpy()
    for flag in TEXT_FLAGS:
        masks[flag][
            parents[np.asarray(pc.fill_null(pc.equal(values, flag), False).to_numpy(zero_copy_only=False), bool)]
        ] = 1.0
    return masks


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
            history.append(_rekeyed(json.loads((Path(reports_dir) / name / STATS_FILE).read_text(encoding="utf-8"))))
        except (OSError, ValueError, AttributeError):
            continue  # a damaged file of an old run is not this run's problem: it is skipped
    return history


def _rekeyed(stats: dict[str, dict]) -> dict[str, dict]:
    """A run's outlet figures under today's outlet keys (``newsclean.core.outlet``): runs before it keyed an outlet by
    its ``source_domain`` or ``sitename`` as printed (``edition.harbourdaily.co.uk``), and an outlet renamed so
    would look gone.  Keys that come to one outlet keep the figures of the one with the most articles."""
    out: dict[str, dict] = {}
    for key, figures in stats.items():
        domain = "." in key and " " not in key
        new = outlet_keys([key if domain else None], [None if domain else key])[0]
        if new not in out or figures.get("articles", 0) > out[new].get("articles", 0):
            out[new] = figures
    return out


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
            warnings.append(
                {
                    "outlet": outlet,
                    "check": "articles",
                    "now": count,
                    "before": median_count,
                    "message": f"{outlet}: {count} articles, against a median of {median_count:g} "
                    f"over its last {len(history)} runs",
                }
            )
        if not now:
            continue
        seen = [p for p in past if p]
        for column in COMPLETENESS:
            before = statistics.median(p["complete"].get(column, 0.0) for p in seen)
            if before - now["complete"][column] >= quality.health_field_drop:
                warnings.append(
                    {
                        "outlet": outlet,
                        "check": f"complete:{column}",
                        "now": now["complete"][column],
                        "before": before,
                        "message": f"{outlet}: {column} filled in {now['complete'][column]:.0%} "
                        f"of articles, against {before:.0%} before",
                    }
                )
        for flag in TEXT_FLAGS:
            before = statistics.median(p["flags"].get(flag, 0.0) for p in seen)
            if now["flags"][flag] - before >= quality.health_field_drop:
                warnings.append(
                    {
                        "outlet": outlet,
                        "check": f"flag:{flag}",
                        "now": now["flags"][flag],
                        "before": before,
                        "message": f"{outlet}: {now['flags'][flag]:.0%} of articles flagged {flag}, "
                        f"against {before:.0%} before",
                    }
                )
    return warnings
