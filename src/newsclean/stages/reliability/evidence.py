"""Article evidence: what the text itself shows about its care with facts, as named, weighted rules.

One pass of one Aho-Corasick automaton (``ahocorasick_rs``) over the
lower-cased text finds every phrase of every rule and every counted word;
the structural rules read columns the earlier stages filled.  Each rule that
fires contributes its weight (all of them in ``WEIGHTS``) once, with the text
it matched as evidence.  Presence rules have a fixed weight; density rules
(reported speech, loaded language, intensifiers, sentence length) have a
weight that grows with the density up to a cap, which is what ranks articles
finely enough to be useful.  The evidence score is ``BASE`` plus the contributions, clipped to
[0, 1] (the clipping is itself a signal, so the weights still add up).

The weights were set by hand from what each rule means (the issue's list and
the traps in ``../shared/raw_samples``), not fitted to any labelled corpus.
The density thresholds and the phrases of the newsroom-practice and
loaded-language rules were read off one half of ReCOVery's outlets (half A,
split by a hash of the outlet's name); ``benchmarks/bench_reliability.py``
reports the other half apart as the held-out figure.

An automaton rather than ``re``: Python's regex engine tries every
alternative at every word start, 2,700 articles/s on ReCOVery's 5 KB texts;
the automaton reads each character once, and the few rules that need more
than a phrase (a quote with its speaker, an opinion outside quotation marks)
check only where the automaton found their anchor.  ``ahocorasick_rs``
rather than ``pyahocorasick``: it hands back all matches in one call, which
made the whole rule set 20-30% faster on ReCOVery (same matches, measured
back to back).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import ahocorasick_rs

BASE = 0.5  # every article's evidence score starts here, halfway
MIN_WORDS = 50  # fewer words than this is not enough evidence: the article stays unrated without a source rating

# Every rule's weight, in one place.  A presence rule adds its weight once when it fires; a density rule's weight is
# its full weight, reached at its cap (the thresholds just below).
WEIGHTS = {
    # Rewarded: the practice of a newsroom.
    "attributed_sourcing": +0.10,  # a named channel of attribution: a statement, a spokesperson, an interview, a study
    "timed_events": +0.05,  # events placed in time the way a news report does ("on Tuesday", "at 4 p.m.")
    "right_of_reply": +0.10,  # the other side sought before publishing ("declined to comment")
    "agency_credit": +0.10,  # photo-agency credits and wire bylines
    "quote_with_speaker": +0.05,  # a quotation followed by who said it
    "reported_speech": +0.20,  # said/says/told: none at SPEECH_MID per 100 words, all of it at twice that
    "named_author": +0.10,  # a byline
    "dated": +0.05,  # a publication date
    # Penalised: hearsay, sensationalism, opinion and a loaded style.
    "hedged_hearsay": -0.12,  # claims with no one behind them ("sources say", "allegedly")
    "sensational": -0.10,  # sensational and conspiracy vocabulary ("bombshell", "plandemic")
    "filler": -0.06,  # stock phrases that say nothing ("only time will tell")
    "social_media_sourcing": -0.10,  # a social-media post or a video link as the source
    "unlabelled_opinion": -0.05,  # first-person opinion outside quotation marks, in an article not labelled opinion
    "loaded_language": -0.15,  # loaded words and name-calling: all of it at LOADED_CAP per 100 words
    "intensifiers": -0.10,  # intensifying adverbs: all of it at INTENSIFIER_CAP per 100 words
    "long_sentences": -0.10,  # long sentences: none at SENTENCE_FROM words a sentence, all of it at SENTENCE_CAP
    "many_questions": -0.05,  # QUESTIONS_HIGH question marks per 100 words or more
    "exclamations": -0.05,  # EXCLAMATIONS_MIN exclamation marks or more
    "clickbait_headline": -0.05,  # a headline that teases ("you won't believe", "5 reasons", "!")
    # Penalised: what the article lacks, contradicts or copies.
    "no_author": -0.05,  # no byline
    "undated": -0.05,  # no publication date
    "contradiction_former_office": -0.10,  # a current office-holder called "former" ("former President X" re-elected)
    "contradiction_dates": -0.10,  # a rewrite dates an event to another year than the article it rewrites
    "derivative_rewrite": -0.10,  # a rewrite of another article of the corpus (dedup's derivative_of)
    "stitched_stories": -0.10,  # two stories joined with no boundary (split's text_flags)
}

# Density rules, per 100 words (or words per sentence).  Thresholds read off outlet half A of ReCOVery only.
# said/says/told per 100 words (median 0.65 reliable, 0.26 unreliable): a reward from SPEECH_MID up, full at twice it.
# No penalty below: an explainer or analysis quotes no one, and on half A a penalty for little speech cost more
# than it gave (ROC AUC 0.767 with one as large as the reward, 0.782 without).
SPEECH_MID, SPEECH_FLOOR = 0.5, 0.0
LOADED_CAP = 0.5  # loaded words per 100 words at which the full weight applies
INTENSIFIER_CAP = 0.3  # intensifiers per 100 words at which the full weight applies
SENTENCE_FROM, SENTENCE_CAP = 26, 34  # words a sentence: no weight at 26, full at 34
QUESTIONS_HIGH = 0.3  # question marks per 100 words from which there are many

EXCLAMATIONS_MIN = 2  # exclamation marks in the text from which the rule fires
# Characters before a closing quotation mark (nearest, farthest) in which quote_with_speaker looks for the opening one.
QUOTE_OPENED_WITHIN = (20, 300)
SAME_EVENT_SHARE = 0.5  # share of content words two sentences naming the same month must have in common

# Presence rules: (name, phrases).  Phrases are lower-case and match whole words (a boundary is checked
# at an end that is a letter or digit), so "said" is not found in "aforesaid".
PHRASES = [
    # "according to" alone is no evidence: as common in unreliable outlets' articles as in reliable ones (ReCOVery
    # half A: 42% against 39%), so it is not listed; a named channel of attribution is.
    (
        "attributed_sourcing",
        [
            "said in a statement",
            "in a statement",
            "said reporters",
            "told reporters",
            "told the",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "news conference",
            "in an interview",
            "in an email",
            "on condition of anonymity",
            "study published in",
            "peer-reviewed",
            "peer reviewed",
        ],
    ),
    # Events placed in time the way a news report does ("on Tuesday", "at 4 p.m."; half A: 25% against 14%).
    (
        "timed_events",
        [
            f"{when} {day}"
            for when in ("on", "last", "since", "until", "by", "late", "early")
            for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        ]
        + ["a.m.", "p.m."],
    ),
    (
        "hedged_hearsay",
        [
            "reports suggest",
            "it is believed that",
            "it is rumored that",
            "it is rumoured that",
            "it is said that",
            "it is claimed that",
            "some say",
            "some believe",
            "some claim",
            "sources say",
            "sources claim",
            "sources suggest",
            "allegedly",
            "whispers of",
            "whisper of",
            "many are saying",
            "many people are saying",
            "it has been claimed that",
            "it has been suggested that",
            "it has been reported that",
            "rumor has it",
            "rumour has it",
            "rumors have it",
            "rumours have it",
        ],
    ),
    (
        "sensational",
        [
            "shocking",
            "bombshell",
            "you won't believe",
            "you wont believe",
            "wake up",
            "plandemic",
            "scamdemic",
            "deep state",
            "cover-up",
            "coverup",
            "they don't want you to know",
            "miracle cure",
            "the truth about",
            "sheeple",
            "new world order",
            "fake news",
        ],
    ),
    (
        "filler",
        [
            "as the world watches",
            "only time will tell",
            "remains to be seen",
            "many questions remain",
            "in today's world",
            "the situation is fluid",
            "the situation remains fluid",
            "the situation is still developing",
            "the situation remains developing",
        ],
    ),
    # Reliable newsrooms seek the other side before publishing (half A: 9% of reliable articles, 1% of the others).
    (
        "right_of_reply",
        [
            "declined to comment",
            "did not respond to a request",
            "did not immediately respond",
            "did not return a request",
            "did not return requests",
            "could not be reached for comment",
            "no immediate response",
            "not immediately available for comment",
            "requests for comment",
            "request for comment",
        ],
    ),
    # Photo-agency credits and wire bylines: the furniture of a newsroom's production (half A: 14% against 5%).
    (
        "agency_credit",
        [
            "getty images",
            "ap photo",
            "afp via getty",
            "(ap)",
            "(reuters)",
            "reuters/",
            "file photo",
            "associated press",
            "contributed to this report",
            "reporting by",
            "editing by",
        ],
    ),
    # A social-media post as the source: embedded tweets and video links (half A: 14% of unreliable articles, 4%).
    (
        "social_media_sourcing",
        ["pic.twitter.com", "twitter.com/", "bitchute", "youtube.com/", "youtu.be/", "rumble.com/"],
    ),
]
FURNITURE_RULES = {"agency_credit", "social_media_sourcing"}
# First-person opinion; counts only outside quotation marks (a quoted "I think" is reporting) and not in opinion pieces.
OPINION = (
    "unlabelled_opinion",
    ["i think", "i believe", "i feel", "in my opinion", "in my view", "we must", "we need to"],
)
SPEECH_VERBS = ["said", "says", "told"]
# Loaded words and name-calling, a propaganda technique (Da San Martino et al., EMNLP 2019, "loaded language" and
# "name calling"); the list was read off outlet half A's vocabulary and checked for sense, not fitted.
LOADED = [
    "mainstream",
    "msm",
    "draconian",
    "so-called",
    "globalist",
    "globalists",
    "tyranny",
    "tyrannical",
    "propaganda",
    "hoax",
    "big pharma",
    "big tech",
    "cabal",
    "depopulation",
    "fearmongering",
    "fear-mongering",
    "brainwashed",
    "brainwashing",
    "totalitarian",
    "censorship",
    "truth",
    "freedom",
    "freedoms",
    "lies",
    "liars",
    "evil",
    "destruction",
    "disastrous",
    "chilling",
    "treason",
    "traitors",
    "globalism",
    "elites",
]
INTENSIFIERS = ["truly", "highly", "indeed", "greatly", "clearly", "obviously", "absolutely", "utterly", "extremely"]
# A closing quotation mark: where the rule for a quote with its speaker looks for the speaker.
CLOSING_QUOTES = ['" ', '",', "” ", "”,", ",’ "]  # a bare ’ is mostly an apostrophe: only its comma form

_SPEAKER = re.compile(
    r",? ?(?:(?:he|she|they|[a-z]+(?: [a-z]+)?) (?:said|says|told|added|wrote)\b|"
    r"(?:said|says|added|wrote) [a-z]+)"
)
# A current office-holder called "former": "former U.S. President Donald Trump" in a text that also
# tells of his re-election or return to office (checked only in texts that say "former").
_FORMER = re.compile(
    r"\bformer\s+(?:U\.?S\.?\s+)?(?:president|prime minister|chancellor)\s+(?:[A-Z][a-z]+\s+)?(?P<name>[A-Z][a-z]+)",
    re.I,
)
_RETURNED = (
    r"(?:{name}[’']s\s+(?:re-?election|return to (?:the white house|office|power)|second term)"
    r"|re-?elected\s+(?:\w+\s+)?{name})"
)
_CLICKBAIT = re.compile(r"^(?:you won'?t|this is why|here'?s why|\d+ (?:things|reasons|ways))|!|\?\s*$", re.I)

_PRESENCE, _OPINION, _SPEECH, _LOADED, _INTENSIFIER, _QUOTE = range(6)
_COUNTED = (_SPEECH, _LOADED, _INTENSIFIER)  # kinds counted for a density rule rather than fired once
# The density rules with a count, a cap and a full weight: (kind, rule, cap per 100 words, what is counted).
_CAPPED_COUNTS = (
    (_LOADED, "loaded_language", LOADED_CAP, "loaded words"),
    (_INTENSIFIER, "intensifiers", INTENSIFIER_CAP, "intensifiers"),
)


def _automaton() -> tuple[ahocorasick_rs.AhoCorasick, list[tuple]]:
    entries = [(phrase, (_PRESENCE, name)) for name, phrases in PHRASES for phrase in phrases]
    entries += [(p, (_OPINION, OPINION[0])) for p in OPINION[1]] + [(p, (_SPEECH, "")) for p in SPEECH_VERBS]
    entries += [(p, (_LOADED, "")) for p in LOADED] + [(p, (_INTENSIFIER, "")) for p in INTENSIFIERS]
    entries += [(p, (_QUOTE, "quote_with_speaker")) for p in CLOSING_QUOTES]
    seen = set()
    values = []
    for phrase, (kind, name) in entries:
        if phrase != phrase.lower() or phrase in seen:
            raise ValueError(f"evidence phrase {phrase!r} is not lower-case or is listed twice")
        if name and name not in WEIGHTS:
            raise ValueError(f"evidence rule {name!r} has no weight in WEIGHTS")
        seen.add(phrase)
        # Whole-word checks only at an end that is a word character (so "(ap)" and "twitter.com/" need none).
        values.append((kind, name, phrase[0].isalnum(), phrase[-1].isalnum()))
    return ahocorasick_rs.AhoCorasick([p for p, _ in entries]), values


_AUTOMATON, _VALUES = _automaton()
_QUOTE_MARKS = ('"', "“", "”", "‘")
_CLOSING_SINGLE = re.compile(r"’(?![a-z])")


def _snippet(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 30) : min(len(text), end + 30)].split())


def _inside_quotes(lowered: str, start: int) -> bool:
    """Whether ``start`` falls inside a quotation opened earlier in its paragraph.

    Straight double quotes open and close alike (an odd count means open); curly ones are counted as pairs.
    A single ’ is usually an apostrophe, so a ‘ is open when more ‘ than closing ’ (not followed by a letter)
    came before.
    """
    paragraph = lowered[lowered.rfind("\n", 0, start) + 1 : start]
    if paragraph.count('"') % 2 or paragraph.count("“") > paragraph.count("”"):
        return True
    opened = paragraph.count("‘")
    return bool(opened) and opened > len(_CLOSING_SINGLE.findall(paragraph))


def _clamp(x: float, low: float, high: float) -> float:
    return low if x < low else high if x > high else x


Signal = tuple[str, float, str]  # (rule, weight, evidence)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the evidence rules read of one article: its columns, and two things gathered from other rows or columns.

    ``root`` is (text, published) of the article this one rewrites (``derivative_of``), for the date-conflict rule.
    ``furniture`` is the lines the split stage took out of the body (``captions``, ``boilerplate_removed``): photo
    credits and embedded posts live there, so the rules in ``FURNITURE_RULES`` read them as well as the text.
    """

    text: str
    title: str | None = None
    authors: Sequence[str] | None = None
    published: object = None
    article_type: str | None = None
    text_flags: Sequence[str] | None = None
    derivative_of: str | None = None
    root: tuple[str, object] | None = None
    furniture: Sequence[str] | None = None


