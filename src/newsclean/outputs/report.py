"""The run report: a self-contained HTML page with charts, a Markdown summary and the summary as JSON.

Written to ``<out>/reports/<run_id>/`` (``report.html``, ``summary.md``,
``summary.json``) on every run, published or not; ``<out>/reports/latest``
points at the newest (a symbolic link, or a one-line file naming the run
where links are not allowed).  The charts are inline SVG drawn here: the page
opens offline, from a file, with no script, and every figure is also a table
cell a screen reader or a test can read.

``report_data`` computes every chart's figures from the run's tables;
``summary_markdown`` and ``render_html`` only format them.  Every value from
the data (outlet names, file names, reasons, expectation details, example
rows) is escaped where it is written: ``newsclean.outputs.markdown`` for the Markdown,
``_e`` for the HTML, where a table cell is escaped unless it is markup built
here (``_Html``).  The page holds no script, so no value reaches one.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.schema import RELIABILITY_LABELS
from newsclean.outputs import markdown as md
from newsclean.outputs.health import outlets as outlets_of
from newsclean.outputs.health import present_mask
from newsclean.runtime.atomic import replace_link

COMPLETENESS_COLUMNS = ("title", "description", "authors", "published", "sitename", "url", "language", "section")
LATEST = "latest"
TOP_OUTLETS = 15
SCORE_BINS = 10


def report_data(tables: dict[str, pa.Table], lists: dict[str, pa.Table] | None = None) -> dict:
    """The figures behind every chart, from the run's final tables (and their ``file_lists``, when the caller
    holds them already)."""
    articles, duplicates, quarantine = tables["articles"], tables["duplicates"], tables["quarantine"]
    n = articles.num_rows

    def column(name):
        return articles.column(name).to_pylist() if name in articles.column_names else [None] * n

    # Arrow and NumPy over whole columns: at 200k articles, Python over the rows was a second of the run
    completeness = {c: (float(present_mask(articles, c).sum()) / n if n else 0.0) for c in COMPLETENESS_COLUMNS}
    histogram = {label: [0] * SCORE_BINS for label in RELIABILITY_LABELS if label != "unrated"}
    if "reliability_score" in articles.column_names and "reliability_label" in articles.column_names:
        scores = articles.column("reliability_score")
        scored = pc.fill_null(pc.is_valid(scores), False)
        # scores are float32: 0.7 widens to 0.69999999, which would fall in the 0.6 bin; rounded to the
        # precision float32 holds first, it falls in the bin it is printed in
        values = np.round(np.asarray(pc.fill_null(scores, 0).to_numpy(zero_copy_only=False), np.float64), 6)
        bins = np.minimum(SCORE_BINS - 1, np.floor(values * SCORE_BINS)).astype(np.int64)
        labels = articles.column("reliability_label")
        for label in histogram:
            mask = np.asarray(
                pc.and_(scored, pc.fill_null(pc.equal(labels, label), False)).to_numpy(zero_copy_only=False), bool
            )
            histogram[label] = np.bincount(bins[mask], minlength=SCORE_BINS).tolist()
    outlets = Counter(outlets_of(articles))
    # A cluster is a kept article with the copies removed behind it: its size counts the kept row too.
    cluster_sizes = Counter(count + 1 for count in column("duplicate_count") if count)
    return {
        "file_lists": {
            name: {"rows": table.slice(0, TOP_FILES).to_pylist(), "total": table.num_rows}
            for name, table in (lists if lists is not None else file_lists(tables)).items()
        },
        "completeness": completeness,
        "labels": dict(Counter(column("reliability_label"))),
        "score_histogram": histogram,
        "top_outlets": outlets.most_common(TOP_OUTLETS),
        "outlets": len(outlets),
        "cluster_sizes": sorted(cluster_sizes.items()),
        "duplicate_methods": dict(Counter(duplicates.column("method").to_pylist())),
        "quarantine_reasons": dict(Counter(quarantine.column("reason").to_pylist()).most_common()),
    }


# The files the report names (the first TOP_FILES of each list on the page, all of them in a CSV beside it).
FILE_LISTS = {
    "quarantined": ("Files and documents quarantined", ("source_file", "segment_index", "stage", "reason", "detail")),
    "removed": ("Copies removed as duplicates", ("source_file", "segment_index", "method", "reason", "similarity")),
}
TOP_FILES = 20


def file_lists(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The quarantined files and documents and the copies removed, with the columns the report shows, in path order."""
    out = {}
    for name, source in (("quarantined", tables["quarantine"]), ("removed", tables["duplicates"])):
        columns = [c for c in FILE_LISTS[name][1] if c in source.column_names]
        out[name] = source.select(columns).sort_by([("source_file", "ascending"), ("segment_index", "ascending")])
    return out


