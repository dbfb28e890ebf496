"""release: where a published release lives under the output folder, and which one is current.

``<out>/releases/<run_id>/`` holds a release (its tables, sidecars, manifest and card); ``<out>/current`` is a
link to the current one.  Publishing writes them (``outputs.publish``); later runs read them (``stages.plan``,
``stages.versions``, ``stages.dedup.reference``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
PART = "part-00000.parquet"  # the sidecars' one file; the tables' files carry the run id (table_file)


def current_release(out_dir: Path) -> str | None:
    link = Path(out_dir) / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def current_articles(out_dir: Path) -> int:
    """How many articles the current release holds (its manifest's count; 0 when there is none)."""
    release = current_release(out_dir)
    if release is None:
        return 0
    try:
        manifest = json.loads((Path(out_dir) / RELEASES / release / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return int((manifest.get("counts") or {}).get("articles") or 0)
