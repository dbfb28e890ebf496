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
from newsclean.runtime.rowstore import Rows, RowStore, restore, write_part
from newsclean.stages.dedup import steps
from newsclean.stages.dedup.exact import article_id
from newsclean.stages.dedup.reference import Reference
from newsclean.stages.dedup.shingles import normalise_for_hash
from newsclean.stages.dedup.steps import DUPLICATE_ROWS

__all__ = ["STAGE", "DUPLICATE_ROWS", "article_id", "deduplicate", "normalise_for_hash"]


def deduplicate(
    rows: pa.Table | Rows,
    settings: Dedup = Dedup(),
    reference: Reference | None = None,
    scratch: Path | None = None,
) -> tuple[pa.Table | Rows, pa.Table]:
    """Split rows -> (kept rows with the dedup columns, duplicates rows without run_id).

    ``rows``: a table that holds ``text`` (in memory: the kept table comes back with its stripped ``text`` and
    ``minhash``; the texts go through a temporary store, as in a run: one code path), or ``Rows`` whose texts
    are in a store, in store order (a run: the kept Rows point into a new store of the stripped ``text`` and
    the ``minhash`` signatures, written under ``scratch``; the texts never enter this process, the store's
    parts being the batches of the per-text work).  ``reference``: a published dataset (``Reference.load``)
    whose articles stay and whose copies in ``rows`` go to duplicates (``reason = already_published``).
    """
    if isinstance(rows, Rows):
        return _deduplicate_rows(rows, Path(scratch), settings, reference)
    with tempfile.TemporaryDirectory(prefix="newsclean-dedup-") as folder:
        meta, raw = RowStore.of_table(rows, ["text"], Path(folder) / "raw", settings.batch_size)
        kept, duplicates = _deduplicate_rows(Rows(meta, (raw,)), Path(folder) / "stripped", settings, reference)
        (stripped,) = kept.stores
        positions = {"text": rows.schema.get_field_index("text")}
        return restore(kept.table, stripped, ["text", "minhash"], positions), duplicates


def _deduplicate_rows(rows: Rows, scratch: Path, settings: Dedup, reference: Reference | None) -> tuple[Rows, pa.Table]:
    if reference is None:
        reference = Reference.empty(settings.bands * settings.rows_per_band)
    table, texts = rows.table, rows.store_with("text")
    if texts is None:
        raise ValueError("deduplicate needs Rows whose text is in a store (or a table that holds it)")
    if not np.array_equal(table.column(texts.locator).to_numpy(), np.arange(table.num_rows)):
        raise ValueError("deduplicate needs the rows in store order (stored_at = 0, 1, 2, ...)")
    if not texts.parts:  # an empty run still gets a part, and so empty arrays of the right shapes
        texts = RowStore.of_parts(
            [write_part(pa.table({"text": pa.array([], pa.string())}), Path(scratch) / "empty.arrow")],
            pa.schema([("text", pa.string())]),
        )
    # no pool for a small run: starting one costs seconds
    with Workers(settings.workers, table.num_rows, settings.batch_size) as workers:
        articles, duplicates, stripped = _deduplicate(table, texts, Path(scratch), settings, workers, reference)
    return Rows(articles, (stripped,)), duplicates


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
    deduplicate,
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
