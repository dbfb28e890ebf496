"""Worker processes: ingest's per-file work (one job per batch of files) and dedup's per-text and per-pair parts.

One pool serves a whole stage.  Workers are started with 'spawn': the stage
may run inside a threaded orchestrator (Prefect runs tasks in threads), where
forking is unsafe.  A spawned worker imports the caller's main module, so a
script that runs dedup with more than one worker needs the usual
``if __name__ == "__main__":`` guard.  When the items fit in one batch no pool
is started: starting one costs about a second.  The result never depends on the
worker count or on how the work was cut into batches.  A ``Workers`` sent to
another process (a Dask worker, say) arrives without its pool and works
inline there.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any


class Workers:
    def __init__(self, workers: int, items: int, batch_size: int):
        wanted = workers if workers > 0 else (os.cpu_count() or 1)
        self.count = min(wanted, -(-items // max(1, batch_size))) if items else 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            self._pool = ProcessPoolExecutor(
                self.count, mp_context=get_context("spawn"), initializer=_die_with_parent, initargs=(os.getpid(),)
            )
            self._pool.submit(int)  # start the processes now, while the caller prepares the first jobs
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        if self._pool is not None:
            # Leaving on an exception (a failed batch, a signal): the jobs not yet started are dropped, so a
            # stopped run ends in seconds, not after the whole queue is worked through for nothing.
            self._pool.shutdown(cancel_futures=kind is not None)

    def __getstate__(self) -> dict:
        return {"count": 1, "_pool": None}

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` on a worker (inline without a pool), waiting for the result: for callers that are
        threads of their own, such as Prefect's tasks, so that the work itself runs outside this process's GIL."""
        if self._pool is None:
            return function(*args)
        return self._pool.submit(function, *args).result()

    def map(self, function: Callable[..., Any], jobs: Iterable[tuple]) -> list:
        """``function(*job)`` for every job, results in job order."""
        return self.submit(function, jobs).result()

    def submit(self, function: Callable[..., Any], jobs: Iterable[tuple]) -> Pending:
        """Start ``function(*job)`` for every job; the caller works on while the workers run, then asks ``result()``."""
        jobs = list(jobs)
        if self._pool is None or len(jobs) < 2:
            return Pending(None, [function(*job) for job in jobs])
        return Pending([self._pool.submit(function, *job) for job in jobs], None)


def _die_with_parent(parent: int) -> None:
    # A pool's workers wait on their queue for ever when the run is killed (SIGKILL, the OOM killer): they
    # would hold its output pipes open and its memory.  They watch their parent instead and leave with it.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="newsclean-parent-watch", daemon=True).start()


class Pending:
    def __init__(self, futures: list[Future] | None, done: list | None):
        self._futures, self._done = futures, done

    def result(self) -> list:
        if self._done is None:
            self._done = [future.result() for future in self._futures]
        return self._done

    def each(self):
        """The results one at a time, in job order, each let go of by this object once handed over (for results
        that are large together: the caller keeps what it needs of each and drops the rest)."""
        if self._done is None:
            for i, future in enumerate(self._futures):
                self._futures[i] = None
                yield future.result()
        else:
            self._done.reverse()
            while self._done:
                yield self._done.pop()
