"""Cut a plain-text file that holds several articles into documents.

A file is cut only where a second *article* starts, not where the furniture of one page looks like a header.  Real
pages rendered to text (a browser's dump, a scraper's copy) are full of headline-like lines followed by a date or a
byline: related-article lists, "more stories" and "most popular" boxes, teasers with a summary, comment threads (a
name, a date, a comment), embedded videos (a title, a date or a duration, a credit), author boxes.  Cutting at any
headline + date after a paragraph cut 29% of the English whole-page dumps of ../shared/corpora/pages and 12% of
their article regions (issue 20), pages of one article each.  What tells a second article from all of that is that
an article has a *body*, running prose right under its header, so a cut needs one on both sides:

- **Second header block.**  Right after the last paragraph of a body (a run of at least ``MIN_BODY_PARAGRAPHS``
  prose paragraphs and ``MIN_BODY_WORDS`` words, see below) and a blank line, a title: a headline-like line of its
  own (not wrapped prose, a list entry, a ``Label:``, a person's name, a date or a byline), followed within
  ``HEADER_LOOKAHEAD`` non-blank lines by a whole-line date or a byline, with only header lines between (a kicker,
  one standfirst sentence, a name; no list entry, and no second title: the header starts there).  The cut is made
  only when the header's date/byline lines (and an outlet line) are followed *at once* by a prose paragraph, and
  that body reaches the same minimum before any further date or byline line and before more than
  ``BODY_MAX_FURNITURE_LINES`` lines of anything else.  A teaser list is headline + date + at most a summary, then
  the next headline + date: no run after any of them reaches the minimum.  A comment thread is a name (not a
  title) or a button (a list entry) over a date, and a comment that seldom makes a body before the next date.  An
  embedded video or related link inside an article puts a credit or a link between its date and the text that
  follows.  A page's menus and teasers above its article are not a body before it: their prose, if any, is not
  a run under a header.
- **Separator line**: five or more of one of ``- = _ * # ~`` on a line of its own after a blank line (so a Setext
  underline under a title is not one), the explicit boundary of files written with several articles.  It cuts,
  however short the articles, when the next line opens a header (a headline-like line or a short kicker, not a
  ``Label:`` or a list entry; or a date or byline) and a line ending a sentence comes within
  ``SEPARATOR_LOOKAHEAD`` lines (a footer's menu has none), or else when an article body (the minimum above, with
  no other line between its paragraphs) follows it.
  It does not cut when it frames a box: another separator within ``BOX_MAX_LINES`` lines before or after it, with
  no prose between (pages print "More on this:" and a few links between two rules inside one article); nor when
  the next line is prose that does not run on as a body (a writer's bio set off by a row of stars).  A browser
  renders ``<hr>`` as a row of box-drawing characters (``━``, ``─``): never a separator here, pages are full of
  them, inside articles too.

A *prose paragraph* is a block of non-blank lines (neither a date nor a byline) of ``PROSE_MIN_WORDS`` words or
more and ``PROSE_MIN_WORDS_PER_LINE`` or more a line (hard-wrapped text counts, a stack of menu entries does not),
not opening as a list entry, whose last line ends a sentence (not cut short by "...", and not a lone headline
ending in "?" or "!"); a block of one sentence a line counts a paragraph a line.  A *run* is the prose after a date
or byline line, or from the top of a document, with at most ``BODY_MAX_FURNITURE_LINES`` other lines between two
paragraphs: more (a menu, a share bar, a newsletter box) ends it, and a run that starts after furniture rather
than under a header is not a body for the text before a cut.  A story that restarts with no boundary at all is not
cut here (the splitter flags it ``stitched``).

One pass over the lines, compiled regexes, each line's date/byline test done at most once, look-aheads of a
bounded number of lines: a header or a separator waits (``pending``) until the prose after it reaches the minimum
(cut) or something else comes first (no cut).  Spans are character offsets into the decoded original text.
"""

from __future__ import annotations

import re

from newsclean.core.dates import parse_date_line
from newsclean.core.lexicon import has_terminal_punctuation, is_headline, is_outlet, is_person_name
from newsclean.stages.split.bylines import parse_byline

_SEPARATOR = re.compile(r"^[ \t]*([-=_*#~])(?:[ \t]*\1){4,}[ \t]*\r?$")
# A bullet, a dash, a mail quote or a table bar, or "1." / "2)" / "a)" opening the line.
_LIST_ITEM = re.compile(r"^(?:[•·▪◦‣■□●○◆◇►▸▶➤✓✔*+>|]|[-–—](?:\s|$)|\d{1,3}[.)](?:\s|$)|[a-z][.)]\s)")
_CLOSERS = "\"'”’»)]"
_SENTENCE_ENDS = frozenset(".!?。！？")
META_MAX_CHARS = 160  # a date or byline line is short (the longest seen: 126): longer lines are not tested
DATE_LINE_MAX_CHARS = 80  # a longer line is not tested as a date line here
TITLE_MAX_CHARS = 200
HEADER_LOOKAHEAD = 4
NEW_HEADER_MAX_WORDS = 20
KICKER_MAX_WORDS = 3
PROSE_MIN_WORDS = 6
PROSE_MIN_WORDS_PER_LINE = 4
MIN_BODY_WORDS = 40
MIN_BODY_PARAGRAPHS = 3
BODY_MAX_FURNITURE_LINES = 4  # a caption, a photo credit, "Advertisement": not a menu or a share bar
BOX_MAX_LINES = 12
SEPARATOR_LOOKAHEAD = 8

