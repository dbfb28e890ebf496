"""A real Prefect server, the flow served on a cron schedule, and a run triggered through the deployment.

Loopback only and bounded in time; every process the test starts is stopped by its own pid
(the serving runner first, then the server: the other way round, the runner hangs).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from conftest import RAW, REPO

pytestmark = pytest.mark.flow
PREFECT = str(Path(sys.executable).with_name("prefect"))
DEPLOYMENT = "clean-news-corpus/newsclean-daily"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything it started and left behind (its own session)
    except (ProcessLookupError, PermissionError):
        pass


def test_a_served_deployment_runs_on_request_and_publishes(tmp_path):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    out = tmp_path / "out"
    logs = {name: (tmp_path / f"{name}.log").open("w") for name in ("server", "serve")}
    server = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=logs["server"],
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    serve = None
    try:
        _wait(lambda: _healthy(api) or server.poll() is not None, 120, "the Prefect server")
        assert server.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsclean.cli",
                "serve",
                "--raw",
                str(RAW),
                "--out",
                str(out),
                "--cron",
                "0 3 * * *",
            ],
            env=env,
            cwd=REPO,
            stdout=logs["serve"],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def deployed() -> bool:
            shown = subprocess.run(
                [PREFECT, "deployment", "inspect", DEPLOYMENT], env=env, capture_output=True, text=True, timeout=60
            )
            return shown.returncode == 0 and "0 3 * * *" in shown.stdout

        _wait(lambda: serve.poll() is not None or deployed(), 120, "the served deployment")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        triggered = subprocess.run(
            [PREFECT, "deployment", "run", DEPLOYMENT, "--watch", "--watch-timeout", "300"],
            env=env,
            capture_output=True,
            text=True,
            timeout=360,
        )
        assert triggered.returncode == 0, triggered.stdout[-2000:] + triggered.stderr[-2000:]
        assert "Completed" in triggered.stdout + triggered.stderr
    finally:
        if serve is not None:
            _stop(serve)
        _stop(server)
        for handle in logs.values():
            handle.close()
    articles = pq.read_table(out / "current" / "articles")
    summary = json.loads((out / "reports" / "latest" / "summary.json").read_text())
    assert summary["published"] and articles.num_rows == summary["counts"]["articles"] > 0
    assert serve.poll() is not None and server.poll() is not None


def test_prefect_yaml_deploys_the_same_flow_on_the_default_schedule():
    from newsclean.core.config import Schedule

    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())
    (deployment,) = spec["deployments"]
    path, name = deployment["entrypoint"].split(":")
    assert (REPO / path).is_file() and f"def {name}(" in (REPO / path).read_text()
    assert deployment["name"] == Schedule().deployment and deployment["schedules"][0]["cron"] == Schedule().cron
