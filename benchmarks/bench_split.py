"""Split accuracy per field on the labelled set, and split throughput on ~3 KB articles.

Usage (from the repository root, after `make install`):

    .venv/bin/python benchmarks/bench_split.py [--bbc ../shared/corpora/bbc] [--write]

Accuracy: every field of every document of tests/labelled, against expected.json.
Throughput: split() alone (one process, one core) on the BBC articles of
2.5-3.5 KB, read in place; then the same articles with their bodies repeated
4x and 16x (each copy numbered, so nothing is a repeated block), to show the
cost per document grows with the body only as a linear scan does.
With --write, appends the figures and the command to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def timed_split(documents: pa.Table, repeat: int = 3) -> float:
    from newsclean.stages.split import split

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        split(documents)
        best = min(best, time.perf_counter() - start)
    return best


def with_longer_bodies(documents: pa.Table, factor: int) -> pa.Table:
    texts = []
    for text in documents.column("document").to_pylist():
        head, _, body = text.partition("\n\n")
        copies = [f"{body} (part {i})" for i in range(factor)]
        texts.append(head + "\n\n" + "\n\n".join(copies))
    return documents.set_column(documents.schema.get_field_index("document"), "document", pa.array(texts, pa.string()))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbc", default=str(REPO.parent / "shared" / "corpora" / "bbc"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    from labelled.compare import expected, field_accuracy, run_split

    want = expected()
    scores = field_accuracy(run_split(), want)
    lines = [
        f"### Split accuracy and throughput — {datetime.now(UTC):%Y-%m-%d}",
        "",
        "Command: `.venv/bin/python benchmarks/bench_split.py`",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
        "split() in one process (one core), best of 3.",
        "",
        f"Labelled set (`tests/labelled`): {len(want)} files, {sum(len(v) for v in want.values())} documents, "
        f"{len({n.rsplit('-', 1)[0] for n in want})} layouts.",
        "",
        "| field | right | of | accuracy |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {field} | {right} | {total} | {right / total:.1%} |" for field, (right, total) in scores.items()]

    bbc = Path(args.bbc)
    if bbc.is_dir():
        from newsclean.core.config import Limits
        from newsclean.stages.discover import discover
        from newsclean.stages.ingest import ingest
        from newsclean.stages.language import add_language

        documents = add_language(ingest(discover(bbc).files, Limits()).documents)
        sizes = pa.compute.utf8_length(documents.column("document"))
        mask = pa.compute.and_(pa.compute.greater_equal(sizes, 2500), pa.compute.less_equal(sizes, 3500))
        three_kb = documents.filter(mask)
        mean_chars = pa.compute.mean(pa.compute.utf8_length(three_kb.column("document"))).as_py()
        lines += [
            "",
            f"Throughput on {three_kb.num_rows} BBC articles of 2.5-3.5 KB (mean {mean_chars:,.0f} characters), "
            "read in place:",
            "",
            "| body | mean characters | documents/s | µs per document | µs per KB |",
            "|---|---:|---:|---:|---:|",
        ]
        for factor in (1, 4, 16):
            table = three_kb if factor == 1 else with_longer_bodies(three_kb, factor)
            chars = pa.compute.mean(pa.compute.utf8_length(table.column("document"))).as_py()
            seconds = timed_split(table)
            per_doc = seconds / table.num_rows * 1e6
            lines.append(
                f"| ×{factor} | {chars:,.0f} | {table.num_rows / seconds:,.0f} | {per_doc:,.0f} | "
                f"{per_doc / (chars / 1000):,.1f} |"
            )
        full = timed_split(documents)
        lines += ["", f"All {documents.num_rows} BBC files: {documents.num_rows / full:,.0f} documents/s."]
    else:
        lines += ["", f"Throughput skipped: {bbc} is absent (../shared is read in place)."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        results = REPO / "benchmarks" / "RESULTS.md"
        with results.open("a") as handle:
            handle.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
