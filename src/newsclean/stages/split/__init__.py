"""split: separate an article's metadata from its body.

Reads the header block at the top of a document (section kicker, title,
standfirst, byline or author line, date and time lines, outlet line), the
tail (site furniture, social handles, author bio) and, inside the body,
captions and pull quotes.  What remains is ``text``: the article's own
paragraphs, separated by one blank line.

Keeps: every document with at least one body paragraph.  Quarantines (stage
``split``, reason ``empty_body``) a document that is nothing but metadata.

A page that opens with furniture is read from its headline (``split.headline``
picks it).  Rules favour an empty field over a wrong one: a line is only taken
for a title, an author or an outlet when its shape and position say so, a date
only from a date line or a short metadata line (never from prose), and English
word lists are applied only to documents identified as English.  Only the first
``HEADER_MAX_LINES`` lines from the headline on, the bylines and date lines among
the ``LATE_METADATA_LINES`` below them, and the last paragraphs are metadata
candidates; the body is scanned once with cheap tests, so the cost grows
linearly with its length.
"""

from __future__ import annotations

import re

import pyarrow as pa

from newsclean.core.contract import Stage
from newsclean.core.dates import parse_date_line, parse_metadata_date, search_date
from newsclean.core.domains import web_host
from newsclean.core.lexicon import is_person_name, is_section
from newsclean.core.schema import ARTICLES, QUARANTINE_ROWS
from newsclean.stages.split.body import article_type, body_paragraphs, text_flags, to_paragraphs
from newsclean.stages.split.bylines import Byline, parse_byline, parse_name_line
from newsclean.stages.split.furniture import PROSE_WORDS, SENTENCE_END, line_shape
from newsclean.stages.split.header import HEADER_MAX_LINES, Header, clean_title, read_header
from newsclean.stages.split.headline import MAX_CANDIDATES, find_headline, is_credit
from newsclean.stages.split.tail import read_tail

__all__ = [
    "STAGE",
    "SPLIT_COLUMNS",
    "EmptyBody",
    "Header",
    "Byline",
    "clean_title",
    "is_person_name",
    "parse_byline",
    "parse_name_line",
    "source_domain",
    "split",
    "split_document",
    "HEADER_MAX_LINES",
]

# The columns this stage adds (its STAGE, at the end of the module, declares them).
ADDS = (
    "title",
    "description",
    "section",
    "authors",
    "author_bio",
    "social_handles",
    "sitename",
    "source_domain",
    "published",
    "published_precision",
    "published_raw",
    "published_source",
    "modified",
    "text",
    "captions",
    "boilerplate_removed",
    "text_flags",
    "word_count",
    "article_type",
)

# The columns this stage adds, typed as the published schema types them.
SPLIT_COLUMNS = pa.schema([ARTICLES.field(name) for name in ADDS])
# The columns this stage consumes; every other column of its input is carried through to its rows.
DROPS = ("document", "mixed_language", "meta_title", "meta_sitename", "meta_date")


class EmptyBody(ValueError):
    pass


def source_domain(url: str | None) -> str | None:
    """The url's host without 'www.', 'm.' or 'amp.'; None unless the url is an http(s) url (or a bare host) with a
    real host (``core.domains.web_host``).  ``javascript:alert(1)``, ``mailto:``, ``data:`` or ``file:``
    urls stay in ``url`` as the input gave them, but name no outlet: not here, nor as the ``sitename``."""
    host = web_host(url) or ""
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host or None


def _after_header(lines: list[str], nonblank_consumed: int) -> list[str]:
    seen = 0
    for index, line in enumerate(lines):
        if line:
            if seen == nonblank_consumed:
                return lines[index:]
            seen += 1
    return []


# When the lines above the headline model's choice are cut as page furniture: the choice must have at least this
# probability, and this many times the first line's (a plain-text article opens with its title).  Chosen on the
# tune half of ../shared/corpora/pages with BBC's first-line titles as the check (RESULTS.md, issue 20): 0.15 and 4
# gave the best titles with BBC unchanged (3 relocates a BBC fixture list's title, 5 and 0.2 lose page titles).
HEADLINE_CONFIDENCE = 0.15
HEADLINE_OVER_FIRST = 4.0
FIRST_LINE_CONFIDENCE = 0.5
# A prose line this close above the model's choice says the choice is inside the article, not its headline (tune
# half: 1 line gives full titles 0.63, 3 lines 0.61, any line above 0.52).
PROSE_JUST_ABOVE = 1
# Two prose lines among this many above the choice: it stands inside running text (a subhead, a pull quote).
BODY_ABOVE_LINES = 4
# Date lines this close above the headline are the article's (some layouts print the date over the title).
DATE_ABOVE_HEADLINE = 3


