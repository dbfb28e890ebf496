"""Bylines: person names, and the dates, handles and outlets printed beside them.

A byline is read in two steps.  First the *label* ("By", "Written by", "Words:", "Von", "Par", "Por", "Di",
"Door", "Av", "Autor:", "Auteur" ...), at the start of the line, after a printed date ("11/19/2019 by ...",
"Domenica 19 Aprile 2020 di ..."), or after a separator that ends a title or breadcrumb ("... – By ...",
"Outlet | date | Par ...").  Then the *names*: words shaped like a name (lexicon.is_name_word), in runs of 2-5
joined by commas, "and", "&" or the same word in another language, up to the first word that is not part of a name
(a role, a date, a place after "in", an outlet after "for", a separator, a handle or an email).  Names are
returned in the case printed ("BY JANE DOE" gives "JANE DOE"): title-casing would get McDonald, O'Neil, van der
Berg and initialisms wrong, and the printed form is the one the provenance span shows.

A line without a label (``parse_name_line``) is a name line only when it holds nothing but names and byline
furniture (a date, a role, an outlet, a handle, "N min read"): a name followed by prose, a photo credit
("Jane Doe/Agency"), a menu entry ("Share Link") or a widget's text ("More by ...") is not one.  Empty rather
than wrong: a line that may not be a byline gives no names.

A byline that names no person may *credit* an organisation: a labelled one its wire agency, outlet or desk ("By
Reuters", "By: CNN Wire", "By Metro Desk"), an unlabelled one a wire agency (``core.lexicon.AGENCIES``)
followed by byline furniture or spelled out ("PTI | July 9, 2026", "The Associated Press").  A bare "AFP" or
"Reuters" line is a picture's credit, not a byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsclean.core.dates import ParsedDate, parse_date_line
from newsclean.core.lexicon import (
    AGENCIES,
    BEAT_PLACES,
    CAMEL_PREFIXES,
    DATE_ABBREVIATIONS,
    DATE_FILLER,
    DATE_WORDS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    ORG_WORDS,
    ROLE_WORDS,
    is_initial,
    is_name_word,
    is_news_outlet,
    is_outlet,
    is_person_name,
    refuses_name_word,
    words,
)

# Labels that need no colon: the name follows ("By Ada", "Von Ada", "Par Ada", "Written by Ada").
_BY_LABELS = (
    r"(?:(?:written|words|text|story|reporting|reported|posted|compiled|words\s+and\s+pictures)\s+by"
    r"|(?:verfasst|geschrieben|text|ein\s+beitrag)\s+von|(?:écrit|rédigé|texte)\s+par|escrit[oa]\s+por"
    r"|(?:scritto|scritta)\s+da|a\s+cura\s+di|geschreven\s+door|skrevet\s+a[vf]|by(?:\s*by)?|von|par|por|di"
    r"|door|av|af|escribe)"
)
# "Author(s)" in several languages: a colon is optional.
_AUTHOR_LABELS = (
    r"(?:authors?|autor(?::innen|innen|in|en|a|es)?|auteurs?|autrice|autore|autori|byline|penulis|forfatter"
    r"|författare|kirjoittaja)"
)
# Nouns that are a label only with a colon ("Words: Ada", "Text: Ada").
_NOUN_LABELS = r"(?:words|text|texte|texto|testo|tekst|teksti|reporting)"
_NOT_LETTER = r"(?![^\W\d_])"
_LABEL = re.compile(
    rf"(?:(?P<by>{_BY_LABELS}){_NOT_LETTER}(?P<bycolon>\s*:)?"
    rf"|(?P<author>{_AUTHOR_LABELS}){_NOT_LETTER}(?P<acolon>\s*:)?"
    rf"|(?P<noun>{_NOUN_LABELS})\s*:)",
    re.I,
)
_LONE_LABEL = re.compile(rf"^(?:{_BY_LABELS}|{_AUTHOR_LABELS}|{_NOUN_LABELS})\s*:?$", re.I)
# Prepositions that only a following name makes a label (in English "par", "di" and "door" are words too).
_WEAK_LABELS = {"von", "par", "por", "di", "door", "av", "af", "escribe"}
_BULLET = re.compile(r"^(?:[•·▪◦‣■□●○◆◇►▸▶➤*]+\s*|\d{1,2}\.\s+)")
_BULLET_CHARS = frozenset("•·▪◦‣■□●○◆◇►▸▶➤*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"\(?@\s?(?P<handle>[A-Za-z0-9_]{1,30})\)?")
_WITH_PAREN = re.compile(r"\(\s*(?:avec|with|mit|con|com|and|und|et|y|e)\s+([^()]*)\)", re.I)
_PAREN = re.compile(r"\([^()]*\)?")
_GLUED_SLASH = re.compile(r"(?<=[^\W\d_])/|/(?=[^\W\d_])")
_GLUED_PAREN = re.compile(r"(?<=\w)\(")
_GLUED_DIGITS = re.compile(r"(?<=[^\W\d_]{2})(?=\d)")
# A "/" is a token when spaced (_prepare spaces the glued ones): "11/19/2026" stays one word.
_TOKENS = re.compile(r"[,;&|•·–—]|[^\s,;&|•·–—]+")
_SEPARATORS = frozenset("|•·–—/-")
_WITH = {"with", "avec", "mit", "con", "com"}
_CONJUNCTIONS = {
    "and",
    "und",
    "et",
    "y",
    "e",
    "en",
    "og",
    "och",
    "i",
    "ja",
    "és",
    "with",
    "avec",
    "mit",
    "con",
    "com",
    "&",
}
# Words after which the capitalised words before them are a desk's name ("Metro Desk", "Smart Shopping Team").
_COLLECTIVE = {
    "team",
    "staff",
    "desk",
    "newsroom",
    "bureau",
    "editors",
    "reporters",
    "writers",
    "service",
    "report",
    "reports",
    "wire",
    "network",
    "group",
    "editorial",
}
_ROLE_CONNECTORS = {"of", "the", "and", "for", "at", "in", "a", "an", "&", "-", "based"}
_CONTINUED = re.compile(r"^(?:,|&|and|und|et|y|e)\s+(?=[A-Z])")
_HONORIFICS = {"dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "dame", "rev", "rev."}
_FOR_OUTLET = re.compile(r"(?:^|\s)for\s+(?P<outlet>(?:the\s+)?[A-Z][\w.&'’ -]*)$")
_IN_PLACE = re.compile(r"^(?:in|en|aus|à|a|em|from)\s+[A-Z][^\s]*(?:\s+[A-Z][^\s]*){0,2}$")
_TAIL_SEGMENT = re.compile(r"\s*[|•·–—]\s*|\s+[-/]\s+|,\s+")
_HARD_SEGMENT = re.compile(r"\s*[|•·–—]\s*|\s+[-/]\s+|^[-/]\s+|\s+[-/]$")
_PHOTO_WORDS = {
    "photo",
    "photos",
    "foto",
    "fotos",
    "photograph",
    "image",
    "images",
    "getty",
    "afp",
    "epa",
    "ap",
    "pa",
    "dpa",
    "reuters",
    "shutterstock",
    "alamy",
    "istock",
    "istockphoto",
    "credit",
    "courtesy",
    "file",
    "handout",
    "©",
    "bild",
    "imago",
    "picture",
    "pictures",
    "illustration",
}
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?]$")
BYLINE_MAX_WORDS = 24
NAME_LINE_MAX_WORDS = 16
_MAX_LINE_CHARS = 600


@dataclass
class Byline:
    names: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    outlet: str | None = None
    dates: list[ParsedDate] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    # What the line prints before a label that is not at its start: a title or breadcrumb ("Title – By Ada").
    before: str | None = None
    # The agency, outlet or desk a labelled byline credits when it names no person ("By Reuters", "Von dpa", "By
    # Metro Desk"), as printed.
    credit: str | None = None

    @property
    def signed(self) -> bool:
        """Whether the byline says who wrote the text: a person's name, or the organisation it credits."""
        return bool(self.names or self.credit)


