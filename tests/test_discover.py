import hashlib
import os

from newsclean.discover import discover, file_kind


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
    from newsclean.discover import RawFile, in_batches

    files = [RawFile(f"/raw/{n}", f"{n}", size, None) for n, size in enumerate([10, 10, 10, 50, 10, 100, 1, 1, 1])]
    batches = [[f.source_file for f in batch] for batch in in_batches(files, max_files=3, max_bytes=40)]
    assert batches == [["0", "1", "2"], ["3"], ["4"], ["5"], ["6", "7", "8"]]
    assert in_batches([], 3, 40) == []
    assert [len(b) for b in in_batches(files, max_files=500, max_bytes=10**9)] == [9]
