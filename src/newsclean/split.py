"""split: separate an article's metadata from its body.

Reads the header block at the top of a document (section kicker, title,
standfirst, byline or author line, date and time lines, outlet line), the
tail (author bio, social handle, site furniture) and single-line paragraphs
inside the body that are captions or repeated pull quotes.  What remains is
``text``: the article's own paragraphs, separated by one blank line.

Keeps: every document with at least one body line.  Quarantines (stage
``split``, reason ``empty_body``) a document that is nothing but metadata.

Rules favour an empty field over a wrong one: a line is only taken for a
title, an author or an outlet when its shape and position say so, and a date
only when the whole line is a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pyarrow as pa

from newsclean.dates import ParsedDate, parse_date_line, parse_metadata_date, parse_time_line
from newsclean.schema import ARTICLES, QUARANTINE_ROWS

STAGE = {
    "name": "split",
    "reads": ("document", "url", "meta_title", "meta_sitename", "meta_date"),
    "adds": (
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
    ),
}

# The header is at the top: a line further down is body, whatever it looks like.
HEADER_MAX_LINES = 12
TITLE_MAX_WORDS = 30
CAPTION_MIN_WORDS = 8
BIO_MAX_WORDS = 150

SECTIONS = {
    "world", "uk", "us", "politics", "business", "opinion", "comment", "analysis", "sport", "sports",
    "technology", "tech", "science", "health", "culture", "entertainment", "arts", "lifestyle", "travel",
    "money", "economy", "education", "environment", "climate", "europe", "asia", "africa", "middle east",
    "americas", "australia", "news", "uk news", "world news", "us news", "features", "investigations",
    "editorial", "letters", "obituaries", "media", "law", "crime", "local", "national", "columnists",
    "op-ed", "review", "reviews", "explainer", "live", "breaking news", "defence", "defense", "ukraine",
}
OPINION_SECTIONS = {"opinion", "comment", "editorial", "letters", "columnists", "op-ed"}
ANALYSIS_SECTIONS = {"analysis", "explainer"}

# Words that make a capitalised line an organisation or outlet, not a person.
ORG_WORDS = {
    "times", "post", "news", "daily", "telegraph", "guardian", "herald", "journal", "tribune", "gazette",
    "courier", "chronicle", "observer", "review", "express", "mail", "mirror", "standard", "independent",
    "spectator", "economist", "press", "media", "network", "radio", "tv", "magazine", "weekly", "online",
    "today", "wire", "agency", "institute", "center", "centre", "foundation", "council", "university",
    "ministry", "department", "bureau", "associated", "reuters", "bbc", "cnn", "sentinel", "record",
    "dispatch", "bulletin", "register", "monitor", "insider", "digest", "report", "inquirer", "examiner",
    "star", "sun", "world", "group", "company", "inc", "ltd", "llc", "club", "party", "office",
}
ROLE_WORDS = {
    "editor", "correspondent", "reporter", "writer", "columnist", "contributor", "staff", "chief", "senior",
    "deputy", "associate", "producer", "analyst", "fellow", "director", "president", "head", "author",
    "photographer", "journalist", "desk", "team", "newsroom", "political", "foreign", "economics",
    "science", "technology", "business", "health", "security", "defence", "defense", "diplomatic",
}
NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "el", "ibn", "ter"}

_TERMINAL = re.compile(r"[.!?…:;\"”’'»)\]]$")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+)$")
_BYLINE = re.compile(r"^(?:by|words by|written by|reporting by|story by|words and pictures by)\s*:?\s+(?P<names>.+)$", re.I)
_BYLINE_FOR = re.compile(r"\s+for\s+(?:the\s+)?[A-Z][\w.&' -]*$")
_BYLINE_IN = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_BYLINE_CUT = re.compile(r"\s+(?:[-–—|•·]|/)\s+.*$")
_HANDLE = re.compile(r"^@[A-Za-z0-9_]{1,30}$")
_BARE_HANDLE = re.compile(r"^[a-z0-9_][a-z0-9_.]{1,28}[a-z0-9_]$")
_PROFILE_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:twitter\.com|x\.com|instagram\.com|threads\.net|facebook\.com|bsky\.app/profile|linkedin\.com/in)/@?(?P<handle>[A-Za-z0-9_.-]{1,60})/?$",
    re.I,
)
_BIO_START = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)\s+(?:is|was|has been|writes|covers|reports|served|joined|teaches|leads)\b"
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+")
_DOMAIN_LINE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)

# Site furniture seen at the end of scraped pages.  Matched as whole lines.
FOOTER_LINES = [
    re.compile(p, re.I)
    for p in (
        r"^close$",
        r"^(?:got something to add|have your say|what do you think)\?.*\bcomments?\b.*$",
        r"^(?:share|share this|share this article|share on \w+)$",
        r"^(?:advertisement|advertising|sponsored content)$",
        r"^(?:comments?|\d+ comments?|view comments|show comments)$",
        r"^(?:read more|related|more on this story|most read|most popular)$",
        r"^(?:sign up|subscribe) (?:to|for) .{0,60}(?:newsletter|updates|alerts).*$",
        r"^(?:follow us on|follow) .{0,40}(?:twitter|facebook|instagram|x)\.?$",
        r"^(?:skip to|back to top|print this page)\b.*$",
        r"^(?:copyright|©).{0,80}(?:all rights reserved)?\.?$",
    )
]
_MARKUP = re.compile(r"</?(?:p|div|span|a|br|img|strong|em|b|i|ul|ol|li|h[1-6]|table|tr|td|iframe|figure|figcaption)\b[^>]*>|&(?:nbsp|amp|quot|lt|gt|#\d{2,5});", re.I)
_SCRIPT = re.compile(r"function\s*\([^)]*\)\s*\{|\bvar\s+\w+\s*=|document\.(?:write|getElementById|querySelector)|window\.\w+\s*=|<script\b|\{\s*\"@context\"", re.I)
_PAYWALL = re.compile(r"\b(?:subscribe to (?:continue|read)|(?:this|the rest of this) (?:article|story) is (?:only )?(?:available )?(?:for|to) (?:subscribers|members)|to continue reading,? (?:please )?(?:subscribe|log in|sign in)|already a subscriber\?)", re.I)
_TRUNCATED_END = re.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\]|\(continued\))$", re.I)


@dataclass
class Header:
    title: str | None = None
    description: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    sitename: str | None = None
    published: ParsedDate | None = None
    published_source: str | None = None
    modified: ParsedDate | None = None
    seen_dates: set[str] = field(default_factory=set)


def words(line: str) -> list[str]:
    return line.split()


def has_terminal_punctuation(line: str) -> bool:
    return bool(_TERMINAL.search(line))


def is_headline(line: str) -> bool:
    n = len(words(line))
    opens_like_a_title = line[:1].isupper() or line[:1].isdigit() or line[:1] in "“\"'‘"
    return 2 <= n <= TITLE_MAX_WORDS and not line.endswith((".", ";", ",")) and opens_like_a_title


def is_person_name(text: str) -> bool:
    tokens = words(text.strip())
    if not 2 <= len(tokens) <= 5 or tokens[0].lower() == "the":
        return False
    named = 0
    for token in tokens:
        bare = token.strip(",")
        lower = bare.lower().rstrip(".")
        if lower in NAME_PARTICLES:
            continue
        if lower in ORG_WORDS or lower in ROLE_WORDS or lower in SECTIONS or not _NAME_TOKEN.match(bare):
            return False
        named += 1
    return named >= 2


def is_outlet(text: str) -> bool:
    tokens = words(text)
    if not tokens or len(tokens) > 6 or has_terminal_punctuation(text) and not text.endswith(".com"):
        return False
    if _DOMAIN_LINE.match(text):
        return True
    if not all(t[:1].isupper() or t[:1].isdigit() or t.lower() in {"of", "the", "and", "on", "&"} for t in tokens):
        return False
    return tokens[0] == "The" or any(t.lower().strip(".") in ORG_WORDS for t in tokens)


def is_section(line: str) -> bool:
    return line.strip().lower() in SECTIONS


def parse_byline(line: str) -> list[str] | None:
    """Person names from a byline ('By A', 'A and B', 'A in Kyiv', 'A, Senior Reporter', 'A for Outlet').

    None when the line is not a byline; a byline that names no person gives [].
    """
    match = _BYLINE.match(line.strip())
    if match is None:
        return None
    return names_in(match["names"])


def names_in(text: str) -> list[str]:
    text = _BYLINE_CUT.sub("", text.strip())
    text = _BYLINE_FOR.sub("", text)
    names = []
    for part in _BYLINE_SPLIT.split(text):
        part = _BYLINE_IN.sub("", part.strip())
        part = _BYLINE_FOR.sub("", part)
        if is_person_name(part) and part not in names:
            names.append(part)
    return names


def clean_title(title: str, header: Header) -> str:
    """Strip 'Section | ' prefixes and ' - Outlet' suffixes, filling section and sitename from them."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and is_section(parts[0]):
        header.section = header.section or parts[0].strip()
        parts = parts[1:]
    if len(parts) > 1 and is_outlet(parts[-1]):
        header.sitename = header.sitename or parts[-1].strip()
        parts = parts[:-1]
    for label in ("Opinion", "Analysis", "Comment", "Explainer"):
        if parts[0].startswith(label + ":") and len(parts[0]) > len(label) + 2:
            header.section = header.section or label
            parts[0] = parts[0][len(label) + 1:].strip()
    return " - ".join(p.strip() for p in parts)


