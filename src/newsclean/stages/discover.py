"""discover: list the raw files to process, with their sha256.

Keeps: regular files (or links to regular files inside the raw root) ending in
``.txt``, ``.txt.gz``, ``.jsonl`` or ``.jsonl.gz`` that the [discover] include
and exclude patterns select.
Ignores, and reports with a reason (``IGNORED_REASONS``): hidden files and
folders, links whose target leaves the raw root, broken links, links to
folders, files of other types, files the patterns leave out (a corpus's
README.TXT is no article), and anything that is not a regular file (a
FIFO or a device named ``*.txt`` would block a read for ever).  Ignored paths
are not documents, so they are not quarantined; the run summary and
manifest list them.  A file whose name is not UTF-8 is listed with the
``file_name_not_utf8`` error (ingest quarantines it): a ``source_file`` must
be text every reader can hold, so it shows the name's bytes as ``\\xNN``.

The file read is the file discovered: discovery records each file's
(device, inode), and every later open (hashing here, reading in ingest) goes
through ``open_discovered``, which does not follow a link and checks, on the
open descriptor, that it is that same regular file.  A file swapped for a
link (or another file) during the run is ``changed_during_run``, never read
from wherever the link points.

Reads: the raw root.  Adds: ``source_file``, ``source_sha256`` (carried on
by ingest into every row).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from newsclean.core.contract import Stage

SUFFIXES = (".txt", ".txt.gz", ".jsonl", ".jsonl.gz")


IGNORED_REASONS = {
    "hidden": "a file or folder whose name starts with '.'",
    "link_outside_root": "a link whose target is outside the raw root: never read",
    "broken_link": "a link whose target does not exist",
    "folder_link": "a link to a folder inside the raw root: its files are listed where they are",
    "unsupported_type": "a file whose name does not end in .txt, .txt.gz, .jsonl or .jsonl.gz",
    "not_regular_file": "a FIFO, socket or device (or a link to one): only regular files are read",
    "excluded": "a file matching a [discover] exclude pattern (by default a README, LICENSE, CHANGELOG or index file)",
    "not_included": "a file matching none of the [discover] include patterns",
}


# The ignored reasons of files the [discover] patterns leave out: a release that holds such a file drops it.
SELECTED_OUT = ("excluded", "not_included")


@dataclass(frozen=True, slots=True)  # slots: a million-article corpus can be 100k files, listed for the whole run
class RawFile:
    path: str  # absolute path of the file read: the file as found, or the target of a link inside the root
    source_file: str  # relative to the raw root, '/'-separated, valid UTF-8
    size: int
    sha256: str | None  # None when the file could not be read; ingest quarantines it
    error: str | None = None  # why it could not be read, for a person
    reason: str = "read_error"  # the quarantine reason code that goes with ``error``
    identity: tuple[int, int] | None = None  # (st_dev, st_ino) discovery saw: what every read must open


@dataclass(frozen=True)
class Ignored:
    source_file: str
    reason: str  # a key of IGNORED_REASONS


@dataclass(frozen=True)
class Discovery:
    files: list[RawFile]
    ignored: list[Ignored]


class NotTheDiscoveredFile(OSError):
    """The path now names something other than the regular file discovery saw (a link, another file, a FIFO)."""


def glob_regex(pattern: str) -> re.Pattern:
    """A glob on a '/'-separated path under the raw root, case-blind: ``*`` and ``?`` stay inside one folder or
    name, ``**`` spans folders ("bbc/**", "**/drafts/*"); a pattern ending in '/' is a folder ("bbc/": its files at
    any depth); any other pattern without '/' matches a file's name at any depth ("README*").  (pathlib's
    ``match`` has no ``**`` before Python 3.13, fnmatch lets ``*`` cross folders.)"""
    text = pattern.strip()
    if text.endswith("/"):  # "bbc/": the folder's files at any depth
        text = text.rstrip("/") + "/**"
    text = text.strip("/")
    if "/" not in text:
        text = "**/" + text
    out, i = [], 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.IGNORECASE)


class FileSelection:
    """The [discover] include and exclude patterns, compiled once: ``reason(path)`` is the ignored reason of a
    file's path under the raw root, or None when it is read."""

    def __init__(self, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()):
        self.include = [glob_regex(p) for p in include]
        self.exclude = [glob_regex(p) for p in exclude]

    def reason(self, path: str) -> str | None:
        if any(p.match(path) for p in self.exclude):
            return "excluded"
        if self.include and not any(p.match(path) for p in self.include):
            return "not_included"
        return None


