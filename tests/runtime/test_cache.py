import os
import signal
import subprocess
import sys
import textwrap
import time

from conftest import RAW

from newsclean.core.config import Limits
from newsclean.runtime.cache import FileCache
from newsclean.runtime.parallel import Workers
from newsclean.stages.discover import discover, in_batches
from newsclean.stages.per_file import process_files, process_files_on


def test_a_second_pass_reads_every_file_back_and_gives_the_same_rows(tmp_path):
    files = discover(RAW).files
    cache = FileCache(tmp_path / "cache", Limits())
    first = process_files(files, Limits(), cache)
    again = process_files(files, Limits(), cache)
    assert (first.processed, first.reused) == (len(files), 0)
    assert (again.processed, again.reused) == (0, len(files))
    assert again.rows.equals(first.rows) and again.quarantine.equals(first.quarantine)
    assert again.segments == first.segments


def test_a_damaged_entry_is_done_again_not_trusted(tmp_path):
    files = discover(RAW).files
    cache = FileCache(tmp_path / "cache", Limits())
    first = process_files(files, Limits(), cache)
    entries = sorted((tmp_path / "cache").rglob("*.rows.arrow"))
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # a crash mid-write on a file system without atomic rename
    again = process_files(files, Limits(), cache)
    assert (again.processed, again.reused) == (1, len(files) - 1)
    assert again.rows.equals(first.rows)


def test_batches_on_worker_processes_give_what_one_process_gives(tmp_path):
    files = discover(RAW).files
    batches = in_batches(files, max_files=4, max_bytes=10**9)
    inline = [process_files(b, Limits()) for b in batches]
    with Workers(2, len(batches), 1) as workers:
        assert workers.count == 2
        pooled = [process_files_on(workers, b, Limits(), tmp_path / "cache", False) for b in batches]
    for one, other in zip(inline, pooled):
        assert one.rows.equals(other.rows) and one.quarantine.equals(other.quarantine)
    assert sum(p.processed for p in pooled) == len(files)


def test_workers_leave_with_a_killed_parent(tmp_path):
    script = textwrap.dedent("""
        import os, sys, time
        from newsclean.runtime.parallel import Workers
        if __name__ == "__main__":
            with Workers(2, 2, 1) as workers:
                print(*workers.map(os.getpid, [(), ()]), flush=True)
                time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    pids = [int(p) for p in child.stdout.readline().split()]
    assert pids and child.pid not in pids
    os.kill(child.pid, signal.SIGKILL)  # no cleanup runs: the workers must notice on their own
    child.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_stored_batches_hold_the_ride_along_columns_encoded_and_give_the_same_values(tmp_path):
    import pyarrow as pa

    from newsclean.stages.per_file import COMPACT_COLUMNS, concat_stored_rows

    files = discover(RAW).files
    batches = in_batches(files, max_files=3, max_bytes=10**9)
    plain = pa.concat_tables([process_files(b, Limits()).rows for b in batches]).drop_columns(["text"])
    with Workers(1, len(batches), 1) as workers:
        stored = [
            process_files_on(workers, b, Limits(), tmp_path / "cache", True, tmp_path / f"texts-{k}.arrow")
            for k, b in enumerate(batches)
        ]
    rows = concat_stored_rows([s.rows for s in stored])
    for name in COMPACT_COLUMNS:
        column = rows.column(name)
        assert pa.types.is_dictionary(column.type), name
        assert all(chunk.dictionary.equals(column.chunks[0].dictionary) for chunk in column.chunks), name  # unified
    assert rows.cast(plain.schema).equals(plain)  # publishing casts them back: the same strings


def test_a_file_that_changed_during_the_run_is_read_afresh_next_time_not_cached(tmp_path):
    """Issue 19 (3): a changed_during_run result was stored under the sha256 discovery read, so once the file
    was restored every later run quarantined it again from the cache.  Transient reasons are never cached."""
    root = tmp_path / "raw"
    root.mkdir()
    story = "The ferry timetable now runs every hour through the winter, the harbour board said on Tuesday.\n"
    original = "Ferry timetable\n\n" + story * 3
    (root / "ferry.txt").write_text(original)
    cache = FileCache(tmp_path / "cache", Limits())
    found = discover(root).files
    (root / "ferry.txt").write_text("Ferry timetable (being edited)\n\n" + story)
    first = process_files(found, Limits(), cache)
    assert first.quarantine.column("reason").to_pylist() == ["changed_during_run"]
    (root / "ferry.txt").write_text(original)  # restored: the same bytes discovery hashed the first time
    again = process_files(discover(root).files, Limits(), cache)
    assert (again.processed, again.reused) == (1, 0)
    assert again.quarantine.num_rows == 0 and again.rows.column("source_file").to_pylist() == ["ferry.txt"]
    assert cache.holds("ferry.txt", discover(root).files[0].sha256)  # the good read is cached as usual


def test_a_full_disk_mid_write_leaves_no_temporary_file_and_a_killed_writers_are_cleared(tmp_path, monkeypatch):
    """Issue 19 (10): a full disk while an entry was written left `.<key>.rows.arrow.<token>` files in the cache
    for good.  A failed write removes its temporary file; what a killed writer left (in the cache's partial
    folder) goes at the next run's start (clear_partial, under the run lock)."""
    import errno

    import pyarrow as pa

    from newsclean.runtime.cache import PARTIAL

    root = tmp_path / "raw"
    root.mkdir()
    (root / "ferry.txt").write_text(
        "Ferry timetable\n\n" + "The ferry runs every hour through the winter, the harbour board said on Tuesday.\n" * 3
    )
    cache = FileCache(tmp_path / "cache", Limits())

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(pa.ipc, "new_file", disk_full)
        try:
            process_files(discover(root).files, Limits(), cache)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        else:
            raise AssertionError("the full disk was not reported")
    left = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert left == []
    killed = tmp_path / "cache" / PARTIAL / ".abc.rows.arrow.1234"  # as a kill -9 mid-write leaves it
    killed.write_bytes(b"half an entry")
    cache.clear_partial()
    assert not killed.exists()
    assert process_files(discover(root).files, Limits(), cache).processed == 1
