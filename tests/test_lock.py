"""lock: one run per output folder; a dead run's lock is taken over; two runs never interleave."""

import json
import multiprocessing
import os
import subprocess
import sys
import time

import pytest

from conftest import RAW, REPO
from newsclean.lock import LOCK_NAME, LockHeld, RunLock


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


def _hold(folder, log, hold_seconds):
    with RunLock(folder, wait=30, poll=0.05):
        with open(log, "a") as handle:
            handle.write(f"start {os.getpid()}\n")
        time.sleep(hold_seconds)
        with open(log, "a") as handle:
            handle.write(f"end {os.getpid()}\n")


def test_contending_runs_take_turns_and_never_interleave(tmp_path):
    _write_lock(tmp_path, _dead_pid())  # and a stale lock to fight over first
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


@pytest.mark.flow
def test_the_command_refuses_while_another_run_holds_the_folder(tmp_path, cli_env):
    out = tmp_path / "out"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        _write_lock(out, sleeper.pid)
        refused = subprocess.run([sys.executable, "-m", "newsclean.cli", "run", "--raw", str(RAW), "--out", str(out)],
                                 cwd=REPO, env=cli_env, capture_output=True, text=True, timeout=300)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert refused.returncode == 4, refused.stderr[-2000:]
    assert f"pid {sleeper.pid}" in refused.stderr and not (out / "releases").exists() and not (out / "cache").exists()
