"""Rewrites: the same story told in other words.

Shingles miss a paraphrase (002 and 003 of the real samples share a word
5-gram Jaccard of 0.03), but its content words and its distinctive numbers
stay: the pair's TF-IDF cosine is 0.48 where different articles on the same
event stay under 0.1.  Candidates come from an inverted index of each
document's most distinctive terms, never from all pairs.  A pair is linked when
all three hold:

- TF-IDF cosine of content words >= ``rewrite_threshold``;
- Jaccard of the two texts' word sets (function words included, as they carry
  the shared sentence structure) >= ``rewrite_min_word_jaccard``: on BBC,
  follow-up stories on the same event reach a cosine of 0.6 but share few
  words beyond the topic's (mostly <= 0.35), where 002/003 share 0.40;
- they share ``rewrite_min_shared_numbers`` distinctive numbers (not years),
  or all of them when the text with fewer has fewer.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from newsclean.runtime.rowstore import read_part
from newsclean.stages.dedup.shingles import batch_words, distinct_per_text, jaccard, normalise_for_hash

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves said says say one two three new also may might
    must us mr mrs ms year years time week weeks month months day days told last first would could many much even still
    well back""".split()
)
_NUMBER = re.compile(r"\d[\d,.]*\d")  # single digits are never distinctive
TOP_TERMS = 40
INDEX_TERMS = 12
MIN_SHARED_INDEX_TERMS = 3
# A term in more documents than this is too common to find candidates with; a
# fixed cap keeps the candidate count linear in the corpus size (a cap that grew
# with it would make the pair count grow with its square).
MAX_POSTINGS = 100
PAIR_BLOCK_ROWS = 20_000


def distinctive_numbers(text: str) -> set[str]:
    """Numbers of two or more digits that are not years: sums, counts and percentages a rewrite keeps."""
    found = {raw.replace(",", "").rstrip(".") for raw in _NUMBER.findall(text)}
    return {n for n in found if len(n) - n.count(".") >= 2 and not (n.isdigit() and 1900 <= int(n) <= 2099)}