def evidence(article: ArticleView) -> list[Signal] | None:
    """[(rule, weight, evidence)] for one article, or None when it has too few words to judge."""
    text = article.text
    if len(text.split(None, MIN_WORDS)) < MIN_WORDS:
        return None
    lowered = text.lower()  # offsets match the original but for rare longer lower cases (snippets only)
    found, counts, first = _phrase_signals(text, lowered, article.article_type)
    exclamations = text.count("!")  # counted once: a rule of its own and a sentence end
    return [
        *found,
        *_furniture_signals(article.furniture, found),
        *_density_signals(text, counts, first, exclamations),
        *_former_office_signals(text, lowered),
        *_byline_signals(article.authors, article.published),
        *_style_signals(exclamations, article.title),
        *_provenance_signals(article),
    ]


def _phrase_signals(
    text: str, lowered: str, article_type: str | None
) -> tuple[list[Signal], dict[int, int], dict[int, tuple[int, int]]]:
    """The presence, opinion and quote rules the automaton finds in the text, each once, in the order found; and for
    the density rules, the whole-word matches of each counted kind and the span of its first."""
    found: list[Signal] = []
    seen: set[str] = set()
    counts = dict.fromkeys(_COUNTED, 0)
    first: dict[int, tuple[int, int]] = {}
    size = len(lowered)
    for index, start, stop in _AUTOMATON.find_matches_as_indexes(lowered, overlapping=True):
        kind, name, left_word, right_word = _VALUES[index]
        if (left_word and start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_")) or (
            right_word and stop < size and (lowered[stop].isalnum() or lowered[stop] == "_")
        ):
            continue  # inside a longer word
        if kind in counts:
            counts[kind] += 1
            first.setdefault(kind, (start, stop))
            continue
        if name in seen or (kind == _OPINION and (article_type == "opinion" or _inside_quotes(lowered, start))):
            continue
        if kind == _QUOTE:
            signal = _quote_with_speaker(text, lowered, start, stop)
        else:
            signal = _signal(name, _snippet(text, start, stop))
        if signal is not None:
            seen.add(name)
            found.append(signal)
    return found, counts, first


