"""language: identify each document's language with py3langid's model, scored many documents at a time.

py3langid (a maintained fork of langid.py) ships its model inside the
package, so nothing is downloaded at run time.  Its own ``classify`` walks
the model's byte automaton in a Python loop, one byte at a time: about half
of all per-file time at scale.  ``classify_many`` computes the same scores
for a whole batch at once — the automaton advances one byte position for
every document in one NumPy step, the feature counts become a sparse matrix,
and one sparse-by-dense product gives every document's class scores — about
ten times faster and equal to ``classify`` (tests/stages/test_language.py compares
them).  It reads the first 600 characters and, for the mixed-language check,
two probes of 300 further on.  It runs before split, because the splitter
applies English word lists (month names, 'By', bios, footers) only to
English documents.

Reads: ``document``.  Adds: ``language`` (ISO 639-1; null when the text is
too short or the model is unsure) and the internal ``mixed_language`` (a
later stretch of the text is confidently in another language), which split
turns into the ``mixed_language`` text flag.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
from scipy import sparse

from newsclean.core.contract import Stage

MIN_WORDS = 5
HEAD_CHARS = 600
PROBE_CHARS = 300
MIN_PROBABILITY = 0.5
CONFIDENT = 0.95
# Documents scored together: bounds the byte matrix and the state matrix (a few MB each).
BATCH = 512


@dataclass(frozen=True)
class _Model:
    next_state: np.ndarray  # row_base[state] + byte -> next state
    row_base: np.ndarray  # state -> its row of next_state, times 256
    feature_of_state: np.ndarray  # state -> feature index, -1 where the state emits none
    log_class_given_feature: np.ndarray  # features x classes, float32
    log_prior: np.ndarray  # classes
    classes: list[str]
    alias_pairs: list[tuple[int, int]]  # (first, duplicate) columns of one label (srl -> sr)


@cache
def _model() -> _Model:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _Model(
        next_state=np.frombuffer(identifier.tk_nextmove, dtype=np.dtype(identifier.tk_nextmove.typecode)).astype(
            np.int32
        ),
        row_base=np.asarray(identifier.tk_row, dtype=np.int32) << 8,  # fits: 38,345 rows x 256
        feature_of_state=np.asarray(identifier.tk_output, dtype=np.int64),
        log_class_given_feature=np.asarray(identifier.nb_ptc, dtype=np.float32),
        log_prior=np.asarray(identifier.nb_pc, dtype=np.float32),
        classes=list(identifier.nb_classes),
        alias_pairs=list(identifier._alias_pairs),  # noqa: SLF001 - the label folding must match classify's
    )


def _encode(text: str) -> bytes:
    # As py3langid's LanguageIdentifier._encode does for str input.
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _scores(encoded: list[bytes]) -> np.ndarray:
    """Normalised class probabilities (documents x classes), as py3langid's ``_decide`` with norm_probs."""
    model = _model()
    n_features = model.log_class_given_feature.shape[0]
    lengths = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
    width = int(lengths.max()) if len(encoded) else 0
    text_bytes = np.zeros((len(encoded), width), dtype=np.int32)
    for row, data in enumerate(encoded):
        text_bytes[row, : len(data)] = np.frombuffer(data, dtype=np.uint8)
    # Positions past a document's end still step the automaton (on byte 0) but are masked out below.
    states = np.empty((len(encoded), width), dtype=np.int32)
    state = np.zeros(len(encoded), dtype=np.int32)
    for position in range(width):
        state = model.next_state[model.row_base[state] + text_bytes[:, position]]
        states[:, position] = state
    features = model.feature_of_state[states]
    hit = (features >= 0) & (np.arange(width)[None, :] < lengths[:, None])
    documents, _ = np.nonzero(hit)
    keys, counts = np.unique(documents * n_features + features[hit], return_counts=True)
    weights = sparse.csr_matrix(
        (np.log1p(counts.astype(np.float32)), (keys // n_features, keys % n_features)), shape=(len(encoded), n_features)
    )
    scores = np.asarray(weights @ model.log_class_given_feature, dtype=np.float32) + model.log_prior
    # A document with no features scores 0 everywhere (uniform), as in py3langid.
    scores[np.asarray(weights.getnnz(axis=1)) == 0] = 0.0
    scores *= (1.0 / np.sqrt(np.maximum(lengths, 1)))[:, None].astype(np.float32)
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    for first, duplicate in model.alias_pairs:
        scores[:, first] += scores[:, duplicate]
        scores[:, duplicate] = 0.0
    return scores


def classify_many(texts: list[str]) -> list[tuple[str, float]]:
    """(language, probability) for each text: py3langid's ``classify`` (norm_probs=True), computed in batches."""
    if not texts:
        return []  # without loading the model (0.4 s): empty tables are built for their schema
    model = _model()
    encoded = [_encode(t) for t in texts]
    # Similar lengths together: the byte matrix is padded to its longest row.
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    found: list[tuple[str, float]] = [("", 0.0)] * len(encoded)
    for start in range(0, len(order), BATCH):
        chunk = order[start : start + BATCH]
        scores = _scores([encoded[i] for i in chunk])
        best = scores.argmax(axis=1)
        for i, column, probability in zip(chunk, best.tolist(), scores[np.arange(len(chunk)), best].tolist()):
            found[i] = (model.classes[column], probability)
    return found


def identify_many(texts: list[str]) -> list[tuple[str | None, bool]]:
    """(language, mixed) per text: the head of the text decides the language; two later probes look for another one."""
    candidates = [i for i, text in enumerate(texts) if len(text.split(None, MIN_WORDS)) >= MIN_WORDS]
    heads = classify_many([texts[i][:HEAD_CHARS] for i in candidates])
    found: list[tuple[str | None, bool]] = [(None, False)] * len(texts)
    probes, probed = [], []
    for i, (code, probability) in zip(candidates, heads):
        if probability < MIN_PROBABILITY:
            continue
        found[i] = (code, False)
        text = texts[i]
        if probability >= CONFIDENT and len(text) >= HEAD_CHARS + PROBE_CHARS:
            middle = len(text) // 2
            probes += [text[middle : middle + PROBE_CHARS], text[-PROBE_CHARS:]]
            probed.append(i)
    outcomes = classify_many(probes)
    for n, i in enumerate(probed):
        code = found[i][0]
        if any(other != code and probability >= CONFIDENT for other, probability in outcomes[2 * n : 2 * n + 2]):
            found[i] = (code, True)
    return found


def identify(text: str) -> tuple[str | None, bool]:
    """``identify_many`` for one text."""
    return identify_many([text])[0]


def add_language(documents: pa.Table) -> pa.Table:
    found = identify_many(documents.column("document").to_pylist())
    documents = documents.append_column("language", pa.array([f[0] for f in found], pa.string()))
    return documents.append_column("mixed_language", pa.array([f[1] for f in found], pa.bool_()))


STAGE = Stage("language", add_language, reads=("document",), adds=("language", "mixed_language"))