def is_byline_label(line: str) -> bool:
    """A label alone on its line ("By", "Von", "Autor:", "Written by"): the names are on the next line."""
    text = _BULLET.sub("", line.strip())
    return len(text) <= 24 and _LONE_LABEL.match(text) is not None


# ---------------------------------------------------------------------------------------------- reading names


def _check_form(token: str, caps: bool) -> str:
    """The form a word's name shape is tested in: capitals ('HASKELL') as title case when ``caps``."""
    if caps and len(token) > 1 and token.isupper():
        return token.title()
    return token


def _is_name_token(token: str, first: bool, caps: bool, following: str | None) -> bool:
    check = _check_form(token, caps)
    lower = check.lower()
    if not first and (lower in NAME_PARTICLES or lower in NAME_SUFFIXES):
        return True
    if lower in DATE_ABBREVIATIONS and following is not None and _DIGIT.search(following):
        return False
    return not refuses_name_word(lower, first) and is_name_word(check)


def _valid_name(tokens: list[str], caps: bool) -> bool:
    if caps:
        # Capitals for the whole name or for its last words only ("JANE DOE", "Jean DUPONT"), never in its middle
        # ("Position FB Transfers").
        shouted = [len(t) > 1 and t.isupper() and not is_initial(t) for t in tokens]
        if any(shouted) and not all(shouted) and shouted[-1] is False:
            return False
        if any(shouted) and not all(shouted) and shouted.index(True) < len(shouted) - sum(shouted):
            return False
    return is_person_name(" ".join(_check_form(t, caps) for t in tokens))