def _signal(name: str, how: str) -> Signal:
    """A rule of fixed weight that fired, with its evidence."""
    return name, WEIGHTS[name], how


def _quote_with_speaker(text: str, lowered: str, start: int, stop: int) -> Signal | None:
    """The rule for a quotation with its speaker, at the closing mark ``lowered[start:stop]``: a speaker right after
    it ("..." she said) and an opening mark not long before it."""
    speaker = _SPEAKER.match(lowered, stop)
    if speaker is None:
        return None
    near, far = QUOTE_OPENED_WITHIN
    if not any(lowered.find(mark, max(0, start - far), max(0, start - near)) >= 0 for mark in _QUOTE_MARKS):
        return None
    return _signal("quote_with_speaker", _snippet(text, start - 40, speaker.end()))


def _furniture_signals(furniture: Sequence[str] | None, found: list[Signal]) -> list[Signal]:
    """The rules in ``FURNITURE_RULES`` that fire in the lines split took out of the body and not in the text."""
    if not furniture:
        return []
    seen = {name for name, _, _ in found}
    lines = "\n".join(furniture)
    signals = []
    for index, start, stop in _AUTOMATON.find_matches_as_indexes(lines.lower(), overlapping=True):
        name = _VALUES[index][1]
        if name in FURNITURE_RULES and name not in seen:
            seen.add(name)
            signals.append(_signal(name, _snippet(lines, start, stop)))
    return signals


