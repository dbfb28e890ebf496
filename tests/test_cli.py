"""The newsclean command as a user runs it (a subprocess, with its own temporary Prefect API)."""

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from conftest import EXPECTATIONS, RAW

NEWSCLEAN = str(Path(sys.executable).with_name("newsclean"))


def run_cli(*args, home: Path, timeout=300):
    env = {**os.environ, "PREFECT_HOME": str(home / "prefect"),
           "PREFECT_RESULTS_LOCAL_STORAGE_PATH": str(home / "prefect" / "storage"), "COLUMNS": "120"}
    env.pop("PREFECT_API_URL", None)
    return subprocess.run([NEWSCLEAN, *args], capture_output=True, text=True, env=env, timeout=timeout)


def test_version_and_usage_errors(tmp_path):
    assert run_cli("--version", home=tmp_path).stdout.strip() == "0.1.0"
    missing = run_cli("run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), home=tmp_path)
    assert missing.returncode == 2 and "raw folder not found" in missing.stderr
    config = tmp_path / "bad.toml"
    config.write_text("raw_dri = 'x'\n")
    bad = run_cli("run", "--config", str(config), home=tmp_path)
    assert bad.returncode == 2 and "unknown configuration key(s): raw_dri" in bad.stderr


@pytest.mark.flow
def test_run_on_the_real_raw_samples(raw_samples, tmp_path):
    out = tmp_path / "x"
    done = run_cli("run", "--raw", str(raw_samples), "--out", str(out), home=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    for words in ("5 discovered, 5 segmented, 0 quarantined", "holds", "passed", str(out)):
        assert words in done.stderr
    articles = pd.read_parquet(out / "articles").set_index(pd.read_parquet(out / "articles")["source_file"].str[:3])
    assert len(articles) == 5
    assert articles.loc[["000", "002", "004"], "title"].notna().all()
    assert articles.loc["000", "published"] == datetime(2026, 2, 3)
    assert articles.loc["001", "published"] == datetime(2026, 1, 28, 12, 10)
    assert articles.loc["004", "published"] == datetime(2025, 11, 20, 1, 30)
    assert list(articles.loc["000", "authors"]) == ["David Blair"]
    assert articles.loc["000", "sitename"] == "The Telegraph"
    manifest = json.loads((out / "current" / "manifest.json").read_text())
    assert manifest["counts"]["holds"] and manifest["counts"]["documents_segmented"] == 5


@pytest.mark.flow
def test_failed_validation_exits_1_and_names_the_expectation(tmp_path):
    suites = tmp_path / "suites"
    shutil.copytree(EXPECTATIONS, suites)
    suite = json.loads((suites / "quarantine.json").read_text())
    suite["expectations"].append({"type": "expect_table_row_count_to_equal", "kwargs": {"value": 0}})
    (suites / "quarantine.json").write_text(json.dumps(suite))
    config = tmp_path / "newsclean.toml"
    config.write_text(f'expectations_dir = "{suites}"\n')
    out = tmp_path / "out"
    done = run_cli("run", "--raw", str(RAW), "--out", str(out), "--config", str(config), home=tmp_path)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "expect_table_row_count_to_equal" in done.stderr and "nothing published" in done.stderr
    assert not (out / "current").exists() and not (out / "articles").exists()


def test_inspect_shows_fields_spans_and_decisions(tmp_path):
    raw = RAW / "world" / "election-recount.txt"
    done = run_cli("inspect", str(raw), "--raw-root", str(RAW), home=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "world/election-recount.txt" in out and "document 0 of 1: characters 0–" in out
    for role in ("section", "title", "published", "repeated date", "pull quote", "boilerplate", "article type"):
        assert role in out
    assert "2025-10-21 20:15:00" in out


def test_inspect_reports_quarantine_and_bad_paths(tmp_path):
    done = run_cli("inspect", str(RAW / "broken" / "binary-image.txt"), home=tmp_path)
    assert done.returncode == 0 and "binary_file" in done.stdout
    assert run_cli("inspect", str(tmp_path / "missing.txt"), home=tmp_path).returncode == 2
