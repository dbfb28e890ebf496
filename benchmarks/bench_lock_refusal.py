"""How fast ``newsclean run`` refuses an output folder another live run holds (issue 19: "refuses at once").

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_lock_refusal.py [--runs 5]

A sleeping process stands for the other run: its pid is written in the folder's lock, as a run writes it.  Each
refusal is a fresh ``newsclean run`` process, timed from start to exit (exit code 4 expected), with no Prefect API
configured (so a run that got as far as Prefect would start one).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "GX_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    seconds, codes = [], set()
    with tempfile.TemporaryDirectory(prefix="bench-lock-") as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        env["PREFECT_HOME"] = str(Path(tmp) / "prefect")
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        try:
            owner = {"pid": sleeper.pid, "host": socket.gethostname(), "started": "2026-01-01T00:00:00+00:00"}
            (out / ".newsclean.lock").write_text(json.dumps(owner))
            for _ in range(args.runs):
                started = time.perf_counter()
                refused = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "newsclean.cli",
                        "run",
                        "--raw",
                        str(REPO / "data" / "raw"),
                        "--out",
                        str(out),
                    ],
                    cwd=REPO,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                seconds.append(time.perf_counter() - started)
                codes.add(refused.returncode)
        finally:
            sleeper.kill()
            sleeper.wait()
    print(f"Command: `.venv/bin/python benchmarks/bench_lock_refusal.py --runs {args.runs}`\n")
    print(
        f"exit codes {sorted(codes)}; refusal in {statistics.median(seconds):.2f} s median, "
        f"{min(seconds):.2f}-{max(seconds):.2f} s over {len(seconds)} runs (process start to exit)"
    )
    return 0 if codes == {4} else 1


if __name__ == "__main__":
    sys.exit(main())