def _is_prose(line: str) -> bool:
    """A sentence of running text (PROSE_WORDS or more, ending as a sentence ends): above the headline model's
    choice it means the choice is a pull quote or teaser."""
    stripped = line.rstrip()
    return len(stripped.split()) >= PROSE_WORDS and stripped.endswith(SENTENCE_END)


def _could_be_title(line: str) -> bool:
    """Whether a document's first line could be its title, or opens a plain-text article's header: not a line
    holding a date among other words ("Harbour News March 12, 2026, 7:57 AM"), nor a photo credit or caption ("...
    Ada Pennington/Reuters").  A date line alone can open a plain article's header: the header reads it."""
    return (
        not is_credit(line)
        and not line_shape(line, set())[1]
        and (search_date(line) is None or parse_date_line(line) is not None)
    )


METADATA_BELOW_LINES = 2
BREADCRUMB_GAP = 2
METADATA_LINE_WORDS = 12
KICKER_MAX_WORDS = 4


def _metadata_below(lines: list[str], nonblank: list[int], k: int, depth: int = METADATA_BELOW_LINES) -> bool:
    """Whether one of the ``depth`` non-blank lines below the k-th is a byline or a short line holding a date: what
    follows a headline, and neither a subhead nor a pull quote inside the text."""
    for i in nonblank[k + 1 : k + 1 + depth]:
        line = lines[i].strip()
        if len(line.split(None, METADATA_LINE_WORDS)) <= METADATA_LINE_WORDS and (
            search_date(line) is not None or parse_byline(line) is not None
        ):
            return True
    return False


def _past_breadcrumb(lines: list[str], nonblank: list[int], start: int) -> int:
    """The headline itself when the model chose a breadcrumb's last entry that repeats it ("3. Harbour board
    approves ..." right above "Harbour board approves ..."): the page prints the headline on one of the next
    BREADCRUMB_GAP lines."""
    chosen = lines[nonblank[start]].strip()
    entry = _LIST_NUMBER.sub("", _LIST_ENTRY.sub("", chosen), count=1).strip()
    if entry == chosen:
        return start
    for k in range(start + 1, min(start + 1 + BREADCRUMB_GAP, len(nonblank))):
        if lines[nonblank[k]].strip() == entry:
            return k
    return start


