"""Word shingles as 64-bit hashes, and the MinHash signatures and LSH band keys made from them.

Written here rather than taken from datasketch or rensa: the signature of a
whole document is a handful of numpy operations (a polynomial hash of every
word from one prefix sum over the text's bytes, a rolling combination into
shingles, one multiply-shift hash per permutation), with no Python loop over
words or shingles, which is where those libraries spend their time (95% of
rensa's, measured), and it gives the same numbers in every process.
"""

from __future__ import annotations

import unicodedata

import numpy as np

_ROLL = np.uint64(0x9E3779B97F4A7C15)
SEED = 20260212
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise_for_hash(text: str) -> str:
    """Case, typography and white space do not make a different article."""
    if text.isascii():  # most English news: NFKC and the quote table change nothing
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


_P = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_P_INVERSE = pow(_P, -1, 2**64)
_WORD_BYTE = np.zeros(256, bool)
for _byte in b"abcdefghijklmnopqrstuvwxyz0123456789_":
    _WORD_BYTE[_byte] = True
_WORD_BYTE[0x80:] = True  # bytes of non-ASCII characters: letters, after normalise_for_hash
_POWERS = np.empty(0, np.uint64)
_INVERSE_POWERS = np.empty(0, np.uint64)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i < n (cached, grown as needed)."""
    global _POWERS, _INVERSE_POWERS
    if _POWERS.size < n:
        size = max(n, 2 * _POWERS.size, 1 << 16)
        _POWERS = _cumulative(size, _P)
        _INVERSE_POWERS = _cumulative(size, _P_INVERSE)
    return _POWERS[:n], _INVERSE_POWERS[:n]


def _cumulative(size: int, base: int) -> np.ndarray:
    out = np.empty(size, np.uint64)
    out[0] = 1
    out[1:] = np.cumprod(np.full(size - 1, base, np.uint64))  # wraps modulo 2**64, as intended
    return out


def word_hashes(text: str, normalised: bool = False) -> np.ndarray:
    """A 64-bit polynomial hash of every word of the normalised text, computed without a Python loop.

    Each word's hash is its bytes' prefix-sum difference scaled back by the
    inverse power of its start, so equal words hash equally wherever they stand.
    """
    data = np.frombuffer((text if normalised else normalise_for_hash(text)).encode("utf-8"), np.uint8)
    if data.size == 0:
        return np.empty(0, np.uint64)
    inside = _WORD_BYTE[data]
    edges = np.diff(np.concatenate(([False], inside, [False])).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return np.empty(0, np.uint64)
    powers, inverse = _powers(data.size + 1)
    prefix = np.zeros(data.size + 1, np.uint64)
    np.cumsum((data.astype(np.uint64) + np.uint64(1)) * powers[: data.size], out=prefix[1:])
    return (prefix[ends] - prefix[starts]) * inverse[starts]


def shingle_hashes(text: str, k: int, normalised: bool = False) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's word k-grams (one shingle when it is shorter than k).

    ``normalised``: the text already went through normalise_for_hash (dedup
    normalises each text once, for its id and its shingles).
    """
    hashes = word_hashes(text, normalised)
    if hashes.size == 0:
        return hashes
    width = min(k, len(hashes))
    n = len(hashes) - width + 1
    rolled = hashes[:n].copy()
    for j in range(1, width):
        rolled = rolled * _ROLL + hashes[j:j + n]
    return np.unique(rolled)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


class MinHasher:
    """``num_perm`` multiply-shift hash functions of 64-bit shingles; signatures are uint32."""

    def __init__(self, num_perm: int, seed: int = SEED):
        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, 2**63, num_perm, dtype=np.uint64) | np.uint64(1)
        self.b = rng.integers(0, 2**63, num_perm, dtype=np.uint64)
        self.num_perm = num_perm

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        if shingles.size == 0:
            return np.full(self.num_perm, np.iinfo(np.uint32).max, np.uint32)
        mixed = (shingles[:, None] * self.a[None, :] + self.b[None, :]) >> np.uint64(32)
        return mixed.min(axis=0).astype(np.uint32)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(documents, bands) uint64 keys: documents that share a key in any band are candidates."""
    n = signatures.shape[0]
    keys = np.zeros((n, bands), np.uint64)
    sig = signatures[:, : bands * rows].astype(np.uint64)
    for band in range(bands):
        key = np.full(n, np.uint64(((band + 1) * int(_ROLL)) % 2**64), np.uint64)
        for r in range(rows):
            key = key * _ROLL + sig[:, band * rows + r]
        keys[:, band] = key
    return keys
