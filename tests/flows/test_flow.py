"""The Prefect flow end to end on the repository's sample corpus."""

import json
import shutil
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import RAW, suites_with

from newsclean.core.config import ConfigError
from newsclean.core.schema import TABLES
from newsclean.outputs.publish import current_release
from newsclean.runtime import progress
from newsclean.runtime.lock import LOCK_NAME, LockHeld

pytestmark = pytest.mark.flow
RUN_COLUMNS = ["run_id", "processed_at"]


@pytest.fixture(scope="module")
def published(flow_module, tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    summary = flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(out))
    return out, summary


def test_flow_publishes_and_accounts_for_every_input(published):
    out, summary = published
    counts = summary["counts"]
    assert summary["published"] and counts["holds"]
    assert counts["files_discovered"] == counts["files_segmented"] + counts["files_quarantined"]
    assert counts["documents_segmented"] == counts["articles"] + counts["duplicates"] + counts["documents_quarantined"]
    assert counts["files_discovered"] >= 25 and counts["duplicates"] >= 1
    assert {i["reason"] for i in summary["ignored"]} >= {"hidden", "link_outside_root"}
    assert {"empty_file", "binary_file", "undecodable"} <= set(summary["quarantine_reasons"])
    assert (out / "reports" / summary["run_id"] / "summary.md").is_file()


def test_articles_trace_back_to_their_raw_files(published):
    out, _ = published
    articles = pd.read_parquet(out / "articles")
    for row in articles.itertuples():
        assert (RAW / row.source_file).exists()
    assert articles["article_id"].is_unique


def test_a_second_run_gives_identical_articles(published, flow_module):
    out, first = published
    before = pq.read_table(out / "articles").drop_columns(RUN_COLUMNS)
    second = flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(out))
    assert second["run_id"] != first["run_id"] and current_release(out) == second["run_id"]
    after = pq.read_table(out / "articles").drop_columns(RUN_COLUMNS)
    assert after.equals(before)
    assert (out / "releases" / first["run_id"]).is_dir()  # the previous release is kept


def test_failed_validation_publishes_nothing_and_keeps_the_previous_dataset(published, flow_module, tmp_path):
    out, _ = published
    release = current_release(out)
    before = {p: p.read_bytes() for p in sorted(out.joinpath("releases").rglob("*")) if p.is_file()}
    suites = suites_with(
        tmp_path,
        "articles",
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1_000_000}, "severity": "critical"},
    )
    with pytest.raises(
        flow_module.PublicationRefused, match="expect_table_row_count_to_be_between on articles"
    ) as refused:
        flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(out), config={"expectations_dir": str(suites)})
    assert current_release(out) == release
    after = {p: p.read_bytes() for p in sorted(out.joinpath("releases").rglob("*")) if p.is_file()}
    assert after == before
    summary = refused.value.summary
    assert not summary["published"]
    report = (out / "reports" / summary["run_id"] / "summary.md").read_text()
    assert "nothing was published" in report and "expect_table_row_count_to_be_between" in report


def test_the_dataset_card_lists_exactly_the_columns_the_parquet_holds(published):
    import re

    out, _ = published  # other tests of this module publish again into it: the card follows the current release
    card = (out / "README.md").read_text(encoding="utf-8")
    assert (out / "README.md").resolve() == (out / "current" / "README.md").resolve()
    assert f"Release `{current_release(out)}`" in card and "not a fact-check" in card
    for table in TABLES:
        section = card.split(f"### `{table}`", 1)[1].split("### ", 1)[0]
        listed = re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M)
        assert listed == pq.read_schema(min((out / "current" / table).glob("*.parquet"))).names, table


def test_export_ids_only_drops_the_text_and_keeps_every_row(published, tmp_path):
    from typer.testing import CliRunner

    from newsclean.cli import app
    from newsclean.core.schema import TEXT_COLUMNS

    out, _ = published
    result = CliRunner().invoke(app, ["export", str(tmp_path / "shared"), "--out", str(out), "--ids-only"])
    assert result.exit_code == 0, result.output
    for table in TABLES:
        exported = pq.read_table(tmp_path / "shared" / table)
        original = pq.read_table(out / "current" / table)
        assert exported.num_rows == original.num_rows
        assert not set(TEXT_COLUMNS) & set(exported.column_names)
        assert set(exported.column_names) == set(original.column_names) - set(TEXT_COLUMNS)
    assert CliRunner().invoke(app, ["export", str(tmp_path / "shared"), "--out", str(out)]).exit_code == 2  # exists


def test_called_without_the_cli_the_flow_refuses_overlapping_folders_and_a_held_lock(flow_module, tmp_path):
    """As a Prefect deployment calls it: the checks the CLI makes first are the flow's own too."""
    import socket

    raw = tmp_path / "raw"
    shutil.copytree(RAW / "world", raw)
    with pytest.raises(ConfigError, match="inside the raw folder"):
        flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(raw / "processed"))
    assert not (raw / "processed").exists()
    out = tmp_path / "out"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        (out / LOCK_NAME).write_text(json.dumps({"pid": sleeper.pid, "host": socket.gethostname(), "started": "x"}))
        with pytest.raises(LockHeld, match=f"pid {sleeper.pid}"):
            flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    finally:
        sleeper.kill()
        sleeper.wait()
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]


class _CtrlCAt:
    """A progress listener that presses Ctrl-C (raises KeyboardInterrupt) as ``stage`` ends."""

    def __init__(self, stage: str):
        self.stage = stage

    def start(self, stage, total):
        pass

    def advance(self, stage, amount):
        pass

    def finish(self, stage):
        if stage == self.stage:
            raise KeyboardInterrupt


def test_an_interrupted_run_leaves_a_report_saying_so_and_releases_the_folder(flow_module, tmp_path):
    out = tmp_path / "out"
    ctrl_c = _CtrlCAt("dedup")
    progress.subscribe(ctrl_c)
    try:
        with pytest.raises(KeyboardInterrupt) as interrupted:
            flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(out))
    finally:
        progress.unsubscribe(ctrl_c)
    summary = json.loads((out / "reports" / "latest" / "summary.json").read_text())
    assert summary["run_id"] == interrupted.value.summary["run_id"]
    assert summary["interrupted"] is True and summary["signal"] == "SIGINT" and summary["stage"] == "dedup"
    counts = summary["counts"]
    assert counts["files_discovered"] >= 25 and counts["documents_segmented"] >= counts["articles"] > 0
    assert counts["duplicates"] >= 1 and not summary["published"]
    assert "**Interrupted** (SIGINT) during dedup" in (out / "reports" / "latest" / "summary.md").read_text()
    assert interrupted.value.summary["report"].endswith("summary.md")
    assert not (out / "current").exists() and not (out / LOCK_NAME).exists()
    assert not (out / "cache" / "scratch").exists()
