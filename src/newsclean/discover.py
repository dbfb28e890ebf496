"""discover: list the raw files to process, with their sha256.

Keeps: regular files (or links to files inside the raw root) ending in
``.txt``, ``.txt.gz``, ``.jsonl`` or ``.jsonl.gz``.
Ignores, and reports with a reason: hidden files and folders, links whose
target leaves the raw root, broken links, and files of other types.  Ignored
paths are not documents, so they are not quarantined; the run summary and
manifest list them.

Reads: the raw root.  Adds: ``source_file``, ``source_sha256`` (carried on
by ingest into every row).
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".txt", ".txt.gz", ".jsonl", ".jsonl.gz")

STAGE = {"name": "discover", "reads": (), "adds": ("source_file", "source_sha256")}


@dataclass(frozen=True, slots=True)  # slots: a million-article corpus can be 100k files, listed for the whole run
class RawFile:
    path: str  # absolute path as found (may be a link inside the root)
    source_file: str  # relative to the raw root, '/'-separated
    size: int
    sha256: str | None  # None when the file could not be read; ingest quarantines it
    error: str | None = None


@dataclass(frozen=True)
class Ignored:
    source_file: str
    reason: str  # hidden | link_outside_root | broken_link | unsupported_type


@dataclass(frozen=True)
class Discovery:
    files: list[RawFile]
    ignored: list[Ignored]


def file_kind(name: str) -> str | None:
    lower = name.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return None


def sha256_of(path: str, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


HASH_THREADS = 4
HASH_CHUNK = 256  # files per thread-pool job


def _raw_file(found: tuple[str, str]) -> RawFile:
    full, rel = found
    try:
        size = os.stat(full).st_size
        digest = sha256_of(full)
    except OSError as exc:
        return RawFile(full, rel, 0, None, f"{type(exc).__name__}: {exc}")
    return RawFile(full, rel, size, digest)


def _raw_files(found: list[tuple[str, str]]) -> list[RawFile]:
    return [_raw_file(one) for one in found]


def _inside(root: Path, target: Path) -> bool:
    return target == root or root in target.parents


def discover(raw_root: str | Path) -> Discovery:
    """Walk ``raw_root`` in sorted order, so the result never depends on the file system's order."""
    root = Path(raw_root).resolve(strict=True)
    if not root.is_dir():
        raise NotADirectoryError(f"raw root is not a folder: {root}")
    found: list[tuple[str, str]] = []
    ignored: list[Ignored] = []
    # Links to folders are not followed: a folder link inside the root would
    # list the same files twice, and one leaving the root must not be read.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames):
            full = here / name
            rel = full.relative_to(root).as_posix()
            if name.startswith("."):
                ignored.append(Ignored(rel + "/", "hidden"))
            elif full.is_symlink():
                target = full.resolve()
                ignored.append(Ignored(rel + "/", "link_outside_root" if not _inside(root, target) else "folder_link"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        # Plain strings, not a Path per file: at 100k files the Paths' debris stayed in the process's heap.
        prefix = "" if here == root else here.relative_to(root).as_posix() + "/"
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = prefix + name
            if name.startswith("."):
                ignored.append(Ignored(rel, "hidden"))
                continue
            if os.path.islink(full):
                try:
                    target = Path(full).resolve(strict=True)
                except (OSError, RuntimeError):
                    ignored.append(Ignored(rel, "broken_link"))
                    continue
                if not _inside(root, target):
                    ignored.append(Ignored(rel, "link_outside_root"))
                    continue
            if file_kind(name) is None:
                ignored.append(Ignored(rel, "unsupported_type"))
                continue
            found.append((full, rel))
    # Hashing reads every byte of the corpus: threads overlap the reads, and hashlib lets go of the GIL while
    # it digests a block, so a second core takes half the work of the large files.  The pool gets chunks of
    # files, not files: Executor.map makes every future up front, and a future per file held (and, freed,
    # fragmented) ~1.4 KB per file in the run's process all run long -- 140 MiB at 100k files.
    chunks = [found[i:i + HASH_CHUNK] for i in range(0, len(found), HASH_CHUNK)]
    with ThreadPoolExecutor(HASH_THREADS) as pool:
        files = [raw for chunk in pool.map(_raw_files, chunks) for raw in chunk]
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
