"""headline: find the headline line of a document whose text opens with page furniture.

A page copied or scraped whole opens with menus, "Skip to content" links, share bars, breadcrumbs and kickers;
the headline can be the 300th line.  The header rules (``split.header``) read the top of a document, so they need
to start at the headline.  This module scores each of the first ``MAX_CANDIDATES`` non-blank lines with a linear
model over cheap features of the line and its neighbours (its length and case, whether it is itself a date line,
a byline, a caption or a menu entry, where the block of running prose starts, whether a date or byline is near,
whether its words come back below and in the body, whether it sits in a run of short menu-like lines) and picks
the line with the highest score: a conditional logit, so the scores compare lines of
one document.  The weights (``headline_weights.json``) are fitted by ``benchmarks/train_headline.py`` on the
outlet-disjoint ``tune`` half of ``../shared/corpora/pages`` (one command retrains them); the file holds feature
names and numbers only, no text.  Hand-set rules were measurably worse on those pages (RESULTS.md, issue 20).

``find_headline`` returns the chosen line's index, its probability among the candidates, the first line's and
where the body block starts; the splitter moves its start there only when the model is confident, and surer of
it than of the first line when that line could be a title (a plain-text article, whose first line is its title,
is left as it is).
"""

from __future__ import annotations

import json
import math
import operator
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from newsclean.core.dates import parse_date_line
from newsclean.core.lexicon import CREDIT_LABELS, is_headline
from newsclean.stages.split.bylines import parse_byline
from newsclean.stages.split.furniture import line_shape

MAX_CANDIDATES = 400
SAMPLE_CHARS = 160
MAX_HEADLINE_WORDS = 25  # no headline of the tune half is longer (24 words at most)
MAX_META_WORDS = 25  # a longer line is no date line or byline
WORDS_COUNTED = 41
RECUR_LINES = 60  # lines below the first candidates that are read
RECUR_CHARS = 2000  # how far below a headline its words are looked for
WEIGHTS = Path(__file__).with_name("headline_weights.json")
_BULLET = re.compile(r"^[•□☆◦▪■●►▶>*·\-–—+|\[(]")
_WORD = re.compile(r"\w{4,}")
_SEPARATOR_CHARS = ("|", "»", "›", "/", "·")
# A photo credit's or caption's words (several languages): a caption sits where a headline would, under a picture.
# Matched on the lower-cased line (a case-blind pattern is several times slower).
_CREDIT = re.compile(
    r"\b(?:getty|reuters|afp|epa|dpa|ap photo|shutterstock|alamy|imago|istock|photo|foto|"
    r"image|bild|picture|credit|crédit|fotó|zdjęcie)\b|©"
)
PROSE_LINE_WORDS = 15
PROSE_LINE_CHARS = 90  # scripts written without spaces (Chinese, Japanese, Thai) have few "words" a line
BODY_CHARS = 1500  # how much of the body block a headline's words are looked for in
BODY_GAP_LINES = 2  # short lines (a caption, a subhead) allowed inside the body block


# A credit for sure: an agency's name, ©, or a credit label with its colon ("Photo:"); "picture" alone is a word.
_CREDIT_STRICT = re.compile(
    r"\b(?:getty|reuters|afp|epa|dpa|ap photo|shutterstock|alamy|imago|istock)\b|©"
    rf"|\b{CREDIT_LABELS}s?\s?:"
)


def is_credit(line: str) -> bool:
    """The line names a photo agency or carries a credit label: a caption or a credit, not a headline."""
    return _CREDIT_STRICT.search(line[:SAMPLE_CHARS].lower()) is not None


def _content_words(lowered: str) -> set[str]:
    return set(_WORD.findall(lowered))


