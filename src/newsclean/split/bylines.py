"""Bylines: person names, and the dates, handles and outlets printed beside them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsclean.dates import ParsedDate, parse_date_line
from newsclean.split.lexicon import is_person_name, words

# Case-insensitive keyword, but the name after it must be capitalised: "By any measure" is a sentence.
_BYLINE = re.compile(
    r"^(?i:by|words by|written by|reporting by|story by|words and pictures by|text by)\s*:?\s+(?P<rest>[A-Z\u00C0-\u00DE@].*)$"
)
_FOR_OUTLET = re.compile(r"\s+for\s+(?P<outlet>(?:the\s+)?[A-Z][\w.&'’ -]*)$")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'’-]*$")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_HANDLE_IN_TEXT = re.compile(r"\(?@(?P<handle>[A-Za-z0-9_]{1,30})\)?")
# Where a byline's names end and a date, a role or an update stamp begins.
_SEGMENT = re.compile(r"\s+(?:[|•·]|[-–—]|/)\s+|,\s+(?=(?:published|updated|posted)\b)|\s+(?=(?:published|updated|posted)\b)", re.I)
BYLINE_MAX_WORDS = 24


@dataclass
class Byline:
    names: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    outlet: str | None = None
    dates: list[ParsedDate] = field(default_factory=list)


def _date_suffix(text: str) -> tuple[str, ParsedDate | None]:
    """Split 'Ada Pennington, 3 February 2026' into the names and the date."""
    for match in re.finditer(r",\s+|\s+on\s+|\s+", text):
        parsed = parse_date_line(text[match.end():])
        if parsed is not None:
            return text[:match.start()], parsed
    return text, None


def names_in(text: str, byline: Byline) -> None:
    text = _HANDLE_IN_TEXT.sub(lambda m: byline.handles.append("@" + m["handle"]) or "", text).strip(" ,")
    if (outlet := _FOR_OUTLET.search(text)) is not None:
        byline.outlet = byline.outlet or outlet["outlet"].strip()
        text = text[:outlet.start()]
    for part in _NAME_SPLIT.split(text):
        part = _IN_PLACE.sub("", part.strip())
        if (outlet := _FOR_OUTLET.search(part)) is not None:
            byline.outlet = byline.outlet or outlet["outlet"].strip()
            part = part[:outlet.start()]
        if is_person_name(part) and part not in byline.names:
            byline.names.append(part)


def parse_byline(line: str) -> Byline | None:
    """A 'By …' line: None when the line is not a byline; a byline naming no person has no names."""
    text = line.strip()
    match = _BYLINE.match(text)
    if match is None or len(words(text)) > BYLINE_MAX_WORDS:
        return None
    byline = Byline()
    segments = _SEGMENT.split(match["rest"])
    for index, segment in enumerate(segments):
        segment = segment.strip()
        parsed = parse_date_line(segment)
        if parsed is not None:
            byline.dates.append(parsed)
            continue
        names, parsed = _date_suffix(segment)
        if parsed is not None:
            byline.dates.append(parsed)
        if index == 0:
            names_in(names, byline)
        else:
            byline.handles += ["@" + m["handle"] for m in _HANDLE_IN_TEXT.finditer(names)]
    return byline


def parse_name_line(line: str) -> Byline | None:
    """A line holding only names (and handles): 'Ada Pennington', 'Ada Pennington and Rui Costa @rc'."""
    text = line.strip()
    if len(words(text)) > 12 or not text[:1].isupper():
        return None
    byline = Byline()
    names_in(text, byline)
    rest = _HANDLE_IN_TEXT.sub("", text)
    for name in byline.names:
        rest = rest.replace(name, "")
    if not byline.names or re.sub(r"[\s,;&]|\band\b", "", rest):
        return None
    return byline
