"""The two outlet-disjoint halves of ../shared/corpora/pages: `tune` (develop on it) and `measure` (report only).

Usage:

    from pages_split import half_of, in_half, load_gold
    pages = [p for p in load_gold(corpus) if in_half(p["domain"], "tune")]

    .venv/bin/python benchmarks/pages_split.py [--corpus ../shared/corpora/pages]   # counts per half

A page's half is decided by its outlet (the registrable `domain` field of gold.jsonl) alone: the first byte of
sha256(SALT + domain), even -> tune, odd -> measure.  So every page of one outlet falls in the same half, the split
does not depend on the order or the set of pages, and a page added later lands where its outlet already is.
Never change SALT: figures on `measure` are comparable across changes only while the halves stay the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

SALT = "newsclean/issue-20/pages-halves/v1:"
HALVES = ("tune", "measure")
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "pages"


def half_of(domain: str) -> str:
    """'tune' or 'measure' for an outlet (registrable domain); case and surrounding blanks do not matter."""
    digest = hashlib.sha256((SALT + domain.strip().lower()).encode("utf-8")).digest()
    return HALVES[digest[0] % 2]


def in_half(domain: str, half: str) -> bool:
    """Whether an outlet belongs to ``half`` ('tune', 'measure' or 'all')."""
    if half == "all":
        return True
    if half not in HALVES:
        raise ValueError(f"half must be one of tune, measure, all; got {half!r}")
    return half_of(domain) == half


def load_gold(corpus: str | Path) -> list[dict]:
    """The corpus's gold.jsonl, one dict per page, in file order."""
    with (Path(corpus) / "gold.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def half_counts(pages: list[dict]) -> dict[str, dict]:
    """Pages, outlets and languages (English / other / distinct) per half."""
    counts = {}
    for half in HALVES:
        chosen = [p for p in pages if in_half(p["domain"], half)]
        languages = Counter(p["language"] for p in chosen)
        counts[half] = {
            "pages": len(chosen),
            "outlets": len({p["domain"] for p in chosen}),
            "english_pages": languages.get("en", 0),
            "other_pages": len(chosen) - languages.get("en", 0),
            "languages": len(languages),
            "reader_pages": sum(1 for p in chosen if p.get("text_reader")),
        }
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    args = parser.parse_args()
    for half, count in half_counts(load_gold(args.corpus)).items():
        print(half, " ".join(f"{key}={value}" for key, value in count.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
