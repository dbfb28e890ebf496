"""card: the dataset card written into every release (``README.md``), from the tables it describes.

Every field listed is a column of the published Parquet (read off the tables'
own schemas, descriptions from the schema module), and only those.  The
card says what the dataset is, what it holds, how duplicates and
reliability were decided, which rating tables were used, and what it must
not be used for.  Reads the final tables and the run summary; adds nothing.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.health import outlets as outlets_of
from newsclean.schema import SCHEMA_VERSION, TABLES


def _description(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode() or "—"


def _layout_lines(layout: dict) -> list[str]:
    partition = layout.get("partition", "none")
    files = ("`articles/part-00000.parquet`" if partition == "none" else
             f"`articles/part-<{'YYYY' if partition == 'year' else 'YYYY-MM'}>.parquet`, one per publication "
             f"{partition}, and `articles/part-undated.parquet` (no `key=value` folders: read the folder or "
             "`articles/*.parquet` as one dataset)")
    rows = layout.get("row_group_rows")
    return [
        f"- Files: {files}; `duplicates/part-00000.parquet`; `quarantine/part-00000.parquet`. Parquet, zstd; each file "
        "carries the Arrow schema with every field's description.",
        "- `articles` rows are sorted by `published` (undated last), in row groups" + (f" of {rows:,} rows" if rows else "")
        + " with min/max statistics, so a date filter reads only the row groups of those dates.",
        "- Load with pandas, pyarrow, Polars, DuckDB, Spark or Hugging Face `datasets` "
        "(`load_dataset(\"parquet\", data_files=\"articles/*.parquet\")`); the newsclean README shows each.",
    ]


def dataset_card(tables: dict[str, pa.Table], summary: dict) -> str:
    articles = tables["articles"]
    published = articles.column("published")
    first, last = pc.min(published).as_py(), pc.max(published).as_py()
    outlets = Counter(outlets_of(articles))
    labels = Counter(articles.column("reliability_label").to_pylist())
    lines = [
        "# newsclean dataset card",
        "",
        f"Release `{summary['run_id']}`, made by newsclean {summary.get('pipeline_version', '')} (schema version "
        f"{SCHEMA_VERSION}) from `{summary['raw_dir']}` on {summary.get('started', '')}. This file is rewritten with every "
        "release; the tables beside it are what it describes.",
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
        f"{first:%Y-%m-%d} and {last:%Y-%m-%d}" if first and last else
        f"- `articles`: {articles.num_rows:,} rows from {len(outlets):,} outlets; no publication dates printed",
        f"- `duplicates`: {tables['duplicates'].num_rows:,} removed copies and earlier versions, each pointing at the kept row",
        f"- `quarantine`: {tables['quarantine'].num_rows:,} inputs set aside, each with a reason code",
        "- reliability labels: " + ", ".join(f"{label} {labels.get(label, 0):,}" for label in ("high", "mixed", "low", "unrated")),
        "",
        "Largest outlets: " + ", ".join(f"{name} ({n:,})" for name, n in outlets.most_common(10)) + ".",
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
        "Rating tables used: " + (", ".join(f"`{p}`" for p in summary.get("rating_providers") or []) or "none (scores come from the article evidence only)") + ".",
        "Cite each table you rely on (see the newsclean README, \"Reliability\", for the references).",
        "",
        "## Known limits and terms",
        "",
        "- Dates are as printed; no time zone is invented. Undated articles have a null `published`.",
        "- Outlets are read from urls, printed site names or the outlet table; an ambiguous name stays unresolved.",
        "- The text of each article belongs to its publisher: check the raw sources' terms before redistributing it.",
        "- Models trained on this data and tested on the same outlets overstate their accuracy: use the outlet-disjoint "
        "`split` column (filled when the run enables `[splits]`), or split by outlet yourself.",
        "",
        "## Fields",
        "",
    ]
    for name, table in tables.items():
        lines += [f"### `{name}`", "", "| column | type | nullable | description |", "|---|---|---|---|"]
        for field in TABLES.get(name, table.schema):  # the published columns (a run holds its texts apart)
            lines.append(f"| `{field.name}` | `{field.type}` | {'yes' if field.nullable else 'no'} | "
                         f"{_description(field).replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)
