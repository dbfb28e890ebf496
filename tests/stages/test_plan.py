"""The run's plan (stages.plan): which files it reads, what it keeps or removes of the release, and when it
refuses to start.  No Prefect: the flow only calls plan_run."""

import json
import os

import pytest

from newsclean.core.config import Limits
from newsclean.runtime.cache import FileCache, FileResult
from newsclean.stages.discover import Discovery, Ignored, RawFile
from newsclean.stages.plan import EmptyInput, LostFile, plan_run
from newsclean.stages.versions import Ledger


def _file(name: str, sha: str = "s1") -> RawFile:
    return RawFile(path=f"/raw/{name}", source_file=name, size=10, sha256=sha)


def _release(out, articles: int) -> None:
    """A current release holding ``articles`` articles, as far as the plan reads it (its manifest)."""
    folder = out / "releases" / "r1"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"counts": {"articles": articles}}))
    os.symlink("releases/r1", out / "current")


@pytest.fixture
def cache(tmp_path):
    return FileCache(tmp_path / "cache", Limits())


def test_new_changed_unchanged_and_deleted_files_are_told_apart(tmp_path, cache):
    ledger = Ledger({"a.txt": ("s1", "r0"), "b.txt": ("s1", "r0"), "gone.txt": ("s1", "r0")})
    cache.store("gone.txt", "s1", FileResult(*_cached_rows()))  # its rows can be read back
    found = Discovery([_file("a.txt"), _file("b.txt", "s2"), _file("c.txt")], [])
    plan = plan_run(found, tmp_path / "out", cache, ledger=ledger)
    assert [f.source_file for f in plan.files] == ["a.txt", "b.txt", "c.txt", "gone.txt"]
    assert [f.source_file for f in plan.kept] == ["gone.txt"] and plan.removed == [] and plan.changed == ["b.txt"]
    counts = plan.incremental(processed=2, reused=2, superseded=None)
    assert counts["files_new"] == 1 and counts["files_changed"] == 1 and counts["files_unchanged"] == 1
    assert counts["files_deleted_kept"] == 1 and counts["superseded_versions"] == 0


def test_prune_and_the_discover_patterns_remove_a_release_file(tmp_path, cache):
    ledger = Ledger({"gone.txt": ("s1", "r0"), "README.txt": ("s1", "r0")})
    found = Discovery([], [Ignored("README.txt", "excluded")])
    pruned = plan_run(found, tmp_path / "out", cache, prune=True, allow_empty=True, ledger=ledger)
    assert pruned.removed_paths == {"gone.txt", "README.txt"} and pruned.files == []
    with pytest.raises(LostFile, match=r"1 file\(s\) of the published dataset are gone .*gone.txt.*--prune"):
        plan_run(found, tmp_path / "out", cache, ledger=ledger)  # README.txt goes; gone.txt has no cache entry


def test_a_full_rebuild_reads_no_ledger(tmp_path, cache):
    plan = plan_run(Discovery([_file("a.txt")], []), tmp_path / "out", cache, full=True)
    assert plan.ledger.files == {} and plan.superseded(tmp_path / "out", None, None, "r1") is None


def test_nothing_to_read_does_not_replace_a_release_that_holds_articles(tmp_path, cache):
    out = tmp_path / "out"
    out.mkdir()
    plan_run(Discovery([], []), out, cache)  # no release yet: an empty one may be published
    _release(out, articles=3)
    with pytest.raises(EmptyInput, match=r"release r1 holds 3 articles.*--allow-empty"):
        plan_run(Discovery([], []), out, cache, raw_dir=tmp_path / "raw")
    assert plan_run(Discovery([], []), out, cache, allow_empty=True).files == []


def _cached_rows():
    from newsclean.core.schema import QUARANTINE_ROWS
    from newsclean.stages.per_file import empty_rows

    return empty_rows(), QUARANTINE_ROWS.empty_table(), 0
