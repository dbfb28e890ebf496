"""The whole flow end to end on a generated corpus: throughput, CPU, peak memory, output size.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_flow.py --docs 10000 [--seed 7] [--per-file 1000] [--write] [--digest]

The corpus is ``benchmarks/corpus.py``'s (stories with exact, near and
rewritten copies, same-event follow-ups, templated briefs), written as raw
input the way crawls arrive: most documents in ``.jsonl`` files of
``--per-file`` lines (url, title, sitename, date, text), a tenth as ``.txt``
files with a printed header (headline, byline, date, outlet, body).  The
flow runs as ``newsclean run`` in a child process (Prefect's temporary API
start-up included), so the figures are what a user gets: wall time per stage
(from the run summary) and end to end, CPU seconds and peak RSS of the
process tree, and the size of the published tables.  A run of 100 articles
goes first on the same (new) Prefect home and is timed apart: it creates
Prefect's database, which every later run on the machine finds in place.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


def write_corpus(raw: Path, docs: int, seed: int, per_file: int) -> int:
    import corpus

    generated = corpus.generate(docs, seed)
    lines, batch = [], 0
    for n, doc in enumerate(generated):
        if n % 10 == 9:
            folder = raw / "txt" / f"{n // 1000:04d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{n:07d}.txt").write_text(
                f"{doc.title}\n\nBy Staff Reporter\n{doc.published:%d %B %Y}\n{doc.sitename}\n\n{doc.text}\n",
                encoding="utf-8",
            )
            continue
        lines.append(
            json.dumps(
                {
                    "url": f"https://{doc.sitename.lower().replace(' ', '')}.example/{n}",
                    "title": doc.title,
                    "sitename": doc.sitename,
                    "date": doc.published.isoformat(),
                    "text": doc.text,
                }
            )
        )
        if len(lines) == per_file:
            (raw / f"feed-{batch:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            lines, batch = [], batch + 1
    if lines:
        (raw / f"feed-{batch:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(generated)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=1000)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--digest", action="store_true", help="also print the published tables' digests (table_digest.py)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-flow-") as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        raw.mkdir()
        started = time.perf_counter()
        n = write_corpus(raw, args.docs, args.seed, args.per_file)
        written = time.perf_counter() - started
        env = {
            **os.environ,
            "PREFECT_HOME": str(Path(tmp) / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "GX_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
        env.pop("PREFECT_API_URL", None)
        # A run on a new Prefect home first creates Prefect's database (seconds; once per machine, as a scheduled
        # deployment's runs all share one): a small run does that first, so the figures are those of every later
        # run, and its time is reported apart.
        warm_raw = Path(tmp) / "warm-raw"
        warm_raw.mkdir()
        write_corpus(warm_raw, 100, args.seed + 1, args.per_file)
        started = time.perf_counter()
        warm = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsclean.cli",
                "run",
                "--raw",
                str(warm_raw),
                "--out",
                str(Path(tmp) / "warm-out"),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        warm_seconds = time.perf_counter() - started
        if warm.returncode != 0:
            print(warm.stderr[-4000:], file=sys.stderr)
            return 1
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "newsclean.cli", "run", "--raw", str(raw), "--out", str(out)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # ru_maxrss: the largest child's, the warm-up's too
        cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
        if run.returncode != 0:
            print(run.stderr[-4000:], file=sys.stderr)
            return 1
        summary = json.loads((out / "reports" / "latest" / "summary.json").read_text())
        size = sum(p.stat().st_size for p in (out / "releases").rglob("*.parquet"))
        if args.digest:
            from table_digest import release_digests

            print(json.dumps(release_digests(out), indent=1))
    counts = summary["counts"]
    stages = summary.get("stage_seconds", {})
    lines = [
        f"### Whole flow on {n:,} generated articles — {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_flow.py --docs {args.docs} --seed {args.seed} "
        f"--per-file {args.per_file}`",
        f"Raw input: {counts['files_discovered']:,} files (.jsonl of {args.per_file} lines, a tenth as .txt), "
        f"written in {written:.0f} s.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| end to end (`newsclean run`, Prefect start-up included) | {seconds:.1f} s, "
        f"**{n / seconds:,.0f} articles/s** |",
        "| the warm-up run before it (100 articles, on a new Prefect home: creates Prefect's database) | "
        f"{warm_seconds:.1f} s |",
        *[f"| stage: {stage} | {sec:.1f} s ({n / sec:,.0f}/s) |" for stage, sec in stages.items() if sec > 0],
        f"| CPU seconds (user + system, all processes) | {cpu:,.0f} |",
        f"| peak RSS (largest process) | {usage.ru_maxrss / 1024:,.0f} MiB |",
        f"| articles / duplicates / quarantined | {counts['articles']:,} / {counts['duplicates']:,} / "
        f"{counts['documents_quarantined'] + counts['files_quarantined']:,} |",
        f"| published Parquet (articles, duplicates, quarantine, sidecars) | {size / 2**20:,.1f} MiB |",
        f"| per-article cost | {seconds / n * 1e3:.2f} ms wall, {cpu / n * 1e3:.2f} ms CPU |",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        with (REPO / "benchmarks" / "RESULTS.md").open("a") as handle:
            handle.write("\n" + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
