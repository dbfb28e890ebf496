"""Readers during publishes: does a query over the stable paths ever mix two releases, or fail?

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_readers.py [--publishes 24] [--copies 200] [--keep 1] [--grace 30]
        [--publish-from OLD_PUBLISH_PY] [--write]

The sample corpus (data/raw) goes through the stages once; its articles are copied ``--copies`` times with
publication dates spread over 60 months, and the tables are published ``--publishes`` times into one output
folder per layout (``partition = "none"`` and ``"month"``), back to back.  Consecutive releases differ: every
other one's months are shifted by one (so a month's file is in one release and not the next) and it holds one
more copy, and each has its own ``run_id``.  Meanwhile one process per reader pattern loops over the articles
until the last publish is done:

- ``duckdb-glob``: ``read_parquet('<out>/articles/*.parquet')``, grouped by ``run_id``;
- ``pyarrow-dataset``: ``pyarrow.dataset.dataset('<out>/articles')``, the ``run_id`` column;
- ``polars-glob``: ``polars.scan_parquet('<out>/articles/*.parquet')``, the ``run_id`` column;
- ``duckdb-pinned`` and ``pyarrow-pinned``: the same, on ``os.path.realpath('<out>/articles')`` resolved once
  per query (the README's pattern for a long analysis).

A query's result is *mixed* when it holds rows of two run ids, *partial* when its one run id has another row
count than that release holds; an *error* is any exception, counted apart when it says a file was not found
(the others by their first line).  ``--keep 1`` (the default) leaves only the grace period to protect a
superseded release.  ``--publish-from FILE`` publishes with another ``publish.py`` instead, e.g. the one before
the change (``git show 35e4b44:src/newsclean/outputs/publish.py > /tmp/publish_35e4b44.py``; its ``publish`` takes no
grace period).  ``--write`` appends the table and the command to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import multiprocessing
import os
import platform
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PATTERNS = ("duckdb-glob", "duckdb-pinned", "pyarrow-dataset", "pyarrow-pinned", "polars-glob")
MONTHS = 60
NOT_FOUND = "file not found"


def sample_tables():
    """The published tables of data/raw, made by calling the stages directly (no Prefect)."""
    import pyarrow as pa

    from newsclean.core.config import Limits
    from newsclean.outputs.publish import RunInfo, final_tables
    from newsclean.stages.dataset_splits import assign_splits
    from newsclean.stages.dedup import deduplicate
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.language import add_language
    from newsclean.stages.reliability import tag_reliability
    from newsclean.stages.split import split

    ingested = ingest(discover(REPO / "data" / "raw").files, Limits())
    rows, split_quarantine = split(add_language(ingested.documents))
    articles, duplicates = deduplicate(rows)
    run = RunInfo.new()
    return final_tables(
        assign_splits(tag_reliability(articles)),
        duplicates,
        pa.concat_tables([ingested.quarantine, split_quarantine]),
        run,
    )


def variant(tables: dict, copies: int, months: range) -> dict:
    """The sample's articles copied ``copies`` times, each copy's dates moved into one of ``months``."""
    import pyarrow as pa

    articles = tables["articles"]
    many = pa.concat_tables([articles] * copies)
    published = [
        datetime(2019 + months[i % len(months)] // 12, months[i % len(months)] % 12 + 1, 1 + i % 28)
        for i in range(many.num_rows)
    ]
    ids = [f"{a}-{i}" for i, a in enumerate(many.column("article_id").to_pylist())]
    many = many.set_column(
        many.schema.get_field_index("published"),
        many.schema.field("published"),
        pa.array(published, many.schema.field("published").type),
    )
    many = many.set_column(
        many.schema.get_field_index("article_id"), many.schema.field("article_id"), pa.array(ids, pa.string())
    )
    return {**tables, "articles": many}


def stamped(tables: dict, run_id: str) -> dict:
    """The same rows with another ``run_id``."""
    import pyarrow as pa

    out = {}
    for name, table in tables.items():
        index = table.schema.get_field_index("run_id")
        column = pa.array([run_id] * table.num_rows, pa.string())
        out[name] = table.set_column(index, table.schema.field("run_id"), column)
    return out


def _query(pattern: str, out: Path) -> list[tuple[str, int]]:
    """(run_id, rows) pairs of one query over the articles."""
    import duckdb
    import polars as pl
    import pyarrow.dataset as ds

    folder = out / "articles"
    if pattern.endswith("-pinned"):
        folder = Path(os.path.realpath(folder))  # resolved once: the whole query reads this release's folder
    if pattern.startswith("duckdb"):
        # DuckDB relations keep no result: fetchall() runs the query once, here
        return duckdb.execute(f"select run_id, count(*) from read_parquet('{folder}/*.parquet') group by 1").fetchall()
    if pattern.startswith("pyarrow"):
        counts = Counter(ds.dataset(folder, format="parquet").to_table(columns=["run_id"]).column("run_id").to_pylist())
        return list(counts.items())
    frame = pl.scan_parquet(f"{folder}/*.parquet").group_by("run_id").len().collect()
    return list(frame.iter_rows())


def _not_found(exc: BaseException) -> bool:
    """A file listed from a release that stopped being current, gone when opened (or stat'ed, by DuckDB's glob)."""
    return isinstance(exc, FileNotFoundError) or any(
        words in str(exc) for words in ("No such file", "Cannot open file", "No files found that match")
    )


def _kind(exc: BaseException) -> str:
    """An error's type and first line, paths, numbers and ids left out, so one kind of failure is one count."""
    line = (str(exc).splitlines() or [""])[0]
    line = re.sub(r"[^\s\"']*/[^\s\"']*", "<path>", line)
    line = re.sub(r"\(Id\(\d+\)", "(Id(..)", line)
    line = re.sub(r"\b\d+\b", "N", line)
    return f"{type(exc).__name__}: {line[:80]}"