def _take_date(line: str, next_line: str | None, header: Header, source: str) -> int:
    """Record a date line (and a time line right below it); return how many lines it used, 0 if none."""
    parsed = parse_date_line(line)
    if parsed is None:
        return 0
    used = 1
    if parsed.precision == "day" and next_line is not None:
        clock = parse_time_line(next_line)
        if clock is not None:
            parsed = parsed.with_time(clock[0], clock[1], next_line.strip())
            used = 2
    key = f"{parsed.is_modified}:{parsed.value.isoformat()}"
    if key in header.seen_dates:  # a repeated date block counts once
        return used
    header.seen_dates.add(key)
    if parsed.is_modified:
        header.modified = header.modified or parsed
    elif header.published is None:
        header.published = parsed
        header.published_source = source
    return used


def _is_meta_line(line: str) -> bool:
    return (
        parse_date_line(line) is not None
        or parse_byline(line) is not None
        or is_person_name(line)
        or is_outlet(line)
    )


def read_header(lines: list[str], header: Header, has_meta_title: bool) -> int:
    """Fill ``header`` from the top lines; return the index of the first body line."""
    i = 0
    limit = min(len(lines), HEADER_MAX_LINES)
    title_done = has_meta_title
    while i < limit:
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        used = _take_date(line, nxt, header, "header")
        if used:
            i += used
            continue
        if parse_time_line(line) is not None and header.published is not None:
            i += 1  # a repeated time line under a repeated date
            continue
        byline = parse_byline(line)
        if byline is not None:
            header.authors.extend(n for n in byline if n not in header.authors)
            i += 1
            continue
        if not title_done:
            if header.section is None and is_section(line) and nxt is not None and is_headline(nxt):
                header.section = line.strip()
                i += 1
                continue
            if is_headline(line) and not is_person_name(line):
                header.title = clean_title(line, header)
                title_done = True
                i += 1
                continue
            break
        if (
            header.description is None
            and not header.authors
            and header.published is None
            and nxt is not None
            and not _is_meta_line(line)
            and _is_meta_line(nxt)
            and len(words(line)) >= 5
        ):
            header.description = line
            i += 1
            continue
        if is_person_name(line) and (header.title or header.description or has_meta_title):
            if line not in header.authors:
                header.authors.append(line.strip())
            i += 1
            continue
        if header.sitename is None and is_outlet(line) and (header.authors or header.published or header.title):
            header.sitename = line.strip()
            i += 1
            continue
        break
    return i


