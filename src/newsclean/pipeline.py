"""The pipeline: every stage in its order, checked when this module is imported.

"Which stage makes ``sitename``?" is ``PIPELINE.producer("sitename")``; each stage's columns are declared by
its ``STAGE`` (``newsclean.core.contract.Stage``) beside the function that does the work.  Importing this
module checks the definition (every read has an upstream producer, each column one producer, the published
``articles`` schema exactly what is left at the end) and fails with a ContractError otherwise; calling a stage
checks its run.
"""

from __future__ import annotations

from newsclean.core.contract import Pipeline, Stage
from newsclean.core.schema import ARTICLES, INTERNAL_COLUMNS
from newsclean.outputs import publish
from newsclean.stages import (
    dataset_splits,
    dedup,
    discover,
    ingest,
    language,
    plausible_dates,
    reliability,
    sources,
    split,
    versions,
)

STAGES: tuple[Stage, ...] = (
    discover.STAGE,  # files under the raw root
    ingest.STAGE,  # each file read, decoded and cut into documents
    language.STAGE,
    split.STAGE,  # metadata apart from body          (these three: stages.per_file, on the workers)
    plausible_dates.STAGE,  # a date after the run's start is set aside
    sources.STAGE,  # the configured [sources] name the outlet
    dedup.STAGE,  # exact, near and rewritten copies out
    versions.STAGE,  # an older version of the same url out
    reliability.STAGE,
    dataset_splits.STAGE,
    publish.STAGE,  # the run's own columns
)

PIPELINE = Pipeline(STAGES, published=ARTICLES.names, internal=INTERNAL_COLUMNS)


def producers(column: str) -> list[str]:
    """The stages that add ``column``: one for every published column (the pipeline checks it)."""
    producer = PIPELINE.producer(column)
    return [producer] if producer else []