_NONE, _HEADER, _SEPARATED = 0, 1, 2  # what a pending cut waits on


def _lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        out.append((start, end, line.strip()))
        start = end + 1
    return out


class _Meta:
    """Whether a line is a whole-line date or a byline, each line tested at most once."""

    __slots__ = ("lines", "known")

    def __init__(self, lines: list[tuple[int, int, str]]):
        self.lines = lines
        self.known: dict[int, bool] = {}

    def __call__(self, i: int) -> bool:
        found = self.known.get(i)
        if found is None:
            line = self.lines[i][2]
            found = 0 < len(line) <= META_MAX_CHARS and (
                (len(line) <= DATE_LINE_MAX_CHARS and parse_date_line(line) is not None)
                or parse_byline(line) is not None
            )
            self.known[i] = found
        return found


def _ends_sentence(line: str) -> bool:
    """Whether the line ends with ``.``, ``!`` or ``?``, before any closing quote or bracket."""
    return line.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS


def _is_sentence(line: str) -> bool:
    """A line of prose: a few words ending a sentence."""
    return _ends_sentence(line) and line.count(" ") >= PROSE_MIN_WORDS - 1


def _is_title(line: str) -> bool:
    """A line that can head an article: headline-like, and not a list entry, a label or a person's name."""
    return (
        len(line) <= TITLE_MAX_CHARS
        and is_headline(line, NEW_HEADER_MAX_WORDS)
        and not line.endswith(":")
        and _LIST_ITEM.match(line) is None
        and not is_person_name(line)
    )


def _header_meta(lines: list[tuple[int, int, str]], i: int, is_meta: _Meta) -> int | None:
    """Index of the first date or byline line among the few non-blank lines after the title at line ``i``, else None.

    The lines between them are a header's (a kicker, a standfirst, a name): no list entry, at most one sentence of
    prose and no title after it; else the "title" was a subheading or a caption inside a body.
    """
    seen = sentences = 0
    for j in range(i + 1, min(len(lines), i + 1 + 3 * HEADER_LOOKAHEAD)):
        text = lines[j][2]
        if not text:
            continue
        if is_meta(j):
            return j
        if _LIST_ITEM.match(text) is not None or (sentences and _is_title(text)):
            return None  # a list; or a title after a sentence: the header starts there, not at line i
        if _is_sentence(text):
            sentences += 1
            if sentences > 1:
                return None
        seen += 1
        if seen == HEADER_LOOKAHEAD:
            return None
    return None