def _from_headline(lines: list[str], header: Header, trace: list) -> tuple[list[str], list[str], bool]:
    """(the document's lines from its headline on, the furniture lines above it): the lines above are cut only
    when the headline model (``split.headline``) is confident that a later line is the headline, and, when the
    first line could be a title, surer of that line than of the first; a date line just above it is read into
    ``header``."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return lines, [], False
    start, confidence, first, body_start = find_headline([lines[i] for i in nonblank[: MAX_CANDIDATES + 60]])
    if start == 0 and confidence >= FIRST_LINE_CONFIDENCE and len(nonblank) > 1:
        # the model vouches for the first line: the title, even when it ends as a sentence does, unless it is a
        # sentence with more text right below it (a plain article that opens with its lede)
        return lines, [], not _is_prose(lines[nonblank[0]]) or _is_furniture_line(lines[nonblank[1]])
    start = _past_breadcrumb(lines, nonblank, start)
    furniture = [lines[i] for i in nonblank[:start]]
    headline = lines[nonblank[start]].strip()
    # (a breadcrumb or list entry that repeats the headline is furniture, whatever its length)
    prose_above = [_is_prose(line) and headline not in line for line in furniture[-BODY_ABOVE_LINES:]]
    # the choice heads a byline or date line and the first line does not: a headline over its metadata, under a
    # kicker when the first line is a short one
    signed = start > 0 and _metadata_below(lines, nonblank, start) and not _metadata_below(lines, nonblank, 0, 1)
    kicker = signed and len(lines[nonblank[0]].split(None, KICKER_MAX_WORDS)) <= KICKER_MAX_WORDS
    if (
        start == 0
        or confidence < HEADLINE_CONFIDENCE
        or (confidence < (1.0 if kicker else HEADLINE_OVER_FIRST) * first and _could_be_title(lines[nonblank[0]]))
        or (not signed and any(prose_above[-PROSE_JUST_ABOVE:]))
        or sum(prose_above) >= 2
        or (start == body_start and _is_prose(lines[nonblank[start]]))  # the body's first paragraph
        or parse_date_line(lines[nonblank[start]]) is not None  # a date line: the header reads it
        or not any(_is_prose(lines[i]) for i in nonblank[start:])
    ):
        # a choice right below running prose, or with two prose lines just above it, is a subhead, pull quote or
        # teaser inside the text; no prose below it means no article follows: either way the lines stay where
        # they are (a prose line further above is a cookie notice or another article's teaser: furniture)
        return lines, [], False
    if header.section is None and is_section(furniture[-1]):
        header.section = furniture[-1].strip()  # a kicker over the headline: a known section's name
        trace.append(("section", furniture[-1]))
        furniture = furniture[:-1]
    dated = set()
    for k in range(max(0, len(furniture) - DATE_ABOVE_HEADLINE), len(furniture)):
        if (parsed := parse_date_line(furniture[k]) or search_date(furniture[k])) is not None:
            header.add_date(parsed, "header")
            trace.append(("published above the headline", furniture[k]))
            dated.add(k)  # metadata, not furniture
    furniture = [line for k, line in enumerate(furniture) if k not in dated]
    trace += [("furniture above the headline", line) for line in furniture]
    return lines[nonblank[start] :], furniture, True


# Lines below the header block still searched for a missing byline or date line: on pages a share bar, a photo
# credit or a standfirst often stands between the headline and them.
LATE_METADATA_LINES = 20  # tune half: 6 lines read dates 0.68 (full, English), 12 and 20 0.71
# An unlabelled name line ("Ada Pennington") is an author this close below the header (a name further down is
# more often a caption's or a quote's).
LATE_NAME_LINES = (
    12  # tune half: 0 gives authors recall 0.60 (full, English), 5 0.62, 12 0.63, 20 0.64 (precision 0.92)
)
# Prose lines passed on the way: a standfirst, a captioned photo or a newsletter promo often stands between the
# headline and the byline, each a single line set apart by furniture.  Two prose lines in a row are the article
# itself, and the search stops there (a date line two paragraphs into a plain article is the body's: empty rather
# than wrong), as it does at the prose line after LATE_PROSE_LINES.
LATE_PROSE_LINES = 3  # tune half, dates (full, English): the old stop at the second prose line 0.83, this 0.84


_LIST_ENTRY = re.compile(r"^\s*[•·▪●◦■□○☆*]\s")


def _lone_entry(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` is a list entry with no list entry on the non-blank lines just above and below it
    (a byline printed as a one-item list, not a menu)."""
    if not _LIST_ENTRY.match(lines[index]):
        return False
    above = next((line for line in reversed(lines[:index]) if line.strip()), "")
    below = next((line for line in lines[index + 1 :] if line.strip()), "")
    return not _LIST_ENTRY.match(above) and not _LIST_ENTRY.match(below)


def _late_metadata(body_lines: list[str], header: Header, trace: list, name_lines: bool = True) -> list[str]:
    """``body_lines`` less the date line, the labelled byline or name line (among the first LATE_NAME_LINES) and
    the metadata line holding a date found among their first LATE_METADATA_LINES non-blank lines, read into
    ``header`` (only what it still lacks; prose lines are never taken, and the search stops at a second prose line
    in a row or at the one after LATE_PROSE_LINES).  An "Updated ..." stamp fills ``header.modified``.  A prose
    line that opens ``body_lines`` and stands above what was taken is the standfirst: it becomes the description
    when the header has none, and leaves the body."""
    taken: set[int] = set()
    seen = prose = 0
    opening = None  # the index of a prose line that opens body_lines
    previous_prose = False
    for index, line in enumerate(body_lines):
        if not line.strip():
            continue
        seen += 1
        if seen > LATE_METADATA_LINES:
            break
        parsed = parse_date_line(line)
        if parsed is None and _is_prose(line):  # ("... at 4:56 p.m." ends as a sentence does: no prose)
            prose += 1
            if previous_prose or prose > LATE_PROSE_LINES:
                break
            previous_prose = True
            if seen == 1:
                opening = index
            continue
        previous_prose = False
        if parsed is not None and (header.modified if parsed.is_modified else header.published) is None:
            header.add_date(parsed, "header")
            role = "modified" if parsed.is_modified else "published"
            trace.append((f"{role} (below the header)", line))
            taken.add(index)
        elif not header.authors and (byline := parse_byline(line)) is not None and byline.signed:
            header.add_byline(byline, "byline", line)
            trace.append(("byline (below the header)", line))
            taken.add(index)
        elif (
            name_lines
            and not header.authors
            and seen <= LATE_NAME_LINES
            and (byline := parse_name_line(line, _lone_entry(body_lines, index))) is not None
            and byline.signed
        ):
            header.add_byline(byline, "byline", line)
            trace.append(("author line (below the header)", line))
            taken.add(index)
        elif header.published is None and (parsed := search_date(line)) is not None:
            header.add_date(parsed, "header")
            trace.append(("published, inside a metadata line (below the header)", line))
            taken.add(index)
    if opening is not None and taken and min(taken) > opening and header.description is None:
        header.description = body_lines[opening].strip()
        if name_lines:
            trace.append(("description (above the byline or date)", body_lines[opening]))
            taken.add(opening)
        else:  # no headline above it: a lede as likely as a standfirst
            trace.append(("description (above the byline or date; stays in the body)", body_lines[opening]))
    return [line for index, line in enumerate(body_lines) if index not in taken]


