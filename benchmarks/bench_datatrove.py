"""datatrove's MinHash dedup on the same generated corpus as bench_dedup.py, scored the same way.

datatrove is not a dependency of newsclean: it runs from its own virtual
environment, and this script drives it as a subprocess, so both tools are
measured in one session on one machine.  Set-up (once, PyPI only):

    python3.11 -m venv /tmp/dtvenv
    /tmp/dtvenv/bin/pip install 'datatrove[processing]==0.10.1' spacy orjson

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_datatrove.py [--docs 200000] [--seed 7]
        [--python /tmp/dtvenv/bin/python] [--write]

datatrove runs with its defaults (word 5-grams after its own normalisation and
spaCy tokenisation, 14 buckets x 8 hashes, connected components of every
bucket match, no verification) on 2 tasks / 2 workers for the per-document
steps, all four steps timed (signatures, buckets, clusters, filter).  Its
clusters count as both its near-duplicate groups and its story groups, since
it has no notion of rewrites; the near truth is computed on the raw texts it saw.
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402

FILES = 2


def datatrove_side(folder: Path) -> None:
    """Run inside datatrove's environment: the four MinHash steps, then every document's cluster."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature
    from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    config = MinhashConfig()
    start = time.perf_counter()
    signatures = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(folder / "input")), MinhashDedupSignature(str(folder / "signatures"), config=config)],
        tasks=FILES,
        workers=2,
        logging_dir=str(folder / "logs/signatures"),
    )
    buckets = LocalPipelineExecutor(
        pipeline=[MinhashDedupBuckets(str(folder / "signatures"), str(folder / "buckets"), config=config)],
        tasks=config.num_buckets,
        workers=2,
        logging_dir=str(folder / "logs/buckets"),
        depends=signatures,
    )
    clusters = LocalPipelineExecutor(
        pipeline=[
            MinhashDedupCluster(str(folder / "buckets"), str(folder / "clusters"), config=config, save_cluster_id=True)
        ],
        tasks=1,
        logging_dir=str(folder / "logs/clusters"),
        depends=buckets,
    )
    kept = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(folder / "input")),
            MinhashDedupFilter(str(folder / "clusters")),
            JsonlWriter(str(folder / "kept")),
        ],
        tasks=FILES,
        workers=2,
        logging_dir=str(folder / "logs/filter"),
        depends=clusters,
    )
    kept.run()
    seconds = time.perf_counter() - start

    labels: dict[str, int] = {}
    offsets = json.loads((folder / "offsets.json").read_text())
    for rank in range(FILES):
        path = folder / "clusters" / f"{rank:06d}.clusters"
        if not path.exists():
            continue
        data = path.read_bytes()
        numbers = memoryview(data).cast("I")
        for k in range(0, len(numbers), 2):
            labels[str(offsets[rank] + numbers[k])] = numbers[k + 1]
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    (folder / "result.json").write_text(json.dumps({"seconds": seconds, "peak_mib": peak / 1024, "labels": labels}))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python", default=os.environ.get("DATATROVE_PYTHON", "/tmp/dtvenv/bin/python"))
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--datatrove-side", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.datatrove_side:
        datatrove_side(args.datatrove_side)
        return 0
    if not Path(args.python).exists():
        print(f"no datatrove environment at {args.python}: see this file's docstring to set one up", file=sys.stderr)
        return 2

    from bench_dedup import quality_rows, report, score

    docs = corpus.generate(args.docs, args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-datatrove-") as tmp:
        folder = Path(tmp)
        (folder / "input").mkdir()
        share = -(-len(docs) // FILES)
        offsets = []
        for rank in range(FILES):
            offsets.append(rank * share)
            with (folder / "input" / f"{rank:02d}.jsonl").open("w") as handle:
                for i in range(rank * share, min(len(docs), (rank + 1) * share)):
                    handle.write(json.dumps({"id": str(i), "text": docs[i].text}) + "\n")
        (folder / "offsets.json").write_text(json.dumps(offsets))
        run = subprocess.run([args.python, __file__, "--datatrove-side", str(folder)], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n", file=sys.stderr)
            return 1
        result = json.loads((folder / "result.json").read_text())
        version = subprocess.run(
            [args.python, "-c", "import datatrove, importlib.metadata as m; print(m.version('datatrove'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    groups = [result["labels"].get(str(i), f"alone-{i}") for i in range(len(docs))]
    scores = score(docs, groups, groups, [doc.text for doc in docs], 5, 0.8)
    removed = len(docs) - len(set(groups))  # a cluster keeps one document
    report(
        f"datatrove {version} MinHash dedup on the same generated corpus",
        f"`.venv/bin/python benchmarks/bench_datatrove.py --docs {args.docs} --seed {args.seed}` "
        "(datatrove in its own venv: see the script's docstring)",
        docs,
        [
            *quality_rows(scores, 0.8),
            f"| kept / removed | {len(docs) - removed:,} / {removed:,} |",
            f"| all four steps (signatures, buckets, clusters, filter), 2 workers | {result['seconds']:.1f} s, "
            f"{len(docs) / result['seconds']:,.0f} documents/s |",
            f"| peak RSS (largest process) | {result['peak_mib']:,.0f} MiB |",
        ],
        args.write,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
