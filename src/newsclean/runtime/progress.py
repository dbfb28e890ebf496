"""Progress events from the stages' wiring to whoever shows them.

The flow reports progress here; the CLI installs a listener that draws a
progress bar.  With no listener the events go nowhere, so tests and
schedulers pay nothing for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Listener(Protocol):
    def start(self, stage: str, total: int | None) -> None: ...

    def advance(self, stage: str, amount: int) -> None: ...

    def finish(self, stage: str) -> None: ...


_listeners: list[Listener] = []


def subscribe(listener: Listener) -> None:
    _listeners.append(listener)


def unsubscribe(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def start(stage: str, total: int | None = None) -> None:
    for listener in list(_listeners):
        listener.start(stage, total)


def advance(stage: str, amount: int = 1) -> None:
    for listener in list(_listeners):
        listener.advance(stage, amount)


def finish(stage: str) -> None:
    for listener in list(_listeners):
        listener.finish(stage)


@contextmanager
def stage(name: str, total: int | None = None) -> Iterator[None]:
    """``start`` and, when the block ends without an exception, ``finish``: a failed stage is not finished."""
    start(name, total)
    yield
    finish(name)


class Stopwatch:
    """A listener that keeps each stage's wall-clock seconds (for the run summary and the benchmarks)."""

    def __init__(self) -> None:
        import time

        self._clock = time.perf_counter
        self._started: dict[str, float] = {}
        self.seconds: dict[str, float] = {}

    def start(self, stage: str, total: int | None) -> None:
        self._started[stage] = self._clock()

    def advance(self, stage: str, amount: int) -> None:
        pass

    def finish(self, stage: str) -> None:
        if stage in self._started:
            self.seconds[stage] = round(self.seconds.get(stage, 0.0) + self._clock() - self._started.pop(stage), 3)
