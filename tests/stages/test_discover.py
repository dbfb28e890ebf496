import hashlib
import os

from newsclean.stages.discover import discover, file_kind


def make_tree(root):
    (root / "b").mkdir()
    (root / "b" / "z.txt").write_text("z")
    (root / "a.jsonl.gz").write_bytes(b"x")
    (root / "a.txt").write_text("hello")
    (root / "notes.md").write_text("ignored")
    (root / ".hidden.txt").write_text("ignored")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("ignored")
    outside = root.parent / "outside.txt"
    outside.write_text("outside the raw root")
    os.symlink(outside, root / "escape.txt")
    os.symlink(root / "a.txt", root / "inside-link.txt")
    os.symlink(root / "missing.txt", root / "dangling.txt")


def test_discover_keeps_text_files_in_sorted_order_with_sha256(tmp_path):
    root = tmp_path / "raw"
    root.mkdir()
    make_tree(root)
    found = discover(root)
    assert [f.source_file for f in found.files] == ["a.jsonl.gz", "a.txt", "b/z.txt", "inside-link.txt"]
    a = next(f for f in found.files if f.source_file == "a.txt")
    assert a.sha256 == hashlib.sha256(b"hello").hexdigest() and a.size == 5


def test_discover_reports_what_it_ignores_and_why(tmp_path):
    root = tmp_path / "raw"
    root.mkdir()
    make_tree(root)
    ignored = {i.source_file: i.reason for i in discover(root).ignored}
    assert ignored == {
        ".git/": "hidden",
        ".hidden.txt": "hidden",
        "notes.md": "unsupported_type",
        "escape.txt": "link_outside_root",
        "dangling.txt": "broken_link",
    }


def test_file_kinds():
    assert file_kind("X.TXT") == ".txt"
    assert file_kind("a.jsonl.gz") == ".jsonl.gz"
    assert file_kind("a.txt.gz") == ".txt.gz"
    assert file_kind("a.gz") is None and file_kind("a.csv") is None


def test_batches_close_at_the_file_count_or_the_byte_budget_whichever_comes_first():
    from newsclean.stages.discover import RawFile, in_batches

    files = [RawFile(f"/raw/{n}", f"{n}", size, None) for n, size in enumerate([10, 10, 10, 50, 10, 100, 1, 1, 1])]
    batches = [[f.source_file for f in batch] for batch in in_batches(files, max_files=3, max_bytes=40)]
    assert batches == [["0", "1", "2"], ["3"], ["4"], ["5"], ["6", "7", "8"]]
    assert in_batches([], 3, 40) == []
    assert [len(b) for b in in_batches(files, max_files=500, max_bytes=10**9)] == [9]


STORY = (
    "The harbour board said on Tuesday that the ferry timetable will run every hour through the winter, "
    "and the council agreed to pay for the extra crossings.\n"
)


def test_a_file_swapped_for_a_link_while_discovery_hashes_is_never_read_through_the_link(tmp_path, monkeypatch):
    """Issue 19 (2): the walk sees a regular zzz.txt; before it is hashed, a link to a file outside the root is
    renamed over it.  Neither hashing nor reading may follow it: the file is changed_during_run."""
    import newsclean.stages.discover as discovery
    from newsclean.core.config import Limits
    from newsclean.stages.per_file import process_files

    root, outside = tmp_path / "raw", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret ledger\n\n" + STORY * 3)
    (root / "aaa.txt").write_text("Ferry timetable\n\n" + STORY * 3)
    (root / "zzz.txt").write_text("Pier repairs\n\n" + STORY * 2)
    hash_files = discovery._raw_files

    def swap_then_hash(chunk):
        link = root / ".swap"
        os.symlink(outside / "secret.txt", link)
        os.replace(link, root / "zzz.txt")
        return hash_files(chunk)

    monkeypatch.setattr(discovery, "_raw_files", swap_then_hash)
    found = discover(root)
    secret = hashlib.sha256((outside / "secret.txt").read_bytes()).hexdigest()
    assert all(f.sha256 != secret for f in found.files)
    batch = process_files(found.files, Limits())
    reasons = dict(
        zip(batch.quarantine.column("source_file").to_pylist(), batch.quarantine.column("reason").to_pylist())
    )
    assert reasons == {"zzz.txt": "changed_during_run"}
    assert batch.rows.column("source_file").to_pylist() == ["aaa.txt"]
    assert "Secret" not in " ".join(batch.rows.column("text").to_pylist())


