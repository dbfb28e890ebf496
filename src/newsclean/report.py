"""The run summary, as Markdown: written beside each run and sent to Prefect as an artifact."""

from __future__ import annotations

import json
from pathlib import Path


def summary_markdown(summary: dict) -> str:
    counts = summary["counts"]
    validation = summary["validation"]
    lines = [
        f"# newsclean run {summary['run_id']}",
        "",
        f"- raw: `{summary['raw_dir']}`",
        f"- output: `{summary['out_dir']}`",
        f"- published: **{'yes' if summary['published'] else 'no'}**"
        + (f" (release `{summary['release']}`)" if summary.get("release") else ""),
        "",
        "| stage | count |",
        "|---|---:|",
    ]
    for key in ("files_discovered", "files_ignored", "files_quarantined", "documents_segmented",
                "articles", "duplicates", "documents_quarantined"):
        lines.append(f"| {key.replace('_', ' ')} | {counts.get(key, 0)} |")
    lines += ["", "## Conservation", ""] + [f"- {line}" for line in summary["conservation"]]
    if summary.get("quarantine_reasons"):
        lines += ["", "## Quarantine reasons", "", "| reason | rows |", "|---|---:|"]
        lines += [f"| `{reason}` | {n} |" for reason, n in summary["quarantine_reasons"].items()]
    if summary.get("ignored"):
        lines += ["", "## Ignored paths", ""] + [f"- `{i['source_file']}`: {i['reason']}" for i in summary["ignored"][:50]]
    if summary.get("rating_providers"):
        lines += ["", "## Source ratings", "", "Tables: " + ", ".join(f"`{p}`" for p in summary["rating_providers"]) + "."]
        if summary.get("unrated_outlets"):
            lines += ["", "Outlets no table rates (articles):", "", "| outlet | articles |", "|---|---:|"]
            lines += [f"| {o['outlet']} | {o['articles']} |" for o in summary["unrated_outlets"]]
    lines += ["", "## Validation", "", f"{validation['evaluated']} expectations evaluated; "
              + ("all blocking ones passed." if validation["success"] else "**blocking failures: nothing was published.**")]
    for failure in validation["failed"]:
        where = failure["table"] + (f".{failure['column']}" if failure["column"] else "")
        lines.append(f"- [{failure['severity']}] `{failure['expectation']}` on `{where}`: {failure['detail']}")
    return "\n".join(lines) + "\n"


def write_run_report(summary: dict, out_dir: Path) -> Path:
    folder = Path(out_dir) / "reports" / summary["run_id"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str, sort_keys=True) + "\n")
    (folder / "summary.md").write_text(summary_markdown(summary))
    return folder
