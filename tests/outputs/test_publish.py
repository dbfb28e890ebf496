import json
import os
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow.parquet as pq
import pytest

from newsclean.core.config import Layout
from newsclean.core.schema import SCHEMA_VERSION, TABLES
from newsclean.outputs import publish as publish_module
from newsclean.outputs.publish import RECORD, current_release, prune_releases, publish, table_file


def _publish(tables, run, out, keep=3, grace=0, layout=Layout()):
    return publish(tables, out, run, {"run_id": run.run_id}, keep, layout=layout, grace_seconds=grace)


def _runs(tables, run, ids):
    """(tables, run) for each run id: the same rows stamped with that run."""
    return [(_with_run(tables, r), r) for r in (replace(run, run_id=run_id) for run_id in ids)]


def _folders(out):
    return sorted(p.name for p in (out / "releases").iterdir() if p.is_dir())


IDS = [f"2026010{i}T000000Z-aaaaaa" for i in range(1, 7)]


def _with_run(tables, run):
    """The same rows stamped with another run (only the run columns change)."""
    import pyarrow as pa

    out = {}
    for name, table in tables.items():
        index = table.schema.get_field_index("run_id")
        out[name] = table.set_column(
            index, table.schema.field("run_id"), pa.array([run.run_id] * table.num_rows, pa.string())
        )
    return out


def test_release_layout_metadata_and_compression(sample_tables, tmp_path):
    tables, run = sample_tables
    release = _publish(tables, run, tmp_path)
    assert current_release(tmp_path) == run.run_id
    for name in TABLES:
        path = tmp_path / name / f"part-00000-{run.run_id}.parquet"
        assert path.resolve() == (release / name / path.name).resolve()
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
    schema = pq.read_schema(tmp_path / "articles" / table_file("00000", run.run_id))
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
    for t, r in _runs(tables, run, IDS[:5]):
        _publish(t, r, tmp_path, keep=2)
    assert _folders(tmp_path) == IDS[3:5]
    assert current_release(tmp_path) == IDS[4]


def test_refuses_to_overwrite_a_foreign_folder(sample_tables, tmp_path):
    tables, run = sample_tables
    (tmp_path / "articles").mkdir()
    with pytest.raises(publish_module.PublishError, match="not newsclean's link"):
        _publish(tables, run, tmp_path)
    assert current_release(tmp_path) is None and not (tmp_path / "releases").exists()


def test_pruning_leaves_every_folder_newsclean_did_not_publish(sample_tables, tmp_path):
    tables, run = sample_tables
    releases = tmp_path / "releases"
    theirs = {
        "v1.0/NOTES.md": "a user's notes",
        "2026-01/press.txt": "raw text, --out overlapping --raw",
        "20250101T000000Z-abcdef/notes.txt": "named like a run id, but newsclean never published it",
    }
    for path, text in theirs.items():
        (releases / path).parent.mkdir(parents=True)
        (releases / path).write_text(text)
    for t, r in _runs(tables, run, IDS[:4]):
        _publish(t, r, tmp_path, keep=2)
    assert {path: (releases / path).read_text() for path in theirs} == theirs
    # theirs do not count toward keep: the newest two of newsclean's stay
    assert _folders(tmp_path) == sorted(["2026-01", "20250101T000000Z-abcdef", "v1.0", *IDS[2:4]])
    assert [e["run_id"] for e in json.loads((releases / RECORD).read_text())["releases"]] == IDS[2:4]


def test_releases_from_before_the_record_are_adopted_only_with_their_own_manifest(sample_tables, tmp_path):
    tables, run = sample_tables
    releases = tmp_path / "releases"
    for t, r in _runs(tables, run, IDS[:3]):
        _publish(t, r, tmp_path, keep=5)
    (releases / RECORD).unlink(missing_ok=True)  # the folder as an older newsclean left it
    (releases / "20250101T000000Z-abcdef").mkdir()  # a run id's shape, another run's manifest
    (releases / "20250101T000000Z-abcdef" / "manifest.json").write_text(json.dumps({"run_id": "someone-else"}))
    (releases / "20250102T000000Z-abcdef").mkdir()  # a run id's shape, no manifest
    (t, r), (t2, r2) = _runs(tables, run, IDS[3:5])
    _publish(t, r, tmp_path, keep=1, grace=3600)
    # adopted releases are counted as superseded now: each still gets its whole grace period
    assert _folders(tmp_path) == sorted(["20250101T000000Z-abcdef", "20250102T000000Z-abcdef", *IDS[:4]])
    _publish(t2, r2, tmp_path, keep=1, grace=0)
    assert _folders(tmp_path) == sorted(["20250101T000000Z-abcdef", "20250102T000000Z-abcdef", IDS[4]])


def test_a_superseded_release_stays_for_the_grace_period_then_goes(sample_tables, tmp_path):
    tables, run = sample_tables
    for t, r in _runs(tables, run, IDS[:3]):
        _publish(t, r, tmp_path, keep=1, grace=3600)
    assert _folders(tmp_path) == IDS[:3]  # beyond keep_releases, but superseded less than an hour ago
    now = datetime.now(UTC)
    assert prune_releases(tmp_path, 1, 3600, now=now + timedelta(seconds=3500)) == []
    assert prune_releases(tmp_path, 1, 3600, now=now + timedelta(seconds=3601)) == IDS[:2]  # oldest first
    assert _folders(tmp_path) == IDS[2:3] and current_release(tmp_path) == IDS[2]
    assert prune_releases(tmp_path, 0, 0, now=now + timedelta(days=9)) == []  # never the current one


