"""Boilerplate learned from the corpus: short paragraphs that many documents of one outlet repeat.

An outlet is the row's ``sitename``, else its ``source_domain``; rows with
neither form one pool.  A paragraph of at most ``boilerplate_max_words`` words
that appears in at least ``boilerplate_min_documents`` documents of an outlet,
and in at least ``boilerplate_min_share`` of them, is that outlet's furniture
and leaves the text.  A quotation repeated by two articles stays (two is
below the minimum), and a paragraph is never removed when it is all that is
left of a text.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd


def paragraph_key(paragraph: str) -> int:
    """A 64-bit key of a paragraph, the same in every process (``hash`` of a str is not)."""
    return int.from_bytes(hashlib.blake2b(paragraph.encode(), digest_size=8).digest(), "little")


def count_short(texts: list[str], outlet_codes: np.ndarray, max_words: int) -> tuple[np.ndarray, np.ndarray]:
    """Map step: (outlet code, paragraph key) once for every document of a batch and short paragraph in it.

    Keys, not the paragraphs: when most paragraphs are short, the paragraphs would be the corpus again, as
    Python strings, in the process that merges the batches.
    """
    codes: list[int] = []
    keys: list[int] = []
    for text, code in zip(texts, np.asarray(outlet_codes).tolist()):
        # The space count rules most paragraphs out before the split (texts arrive with single spaces).
        found = {
            paragraph_key(p)
            for p in text.split("\n\n")
            if p.count(" ") < max_words and len(p.split(None, max_words + 1)) <= max_words
        }
        keys.extend(found)
        codes.extend([code] * len(found))
    return np.asarray(codes, np.int64), np.asarray(keys, np.uint64)


def learned_from(
    counts: list[tuple[np.ndarray, np.ndarray]],
    outlet_codes: np.ndarray,
    outlet_names: list[str],
    min_documents: int,
    min_share: float,
) -> dict[str, set[int]]:
    """Reduce step: {outlet: keys of the paragraphs that are its boilerplate} from every batch's counts.

    ``outlet_codes``: every document's outlet, as a position in ``outlet_names``.
    """
    codes = np.concatenate([c for c, _ in counts]) if counts else np.empty(0, np.int64)
    keys = np.concatenate([k for _, k in counts]) if counts else np.empty(0, np.uint64)
    documents = np.bincount(np.asarray(outlet_codes, np.int64), minlength=len(outlet_names))
    order = np.lexsort((keys, codes))  # runs of one (outlet, paragraph): their lengths are the document counts
    codes, keys = codes[order], keys[order]
    del order
    starts = np.flatnonzero(np.concatenate([[codes.size > 0], (codes[1:] != codes[:-1]) | (keys[1:] != keys[:-1])]))
    found = np.diff(np.append(starts, codes.size))
    codes, keys = codes[starts], keys[starts]
    hits = found >= np.maximum(min_documents, min_share * documents[codes])
    learned: dict[str, set[int]] = {}
    for code, key in zip(codes[hits].tolist(), keys[hits].tolist()):
        learned.setdefault(outlet_names[code], set()).add(key)
    return learned


def learn(
    texts: list[str], outlets: list[str], max_words: int, min_documents: int, min_share: float
) -> dict[str, set[int]]:
    """{outlet: keys of its boilerplate paragraphs} (count_short and learned_from in one process)."""
    codes, names = pd.factorize(pd.Series(outlets, dtype=object))
    return learned_from([count_short(texts, codes, max_words)], codes, list(names), min_documents, min_share)


def strip(text: str, furniture: set[int]) -> tuple[str, list[str]]:
    """(text without the outlet's furniture (``learn``'s keys), the paragraphs removed)."""
    if not furniture:
        return text, []
    paragraphs = text.split("\n\n")
    gone = [paragraph_key(p) in furniture for p in paragraphs]
    if all(gone):
        return text, []
    return "\n\n".join(p for p, g in zip(paragraphs, gone) if not g), [p for p, g in zip(paragraphs, gone) if g]
