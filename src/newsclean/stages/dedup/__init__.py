"""dedup: one row per story copy kept, every other copy accounted for in ``duplicates``.

In order, over the split rows of a run:

1. boilerplate learned from the corpus leaves the text (``boilerplate``);
2. each text is fingerprinted on its own, in batches over worker processes
   (``fingerprint``: id, credited origin (``syndication``), MinHash signature,
   content-word counts);
3. exact copies of a normalised body are grouped (``exact``);
4. near copies are found with MinHash LSH, verified on their real Jaccard and
   joined into connected components of verified pairs (``near``);
5. rewrites among the kept rows are linked by ``story_id`` / ``derivative_of``
   and stay in ``articles`` (``rewrite``).

Which copy is kept follows one rule (``keep``).  The result does not depend
on the order of the input rows.  The stage runs as steps that hand each other
named results (``steps``).

Reads: ``text``, ``published``, ``title``, ``description``, ``authors``,
``sitename``, ``source_domain``, ``url``, ``source_file``, ``segment_index``,
``boilerplate_removed``.  Adds: ``article_id``, ``duplicate_count``,
``syndicated_from``, ``story_id``, ``derivative_of``, and the internal
``minhash`` (the signature published in the release's sidecar).  Updates: ``text``,
``word_count`` and ``boilerplate_removed`` (learned boilerplate).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from newsclean.core.config import Dedup
from newsclean.core.contract import Stage
from newsclean.runtime.parallel import Workers
from newsclean.runtime.rowstore import LOCATOR, RowStore, restore, write_part
from newsclean.stages.dedup import steps
from newsclean.stages.dedup.exact import article_id
from newsclean.stages.dedup.reference import Reference
from newsclean.stages.dedup.shingles import normalise_for_hash
from newsclean.stages.dedup.steps import DUPLICATE_ROWS

__all__ = ["STAGE", "DUPLICATE_ROWS", "article_id", "deduplicate", "deduplicate_stored", "normalise_for_hash"]


def deduplicate(
    rows: pa.Table, settings: Dedup = Dedup(), reference: Reference | None = None
) -> tuple[pa.Table, pa.Table]:
    """Split rows -> (kept rows with the dedup columns, duplicates rows without run_id), all in memory.

    ``reference``: a published dataset (``Reference.load``) whose articles stay
    and whose copies in ``rows`` go to duplicates (``reason = already_published``).
    The texts go through a temporary ``RowStore``, as in a run: one code path.
    """
    with tempfile.TemporaryDirectory(prefix="newsclean-dedup-") as scratch:
        meta, raw = RowStore.of_table(rows, ["text"], Path(scratch) / "raw", settings.batch_size)
        kept, duplicates, stripped = deduplicate_stored(meta, raw, Path(scratch) / "stripped", settings, reference)
        return restore(kept, stripped, ["text", "minhash"], {"text": rows.schema.get_field_index("text")}), duplicates


def deduplicate_stored(
    rows: pa.Table, texts: RowStore, scratch: Path, settings: Dedup = Dedup(), reference: Reference | None = None
) -> tuple[pa.Table, pa.Table, RowStore]:
    """``deduplicate`` with the texts in a ``RowStore``: ``rows`` hold ``stored_at`` (0, 1, ... in store order)
    instead of ``text``.  Returns the kept rows (``stored_at`` now into the third item, a store of the stripped
    ``text`` and the ``minhash`` signatures, written under ``scratch``) and the duplicates.  The parts of ``texts``
    are the batches of the per-text work, so the texts never enter this process."""
    if reference is None:
        reference = Reference.empty(settings.bands * settings.rows_per_band)
    if not np.array_equal(rows.column(LOCATOR).to_numpy(), np.arange(rows.num_rows)):
        raise ValueError("deduplicate_stored needs the rows in store order (stored_at = 0, 1, 2, ...)")
    if not texts.parts:  # an empty run still gets a part, and so empty arrays of the right shapes
        texts = RowStore.of_parts(
            [write_part(pa.table({"text": pa.array([], pa.string())}), Path(scratch) / "empty.arrow")],
            pa.schema([("text", pa.string())]),
        )
    with Workers(
        settings.workers, rows.num_rows, settings.batch_size
    ) as workers:  # no pool for a small run: starting one costs seconds
        return _deduplicate(rows, texts, Path(scratch), settings, workers, reference)


def _deduplicate(
    rows: pa.Table, texts: RowStore, scratch: Path, settings: Dedup, workers: Workers, reference: Reference
) -> tuple[pa.Table, pa.Table, RowStore]:
    """The steps (``steps``) in turn, each handed the results it needs.  What goes to the workers is submitted
    first (``start_*``) and the main process does the next step meanwhile, so both cores stay busy."""
    counting = steps.start_boilerplate_counts(rows, texts, settings, workers)
    rows_in_file_order = steps.file_order(rows)
    printed = steps.fingerprint(rows, texts, counting, scratch, settings, workers)
    keep = steps.keep_keys(rows, printed.origins, settings.outlet_priority)
    exact = steps.exact_copies(printed.ids, keep.rank, reference)
    keys_of_nodes = steps.node_band_keys(printed.band_keys, exact, reference, settings)
    printed = replace(printed, band_keys=None)  # done with: a million texts' band keys are 160 MB
    candidates = steps.start_near_verification(keys_of_nodes, exact, reference, printed.stripped, settings, workers)
    del keys_of_nodes  # before the rewrite step's peak
    rewrites = steps.rewrite_candidates(printed.stripped, exact, scratch, settings, workers)
    near_found = steps.near_copies(candidates, exact, settings.shingle_words)
    checks = steps.start_rewrite_checks(rewrites, near_found, exact, printed.stripped, settings, workers)
    removed = steps.removals(exact, near_found, printed.ids, reference)
    duplicates = steps.duplicates_table(rows, removed, keep, printed.ids, rows_in_file_order)
    kept = steps.kept_articles(rows, exact, near_found, printed, rows_in_file_order)
    articles = steps.articles(kept, printed, duplicates, steps.stories(checks, exact, printed.ids))
    return articles, duplicates, printed.stripped


STAGE = Stage(
    "dedup",
    deduplicate_stored,
    reads=(
        "text",
        "published",
        "title",
        "description",
        "authors",
        "sitename",
        "source_domain",
        "url",
        "source_file",
        "segment_index",
        "boilerplate_removed",
    ),
    adds=("article_id", "duplicate_count", "syndicated_from", "story_id", "derivative_of", "minhash"),
    updates=("text", "word_count", "boilerplate_removed"),
)