def previous_summary(reports_dir: Path, run_id: str) -> dict | None:
    """The summary of the newest whole run before ``run_id``, if any (run ids sort by start time); an interrupted
    run's partial counts are no baseline to compare with."""
    earlier = sorted(p.parent.name for p in Path(reports_dir).glob("*/summary.json") if p.parent.name < run_id)
    for name in reversed(earlier):
        try:
            summary = json.loads((Path(reports_dir) / name / "summary.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not summary.get("interrupted"):
            return summary
    return None


COUNT_KEYS = (
    "files_discovered",
    "files_ignored",
    "files_quarantined",
    "documents_segmented",
    "articles",
    "duplicates",
    "documents_quarantined",
)


def changes(summary: dict, previous: dict | None) -> list[dict]:
    """Each count now and in the previous run."""
    if not previous:
        return []
    return [
        {
            "count": key,
            "now": summary["counts"].get(key, 0),
            "before": previous.get("counts", {}).get(key, 0),
            "previous_run": previous.get("run_id"),
        }
        for key in COUNT_KEYS
    ]


def summary_markdown(summary: dict) -> str:
    """The run summary as Markdown (``summary.md``, Prefect's markdown artifact); values from the data escaped.

    Long because it writes one document in reading order, a few lines per section.
    """
    counts = summary["counts"]
    validation = summary["validation"]
    lines = [
        f"# newsclean run {md.text(summary['run_id'])}",
        "",
        f"- raw: {md.code(summary['raw_dir'])}",
        f"- output: {md.code(summary['out_dir'])}",
        f"- published: **{'yes' if summary['published'] else 'no'}**"
        + (f" (release {md.code(summary['release'])})" if summary.get("release") else ""),
        "",
        "| stage | count |",
        "|---|---:|",
    ]
    if summary.get("interrupted"):  # stopped by a signal: only the counts known by then, no validation
        stage, done = summary.get("stage") or "start-up", summary.get("stage_progress") or {}
        lines += [f"| {key.replace('_', ' ')} | {md.text(n)} |" for key, n in counts.items()]
        lines += [
            "",
            f"**Interrupted** ({md.text(summary.get('signal'))}) during {md.text(stage)}"
            + (f" ({md.text(done['done'])} of {md.text(done['total'])})" if done.get("total") else "")
            + ": nothing was published; the counts are those known when it stopped.",
        ]
        return "\n".join(lines) + "\n"
    for key in COUNT_KEYS:
        lines.append(f"| {key.replace('_', ' ')} | {md.text(counts.get(key, 0))} |")
    lines += ["", "## Conservation", ""] + [f"- {md.text(line)}" for line in summary["conservation"]]
    if summary.get("incremental"):
        lines += [
            "",
            f"## Files this run ({md.text(summary['incremental']['mode'])})",
            "",
            "| files | count |",
            "|---|---:|",
        ]
        lines += [
            f"| {md.text(k.replace('_', ' '))} | {md.text(v)} |"
            for k, v in summary["incremental"].items()
            if k != "mode"
        ]
    if summary.get("changes"):
        lines += [
            "",
            f"## Change against the previous run ({md.text(summary['changes'][0]['previous_run'])})",
            "",
            "| count | before | now |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {md.text(c['count'].replace('_', ' '))} | {md.text(c['before'])} | {md.text(c['now'])} |"
            for c in summary["changes"]
        ]
    if summary.get("quarantine_reasons"):
        lines += ["", "## Quarantine reasons", "", "| reason | rows |", "|---|---:|"]
        lines += [
            f"| {md.code(reason, in_table=True)} | {md.text(n)} |"
            for reason, n in summary["quarantine_reasons"].items()
        ]
    if summary.get("ignored"):
        lines += ["", "## Ignored paths", ""] + [
            f"- {md.code(i['source_file'])}: {md.text(i['reason'])}" for i in summary["ignored"][:50]
        ]
    if summary.get("rating_providers"):
        lines += [
            "",
            "## Source ratings",
            "",
            "Tables: " + ", ".join(md.code(p) for p in summary["rating_providers"]) + ".",
        ]
        if summary.get("unrated_outlets"):
            lines += ["", "Outlets no table rates (articles):", "", "| outlet | articles |", "|---|---:|"]
            lines += [f"| {md.text(o['outlet'])} | {md.text(o['articles'])} |" for o in summary["unrated_outlets"]]
    if summary.get("outlet_health"):
        lines += ["", "## Outlet health warnings", ""] + [
            f"- {md.text(w['message'])}" for w in summary["outlet_health"]
        ]
    lines += [
        "",
        "## Validation",
        "",
        f"{md.text(validation['evaluated'])} expectations evaluated; "
        + ("no error: the run could publish." if validation["success"] else "**errors: nothing was published.**"),
    ]
    lines += _failure_lines(validation["failed"])
    if summary.get("stage_seconds"):
        lines += [
            "",
            "Stage seconds: "
            + ", ".join(f"{md.text(stage)} {seconds:.1f}" for stage, seconds in summary["stage_seconds"].items()),
        ]
    if summary.get("html_report"):
        lines += ["", f"Full report with charts: {md.code(summary['html_report'])}"]
    return "\n".join(lines) + "\n"


def _failure_lines(failed: list[dict]) -> list[str]:
    """A Markdown list item for each failed expectation, with up to three example rows under it."""
    lines = []
    for failure in failed:
        where = failure["table"] + (f".{failure['column']}" if failure["column"] else "")
        kind = "error" if failure["severity"] == "critical" else md.text(failure["severity"])
        # "[error]" is no link: data cannot add a link definition, its brackets being escaped
        lines.append(f"- [{kind}] {md.code(failure['expectation'])} on {md.code(where)}: {md.text(failure['detail'])}")
        for row in failure.get("examples", [])[:3]:
            lines.append("  - example row: " + md.text(", ".join(f"{k}={v}" for k, v in row.items() if v is not None)))
    return lines


# --- HTML ---------------------------------------------------------------------------------------------------------

COLOURS = {"high": "#2b8a3e", "mixed": "#e8a317", "low": "#c92a2a", "bar": "#3b5bdb", "muted": "#868e96"}
CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1000px;color:#212529;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dee2e6;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #dee2e6;padding:.2rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#2b8a3e}.bad{color:#c92a2a;font-weight:600}
.warn{color:#b35c00;font-weight:600}figure{margin:.5rem 0 1.5rem}figcaption{font-weight:600;margin-bottom:.3rem}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.empty{color:#868e96}code{font-size:.9em}
.verdict{font-size:1.05rem;padding:.6rem .9rem;border-radius:4px;margin:.5rem 0 1rem}
.verdict.ok{background:#ebfbee;border:1px solid #b2f2bb}.verdict.bad{background:#fff5f5;border:1px solid #ffc9c9}
.verdict.bad p{margin:.2rem 0;font-weight:600;color:#c92a2a}
svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#212529}
"""


class _Html(str):
    """Markup built here from escaped parts: what ``_table`` writes into a cell as it is."""


def _e(value) -> _Html:
    """``value`` as HTML text, fit for an element or a quoted attribute: ``& < > " '`` escaped."""
    return _Html(html.escape(str(value), quote=True))


def _cell(value) -> str:
    """A table cell's content: markup built here as it is, anything else (data, numbers) escaped."""
    return value if isinstance(value, _Html) else _e(value)


def _bar_chart(
    chart_id: str,
    title: str,
    items: list[tuple[str, float]],
    value_format: str = "{:,.0f}",
    maximum: float | None = None,
    colour: str = COLOURS["bar"],
) -> str:
    """A horizontal bar chart as inline SVG, with its figures in the bars' titles and beside them."""
    if not items:
        return (
            f'<figure class="chart" id="{chart_id}" data-empty="true"><figcaption>{_e(title)}</figcaption>'
            f'<p class="empty">None in this run.</p></figure>'
        )
    width, label_width, row = 640, 220, 22
    top = maximum if maximum is not None else max(v for _, v in items) or 1
    height = row * len(items) + 6
    parts = [
        f'<svg role="img" aria-label="{_e(title)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for i, (label, value) in enumerate(items):
        y = i * row + 3
        bar = max(1.0, (width - label_width - 70) * (value / top)) if value else 0.0
        shown = value_format.format(value)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{_e(str(label)[:34])}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{bar:.1f}" height="{row - 6}" fill="{colour}">'
            f"<title>{_e(label)}: {_e(shown)}</title></rect>"
            f'<text x="{label_width + bar + 5:.1f}" y="{y + 15}">{_e(shown)}</text>'
        )
    parts.append("</svg>")
    return f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption>{"".join(parts)}</figure>'


def _histogram(chart_id: str, title: str, histogram: dict[str, list[int]]) -> str:
    """Reliability scores in ten bins, one stacked colour per label."""
    totals = [sum(h[i] for h in histogram.values()) for i in range(SCORE_BINS)]
    if not any(totals):
        return (
            f'<figure class="chart" id="{chart_id}" data-empty="true"><figcaption>{_e(title)}</figcaption>'
            f'<p class="empty">No article has a score in this run.</p></figure>'
        )
    width, height, left, bottom = 640, 220, 56, 30
    step = (width - left - 10) / SCORE_BINS
    top = max(totals)
    parts = [
        f'<svg role="img" aria-label="{_e(title)}" width="{width}" height="{height + 24}" '
        f'viewBox="0 0 {width} {height + 24}">'
    ]
    for tick in sorted({0, top // 2, top}):  # a labelled grid line at 0, half and the tallest bar
        y = height - bottom - (height - bottom - 10) * tick / top
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_e(tick)}</text>'
        )
    parts.append(
        f'<text x="14" y="{(height - bottom) / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(height - bottom) / 2:.1f})">articles</text>'
    )
    for i in range(SCORE_BINS):
        base = height - bottom
        for label, counts in histogram.items():
            if not counts[i]:
                continue
            h = (height - bottom - 10) * counts[i] / top
            base -= h
            parts.append(
                f'<rect x="{left + i * step + 2:.1f}" y="{base:.1f}" width="{step - 4:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[label]}"><title>{_e(label)}, score {i / SCORE_BINS:.1f}–'
                f"{(i + 1) / SCORE_BINS:.1f}: {_e(counts[i])}</title></rect>"
            )
        parts.append(
            f'<text x="{left + i * step + step / 2:.1f}" y="{height - bottom + 15}" text-anchor="middle">'
            f"{i / SCORE_BINS:.1f}</text>"
        )
    legend_x = left
    for label in histogram:
        parts.append(
            f'<rect x="{legend_x}" y="{height + 6}" width="12" height="12" fill="{COLOURS[label]}"/>'
            f'<text x="{legend_x + 16}" y="{height + 16}">{_e(label)}</text>'
        )
        legend_x += 80
    parts.append("</svg>")
    return f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption>{"".join(parts)}</figure>'


def _table(table_id: str, header: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    """A table; each cell escaped unless it is ``_Html`` (a link or a code element built here)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_cell(c)}</td>' if i in numeric else f"<td>{_cell(c)}</td>" for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _verdict(summary: dict) -> str:
    """The page's first word: published or not, and why not: the error-level expectations that failed, with their
    row counts and example files."""
    counts = summary["counts"]
    if summary["published"]:
        return (
            f'<p id="verdict" class="verdict ok">Published: {_e(counts.get("articles", 0))} articles from '
            f"{_e(counts.get('files_discovered', 0))} files; {_e(counts.get('duplicates', 0))} copies removed, "
            f"{_e(counts.get('documents_quarantined', 0) + counts.get('files_quarantined', 0))} files or documents "
            f"quarantined, {_e(counts.get('files_ignored', 0))} paths ignored.</p>"
        )
    blocking = [f for f in summary["validation"]["failed"] if f["severity"] == "critical"]
    if summary.get("interrupted"):
        why = "the run was interrupted"
    elif blocking:
        why = f"{len(blocking)} error-level expectation(s) failed"
    else:
        why = "the run failed before validation"
    items = []
    for f in blocking:
        files = sorted({row["source_file"] for row in f.get("examples", []) if row.get("source_file")})
        where = f["table"] + (f".{f['column']}" if f["column"] else "")
        items.append(
            f"<li><code>{_e(f['expectation'])}</code> on <code>{_e(where)}</code>: {_e(f['detail'])}"
            + (" — e.g. " + ", ".join(f"<code>{_e(name)}</code>" for name in files[:3]) if files else "")
            + "</li>"
        )
    return (
        f'<div id="verdict" class="verdict bad"><p>Nothing published: {_e(why)}; the previous release (if any) '
        f"is untouched.</p>" + (f"<ul>{''.join(items)}</ul>" if items else "") + "</div>"
    )


def _file_tables(summary: dict, data: dict) -> list[str]:
    """The files the run quarantined, removed as copies and ignored: the first TOP_FILES of each, and the CSV
    beside the page that lists them all."""
    lists = dict(data.get("file_lists", {}))
    ignored = summary.get("ignored") or []
    lists["ignored"] = {"rows": ignored[:TOP_FILES], "total": len(ignored)}
    titles = {**{k: v[0] for k, v in FILE_LISTS.items()}, "ignored": "Paths ignored (not read)"}
    out = ["<h2>Which files</h2>"]
    for name in ("quarantined", "removed", "ignored"):
        rows, total = lists.get(name, {}).get("rows", []), lists.get(name, {}).get("total", 0)
        out.append(f"<h3>{_e(titles[name])}: {_e(total)}</h3>")
        if not rows:
            out.append(f'<p id="table-files-{name}" class="empty">None.</p>')
            continue
        header = list(rows[0])
        out.append(
            _table(
                f"table-files-{name}",
                [h.replace("_", " ") for h in header],
                [["null" if row[h] is None else row[h] for h in header] for row in rows],
            )
        )
        listed = f"{name}.csv" in summary.get("file_lists", [])
        if total > len(rows):
            out.append(
                f"<p>The first {len(rows)} of {_e(total)}"
                + (f'; <a href="{name}.csv">all of them in {name}.csv</a>.</p>' if listed else ".</p>")
            )
        elif listed:
            out.append(f'<p>Also in <a href="{name}.csv">{name}.csv</a>.</p>')
    return out


def render_html(summary: dict, data: dict) -> str:
    """The report page; every link is relative, so the reports folder can be copied or served anywhere.

    Long because it is the page's template, in the order the page reads; the charts are functions of their own.
    """
    counts = summary["counts"]
    validation = summary["validation"]
    published = summary["published"]
    status = (
        (
            '<span class="ok">published</span>'
            + (f" (release <code>{_e(summary['release'])}</code>)" if summary.get("release") else "")
        )
        if published
        else '<span class="bad">nothing published</span>'
    )
    funnel = [
        ("files discovered", counts.get("files_discovered", 0)),
        ("files ignored", counts.get("files_ignored", 0)),
        ("files quarantined", counts.get("files_quarantined", 0)),
        ("documents segmented", counts.get("documents_segmented", 0)),
        ("articles", counts.get("articles", 0)),
        ("duplicates removed", counts.get("duplicates", 0)),
        ("documents quarantined", counts.get("documents_quarantined", 0)),
    ]
    docs = validation.get("docs_pages", {})
    by_table = validation.get("by_table", {})
    validation_rows = [
        [_Html(f'<a href="../{_e(docs[t])}">{_e(t)}</a>') if docs.get(t) else t, c["evaluated"], c["failed"]]
        for t, c in by_table.items()
    ]
    failures = []
    for f in validation["failed"]:
        kind = _Html(
            '<span class="bad">error</span>'
            if f["severity"] == "critical"
            else f'<span class="warn">{_e(f["severity"])}</span>'
        )
        examples = _Html(
            "<br>".join(
                _e(", ".join(f"{k}={v}" for k, v in row.items() if v is not None)) for row in f.get("examples", [])
            )
        )
        failures.append(
            [
                kind,
                _Html(f"<code>{_e(f['expectation'])}</code>"),
                f["table"] + (f".{f['column']}" if f["column"] else ""),
                f["detail"],
                examples or "—",
            ]
        )
    sections = [
        f"<h1>newsclean run <code>{_e(summary['run_id'])}</code></h1>",
        _verdict(summary),
        f"<p>{status}. Raw folder <code>{_e(summary['raw_dir'])}</code>, output <code>{_e(summary['out_dir'])}</code>, "
        f"started {_e(summary.get('started', ''))}, newsclean {_e(summary.get('pipeline_version', ''))}.</p>",
        _table("table-failures", ["severity", "expectation", "column", "what failed", "example rows"], failures)
        if failures and not validation["success"]
        else "",
        "<h2>What came in and where it went</h2>",
        _bar_chart("chart-funnel", "Stage funnel: files → documents → articles, duplicates, quarantine", funnel),
        _table("table-counts", ["count", "value"], [[k.replace("_", " "), v] for k, v in funnel], {1}),
        "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in summary["conservation"]) + "</ul>",
        (
            f"<h3>Files this run ({_e(summary['incremental']['mode'])})</h3>"
            + _table(
                "table-incremental",
                ["files", "count"],
                [[k.replace("_", " "), v] for k, v in summary["incremental"].items() if k != "mode"],
                {1},
            )
        )
        if summary.get("incremental")
        else "",
        "<h2>Validation</h2>",
        f"<p>{_e(validation['evaluated'])} expectations evaluated: "
        + (
            '<span class="ok">no error</span>'
            if validation["success"]
            else '<span class="bad">errors, nothing published</span>'
        )
        + f", {sum(1 for f in validation['failed'] if f['severity'] != 'critical')} warning(s). "
        + ('<a href="../data_docs/index.html">GX Data Docs</a>.' if docs else "")
        + "</p>",
        _table("table-validation", ["table (Data Docs)", "evaluated", "failed"], validation_rows, {1, 2}),
        (
            _table("table-failures", ["severity", "expectation", "column", "what failed", "example rows"], failures)
            if validation["success"]
            else "<p>The failures are listed at the top of the page.</p>"
        )
        if failures
        else '<p id="table-failures" class="ok">Every expectation passed.</p>',
        "<h2>Quality of the articles</h2>",
        '<div class="grid">',
        _bar_chart(
            "chart-completeness",
            "Field completeness (share of articles)",
            [(c, v) for c, v in data["completeness"].items()],
            "{:.0%}",
            maximum=1.0,
        ),
        _histogram("chart-reliability", "Reliability score by label", data["score_histogram"]),
        "</div>",
        _table(
            "table-labels",
            ["reliability label", "articles"],
            [[label, data["labels"].get(label, 0)] for label in RELIABILITY_LABELS],
            {1},
        ),
        _bar_chart("chart-outlets", f"Top outlets ({data['outlets']} in all)", data["top_outlets"]),
        "<h2>What was removed and why</h2>",
        '<div class="grid">',
        _bar_chart(
            "chart-clusters",
            "Duplicate clusters by size (kept article + copies)",
            [(f"{size} articles", n) for size, n in data["cluster_sizes"]],
        ),
        _bar_chart(
            "chart-quarantine", "Quarantine reasons", list(data["quarantine_reasons"].items()), colour=COLOURS["low"]
        ),
        "</div>",
        _table(
            "table-duplicate-methods",
            ["duplicate method", "rows"],
            [[m, n] for m, n in sorted(data["duplicate_methods"].items())],
            {1},
        ),
        *_file_tables(summary, data),
    ]
    if summary.get("outlet_health") is not None:
        sections += [
            "<h2>Outlet health against recent runs</h2>",
            _table(
                "table-outlet-health",
                ["outlet", "check", "before", "now"],
                [[w["outlet"], w["check"], w["before"], w["now"]] for w in summary["outlet_health"]],
            )
            if summary["outlet_health"]
            else '<p id="table-outlet-health" class="ok">No outlet dropped against its recent runs.</p>',
        ]
    if summary.get("changes"):
        sections += [
            f"<h2>Change against the previous run <code>{_e(summary['changes'][0]['previous_run'])}</code></h2>",
            _table(
                "table-changes",
                ["count", "before", "now", "change"],
                [
                    [c["count"].replace("_", " "), c["before"], c["now"], f"{c['now'] - c['before']:+d}"]
                    for c in summary["changes"]
                ],
                {1, 2, 3},
            ),
        ]
    else:
        sections += [
            "<h2>Change against the previous run</h2>",
            '<p id="table-changes">This is the first run in this output folder.</p>',
        ]
    if summary.get("rating_providers"):
        sections += [
            "<h2>Source ratings</h2>",
            "<p>Tables: " + ", ".join(f"<code>{_e(p)}</code>" for p in summary["rating_providers"]) + "</p>",
            _table(
                "table-unrated",
                ["outlet no table rates", "articles"],
                [[o["outlet"], o["articles"]] for o in summary.get("unrated_outlets", [])],
                {1},
            ),
        ]
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>newsclean run {_e(summary['run_id'])}</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
        f"<body>\n{body}\n</body></html>\n"
    )


def _point_latest(reports_dir: Path, run_id: str) -> None:
    link = reports_dir / LATEST
    try:
        replace_link(link, run_id)  # a reader sees the old run or the new one, never nothing
    except OSError:  # no symbolic links here (some mounted file systems): a file naming the run instead
        if link.is_symlink() or link.is_dir():
            link.unlink()
        link.write_text(run_id + "\n", encoding="utf-8")


def write_run_report(
    summary: dict, out_dir: Path, data: dict | None = None, lists: dict[str, pa.Table] | None = None
) -> Path:
    """Write the run's report folder and point ``latest`` at it; returns the folder.  With the run's
    ``file_lists``, the full lists go beside the page as CSV (``quarantined.csv``, ``removed.csv``, ``ignored.csv``)."""
    reports_dir = Path(out_dir) / "reports"
    folder = reports_dir / summary["run_id"]
    folder.mkdir(parents=True, exist_ok=True)
    if lists is not None:
        import pyarrow.csv as pacsv

        for name, table in lists.items():
            pacsv.write_csv(table, folder / f"{name}.csv")
        ignored = summary.get("ignored") or []
        pacsv.write_csv(
            pa.Table.from_pylist(ignored, schema=pa.schema([("source_file", pa.string()), ("reason", pa.string())])),
            folder / "ignored.csv",
        )
        summary["file_lists"] = [f"{name}.csv" for name in (*FILE_LISTS, "ignored")]
    if data is not None:
        summary["html_report"] = str(folder / "report.html")
        (folder / "report.html").write_text(render_html(summary, data), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str, sort_keys=True) + "\n")
    (folder / "summary.md").write_text(summary_markdown(summary))
    _point_latest(reports_dir, summary["run_id"])
    return folder


def resolve_run(out_dir: Path, run_id: str | None = None) -> Path:
    """The report folder of ``run_id``, or of the newest run; FileNotFoundError when there is none."""
    reports_dir = Path(out_dir) / "reports"
    if run_id is None:
        link = reports_dir / LATEST
        if link.is_symlink() or link.is_dir():
            folder = link.resolve()
        elif link.is_file():
            folder = reports_dir / link.read_text(encoding="utf-8").strip()
        else:
            raise FileNotFoundError(f"no run report under {reports_dir}")
    else:
        folder = reports_dir / run_id
    if not (folder / "summary.json").is_file():
        raise FileNotFoundError(f"no run report at {folder}")
    return folder
