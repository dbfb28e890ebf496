"""The same flow on a Dask LocalCluster of two worker processes gives the in-process run's tables."""

import pyarrow.parquet as pq
import pytest
from conftest import RAW

pytestmark = pytest.mark.flow
RUN_COLUMNS = ["run_id", "processed_at"]


def test_a_two_process_dask_cluster_gives_the_in_process_tables(flow_module, tmp_path):
    here, there = tmp_path / "in-process", tmp_path / "dask"
    flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(here), config={"files_per_batch": 4})
    summary = flow_module.on_cluster("local:2")(raw_dir=str(RAW), out_dir=str(there), config={"files_per_batch": 4})
    assert summary["published"] and summary["incremental"]["files_processed"] == summary["counts"]["files_discovered"]
    for table in ("articles", "duplicates", "quarantine"):
        ours, theirs = (pq.read_table(folder / "current" / table) for folder in (here, there))
        drop = [c for c in RUN_COLUMNS if c in ours.column_names]
        assert ours.num_rows and ours.drop_columns(drop).equals(theirs.drop_columns(drop)), table


def test_a_cluster_is_named_local_n_or_a_scheduler_address(flow_module):
    with pytest.raises(ValueError, match="local:N or tcp://"):
        flow_module.task_runner_for("local:zero")
    assert flow_module.task_runner_for("tcp://127.0.0.1:8786") is not None