def _density_signals(
    text: str, counts: dict[int, int], first: dict[int, tuple[int, int]], exclamations: int
) -> list[Signal]:
    """The rules whose weight grows with a rate, up to a cap: reported_speech, loaded_language, intensifiers and
    long_sentences; and many_questions, a rate with a threshold."""
    questions = text.count("?")
    words = text.count(" ") + text.count("\n") + 1
    per_100 = 100 / words
    signals = []
    speech = counts[_SPEECH]
    density = speech * per_100
    weight = WEIGHTS["reported_speech"] * _clamp((density - SPEECH_MID) / SPEECH_MID, SPEECH_FLOOR, 1.0)
    if weight:
        how = f"{speech} said/says/told, {density:.2f} per 100 words (no weight at {SPEECH_MID})"
        signals.append(("reported_speech", weight, how))
    for kind, name, cap, what in _CAPPED_COUNTS:
        n = counts[kind]
        if n:
            how = f"{n} {what}, {n * per_100:.2f} per 100 words, first: {_snippet(text, *first[kind])}"
            signals.append((name, WEIGHTS[name] * min(1.0, n * per_100 / cap), how))
    sentence_length = words / (text.count(". ") + text.count(".\n") + questions + exclamations + 1)
    if sentence_length > SENTENCE_FROM:
        share = min(1.0, (sentence_length - SENTENCE_FROM) / (SENTENCE_CAP - SENTENCE_FROM))
        signals.append(
            ("long_sentences", WEIGHTS["long_sentences"] * share, f"{sentence_length:.0f} words a sentence on average")
        )
    if questions * per_100 >= QUESTIONS_HIGH:
        signals.append(_signal("many_questions", f"{questions} question marks"))
    return signals


