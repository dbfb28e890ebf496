"""versions: what the published dataset already holds, file by file, and what a new run replaces.

The *ledger* (a sidecar of every release, ``releases/<run_id>/ledger``) lists
each raw file the release was made from: its path, sha256, and the run that
first processed that version.  The next run reads it to tell new, changed,
unchanged and deleted files apart:

- a deleted file's rows stay (read back from the per-file cache) unless the
  run is told to ``--prune``;
- a changed file (same path, new sha256) is a new version: its new rows go
  through the run like any other, and the articles of the old version that
  are gone go to ``duplicates`` with ``method = superseded`` and
  ``reason = newer_version``, pointing at the new version's article, so a
  correction stays traceable.  Earlier superseded rows are carried forward,
  re-pointed when the article they pointed at was itself replaced, so every
  ``duplicate_of`` names a kept article.

Reads: the current release's ``ledger``, ``articles`` and ``duplicates``.
Adds: the ``ledger`` sidecar; ``superseded`` rows of ``duplicates``.  As a stage (``supersede_same_url``, after
dedup): updates ``duplicate_count``, ``story_id`` and ``derivative_of`` of the rows that stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from newsclean.core.contract import Stage
from newsclean.core.release import CURRENT
from newsclean.core.schema import DUPLICATES, LEDGER
from newsclean.runtime.rowstore import Rows
from newsclean.stages.dedup.keep import older_versions, url_key
from newsclean.stages.discover import RawFile

SUPERSEDED, NEWER_VERSION = "superseded", "newer_version"


@dataclass(frozen=True)
class Ledger:
    files: dict[str, tuple[str, str]]  # source_file -> (sha256, run that first processed this version)

    @classmethod
    def read(cls, out_dir: Path) -> Ledger:
        """The current release's ledger; empty when nothing was published yet (or before ledgers existed)."""
        folder = Path(out_dir) / CURRENT / "ledger"
        if not folder.is_dir():
            return cls({})
        table = ds.dataset(folder, format="parquet").to_table()
        return cls(
            {
                f: (s, r)
                for f, s, r in zip(
                    *(table.column(c).to_pylist() for c in ("source_file", "source_sha256", "first_run_id"))
                )
            }
        )

    def changed(self, files: list[RawFile]) -> list[str]:
        return [
            f.source_file for f in files if f.source_file in self.files and f.sha256 != self.files[f.source_file][0]
        ]

    def new(self, files: list[RawFile]) -> list[str]:
        return [f.source_file for f in files if f.source_file not in self.files]

    def deleted(self, files: list[RawFile]) -> list[RawFile]:
        """Files the ledger lists that are no longer under the raw root, as RawFiles the cache can answer for."""
        present = {f.source_file for f in files}
        return [
            RawFile(path="", source_file=name, size=0, sha256=sha)
            for name, (sha, _) in sorted(self.files.items())
            if name not in present
        ]

    def table(self, files: list[RawFile], run_id: str, present: set[str]) -> pa.Table:
        """The ledger of the release this run makes: every file its rows came from."""
        rows = []
        for f in sorted(files, key=lambda f: f.source_file):
            if f.sha256 is None:
                continue  # unreadable: quarantined, and read again next run
            known = self.files.get(f.source_file)
            first = known[1] if known and known[0] == f.sha256 else run_id
            rows.append(
                {
                    "source_file": f.source_file,
                    "source_sha256": f.sha256,
                    "first_run_id": first,
                    "present": f.source_file in present,
                }
            )
        return pa.Table.from_pylist(rows, schema=LEDGER)


def _release_rows(out_dir: Path, table: str, source_files: list[str] | None = None) -> pa.Table | None:
    folder = Path(out_dir) / CURRENT / table
    if not folder.is_dir():
        return None
    dataset = ds.dataset(folder, format="parquet")
    return dataset.to_table(filter=ds.field("source_file").isin(source_files) if source_files is not None else None)


def _word_jaccard(a: str | None, b: str | None) -> float:
    """Overlap of the two texts' lower-cased word sets: how much of a version survived in the next."""
    first, second = set((a or "").lower().split()), set((b or "").lower().split())
    return len(first & second) / max(1, len(first | second))


