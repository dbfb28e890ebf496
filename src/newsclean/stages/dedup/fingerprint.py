"""The map step of dedup: one batch of texts in, compact fingerprints out.

Everything dedup needs to know about a text that does not depend on the other
texts: its id (hash of the normalised body), the origin it credits, its
MinHash signature (as LSH band keys) and its content-word counts.  A batch's
result holds arrays, never the texts, so batches can run in worker processes
(or Dask tasks) and the global steps (exact groups, LSH buckets, rewrite
candidates) only ever see these arrays.  ``fingerprint_part`` reads a part of
the run's ``RowStore`` and writes the stripped texts and full signatures to a
part of its own, so they never pass through the main process.  A text's
fingerprint does not depend on the batch it is in.

Reads: ``text`` (after learned boilerplate), ``boilerplate_removed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from newsclean.runtime.rowstore import read_part, write_part
from newsclean.stages.dedup import boilerplate
from newsclean.stages.dedup.exact import id_of_normalised
from newsclean.stages.dedup.rewrite import STOPWORDS
from newsclean.stages.dedup.shingles import (
    MinHasher,
    band_keys,
    batch_shingles,
    batch_words,
    normalise_for_hash,
    word_hashes,
)
from newsclean.stages.dedup.syndication import credited_origin

STOPWORD_HASHES = word_hashes(" ".join(sorted(STOPWORDS)), normalised=True)


@dataclass
class Fingerprints:
    ids: list[str]
    origins: list[str | None]
    signatures: np.ndarray  # (texts, bands * rows_per_band) uint32 MinHash signature; (texts, bands) uint64 band keys
    # once fingerprint_part has stored the signatures
    # None once fingerprint_part has stored them:
    term_offsets: np.ndarray | None  # (texts + 1,) int64: text i's terms are terms[term_offsets[i]:term_offsets[i + 1]]
    terms: np.ndarray | None  # uint64 hash of each stemmed content word, ascending within a text
    term_counts: np.ndarray | None  # int32 times it occurs in the text
    # The batch's ``text``, ``word_count`` and ``boilerplate_removed`` after learned boilerplate left
    # (Arrow arrays, built here so the main process never turns texts into Python strings).
    text: pa.Array | None  # None once fingerprint_part has stored the texts
    word_count: pa.Array
    removed: pa.Array

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def concat(parts: Iterable[Fingerprints], rows: int) -> Fingerprints:
        """The parts as one, in order; ``rows``: how many texts they hold in all.  The signatures are copied as each
        part comes into an array of that many rows, and a part's signatures are let go of once copied: fed from
        ``Pending.each``, the parts' signatures are never all held beside the whole (at a million texts, 160 MB
        less at dedup's peak)."""
        held: list[Fingerprints] = []
        signatures: np.ndarray | None = None
        at = 0
        for part in parts:
            if signatures is None:
                signatures = np.empty((rows, *part.signatures.shape[1:]), part.signatures.dtype)
            signatures[at : at + len(part.signatures)] = part.signatures
            at += len(part.signatures)
            held.append(replace(part, signatures=None))
        if at != rows:
            raise ValueError(f"the parts hold {at} signatures, not {rows}")
        parts = held
        stored = parts[0].terms is None  # fingerprint_part's: the terms are in the store
        offsets = [np.zeros(1, np.int64)]
        base = 0
        for part in parts if not stored else ():
            offsets.append(part.term_offsets[1:] + base)
            base += int(part.term_offsets[-1])
        return Fingerprints(
            ids=[i for p in parts for i in p.ids],
            origins=[o for p in parts for o in p.origins],
            signatures=signatures,
            term_offsets=None if stored else np.concatenate(offsets),
            terms=None if stored else np.concatenate([p.terms for p in parts]),
            term_counts=None if stored else np.concatenate([p.term_counts for p in parts]),
            text=pa.concat_arrays([p.text for p in parts]) if parts and parts[0].text is not None else None,
            word_count=pa.concat_arrays([p.word_count for p in parts]),
            removed=pa.concat_arrays([p.removed for p in parts]),
        )


def fingerprint(
    texts: pa.Array,
    word_counts: pa.Array,
    removed: pa.Array,
    outlets: list[str],
    furniture: dict[str, set[str]],
    shingle_words: int,
    num_perm: int,
) -> Fingerprints:
    """Fingerprints of one batch (a pure function: the same texts give the same arrays in any process).

    ``texts``, ``word_counts``, ``removed``: the batch's ``text``, ``word_count`` and
    ``boilerplate_removed`` (Arrow arrays).  ``furniture``: learned boilerplate of
    the batch's outlets, stripped first.
    """
    texts, counts_of_words = texts.to_pylist(), word_counts.to_pylist()
    removed = [r or [] for r in removed.to_pylist()]
    lines_gone: dict[int, list[str]] = {}
    for i, outlet in enumerate(outlets):
        if outlet in furniture:
            text, gone = boilerplate.strip(texts[i], furniture[outlet])
            if gone:
                texts[i], lines_gone[i], counts_of_words[i] = text, gone, len(text.split())
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
        origins=[
            credited_origin(text, gone + lines_gone.get(i, [])) for i, (text, gone) in enumerate(zip(texts, removed))
        ],
        signatures=signatures,
        term_offsets=np.cumsum(offsets),
        terms=stems[starts],
        term_counts=counts,
        text=pa.array(texts, pa.string()),
        word_count=pa.array(counts_of_words, pa.int32()),
        removed=pa.array([gone + lines_gone.get(i, []) for i, gone in enumerate(removed)], pa.list_(pa.string())),
    )


def signature_column(signatures: np.ndarray) -> pa.ListArray:
    """(texts, num_perm) uint32 -> the ``minhash`` column (SIGNATURES) of the release's sidecar."""
    n, num_perm = signatures.shape
    return pa.ListArray.from_arrays(
        pa.array(np.arange(n + 1, dtype=np.int32) * num_perm), pa.array(signatures.ravel(), pa.uint32())
    )


def fingerprint_part(
    raw_part: str,
    word_counts: pa.Array,
    removed: pa.Array,
    outlets: list[str],
    furniture: dict[str, set[str]],
    shingle_words: int,
    bands: int,
    rows_per_band: int,
    out_part: str,
) -> Fingerprints:
    """``fingerprint`` of the texts of one store part; the stripped texts, the signatures and the content-word
    counts go to ``out_part`` (columns ``text``, ``minhash``, ``terms``, ``term_counts``: a million texts' terms
    are over a gigabyte) and the result carries band keys instead of signatures, and no texts or terms."""
    texts = read_part(raw_part, ["text"]).column("text").combine_chunks()
    found = fingerprint(texts, word_counts, removed, outlets, furniture, shingle_words, bands * rows_per_band)
    offsets = pa.array(found.term_offsets.astype(np.int32))
    write_part(
        pa.table(
            {
                "text": found.text,
                "minhash": signature_column(found.signatures),
                "terms": pa.ListArray.from_arrays(offsets, pa.array(found.terms, pa.uint64())),
                "term_counts": pa.ListArray.from_arrays(offsets, pa.array(found.term_counts, pa.int32())),
            }
        ),
        Path(out_part),
    )
    return replace(
        found,
        text=None,
        signatures=band_keys(found.signatures, bands, rows_per_band),
        term_offsets=None,
        terms=None,
        term_counts=None,
    )