def _former_office_signals(text: str, lowered: str) -> list[Signal]:
    """contradiction_former_office, for the first "former" office-holder the text also tells returned to office."""
    if "former" not in lowered:
        return []
    for m in _FORMER.finditer(text):
        returned = re.search(_RETURNED.format(name=re.escape(m["name"])), text, re.I)
        if returned:
            how = f"{_snippet(text, m.start(), m.end())} … {_snippet(text, returned.start(), returned.end())}"
            return [_signal("contradiction_former_office", how)]
    return []


def _byline_signals(authors: Sequence[str] | None, published: object) -> list[Signal]:
    """Who wrote it and when: named_author or no_author, dated or undated."""
    byline = _signal("named_author", ", ".join(authors)) if authors else _signal("no_author", "no byline")
    dated = _signal("dated", str(published)) if published is not None else _signal("undated", "no date")
    return [byline, dated]


def _style_signals(exclamations: int, title: str | None) -> list[Signal]:
    """A sensational form: ``exclamations`` exclamation marks in the text, a clickbait_headline."""
    signals = []
    if exclamations >= EXCLAMATIONS_MIN:
        signals.append(_signal("exclamations", f"{exclamations} exclamation marks"))
    if title and _CLICKBAIT.search(title):
        signals.append(_signal("clickbait_headline", title))
    return signals