@dataclass
class Tail:
    author_bio: str | None = None
    bio_author: str | None = None
    social_handles: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


def read_tail(paragraphs: list[list[str]], authors: list[str]) -> tuple[list[list[str]], Tail]:
    """Take the author bio, handles and site furniture off the end of the body."""
    tail = Tail()
    paras = [list(p) for p in paragraphs]
    footer: list[str] = []
    before_handle: list[list[str]] | None = None
    # Walk back over trailing furniture and handles, line by line.
    while paras:
        last = paras[-1][-1]
        if any(p.match(last) for p in FOOTER_LINES):
            footer.append(last)
        elif _HANDLE.match(last):
            tail.social_handles.insert(0, last)
        elif (m := _PROFILE_URL.match(last)) is not None:
            tail.social_handles.insert(0, "@" + m["handle"])
        elif not footer and not tail.social_handles and _BARE_HANDLE.match(last):
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
    tail.boilerplate = list(reversed(footer))
    if paras:
        last_para = " ".join(paras[-1])
        bio_name = _bio_name(last_para, authors)
        if bio_name is not None and len(paras) > 1:
            tail.author_bio = last_para
            tail.bio_author = bio_name
            paras.pop()
    if before_handle is not None:
        if tail.author_bio is not None:
            tail.social_handles.insert(0, before_handle[-1][-1])
        else:
            paras = before_handle
    return paras, tail


