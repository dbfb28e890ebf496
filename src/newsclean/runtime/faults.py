"""faults: named points where a test can kill the run, to show a crash there loses nothing.

``NEWSCLEAN_KILL_AT=<point>`` makes the process SIGKILL itself when it
reaches that point: no cleanup, no ``finally``, exactly like a power cut or
the OOM killer.  Unset (always, outside the crash tests), ``kill_point`` is
one dictionary lookup.  Points: ``ingest:after-batch`` (a batch's cache
entries are written), ``publish:staged`` (the release is written under its
temporary name), ``publish:renamed`` (renamed into ``releases/``, before
``current`` is switched).
"""

from __future__ import annotations

import os
import signal

POINTS = ("ingest:after-batch", "publish:staged", "publish:renamed")


def kill_point(name: str) -> None:
    if os.environ.get("NEWSCLEAN_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