_NAME_CAMEL_HEADS = frozenset(CAMEL_PREFIXES)  # the apostrophe forms are refused below in any case


def _glued(token: str) -> tuple[str, str] | None:
    """'DoeThe' -> ('Doe', 'The'): a lower-to-upper change inside a word, other than a name's own (McGrath)."""
    for k in range(2, len(token) - 1):
        if token[k].isupper() and token[k - 1].islower():
            head = token[:k]
            if head in _NAME_CAMEL_HEADS or "'" in head or "’" in head:
                return None
            return head, token[k:]
    return None


def _outlet_like(tokens: list[str]) -> bool:
    """The start of an outlet's name: 'The ...', a news or organisation word, or an outlet or domain shape."""
    if not tokens:
        return False
    head = tokens[:6]
    return (
        head[0] == "The"
        or head[0].lower().strip(".") in ORG_WORDS
        or any(t.lower().strip(".,") in ORG_WORDS for t in head[:3])
        or is_outlet(" ".join(head[:3]))
        or is_news_outlet(" ".join(head[:3]))
    )


def _prepare(text: str, byline: Byline) -> str:
    """Take emails and handles out (as separators), and open parentheses and glued slashes."""
    if "@" in text:

        def email(m: re.Match) -> str:
            byline.emails.append(m.group(0))
            return " | "

        def handle(m: re.Match) -> str:
            byline.handles.append("@" + m["handle"])
            return " | "

        text = _HANDLE.sub(handle, _EMAIL.sub(email, text))
    if "(" in text:
        text = _GLUED_PAREN.sub(" (", text)
        text = _WITH_PAREN.sub(lambda m: " and " + m.group(1), text)
        text = _PAREN.sub(" | ", text)
    if "/" in text:
        text = _GLUED_SLASH.sub(" / ", text)
    if _DIGIT.search(text):
        text = _GLUED_DIGITS.sub(" | ", text)  # "Erin Cole2026-01-26": the name, then the date
    return text


