"""reliability: the reliability columns of every article.

This version knows no rating provider yet, so it rates nothing: every
article is ``unrated`` with a null score, an empty signal list and no
source rating.  That is the true answer without ratings, not a placeholder
score; provider tables and article-level evidence come with the reliability
issue and fill the same columns.

Reads: ``source_domain``, ``sitename``.  Adds: ``reliability_score``,
``reliability_label``, ``reliability_signals``, ``source_rating``,
``source_rating_provider``.
"""

from __future__ import annotations

import pyarrow as pa

from newsclean.schema import RELIABILITY_SIGNAL

STAGE = {
    "name": "reliability",
    "reads": ("source_domain", "sitename"),
    "adds": ("reliability_score", "reliability_label", "reliability_signals", "source_rating", "source_rating_provider"),
}

UNRATED = "unrated"


def tag_reliability(table: pa.Table) -> pa.Table:
    n = table.num_rows
    columns = {
        "reliability_score": pa.nulls(n, pa.float32()),
        "reliability_label": pa.array([UNRATED] * n, pa.string()),
        "reliability_signals": pa.array([[]] * n, pa.list_(RELIABILITY_SIGNAL)),
        "source_rating": pa.nulls(n, pa.float32()),
        "source_rating_provider": pa.nulls(n, pa.string()),
    }
    for name, column in columns.items():
        table = table.append_column(name, column)
    return table
