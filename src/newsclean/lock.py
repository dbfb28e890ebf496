"""lock: one run at a time per output folder.

A run holds ``<out>/.newsclean.lock`` (created with O_EXCL, so exactly one
process can make it) for as long as it writes there: its cache entries, its
release, its reports.  The file names the owner (pid, host, start time).  A
second run waits up to ``lock_wait`` seconds, then refuses with a message
naming the owner.  A lock whose owner is dead (same host, no such pid) is
stale and taken over: it is first renamed aside, which only one contender
can do, so two runs never both take it.
"""

from __future__ import annotations

import json
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

LOCK_NAME = ".newsclean.lock"


class LockHeld(RuntimeError):
    """Another live run holds the output folder."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


class RunLock:
    def __init__(self, out_dir: Path, wait: float = 0.0, poll: float = 0.5):
        self.path = Path(out_dir) / LOCK_NAME
        self.wait = wait
        self.poll = poll
        self.owner = {"pid": os.getpid(), "host": socket.gethostname(),
                      "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self.held = False

    def _owner(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {}  # being written this instant, or damaged: treated as held until it can be read

    def _try_create(self) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.owner, handle)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    def _take_over_if_stale(self, owner: dict) -> bool:
        if not owner or owner.get("host") != self.owner["host"] or _alive(int(owner.get("pid", 0) or 0)):
            return False
        aside = self.path.with_name(f"{LOCK_NAME}.stale-{owner.get('pid')}-{os.getpid()}")
        try:
            os.rename(self.path, aside)  # one contender wins the rename; the others find the lock gone or new
        except FileNotFoundError:
            return False
        try:
            moved = json.loads(aside.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            moved = None
        if moved != owner:  # a live run took it between our read and our rename: give it back, never over a new one
            try:
                os.link(aside, self.path)
            except OSError:
                pass
            aside.unlink(missing_ok=True)
            return False
        aside.unlink(missing_ok=True)
        return True

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        while True:
            if self._try_create():
                self.held = True
                return self
            owner = self._owner()
            if owner is None or self._take_over_if_stale(owner):
                continue
            if time.monotonic() >= deadline:
                who = f"pid {owner.get('pid')} on {owner.get('host')} since {owner.get('started')}" if owner else "another run"
                raise LockHeld(f"{self.path.parent} is being written by {who} ({self.path}); "
                               f"wait for it to finish, or stop it — a lock left by a dead process is taken over")
            time.sleep(self.poll)

    def release(self) -> None:
        if self.held and (self._owner() or {}).get("pid") == self.owner["pid"]:
            self.path.unlink(missing_ok=True)
        self.held = False

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
