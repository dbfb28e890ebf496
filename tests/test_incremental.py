"""Incremental runs: only new and changed files are processed, and the result equals a full rebuild."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import RAW, REPO

pytestmark = pytest.mark.flow
RUN_COLUMNS = ["run_id", "processed_at"]


def _articles(out: Path):
    table = pq.read_table(out / "current" / "articles")
    return table.drop_columns(RUN_COLUMNS).sort_by("article_id")


def _copy(names: list[Path], raw: Path) -> None:
    for source in names:
        target = raw / source.relative_to(RAW)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def _raw_files() -> list[Path]:
    return sorted(p for p in RAW.rglob("*") if p.is_file() and not p.is_symlink() and not any(
        part.startswith(".") for part in p.relative_to(RAW).parts) and p.suffix in (".txt", ".jsonl", ".gz"))


def test_three_batches_give_the_full_rebuild_and_keep_copies_and_old_versions(flow_module, tmp_path):
    raw, out, rebuilt = tmp_path / "raw", tmp_path / "out", tmp_path / "rebuilt"
    files = _raw_files()
    plain = [p for p in files if p.suffix == ".txt" and p.stat().st_size > 300 and "broken" not in p.parts]
    first, second, third = files[0::3], files[1::3], files[2::3]  # each batch a mix of folders
    published_one = next(p for p in plain if p in first)

    _copy(first, raw)
    one = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert one["incremental"]["files_processed"] == len(first) and one["incremental"]["files_from_cache"] == 0

    _copy(second, raw)
    copy_path = raw / "zz-late" / "copy-of-published.txt"  # an already published article arrives again, elsewhere
    copy_path.parent.mkdir(parents=True)
    shutil.copy2(published_one, copy_path)
    two = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert two["incremental"]["files_from_cache"] == len(first)
    assert two["incremental"]["files_processed"] == len(second) + 1
    duplicates = pq.read_table(out / "current" / "duplicates").to_pylist()
    assert "zz-late/copy-of-published.txt" in {d["source_file"] for d in duplicates}

    _copy(third, raw)
    changed = raw / next(p for p in plain if p in first and p != published_one).relative_to(RAW)
    old_ids = {r["article_id"] for r in pq.read_table(out / "current" / "articles").to_pylist()
               if r["source_file"] == changed.relative_to(raw).as_posix()}
    changed.write_text(changed.read_text(encoding="utf-8").rstrip() + "\n\nCorrection: an earlier version of this "
                       "article misstated the ferry timetable, which runs every hour.\n", encoding="utf-8")
    three = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert three["incremental"]["files_changed"] == 1 and three["incremental"]["files_processed"] == len(third) + 1
    assert three["incremental"]["superseded_versions"] >= 1

    flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(rebuilt), full=True)
    assert _articles(out).equals(_articles(rebuilt))  # incremental == full rebuild

    duplicates = pq.read_table(out / "current" / "duplicates").to_pylist()
    article_ids = set(pq.read_table(out / "current" / "articles").column("article_id").to_pylist())
    old = [d for d in duplicates if d["method"] == "superseded"]
    assert {d["article_id"] for d in old} == old_ids and all(d["reason"] == "newer_version" for d in old)
    assert all(d["duplicate_of"] in article_ids for d in duplicates)  # every pointer names a kept article
    assert "zz-late/copy-of-published.txt" in {d["source_file"] for d in duplicates}

    # A deleted file keeps its rows; --prune removes them.
    changed.unlink()
    kept = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert kept["incremental"]["files_deleted_kept"] == 1 and _articles(out).equals(_articles(rebuilt))
    pruned = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out), prune=True)
    assert pruned["incremental"]["files_pruned"] == 1
    source_files = set(pq.read_table(out / "current" / "articles").column("source_file").to_pylist())
    assert changed.relative_to(raw).as_posix() not in source_files


def test_a_run_killed_mid_way_resumes_without_redoing_finished_files(tmp_path):
    raw, out, clean = RAW, tmp_path / "out", tmp_path / "clean"
    config = tmp_path / "newsclean.toml"
    config.write_text("files_per_batch = 1\n")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "GX_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "newsclean.cli", "run", "--raw", str(raw), "--config", str(config)]
    victim = subprocess.Popen(command + ["--out", str(out)], cwd=REPO, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cache = out / "cache" / "files"
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline and victim.poll() is None:
            if cache.is_dir() and len(list(cache.rglob("*.rows.parquet"))) >= 5:
                break
            time.sleep(0.02)
    finally:
        os.killpg(victim.pid, signal.SIGKILL)  # the whole group: nothing the run started outlives it
        victim.wait(timeout=30)
    finished = len(list(cache.rglob("*.rows.parquet")))
    assert finished >= 5 and not (out / "current").exists(), "the run was not stopped mid-way"

    resumed = subprocess.run(command + ["--out", str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    summary = json.loads((out / "reports" / "latest" / "summary.json").read_text())
    counts = summary["incremental"]
    assert counts["files_from_cache"] >= finished
    assert counts["files_from_cache"] + counts["files_processed"] == summary["counts"]["files_discovered"]
    uninterrupted = subprocess.run(command + ["--out", str(clean)], cwd=REPO, env=env, capture_output=True, text=True,
                                   timeout=300)
    assert uninterrupted.returncode == 0, uninterrupted.stderr[-3000:]
    for table in ("articles", "duplicates", "quarantine"):
        ours, theirs = (pq.read_table(folder / "current" / table) for folder in (out, clean))
        drop = [c for c in RUN_COLUMNS if c in ours.column_names]
        assert ours.drop_columns(drop).equals(theirs.drop_columns(drop)), table