def file_kind(name: str) -> str | None:
    lower = name.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return None


def printable_name(name: str) -> str:
    """``name`` as valid UTF-8: bytes that are not UTF-8 (held by Python as surrogate escapes) shown as ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


# O_NOFOLLOW: a link is refused, not followed.  O_NONBLOCK: a FIFO put in a file's place cannot block the open.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def open_discovered(path: str, identity: tuple[int, int] | None) -> int:
    """A read-only descriptor of the regular file at ``path``, which must be the one discovery saw (``identity``).

    Raises NotTheDiscoveredFile when the path is now a link, not a regular file, or another file; other
    OSErrors (gone, no permission) as they are.  The caller closes the descriptor.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotTheDiscoveredFile(f"{path} was replaced by a link after discovery") from exc
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or (identity is not None and (info.st_dev, info.st_ino) != identity):
        os.close(fd)
        what = (
            "is no longer a regular file"
            if not stat.S_ISREG(info.st_mode)
            else "is another file than the one discovered"
        )
        raise NotTheDiscoveredFile(f"{path} {what}")
    return fd


def read_discovered(path: str, identity: tuple[int, int] | None, limit: int) -> bytes:
    """Up to ``limit`` bytes of the discovered file at ``path`` (see ``open_discovered``)."""
    fd = open_discovered(path, identity)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit)


def sha256_of(path: str, identity: tuple[int, int] | None = None, chunk: int = 1 << 20) -> tuple[str, int]:
    """(sha256, size in bytes) of the discovered file at ``path``."""
    digest = hashlib.sha256()
    size = 0
    fd = open_discovered(path, identity)
    with os.fdopen(fd, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


HASH_THREADS = 4
HASH_CHUNK = 256  # files per thread-pool job


@dataclass(frozen=True, slots=True)
class _Found:
    path: str
    source_file: str
    identity: tuple[int, int]


def _raw_file(found: _Found) -> RawFile:
    try:
        digest, size = sha256_of(found.path, found.identity)
    except NotTheDiscoveredFile as exc:
        return RawFile(found.path, found.source_file, 0, None, str(exc), "changed_during_run", found.identity)
    except OSError as exc:
        return RawFile(
            found.path, found.source_file, 0, None, f"{type(exc).__name__}: {exc}", "read_error", found.identity
        )
    return RawFile(found.path, found.source_file, size, digest, identity=found.identity)


def _raw_files(found: list[_Found]) -> list[RawFile]:
    return [_raw_file(one) for one in found]


def _inside(root: Path, target: Path) -> bool:
    return target == root or root in target.parents


def _link_target(root: Path, full: str) -> tuple[str | None, os.stat_result | None, str | None, bool]:
    """(target path, its lstat, None, is a folder) for a link to something inside the root, else (None, None,
    ignored reason, whether the target is a folder)."""
    try:
        target = Path(full).resolve(strict=True)
    except (OSError, RuntimeError):
        return None, None, "broken_link", False
    if not _inside(root, target):
        return None, None, "link_outside_root", target.is_dir()
    try:
        info = os.lstat(target)  # resolved: no link left on the path
    except OSError:
        return None, None, "broken_link", False
    folder = stat.S_ISDIR(info.st_mode)
    return str(target), info, "folder_link" if folder else None, folder


def _walk(root: Path, selection: FileSelection) -> tuple[list[_Found], list[RawFile], list[Ignored]]:
    """Every entry under ``root`` in sorted order: (files to hash, files listed with an error, ignored paths).

    Links to folders are not followed: a folder link inside the root would list the same files twice, and one
    leaving the root must not be read.  Plain strings, not a Path per file: at 100k files the Paths' debris
    stayed in the process's heap.
    """
    found: list[_Found] = []
    failed: list[RawFile] = []
    ignored: list[Ignored] = []
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            failed.append(RawFile(folder, printable_name(prefix) or ".", 0, None, f"{type(exc).__name__}: {exc}"))
            continue
        folders = []
        for entry in entries:
            rel = prefix + entry.name
            shown = printable_name(rel)
            if entry.name.startswith("."):
                ignored.append(Ignored(shown + ("/" if entry.is_dir(follow_symlinks=False) else ""), "hidden"))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, rel + "/"))
            else:
                _file_entry(root, entry, rel, shown, selection, found, failed, ignored)
        pending.extend(reversed(folders))  # popped in sorted order
    return found, failed, ignored