def reader(pattern: str, out: str, expected_file: str, stop, results) -> None:
    """Loop queries until ``stop`` is set; put (pattern, queries, mixed, partial, errors) on ``results``."""
    out_dir, queries, mixed, partial, errors = Path(out), 0, 0, 0, Counter()
    expected: dict[str, int] = {}
    while not stop.is_set():
        queries += 1
        try:
            rows = _query(pattern, out_dir)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a finding, counted by its first line (Polars' panics are BaseExceptions)
            errors[NOT_FOUND if _not_found(exc) else _kind(exc)] += 1
            continue
        if len(rows) > 1:
            mixed += 1
        elif rows:
            run_id, count = rows[0]
            if run_id not in expected:
                expected = json.loads(Path(expected_file).read_text())
            partial += count != expected.get(run_id)
    results.put((pattern, queries, mixed, partial, dict(errors)))


def publishing(publish_from: str | None):
    """The ``newsclean.outputs.publish`` module to publish with: this checkout's, or the file given."""
    if publish_from is None:
        from newsclean.outputs import publish as module

        return module
    name = "newsclean_publish_under_test"
    if name not in sys.modules:  # registered before it runs: its dataclasses look their module up
        spec = importlib.util.spec_from_file_location(name, publish_from)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def run_layout(partition: str, base: dict, args, work: Path) -> tuple[dict, float]:
    """Publish ``args.publishes`` releases into a new folder while the readers loop; return their counts."""
    from newsclean.core.config import Layout

    module = publishing(args.publish_from)
    grace = {"grace_seconds": args.grace} if "grace_seconds" in inspect.signature(module.publish).parameters else {}
    out = work / f"out-{partition}"
    expected_file = work / f"expected-{partition}.json"
    variants = [variant(base, args.copies, range(0, MONTHS)), variant(base, args.copies + 1, range(1, MONTHS + 1))]
    layout = Layout(partition=partition)
    expected: dict[str, int] = {}

    def publish_one(i: int) -> None:
        run = module.RunInfo.new()
        run = replace(run, run_id=f"{run.run_id[:-6]}{i:06x}")  # one second can see several publishes here
        tables = stamped(variants[i % 2], run.run_id)
        expected[run.run_id] = tables["articles"].num_rows
        temporary = expected_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(expected))
        os.replace(temporary, expected_file)  # whole, before the release can be seen
        module.publish(tables, out, run, {"run_id": run.run_id}, args.keep, layout=layout, **grace)

    publish_one(0)  # the readers start on a published folder
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    readers = [context.Process(target=reader, args=(p, str(out), str(expected_file), stop, results)) for p in PATTERNS]
    for process in readers:
        process.start()
    time.sleep(2)  # imports done, loops running
    started = time.perf_counter()
    for i in range(1, args.publishes + 1):
        publish_one(i)
        time.sleep(args.pause)
    seconds = time.perf_counter() - started
    stop.set()
    for process in readers:
        process.join(timeout=300)
    counts = {
        pattern: {"queries": 0, "mixed": 0, "partial": 0, "errors": {"reader process died": 1}} for pattern in PATTERNS
    }
    while not results.empty():
        pattern, queries, mixed, partial, errors = results.get()
        counts[pattern] = {"queries": queries, "mixed": mixed, "partial": partial, "errors": errors}
    return counts, seconds


