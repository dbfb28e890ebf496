"""card: the dataset card written into every release (``README.md``), from the tables it describes.

Every field listed is a column of the published Parquet (read off the tables'
own schemas, descriptions from the schema module), and only those.  The
card says what the dataset is, what it holds, how duplicates and
reliability were decided, which rating tables were used, and what it must
not be used for.  Reads the final tables and the run summary; adds nothing.
Values from the data (outlet names, folders, table file names) go through
``newsclean.outputs.markdown``, so none can add HTML, a link or a table cell.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.schema import SCHEMA_VERSION, TABLES
from newsclean.outputs import markdown as md
from newsclean.outputs.health import outlets as outlets_of


def _description(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode() or "—"


def _layout_lines(layout: dict) -> list[str]:
    partition = layout.get("partition", "none")
    files = (
        "`articles/part-00000-<run_id>.parquet`"
        if partition == "none"
        else f"`articles/part-<{'YYYY' if partition == 'year' else 'YYYY-MM'}>-<run_id>.parquet`, one per publication "
        f"{partition}, and `articles/part-undated-<run_id>.parquet` (no `key=value` folders: read the folder or "
        "`articles/*.parquet` as one dataset)"
    )
    rows = layout.get("row_group_rows")
    return [
        f"- Files: {files}; `duplicates/part-00000-<run_id>.parquet`; `quarantine/part-00000-<run_id>.parquet`, "
        "`<run_id>` being this release's: no other release reuses a file name, and no file is rewritten. Parquet, "
        "zstd; each file carries the Arrow schema with every field's description.",
        "- A query over `articles/` while a new release is published reads this release whole or fails to open a "
        "file; for a long analysis, resolve `current` once and read the release folder it points to (the newsclean "
        'docs/operations.md, "Readers and releases").',
        "- `articles` rows are sorted by `published` (undated last), in row groups"
        + (f" of {rows:,} rows" if rows else "")
        + " with min/max statistics, so a date filter reads only the row groups of those dates.",
        "- Load with pandas, pyarrow, Polars, DuckDB, Spark or Hugging Face `datasets` "
        '(`load_dataset("parquet", data_files="articles/*.parquet")`); the newsclean README shows each.',
    ]


def dataset_card(tables: dict[str, pa.Table], summary: dict) -> str:
    """The release's README (a Hugging Face style dataset card): what is in it, how it was made, its limits.

    Long because it writes one document in reading order, a few lines per section.
    """
    articles = tables["articles"]
    published = articles.column("published")
    first, last = pc.min(published).as_py(), pc.max(published).as_py()
    outlets = Counter(outlets_of(articles))
    labels = Counter(articles.column("reliability_label").to_pylist())
    lines = [
        "# newsclean dataset card",
        "",
        f"Release {md.code(summary['run_id'])}, made by newsclean {md.text(summary.get('pipeline_version', ''))} "
        f"(schema version {SCHEMA_VERSION}) from {md.code(summary['raw_dir'])} on "
        f"{md.text(summary.get('started', ''))}. This file is rewritten with every release; the tables beside it are "
        "what it describes.",
        "",
        "## What it is",
        "",
        "News articles read from raw text files, split into metadata and body, deduplicated, and tagged with a "
        "reliability score and its evidence. Every row traces back to its raw file (`source_file`, `source_sha256`, "
        "`char_start`, `char_end`).",
        "",
        "## What it holds",
        "",
        f"- `articles`: {articles.num_rows:,} rows from {len(outlets):,} outlets; published between "
        f"{first:%Y-%m-%d} and {last:%Y-%m-%d}"
        if first and last
        else f"- `articles`: {articles.num_rows:,} rows from {len(outlets):,} outlets; no publication dates printed",
        f"- `duplicates`: {tables['duplicates'].num_rows:,} removed copies and earlier versions, "
        "each pointing at the kept row",
        f"- `quarantine`: {tables['quarantine'].num_rows:,} inputs set aside, each with a reason code",
        "- reliability labels: "
        + ", ".join(f"{label} {labels.get(label, 0):,}" for label in ("high", "mixed", "low", "unrated")),
        "",
        "Largest outlets: " + ", ".join(f"{md.text(name)} ({n:,})" for name, n in outlets.most_common(10)) + ".",
        "",
        "## Files and layout",
        "",
        *_layout_lines(summary.get("settings", {}).get("layout", {})),
        "",
        "## How duplicates were decided",
        "",
        "Exact copies (same normalised text), near copies (word 5-gram Jaccard verified at the configured threshold), "
        "rewrites (linked through `story_id` / `derivative_of`, not removed) and newer versions of one url. One keep "
        "rule picks the row that stays; `duplicates.reason` names the rule that decided.",
        "",
        "## How reliability was decided — and what it is not",
        "",
        "`reliability_score` combines the outlet's rating in the configured tables (when known) with evidence rules "
        "read off the article itself; `reliability_signals` lists every contribution, and the contributions add up "
        "to the score. It is **not a fact-check**: source ratings are proxies for outlets, not verdicts on articles, "
        "and the text rules measure reporting practice, not truth.",
        "",
        "Rating tables used: "
        + (
            ", ".join(md.code(p) for p in summary.get("rating_providers") or [])
            or "none (scores come from the article evidence only)"
        )
        + ".",
        "Cite each table you rely on (see the newsclean docs/reliability.md for the references).",
        "",
        "## Known limits and terms",
        "",
        "- Dates are as printed; no time zone is invented. Undated articles have a null `published`.",
        "- Outlets are read from urls, printed site names or the outlet table; an ambiguous name stays unresolved.",
        "- The text of each article belongs to its publisher: check the raw sources' terms before redistributing it.",
        "- Models trained on this data and tested on the same outlets overstate their accuracy: "
        "use the outlet-disjoint `split` column (filled when the run enables `[splits]`), or split by outlet yourself.",
        "",
        "## Fields",
        "",
    ]
    for name, table in tables.items():
        lines += [f"### {md.code(name)}", "", "| column | type | nullable | description |", "|---|---|---|---|"]
        for field in TABLES.get(name, table.schema):  # the published columns (a run holds its texts apart)
            # the description is our own Markdown (its backticks are meant), kept to one line and one cell
            description = " ".join(_description(field).split()).replace("|", "/")
            lines.append(
                f"| {md.code(field.name, in_table=True)} | {md.code(field.type, in_table=True)} | "
                f"{'yes' if field.nullable else 'no'} | {description} |"
            )
        lines.append("")
    return "\n".join(lines)