def _file_entry(
    root: Path,
    entry: os.DirEntry,
    rel: str,
    shown: str,
    selection: FileSelection,
    found: list[_Found],
    failed: list[RawFile],
    ignored: list[Ignored],
) -> None:
    path = entry.path
    if entry.is_symlink():
        path, info, why, folder = _link_target(root, entry.path)
        if why is not None:  # a link to a folder is named as a folder, with a trailing '/'
            ignored.append(Ignored(shown + ("/" if folder else ""), why))
            return
    else:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            failed.append(RawFile(path, shown, 0, None, f"{type(exc).__name__}: {exc}"))
            return
    if file_kind(entry.name) is None:
        ignored.append(Ignored(shown, "unsupported_type"))
    elif (why := selection.reason(shown)) is not None:
        ignored.append(Ignored(shown, why))
    elif not stat.S_ISREG(info.st_mode):
        ignored.append(Ignored(shown, "not_regular_file"))
    elif shown != rel:
        failed.append(
            RawFile(
                path,
                shown,
                info.st_size,
                None,
                f"the name's bytes are not UTF-8: {shown!r}",
                "file_name_not_utf8",
                (info.st_dev, info.st_ino),
            )
        )
    else:
        found.append(_Found(path, rel, (info.st_dev, info.st_ino)))


def discover(raw_root: str | Path, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Discovery:
    """Walk ``raw_root`` in sorted order, so the result never depends on the file system's order; ``include`` and
    ``exclude`` are the [discover] patterns (``FileSelection``; the flow passes the configured ones, whose default
    excludes README, LICENSE, CHANGELOG and index files)."""
    root = Path(raw_root).resolve(strict=True)
    if not root.is_dir():
        raise NotADirectoryError(f"raw root is not a folder: {root}")
    found, failed, ignored = _walk(root, FileSelection(include, exclude))
    # Hashing reads every byte of the corpus: threads overlap the reads, and hashlib lets go of the GIL while
    # it digests a block, so a second core takes half the work of the large files.  The pool gets chunks of
    # files, not files: Executor.map makes every future up front, and a future per file held (and, freed,
    # fragmented) ~1.4 KB per file in the run's process all run long -- 140 MiB at 100k files.
    chunks = [found[i : i + HASH_CHUNK] for i in range(0, len(found), HASH_CHUNK)]
    del found
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        files = [raw for chunk in pool.map(_raw_files, chunks) for raw in chunk] + failed
    files.sort(key=lambda f: f.source_file)
    ignored.sort(key=lambda i: i.source_file)
    return Discovery(files, ignored)


def in_batches(files: list[RawFile], max_files: int, max_bytes: int) -> list[list[RawFile]]:
    """``files`` in order, cut into batches of at most ``max_files`` files and ``max_bytes`` bytes (a larger
    file is a batch of its own): the unit of ingest's tasks and worker jobs."""
    batches: list[list[RawFile]] = []
    held = 0
    for raw in files:
        if not batches or len(batches[-1]) == max_files or (batches[-1] and held + raw.size > max_bytes):
            batches.append([])
            held = 0
        batches[-1].append(raw)
        held += raw.size
    return batches


STAGE = Stage("discover", discover, adds=("source_file", "source_sha256"), output=None, takes_table=False)
