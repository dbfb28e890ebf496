"""splits: outlet-disjoint train / validation / test assignment, for models trained on the dataset.

Off by default (``[splits] enabled``).  Every article of one outlet lands in
the same split, chosen by a stable hash of the outlet (``source_domain``,
else ``sitename``), so a model is never tested on an outlet it was trained
on: outlet overlap lets a classifier learn the outlet's style instead of the
article's reliability and inflates accuracy.  The same outlet gets the same
split in every run and every corpus that uses the same ``seed``.  The shares
are of outlets, not of articles: one large outlet can make a split larger
than its share.

Reads: ``source_domain``, ``sitename``.  Adds: ``split`` (null when off).
"""

from __future__ import annotations

import hashlib

import pyarrow as pa

from newsclean.core.config import Splits
from newsclean.core.contract import Stage
from newsclean.core.schema import SPLIT_NAMES

TRAIN, VALIDATION, TEST = SPLIT_NAMES


def split_of(outlet: str, settings: Splits) -> str:
    fraction = int.from_bytes(hashlib.sha256(f"{settings.seed}\0{outlet.lower()}".encode()).digest()[:8], "big") / 2**64
    if fraction < settings.test:
        return TEST
    if fraction < settings.test + settings.validation:
        return VALIDATION
    return TRAIN


def assign_splits(articles: pa.Table, settings: Splits | None = None) -> pa.Table:
    settings = settings or Splits()
    if not settings.enabled:
        values = pa.nulls(articles.num_rows, pa.string())
    else:
        outlets = [
            (d or s or "").removeprefix("www.")
            for d, s in zip(articles.column("source_domain").to_pylist(), articles.column("sitename").to_pylist())
        ]
        values = pa.array([split_of(o, settings) if o else None for o in outlets], pa.string())
    return articles.append_column("split", values)


STAGE = Stage("splits", assign_splits, reads=("source_domain", "sitename"), adds=("split",))
