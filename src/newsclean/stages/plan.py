"""plan: which files a run reads, from what discover found and what the current release was made of.

Incremental by default: a file of the release that is gone from the raw folder keeps its rows (read back from
the per-file cache) unless the run prunes; a file the [discover] patterns now leave out goes, as a pruned one
does; a changed file is read again and its old articles become ``superseded`` rows (``stages.versions``).  A
run that would lose rows it cannot read back (LostFile) or replace a release with an empty one (EmptyInput)
stops here, before any work.  Reads: the discovery and the release's ledger.  Adds: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from newsclean.core.release import current_articles, current_release
from newsclean.runtime.cache import FileCache
from newsclean.runtime.rowstore import Rows
from newsclean.stages.discover import SELECTED_OUT, Discovery, RawFile
from newsclean.stages.versions import Ledger, superseded


class LostFile(RuntimeError):
    """A file the dataset holds is gone from the raw folder, and so are its cached results."""


class EmptyInput(RuntimeError):
    """Nothing to read (an empty raw folder, or every file gone and pruned) while the current release holds
    articles: an empty release would replace it.  ``--allow-empty`` publishes it anyway."""


@dataclass(frozen=True)
class RunPlan:
    found: Discovery
    ledger: Ledger
    files: list[RawFile]  # what the run reads: the files found and the release's deleted files that stay
    kept: list[RawFile]  # files of the release gone from the folder whose rows stay (from the cache)
    removed: list[RawFile]  # files of the release whose rows go (pruned, or left out by [discover])
    full: bool = False
    changed: list[str] = field(default_factory=list)  # paths read before whose bytes changed

    @property
    def removed_paths(self) -> set[str]:
        return {f.source_file for f in self.removed}

    def ledger_table(self, run_id: str) -> pa.Table:
        """The release's ledger sidecar: every file its rows come from."""
        return self.ledger.table(self.files, run_id, present={f.source_file for f in self.found.files})

    def superseded(
        self, out_dir: Path, articles: pa.Table | Rows, duplicates: pa.Table, run_id: str
    ) -> pa.Table | None:
        """The release's rows this run replaces (``stages.versions.superseded``); None on a full rebuild."""
        if self.full:
            return None
        return superseded(out_dir, self.changed, self.removed_paths, articles, duplicates, run_id)

    def incremental(self, processed: int, reused: int, superseded: pa.Table | None) -> dict:
        """The run summary's ``incremental`` section."""
        found, ledger = self.found.files, self.ledger
        return {
            "mode": "full" if self.full else "incremental",
            "files_new": len(ledger.new(found)),
            "files_changed": len(self.changed),
            "files_unchanged": sum(1 for f in found if ledger.files.get(f.source_file, (None,))[0] == f.sha256),
            "files_deleted_kept": len(self.kept),
            "files_pruned": len(self.removed),
            "files_processed": processed,
            "files_from_cache": reused,
            "superseded_versions": superseded.num_rows if superseded is not None else 0,
        }


def plan_run(
    found: Discovery,
    out_dir: Path,
    cache: FileCache,
    *,
    full: bool = False,
    prune: bool = False,
    allow_empty: bool = False,
    raw_dir: Path | None = None,
    ledger: Ledger | None = None,
) -> RunPlan:
    """The files this run reads; raises LostFile or EmptyInput (see the module's docstring).

    ``ledger``: what the current release was made of (default: read from ``out_dir``; none on a full rebuild).
    """
    if ledger is None:
        ledger = Ledger({}) if full else Ledger.read(out_dir)
    deleted = ledger.deleted(found.files)
    # a file of the release that the [discover] patterns now leave out goes from it, as --prune removes a file
    # gone from the folder: it is there, the user chose not to read it
    left_out = {i.source_file for i in found.ignored if i.reason in SELECTED_OUT}
    removed = deleted if prune else [f for f in deleted if f.source_file in left_out]
    kept = [f for f in deleted if f not in removed]
    lost = [f.source_file for f in kept if not cache.holds(f.source_file, f.sha256)]
    if lost:
        raise LostFile(
            f"{len(lost)} file(s) of the published dataset are gone from {raw_dir} and from the "
            f"cache, e.g. {lost[:3]}: restore them, or run with --prune to remove their rows"
        )
    files = sorted(found.files + kept, key=lambda f: f.source_file)
    if not files and not allow_empty and (held := current_articles(out_dir)):
        raise EmptyInput(
            f"nothing to read in {raw_dir} ({len(found.ignored)} path(s) ignored"
            + (f", {len(removed)} file(s) of the release gone and pruned or left out" if removed else "")
            + f"), while the current release {current_release(out_dir)} holds {held} articles: publishing "
            "would replace it with an empty one, so nothing was published; check the raw folder (a missing "
            "mount?), or run with --allow-empty to publish an empty release"
        )
    return RunPlan(found, ledger, files, kept, removed, full, ledger.changed(found.files))
