"""Which stage reads and adds which column: the one-step answer to "where does X come from?"."""

from __future__ import annotations

from newsclean.outputs import publish
from newsclean.stages import dataset_splits as splits
from newsclean.stages import dedup, discover, ingest, language, reliability, split

STAGES: list[dict] = [
    discover.STAGE,
    ingest.STAGE,
    language.STAGE,
    split.STAGE,
    dedup.STAGE,
    reliability.STAGE,
    splits.STAGE,
    publish.STAGE,
]


def producers(column: str) -> list[str]:
    return [stage["name"] for stage in STAGES if column in stage["adds"]]
