"""Read publication dates and times as English news prints them.

Compiled regular expressions, not dateparser: they read a line in about a
microsecond where ``dateparser.parse`` takes 0.7 ms, and, unlike
``search_dates``, never find dates in words such as "may" or "now".  Only
whole lines (or whole metadata values) are read as dates, so a date inside a
sentence of the body is never taken for the publication date.

Nothing is invented: a date with no time has day precision and a midnight
value; a stated zone is kept in the raw string, never applied or assumed.

Any year from 1000 to 2999 is read, plausible or not: a line such as
"12 May 1650" or "3 February 2099" is still the document's date line, and
reading it keeps it out of the body.  Whether the date can be an article's is
decided at run time, against the run's start, by
``newsclean.plausible_dates``, which nulls it and flags the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[12]\d{3})"  # any year: plausibility is newsclean.plausible_dates' decision
_ZONE = r"(?P<zone>Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC|BST|CET|CEST|EET|EEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|IST|AEST|AEDT)(?:[+-]\d{1,2}(?::?\d{2})?)?)"
_TIME = (
    r"(?:(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"|(?P<hour2>\d{1,2})\s*(?P<ampm2>[ap]\.?\s?m\.?))"
    rf"(?:\s*\(?{_ZONE}\)?)?"
)
_SEP = r"\s*(?:[-–—|,•·@]|\bat\b|,?\s*\bat\b)?\s*"
_PREFIX = (
    r"(?:(?P<label>published|posted|first published|updated|last updated|last modified|modified)"
    r"(?:\s+on)?\s*:?\s*)?"
)

_DAY_MONTH_YEAR = rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}"
_MONTH_DAY_YEAR = rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}"
_ISO = (
    r"(?P<iyear>[12]\d{3})-(?P<imonth>\d{2})-(?P<iday>\d{2})"
    r"(?:[T ](?P<ihour>\d{2}):(?P<iminute>\d{2})(?::(?P<isecond>\d{2})(?:\.\d+)?)?\s*(?P<izone>Z|[+-]\d{2}:?\d{2})?)?"
)

_FLAGS = re.IGNORECASE
_DATE_LINES = [
    re.compile(rf"^{_PREFIX}{pattern}(?:{_SEP}{_TIME})?\s*\.?$", _FLAGS)
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR)
]
_ISO_LINE = re.compile(rf"^{_PREFIX}{_ISO}$", _FLAGS)
_TIME_LINE = re.compile(rf"^{_TIME}$", _FLAGS)

MODIFIED_LABELS = ("updated", "last updated", "last modified", "modified")


@dataclass(frozen=True)
class ParsedDate:
    value: datetime
    precision: str  # "day" or "minute"
    raw: str
    is_modified: bool  # an "Updated ..." stamp

    def with_time(self, hour: int, minute: int, raw_time: str) -> "ParsedDate":
        return ParsedDate(
            self.value.replace(hour=hour, minute=minute, second=0), "minute", f"{self.raw} {raw_time}", self.is_modified
        )


def _hour_24(hour: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        is_pm = ampm.lower().startswith("p")
        return (hour % 12) + (12 if is_pm else 0)
    return hour if 0 <= hour <= 23 else None


def _time_of(match: re.Match) -> tuple[int, int] | None:
    """(hour, minute) from a match of _TIME, None when it holds no valid time."""
    groups = match.groupdict()
    if groups.get("hour") is not None:
        if groups.get("minute") is None:
            return None
        hour = _hour_24(int(groups["hour"]), groups.get("ampm"))
        minute = int(groups["minute"])
    elif groups.get("hour2") is not None:
        hour = _hour_24(int(groups["hour2"]), groups.get("ampm2"))
        minute = 0
    else:
        return None
    if hour is None or not 0 <= minute <= 59:
        return None
    return hour, minute


def parse_date_line(line: str) -> ParsedDate | None:
    """A whole line that is a date (optionally with a time and a 'Published'/'Updated' label)."""
    text = line.strip()
    if len(text) > 80 or not any(ch.isdigit() for ch in text):
        return None
    for pattern in _DATE_LINES:
        match = pattern.match(text)
        if match is None:
            continue
        month = MONTHS[match["month"].lower()[:3]]
        try:
            value = datetime(int(match["year"]), month, int(match["day"]))
        except ValueError:
            return None
        is_modified = (match["label"] or "").lower() in MODIFIED_LABELS
        clock = _time_of(match)
        if clock is None:
            return ParsedDate(value, "day", text, is_modified)
        return ParsedDate(value.replace(hour=clock[0], minute=clock[1]), "minute", text, is_modified)
    match = _ISO_LINE.match(text)
    if match is not None:
        return _from_iso_match(match, text)
    return None


def _from_iso_match(match: re.Match, raw: str) -> ParsedDate | None:
    try:
        value = datetime(int(match["iyear"]), int(match["imonth"]), int(match["iday"]))
        precision = "day"
        if match["ihour"] is not None:
            value = value.replace(hour=int(match["ihour"]), minute=int(match["iminute"]))
            precision = "minute"
    except ValueError:
        return None
    label = (match.groupdict().get("label") or "").lower()
    return ParsedDate(value, precision, raw, label in MODIFIED_LABELS)


def parse_time_line(line: str) -> tuple[int, int] | None:
    """A line that is only a time of day, such as '1:30 AM' printed under a date."""
    text = line.strip()
    if len(text) > 24:
        return None
    match = _TIME_LINE.match(text)
    return _time_of(match) if match else None


def parse_metadata_date(value: str) -> ParsedDate | None:
    """A date from input metadata (.jsonl `date`): ISO 8601 first, then the printed forms."""
    text = value.strip()
    return parse_date_line(text)