def superseded(
    out_dir: Path,
    changed: list[str],
    pruned: set[str],
    articles: pa.Table | Rows,
    duplicates: pa.Table,
    run_id: str,
) -> pa.Table:
    """``superseded`` rows for the old versions of ``changed`` files, and the earlier ones carried forward.

    ``articles`` (a table, or Rows whose texts are in a store) and ``duplicates`` are this run's (before the
    superseded rows are added).  ``pruned`` files' history is dropped with them.  Rows keep the run that removed
    them (``run_id``).
    """
    articles = articles if isinstance(articles, Rows) else Rows(articles)
    kept_ids = set(articles.table.column("article_id").to_pylist())
    # Where a removed id now stands: this run's copies point at their kept row.
    points_to = dict(zip(duplicates.column("article_id").to_pylist(), duplicates.column("duplicate_of").to_pylist()))
    old = _release_rows(out_dir, "articles", changed) if changed else None
    rows = _replaced_versions(old, articles, changed, kept_ids, points_to, run_id) if old is not None else []
    rows += _carried_forward(out_dir, pruned, kept_ids, points_to)
    columns = [f.name for f in DUPLICATES]
    return pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=DUPLICATES)


def _articles_by_file(articles: pa.Table, files: list[str]) -> dict[str, list[tuple[int, str, int]]]:
    """This run's articles of ``files``, per file: (segment_index, article_id, row in ``articles``)."""
    mine = np.flatnonzero(np.asarray(pc.is_in(articles.column("source_file"), pa.array(files, pa.string())))).tolist()
    by_file: dict[str, list[tuple[int, str, int]]] = {}
    taken = (
        articles.column(c).take(pa.array(mine, pa.int64())).to_pylist()
        for c in ("article_id", "source_file", "segment_index")
    )
    for row, aid, source_file, segment in zip(mine, *taken):
        by_file.setdefault(source_file, []).append((segment, aid, row))
    return by_file


def _replaced_versions(
    old: pa.Table, articles: Rows, changed: list[str], kept_ids: set[str], points_to: dict[str, str], run_id: str
) -> list[dict]:
    """A superseded row for each article of the release's version of a changed file that is gone now, pointing at
    the new version's article of the same segment (else its first); ``points_to`` learns where each went."""
    new_by_file = _articles_by_file(articles.table, changed)
    rows, targets = [], []
    for row in old.select(["article_id", "source_file", "segment_index", "title", "text"]).to_pylist():
        if row["article_id"] in kept_ids or row["article_id"] in points_to:
            continue  # the same text is still here (kept, or removed as a copy in this run)
        candidates = sorted(new_by_file.get(row["source_file"], []))
        if not candidates:
            continue  # the new version has no article (quarantined): its quarantine row tells why
        same = [c for c in candidates if c[0] == row["segment_index"]]
        _, target, at = (same or candidates)[0]
        targets.append((row, at))
        rows.append(
            {
                "article_id": row["article_id"],
                "duplicate_of": target,
                "method": SUPERSEDED,
                "reason": NEWER_VERSION,
                "source_file": row["source_file"],
                "segment_index": row["segment_index"],
                "title": row["title"],
                "run_id": run_id,
            }
        )
        points_to[row["article_id"]] = target
    new_texts = articles.texts([at for _, at in targets])
    for out, (old_row, _), text in zip(rows, targets, new_texts):
        out["similarity"] = _word_jaccard(old_row["text"], text)
    return rows


def _carried_forward(out_dir: Path, pruned: set[str], kept_ids: set[str], points_to: dict[str, str]) -> list[dict]:
    """The release's earlier superseded rows, re-pointed at the kept article their target now stands behind;
    those of pruned files, and those whose text is back among the kept articles, go."""
    earlier = _release_rows(out_dir, "duplicates")
    if earlier is None:
        return []
    rows = []
    for row in earlier.filter(pc.equal(earlier.column("method"), SUPERSEDED)).to_pylist():
        if row["source_file"] in pruned or row["article_id"] in kept_ids:
            continue
        target, seen = row["duplicate_of"], set()
        while target not in kept_ids and target in points_to and target not in seen:
            seen.add(target)
            target = points_to[target]
        if target in kept_ids:
            rows.append({**row, "duplicate_of": target})
    return rows


def _repoint(values: list, moved_to: dict[str, str]) -> list:
    return [moved_to.get(v, v) if v is not None else None for v in values]


