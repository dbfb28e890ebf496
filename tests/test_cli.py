"""The newsclean command as a user runs it (a subprocess, with its own temporary Prefect API)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXPECTATIONS, RAW

NEWSCLEAN = str(Path(sys.executable).with_name("newsclean"))


def cli_environment(home: Path, **extra: str) -> dict:
    """The environment of a ``newsclean`` subprocess with a temporary API of its own (no PREFECT_API_URL)."""
    env = {
        **os.environ,
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_RESULTS_LOCAL_STORAGE_PATH": str(home / "prefect" / "storage"),
        "COLUMNS": "120",
        **extra,
    }
    env.pop("PREFECT_API_URL", None)
    return env


def run_cli(*args, home: Path, timeout=300, **extra_env: str):
    return subprocess.run(
        [NEWSCLEAN, *args], capture_output=True, text=True, env=cli_environment(home, **extra_env), timeout=timeout
    )


def wait_for(condition, timeout: float):
    """``condition()``'s first true value, polled every 50 ms; None after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    return None


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
    # not a terminal (a pipe, as under cron): every path whole, on one line, in the run's summary and in `report`
    report = str(out / "reports" / manifest["run_id"] / "report.html")
    assert report in done.stderr and "…" not in done.stderr
    shown = run_cli("report", "--out", str(out), home=tmp_path)
    assert shown.returncode == 0 and f"report: {report}\n" in shown.stdout


def test_help_texts_keep_every_word(tmp_path):
    """Option help naming a config table ("[schedule]", "[quality]") is printed as written, not read as markup."""
    serve = run_cli("serve", "--help", home=tmp_path)
    assert "[schedule] names the deployment" in serve.stdout and "(default: [schedule] cron)" in serve.stdout
    assert "(expectations_dir, [quality])" in run_cli("validate", "--help", home=tmp_path).stdout


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
    assert "Traceback" not in done.stderr and "Crash" not in done.stderr and "Warning" not in done.stderr, done.stderr
    said = done.stderr.rsplit("└", 1)[1].splitlines()[1:]  # after the summary table: one paragraph
    assert 1 <= len(said) <= 6, done.stderr
    assert not (out / "current").exists() and not (out / "articles").exists()


def test_overlapping_or_unsafe_folders_are_refused_before_any_work(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW / "world", raw)
    (tmp_path / "link").symlink_to(raw)
    home = tmp_path / "home"
    home.mkdir()
    outs = {
        "the same folder": tmp_path / "link",  # first: the old code ran this one, harmlessly, into the copy
        "the output folder is inside the raw folder": tmp_path / "link" / "processed",
        "the raw folder is inside the output folder": tmp_path,
        "the output folder is the home folder": home,
        "the output folder is a filesystem root": Path("/"),
    }
    for problem, out in outs.items():
        done = run_cli("run", "--raw", str(raw), "--out", str(out), home=tmp_path, HOME=str(home))
        message = " ".join(done.stderr.split())
        assert done.returncode == 2, (problem, done.stderr[-2000:])
        assert problem in message and "Traceback" not in done.stderr, (problem, message)
        assert str(raw) in message and str(out.resolve()) in message, (problem, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "link", "raw"] and not list(home.iterdir())
    assert not (raw / "processed").exists()


def test_a_failure_is_one_paragraph_and_its_traceback_shows_with_verbose(capsys):
    from newsclean import cli

    try:
        raise OSError(28, "No space left on device")
    except OSError as exc:
        error = exc
    assert cli._outcome(None, error, 1.0, verbose=False) == cli.EXIT_FAILED
    quiet = capsys.readouterr().err
    assert "No space left on device" in quiet and "--verbose" in quiet and "Traceback" not in quiet
    assert len(quiet.strip().splitlines()) <= 3
    assert cli._outcome(None, error, 1.0, verbose=True) == cli.EXIT_FAILED
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def _corpus(folder: Path, copies: int) -> int:
    """``copies`` editions of the sample's text files: enough files that a run is still ingesting seconds in."""
    sources = [p for p in RAW.rglob("*.txt") if p.is_file() and not p.is_symlink() and ".hidden" not in str(p)]
    for k in range(copies):
        edition = folder / f"edition-{k:03d}"
        edition.mkdir(parents=True)
        for i, source in enumerate(sources):
            (edition / f"{i:02d}-{source.name}").write_bytes(source.read_bytes() + f"\n\nEdition {k}.\n".encode())
    return copies * len(sources)


@pytest.mark.flow
def test_sigterm_mid_run_leaves_a_report_marked_interrupted_and_exits_143(tmp_path, cli_env):
    raw, out = tmp_path / "raw", tmp_path / "out"
    files = _corpus(raw, 60)
    config = tmp_path / "newsclean.toml"
    config.write_text("files_per_batch = 50\n")
    run = subprocess.Popen(
        [NEWSCLEAN, "run", "--raw", str(raw), "--out", str(out), "--config", str(config)],
        env={**cli_env, "COLUMNS": "120"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: next((out / "cache" / "files").rglob("*.arrow"), None), 240), "ingest never began"
        run.send_signal(signal.SIGTERM)
        _, stderr = run.communicate(timeout=240)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 128 + signal.SIGTERM, stderr[-3000:]
    assert "interrupted by SIGTERM during ingest" in stderr and "Traceback" not in stderr, stderr[-3000:]
    assert len(stderr.split("ingest", 1)[1].strip().splitlines()) <= 4, stderr  # a paragraph after the progress lines
    summary = json.loads((out / "reports" / "latest" / "summary.json").read_text())
    assert summary["interrupted"] is True and summary["signal"] == "SIGTERM" and not summary["published"]
    assert summary["stage"] == "ingest" and summary["stage_progress"]["total"] == files
    assert summary["counts"]["files_discovered"] == files
    assert "**Interrupted** (SIGTERM) during ingest" in (out / "reports" / "latest" / "summary.md").read_text()
    assert not (out / "current").exists() and not (out / ".newsclean.lock").exists()
    assert not (out / "cache" / "scratch").exists()


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _is_uvicorn(pid: int) -> bool:
    try:
        return b"uvicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _gone(pid: int) -> bool:
    """No such process, or a zombie (dead, waiting for a parent that may never reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.flow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)")
def test_the_temporary_api_server_dies_with_a_killed_run(tmp_path):
    run = subprocess.Popen(
        [NEWSCLEAN, "run", "--raw", str(RAW), "--out", str(tmp_path / "out")],
        env=cli_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = None
    try:
        server = wait_for(lambda: next((c for c in _children(run.pid) if _is_uvicorn(c)), None), 120)
        assert server, "the run started no temporary API server"
        run.kill()
        run.wait()
        assert wait_for(lambda: _gone(server), 10), "the temporary API server outlived the run killed with -9"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        if server and not _gone(server):
            os.kill(server, signal.SIGKILL)


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