def _bio_name(paragraph: str, authors: list[str]) -> str | None:
    if len(words(paragraph)) > BIO_MAX_WORDS:
        return None
    for name in authors:
        if paragraph.startswith(name + " ") or paragraph.startswith(name.split()[-1] + " "):
            return name
    match = _BIO_START.match(paragraph)
    if match and is_person_name(match["name"]):
        return match["name"]
    return None


def to_paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def body_paragraphs(paragraphs: list[list[str]]) -> tuple[list[str], list[str], list[str], bool]:
    """(paragraphs of text, captions, pull quotes removed, repeated_block seen).

    A paragraph whose lines all end a sentence is one sentence per line, and
    each line becomes a paragraph; otherwise its lines are a hard-wrapped
    paragraph and are joined.  A single-line paragraph of 8 or more words
    with no closing punctuation is a caption, unless the same words appear
    again in a later paragraph: then it is a pull quote, removed as
    boilerplate.
    """
    flat: list[str] = []
    for para in paragraphs:
        if len(para) > 1 and all(has_terminal_punctuation(line) for line in para):
            flat.extend(para)
        else:
            flat.append(" ".join(para))
    kept, captions, pulled = [], [], []
    repeated = False
    seen: set[str] = set()
    for index, para in enumerate(flat):
        is_last = index == len(flat) - 1
        if para in seen:
            repeated = True
            pulled.append(para)
            continue
        if not is_last and len(words(para)) >= CAPTION_MIN_WORDS and not has_terminal_punctuation(para):
            if any(para in other for other in flat[index + 1:]):
                pulled.append(para)
            else:
                captions.append(para)
            continue
        seen.add(para)
        kept.append(para)
    return kept, captions, pulled, repeated


def text_flags(text: str, repeated: bool) -> list[str]:
    flags = []
    if _MARKUP.search(text):
        flags.append("markup_residue")
    if _SCRIPT.search(text):
        flags.append("script_residue")
    if _PAYWALL.search(text):
        flags.append("paywall")
    if repeated:
        flags.append("repeated_block")
    if _TRUNCATED_END.search(text.rstrip()):
        flags.append("truncated")
    return sorted(flags)


def article_type(section: str | None) -> str:
    key = (section or "").strip().lower()
    if key in OPINION_SECTIONS:
        return "opinion"
    if key in ANALYSIS_SECTIONS:
        return "analysis"
    return "unknown"