def read_names(text: str, labelled: bool) -> tuple[list[str], list[str]]:
    """(names, the tokens after them) from the start of ``text``.  ``labelled``: the line has a byline label, so a
    name may be printed in capitals ("BY JANE DOE", "Par Jean DUPONT") and "with" joins names."""
    caps = labelled
    tokens = _TOKENS.findall(text)
    names: list[str] = []
    current: list[str] = []
    i = start = 0  # start: the first token not taken into a name
    while i < len(tokens):
        token = tokens[i]
        lower = token.lower()
        if token in _SEPARATORS:
            break
        if token in (",", ";") or lower in _CONJUNCTIONS and (labelled or lower not in _WITH):
            if current:
                if not _valid_name(current, caps):
                    break
                names.append(" ".join(current))
                current = []
                start = i
            elif not names:
                break
            i += 1
            continue
        if not current and lower in _HONORIFICS:
            i += 1
            continue
        if current and (parts := _glued(token)) is not None:
            head, rest = parts
            # "HolmContributor", "PerezNovember 6": a role or a date glued to the name is furniture after it
            outlet = _outlet_like([rest] + tokens[i + 1 :]) or rest.lower() in ROLE_WORDS or rest.lower() in DATE_WORDS
            if _valid_name(current + [head], caps) and (outlet or _valid_name([rest] + tokens[i + 1 : i + 2], caps)):
                names.append(" ".join(current + [head]))
                current = []
                # "DoeThe Outlet" reads as "Doe | The Outlet"; "WisemanFatima Hussein" as "Wiseman, Fatima Hussein"
                tokens[i : i + 1] = ["|", rest] if outlet else [",", rest]
                start = i
                continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if len(current) < 6 and _is_name_token(token, not current, caps, following):
            current.append(token)
            i += 1
            continue
        break
    if current:
        stop = tokens[i].lower().strip(".,") if i < len(tokens) else ""
        after = tokens[i + 1].lower().strip(".,") if i + 1 < len(tokens) else ""
        if stop in _COLLECTIVE and (after not in ROLE_WORDS or after in _COLLECTIVE):
            current = []  # "Smart Shopping Team", "Metro Desk": a desk's name, not a person's
        elif stop in ROLE_WORDS or stop in ORG_WORDS:
            # "Denis Staunton China Correspondent": the place belongs to the role.
            while len(current) > 2 and current[-1].lower() in BEAT_PLACES:
                current.pop()
                i -= 1
        if current and _valid_name(current, caps):
            names.append(" ".join(current))
            start = i
    return names, tokens[start:]


# ---------------------------------------------------------------------------------------------- the tail


def _dates_in(tail: str) -> list[ParsedDate]:
    """The dates printed after a byline's names: the whole tail first ("Nov 19, 2019, 7:53pm EST" is one date
    line), else each segment between hard separators."""
    if _DIGIT.search(tail) and (whole := parse_date_line(tail.strip(" ,|·-–—"))) is not None:
        return [whole]
    found = []
    for segment in _HARD_SEGMENT.split(tail):  # not at commas: "Nov 8, 2026" is one date
        segment = segment.strip(" ,")
        if not _DIGIT.search(segment):
            continue
        parsed = parse_date_line(segment)
        if parsed is None:
            for match in re.finditer(r"\s+", segment):
                parsed = parse_date_line(segment[match.end() :])
                if parsed is not None:
                    break
        if parsed is not None:
            found.append(parsed)
    return found


def _outlet_in(tail: str) -> str | None:
    for segment in _TAIL_SEGMENT.split(tail):
        segment = segment.strip()
        if (match := _FOR_OUTLET.search(segment)) is not None:
            return match["outlet"].strip()
        if segment and not _DIGIT.search(segment) and (is_news_outlet(segment) or is_outlet(segment)):
            return segment
    return None


_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?|\d{1,2}[:h]\d{2}|\d{1,2}(?:st|nd|rd|th)?$", re.I)
_RELATIVE_TIME = re.compile(
    r"^(?:\d+|an?|one)\s+(?:min|mins|minutes?|hours?|hrs?|h|days?|weeks?|months?)\.?(?:\s+(?:ago|read|to\s+read))?\b",
    re.I,
)


def _is_date_like(tokens: list[str]) -> bool:
    """A printed date or time and nothing else: '11/19/2019', 'Monday November 18, 2019 7:45 am PST', '19.10.2019,
    05:00 Uhr'; a run of bare numbers (a results table) or a lone year is not one."""
    if not tokens:
        return False
    numbers = dated = 0
    for token in tokens:
        bare = token.strip(",.()[]:").lower()
        if not bare or token in _SEPARATORS:
            continue
        if _DIGIT.search(bare):
            if _NUMERIC_DATE.match(bare) is None and not (len(bare) == 4 and bare.isdigit()):
                return False
            numbers += 1
            dated += not bare.isdigit() or len(bare) == 4
            continue
        if bare in DATE_WORDS or bare in DATE_ABBREVIATIONS:
            dated += 1
        elif bare not in DATE_FILLER:
            return False
    return (
        numbers >= 1
        and dated >= 1
        and numbers <= 4
        and not (numbers == 1 and dated == 1 and len(tokens) == 1 and tokens[0].strip(",.").isdigit())
    )