_LIST_NUMBER = re.compile(r"^\d{1,2}\.\s+(?=\S)")


def _unnumbered(title: str, document: str) -> str:
    """The title without a list entry's number ("4. Harbour board approves ...") when the page also prints it
    without ("1. FC Köln ..." keeps its number unless the page prints "FC Köln ..." as a line of its own)."""
    match = _LIST_NUMBER.match(title)
    if match is None:
        return title
    rest = title[match.end() :]
    return rest if f"\n{rest}\n" in f"\n{document}\n" else title


STANDFIRST_MIN_WORDS = 8
FURNITURE_LINE_WORDS = 12


def _is_furniture_line(line: str) -> bool:
    """A short line of page furniture (a share bar's entry, a list item, a photo credit, a byline, a date line); a
    subhead is none."""
    stripped = line.strip()
    if len(stripped.split(None, FURNITURE_LINE_WORDS)) > FURNITURE_LINE_WORDS:
        return False
    prose, furniture, alone, _ = line_shape(stripped, set())
    return (
        (not prose and (furniture or alone))
        or is_credit(stripped)
        or parse_date_line(stripped) is not None
        or parse_byline(stripped) is not None
    )


def _standfirst(body_lines: list[str], header: Header, trace: list) -> None:
    """Read the standfirst into ``header.description``: the first of ``body_lines`` when it is a sentence of
    STANDFIRST_MIN_WORDS words or more set apart from the running text by a furniture line (a share bar, a photo
    credit, a byline) and not itself a credit or a date.  It stays in the body too: on the tune half of the pages
    corpus the pages' own bodies hold it (taking it out loses body snippets: kept 0.98 -> 0.97, reader, other
    languages).  A plain article's lede, which the next paragraph follows at once, is no standfirst."""
    nonblank = [i for i, line in enumerate(body_lines) if line.strip()][:2]
    if len(nonblank) < 2:
        return
    first, second = (body_lines[i] for i in nonblank)
    if (
        len(first.split()) < STANDFIRST_MIN_WORDS
        or is_credit(first)
        or search_date(first) is not None
        or not _is_furniture_line(second)
    ):
        return
    header.description = first.strip()
    trace.append(("description (stays in the body)", first))


