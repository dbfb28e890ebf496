"""Per-stage throughput of newsclean on a real corpus, and the whole flow end to end.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_stages.py [--corpus ../shared/corpora/bbc] [--repeat 3] [--write]

Runs each stage as a plain function (no Prefect) on every file of the corpus,
best of --repeat, then the Prefect flow once on the same corpus into a
temporary folder.  With --write, appends the figures and the command to
benchmarks/RESULTS.md.  The corpus is read in place; nothing is copied.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def best_of(repeat, fn):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpora" / "bbc"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"skipped: corpus {corpus} is absent (../shared is read in place)")
        return 0

    from newsclean.core.config import Limits
    from newsclean.stages.dedup import deduplicate
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.language import add_language
    from newsclean.stages.split import split

    t_discover, found = best_of(args.repeat, lambda: discover(corpus))
    t_ingest, ingested = best_of(args.repeat, lambda: ingest(found.files, Limits()))
    docs = ingested.documents.num_rows
    t_language, documents = best_of(args.repeat, lambda: add_language(ingested.documents))
    t_split, (rows, _) = best_of(args.repeat, lambda: split(documents))
    t_dedup, (articles, duplicates) = best_of(args.repeat, lambda: deduplicate(rows))
    stages = [
        ("discover (sha256)", t_discover),
        ("ingest", t_ingest),
        ("language", t_language),
        ("split", t_split),
        ("dedup (exact, near, rewrite, boilerplate)", t_dedup),
    ]

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory() as home:
        os.environ["PREFECT_HOME"] = home
        start = time.perf_counter()
        import flows.clean_news_corpus as module

        summary = module.clean_news_corpus(str(corpus), str(Path(home) / "out"))
        t_flow = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lines = [
        f"### Stage throughput on `{corpus.name}` ({len(found.files)} files, {docs} documents) — "
        f"{datetime.now(UTC):%Y-%m-%d}",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_stages.py --corpus {args.corpus} --repeat {args.repeat}`",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"stages single-threaded, best of {args.repeat}.",
        "",
        "| stage | seconds | documents/s |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {secs:.3f} | {docs / secs:,.0f} |" for name, secs in stages]
    total = sum(secs for _, secs in stages)
    lines += [
        f"| all stages above | {total:.3f} | {docs / total:,.0f} |",
        f"| whole Prefect flow (temporary API start-up, GX validation and publish included) | {t_flow:.1f} | "
        f"{docs / t_flow:,.0f} |",
        "",
        f"Flow result: {summary['counts']['articles']} articles, "
        f"{summary['counts']['duplicates']} duplicates (exact and near), "
        f"{summary['counts']['documents_quarantined'] + summary['counts']['files_quarantined']} quarantined; "
        f"peak RSS {peak_mib:,.0f} MiB.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        results = REPO / "benchmarks" / "RESULTS.md"
        if not results.exists():
            results.write_text(
                "# Benchmark results\n\n"
                "Figures are appended by the benchmarks, each with the command that produced it.\n\n"
            )
        with results.open("a") as handle:
            handle.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
