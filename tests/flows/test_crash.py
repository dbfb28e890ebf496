"""A run killed (SIGKILL) during ingest or publish leaves the previous dataset whole and valid,
and the next run ends with exactly the output of an uninterrupted one."""

import json
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from conftest import RAW, REPO
from typer.testing import CliRunner

from newsclean.cli import app
from newsclean.outputs.publish import current_release
from newsclean.runtime.faults import POINTS

pytestmark = pytest.mark.flow
TABLE_NAMES = ("articles", "duplicates", "quarantine")
RUN_COLUMNS = ["run_id", "processed_at"]


def _tables(out):
    tables = {}
    for name in TABLE_NAMES:
        table = pq.read_table(out / "current" / name)
        tables[name] = table.drop_columns([c for c in RUN_COLUMNS if c in table.column_names])
    return tables


def _run(raw, out, env, config, kill_at=None):
    environment = {**env, **({"NEWSCLEAN_KILL_AT": kill_at} if kill_at else {})}
    return subprocess.run(
        [sys.executable, "-m", "newsclean.cli", "run", "--raw", str(raw), "--out", str(out), "--config", str(config)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_kills_during_ingest_and_publish_lose_nothing(tmp_path, cli_env):
    raw, out, clean = tmp_path / "raw", tmp_path / "out", tmp_path / "clean"
    config = tmp_path / "newsclean.toml"
    config.write_text("files_per_batch = 3\n")
    files = sorted(p for p in RAW.rglob("*") if p.is_file() and not p.is_symlink())
    for source in files[::2]:
        target = raw / source.relative_to(RAW)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    first = _run(raw, out, cli_env, config)
    assert first.returncode == 0, first.stderr[-2000:]
    release, before = current_release(out), _tables(out)

    for source in files[1::2]:  # the next day's files
        target = raw / source.relative_to(RAW)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    for point in POINTS:
        killed = _run(raw, out, cli_env, config, kill_at=point)
        assert killed.returncode == -9, (point, killed.returncode, killed.stderr[-2000:])
        assert current_release(out) == release, point  # readers still see the previous dataset ...
        now = _tables(out)
        assert all(now[name].equals(before[name]) for name in TABLE_NAMES), point  # ... whole
        checked = CliRunner().invoke(app, ["validate", str(out)])
        assert checked.exit_code == 0, (point, checked.output[-2000:])  # ... and valid

    resumed = _run(raw, out, cli_env, config)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    summary = json.loads((out / "reports" / "latest" / "summary.json").read_text())
    # The killed runs had finished every file's per-file work: none is done again.
    assert summary["incremental"]["files_processed"] == 0
    assert summary["incremental"]["files_from_cache"] == summary["counts"]["files_discovered"]
    uninterrupted = _run(raw, clean, cli_env, config)
    assert uninterrupted.returncode == 0, uninterrupted.stderr[-2000:]
    ours, theirs = _tables(out), _tables(clean)
    assert all(ours[name].equals(theirs[name]) for name in TABLE_NAMES)