def table(results: dict, args) -> str:
    lines = [
        "| layout | reader | queries | mixed | partial | file not found | other errors |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for partition, (counts, seconds) in results.items():
        for pattern in PATTERNS:
            c = counts[pattern]
            missing = c["errors"].get(NOT_FOUND, 0)
            other = "; ".join(
                f"{n} × `{kind.replace('`', chr(39))}`"  # a backtick would end the code span
                for kind, n in sorted(c["errors"].items())
                if kind != NOT_FOUND
            )
            lines.append(
                f"| {partition} ({args.publishes} publishes in {seconds:.0f} s) | {pattern} | "
                f"{c['queries']:,} | {c['mixed']} | {c['partial']} | {missing} | {other or 0} |"
            )
    return "\n".join(lines)


def write_results(rendered: str, args, sample_articles: int) -> None:
    import duckdb
    import polars
    import pyarrow

    command = " ".join(["benchmarks/bench_readers.py", *(a for a in sys.argv[1:] if a != "--write")])
    code = f"`{args.publish_from}`" if args.publish_from else "this checkout's publish.py"
    graced = "grace_seconds" in inspect.signature(publishing(args.publish_from).publish).parameters
    grace = f"release_grace_seconds {args.grace:g}" if graced else "no grace period (that publish.py has none)"
    with open(REPO / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as results_md:
        results_md.write(
            f"\n### Readers during publishes ({code}) — {datetime.now(UTC):%Y-%m-%d}\n\n"
            f"Command: `.venv/bin/python {command}`\n"
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, DuckDB "
            f"{duckdb.__version__}, pyarrow {pyarrow.__version__}, Polars {polars.__version__}; "
            f"{sample_articles * args.copies:,} or {sample_articles * (args.copies + 1):,} articles a release, "
            f"keep_releases {args.keep}, {grace}.\n\n{rendered}\n"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--publishes", type=int, default=24)
    parser.add_argument("--copies", type=int, default=200, help="copies of the sample's articles in a release")
    parser.add_argument("--keep", type=int, default=1, help="keep_releases")
    parser.add_argument("--grace", type=float, default=30.0, help="release_grace_seconds")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between publishes")
    parser.add_argument("--layouts", default="none,month")
    parser.add_argument("--publish-from", help="a publish.py to publish with instead of this checkout's")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    base = sample_tables()
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsclean-readers-") as work:
        for partition in args.layouts.split(","):
            results[partition] = run_layout(partition, base, args, Path(work))
    rendered = table(results, args)
    print(rendered)
    if args.write:
        write_results(rendered, args, base["articles"].num_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