def _provenance_signals(article: ArticleView) -> list[Signal]:
    """What earlier stages found of where the text comes from: derivative_rewrite (with contradiction_dates when the
    rewrite moves a date of the article it rewrites) and stitched_stories."""
    signals = []
    if article.derivative_of:
        signals.append(_signal("derivative_rewrite", f"rewrites {article.derivative_of}"))
        conflict = article.root is not None and date_conflict(article.text, article.published, *article.root)
        if conflict:
            signals.append(_signal("contradiction_dates", conflict))
    if article.text_flags and "stitched" in article.text_flags:
        signals.append(_signal("stitched_stories", "two stories joined with no boundary"))
    return signals


MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_DATE = re.compile(
    r"\b(?P<rel>last |this |next )?(?P<month>"
    + "|".join(m.title() for m in MONTHS)
    + r")\b(?:\s+\d{1,2}(?!\d)(?:st|nd|rd|th)?,?)?(?:\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_FULL_DATE = re.compile(
    r"\b(?P<month>" + "|".join(m.title() for m in MONTHS) + r")\s+\d{1,2},?\s+(?P<year>(?:19|20)\d\d)\b|"
    r"\b\d{1,2}\s+(?P<month2>" + "|".join(m.title() for m in MONTHS) + r")\s+(?P<year2>(?:19|20)\d\d)\b"
)
_CONTENT_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def _reference_date(text: str, published: object) -> tuple[int, int] | None:
    """(year, month) a relative month ("last August") counts from: the publication date, else the latest full date
    printed."""
    if isinstance(published, (date, datetime)):
        return published.year, published.month
    dates = [
        (int(m["year"] or m["year2"]), MONTHS.index((m["month"] or m["month2"]).lower()) + 1)
        for m in _FULL_DATE.finditer(text)
    ]
    return max(dates) if dates else None


def _event_months(text: str, published: object) -> list[tuple[set[str], str, int, int, str]]:
    """(content words of the sentence, month name, year, month number, the phrase) for each month an event is dated
    to."""
    reference = None
    events = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for m in _MONTH_DATE.finditer(sentence):
            month = MONTHS.index(m["month"].lower()) + 1
            if m["year"]:
                year = int(m["year"])
            elif m["rel"] == "last ":
                reference = reference or _reference_date(text, published) or (0, 0)
                if not reference[0]:
                    continue
                year = reference[0] - 1 if month >= reference[1] else reference[0]
            else:
                continue
            events.append(({w.lower() for w in _CONTENT_WORD.findall(sentence)}, m["month"], year, month, m.group(0)))
    return events


def date_conflict(text: str, published: object, root_text: str, root_published: object) -> str | None:
    """Evidence that a rewrite dates an event differently from the article it rewrites, or None.

    The same event is a pair of sentences, one from each text, that share at least half their content words
    and name the same month; a conflict is that month in two different years ("last August" counts from the
    article's date).  A rewrite that moves a date is the contradiction ``../shared/raw_samples`` 002/003 show.
    """
    mine = _event_months(text, published)
    if not mine:
        return None
    theirs = _event_months(root_text, root_published)
    for words, _, year, month, phrase in mine:
        for root_words, _, root_year, root_month, root_phrase in theirs:
            if month != root_month or year == root_year:
                continue
            shared = len(words & root_words) / max(1, min(len(words), len(root_words)))
            if shared >= SAME_EVENT_SHARE:
                return f"{phrase!r} ({year}) here, {root_phrase!r} ({root_year}) in the article it rewrites"
    return None


def evidence_score(rules: list[Signal]) -> tuple[float, list[Signal]]:
    """(score in [0, 1], signals adding up to it: the base, every rule, and the clipping if any)."""
    raw = BASE + sum(weight for _, weight, _ in rules)
    score = min(1.0, max(0.0, raw))
    signals = [("evidence:base", BASE, "every article starts here")] + [(f"evidence:{n}", w, e) for n, w, e in rules]
    if score != raw:
        signals.append(("evidence:clipped", score - raw, f"{raw:.3f} clipped to [0, 1]"))
    return score, signals
