"""markdown: values from the data written into Markdown as the literal text they are.

The dataset card (``README.md`` of every release), ``summary.md`` and the
Prefect markdown artifact carry outlet names, titles, file names, reasons and
expectation details.  Those are data, not Markdown: written raw,
``</svg><img src=x onerror=alert(1)>`` is HTML a renderer may pass through,
``[x](javascript:alert(1))`` a link, ``| a | b |`` two more table cells, and a
newline the end of the row.  ``text`` makes a value literal text inside a line
(a table cell, a list item, a sentence); ``code`` makes it a code span.  Our own
Markdown around them (headings, bold, the backticks of our prose) is written as
it is.  A module of its own, importing nothing of newsclean, so that the card
and the report (and anything else) share one definition without an import cycle.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # left after whitespace is collapsed: NUL, ESC (terminal escapes) ...
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# An underscore run between two letters or digits can neither open nor close emphasis (CommonMark's flanking rules),
# so ``source_file`` is left as written; every other Markdown special is backslash-escaped, and &, <, > are entities.
_SPECIAL = re.compile(r"_+|[\\`*~\[\]|&<>]")
_BLOCK_START = re.compile(r"^(?:[#+-]|\d{1,9}(?=[.)](?: |$)))")  # what would open a heading, a list or a rule


def _flat(value) -> str:
    """``value`` as one line: every run of whitespace (newlines, U+2028 ...) one space, control characters U+FFFD."""
    return _CONTROL.sub(REPLACEMENT, " ".join(str(value).split()))


def _escaped(match: re.Match) -> str:
    """One match of _SPECIAL as literal Markdown."""
    found, string, start, end = match[0], match.string, match.start(), match.end()
    if found[0] == "_":
        intraword = 0 < start and end < len(string) and string[start - 1].isalnum() and string[end].isalnum()
        return found if intraword else "\\_" * len(found)
    return _HTML.get(found) or "\\" + found


def text(value) -> str:
    """``value`` as literal Markdown text inside a line: on one line, HTML-special characters as entities, Markdown
    specials (``\\ ` * _ ~ [ ] |``) escaped, and a leading ``#``, ``-``, ``+`` or ``1.`` made plain (a value may
    open a list item, where those would start a heading, a list or a rule)."""
    escaped = _SPECIAL.sub(_escaped, _flat(value))
    block = _BLOCK_START.match(escaped)
    if block is None:
        return escaped
    if block[0].isdigit():
        return escaped[: block.end()] + "\\" + escaped[block.end() :]
    return "\\" + escaped


def code(value, in_table: bool = False) -> str:
    """``value`` as a Markdown code span: on one line, fenced with one backtick more than its longest backtick run
    (inside a code span nothing is escaped, so a backtick is the one character that could end it early).  In a
    table cell (``in_table``) a pipe is written ``\\|``, which GFM reads as a pipe inside the cell."""
    content = _flat(value)
    if in_table:
        content = content.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", content)), default=0) + 1)
    if not content or content[0] == "`" or content[-1] == "`":
        content = f" {content} "  # CommonMark strips one space each side: the value's own backticks stay inside
    return f"{fence}{content}{fence}"
