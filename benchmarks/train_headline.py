"""Fit the headline model (src/newsclean/stages/split/headline_weights.json) on the tune half of
../shared/corpora/pages.

Usage (from the repository root; one command retrains the shipped weights):

    .venv/bin/python benchmarks/train_headline.py [--corpus ../shared/corpora/pages] [--write]

Each tune page (full and reader text) whose printed headline is one of its lines gives one training example: the
document as ingest normalises it, its first ``MAX_CANDIDATES`` non-blank lines as candidates, and the line that is
the gold headline (case, quotes and dashes folded) as the answer.  The model is a conditional logit (softmax over
one document's lines) with an L2 penalty, fitted by full-batch gradient descent in NumPy.  Only the ``tune`` half
(benchmarks/pages_split.py) is read: the ``measure`` half stays unseen.  The weights file holds feature names and
numbers, no text.  Prints the fit and a two-fold outlet-disjoint cross-validation accuracy within tune.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "src"))

from bench_split_real import fold  # noqa: E402
from pages_split import DEFAULT_CORPUS, in_half, load_gold  # noqa: E402

L2 = 0.003  # two-fold CV within tune: 0.03 -> 0.794, 0.01 -> 0.808, 0.003 -> 0.815
STEPS = 6000
RATE = 1.0


def document_lines(path: Path) -> list[str] | None:
    """The non-blank lines of the file's first document, as the pipeline reads it."""
    from newsclean.core.config import Limits
    from newsclean.stages.discover import sha256_of
    from newsclean.stages.ingest import RawFile, ingest

    digest, size = sha256_of(str(path))
    result = ingest([RawFile(str(path), path.name, size, digest)], Limits())
    if not result.documents.num_rows:
        return None
    return [line for line in result.documents.column("document")[0].as_py().split("\n") if line.strip()]


def examples(corpus: Path) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(outlet, candidate features, which candidates print the headline) for every usable tune page and variant."""
    from newsclean.stages.split.headline import candidate_features

    out = []
    for page in load_gold(corpus):
        if not in_half(page["domain"], "tune") or not page.get("title"):
            continue
        for variant in ("full", "reader"):
            rel = page.get(f"text_{variant}")
            if not rel or not (page.get("title_visible") or {}).get(variant):
                continue
            lines = document_lines(corpus / rel)
            if not lines:
                continue
            gold = fold(page["title"])
            chosen, rows = candidate_features(lines)
            # every line that prints the headline is an answer (pages repeat it: breadcrumb, share text, h1)
            answers = np.array([fold(lines[i]) == gold for i in chosen])
            if not answers.any():
                continue
            out.append((page["domain"], np.array([[row[k] for k in sorted(row)] for row in rows]), answers))
    return out


def feature_names() -> list[str]:
    from newsclean.stages.split.headline import candidate_features

    return sorted(candidate_features(["A headline of some words", "A line of body text."])[1][0])


def fit(data: list[tuple[str, np.ndarray, np.ndarray]], width: int) -> np.ndarray:
    """Weights maximising the log-likelihood that the chosen line is one printing the headline, minus L2 (all
    documents in one matrix; each document's softmax taken over its own rows with reduceat)."""
    x = np.vstack([d[1] for d in data])
    sizes = np.array([len(d[1]) for d in data])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owner = np.repeat(np.arange(len(data)), sizes)
    mask = np.concatenate([d[2] for d in data]).astype(float)
    w = np.zeros(width)
    for _ in range(STEPS):
        z = x @ w
        z -= np.maximum.reduceat(z, starts)[owner]
        e = np.exp(z)
        p = e / np.add.reduceat(e, starts)[owner]
        hit = p * mask
        q = hit / np.add.reduceat(hit, starts)[owner]  # the answers' share of each document's probability
        w -= RATE * (L2 * w - np.add.reduceat((q - p)[:, None] * x, starts).mean(axis=0))
    return w


def accuracy(data: list[tuple[str, np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    return sum(int(answers[np.argmax(x @ w)]) for _, x, answers in data) / max(1, len(data))


def fold_of(outlet: str) -> int:
    return hashlib.sha256(("cv:" + outlet).encode()).digest()[0] % 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--write", action="store_true", help="write src/newsclean/stages/split/headline_weights.json")
    args = parser.parse_args()
    names = feature_names()
    data = examples(Path(args.corpus))
    first_line = sum(bool(answers[0]) for _, _, answers in data) / max(1, len(data))
    folds = [[d for d in data if fold_of(d[0]) == k] for k in (0, 1)]
    cv = [accuracy(folds[1 - k], fit(folds[k], len(names))) for k in (0, 1)]
    w = fit(data, len(names))
    print(
        f"{len(data)} examples from {len({d[0] for d in data})} tune outlets; headline is the first line in "
        f"{first_line:.2f} of them"
    )
    print(f"accuracy: fit {accuracy(data, w):.3f}; two-fold outlet-disjoint cross-validation {cv[0]:.3f} / {cv[1]:.3f}")
    for name, value in sorted(zip(names, w), key=lambda item: -abs(item[1])):
        print(f"  {name:20s} {value:+.3f}")
    if args.write:
        target = REPO / "src" / "newsclean" / "split" / "headline_weights.json"
        target.write_text(
            json.dumps(
                {
                    "trained_on": "tune half of ../shared/corpora/pages (benchmarks/pages_split.py)",
                    "command": "benchmarks/train_headline.py --write",
                    "weights": {n: round(float(v), 4) for n, v in zip(names, w)},
                },
                indent=1,
                sort_keys=True,
            )
            + "\n"
        )
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
