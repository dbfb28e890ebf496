"""Cut a plain-text file that holds several articles into documents.

A boundary is either a separator line (five or more of one of ``- = _ * # ~``,
after a blank line, so a Setext underline under a title is not one), or a
second header block: after a paragraph that ends a sentence and a blank line,
a headline-like line followed within a few lines by a whole-line date or a
byline, below a first article of at least a title, a date and a paragraph.  A story that restarts with no
boundary at all is not cut here (the splitter flags it ``stitched``).

Spans are character offsets into the decoded original text.
"""

from __future__ import annotations

import re

from newsclean.dates import parse_date_line
from newsclean.split.bylines import parse_byline
from newsclean.split.lexicon import has_terminal_punctuation, is_headline

_SEPARATOR = re.compile(r"^[ \t]*([-=_*#~])(?:[ \t]*\1){4,}[ \t]*\r?$")
HEADER_LOOKAHEAD = 4
# A new header needs a title, a date and a body paragraph or more above it.
MIN_LINES_BEFORE_NEW_HEADER = 3
NEW_HEADER_MAX_WORDS = 20


def _lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        out.append((start, end, line.strip()))
        start = end + 1
    return out


def _opens_new_article(lines: list[tuple[int, int, str]], i: int) -> bool:
    line = lines[i][2]
    if not is_headline(line, NEW_HEADER_MAX_WORDS):
        return False
    following = [text for _, _, text in lines[i + 1:i + 1 + 3 * HEADER_LOOKAHEAD] if text][:HEADER_LOOKAHEAD]
    return any(parse_date_line(text) is not None or parse_byline(text) is not None for text in following)


def segment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every document in ``text``; one span covering it all when there is no boundary."""
    lines = _lines_with_offsets(text)
    cuts: list[tuple[int, int]] = []  # (end of previous document, start of next)
    nonblank_seen = 0
    previous_text = ""
    previous_blank = True
    for i, (start, end, line) in enumerate(lines):
        if not line:
            previous_blank = True
            continue
        if previous_blank and _SEPARATOR.match(lines[i][2]):
            cuts.append((start, end + 1))
            previous_text, previous_blank = "", True
            continue
        if (
            previous_blank
            and nonblank_seen > MIN_LINES_BEFORE_NEW_HEADER
            and has_terminal_punctuation(previous_text)
            and _opens_new_article(lines, i)
        ):
            cuts.append((start, start))
            nonblank_seen = 0
        nonblank_seen += 1
        previous_text, previous_blank = line, False
    spans, begin = [], 0
    for cut_start, cut_end in cuts:
        spans.append((begin, cut_start))
        begin = min(cut_end, len(text))
    spans.append((begin, len(text)))
    kept = [(s, e) for s, e in spans if text[s:e].strip()]
    return kept or [(0, len(text))]