def _furniture(segment: str) -> bool:
    """A part of a name line's tail that bylines print: a date, a role, an outlet, a place, 'N min read'."""
    tokens = segment.split()
    if not tokens:
        return True
    lowered = [t.lower().strip(".,:()") for t in tokens]
    if len(tokens) > 10:
        return False
    if _is_date_like(tokens) or _RELATIVE_TIME.match(segment):
        return True
    if any(t in ROLE_WORDS for t in lowered):
        # "Ap Sports Writer", "Senior Politics Editor", "a deputy editor": a role, not a sentence
        return (
            len(tokens) <= 6
            and not _SENTENCE_END.search(segment)
            and all(t[:1].isupper() or low in ROLE_WORDS or low in _ROLE_CONNECTORS for t, low in zip(tokens, lowered))
        )
    if any(t in _PHOTO_WORDS for t in lowered):
        return False  # "Jane Doe / Agency": a photo credit
    return bool(
        _IN_PLACE.match(segment)
        or _FOR_OUTLET.search(segment)
        or is_outlet(segment)
        or is_news_outlet(segment)
        or (segment.isupper() and len(tokens) <= 4)
        or (len(tokens) == 1 and not _SENTENCE_END.search(segment) and not _DIGIT.search(segment))
    )


def _furniture_all(text: str) -> bool:
    """Every separated part of ``text`` is furniture; a part that is not is tried again cut at its commas."""
    for segment in _HARD_SEGMENT.split(text):
        segment = segment.strip(" ,")
        if segment and not _furniture(segment) and not all(_furniture(p) for p in segment.split(", ")):
            return False
    return True


def _name_line_tail(tail: list[str]) -> bool:
    """Whether what follows the names on a line without a label is byline furniture."""
    if not tail:
        return True
    if len(tail) > 14:
        return False
    text = " ".join(tail)
    if tail[0] == "/" and len(tail) > 1 and not _is_date_like(tail[1:]):
        return False  # "Jane Doe / Agency" is a photo credit; "Jane Doe / 3 May 2026" a byline
    if tail[0] in _SEPARATORS or tail[0] == ",":
        return _furniture_all(text.lstrip("|•·–—/-, "))
    first = tail[0].lower().strip(".,")
    if _DIGIT.search(tail[0]):
        return _furniture_all(text)
    if first in ROLE_WORDS or first in BEAT_PLACES or _IN_PLACE.match(text):
        return _furniture_all(text)
    return False


# ---------------------------------------------------------------------------------------------- the two readers


def _strip(line: str) -> str:
    text = line.strip()
    if text[:1] in _BULLET_CHARS or text[:1].isdigit():
        text = _BULLET.sub("", text).strip()
    return text


_FIRST_WORD = re.compile(r"([^\W\d_]+)")
# A separator (or a hyphen) and a label word after it: the cheap test that a label may stand inside the line.
_MID_LABEL = re.compile(
    r"[|•·–—/)\]\-]\s*(?i:by|von|par|por|di|door|av|af|escribe|authors?|autor|auteurs?|autrice|autore|autori"
    r"|byline|penulis|forfatter|författare|kirjoittaja|words|text|texte|texto|testo|tekst|teksti|reporting|written"
    r"|posted|story|reported|compiled|verfasst|geschrieben|ein|écrit|rédigé|escrit|scritt|a\s+cura|geschreven|skrevet)"
)
# A capitalised label glued to a capitalised name ("ByLena Marsh", "PorRui Costa", "Geschrieben vonLena Marsh");
# case-sensitive, and without "Di" and "Door", which open names and words ("DiCaprio", "Doorman").
_GLUED_LABEL = re.compile(
    r"(?P<by>(?:(?:Written|Words|Story|Posted|Reported) by|(?:Geschrieben|Verfasst) von"
    r"|(?:Écrit|Rédigé) par|Escrit[oa] por|By|Por|Par|Von))(?=[A-ZÀ-Þ][a-zà-ÿ])"
    r"(?P<bycolon>)(?P<acolon>)(?P<noun>)"
)
_LABEL_SPOT = re.compile(r"[|•·–—/)\]]")  # and " - " (str.find: a regex alternation for it is 6x slower)
_WORD_AT = re.compile(r"\S+")
_MID_LINE_MAX_CHARS = 300


def _date_prefix_end(text: str) -> int:
    """Where a printed date that opens the line ends (0 when the line does not open with one)."""
    end = 0
    tokens: list[str] = []
    for match in _WORD_AT.finditer(text):
        tokens.append(match.group(0))
        if not _is_date_like(tokens) and not (len(tokens) < 3 and _date_start(tokens)):
            tokens.pop()
            break
        if _is_date_like(tokens):
            end = match.end()
        if len(tokens) > 10:
            break
    return end