def test_a_file_replaced_by_another_or_by_a_link_after_discovery_is_not_read(tmp_path):
    """Issue 19 (2): between discovery and reading, one file is replaced by another regular file (same bytes, so
    the sha256 check alone would pass) and one by a link: both are changed_during_run."""
    from newsclean.core.config import Limits
    from newsclean.stages.per_file import process_files

    root = tmp_path / "raw"
    root.mkdir()
    text = "Ferry timetable\n\n" + STORY * 3
    for name in ("keep.txt", "other.txt", "linked.txt"):
        (root / name).write_text(text)
    (tmp_path / "elsewhere.txt").write_text(text)
    found = discover(root).files
    (root / ".new").write_text(text)
    os.replace(root / ".new", root / "other.txt")
    os.symlink(tmp_path / "elsewhere.txt", root / ".link")
    os.replace(root / ".link", root / "linked.txt")
    batch = process_files(found, Limits())
    reasons = dict(
        zip(batch.quarantine.column("source_file").to_pylist(), batch.quarantine.column("reason").to_pylist())
    )
    assert reasons == {"linked.txt": "changed_during_run", "other.txt": "changed_during_run"}
    assert batch.rows.column("source_file").to_pylist() == ["keep.txt"]


def _discover_within(root, seconds: float):
    import threading

    result: list = []
    worker = threading.Thread(target=lambda: result.append(discover(root)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"discovery did not finish in {seconds} s (blocked on a FIFO or a device)"
    return result[0]


def test_fifos_and_devices_named_txt_are_ignored_not_opened(tmp_path):
    """Issue 19 (6): a FIFO named *.txt blocked discovery for ever (and a character device would be read
    without end).  Only regular files are read; the others are listed as ignored, with a reason."""
    import stat

    root = tmp_path / "raw"
    root.mkdir()
    (root / "a.txt").write_text("Ferry timetable\n\n" + STORY)
    os.mkfifo(root / "pipe.txt")
    expected = {"pipe.txt": "not_regular_file"}
    try:
        os.mknod(root / "zero.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is
        expected["zero.txt"] = "not_regular_file"
    except PermissionError:
        pass  # not root here: the FIFO alone shows the rule
    (root / "fifo-link.txt").symlink_to(root / "pipe.txt")
    expected["fifo-link.txt"] = "not_regular_file"
    found = _discover_within(root, 20)
    assert [f.source_file for f in found.files] == ["a.txt"]
    assert {i.source_file: i.reason for i in found.ignored} == expected


def test_a_name_that_is_not_utf8_is_quarantined_with_a_printable_source_file(tmp_path):
    """Issue 19 (5): a file named b'bad\\xff.txt' raised UnicodeEncodeError in FileCache.key and blocked the
    whole corpus.  It is listed with a printable name and quarantined (file_name_not_utf8); the rest goes on."""
    from newsclean.core.config import Limits
    from newsclean.runtime.cache import FileCache
    from newsclean.stages.per_file import process_files

    root = tmp_path / "raw"
    root.mkdir()
    (root / "good.txt").write_text("Ferry timetable\n\n" + STORY * 2)
    (root / os.fsdecode(b"bad\xff.txt")).write_text("Pier repairs\n\n" + STORY * 2)
    (root / os.fsdecode(b"caf\xe9")).mkdir()
    (root / os.fsdecode(b"caf\xe9") / "inner.txt").write_text("Harbour lights\n\n" + STORY * 2)
    found = discover(root)
    names = [f.source_file for f in found.files]
    assert names == ["bad\\xff.txt", "caf\\xe9/inner.txt", "good.txt"]
    for name in names:
        name.encode("utf-8")  # every source_file is valid UTF-8
    batch = process_files(found.files, Limits(), FileCache(tmp_path / "cache", Limits()))
    reasons = dict(
        zip(batch.quarantine.column("source_file").to_pylist(), batch.quarantine.column("reason").to_pylist())
    )
    assert reasons == {"bad\\xff.txt": "file_name_not_utf8", "caf\\xe9/inner.txt": "file_name_not_utf8"}
    assert batch.rows.column("source_file").to_pylist() == ["good.txt"]


# [discover] include / exclude (issue 21)


def _corpus_folder(root):
    for rel in [
        "README.TXT",
        "LICENSE.txt",
        "index.jsonl",
        "bbc/politics/1.txt",
        "bbc/politics/drafts/2.txt",
        "bbc/README.txt",
        "wire/feed.jsonl",
        "readme-style-guide.txt",
        "politics/my-readme.txt",
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")


def test_the_default_exclude_lists_a_corpus_readme_and_licence_as_ignored_with_a_reason(tmp_path):
    from newsclean.core.config import Settings

    _corpus_folder(tmp_path)
    patterns = Settings().discover
    found = discover(tmp_path, patterns.include, patterns.exclude)
    assert [f.source_file for f in found.files] == [
        "bbc/politics/1.txt",
        "bbc/politics/drafts/2.txt",
        "politics/my-readme.txt",
        "wire/feed.jsonl",
    ]
    assert {i.source_file: i.reason for i in found.ignored} == {
        "README.TXT": "excluded",
        "LICENSE.txt": "excluded",
        "index.jsonl": "excluded",
        "bbc/README.txt": "excluded",
        "readme-style-guide.txt": "excluded",
    }
    assert [f.source_file for f in discover(tmp_path).files][0] == "LICENSE.txt"  # no patterns: every file


def test_include_and_exclude_globs_select_folders_and_names(tmp_path):
    _corpus_folder(tmp_path)
    found = discover(tmp_path, include=("bbc/**",), exclude=("**/drafts/*", "README*"))
    assert [f.source_file for f in found.files] == ["bbc/politics/1.txt"]
    reasons = {i.source_file: i.reason for i in found.ignored}
    assert reasons["bbc/politics/drafts/2.txt"] == "excluded" and reasons["wire/feed.jsonl"] == "not_included"
    assert reasons["README.TXT"] == "excluded"  # exclude wins over include
    assert [f.source_file for f in discover(tmp_path, include=("*.jsonl",)).files] == ["index.jsonl", "wire/feed.jsonl"]


def test_glob_patterns_keep_single_stars_inside_one_folder():
    from newsclean.stages.discover import glob_regex

    assert glob_regex("bbc/*.txt").match("bbc/1.txt") and not glob_regex("bbc/*.txt").match("bbc/politics/1.txt")
    assert glob_regex("bbc/**/*.txt").match("bbc/1.txt") and glob_regex("bbc/**/*.txt").match("bbc/a/b/1.txt")
    assert glob_regex("BBC/**").match("bbc/politics/1.txt")  # case-blind
    assert not glob_regex("bbc/**").match("bbc-archive/1.txt")


def test_the_discover_patterns_are_read_from_the_config_file(tmp_path):
    import pytest

    from newsclean.core.config import ConfigError, load_settings

    config = tmp_path / "newsclean.toml"
    config.write_text('[discover]\ninclude = ["bbc/**"]\nexclude = []\n')
    settings = load_settings(config)
    assert settings.discover.include == ("bbc/**",) and settings.discover.exclude == ()
    config.write_text('[discover]\ninclude = "bbc/**"\n')
    with pytest.raises(ConfigError, match="discover.include must be a list of strings"):
        load_settings(config)