def _frames_a_box(lines: list[tuple[int, int, str]], i: int) -> bool:
    """Whether another separator lies within BOX_MAX_LINES lines of the one at line ``i``, with no prose between."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and abs(j - i) <= BOX_MAX_LINES:
            text = lines[j][2]
            if _SEPARATOR.match(text):
                return True
            if _is_sentence(text):
                break
            j += step
    return False


def _opens_header(lines: list[tuple[int, int, str]], i: int, is_meta: _Meta) -> bool:
    """After the separator at line ``i``: whether the next line opens a header (a headline-like line or a short
    kicker, not a label or a list entry; or a date or byline) with a line ending a sentence within the next
    SEPARATOR_LOOKAHEAD lines (the article's first words; a menu or a list of links has none)."""
    following = []
    for j in range(i + 1, len(lines)):
        if lines[j][2]:
            following.append(j)
            if len(following) > SEPARATOR_LOOKAHEAD:
                break
    if not following:
        return False
    first = lines[following[0]][2]
    if not is_meta(following[0]):
        if first.endswith(":") or _LIST_ITEM.match(first) is not None or _SEPARATOR.match(first):
            return False
        kicker = len(first.split(None, KICKER_MAX_WORDS)) <= KICKER_MAX_WORDS and not has_terminal_punctuation(first)
        if not (kicker or is_headline(first, NEW_HEADER_MAX_WORDS)):
            return False
    return any(
        _ends_sentence(lines[j][2]) and not is_headline(lines[j][2], NEW_HEADER_MAX_WORDS) and not is_meta(j)
        for j in following[1:]
    )


def _is_prose(words: int, n_lines: int, is_list: bool, last: str) -> bool:
    """Whether a block of ``n_lines`` non-blank lines, ``words`` words, ending with ``last``, is running prose."""
    return (
        not is_list
        and words >= PROSE_MIN_WORDS
        and words >= PROSE_MIN_WORDS_PER_LINE * n_lines
        and _ends_sentence(last)
        and not last.endswith("...")  # a teaser cut short
        # a headline ending in "?" or "!"
        and not (n_lines == 1 and words <= NEW_HEADER_MAX_WORDS and is_headline(last, NEW_HEADER_MAX_WORDS))
    )


def segment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every document in ``text``; one span covering it all when there is no boundary.

    One pass over the lines whose rules share the pass's state (the open document, the header seen so far):
    split into functions they would pass that state back and forth.
    """
    lines = _lines_with_offsets(text)
    is_meta = _Meta(lines)
    cuts: list[tuple[int, int]] = []  # (end of previous document, start of next)
    previous_text = ""
    previous_blank = True
    # The block of non-blank lines being read: its first line's index, words, lines, lines that end a sentence,
    # whether it opened as a list entry, its last line.
    block_start = block_words = block_lines = block_sentences = 0
    block_is_list = False
    block_last = ""
    # The run (see the module's docstring); ``anchored``: it started at a date/byline line or the top of a document.
    run_words = run_paragraphs = gap = 0
    anchored = True
    # A cut waiting for the body under it: what it waits on, the cut, and for a header its first date/byline line
    # and whether the body has started.
    pending, pending_cut, pending_meta, pending_body = _NONE, (0, 0), 0, False
    nonblank_since_meta = 0

    def close_block() -> None:
        nonlocal block_lines, block_words, block_sentences, run_words, run_paragraphs, gap, anchored
        nonlocal pending, pending_body
        if not block_lines:
            return
        prose = _is_prose(block_words, block_lines, block_is_list, block_last)
        if pending == _HEADER and not pending_body:
            if block_start <= pending_meta or (block_lines == 1 and is_outlet(block_last)):
                block_lines = block_words = block_sentences = 0
                return  # the header's own lines: title, kicker, standfirst, name, outlet
            if prose:
                pending_body = True
            else:
                pending = _NONE  # a header followed by furniture (a credit, a link, a player), not by its body
        if prose:
            run_words += block_words
            run_paragraphs += block_sentences
            gap = 0
            if pending and anchored and run_words >= MIN_BODY_WORDS and run_paragraphs >= MIN_BODY_PARAGRAPHS:
                cuts.append(pending_cut)
                pending = _NONE
        else:
            gap += block_lines
            if pending == _SEPARATED:
                pending = _NONE  # after a separator, the prose that follows must run on as a body at once
            if gap > BODY_MAX_FURNITURE_LINES:  # page furniture, not an article's body
                run_words = run_paragraphs = 0
                anchored = False
                pending = _NONE
        block_lines = block_words = block_sentences = 0

    for i, (start, end, line) in enumerate(lines):
        if not line:
            close_block()
            previous_blank = True
            continue
        if previous_blank and _SEPARATOR.match(line):
            close_block()
            if not _frames_a_box(lines, i):
                if _opens_header(lines, i, is_meta):
                    cuts.append((start, end + 1))
                    pending = _NONE
                else:  # prose or furniture next: a cut only if an article's body follows at once
                    pending, pending_cut = _SEPARATED, (start, end + 1)
                run_words = run_paragraphs = gap = 0
                anchored = True
                previous_text, previous_blank = "", True
                continue
        if is_meta(i):
            close_block()
            if pending == _HEADER and i > pending_meta and (pending_body or nonblank_since_meta):
                pending = _NONE  # another date or byline before the header's body: a list, not an article
            run_words = run_paragraphs = gap = nonblank_since_meta = 0
            anchored = True
            previous_text, previous_blank = line, False
            continue
        if (
            previous_blank
            and anchored
            and gap == 0  # right after the body's last paragraph
            and run_words >= MIN_BODY_WORDS
            and run_paragraphs >= MIN_BODY_PARAGRAPHS
            and has_terminal_punctuation(previous_text)
            and _is_title(line)
            and (i + 1 == len(lines) or not lines[i + 1][2] or is_meta(i + 1))  # a line of its own, not wrapped prose
        ):
            meta_at = _header_meta(lines, i, is_meta)
            if meta_at is not None:
                pending, pending_cut, pending_meta, pending_body = _HEADER, (start, start), meta_at, False
                run_words = run_paragraphs = gap = 0
                anchored = False
        nonblank_since_meta += 1
        if not block_lines:
            block_start = i
            block_is_list = _LIST_ITEM.match(line) is not None
        block_words += line.count(" ") + 1  # words, near enough: the line is stripped
        block_lines += 1
        if _ends_sentence(line):
            block_sentences += 1
        block_last = line
        previous_text, previous_blank = line, False
    close_block()
    spans, begin = [], 0
    for cut_start, cut_end in cuts:
        spans.append((begin, cut_start))
        begin = min(cut_end, len(text))
    spans.append((begin, len(text)))
    kept = [(s, e) for s, e in spans if text[s:e].strip()]
    return kept or [(0, len(text))]