def document_frequencies(part: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct terms, texts each is in) among rows ``rows`` of a store part (fingerprint_part's ``terms``)."""
    terms = read_part(part, ["terms"]).column("terms").combine_chunks().take(pa.array(rows, pa.int64()))
    return np.unique(terms.flatten().to_numpy(), return_counts=True)


def inverse_document_frequencies(
    parts: list[tuple[np.ndarray, np.ndarray]], texts: int
) -> tuple[np.ndarray, np.ndarray]:
    """(vocabulary in hash order, its IDF) from every part's ``document_frequencies`` over ``texts`` texts:
    log((1 + n) / (1 + df)) + 1."""
    terms = np.concatenate([t for t, _ in parts]) if parts else np.empty(0, np.uint64)
    counts = np.concatenate([c for _, c in parts]) if parts else np.empty(0, np.int64)
    # pandas hashes, then sorts only the distinct terms: 3x faster than np.unique.
    codes, vocabulary = pd.factorize(terms, sort=True)
    df = np.bincount(codes, weights=counts, minlength=len(vocabulary))
    return np.asarray(vocabulary, np.uint64), np.log((1 + texts) / (1 + df)) + 1


def part_top_terms(
    part: str, rows: np.ndarray, vocabulary_file: str, idf_file: str
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """``top_terms`` of rows ``rows`` of a store part, one matrix row each, columns in the vocabulary's order.

    TF-IDF weight of a term: (1 + log tf) * idf, the IDF saved by the caller (``inverse_document_frequencies``)
    and read here memory-mapped, so every worker shares the one copy.
    """
    held = read_part(part, ["terms", "term_counts"]).combine_chunks().take(pa.array(rows, pa.int64()))
    terms, counts = held.column("terms").combine_chunks(), held.column("term_counts").combine_chunks()
    vocabulary, idf = np.load(vocabulary_file, mmap_mode="r"), np.load(idf_file, mmap_mode="r")
    columns = np.searchsorted(vocabulary, terms.flatten().to_numpy())
    tf = counts.flatten().to_numpy().astype(np.float64)
    offsets = np.concatenate([[0], np.cumsum(pc.list_value_length(terms).fill_null(0).to_numpy())])
    weights = sparse.csr_matrix(((1 + np.log(tf)) * idf[columns], columns, offsets), shape=(len(rows), len(vocabulary)))
    weights.sort_indices()
    return top_terms(weights)


def top_terms(weights: sparse.csr_matrix) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """(unit vectors over each row's TOP_TERMS heaviest terms, its INDEX_TERMS heaviest as 0/1), for a block of rows.

    Ties go to the smaller term hash (the columns are in hash order and the
    sort is stable), so the vectors do not depend on the order of the rows.
    """
    n = weights.shape[0]
    row_of = np.repeat(np.arange(n), np.diff(weights.indptr))
    # One stable sort of row << 32 | (quantised -weight): weights stay under 2**9, 2**-23 resolution;
    # 15x faster than np.lexsort over three keys (measured).
    heaviness = np.uint64(2**32 - 1) - np.floor(weights.data * 2**23).astype(np.uint64)
    order = np.argsort((row_of.astype(np.uint64) << np.uint64(32)) | heaviness, kind="stable")
    rank = np.arange(order.size) - weights.indptr[row_of[order]]
    top, index = order[rank < TOP_TERMS], order[rank < INDEX_TERMS]
    top_weights = weights.data[top]
    norms = np.sqrt(np.bincount(row_of[top], weights=top_weights**2, minlength=n))
    norms[norms == 0] = 1.0
    # float32: the stacked vectors of a million texts are the largest allocation of a run (40 entries a row), and
    # a cosine is only compared with a threshold (float32's 1e-7 is far below any difference that matters there)
    vectors = sparse.csr_matrix(
        ((top_weights / norms[row_of[top]]).astype(np.float32), (row_of[top], weights.indices[top])),
        shape=weights.shape,
    )
    indexed = sparse.csr_matrix(
        (np.ones(index.size, np.int32), (row_of[index], weights.indices[index])), shape=weights.shape
    )
    return vectors, indexed


def candidate_pairs(indexed: sparse.csr_matrix) -> np.ndarray:
    """(pairs, 2) rows that share MIN_SHARED_INDEX_TERMS index terms, counting only terms in at most MAX_POSTINGS
    rows."""
    postings = np.bincount(indexed.indices, minlength=indexed.shape[1])
    usable = indexed[:, np.flatnonzero((postings >= 2) & (postings <= MAX_POSTINGS))].tocsr()
    across = usable.T.tocsr()
    found = []
    # A block of rows at a time: the product holds every pair that shares any index term, up to
    # MAX_POSTINGS per term and row, which for all rows at once is gigabytes at a million texts.
    for start in range(0, usable.shape[0], PAIR_BLOCK_ROWS):
        shared = (usable[start : start + PAIR_BLOCK_ROWS] @ across).tocoo()
        rows = shared.row.astype(np.int64) + start
        keep = (shared.data >= MIN_SHARED_INDEX_TERMS) & (shared.col > rows)
        found.append(np.column_stack((rows[keep], shared.col[keep].astype(np.int64))))
    pairs = np.concatenate(found) if found else np.empty((0, 2), np.int64)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))] if pairs.size else pairs.reshape(0, 2)


def cosines(vectors: sparse.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    if not len(pairs):
        return np.empty(0)
    # A block of pairs at a time: each pair's two rows are copied out (TOP_TERMS entries each).
    return np.concatenate(
        [
            np.asarray(vectors[block[:, 0]].multiply(vectors[block[:, 1]]).sum(axis=1)).ravel()
            for block in (pairs[start : start + PAIR_BLOCK_ROWS] for start in range(0, len(pairs), PAIR_BLOCK_ROWS))
        ]
    )


def numbers_agree(a: set[str], b: set[str], min_shared: int) -> bool:
    """They share ``min_shared`` distinctive numbers, or all of them when the text with fewer has fewer."""
    return len(a & b) >= min(min_shared, len(a), len(b))


def text_checked_edges(
    pairs: list[tuple[int, int, float]], texts: dict[int, str], min_shared_numbers: int, min_word_jaccard: float
) -> list[tuple[int, int, float]]:
    """The (a, b, cosine) pairs that share their distinctive numbers and whose word sets reach
    ``min_word_jaccard`` (one batch of pairs, with the texts of its documents).

    Word sets are the distinct word hashes of each normalised text, computed
    for the batch at once.
    """
    numbers = {key: distinctive_numbers(text) for key, text in texts.items()}
    pairs = [(a, b, cos) for a, b, cos in pairs if numbers_agree(numbers[a], numbers[b], min_shared_numbers)]
    keys = sorted({x for a, b, _ in pairs for x in (a, b)})
    words = batch_words([normalise_for_hash(texts[key]) for key in keys], np.empty(0, np.uint64))
    sets = dict(zip(keys, distinct_per_text(words.hashes, words.doc, len(keys))))
    return [(a, b, cos) for a, b, cos in pairs if jaccard(sets[a], sets[b]) >= min_word_jaccard]
