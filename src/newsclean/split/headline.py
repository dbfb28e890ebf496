"""headline: find the headline line of a document whose text opens with page furniture.

A page copied or scraped whole opens with menus, "Skip to content" links, share bars, breadcrumbs and kickers;
the headline can be the 40th line.  The header rules (``split.header``) read the top of a document, so they need
to start at the headline.  This module scores each of the first ``MAX_CANDIDATES`` non-blank lines with a linear
model over cheap features of the line and its neighbours (its length and case, whether prose follows it, whether
a date or byline is near, whether its words come back in the text below, whether it sits in a run of short
menu-like lines) and picks the line with the highest score: a conditional logit, so the scores compare lines of
one document.  The weights (``headline_weights.json``) are fitted by ``benchmarks/train_headline.py`` on the
outlet-disjoint ``tune`` half of ``../shared/corpora/pages`` (one command retrains them); the file holds feature
names and numbers only, no text.  Hand-set rules were measurably worse on those pages (RESULTS.md, issue 20).

``find_headline`` returns the chosen line's index and its probability among the candidates; the splitter moves
its start there only when the model is confident and the chosen line is not already the first (a plain-text
article, whose first line is its title, is left as it is).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from newsclean.dates import parse_date_line
from newsclean.split.bylines import parse_byline
from newsclean.split.lexicon import is_headline

MAX_CANDIDATES = 150
SAMPLE_CHARS = 160
MAX_HEADLINE_WORDS = 25  # no headline of the tune half is longer (24 words at most)
MAX_META_WORDS = 25  # a longer line is no date line or byline
RECUR_LINES = 60  # lines below the first candidates that are read
RECUR_CHARS = 4000  # how far below a headline its words are looked for
WEIGHTS = Path(__file__).with_name("headline_weights.json")
_BULLET = re.compile(r"^[•□☆◦▪■●►▶>*·\-–—+|\[(]")
_WORD = re.compile(r"\w{4,}")
_SEPARATOR_CHARS = ("|", "»", "›", "/", "·")


def _content_words(lowered: str) -> set[str]:
    return set(_WORD.findall(lowered))


class _Page:
    """Per-line facts computed once for a document's first lines (each feature reads its neighbours')."""

    def __init__(self, lines: list[str], count: int):
        self.lines = lines
        span = lines[:count + RECUR_LINES]
        self.n_words = [len(x.split()) for x in span]
        self.lowered = [x.lower() for x in span]
        self.joined = "\n".join(self.lowered)
        self.starts = [0]
        for x in self.lowered:
            self.starts.append(self.starts[-1] + len(x) + 1)
        self.candidates = [i for i in range(count) if self.n_words[i] <= MAX_HEADLINE_WORDS]
        # a date or byline line is short: prose is not parsed for one
        near = [(x, n <= MAX_META_WORDS) for x, n in zip(lines[:count + 4], self.n_words)]
        self.dated = [short and parse_date_line(x) is not None for x, short in near]
        self.byline = [short and parse_byline(x) is not None for x, short in near]
        # the first line of running prose: a long line followed closely by another long one
        self.first_body = next((k for k in range(len(span) - 2) if self.n_words[k] >= 25
                                and max(self.n_words[k + 1:k + 3]) >= 15), len(span))
        self.seen: dict[str, int] = {}
        for x in lines:
            self.seen[x] = self.seen.get(x, 0) + 1


def features(page: _Page, i: int) -> dict[str, float]:
    """The features of candidate line ``i`` of ``page``."""
    line = page.lines[i]
    n = page.n_words[i]
    # Shares of characters and words are read off the line's start: a headline is short, and on a paragraph of
    # prose a whole-line count cost more than every other feature together while saying nothing more.
    head = line[:SAMPLE_CHARS]
    tokens = head.split()
    letters = sum(map(str.isalpha, head))
    upper = sum(map(str.isupper, head)) / letters if letters else 0.0
    capitalised = sum(t[:1].isupper() for t in tokens) / len(tokens) if tokens else 0.0
    after = page.n_words[i + 1:i + 6]
    around = page.n_words[max(0, i - 3):i] + page.n_words[i + 1:i + 4]
    words = _content_words(page.lowered[i])
    start = page.starts[i + 1]
    below = page.joined[start:start + RECUR_CHARS]  # one C-speed substring search a word
    overlap = sum(w in below for w in words) / len(words) if words else 0.0
    stripped = line.rstrip()
    return {
        "first": 1.0 if i == 0 else 0.0,
        "log_position": math.log1p(i) / 5,
        "words": min(n, 30) / 30,
        "headline_length": 1.0 if 4 <= n <= 25 else 0.0,
        "one_or_two_words": 1.0 if n <= 2 else 0.0,
        "sentence_end": 1.0 if stripped.endswith((".", "!", ";", ",")) and not stripped.endswith(("...", "…")) else 0.0,
        "question": 1.0 if stripped.endswith("?") else 0.0,
        "colon_end": 1.0 if stripped.endswith(":") else 0.0,
        "bullet": 1.0 if _BULLET.match(line) else 0.0,
        "separators": min(sum(line.count(c) for c in _SEPARATOR_CHARS), 4) / 4,
        "digits": sum(map(str.isdigit, head)) / max(1, len(head)),
        "upper": upper,
        "capitalised": capitalised,
        "is_headline": 1.0 if is_headline(line) else 0.0,
        "date_near": 1.0 if any(page.dated[i + 1:i + 5]) else 0.0,
        "byline_near": 1.0 if any(page.byline[i + 1:i + 5]) else 0.0,
        "prose_after": min(sum(after) / max(1, len(after)), 40) / 40,
        "prose_soon": 1.0 if any(x >= 20 for x in page.n_words[i + 1:i + 4]) else 0.0,
        "prose_before": 1.0 if any(x >= 20 for x in page.n_words[max(0, i - 3):i]) else 0.0,
        "words_recur_below": overlap,
        "menu_neighbours": sum(x <= 3 for x in around) / max(1, len(around)),
        "repeated": 1.0 if page.seen.get(line, 0) > 1 else 0.0,
        "prose_within_8": 1.0 if any(x >= 20 for x in page.n_words[i + 1:i + 9]) else 0.0,
        "just_above_first_body": 1.0 if 0 < page.first_body - i <= 8 else 0.0,
        "after_first_body": 1.0 if i > page.first_body else 0.0,
    }


def candidate_features(lines: list[str]) -> tuple[list[int], list[dict[str, float]]]:
    """(the candidates' indices, their features): the first MAX_CANDIDATES non-blank ``lines``, less those longer
    than any headline (MAX_HEADLINE_WORDS), which are never the answer and cost the most to describe."""
    page = _Page(lines, min(len(lines), MAX_CANDIDATES))
    return page.candidates, [features(page, i) for i in page.candidates]


@lru_cache(maxsize=1)
def load_weights() -> dict[str, float]:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))["weights"]


def scores(rows: list[dict[str, float]], weights: dict[str, float]) -> list[float]:
    """Probabilities of each candidate being the headline (softmax of the linear scores: a constant term would
    cancel out, so there is none)."""
    raw = [sum(weights[k] * v for k, v in row.items()) for row in rows]
    top = max(raw) if raw else 0.0
    exps = [math.exp(r - top) for r in raw]
    total = sum(exps) or 1.0
    return [e / total for e in exps]


def find_headline(lines: list[str]) -> tuple[int, float, float]:
    """(index of the most likely headline among the non-blank ``lines``, its probability, the first line's
    probability: 0 when the first line is too long to be one); (0, 0.0, 0.0) when no line can be one."""
    chosen, rows = candidate_features(lines)
    if not chosen:
        return 0, 0.0, 0.0
    probabilities = scores(rows, load_weights())
    best = max(range(len(chosen)), key=probabilities.__getitem__)
    return chosen[best], probabilities[best], probabilities[0] if chosen[0] == 0 else 0.0