class _Page:
    """Per-line facts computed once for a document's first lines (each feature reads its neighbours')."""

    def __init__(self, lines: list[str], count: int):
        self.lines = lines
        span = lines[: count + RECUR_LINES]
        # words a line, counted up to WORDS_COUNTED: no feature tells longer lines apart, and splitting a long
        # paragraph whole costs more than all else here
        self.n_words = [len(x.split(None, WORDS_COUNTED)) for x in span]
        self.lowered = [x.lower() for x in span]
        self.joined = "\n".join(self.lowered)
        self.starts = [0]
        for x in self.lowered:
            self.starts.append(self.starts[-1] + len(x) + 1)
        self.candidates = [i for i in range(count) if self.n_words[i] <= MAX_HEADLINE_WORDS]
        # the first line of running prose: a long line followed closely by another long one
        self.first_body = next(
            (k for k in range(len(span) - 2) if self.n_words[k] >= 25 and max(self.n_words[k + 1 : k + 3]) >= 15),
            len(span),
        )
        self.seen: dict[str, int] = {}
        for x in lines:
            self.seen[x] = self.seen.get(x, 0) + 1
        self.main_start, self.main_end = self._main_block(span)
        # the body block's opening text: a headline's words come back in its own article's body
        self.body_text = (
            self.joined[self.starts[self.main_start] : self.starts[self.main_start] + BODY_CHARS]
            if self.main_start < len(span)
            else ""
        )
        # the headline-shaped lines nearest above the body block: the title is usually the last or the one before
        shaped = [
            i for i in self.candidates if i < self.main_start and 3 <= self.n_words[i] and not _BULLET.match(lines[i])
        ]
        self.above_rank = {i: len(shaped) - k for k, i in enumerate(shaped)}
        # Date lines, bylines and headline shapes of the candidates' neighbours (the lines the features read),
        # parsed once; a date or byline line is short, so prose is not parsed for one.
        width = len(span) + 6
        self.dated, self.byline, self.shaped = [False] * width, [False] * width, [False] * width
        near = {k for i in self.candidates for k in range(max(0, i - 1), min(len(span), i + 5))}
        for k in near:
            n = self.n_words[k]
            if n <= MAX_META_WORDS:
                line = lines[k]
                self.dated[k] = parse_date_line(line) is not None
                self.byline[k] = parse_byline(line) is not None
                # could be a headline or a standfirst by its shape: 4 to 40 words, no bullet, no date or byline
                self.shaped[k] = 4 <= n and not self.dated[k] and not self.byline[k] and not _BULLET.match(line)
            elif n <= 40:
                self.shaped[k] = not _BULLET.match(lines[k])

    def _main_block(self, span: list[str]) -> tuple[int, int]:
        """(first, last) line of the block with the most prose characters: runs of prose lines with at most
        BODY_GAP_LINES other lines between them.  (len(span), len(span)) when there is no prose."""
        best, best_size = (len(span), len(span)), 0
        start = end = None
        size = gap = 0
        for k, line in enumerate(span):
            if self.n_words[k] >= PROSE_LINE_WORDS or len(line) >= PROSE_LINE_CHARS:
                if start is None:
                    start, size = k, 0
                end, gap = k, 0
                size += len(line)
                if size > best_size:
                    best, best_size = (start, end), size
            elif start is not None:
                gap += 1
                if gap > BODY_GAP_LINES:
                    start, gap = None, 0
        return best


