"""The single source of truth for every table newsclean writes.

Each published table is an Arrow schema whose fields carry a ``description``
in their metadata; the Parquet files carry the same schema plus
``newsclean.schema_version``, ``newsclean.run_id`` and ``newsclean.table`` in
their key-value metadata.  The README's schema section, the GX suites'
column lists and the tests all read from here.

Bump ``SCHEMA_VERSION`` whenever a published table gains, loses, renames or
retypes a column, and add a line to the changelog in the README.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "2.4.0"

# Stable reason codes for the quarantine table.  Codes are part of the data
# contract: researchers filter on them, so never rename one; add new ones.
QUARANTINE_REASONS: dict[str, str] = {
    "empty_file": "the file has no bytes, or only white space",
    "binary_file": "the bytes are not text (NUL bytes or control characters)",
    "undecodable": "no text encoding decodes the bytes into plausible text",
    "gzip_error": "the .gz file is truncated or corrupt",
    "file_too_large": "the file is larger than limits.max_file_bytes",
    "decompressed_too_large": "the decompressed file is larger than limits.max_decompressed_bytes",
    "read_error": "the file could not be read (permissions, vanished during the run)",
    "changed_during_run": "the file changed or was replaced (by a link, another file) between discovery and reading; "
    "the next run reads it afresh",
    "jsonl_malformed": "a .jsonl line is not a JSON object",
    "jsonl_missing_text": "a .jsonl record has no string `text` field",
    "jsonl_bad_field": "a .jsonl field is not a string where one is needed (url, sitename, title, date), or a key or "
    "value holds a lone surrogate (\\ud800-\\udfff), which is not Unicode text",
    "empty_document": "the document has no text after normalisation",
    "empty_body": "nothing is left of the document once its metadata lines are removed",
    "document_too_large": "the document is longer than limits.max_document_chars",
    "file_name_not_utf8": "the file's name (or a folder's on its path) is not UTF-8; `source_file` shows its bytes "
    "as \\xNN: rename it to read it",
}
# Reasons that say nothing lasting about the file's bytes: never cached, so the next run reads the file afresh.
TRANSIENT_REASONS = ("read_error", "changed_during_run")

QUARANTINE_STAGES = ("discover", "ingest", "split")

ARTICLE_TYPES = ("news", "opinion", "analysis", "unknown")
RELIABILITY_LABELS = ("high", "mixed", "low", "unrated")
SPLIT_NAMES = ("train", "validation", "test")
DUPLICATE_METHODS = ("exact", "near", "superseded")
# The keep rules, in the order they are tried (newsclean.stages.dedup.keep).
DUPLICATE_REASONS = (
    "already_published",
    "newer_version",
    "outlet_priority",
    "agency_original",
    "earliest_published",
    "most_complete_metadata",
    "most_complete_text",
    "first_by_source_path",
)
PUBLISHED_PRECISIONS = ("day", "minute")
# updated: the page prints only an "Updated ..." stamp; it stands in for the publication day (modified holds it too).
PUBLISHED_SOURCES = ("header", "byline", "metadata", "url", "body", "updated")
# implausible_date (newsclean.stages.plausible_dates): a printed published/modified date after the run's start + 1 day
# or before 1800, nulled at run time; published_raw keeps the string.
TEXT_FLAGS = (
    "truncated",
    "paywall",
    "markup_residue",
    "script_residue",
    "repeated_block",
    "mixed_language",
    "stitched",
    "implausible_date",
)

TIMESTAMP = pa.timestamp("us")
TIMESTAMP_UTC = pa.timestamp("us", tz="UTC")
STRING_LIST = pa.list_(pa.string())
RELIABILITY_SIGNAL = pa.struct(
    [
        pa.field("name", pa.string()),
        pa.field("weight", pa.float32()),
        pa.field("evidence", pa.string()),
    ]
)
# Key-value pairs as a list of structs, not an Arrow map: Hugging Face `datasets` cannot load a map column
# (schema 2.0.0); every other reader handles both, and DuckDB's map_from_entries(extra) turns it back into a MAP.
EXTRA_PAIRS = pa.list_(pa.struct([pa.field("key", pa.string(), nullable=False), pa.field("value", pa.string())]))


def _field(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


ARTICLES = pa.schema(
    [
        _field(
            "article_id",
            pa.string(),
            "Stable id: hash of the normalised body. The same text gets the same id in every run.",
            False,
        ),
        _field(
            "title",
            pa.string(),
            "Headline, cleaned of outlet and section affixes; null when the file starts with the body or a date.",
        ),
        _field(
            "description",
            pa.string(),
            "Standfirst: the summary line between headline and byline; null when there is none.",
        ),
        _field("section", pa.string(), "Section kicker printed above the headline (e.g. World, Opinion)."),
        _field(
            "authors",
            STRING_LIST,
            "Person names from the byline or the author bio; when the byline names no person, the wire agency, outlet "
            "or desk it credits as printed ('By Reuters', 'Reuters, Washington', 'By Metro Desk'). No 'By', roles or "
            "dates. Empty when unsigned.",
            False,
        ),
        _field("author_bio", pa.string(), "The closing paragraph about the author, removed from text."),
        _field(
            "social_handles",
            STRING_LIST,
            "Social-media handles of the author (@name, or a bare handle line at the end).",
            False,
        ),
        _field(
            "sitename",
            pa.string(),
            "Outlet: the .jsonl `sitename` field, else the outlet printed in the header, title or byline, else the "
            "outlet the author bio names, else an outlet known by its site furniture, else the url's host.",
        ),
        _field(
            "source_domain",
            pa.string(),
            "Host of `url` without 'www.'; "
            "null when there is no url or it has no real web host (javascript:, mailto:, data:, ...).",
        ),
        _field("url", pa.string(), "The document's url from the .jsonl `url` field; null for plain text files."),
        _field(
            "published",
            TIMESTAMP,
            "Publication date/time as printed (wall clock; no zone is invented: a stated zone stays in published_raw). "
            "Never the crawl or run date.",
        ),
        _field("published_precision", pa.string(), "day or minute: how much of `published` was actually printed."),
        _field("published_raw", pa.string(), "The date string exactly as read, before parsing."),
        _field(
            "published_source",
            pa.string(),
            "Where the date was read: header, byline, metadata (.jsonl), url, body, or updated (the page prints only "
            "an 'Updated ...' stamp, which stands in for it; `modified` holds it too).",
        ),
        _field("modified", TIMESTAMP, "An 'Updated ...' stamp, kept apart from `published`."),
        _field("text", pa.string(), "The article body only, paragraphs separated by one blank line.", False),
        _field("captions", STRING_LIST, "Photo captions taken out of the body.", False),
        _field(
            "boilerplate_removed",
            STRING_LIST,
            "Site furniture taken out of the body (comment prompts, 'Close', repeated pull quotes).",
            False,
        ),
        _field(
            "text_flags",
            STRING_LIST,
            "Quality problems left in the text or its printed dates: "
            + ", ".join(TEXT_FLAGS)
            + " (implausible_date: a date after the run or before 1800, set to null; published_raw keeps it).",
            False,
        ),
        _field(
            "syndicated_from",
            pa.string(),
            "Wire agency or outlet the text credits as its origin: a dateline credit `CITY (AP) —`, "
            'a closing `— Reuters`, "This article originally appeared in …", an agency copyright line; '
            "null when it credits none.",
        ),
        _field(
            "language",
            pa.string(),
            "ISO 639-1 code of the document's language (py3langid); "
            "null when the text is too short or the model unsure.",
        ),
        _field("word_count", pa.int32(), "Words in `text`.", False),
        _field(
            "article_type",
            pa.string(),
            "news, opinion, analysis or unknown, from the cues present: section or title label, a commentator's bio, "
            "first-person argument, a dateline or attributed reporting.",
            False,
        ),
        _field(
            "source_file", pa.string(), "Path of the raw file, relative to the raw root, with '/' separators.", False
        ),
        _field(
            "source_sha256", pa.string(), "sha256 of the raw file's bytes as stored (compressed bytes for .gz).", False
        ),
        _field(
            "source_encoding",
            pa.string(),
            "Encoding the raw bytes were decoded with (utf-8, or the detected legacy encoding).",
            False,
        ),
        _field(
            "mojibake_repaired",
            pa.bool_(),
            "True when ftfy repaired mis-decoded text (mojibake) in this document.",
            False,
        ),
        _field(
            "segment_index",
            pa.int32(),
            "Position of the document in its file (0 for a plain text file; the line's document index for .jsonl).",
            False,
        ),
        _field("n_segments", pa.int32(), "How many documents the file was segmented into.", False),
        _field("char_start", pa.int64(), "Start of the document in the decoded original file, in characters.", False),
        _field(
            "char_end",
            pa.int64(),
            "End (exclusive) of the document in the decoded original file, in characters.",
            False,
        ),
        _field(
            "duplicate_count", pa.int32(), "How many removed copies (rows of `duplicates`) this row stands for.", False
        ),
        _field(
            "story_id",
            pa.string(),
            "Rewrite cluster: the article_id of the cluster's first article (keep rule) when this article and at least "
            "one other tell the same story in other words; null otherwise.",
        ),
        _field(
            "derivative_of",
            pa.string(),
            "article_id of the article this one appears to rewrite (its story's first article by the keep rule); null "
            "for that article itself and outside rewrite clusters.",
        ),
        _field(
            "reliability_score",
            pa.float32(),
            "Reliability in [0, 1] from source ratings and article evidence (docs/reliability.md); "
            "null when the article is unrated.",
        ),
        _field("reliability_label", pa.string(), "high, mixed, low or unrated.", False),
        _field(
            "reliability_signals",
            pa.list_(RELIABILITY_SIGNAL),
            "Every contribution to reliability_score, with its weight and evidence.",
            False,
        ),
        _field(
            "source_rating", pa.float32(), "The outlet's rating from the configured provider tables; null when unrated."
        ),
        _field("source_rating_provider", pa.string(), "Which provider table(s) gave source_rating."),
        _field(
            "split",
            pa.string(),
            "train, validation or test, by a stable hash of the outlet (outlet-disjoint); "
            "null unless [splits] enabled.",
        ),
        _field(
            "extra",
            EXTRA_PAIRS,
            "Input metadata kept verbatim: .jsonl fields beyond text, url, sitename, title and date "
            "(values JSON-encoded unless strings).",
            False,
        ),
        _field("pipeline_version", pa.string(), "newsclean version that produced the row.", False),
        _field("run_id", pa.string(), "Run that produced the row.", False),
        _field("processed_at", TIMESTAMP_UTC, "When the run started (UTC).", False),
    ]
)

DUPLICATES = pa.schema(
    [
        _field(
            "article_id",
            pa.string(),
            "Id (hash of the normalised body) of the removed copy; "
            "equals duplicate_of for an exact copy of a kept row.",
            False,
        ),
        _field(
            "duplicate_of",
            pa.string(),
            "article_id of the kept row this copy stands behind: in `articles`, or in the published dataset the run "
            "was deduplicated against (reason already_published).",
            False,
        ),
        _field("method", pa.string(), "How the copy was found: " + ", ".join(DUPLICATE_METHODS) + ".", False),
        _field(
            "similarity",
            pa.float32(),
            "Real Jaccard of word 5-gram shingles with the kept row (1.0 for exact copies), computed, not a MinHash "
            "estimate; at least dedup.near_threshold unless the copy joined its cluster through a chain of verified "
            "pairs (A~B~C).",
            False,
        ),
        _field(
            "reason",
            pa.string(),
            "The keep rule that chose the kept row over this copy: " + ", ".join(DUPLICATE_REASONS) + ".",
            False,
        ),
        _field("source_file", pa.string(), "Raw file of the removed copy, relative to the raw root.", False),
        _field("segment_index", pa.int32(), "Position of the removed copy in its file.", False),
        _field("title", pa.string(), "Title of the removed copy, if it had one."),
        _field("run_id", pa.string(), "Run that removed the copy.", False),
    ]
)

QUARANTINE = pa.schema(
    [
        _field("source_file", pa.string(), "Raw file, relative to the raw root.", False),
        _field("segment_index", pa.int32(), "Document within the file; null when the whole file was quarantined."),
        _field("stage", pa.string(), "Stage that refused the input: " + ", ".join(QUARANTINE_STAGES) + ".", False),
        _field("reason", pa.string(), "Stable reason code (see docs/schema.md, 'Quarantine reason codes').", False),
        _field("detail", pa.string(), "What went wrong, for a person.", False),
        _field("run_id", pa.string(), "Run that quarantined the input.", False),
    ]
)

# Columns that carry the articles' own words: what `newsclean export --ids-only` leaves out, for sharing where the
# text may not be redistributed (the signals quote the text as evidence).
TEXT_COLUMNS = ("text", "description", "author_bio", "captions", "boilerplate_removed", "reliability_signals", "extra")

TABLES: dict[str, pa.Schema] = {"articles": ARTICLES, "duplicates": DUPLICATES, "quarantine": QUARANTINE}

# Parquet layout (newsclean.outputs.publish).  Low-cardinality columns are dictionary-encoded (a few distinct values
# in millions of rows); the others are not, so the writer does not build and abandon dictionaries of texts.
DICTIONARY_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "section",
        "sitename",
        "source_domain",
        "published_precision",
        "published_source",
        "syndicated_from",
        "language",
        "article_type",
        "source_encoding",
        "reliability_label",
        "source_rating_provider",
        "split",
        "pipeline_version",
        "run_id",
    ),
    "duplicates": ("method", "reason", "run_id"),
    "quarantine": ("stage", "reason", "run_id"),
}
# Rows are written in this order, so each row group holds a narrow range of it and its min/max statistics let
# readers skip the rest: a query for one month of `published` reads that month's row groups only.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("published", "article_id"),
    "duplicates": ("duplicate_of", "article_id"),
    "quarantine": ("source_file", "segment_index"),
}

# Dedup's reference sidecar, written beside each release (not a researcher's
# table, no top-level link): what a later run needs to find copies of these
# articles without reading their texts.
SIGNATURES = pa.schema(
    [
        _field("article_id", pa.string(), "article_id of a published article.", False),
        _field(
            "minhash",
            pa.list_(pa.uint32()),
            "Its MinHash signature (newsclean.stages.dedup.shingles.MinHasher).",
            False,
        ),
    ]
)

# The files a release was made from (a sidecar, like SIGNATURES): what the next run compares the raw folder with.
LEDGER = pa.schema(
    [
        _field("source_file", pa.string(), "Raw file, relative to the raw root.", False),
        _field("source_sha256", pa.string(), "sha256 of the version of the file these rows came from.", False),
        _field("first_run_id", pa.string(), "Run that first processed this version of the file.", False),
        _field(
            "present",
            pa.bool_(),
            "False when the file was gone from the raw folder and its rows were kept (no --prune).",
            False,
        ),
    ]
)

# Internal, between ingest and split: one row per segmented document.  Not
# published; kept here so every stage agrees on it.
DOCUMENTS = pa.schema(
    [
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("source_sha256", pa.string(), nullable=False),
        pa.field("source_encoding", pa.string(), nullable=False),
        pa.field("mojibake_repaired", pa.bool_(), nullable=False),
        pa.field("segment_index", pa.int32(), nullable=False),
        pa.field("n_segments", pa.int32(), nullable=False),
        pa.field("char_start", pa.int64(), nullable=False),
        pa.field("char_end", pa.int64(), nullable=False),
        pa.field("document", pa.string(), nullable=False),  # normalised text of the whole document
        pa.field("url", pa.string()),
        pa.field("meta_title", pa.string()),
        pa.field("meta_sitename", pa.string()),
        pa.field("meta_date", pa.string()),
        pa.field("extra", EXTRA_PAIRS, nullable=False),
    ]
)

# Columns passed between stages but never published.
INTERNAL_COLUMNS = frozenset(DOCUMENTS.names) | {"mixed_language", "minhash"}

# Internal, stage quarantine rows before the run id is stamped on them.
QUARANTINE_ROWS = pa.schema([f for f in QUARANTINE if f.name != "run_id"])


def table_metadata(table: str, run_id: str, pipeline_version: str) -> dict[bytes, bytes]:
    return {
        b"newsclean.schema_version": SCHEMA_VERSION.encode(),
        b"newsclean.table": table.encode(),
        b"newsclean.run_id": run_id.encode(),
        b"newsclean.pipeline_version": pipeline_version.encode(),
    }


def describe(table: str) -> list[tuple[str, str, bool, str]]:
    """(name, type, nullable, description) for every column of a published table."""
    return [
        (f.name, str(f.type), f.nullable, (f.metadata or {}).get(b"description", b"").decode()) for f in TABLES[table]
    ]


def markdown() -> str:
    """The README's table-by-table schema reference, generated from this module."""
    out = []
    for name in TABLES:
        out += [f"#### `{name}`", "", "| column | type | nullable | description |", "|---|---|---|---|"]
        out += [f"| `{n}` | `{t}` | {'yes' if nullable else 'no'} | {d} |" for n, t, nullable, d in describe(name)]
        out.append("")
    out += ["#### Quarantine reason codes", "", "| code | meaning |", "|---|---|"]
    out += [f"| `{code}` | {meaning} |" for code, meaning in QUARANTINE_REASONS.items()]
    return "\n".join(out) + "\n"
