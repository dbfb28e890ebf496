"""Syndication: the wire agency or outlet a text credits as its origin.

Read from the body and from lines the splitter removed (copyright lines are
site furniture there): a dateline credit ``CITY (AP) —``, a closing
``— Agence France-Presse``, "This article originally appeared in …",
"Reporting by …; Editing by …" (Reuters' sign-off), agency copyright lines.
A row published by the agency itself is its original (``agency_original``),
which the keep rule prefers over the copies.
"""

from __future__ import annotations

import re

from newsclean.core.lexicon import AGENCIES
from newsclean.core.outlet_names import AGENCY_DOMAINS

# "LONDON (AP) —", "ORLEN, Vantara (CPA) —", "WASHINGTON, Jan 5 (Reuters) -": the place in capitals.
_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.-]{2,}(?:\s+[A-Z][A-Z'’.-]+)*(?:,\s+[A-Za-z][\w .'’-]{1,40})?\s+"
    r"\((?P<agency>[A-Z][A-Za-z-]{1,20}(?:\s[A-Z][A-Za-z-]+){0,3})\)\s*[—–-]"
)
_SIGN_OFF = re.compile(r"^[—–-]\s*(?P<agency>[A-Z][A-Za-z .-]{1,40})\.?$")
_ORIGIN = re.compile(
    r"\b(?:this (?:article|story|piece) (?:was )?(?:originally|first) (?:appeared|published) (?:in|on|by)"
    r"|(?:originally|first) published (?:in|on|by)|republished (?:with permission )?from)"
    r"\s+(?P<outlet>[A-Z][\w&'’. -]{1,60}?)(?:[.,;]|\s+(?:on|and|under)\b|$)",
    re.I,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s+)?(?P<agency>[A-Za-z][A-Za-z .-]{1,40}?)"
    r"(?:\s+\d{4})?\.?(?:\s+all rights reserved\.?)?$",
    re.I,
)
_REUTERS_SIGN_OFF = re.compile(r"\bReporting by [^;]{3,80};\s*(?:Additional reporting by [^;]{3,80};\s*)?Editing by\b")


def _agency(name: str) -> str | None:
    return AGENCIES.get(name.strip().lower().rstrip("."))


def credited_origin(text: str, removed: list[str]) -> str | None:
    paragraphs = text.split("\n\n")
    first = paragraphs[0] if paragraphs else ""
    if (m := _DATELINE.match(first)) is not None:
        return _agency(m["agency"]) or m["agency"].strip()
    for line in [paragraphs[-1]] + list(removed):
        if (m := _SIGN_OFF.match(line.strip())) is not None and _agency(m["agency"]):
            return _agency(m["agency"])
        if (m := _COPYRIGHT.match(line.strip())) is not None and _agency(m["agency"]):
            return _agency(m["agency"])
    tail = " ".join(paragraphs[-3:])
    # Substring checks first: a regex search over every tail was most of this function's time.
    if "Reporting by" in tail and _REUTERS_SIGN_OFF.search(tail):
        return "Reuters"
    lowered = tail.lower()
    if ("published" in lowered or "appeared" in lowered) and (m := _ORIGIN.search(tail)) is not None:
        outlet = m["outlet"].strip()
        return _agency(outlet) or outlet
    return None


def is_agency_original(agency: str | None, sitename: str | None, domain: str | None) -> bool:
    if agency is None:
        return False
    if sitename and _agency(sitename) == agency:
        return True
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in AGENCY_DOMAINS.get(agency, ()))
