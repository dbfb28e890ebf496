"""Incremental runs: only new and changed files are processed, and the result equals a full rebuild."""

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import RAW

pytestmark = pytest.mark.flow
RUN_COLUMNS = ["run_id", "processed_at"]


def _articles(out: Path):
    table = pq.read_table(out / "current" / "articles")
    return table.drop_columns(RUN_COLUMNS).sort_by("article_id")


def _copy(names: list[Path], raw: Path) -> None:
    for source in names:
        target = raw / source.relative_to(RAW)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def _raw_files() -> list[Path]:
    return sorted(
        p
        for p in RAW.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not any(part.startswith(".") for part in p.relative_to(RAW).parts)
        and p.suffix in (".txt", ".jsonl", ".gz")
    )


def test_three_batches_give_the_full_rebuild_and_keep_copies_and_old_versions(flow_module, tmp_path):
    raw, out, rebuilt = tmp_path / "raw", tmp_path / "out", tmp_path / "rebuilt"
    files = _raw_files()
    plain = [p for p in files if p.suffix == ".txt" and p.stat().st_size > 300 and "broken" not in p.parts]
    first, second, third = files[0::3], files[1::3], files[2::3]  # each batch a mix of folders
    published_one = next(p for p in plain if p in first)

    _copy(first, raw)
    one = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert one["incremental"]["files_processed"] == len(first) and one["incremental"]["files_from_cache"] == 0

    _copy(second, raw)
    copy_path = raw / "zz-late" / "copy-of-published.txt"  # an already published article arrives again, elsewhere
    copy_path.parent.mkdir(parents=True)
    shutil.copy2(published_one, copy_path)
    two = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert two["incremental"]["files_from_cache"] == len(first)
    assert two["incremental"]["files_processed"] == len(second) + 1
    duplicates = pq.read_table(out / "current" / "duplicates").to_pylist()
    assert "zz-late/copy-of-published.txt" in {d["source_file"] for d in duplicates}

    _copy(third, raw)
    changed = raw / next(p for p in plain if p in first and p != published_one).relative_to(RAW)
    old_ids = {
        r["article_id"]
        for r in pq.read_table(out / "current" / "articles").to_pylist()
        if r["source_file"] == changed.relative_to(raw).as_posix()
    }
    changed.write_text(
        changed.read_text(encoding="utf-8").rstrip() + "\n\nCorrection: an earlier version of this "
        "article misstated the ferry timetable, which runs every hour.\n",
        encoding="utf-8",
    )
    three = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert three["incremental"]["files_changed"] == 1 and three["incremental"]["files_processed"] == len(third) + 1
    assert three["incremental"]["superseded_versions"] >= 1

    flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(rebuilt), full=True)
    assert _articles(out).equals(_articles(rebuilt))  # incremental == full rebuild

    duplicates = pq.read_table(out / "current" / "duplicates").to_pylist()
    article_ids = set(pq.read_table(out / "current" / "articles").column("article_id").to_pylist())
    old = [d for d in duplicates if d["method"] == "superseded"]
    assert {d["article_id"] for d in old} == old_ids and all(d["reason"] == "newer_version" for d in old)
    assert all(d["duplicate_of"] in article_ids for d in duplicates)  # every pointer names a kept article
    assert "zz-late/copy-of-published.txt" in {d["source_file"] for d in duplicates}

    # A deleted file keeps its rows; --prune removes them.
    changed.unlink()
    kept = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert kept["incremental"]["files_deleted_kept"] == 1 and _articles(out).equals(_articles(rebuilt))
    pruned = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out), prune=True)
    assert pruned["incremental"]["files_pruned"] == 1
    source_files = set(pq.read_table(out / "current" / "articles").column("source_file").to_pylist())
    assert changed.relative_to(raw).as_posix() not in source_files


def test_an_empty_raw_folder_does_not_replace_a_release_that_holds_articles(flow_module, tmp_path):
    """A missing mount or an emptied folder must not publish an empty dataset over a full one (issue 21): the
    run refuses and says why; --allow-empty publishes it; a first run on an empty folder publishes as before."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    _copy([p for p in _raw_files() if p.suffix == ".txt"][:4], raw)
    first = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert first["counts"]["articles"] > 0
    for path in raw.rglob("*.txt"):
        path.unlink()
    with pytest.raises(flow_module.EmptyInput, match="holds .* articles.*--allow-empty"):
        flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out), prune=True)
    assert (out / "current").resolve().name == first["run_id"]  # the release stays
    emptied = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out), prune=True, allow_empty=True)
    assert emptied["published"] and emptied["counts"]["articles"] == 0
    empty_start = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(tmp_path / "fresh"))
    assert empty_start["published"]


def test_a_published_file_the_discover_patterns_now_leave_out_leaves_the_release(flow_module, tmp_path):
    """An upgrade's default exclude (or a new exclude) drops a published README.txt from the release, even with
    its cached results gone: it is there, the user chose not to read it; it is no lost file (issue 21)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    _copy([p for p in _raw_files() if p.suffix == ".txt"][:3], raw)
    (raw / "README.txt").write_text(
        "Notes on this folder of articles, which the reader of the corpus should "
        "see before anything else: where the files came from and who wrote them.\n"
    )
    first = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out), config={"discover": {"exclude": []}})
    assert "README.txt" in set(pq.read_table(out / "current" / "articles").column("source_file").to_pylist())
    shutil.rmtree(out / "cache" / "files")  # its cached results gone too
    second = flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(out))
    assert {"source_file": "README.txt", "reason": "excluded"} in second["ignored"]
    assert second["incremental"]["files_pruned"] == 1 and second["incremental"]["files_deleted_kept"] == 0
    assert "README.txt" not in set(pq.read_table(out / "current" / "articles").column("source_file").to_pylist())
    assert second["counts"]["articles"] == first["counts"]["articles"] - 1
