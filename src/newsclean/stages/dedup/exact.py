"""Exact copies: the same body once case, typography and white space are set aside."""

from __future__ import annotations

import hashlib

from newsclean.stages.dedup.shingles import normalise_for_hash


def article_id(text: str) -> str:
    """First 32 hex digits of the sha256 of the normalised body."""
    return id_of_normalised(normalise_for_hash(text))


def id_of_normalised(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]
