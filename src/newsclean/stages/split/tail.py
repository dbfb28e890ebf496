"""The tail: site furniture, social handles and the author bio at the end of a document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsclean.core.lexicon import is_news_outlet, is_person_name
from newsclean.stages.split.furniture import cut_furniture

BIO_MAX_WORDS = 120
# Site furniture seen at the end of scraped pages, matched as whole lines.  The
# list stays small on purpose: dedup learns an outlet's own furniture from the corpus.
FOOTER_LINES = [
    re.compile(p, re.I)
    for p in (
        r"^close$",
        r"^(?:got something to add|have your say|what do you think)\?.*\bcomments?\b.*$",
        r"^(?:share|share this|share this (?:article|story)|share on \w+)$",
        r"^(?:advertisement|advertising|sponsored content|sponsored)$",
        r"^(?:comments?|\d+ comments?|view comments|show comments|join the conversation)$",
        r"^(?:read more|continue reading|related|related articles|more on this story|most read|most popular)\b.{0,60}$",
        r"^(?:sign up|subscribe)\b.{0,80}(?:newsletter|updates|alerts|free)\b.*$",
        r"^(?:follow us on|follow) .{0,40}(?:twitter|facebook|instagram|x)\.?$",
        r"^(?:skip to|back to top|print this page)\b.*$",
        r"^(?:copyright|©).{0,100}$",
        r"^(?:tags?|topics?):.{0,120}$",
    )
]
# Furniture that only one outlet prints identifies it when the page names no outlet.
OUTLET_FURNITURE = [
    (re.compile(r"^got something to add\?.*join the discussion", re.I), "The Spectator"),
]
READ_MORE = re.compile(r"^(?:read more|continue reading)\b", re.I)
_HANDLE = re.compile(r"^@[A-Za-z0-9_]{1,30}$")
_BARE_HANDLE = re.compile(r"^[a-z0-9_][a-z0-9_.]{1,28}[a-z0-9_]$")
_PROFILE_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:twitter\.com|x\.com|instagram\.com|threads\.net|facebook\.com|bsky\.app/profile|linkedin\.com/in)"
    r"/@?(?P<handle>[A-Za-z0-9_.-]{1,60})/?$",
    re.I,
)
_BIO_START = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)"
    r"\s+(?:is|was|has been|writes|covers|reports|served|joined|teaches|leads)\b"
)
# A bio describes a career; a closing body sentence that happens to start with a name does not.
BIO_ROLES = re.compile(
    r"\b(?:correspondent|editor|reporter|journalist|columnist|commentator|writer|contributor|fellow|professor|lecturer"
    r"|researcher|analyst|director|author of|writes (?:about|on|for)|covers|has covered|has reported|worked (?:as|for)"
    r"|is based in|joined|leader writer)\b",
    re.I,
)
COMMENTATOR_ROLES = re.compile(
    r"\b(?:columnist|commentator|fellow|professor|lecturer|leader writer|opinion (?:writer|editor)"
    r"|contributing (?:writer|editor)"
    r"|is the author of|is an? (?:writer|author|researcher|analyst)\b|think tank)\b",
    re.I,
)
_OUTLET_IN_BIO = re.compile(
    r"\b(?:joined|returned to|writes for|wrote for|works for|worked for|columnist (?:at|for)|correspondent (?:at|for)"
    r"|editor (?:at|of)|reporter (?:at|for)|contributor to|is at|was at)"
    r"\s+(?P<outlet>(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})"
)


@dataclass
class Tail:
    author_bio: str | None = None
    bio_author: str | None = None
    bio_outlet: str | None = None
    furniture_outlet: str | None = None
    commentator: bool = False
    social_handles: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    read_more: bool = False


def is_footer(line: str) -> bool:
    return any(p.match(line) for p in FOOTER_LINES)


def _too_long_for_bio(paragraph: str) -> bool:
    """More than BIO_MAX_WORDS words (split off only up to one more than that)."""
    return len(paragraph.split(None, BIO_MAX_WORDS)) > BIO_MAX_WORDS


def bio_name(paragraph: str, authors: list[str]) -> str | None:
    """The person a closing paragraph is about, if it is an author bio (at most BIO_MAX_WORDS words).

    Without authors, the length is tested only once the paragraph opens like a bio: most closing paragraphs do
    not, and splitting them into words cost more than the rest of the test."""
    if authors:
        if _too_long_for_bio(paragraph):
            return None
        for name in authors:
            if paragraph.startswith(name + " ") or paragraph.startswith(name.split()[-1] + " "):
                return name
    match = _BIO_START.match(paragraph)
    if match and is_person_name(match["name"]) and not _too_long_for_bio(paragraph) and BIO_ROLES.search(paragraph):
        return match["name"]
    return None


def outlet_in_bio(bio: str) -> str | None:
    for match in _OUTLET_IN_BIO.finditer(bio):
        outlet = re.sub(r"['’]s$", "", match["outlet"].strip())
        if is_news_outlet(outlet):
            return outlet
    return None


def _cut_page_furniture(paragraphs: list[list[str]], trace: list) -> tuple[list[list[str]], list[str]]:
    """(the paragraphs without the page furniture above, inside and below the article, the furniture lines cut, in
    page order) (``split.furniture``)."""
    lines = [line for block in paragraphs for line in block]
    kept, above, inside, below = cut_furniture(lines)
    if len(kept) == len(lines):
        return [list(p) for p in paragraphs], []
    keep = set(kept)
    paras: list[list[str]] = []
    index = 0
    for block in paragraphs:
        out = []
        for line in block:
            if index in keep:
                out.append(line)
            index += 1
        if out:
            paras.append(out)
    cut = sorted(
        [(i, "furniture above the article's prose") for i in above]
        + [(i, "furniture inside the body") for i in inside]
        + [(i, "furniture below the article") for i in below]
    )
    trace += [(role, lines[i]) for i, role in cut]
    return paras, [lines[i] for i, _ in cut]


def read_tail(
    paragraphs: list[list[str]], authors: list[str], trace: list, english: bool = True
) -> tuple[list[list[str]], Tail]:
    """Take furniture, handles and the author bio off the end of the body."""
    tail = Tail()
    paras = [list(p) for p in paragraphs]
    footer: list[str] = []
    before_handle: list[list[str]] | None = None
    while paras:
        last = paras[-1][-1]
        if english and is_footer(last):
            footer.append(last)
            tail.furniture_outlet = tail.furniture_outlet or next(
                (outlet for pattern, outlet in OUTLET_FURNITURE if pattern.match(last)), None
            )
            tail.read_more = tail.read_more or bool(READ_MORE.match(last))
        elif _HANDLE.match(last):
            tail.social_handles.insert(0, last)
            trace.append(("handle", last))
        elif (m := _PROFILE_URL.match(last)) is not None:
            tail.social_handles.insert(0, "@" + m["handle"])
            trace.append(("handle", last))
        elif english and not footer and not tail.social_handles and _BARE_HANDLE.match(last):
            # A bare lowercase last line is a handle only if an author bio
            # stands right above it; otherwise it goes back where it was.
            before_handle = [list(p) for p in paras]
            paras[-1].pop()
            if not paras[-1]:
                paras.pop()
            break
        else:
            break
        paras[-1].pop()
        if not paras[-1]:
            paras.pop()
    trace += [("boilerplate", line) for line in reversed(footer)]
    # what the footer lines leave: the page's furniture below and inside the article (``split.furniture``)
    cut_trace: list = []
    paras, page_furniture = _cut_page_furniture(paras, cut_trace)
    if english and len(paras) > 1:
        last_para = " ".join(paras[-1])
        name = bio_name(last_para, authors)
        if name is not None:
            tail.author_bio, tail.bio_author = last_para, name
            tail.bio_outlet = outlet_in_bio(last_para)
            tail.commentator = bool(COMMENTATOR_ROLES.search(last_para))
            trace += [("bio", line) for line in paras[-1]]
            paras.pop()
    if before_handle is not None:
        if tail.author_bio is not None:
            tail.social_handles.insert(0, before_handle[-1][-1])
            trace.append(("handle", before_handle[-1][-1]))
        else:
            cut_trace = []
            paras, page_furniture = _cut_page_furniture(before_handle, cut_trace)
    trace += cut_trace
    tail.boilerplate = page_furniture + list(reversed(footer))
    return paras, tail
