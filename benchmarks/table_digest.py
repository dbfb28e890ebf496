"""A digest of each published table (every column but the run's own), to show that a change left the output alone.

Usage (from the repository root):

    .venv/bin/python benchmarks/table_digest.py OUT_DIR          # the current release under OUT_DIR
    .venv/bin/python benchmarks/table_digest.py --run RAW_DIR    # a fresh `newsclean run` on RAW_DIR first

Prints one JSON object: table name -> {"rows": n, "sha256": hex}.  The digest covers the schema (names, types,
order) and every value, row by row in the published order; ``run_id`` and ``processed_at`` differ on every run and
are left out.  ``tests/outputs/test_golden.py`` holds the digests of three corpora and compares them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

RUN_COLUMNS = ("run_id", "processed_at")
TABLE_NAMES = ("articles", "duplicates", "quarantine")
BATCH_ROWS = 20_000


def table_digest(table: pa.Table) -> str:
    """sha256 over the schema and every row's values (JSON, keys in schema order) of ``table``."""
    table = table.drop_columns([c for c in RUN_COLUMNS if c in table.column_names])
    digest = hashlib.sha256(str(table.schema.remove_metadata()).encode())
    for batch in table.to_batches(BATCH_ROWS):
        for row in batch.to_pylist():
            digest.update(json.dumps(list(row.values()), default=str, ensure_ascii=False).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def release_digests(out_dir: Path) -> dict[str, dict]:
    current = Path(out_dir) / "current"
    result = {}
    for name in TABLE_NAMES:
        table = pq.read_table(current / name)
        result[name] = {"rows": table.num_rows, "sha256": table_digest(table)}
    return result


def run_and_digest(raw_dir: Path) -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="table-digest-") as tmp:
        out = Path(tmp) / "out"
        env = {
            **os.environ,
            "PREFECT_HOME": str(Path(tmp) / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "GX_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
        env.pop("PREFECT_API_URL", None)
        subprocess.run(
            [sys.executable, "-m", "newsclean.cli", "run", "--raw", str(raw_dir), "--out", str(out)],
            env=env,
            check=True,
            capture_output=True,
        )
        return release_digests(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path, help="an output folder, or with --run a raw folder")
    parser.add_argument("--run", action="store_true", help="run newsclean on the raw folder first")
    args = parser.parse_args()
    digests = run_and_digest(args.folder) if args.run else release_digests(args.folder)
    print(json.dumps(digests, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
