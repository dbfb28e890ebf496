"""newsclean: raw news text in, a cleaned, deduplicated, validated Parquet dataset out.

The stages are plain functions over pyarrow Tables; ``flows/`` wires them
into the Prefect flow ``clean-news-corpus``.  This package never imports
Prefect, so every stage runs the same in a loop, a Prefect task or a worker.
"""

__version__ = "0.1.0"
