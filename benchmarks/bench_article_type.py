"""article_type on BBC news reports (issue 20): the share of each label per folder, before and after.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_article_type.py [--corpus ../shared/corpora/bbc] [--baseline REV]
        [--folders business entertainment politics sport tech] [--cues]

Each folder goes through the pipeline's own path (discover -> ingest -> add_language -> split), read in place.
While it runs, `article_type` is wrapped so that every call also runs the baseline version of the function
(src/newsclean/stages/split/body.py as committed at REV, default HEAD) on the very same arguments: one pass gives both
columns.  The corpus is news reports, so `opinion` there is almost surely wrong (target: <= 2% on business,
politics, sport and tech).  --cues also counts the cue that decided each label.  Prints numbers only, no text.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import newsclean.stages.split as split_pkg  # noqa: E402
from newsclean.core.config import Limits  # noqa: E402
from newsclean.stages.discover import discover  # noqa: E402
from newsclean.stages.ingest import ingest  # noqa: E402
from newsclean.stages.language import add_language  # noqa: E402

LABELS = ("opinion", "analysis", "news", "unknown")
FOLDERS = ("business", "entertainment", "politics", "sport", "tech")


def baseline_article_type(rev: str):
    """article_type as committed at rev, loaded as a throwaway module (8ddd861 or later: before it the module was
    src/newsclean/split/body.py and imported modules that have moved; score such a revision from a worktree)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:src/newsclean/stages/split/body.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"body_at_{rev}")
    exec(compile(source, f"body.py@{rev}", "exec"), module.__dict__)
    return module.article_type


def run_folder(folder: Path, old_fn) -> tuple[list[tuple], float]:
    """[(old label, old cue, new label, new cue)] for every document of the folder; seconds in new article_type."""
    new_fn = split_pkg.article_type
    calls: list[tuple] = []
    spent = [0.0]

    def both(*args, **kwargs):
        start = time.perf_counter()
        new = new_fn(*args, **kwargs)
        spent[0] += time.perf_counter() - start
        old = old_fn(*args, **kwargs)
        calls.append((old[0], old[1], new[0], new[1]))
        return new

    split_pkg.article_type = both
    try:
        result = ingest(discover(folder).files, Limits())
        split_pkg.split(add_language(result.documents))
    finally:
        split_pkg.article_type = new_fn
    return calls, spent[0]


def share(counter: Counter, n: int, label: str) -> str:
    return f"{100 * counter[label] / n:5.1f}%" if n else "   - "


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--baseline", default="HEAD")
    parser.add_argument("--folders", nargs="+", default=list(FOLDERS))
    parser.add_argument("--cues", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus} is absent (read in place, never copied)", file=sys.stderr)
        return 2
    old_fn = baseline_article_type(args.baseline)
    header = " | ".join(f"{label} before -> after" for label in LABELS)
    print(f"| folder | n | {header} |")
    print("|---|---:|" + "---|" * len(LABELS))
    cue_counts: dict[str, tuple[Counter, Counter]] = {}
    total_time, total_n = 0.0, 0
    for name in args.folders:
        calls, spent = run_folder(args.corpus / name, old_fn)
        n = len(calls)
        total_time, total_n = total_time + spent, total_n + n
        before = Counter(c[0] for c in calls)
        after = Counter(c[2] for c in calls)
        cells = " | ".join(f"{share(before, n, label)} -> {share(after, n, label)}" for label in LABELS)
        print(f"| {name} | {n} | {cells} |")
        cue_counts[name] = (
            Counter(f"{c[0]} ({c[1].split(' ')[0] if c[1].startswith('section') else c[1]})" for c in calls),
            Counter(f"{c[2]} ({c[3].split(' ')[0] if c[3].startswith('section') else c[3]})" for c in calls),
        )
    if total_n:
        print(f"\narticle_type (after): {1e6 * total_time / total_n:.0f} µs per document over {total_n} documents")
    if args.cues:
        for name, (before, after) in cue_counts.items():
            print(
                f"\n{name}: before {dict(before.most_common())}\n{' ' * len(name)}  after  {dict(after.most_common())}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