def _date_start(tokens: list[str]) -> bool:
    """The first words of a date that is not complete yet ('Monday', 'Monday November')."""
    return all(t.strip(",.").lower() in DATE_WORDS or t.strip(",.").lower() in DATE_ABBREVIATIONS for t in tokens)


def _label(text: str) -> tuple[re.Match, str] | None:
    """The byline label of the line and the text before it ('' when the line opens with it).  Inside the line a
    label counts after a printed date ('11/19/2019 by Ada'), after a separator when capitalised ('Title – By Ada',
    'Outlet | date | Par Ada'), and as 'Label:' after a bracket or separator ('(IST)Author: Ada')."""
    match = _LABEL.match(text)
    if match is not None:
        return match, ""
    if (glued := _GLUED_LABEL.match(text)) is not None:
        return glued, ""  # "ByLena Marsh": a renderer dropped the space after the label
    if len(text) > _MID_LINE_MAX_CHARS:
        return None
    opens_dated = text[:1].isdigit()
    if not opens_dated:
        first = _FIRST_WORD.match(text)
        opens_dated = first is not None and (first[1].lower() in DATE_WORDS or first[1].lower() in DATE_ABBREVIATIONS)
    spotted = _MID_LABEL.search(text) is not None
    if not spotted and not opens_dated:
        return None  # most lines: one search at C speed
    starts = []
    if spotted:
        spots = [spot.end() for spot in _LABEL_SPOT.finditer(text)]
        dash = text.find(" - ")
        while dash != -1:
            spots.append(dash + 2)
            dash = text.find(" - ", dash + 3)
        starts = [len(text) - len(text[end:].lstrip()) for end in spots]
    dated = _date_prefix_end(text) if opens_dated else 0
    if dated:
        starts.append(len(text[:dated]) + len(text[dated:]) - len(text[dated:].lstrip()))
    for start in sorted(set(starts)):
        match = _LABEL.match(text, start)
        if match is None:
            continue
        before = text[:start].rstrip()
        prefix = before.rstrip("|•·–—/-,: ")
        colon = bool(match["acolon"] or match["noun"] or match["bycolon"])
        if start == len(text[:dated]) + len(text[dated:]) - len(text[dated:].lstrip()) and dated:
            return match, prefix  # "Monday November 18, 2019 7:45 am PST by Ada"
        if before[-1:] in _SEPARATORS and match.group(0)[:1].isupper() and len(words(prefix)) <= 16:
            return match, prefix  # "Title – By Ada", "Outlet | date | Par Ada"
        if colon and (before[-1:] in _SEPARATORS or before[-1:] in ")]"):
            return match, prefix  # "(IST)Author: Ada"
    return None


CREDIT_MAX_WORDS = 6


def _credit(rest: str) -> str | None:
    """What a labelled byline that names no person credits, up to its first separator: a wire agency ("Reuters",
    "dpa"), an outlet ("CNN Wire") or a desk ("Smart Shopping Team", "Metric Media News Service"); None for
    anything else (a sentence, a menu label)."""
    segment = _TAIL_SEGMENT.split(rest, 1)[0].strip()
    tokens = [t.lower().strip(".,") for t in segment.split()]
    if not tokens or len(tokens) > CREDIT_MAX_WORDS or _DIGIT.search(segment):
        return None
    if segment.lower() in AGENCIES:
        return segment
    # an outlet by a word only news outlets use ("Times", "News"): "By The Numbers" is a column's name, no credit
    if segment[0].isupper() and (is_news_outlet(segment) or any(t in _COLLECTIVE for t in tokens)):
        return segment
    return None