def split_document(
    document: str,
    url: str | None = None,
    meta_title: str | None = None,
    meta_sitename: str | None = None,
    meta_date: str | None = None,
    language: str | None = "en",
    mixed_language: bool = False,
    trace: list | None = None,
) -> dict:
    """One document's text -> the metadata columns and ``text``.  Raises EmptyBody.

    ``trace``, when given a list, receives ``(role, line)`` for every line the
    splitter took out of the body, in the order it decided them.

    Long because it is the splitter's sequence of steps (header, tail, furniture, body), each a call; the
    lines between them hand one step's result to the next.
    """
    trace = [] if trace is None else trace
    english = language in (None, "en")
    lines = document.split("\n")
    header = Header()
    furniture: list[str] = []
    chosen = False
    if not meta_title:
        lines, furniture, chosen = _from_headline(lines, header, trace)
    top = [line for line in lines[: 4 * HEADER_MAX_LINES] if line]
    if meta_title:
        header.title = clean_title(meta_title, header, english)
    # the headline model moved the start: the first line is its headline even when it ends as a sentence does
    used = read_header(top, header, has_meta_title=bool(meta_title), trace=trace, english=english, chosen_title=chosen)
    body_lines = _after_header(lines, used)
    if header.title and not meta_title:
        header.title = _unnumbered(header.title, document)
    if not header.authors or header.published is None:
        # with no title read, the top of the text is unknown ground: a kicker reads like a name ("Presidente do
        # Senado"), so only labelled bylines and dates are taken there
        body_lines = _late_metadata(body_lines, header, trace, name_lines=bool(header.title))
    if header.title and header.description is None:
        _standfirst(body_lines, header, trace)
    first = next((line for line in body_lines if line), None)
    if meta_title and first is not None and first.strip() == meta_title.strip():
        body_lines = body_lines[body_lines.index(first) + 1 :]
        trace.append(("title (repeats the metadata title)", first))
    blocks, tail = read_tail(to_paragraphs(body_lines), header.authors, trace, english)
    authors = list(header.authors)
    if not authors and tail.bio_author:
        authors = [tail.bio_author]
    kept, captions, pulled, repeated = body_paragraphs(blocks, trace, english)
    if not any(paragraph.strip() for paragraph in kept):
        raise EmptyBody("nothing is left once the header lines, bio and furniture are removed")
    text = "\n\n".join(kept)

    published, published_source = header.published, header.published_source
    # Only an "Updated ..." stamp printed: on the tune half of the pages corpus its day is the gold publication day
    # (±1) on all 23 such pages with a gold date; published_source says where it came from.
    if published is None and header.modified is not None:
        published, published_source = header.modified, "updated"
    if meta_date:
        parsed = parse_metadata_date(meta_date)
        if parsed is not None and not parsed.is_modified:
            published, published_source = parsed, "metadata"
    domain = source_domain(url)
    kind, cue = article_type(header.section, kept, tail.commentator, english)
    trace.append(("article type", f"{kind} ({cue})"))
    return {
        "title": header.title,
        "description": header.description,
        "section": header.section,
        "authors": authors,
        "author_bio": tail.author_bio,
        "social_handles": header.handles + [h for h in tail.social_handles if h not in header.handles],
        "sitename": meta_sitename or header.sitename or tail.bio_outlet or tail.furniture_outlet or domain,
        "source_domain": domain,
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "published_raw": published.raw if published else None,
        "published_source": published_source if published else None,
        "modified": header.modified.value if header.modified else None,
        "text": text,
        "captions": captions,
        "boilerplate_removed": furniture + pulled + tail.boilerplate,
        "text_flags": text_flags(text, kept, repeated, tail.read_more, mixed_language, english),
        "word_count": len(text.split()),
        "article_type": kind,
    }


def split(documents: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Documents (with ``language``) -> (split rows: provenance + metadata + text, quarantine rows)."""
    rows: list[dict] = []
    kept_index: list[int] = []
    quarantine: list[dict] = []
    names = ["document", "url", "meta_title", "meta_sitename", "meta_date", "language", "mixed_language"]
    columns = documents.select(names).to_pydict()
    source_files = documents.column("source_file").to_pylist()
    segments = documents.column("segment_index").to_pylist()
    for i, document in enumerate(columns["document"]):
        try:
            rows.append(split_document(document, *(columns[name][i] for name in names[1:])))
            kept_index.append(i)
        except EmptyBody as exc:
            quarantine.append(
                {
                    "source_file": source_files[i],
                    "segment_index": segments[i],
                    "stage": "split",
                    "reason": "empty_body",
                    "detail": str(exc),
                }
            )
    carried = documents.drop_columns(list(DROPS)).take(pa.array(kept_index, pa.int64()))
    split_table = pa.Table.from_pylist(rows, schema=SPLIT_COLUMNS)
    for name in split_table.column_names:
        carried = carried.append_column(split_table.schema.field(name), split_table.column(name))
    return carried, pa.Table.from_pylist(quarantine, schema=QUARANTINE_ROWS)


STAGE = Stage(
    "split",
    split,
    reads=("document", "language", "mixed_language", "url", "meta_title", "meta_sitename", "meta_date"),
    adds=ADDS,
    drops=DROPS,
)
