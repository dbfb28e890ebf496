"""A published dataset as dedup's reference side: later runs remove copies of its articles too.

What is held for the global step is the release's ``signatures`` sidecar
(article ids and MinHash signatures, written by ``publish``); texts are read
from the release's ``articles`` only for the reference articles that are
candidates of a verified pair, so a reference of millions of articles costs
its signatures, not its texts.  Published articles are never removed: a new
copy of one goes to ``duplicates`` with ``reason = already_published``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from newsclean.core.release import CURRENT, PART


class ReferenceError(ValueError):
    """The folder holds no release that can serve as a reference."""


@dataclass
class Reference:
    article_ids: list[str]
    signatures: np.ndarray  # (articles, num_perm) uint32, as MinHasher makes them
    articles_path: Path | None = None  # the release's articles, read for verification

    @classmethod
    def empty(cls, num_perm: int) -> Reference:
        return cls([], np.empty((0, num_perm), np.uint32))

    @classmethod
    def load(cls, out_dir: Path, num_perm: int) -> Reference:
        """The current release under ``out_dir`` (``data/processed``)."""
        release = Path(out_dir) / CURRENT
        path = release / "signatures" / PART
        if not path.exists():
            raise ReferenceError(f"{release} has no signatures sidecar: publish it with newsclean 0.1 or later first")
        table = pq.read_table(path)
        ids = table.column("article_id").to_pylist()
        minhash = table.column("minhash").combine_chunks()
        signatures = minhash.values.to_numpy(zero_copy_only=False).astype(np.uint32)
        if len(ids) and signatures.size != len(ids) * num_perm:
            raise ReferenceError(
                f"{path} holds signatures of another length than bands x rows_per_band = {num_perm}: "
                "deduplicate with the settings it was published with"
            )
        return cls(ids, signatures.reshape(len(ids), num_perm), release / "articles")

    def __len__(self) -> int:
        return len(self.article_ids)

    def texts(self, indices: list[int]) -> dict[int, str]:
        """{index: text} of the given reference articles, read from the release in one filtered scan."""
        if not indices or self.articles_path is None:
            return {}
        wanted = {self.article_ids[i]: i for i in indices}
        table = ds.dataset(self.articles_path).to_table(
            columns=["article_id", "text"], filter=pc.field("article_id").isin(list(wanted))
        )
        return {wanted[a]: t for a, t in zip(table.column("article_id").to_pylist(), table.column("text").to_pylist())}