def _without_older(
    articles: pa.Table, columns: dict, moved_to: dict[str, str], extra_count: dict[int, int]
) -> pa.Table:
    """``articles`` without the older versions (``moved_to``), their copies counted on the newest, and stories and
    rewrites pointing at the newest instead."""
    keep = [i for i in range(articles.num_rows) if columns["article_id"][i] not in moved_to]
    result = articles.take(pa.array(keep, pa.int64()))
    counts = [columns["duplicate_count"][i] + extra_count.get(i, 0) for i in keep]
    for name, values in (
        ("duplicate_count", pa.array(counts, pa.int32())),
        ("story_id", pa.array(_repoint([columns["story_id"][i] for i in keep], moved_to), pa.string())),
        ("derivative_of", pa.array(_repoint([columns["derivative_of"][i] for i in keep], moved_to), pa.string())),
    ):
        result = result.set_column(result.schema.get_field_index(name), name, values)
    # A rewrite that now points at itself (its story's first article was an older version of it) rewrites nothing.
    own = pc.equal(result.column("derivative_of"), result.column("article_id"))
    result = result.set_column(
        result.schema.get_field_index("derivative_of"),
        "derivative_of",
        pc.if_else(pc.fill_null(own, False), pa.scalar(None, pa.string()), result.column("derivative_of")),
    )
    return result


def supersede_same_url(articles: pa.Table | Rows, duplicates: pa.Table) -> tuple[pa.Table | Rows, pa.Table]:
    """The same url with another text is a newer version of one article: only the newest stays in ``articles``.

    Dedup already keeps the newest version when versions are copies of each other (keep rule
    ``newer_version``); this moves the versions that differ more.  Newest: ``dedup.keep.older_versions``.
    The older rows go to ``duplicates`` (``superseded``, ``newer_version``); copies that stood
    behind them, and rewrites that pointed at them, now point at the newest.  ``text`` comes from ``articles``,
    or from its store when ``articles`` are Rows (newsclean.runtime.rowstore); the result is of the same kind.
    """
    rows = articles if isinstance(articles, Rows) else Rows(articles)
    table = rows.table
    older = older_versions(table)
    if not older.any():
        return articles, duplicates
    keys = [url_key(u) for u in table.column("url").to_pylist()]
    columns = {
        c: table.column(c).to_pylist()
        for c in ("article_id", "source_file", "segment_index", "title", "duplicate_count", "story_id", "derivative_of")
    }
    newest_of = {keys[i]: i for i in range(table.num_rows) if keys[i] is not None and not older[i]}
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None and key in newest_of:
            groups.setdefault(key, []).append(i)
    moved_to: dict[str, str] = {}
    new_rows = []
    compared: list[tuple[int, int]] = []  # (older row, newest row) of each new row
    extra_count: dict[int, int] = {}
    for key, members in groups.items():
        newest = newest_of[key]
        for i in members:
            if i == newest:
                continue
            moved_to[columns["article_id"][i]] = columns["article_id"][newest]
            extra_count[newest] = extra_count.get(newest, 0) + 1 + (columns["duplicate_count"][i] or 0)
            new_rows.append(
                {
                    "article_id": columns["article_id"][i],
                    "duplicate_of": columns["article_id"][newest],
                    "method": SUPERSEDED,
                    "reason": NEWER_VERSION,
                    "source_file": columns["source_file"][i],
                    "segment_index": columns["segment_index"][i],
                    "title": columns["title"][i],
                }
            )
            compared.append((i, newest))
    involved = sorted({x for pair in compared for x in pair})
    text_of = dict(zip(involved, rows.texts(involved)))
    for row, (i, newest) in zip(new_rows, compared):
        row["similarity"] = _word_jaccard(text_of[i], text_of[newest])
    result = _without_older(table, columns, moved_to, extra_count)
    repointed = duplicates.set_column(
        duplicates.schema.get_field_index("duplicate_of"),
        "duplicate_of",
        pa.array(_repoint(duplicates.column("duplicate_of").to_pylist(), moved_to), pa.string()),
    )
    added = pa.Table.from_pylist(new_rows, schema=repointed.schema)
    return (rows.with_table(result) if isinstance(articles, Rows) else result), pa.concat_tables([repointed, added])


STAGE = Stage(
    "versions",
    supersede_same_url,
    reads=("url", "article_id", "source_file", "segment_index", "title", "text", "published", "modified"),
    updates=("duplicate_count", "story_id", "derivative_of"),
)