def test_the_next_publish_removes_staging_folders_left_by_killed_runs(sample_tables, tmp_path):
    tables, run = sample_tables
    releases = tmp_path / "releases"
    killed = releases / ".staging-20251231T235959Z-0a1b2c"
    (killed / "articles").mkdir(parents=True)
    (killed / "articles" / "part-00000.parquet").write_bytes(b"half written")
    theirs = [releases / ".staging-notes" / "keep.txt", releases / ".cache" / "keep.txt"]
    for path in theirs:
        path.parent.mkdir()
        path.write_text("not newsclean's")
    _publish(tables, run, tmp_path)
    assert not killed.exists()
    assert all(path.read_text() == "not newsclean's" for path in theirs)
    assert not any(p.name.startswith(".staging-") and p.name != ".staging-notes" for p in releases.iterdir())


def test_a_record_edited_by_hand_cannot_send_pruning_outside_releases(sample_tables, tmp_path):
    tables, run = sample_tables
    (t, r), (t2, r2) = _runs(tables, run, IDS[:2])
    _publish(t, r, tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    record = tmp_path / "releases" / RECORD
    entries = [{"run_id": "../victim", "superseded": "2000-01-01T00:00:00+00:00"}, {"run_id": "."}, {"run_id": ""}]
    record.write_text(json.dumps({"format": 1, "releases": entries + json.loads(record.read_text())["releases"]}))
    _publish(t2, r2, tmp_path, keep=1)
    assert victim.is_dir() and _folders(tmp_path) == IDS[1:2]
    record.write_text("{not json")
    with pytest.raises(publish_module.PublishError, match="unreadable"):
        _publish(*_runs(tables, run, IDS[2:3])[0], tmp_path)
    assert current_release(tmp_path) == IDS[1] and _folders(tmp_path) == IDS[1:2]


def _articles_run_ids(path) -> set[str]:
    return set(pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist())


def test_a_reader_that_listed_the_stable_folder_never_gets_the_next_releases_rows(sample_tables, tmp_path):
    """A glob reader lists ``articles/`` and opens the files later; a publish may come in between."""
    tables, run = sample_tables
    (t, r), (t2, r2) = _runs(tables, run, IDS[:2])
    month = Layout(partition="month")
    _publish(t, r, tmp_path, keep=1, grace=3600, layout=month)
    stable = tmp_path / "articles"
    listed = sorted(os.listdir(stable))
    footer = pq.read_metadata(stable / listed[0])  # a reader's cached footer
    pinned = os.path.realpath(stable)  # README: resolve `current` once, read that release
    _publish(t2, r2, tmp_path, keep=1, grace=3600, layout=month)  # the same months: the same names before
    for name in listed:  # through the stable path a listed name opens that release's bytes, or nothing
        with pytest.raises(FileNotFoundError):
            _articles_run_ids(stable / name)
    with pytest.raises(FileNotFoundError):
        pq.ParquetFile(stable / listed[0], metadata=footer).read()
    assert sorted(os.listdir(pinned)) == listed  # the pinned release is still there, whole
    whole = pq.read_table(pinned)
    assert set(whole.column("run_id").to_pylist()) == {IDS[0]} and whole.num_rows == t["articles"].num_rows
    assert _articles_run_ids(stable) == {IDS[1]}


def _query_forever(out, stop, seen):
    """DuckDB on the stable glob and on the pinned release, again and again: (run_id, rows) pairs or the error."""
    con = duckdb.connect()
    while not stop.is_set():
        for pinned in (False, True):
            folder = os.path.realpath(out / "articles") if pinned else out / "articles"
            try:
                rows = con.execute(
                    f"select run_id, count(*) from read_parquet('{folder}/*.parquet') group by 1"
                ).fetchall()
            except duckdb.Error as exc:
                rows = exc
            seen.append((pinned, rows))


def _not_found(exc: Exception) -> bool:
    # DuckDB stats each name it lists: the names of a release that stopped being current match nothing
    return "No such file" in str(exc) or "No files found that match the pattern" in str(exc)


def _wait_until(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the reader thread made no progress"
        time.sleep(0.01)


def test_readers_during_publishes_see_exactly_one_whole_release(sample_tables, tmp_path):
    tables, run = sample_tables
    half = {**tables, "articles": tables["articles"].slice(0, tables["articles"].num_rows // 2)}
    runs = [_runs(half if i % 2 else tables, run, [run_id])[0] for i, run_id in enumerate(IDS)]  # counts alternate
    expected = {r.run_id: t["articles"].num_rows for t, r in runs}
    month = Layout(partition="month")
    _publish(*runs[0], tmp_path, keep=1, grace=3600, layout=month)
    stop, seen = threading.Event(), []
    reader = threading.Thread(target=_query_forever, args=(tmp_path, stop, seen))
    reader.start()
    try:
        _wait_until(lambda: len(seen) >= 2)
        for t, r in runs[1:]:
            _publish(t, r, tmp_path, keep=1, grace=3600, layout=month)
            done = len(seen)
            _wait_until(lambda done=done: len(seen) >= done + 3)  # at least two queries begun after the switch
    finally:
        stop.set()
        reader.join()
    results = [rows for _, rows in seen if not isinstance(rows, Exception)]
    assert all(len(rows) == 1 and expected[rows[0][0]] == rows[0][1] for rows in results)  # one release, whole
    assert {rows[0][0] for rows in results} == set(expected)  # and every release was read
    errors = [(pinned, rows) for pinned, rows in seen if isinstance(rows, Exception)]
    # a glob that listed a release just before `current` moved finds its files gone: never a wrong row
    assert all(not pinned and _not_found(exc) for pinned, exc in errors), errors[:3]
