"""The header block: the metadata lines at the top of a document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsclean.core.dates import ParsedDate, parse_date_line, parse_time_line, search_date
from newsclean.core.lexicon import has_terminal_punctuation, is_headline, is_outlet, is_section, words
from newsclean.stages.split.bylines import Byline, is_byline_label, parse_byline, parse_name_line
from newsclean.stages.split.furniture import line_shape

# Only the top lines are candidates: a line further down is body, whatever it looks like.
HEADER_MAX_LINES = 12
CHOSEN_TITLE_MAX_WORDS = 25  # the headline model's candidates are this long at most
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+")
_LABEL_PREFIX = re.compile(r"^(?P<label>Opinion|Analysis|Comment|Explainer|Editorial)\s*[:|]\s+(?P<rest>.+)$")


@dataclass
class Header:
    title: str | None = None
    description: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    sitename: str | None = None
    published: ParsedDate | None = None
    published_source: str | None = None
    modified: ParsedDate | None = None
    seen_dates: set[str] = field(default_factory=set)

    def add_date(self, parsed: ParsedDate, source: str) -> None:
        key = f"{parsed.is_modified}:{parsed.value.isoformat()}"
        if key in self.seen_dates:  # a repeated date block counts once
            return
        self.seen_dates.add(key)
        if parsed.is_modified:
            self.modified = self.modified or parsed
        elif self.published is None:
            self.published, self.published_source = parsed, source
        if parsed.modified is not None:  # "Published ... Updated ..." on one line: the update kept apart
            self.modified = self.modified or parsed.modified

    def add_byline(self, byline: Byline, source: str, line: str | None = None) -> None:
        """The byline's names, handles, outlet and dates; ``line``, the byline's own line, is searched for a
        date its reader did not take ("By Ada Pennington Dec 12, 2026 2:00 PMTags")."""
        self.authors += [n for n in byline.names if n not in self.authors]
        if not self.authors and byline.credit:
            self.authors.append(byline.credit)  # "By Reuters": the agency signs it
        self.handles += [h for h in byline.handles if h not in self.handles]
        self.sitename = self.sitename or byline.outlet
        for parsed in byline.dates:
            self.add_date(parsed, source)
        if not byline.dates and line is not None and self.published is None:
            if (parsed := search_date(line)) is not None:
                self.add_date(parsed, source)


def clean_title(title: str, header: Header, english: bool = True) -> str:
    """Strip 'Section | ' prefixes, 'Opinion:' labels and ' - Outlet' suffixes into section and sitename."""
    if not english:
        return title.strip()
    title = title.strip()
    # the parts between separators, as (start, end) offsets: what is kept is a slice of the title as printed, its
    # own separators included ("Milan Design Week | A light installation" keeps its "|")
    bounds = [0, *(x for m in _TITLE_SEPARATORS.finditer(title) for x in m.span()), len(title)]
    parts = list(zip(bounds[::2], bounds[1::2]))
    if len(parts) > 1 and is_section(title[slice(*parts[0])]):
        header.section = header.section or title[slice(*parts[0])].strip()
        parts = parts[1:]
    if len(parts) > 1 and is_outlet(title[slice(*parts[-1])]):
        header.sitename = header.sitename or title[slice(*parts[-1])].strip()
        parts = parts[:-1]
    kept = title[parts[0][0] : parts[-1][1]].strip()
    if (label := _LABEL_PREFIX.match(kept)) is not None:
        header.section = header.section or label["label"]
        kept = label["rest"]
    return kept


def _is_author_or_date_line(line: str) -> bool:
    if parse_date_line(line) is not None:
        return True
    return parse_byline(line) is not None or parse_name_line(line) is not None


def read_header(
    lines: list[str],
    header: Header,
    has_meta_title: bool,
    trace: list,
    english: bool = True,
    chosen_title: bool = False,
) -> int:
    """Fill ``header`` from the top non-blank lines; return how many of them it used.  ``chosen_title``: the first
    line is the headline model's choice, a title even when it ends as a sentence does ("... board says.").

    One pass over the header lines whose rules share its state (title found, the byline and date read so far)."""
    i = 0
    limit = min(len(lines), HEADER_MAX_LINES)
    title_done = has_meta_title
    while i < limit:
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        parsed = parse_date_line(line)
        if parsed is not None:
            used = 1
            clock = parse_time_line(nxt) if nxt is not None and parsed.precision == "day" else None
            if clock is not None:
                parsed = parsed.with_time(clock[0], clock[1], nxt.strip())
                used = 2
            repeated = f"{parsed.is_modified}:{parsed.value.isoformat()}" in header.seen_dates
            header.add_date(parsed, "header")
            if not header.authors and (signed := parse_name_line(line)) is not None:
                header.add_byline(signed, "byline")  # "PTI | July 9, 2026 | Updated 08:24 IST": signed and dated
            role = "repeated date" if repeated else ("modified" if parsed.is_modified else "published")
            trace += [(role, lines[i + k]) for k in range(used)]
            i += used
            continue
        if header.published is not None and parse_time_line(line) is not None:
            trace.append(("repeated date", line))
            i += 1
            continue
        if (
            is_byline_label(line)
            and nxt is not None
            and (byline := parse_byline(line.strip() + " " + nxt.strip())) is not None
            and byline.signed
        ):
            header.add_byline(byline, "byline")  # "By" on its own line, the names on the next
            trace += [("byline", line), ("byline", nxt)]
            i += 2
            continue
        if (byline := parse_byline(line)) is not None:
            header.add_byline(byline, "byline", line)
            trace.append(("byline", line))
            i += 1
            continue
        if not title_done:
            if english and header.section is None and is_section(line) and nxt is not None and is_headline(nxt):
                header.section = line.strip()
                trace.append(("section", line))
                i += 1
                continue
            if (
                nxt is not None
                and parse_date_line(nxt) is not None
                and (names := parse_name_line(line)) is not None
                and names.names
            ):
                header.add_byline(names, "byline", line)  # a name over a date line: the byline, above no title
                trace.append(("author line", line))
                i += 1
                continue
            chosen = chosen_title and i == 0 and len(line.split(None, CHOSEN_TITLE_MAX_WORDS)) <= CHOSEN_TITLE_MAX_WORDS
            if (chosen or (is_headline(line) and not line_shape(line, set())[1])) and not parse_name_line(line):
                # (a share bar or a menu's cue, "Share Tweet", "Sign in", is no title unless the model chose it)
                header.title = clean_title(line, header, english)
                title_done = True
                trace.append(("title", line))
                i += 1
                continue
            break
        # A standfirst is only recognised by the author or date line right below it.
        if (
            header.description is None
            and not header.authors
            and header.published is None
            and nxt is not None
            and len(words(line)) >= 5
            and not _is_author_or_date_line(line)
            and not (english and is_outlet(line))
            and _is_author_or_date_line(nxt)
        ):
            header.description = line
            trace.append(("description", line))
            i += 1
            continue
        if (names := parse_name_line(line)) is not None:
            header.add_byline(names, "byline", line)
            trace.append(("author line", line))
            i += 1
            continue
        if (
            english
            and header.sitename is None
            and is_outlet(line)
            and not has_terminal_punctuation(line)
            and search_date(line) is None
        ):  # "Harbour Daily 12 March 2026": a date line, read below
            header.sitename = line.strip()
            trace.append(("outlet", line))
            i += 1
            continue
        break
    return i
