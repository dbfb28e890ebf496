"""lock: one run per output folder; a dead run's lock is taken over; two runs never interleave."""

import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time

import pytest
from conftest import RAW, REPO

from newsclean.runtime.lock import LOCK_NAME, LockHeld, RunLock


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _write_lock(folder, pid):
    import socket

    (folder / LOCK_NAME).write_text(json.dumps({"pid": pid, "host": socket.gethostname(), "started": "earlier"}))


def test_a_live_owner_makes_a_second_run_refuse_naming_it(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _write_lock(tmp_path, sleeper.pid)
        with pytest.raises(LockHeld, match=f"pid {sleeper.pid}"):
            RunLock(tmp_path).acquire()
        started = time.monotonic()
        with pytest.raises(LockHeld):
            RunLock(tmp_path, wait=1, poll=0.1).acquire()
        assert time.monotonic() - started >= 1
    finally:
        sleeper.kill()
        sleeper.wait()
    with RunLock(tmp_path) as lock:  # its owner is dead now: taken over
        assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid() and lock.held
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_stale_lock_from_a_dead_process_is_taken_over(tmp_path):
    _write_lock(tmp_path, _dead_pid())
    with RunLock(tmp_path):
        assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()
    assert not list(tmp_path.glob(f"{LOCK_NAME}*"))


def _write_unreadable_lock(folder, age_seconds):
    """An empty lock, as an older newsclean left it when the disk filled between creating and writing it."""
    (folder / LOCK_NAME).write_bytes(b"")
    then = time.time() - age_seconds
    os.utime(folder / LOCK_NAME, (then, then))


def test_an_unreadable_lock_is_held_while_fresh_and_taken_over_once_old(tmp_path):
    _write_unreadable_lock(tmp_path, 0)
    with pytest.raises(LockHeld):  # it could be being written in place this instant
        RunLock(tmp_path).acquire()
    _write_unreadable_lock(tmp_path, 60)
    with RunLock(tmp_path, wait=2, poll=0.1):  # no live owner can be behind it: no refusal, no wait
        assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()
    assert not list(tmp_path.glob(f"{LOCK_NAME}*"))


KILLED_WHILE_WRITING = """
import json, os, signal, sys
from newsclean.runtime.lock import RunLock

def dump(owner, handle):  # half the owner reaches the file, then the process dies
    handle.write(json.dumps(owner)[:7])
    handle.flush()
    os.kill(os.getpid(), signal.SIGKILL)

json.dump = dump
RunLock(sys.argv[1]).acquire()
"""


def test_a_run_killed_while_writing_its_lock_leaves_no_lock(tmp_path):
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING, str(tmp_path)], timeout=60)
    assert killed.returncode == -9
    assert not (tmp_path / LOCK_NAME).exists()  # the lock gets its name only once it is whole
    with RunLock(tmp_path, wait=0):  # taken at once: a refusal would raise LockHeld
        pass
    assert not list(tmp_path.glob(f"{LOCK_NAME}*"))  # and the dead writer's temporary file is gone too


def test_the_holding_thread_takes_its_lock_again_and_no_other_does(tmp_path):
    refused = []

    def other_thread():
        try:
            RunLock(tmp_path).acquire()
        except LockHeld as exc:
            refused.append(exc)

    with RunLock(tmp_path):  # as the CLI holds it, and then the flow takes it in the same thread
        with RunLock(tmp_path) as inner:
            assert inner.held
        assert (tmp_path / LOCK_NAME).exists()  # the inner hold does not release it
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join(30)
        assert len(refused) == 1 and f"pid {os.getpid()}" in str(refused[0])
    assert not (tmp_path / LOCK_NAME).exists()


def _hold(folder, log, hold_seconds):
    with RunLock(folder, wait=30, poll=0.05):
        with open(log, "a") as handle:
            handle.write(f"start {os.getpid()}\n")
        time.sleep(hold_seconds)
        with open(log, "a") as handle:
            handle.write(f"end {os.getpid()}\n")


@pytest.mark.parametrize("stale", ["dead owner", "unreadable"])
def test_contending_runs_take_turns_and_never_interleave(tmp_path, stale):
    if stale == "dead owner":  # and a stale lock to fight over first
        _write_lock(tmp_path, _dead_pid())
    else:
        _write_unreadable_lock(tmp_path, 60)
    log = tmp_path / "log"
    context = multiprocessing.get_context("spawn")
    runs = [context.Process(target=_hold, args=(tmp_path, log, 0.3)) for _ in range(4)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(60)
    assert [run.exitcode for run in runs] == [0, 0, 0, 0]
    lines = log.read_text().split("\n")[:-1]
    assert len(lines) == 8
    for start, end in zip(lines[::2], lines[1::2]):  # each start is followed by the same process's end
        assert start.split()[0] == "start" and end == "end " + start.split()[1]


def test_the_command_refuses_at_once_while_another_run_holds_the_folder(tmp_path):
    """Before Prefect or GX is even imported (their start takes seconds, more beside a busy run), in one
    paragraph naming the owner, with no traceback.  How fast that is, is measured apart (benchmarks/RESULTS.md,
    "refusal of a held folder"): timings do not belong in unit tests."""
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "COLUMNS": "120", "PYTHONPROFILEIMPORTTIME": "1"}
    env.pop("PREFECT_API_URL", None)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        _write_lock(out, sleeper.pid)
        refused = subprocess.run(
            [sys.executable, "-m", "newsclean.cli", "run", "--raw", str(RAW), "--out", str(out)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        sleeper.kill()
        sleeper.wait()
    lines = refused.stderr.splitlines()
    imported = [line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")]
    said = [line for line in lines if not line.startswith("import time:")]
    assert refused.returncode == 4, said
    assert f"pid {sleeper.pid}" in refused.stderr and not (out / "releases").exists() and not (out / "cache").exists()
    assert "Traceback" not in refused.stderr and len(said) <= 6, said
    assert "typer" in imported
    assert not [name for name in imported if name.split(".")[0] in ("prefect", "great_expectations")]
