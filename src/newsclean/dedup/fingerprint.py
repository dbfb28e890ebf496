"""The map step of dedup: one batch of texts in, compact fingerprints out.

Everything dedup needs to know about a text that does not depend on the other
texts: its id (hash of the normalised body), the origin it credits, its
MinHash signature and its content-word counts.  A batch's result holds arrays,
never the texts, so batches can run in worker processes (or Dask tasks) and
the global steps (exact groups, LSH buckets, rewrite candidates) only ever see
these arrays.  A text's fingerprint does not depend on the batch it is in.

Reads: ``text`` (after learned boilerplate), ``boilerplate_removed``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from newsclean.dedup import boilerplate
from newsclean.dedup.exact import id_of_normalised
from newsclean.dedup.rewrite import STOPWORDS
from newsclean.dedup.shingles import MinHasher, batch_shingles, batch_words, normalise_for_hash, word_hashes
from newsclean.dedup.syndication import credited_origin

STOPWORD_HASHES = word_hashes(" ".join(sorted(STOPWORDS)), normalised=True)


@dataclass
class Fingerprints:
    ids: list[str]
    origins: list[str | None]
    signatures: np.ndarray  # (texts, bands * rows_per_band) uint32 MinHash signature
    term_offsets: np.ndarray  # (texts + 1,) int64: text i's terms are terms[term_offsets[i]:term_offsets[i + 1]]
    terms: np.ndarray  # uint64 hash of each stemmed content word, ascending within a text
    term_counts: np.ndarray  # int32 times it occurs in the text
    stripped: dict[int, tuple[str, list[str], int]]  # text index -> (text without learned boilerplate, paragraphs removed, words)

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def concat(parts: list[Fingerprints]) -> Fingerprints:
        offsets = [np.zeros(1, np.int64)]
        base = 0
        for part in parts:
            offsets.append(part.term_offsets[1:] + base)
            base += int(part.term_offsets[-1])
        stripped, start = {}, 0
        for part in parts:
            stripped.update({start + i: value for i, value in part.stripped.items()})
            start += len(part)
        return Fingerprints(
            ids=[i for p in parts for i in p.ids], origins=[o for p in parts for o in p.origins],
            signatures=np.concatenate([p.signatures for p in parts]), term_offsets=np.concatenate(offsets),
            terms=np.concatenate([p.terms for p in parts]), term_counts=np.concatenate([p.term_counts for p in parts]),
            stripped=stripped,
        )


def fingerprint(texts: list[str], removed: pa.Array, outlets: list[str], furniture: dict[str, set[str]],
                shingle_words: int, num_perm: int) -> Fingerprints:
    """Fingerprints of one batch (a pure function: the same texts give the same arrays in any process).

    ``removed``: the batch's ``boilerplate_removed`` (an Arrow list array).
    ``furniture``: learned boilerplate of the batch's outlets, stripped first;
    the texts it changed come back in ``stripped``.
    """
    removed = [r or [] for r in removed.to_pylist()]
    stripped: dict[int, tuple[str, list[str], int]] = {}
    texts = list(texts)
    for i, outlet in enumerate(outlets):
        if outlet in furniture:
            text, gone = boilerplate.strip(texts[i], furniture[outlet])
            if gone:
                stripped[i] = (text, gone, len(text.split()))
                texts[i] = text
    normalised = [normalise_for_hash(text) for text in texts]
    words = batch_words(normalised, STOPWORD_HASHES)
    shingles, shingle_doc = batch_shingles(words, shingle_words)
    signatures = MinHasher(num_perm).signatures(shingles, shingle_doc, len(texts))
    doc, stems = words.doc[words.content], words.stems[words.content]
    order = np.lexsort((stems, doc))
    doc, stems = doc[order], stems[order]
    new = np.ones(stems.size, bool)
    new[1:] = (stems[1:] != stems[:-1]) | (doc[1:] != doc[:-1])
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, stems.size)).astype(np.int32)
    offsets = np.zeros(len(texts) + 1, np.int64)
    np.add.at(offsets, doc[starts] + 1, 1)
    return Fingerprints(
        ids=[id_of_normalised(n) for n in normalised],
        origins=[credited_origin(text, list(gone) + (stripped[i][1] if i in stripped else []))
                 for i, (text, gone) in enumerate(zip(texts, removed))],
        signatures=signatures, term_offsets=np.cumsum(offsets), terms=stems[starts], term_counts=counts,
        stripped=stripped,
    )
