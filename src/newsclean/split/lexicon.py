"""Word lists and shape tests shared by the parts of the splitter.

English only: the splitter applies these to documents identified as English.
"""

from __future__ import annotations

import re

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

# Words that make a capitalised phrase an organisation, never a person.
ORG_WORDS = {
    "times", "post", "news", "daily", "telegraph", "guardian", "herald", "journal", "tribune", "gazette",
    "courier", "chronicle", "observer", "review", "express", "mail", "mirror", "standard", "independent",
    "spectator", "economist", "press", "media", "network", "radio", "tv", "magazine", "weekly", "online",
    "today", "wire", "agency", "institute", "center", "centre", "foundation", "council", "university",
    "ministry", "department", "bureau", "associated", "reuters", "bbc", "cnn", "sentinel", "record",
    "dispatch", "bulletin", "register", "monitor", "insider", "digest", "report", "inquirer", "examiner",
    "star", "sun", "world", "group", "company", "inc", "ltd", "llc", "club", "party", "office", "ledger",
    "forum", "fund", "trust", "association", "society", "commission", "committee", "authority",
}
# Of those, the ones that name a news outlet (not a think tank, university or ministry).
NEWS_WORDS = {
    "times", "post", "news", "daily", "telegraph", "guardian", "herald", "journal", "tribune", "gazette",
    "courier", "chronicle", "observer", "express", "mail", "mirror", "standard", "independent", "spectator",
    "economist", "press", "magazine", "weekly", "wire", "sentinel", "record", "dispatch", "bulletin",
    "register", "monitor", "insider", "inquirer", "examiner", "star", "sun", "ledger", "reuters", "bbc", "cnn",
}
ROLE_WORDS = {
    "editor", "correspondent", "reporter", "writer", "columnist", "contributor", "staff", "chief", "senior",
    "deputy", "associate", "producer", "analyst", "fellow", "director", "president", "head", "author",
    "photographer", "journalist", "desk", "team", "newsroom", "political", "foreign", "economics",
    "science", "technology", "business", "health", "security", "defence", "defense", "diplomatic",
}
# Words that open a sentence but never a name ("But Morrison is ...").
NOT_NAME_WORDS = {
    "the", "a", "an", "but", "and", "or", "so", "yet", "if", "when", "while", "as", "this", "that", "these",
    "those", "his", "her", "their", "its", "our", "my", "mr", "mrs", "ms", "dr", "sir", "in", "on", "at",
    "for", "with", "from", "after", "before", "since", "meanwhile", "however", "also", "then", "there",
    "here", "it", "he", "she", "they", "we", "i", "you", "some", "many", "most", "all", "both", "each",
}
NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "el", "ibn", "ter"}

TERMINAL_CHARS = frozenset(".!?…:;\"”’'»)]")
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+"
    r"|[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]+(?:-[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]+)*)$"
)
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)
_CONNECTORS = {"of", "the", "and", "on", "&", "de"}
_POSSESSIVE = re.compile(r"['’]s$")


def words(line: str) -> list[str]:
    return line.split()


def has_terminal_punctuation(line: str) -> bool:
    return bool(line) and line[-1] in TERMINAL_CHARS


def is_headline(line: str, max_words: int = 30) -> bool:
    """Short, and not ending like a sentence; may open with a digit, a currency sign or 'iTunes'."""
    first = line.split(None, 1)[0] if line else ""
    opens_like_a_title = not first[:1].islower() or any(c.isupper() for c in first[1:])
    n = len(line.split(None, max_words + 1))
    ends_like_a_sentence = line.endswith((".", ";", ",")) and not line.endswith(("...", "…"))
    return 2 <= n <= max_words and not ends_like_a_sentence and opens_like_a_title


def is_person_name(text: str) -> bool:
    tokens = words(text.strip())
    if not 2 <= len(tokens) <= 5:
        return False
    named = 0
    for token in tokens:
        bare = token.strip(",")
        lower = bare.lower().rstrip(".")
        if lower in NAME_PARTICLES and named:
            continue
        if (lower in ORG_WORDS or lower in ROLE_WORDS or lower in SECTIONS or lower in NOT_NAME_WORDS
                or not _NAME_TOKEN.match(bare)):
            return False
        named += 1
    return named >= 2


def _title_case(tokens: list[str]) -> bool:
    return all(t[:1].isupper() or t[:1].isdigit() or t.lower() in _CONNECTORS for t in tokens)


def is_outlet(text: str) -> bool:
    """An outlet line: a domain, or a short title-case name that starts with 'The' or holds an organisation word."""
    tokens = words(text)
    if not tokens or len(tokens) > 6:
        return False
    if _DOMAIN.match(text):
        return True
    if has_terminal_punctuation(text) or not _title_case(tokens) or (len(tokens) > 1 and text.isupper()):
        return False  # an all-capitals line is a subheading, not an outlet
    return tokens[0] == "The" or any(t.lower().strip(".") in ORG_WORDS for t in tokens)


def is_news_outlet(text: str) -> bool:
    """Stricter than is_outlet: the name holds a word that only news outlets use."""
    tokens = words(text)
    bare = [_POSSESSIVE.sub("", t.lower()).strip(".,") for t in tokens]
    return 1 <= len(tokens) <= 6 and _title_case(tokens) and any(t in NEWS_WORDS for t in bare)


def is_section(line: str) -> bool:
    return line.strip().lower() in SECTIONS