def source_domain(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host or None


class EmptyBody(ValueError):
    pass


def split_document(document: str, url: str | None = None, meta_title: str | None = None,
                   meta_sitename: str | None = None, meta_date: str | None = None) -> dict:
    """One document's text -> the metadata columns and ``text``.  Raises EmptyBody."""
    lines = document.split("\n")
    nonblank = [line for line in lines if line]
    header = Header()
    if meta_title:
        header.title = clean_title(meta_title, header)
    start = read_header(nonblank, header, has_meta_title=bool(meta_title))
    # Drop the header lines (and a first line that repeats the metadata title).
    body_lines = _after_header(lines, start)
    if meta_title and body_lines and body_lines[0].strip() == meta_title.strip():
        body_lines = body_lines[1:]
    paragraphs, tail = read_tail(to_paragraphs(body_lines), header.authors)
    authors = list(header.authors)
    if not authors and tail.bio_author:
        authors = [tail.bio_author]
    kept, captions, pulled, repeated = body_paragraphs(paragraphs)
    if not kept:
        raise EmptyBody("nothing is left once the header lines, bio and furniture are removed")
    text = "\n\n".join(kept)

    published, published_source = header.published, header.published_source
    if meta_date:
        parsed = parse_metadata_date(meta_date)
        if parsed is not None and not parsed.is_modified:
            published, published_source = parsed, "metadata"
    section = header.section
    return {
        "title": header.title,
        "description": header.description,
        "section": section,
        "authors": authors,
        "author_bio": tail.author_bio,
        "social_handles": tail.social_handles,
        "sitename": meta_sitename or header.sitename,
        "source_domain": source_domain(url),
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "published_raw": published.raw if published else None,
        "published_source": published_source if published else None,
        "modified": header.modified.value if header.modified else None,
        "text": text,
        "captions": captions,
        "boilerplate_removed": pulled + tail.boilerplate,
        "text_flags": text_flags(text, repeated),
        "word_count": len(text.split()),
        "article_type": article_type(section),
    }


def _after_header(lines: list[str], nonblank_consumed: int) -> list[str]:
    seen = 0
    for index, line in enumerate(lines):
        if line:
            if seen == nonblank_consumed:
                return lines[index:]
            seen += 1
    return []


# The columns this stage adds, typed as the published schema types them.
SPLIT_COLUMNS = pa.schema([ARTICLES.field(name) for name in STAGE["adds"]])

CARRIED_COLUMNS = (
    "source_file", "source_sha256", "source_encoding", "mojibake_repaired", "segment_index",
    "n_segments", "char_start", "char_end", "url", "extra",
)


def split(documents: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Documents -> (split rows: provenance + metadata + text, quarantine rows)."""
    rows: list[dict] = []
    kept_index: list[int] = []
    quarantine: list[dict] = []
    columns = documents.select(["document", "url", "meta_title", "meta_sitename", "meta_date"]).to_pydict()
    source_files = documents.column("source_file").to_pylist()
    segments = documents.column("segment_index").to_pylist()
    for i, document in enumerate(columns["document"]):
        try:
            rows.append(
                split_document(document, columns["url"][i], columns["meta_title"][i],
                               columns["meta_sitename"][i], columns["meta_date"][i])
            )
            kept_index.append(i)
        except EmptyBody as exc:
            quarantine.append({
                "source_file": source_files[i], "segment_index": segments[i],
                "stage": "split", "reason": "empty_body", "detail": str(exc),
            })
    carried = documents.select(list(CARRIED_COLUMNS)).take(pa.array(kept_index, pa.int64()))
    split_table = pa.Table.from_pylist(rows, schema=SPLIT_COLUMNS)
    for name in split_table.column_names:
        carried = carried.append_column(split_table.schema.field(name), split_table.column(name))
    return carried, pa.Table.from_pylist(quarantine, schema=QUARANTINE_ROWS)

