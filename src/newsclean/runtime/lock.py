"""lock: one run at a time per output folder.

A run holds ``<out>/.newsclean.lock`` for as long as it writes there: its
cache entries, its release, its reports.  The file names the owner (pid,
host, start time) and is never seen half-written: the owner is written and
synced under a temporary name, then hard-linked to the lock's name, which
fails when a lock exists, so exactly one process makes it.  A second run
waits up to ``lock_wait`` seconds, then refuses with a message naming the
owner.  A lock whose owner is dead (same host, no such pid) is stale and
taken over; so is a lock that cannot be read (empty, damaged: an older
newsclean that ran out of disk space, or was killed, between creating and
writing it) once it is ``UNREADABLE_AFTER`` seconds old, since no live owner
can be behind it.  Taking over first renames the lock aside, which only one
contender can do, so two runs never both take it.

The thread holding a lock may take it again (the CLI takes it before
Prefect starts, so that a busy folder is refused at once; the flow then takes
it as it does when a deployment calls it); only the outer hold releases it.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".newsclean.lock"
# An unreadable lock older than this is stale.  Locks this version writes are whole from the moment they have
# their name; the bound only spares a lock being written in place by an older version, which takes microseconds.
UNREADABLE_AFTER = 10.0

_held_here: dict[Path, int] = {}  # lock paths this process holds -> the holding thread


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


@dataclass(frozen=True)
class _Seen:
    """One look at the lock file: its bytes and identity, and the owner they name (None: unreadable)."""

    data: bytes
    inode: tuple[int, int]
    mtime: float
    owner: dict | None


def _look(path: Path) -> _Seen | None:
    """The lock at ``path`` as it is now, or None when there is none."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError:
        return None
    except PermissionError:  # another user's lock we may not read: held, and never judged stale
        return _Seen(b"", (0, 0), float("inf"), None)
    try:
        owner = json.loads(data)
    except ValueError:
        owner = None
    if not isinstance(owner, dict) or not isinstance(owner.get("pid"), int):
        owner = None
    return _Seen(data, (info.st_dev, info.st_ino), info.st_mtime, owner)


def _write_synced(handle, owner: dict) -> None:
    json.dump(owner, handle)
    handle.flush()
    os.fsync(handle.fileno())


class RunLock:
    def __init__(self, out_dir: Path, wait: float = 0.0, poll: float = 0.5):
        self.path = Path(out_dir) / LOCK_NAME
        self.wait = wait
        self.poll = poll
        self.owner = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.held = False
        self._nested = False

    def _own_name(self, kind: str) -> Path:
        """This process's side file (``writing``: the lock before it is linked; ``stale``: a lock moved aside)."""
        return self.path.with_name(f"{LOCK_NAME}.{kind}.{self.owner['host']}.{self.owner['pid']}")

    def _try_create(self) -> bool:
        temporary = self._own_name("writing")
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                _write_synced(handle, self.owner)
            try:
                os.link(temporary, self.path)  # fails if the lock exists; the lock appears whole or not at all
            except FileExistsError:
                return False
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                return self._create_in_place()  # a file system without hard links
        finally:
            temporary.unlink(missing_ok=True)
        return True

    def _create_in_place(self) -> bool:
        """O_EXCL creation, then the owner: for file systems without hard links (a damaged one ages out)."""
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            _write_synced(handle, self.owner)
        return True

    def _stale(self, seen: _Seen) -> bool:
        if seen.owner is None:
            return time.time() - seen.mtime > UNREADABLE_AFTER
        return seen.owner.get("host") == self.owner["host"] and not _alive(seen.owner["pid"])

    def _take_over(self, seen: _Seen) -> bool:
        """Remove the stale lock ``seen``, unless another run replaced it since it was read."""
        aside = self._own_name("stale")
        try:
            os.rename(self.path, aside)  # one contender wins the rename; the others find the lock gone or new
        except FileNotFoundError:
            return False
        moved = _look(aside)
        if moved is None or (moved.data, moved.inode) != (seen.data, seen.inode):
            try:  # a live run took it between our read and our rename: give it back, never over a new one
                os.link(aside, self.path)
            except OSError:
                pass
            aside.unlink(missing_ok=True)
            return False
        aside.unlink(missing_ok=True)
        return True

    def _tidy(self) -> None:
        """Remove side files left by processes of this host that were killed (a lock being written, or aside)."""
        for kind in ("writing", "stale"):
            for path in self.path.parent.glob(f"{LOCK_NAME}.{kind}.{self.owner['host']}.*"):
                pid = path.name.rsplit(".", 1)[-1]
                if pid.isdigit() and int(pid) != self.owner["pid"] and not _alive(int(pid)):
                    path.unlink(missing_ok=True)

    def _refusal(self, seen: _Seen | None) -> LockHeld:
        owner = seen.owner if seen else None
        who = (
            f"pid {owner.get('pid')} on {owner.get('host')} since {owner.get('started')}"
            if owner
            else "another run (its lock cannot be read yet)"
        )
        return LockHeld(
            f"{self.path.parent} is being written by {who} ({self.path}); wait for it to finish, or stop "
            "it — a lock left by a dead process is taken over"
        )

    def acquire(self) -> RunLock:
        key = self._key = self.path.resolve()  # kept: release must find the same key if the folder moves
        if _held_here.get(key) == threading.get_ident():  # this thread holds it already: the outer hold releases
            self._nested = self.held = True
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        while True:
            if self._try_create():
                self.held = True
                _held_here[key] = threading.get_ident()
                self._tidy()
                return self
            seen = _look(self.path)
            if seen is None or (self._stale(seen) and self._take_over(seen)):
                continue
            if time.monotonic() >= deadline:
                raise self._refusal(seen)
            time.sleep(self.poll)

    def release(self) -> None:
        if self.held and not self._nested:
            _held_here.pop(self._key, None)
            seen = _look(self.path)
            if seen is not None and seen.owner is not None and seen.owner["pid"] == self.owner["pid"]:
                self.path.unlink(missing_ok=True)
        self.held = self._nested = False

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