def features(page: _Page, i: int) -> dict[str, float]:
    """The features of candidate line ``i`` of ``page``.

    Long because it is the model's feature list, one line per feature in the weights file's order.
    """
    line = page.lines[i]
    n = page.n_words[i]
    # Shares of characters and words are read off the line's start: a headline is short, and on a paragraph of
    # prose a whole-line count cost more than every other feature together while saying nothing more.
    head = line[:SAMPLE_CHARS]
    tokens = head.split()
    letters = sum(map(str.isalpha, head))
    upper = sum(map(str.isupper, head)) / letters if letters else 0.0
    capitalised = sum(t[:1].isupper() for t in tokens) / len(tokens) if tokens else 0.0
    after = page.n_words[i + 1 : i + 6]
    around = page.n_words[max(0, i - 3) : i] + page.n_words[i + 1 : i + 4]
    words = _content_words(page.lowered[i])
    start = page.starts[i + 1]
    below = page.joined[start : start + RECUR_CHARS]  # one C-speed substring search a word
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
        "date_near": 1.0 if any(page.dated[i + 1 : i + 5]) else 0.0,
        "byline_near": 1.0 if any(page.byline[i + 1 : i + 5]) else 0.0,
        "prose_after": min(sum(after) / max(1, len(after)), 40) / 40,
        "prose_soon": 1.0 if any(x >= 20 for x in page.n_words[i + 1 : i + 4]) else 0.0,
        "prose_before": 1.0 if any(x >= 20 for x in page.n_words[max(0, i - 3) : i]) else 0.0,
        "words_recur_below": overlap,
        "menu_neighbours": sum(x <= 3 for x in around) / max(1, len(around)),
        "repeated": 1.0 if page.seen.get(line, 0) > 1 else 0.0,
        "prose_within_8": 1.0 if any(x >= 20 for x in page.n_words[i + 1 : i + 9]) else 0.0,
        "just_above_first_body": 1.0 if 0 < page.first_body - i <= 8 else 0.0,
        "after_first_body": 1.0 if i > page.first_body else 0.0,
        "just_above_main_body": 1.0 if 0 < page.main_start - i <= 6 else 0.0,
        "above_main_body": 1.0 if 6 < page.main_start - i <= 25 else 0.0,
        "inside_main_body": 1.0 if page.main_start < i <= page.main_end else 0.0,
        "nearest_shaped_above_body": 1.0 if page.above_rank.get(i) == 1 else 0.0,
        "second_shaped_above_body": 1.0 if page.above_rank.get(i) == 2 else 0.0,
        "credit_words": 1.0 if _CREDIT.search(page.lowered[i][:SAMPLE_CHARS]) else 0.0,
        "line_above_headline_shaped": 1.0 if i > 0 and page.shaped[i - 1] else 0.0,
        "line_below_headline_shaped": 1.0 if page.shaped[i + 1] else 0.0,
        "line_above_short": 1.0 if i > 0 and page.n_words[i - 1] <= 3 else 0.0,
        "longer_than_line_above": 1.0 if i > 0 and n > page.n_words[i - 1] else 0.0,
        "words_3_to_5": 1.0 if 3 <= n <= 5 else 0.0,
        "words_15_plus": 1.0 if n >= 15 else 0.0,
        "line_below_sentence": 1.0
        if i + 1 < len(page.n_words)
        and page.n_words[i + 1] >= 8
        and page.lines[i + 1].rstrip().endswith((".", "!", "?"))
        else 0.0,
        "line_above_sentence": 1.0
        if i > 0 and page.n_words[i - 1] >= 8 and page.lines[i - 1].rstrip().endswith((".", "!", "?"))
        else 0.0,
        "words_in_body": sum(w in page.body_text for w in words) / len(words) if words else 0.0,
        "starts_lower": 1.0 if stripped.lstrip()[:1].islower() else 0.0,
        "is_date_line": 1.0 if page.dated[i] else 0.0,
        "is_byline": 1.0 if page.byline[i] else 0.0,
        "furniture_shape": 1.0 if any(line_shape(line, set())[1:3]) else 0.0,
        "after_main_body": 1.0 if i > page.main_end else 0.0,
        "credit_below": 1.0
        if i + 1 < len(page.lowered) and _CREDIT.search(page.lowered[i + 1][:SAMPLE_CHARS])
        else 0.0,
        "long_sentence": 1.0 if n >= 12 and stripped.endswith(".") else 0.0,
        "contained_elsewhere": 1.0 if n >= 3 and page.joined.count(page.lowered[i].strip()) > page.seen[line] else 0.0,
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
    if not rows:
        return []
    ordered = [weights[k] for k in rows[0]]  # every row has the same keys, in the same order
    raw = [sum(map(operator.mul, row.values(), ordered)) for row in rows]
    top = max(raw) if raw else 0.0
    exps = [math.exp(r - top) for r in raw]
    total = sum(exps) or 1.0
    return [e / total for e in exps]


class Headline(NamedTuple):
    index: int  # the chosen line (an index into the non-blank lines given)
    probability: float  # its probability among the candidates
    first_probability: float  # the first line's (0 when the first line is too long to be a headline)
    body_start: int  # the first line of the block with the most running prose (len(lines) when none)


def find_headline(lines: list[str]) -> Headline:
    """The most likely headline among the non-blank ``lines``; index 0 with probabilities 0 when no line can be
    one."""
    page = _Page(lines, min(len(lines), MAX_CANDIDATES))
    if not page.candidates:
        return Headline(0, 0.0, 0.0, page.main_start)
    probabilities = scores([features(page, i) for i in page.candidates], load_weights())
    best = max(range(len(page.candidates)), key=probabilities.__getitem__)
    first = probabilities[0] if page.candidates[0] == 0 else 0.0
    return Headline(page.candidates[best], probabilities[best], first, page.main_start)
