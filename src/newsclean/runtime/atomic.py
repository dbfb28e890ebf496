"""atomic: the one way newsclean replaces a file or a link, so a crash leaves the old one or the new one, whole.

The new content is written under a temporary name on the same file system and renamed over the target
(``os.replace`` is atomic on POSIX); a failed write removes its temporary file at once.  Cache entries, store
parts, the release record and the ``current`` / ``latest`` links are all written through here.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(path: Path, write: Callable[[Path], None], folder: Path | None = None, durable: bool = False) -> None:
    """Write ``path`` through ``write(temporary)``, then rename the temporary file over it.

    ``folder``: where the temporary file goes (default: beside ``path``; a folder of its own lets its owner
    remove what killed writers left).  ``durable``: flush the file and its folder to disk, so the new content
    survives a power cut as well as a crash.
    """
    path = Path(path)
    folder = path.parent if folder is None else Path(folder)
    temporary = folder / f".{path.name}.{secrets.token_hex(4)}"
    try:
        write(temporary)
        if durable:
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


def replace_link(link: Path, target: str) -> None:
    """Point the symbolic link ``link`` at ``target`` with one rename: a reader sees the old target or the new."""
    link = Path(link)
    temporary = link.with_name(f".{link.name}.{secrets.token_hex(4)}")
    try:
        os.symlink(target, temporary)
        os.replace(temporary, link)
    except BaseException:
        if temporary.is_symlink():
            temporary.unlink()
        raise
