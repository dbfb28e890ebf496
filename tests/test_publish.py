import json
import os
from dataclasses import replace

import pyarrow.parquet as pq
import pytest

from newsclean import publish as publish_module
from newsclean.publish import current_release, publish
from newsclean.schema import SCHEMA_VERSION, TABLES


def _publish(tables, run, out, keep=3):
    return publish(tables, out, run, {"run_id": run.run_id}, keep)


def _with_run(tables, run):
    """The same rows stamped with another run (only the run columns change)."""
    import pyarrow as pa

    out = {}
    for name, table in tables.items():
        index = table.schema.get_field_index("run_id")
        out[name] = table.set_column(index, table.schema.field("run_id"), pa.array([run.run_id] * table.num_rows, pa.string()))
    return out


def test_release_layout_metadata_and_compression(sample_tables, tmp_path):
    tables, run = sample_tables
    release = _publish(tables, run, tmp_path)
    assert current_release(tmp_path) == run.run_id
    for name in TABLES:
        path = tmp_path / name / "part-00000.parquet"
        assert path.resolve() == (release / name / "part-00000.parquet").resolve()
        meta = pq.read_metadata(path)
        kv = meta.metadata
        assert kv[b"newsclean.schema_version"] == SCHEMA_VERSION.encode()
        assert kv[b"newsclean.run_id"] == run.run_id.encode() and kv[b"newsclean.table"] == name.encode()
        assert meta.row_group(0).column(0).compression == "ZSTD"
        schema = pq.read_schema(path)
        assert schema.names == TABLES[name].names
        assert all(f.metadata and f.metadata.get(b"description") for f in schema)
        assert meta.num_rows == tables[name].num_rows
    assert json.loads((release / "manifest.json").read_text())["run_id"] == run.run_id


def test_timestamps_are_microseconds(sample_tables, tmp_path):
    tables, run = sample_tables
    _publish(tables, run, tmp_path)
    schema = pq.read_schema(tmp_path / "articles" / "part-00000.parquet")
    assert str(schema.field("published").type) == "timestamp[us]"
    assert str(schema.field("processed_at").type) == "timestamp[us, tz=UTC]"


def test_a_failed_publish_leaves_the_previous_release_untouched(sample_tables, tmp_path, monkeypatch):
    tables, run = sample_tables
    _publish(tables, run, tmp_path)
    before = {p: p.read_bytes() for p in sorted((tmp_path / "releases").rglob("*")) if p.is_file()}
    second = replace(run, run_id=run.run_id + "-b")
    calls = {"n": 0}
    real = publish_module._write_table

    def crash_on_second_table(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(publish_module, "_write_table", crash_on_second_table)
    with pytest.raises(OSError, match="disk full"):
        _publish(_with_run(tables, second), second, tmp_path)
    assert current_release(tmp_path) == run.run_id
    after = {p: p.read_bytes() for p in sorted((tmp_path / "releases").rglob("*")) if p.is_file()}
    assert after == before  # no staging left behind, old files intact
    assert pq.read_table(tmp_path / "articles").num_rows == tables["articles"].num_rows


def test_old_releases_are_pruned_but_never_the_current(sample_tables, tmp_path):
    tables, run = sample_tables
    ids = [f"2026010{i}T000000Z-aaaaaa" for i in range(1, 6)]
    for run_id in ids:
        r = replace(run, run_id=run_id)
        _publish(_with_run(tables, r), r, tmp_path, keep=2)
    assert sorted(os.listdir(tmp_path / "releases")) == ids[-2:]
    assert current_release(tmp_path) == ids[-1]


def test_refuses_to_overwrite_a_foreign_folder(sample_tables, tmp_path):
    tables, run = sample_tables
    (tmp_path / "articles").mkdir()
    with pytest.raises(publish_module.PublishError, match="not newsclean's link"):
        _publish(tables, run, tmp_path)
    assert current_release(tmp_path) is None and not (tmp_path / "releases").exists()