def parse_byline(line: str) -> Byline | None:
    """A labelled byline ('By …', 'Von …', 'Autor: …'): None when the line is not one; a byline that names no
    person (a desk, an agency) has no names."""
    text = _strip(line)
    if not text or len(text) > _MAX_LINE_CHARS:
        return None
    found = _label(text)
    if found is None:
        return None
    match, before = found
    label = match.group(0).strip().rstrip(":").strip().lower()
    colon = bool(match["bycolon"] or match["acolon"] or match["noun"])
    rest = text[match.end() :].lstrip(" :•·□").strip()
    if not rest or not (rest[0].isupper() or rest[0] == "@" or rest.split(None, 1)[0].lower() in AGENCIES):
        return None  # "By any measure, ...": a sentence
    byline = Byline(before=before or None)
    prepared = _prepare(rest, byline)
    names, tail = read_names(prepared, labelled=True)
    tail_text = " ".join(tail)
    n_words = len(words(rest))
    if not names:
        if byline.handles or byline.emails:
            pass
        elif (credit := _credit(rest)) is not None:
            byline.credit = credit
        elif label in _WEAK_LABELS and not colon:
            return None  # "Di Maio ha detto", "Par for the course"
        elif n_words > 5 or _SENTENCE_END.search(rest):
            return None
    elif n_words > BYLINE_MAX_WORDS and not tail_text.startswith((",", "|", "•", "·", "–", "—", "-")):
        return None
    byline.names = names
    byline.outlet = _outlet_in(tail_text) if tail_text else None
    if not names and byline.outlet is None and is_outlet(rest):
        byline.outlet = rest  # "By Reuters", "By: CNN Wire"
    if before and _DIGIT.search(before):
        byline.dates = _dates_in(before)  # "Monday November 16, 2026 7:45 am PST by Ada"
    if _DIGIT.search(tail_text):
        byline.dates += _dates_in(tail_text)
    return byline


def parse_name_line(line: str, lone_entry: bool = False) -> Byline | None:
    """A line holding only names and byline furniture: 'Ada Pennington', 'Ada Pennington and Rui Costa @rc',
    'Ada Pennington, Senior Reporter', 'Ada Pennington - 3 May 2026'.  A list entry ('• Ada Pennington') is one
    only when ``lone_entry`` (the caller saw no list entry beside it): menus and columnist lists list names."""
    stripped = line.strip()
    text = _strip(stripped)
    if not text or len(text) > 300:
        return None
    listed = len(text) < len(stripped)  # a list entry: menus and columnist lists are lists of names
    if text[0].isdigit():  # "19.6.2007 9:40 Uhr Ada Pennington"
        tokens = text.split()
        k = 0
        while k < len(tokens) and _is_date_like(tokens[: k + 1]):
            k += 1
        if k == 0 or k == len(tokens):
            return None
        text = " ".join(tokens[k:])
    if (continued := _CONTINUED.match(text)) is not None:  # ", Ada Pennington | ada@outlet": a byline wrapped
        text = text[continued.end() :]
    if not text or not text[0].isupper() or len(words(text)) > NAME_LINE_MAX_WORDS:
        return None
    if (
        (label := _LABEL.match(text)) is not None
        and label["by"]
        and label["by"].lower() not in _WEAK_LABELS
        and text[label.end() : label.end() + 1].isspace()
    ):
        return None  # "By Ada Pennington": a byline (parse_byline's); "Di Maio", "Von Trapp" are names
    byline = Byline()
    agency = _TAIL_SEGMENT.split(text, 1)[0].strip()
    # "PTI | July 9, 2026", "Reuters, Washington", "The Associated Press": the wire agency signs it; a bare "AFP" or
    # "Reuters" under a picture is its credit
    if (
        not listed
        and agency.lower() in AGENCIES
        and ((tail := _TOKENS.findall(text[len(agency) :])) or " " in agency)
        and _name_line_tail(tail)
    ):
        byline.credit = agency
        if _DIGIT.search(text):
            byline.dates = _dates_in(text[len(agency) :])
        return byline
    names, tail = read_names(_prepare(text, byline), labelled=False)
    if not names or not _name_line_tail(tail) or (listed and not tail and not lone_entry):
        return None
    if not tail or _IN_PLACE.match(" ".join(tail)):
        # A title-case headline reads like a long name ("Gas Prices Tumble in Time"): without a date, a role or
        # a handle beside it, a name line holds names of at most three words (initials and particles aside).
        if any(sum(1 for w in n.split() if not is_initial(w) and w.lower() not in NAME_PARTICLES) > 3 for n in names):
            return None
    byline.names = names
    tail_text = " ".join(tail)
    if tail_text:
        byline.outlet = _outlet_in(tail_text)
        if _DIGIT.search(tail_text):
            byline.dates = _dates_in(tail_text)
    return byline
