"""interruption: the report of a run stopped by Ctrl-C or SIGTERM, so that every run leaves one."""

from __future__ import annotations

import signal

from newsclean.core.config import Settings
from newsclean.outputs.publish import RunInfo
from newsclean.outputs.report import write_run_report
from newsclean.runtime import progress


class Interruption:
    """Follows the run (the stage it is in, the counts known so far) so that a run stopped by Ctrl-C or SIGTERM
    still leaves a report, as every run does: one marked ``interrupted``, written while the run holds the lock.
    The summary goes to the caller on the exception (``summary``, as with PublicationRefused).  ``kinds``: the
    exceptions that mean a stop by signal (KeyboardInterrupt, and the orchestrator's own for SIGTERM)."""

    def __init__(self, settings: Settings, run: RunInfo, stopwatch: progress.Stopwatch, kinds: tuple[type, ...]):
        self.settings, self.run, self.stopwatch, self.kinds = settings, run, stopwatch, kinds
        self.stage: str | None = None
        self.stage_done: dict[str, list] = {}
        self.counts: dict[str, int] = {}

    def start(self, stage: str, total: int | None) -> None:
        self.stage = stage
        self.stage_done[stage] = [0, total]

    def advance(self, stage: str, amount: int) -> None:
        if stage in self.stage_done:
            self.stage_done[stage][0] += amount

    def finish(self, stage: str) -> None:
        pass

    def known(self, **counts: int) -> None:
        self.counts.update(counts)

    def summary(self, exc: BaseException) -> dict:
        done, total = self.stage_done.get(self.stage, [None, None])
        return {
            "run_id": self.run.run_id,
            "pipeline_version": self.run.pipeline_version,
            "started": self.run.started.isoformat(),
            "raw_dir": str(self.settings.raw_dir),
            "out_dir": str(self.settings.out_dir),
            "settings": self.settings.to_dict(),
            "interrupted": True,
            "signal": signal.Signals(getattr(exc, "signal", signal.SIGINT)).name,
            "stage": self.stage,
            "stage_progress": {"done": done, "total": total},
            "counts": dict(self.counts),
            "conservation": [],
            "validation": {"evaluated": 0, "success": False, "failed": []},
            "published": False,
            "release": None,
            "stage_seconds": dict(self.stopwatch.seconds),
        }

    def __enter__(self) -> Interruption:
        progress.subscribe(self)
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        progress.unsubscribe(self)
        if isinstance(exc, self.kinds):
            exc.summary = self.summary(exc)
            try:
                exc.summary["report"] = str(write_run_report(exc.summary, self.settings.out_dir) / "summary.md")
            except OSError:  # out of space, say: the run is stopping all the same
                pass
