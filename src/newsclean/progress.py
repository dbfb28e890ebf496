"""Progress events from the stages' wiring to whoever shows them.

The flow reports progress here; the CLI installs a listener that draws a
progress bar.  With no listener the events go nowhere, so tests and
schedulers pay nothing for them.
"""

from __future__ import annotations

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
