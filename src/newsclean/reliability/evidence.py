"""Article evidence: what the text itself shows about its care with facts, as named, weighted rules.

One pass of one compiled pattern per document finds every phrase rule (the
named group that matched says which rule); the structural rules read
columns the earlier stages filled.  Each rule that fires contributes its
weight once, with the text it matched as evidence.  The evidence score is
``BASE`` plus the contributions, clipped to [0, 1] (the clipping is itself a
signal, so the weights still add up).

The weights were set by hand from what each rule means (the issue's list and
the traps in ``../shared/raw_samples``), not fitted to any labelled corpus;
``benchmarks/bench_reliability.py`` reports how they do on ReCOVery.
"""

from __future__ import annotations

import re

BASE = 0.5
MIN_WORDS = 50  # fewer words than this is not enough evidence: the article stays unrated without a source rating

# Phrase rules: (name, weight, alternatives), matched on the lower-cased text.  Each alternative
# starts with the literal letter of its first word (or a quote mark): the alternatives are grouped
# by that letter into one pattern tried only where a word starts, which is what makes one pass of
# Python's re fast enough (four times the plain alternation, measured on ReCOVery).
PHRASES = [
    ("attributed_sourcing", +0.10, [r"according to (?:the |a )?\w+", r"said (?:in a statement|reporters)\b",
                                    r"told (?:reporters|the \w+)\b", r"spokes(?:man|woman|person)\b", r"study published in\b",
                                    r"peer[- ]reviewed\b"]),
    ("quote_with_speaker", +0.05, [r"[\"“][^\"”]{20,300}[\"”],? (?:(?:he|she|they|[a-z]+(?: [a-z]+)?) (?:said|says|told|added|wrote)\b|"
                                   r"(?:said|says|added|wrote) [a-z]+)"]),
    ("hedged_hearsay", -0.12, [r"reports suggest\b", r"it is (?:believed|rumou?red|said|claimed) that\b", r"some (?:say|believe|claim)\b",
                               r"sources (?:say|claim|suggest)\b", r"allegedly\b", r"whispers? of\b", r"many (?:people )?are saying\b",
                               r"it has been (?:claimed|suggested|reported) that\b", r"rumou?rs? (?:have|has) it\b"]),
    ("sensational", -0.10, [r"shocking\b", r"bombshell\b", r"you won'?t believe\b", r"mainstream media\b", r"wake up\b",
                            r"big pharma\b", r"plandemic\b", r"globalists?\b", r"deep state\b", r"cover-?up\b",
                            r"they don'?t want you to know\b", r"miracle cure\b", r"exposed\b", r"the truth about\b",
                            r"sheeple\b", r"new world order\b", r"fake news\b"]),
    ("filler", -0.06, [r"as the world watches\b", r"only time will tell\b", r"remains to be seen\b", r"many questions remain\b",
                       r"in today'?s world\b", r"the situation (?:is|remains) (?:still )?(?:fluid|developing)\b"]),
    ("unlabelled_opinion", -0.05, [r"i (?:think|believe|feel)\b", r"in my (?:opinion|view)\b", r"we must\b", r"we need to\b"]),
    # Counted, not a signal by itself: reported speech, for the density rules below.
    ("speech_verb", 0.0, [r"said\b", r"says\b", r"told\b"]),
]
# Density rules (per 100 words, and words per sentence).  Their thresholds were read off outlet half A of ReCOVery only
# (benchmarks/bench_reliability.py reports half B apart): reliable outlets quote people.
SPEECH_HIGH, SPEECH_LOW, QUESTIONS_HIGH, LONG_SENTENCES = 0.8, 0.2, 0.3, 30


def _one_pass_pattern() -> tuple[re.Pattern, dict[str, str]]:
    by_first: dict[str, list[str]] = {}
    rule_of: dict[str, str] = {}
    for name, _, alternatives in PHRASES:
        for k, alternative in enumerate(alternatives):
            group = f"{name}__{k}"
            rule_of[group] = name
            if alternative[0].isalpha() and alternative[1] not in "?*+{":
                by_first.setdefault(alternative[0], []).append(f"(?P<{group}>{alternative[1:]})")
            else:
                by_first.setdefault("", []).append(f"(?P<{group}>{alternative})")
    # A literal letter, then that letter's alternatives without it: a failed branch costs one comparison.
    # (The group then starts one character late; the evidence snippet is widened around it anyway.)
    branches = [f"{first}(?:{'|'.join(alts)})" for first, alts in sorted(by_first.items())]
    return re.compile(r"(?:(?<!\w)(?=\w)|(?=[\"“]))(?:" + "|".join(branches) + ")"), rule_of


# A current office-holder called "former": "former U.S. President Donald Trump" in a text that also
# tells of his re-election or return to office (checked only in texts that say "former ... president").
_FORMER = re.compile(r"\bformer\s+(?:U\.?S\.?\s+)?(?:president|prime minister|chancellor)\s+(?:[A-Z][a-z]+\s+)?(?P<name>[A-Z][a-z]+)", re.I)
_RETURNED = "(?:{name}[’']s\s+(?:re-?election|return to (?:the white house|office|power)|second term)|re-?elected\s+(?:\w+\s+)?{name})"
CONTRADICTION_WEIGHT = -0.10
_PATTERN, _RULE_OF = _one_pass_pattern()
_WEIGHT = {name: weight for name, weight, _ in PHRASES}
_CLICKBAIT = re.compile(r"^(?:you won'?t|this is why|here'?s why|\d+ (?:things|reasons|ways))|!|\?\s*$", re.I)


def _snippet(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 30):min(len(text), end + 30)].split())


def evidence(text: str, title: str | None, authors: list | None, published: object, article_type: str | None,
             text_flags: list | None, derivative_of: str | None) -> list[tuple[str, float, str]] | None:
    """[(rule, weight, evidence)] for one article, or None when it has too few words to judge."""
    if len(text.split(None, MIN_WORDS)) < MIN_WORDS:
        return None
    found: list[tuple[str, float, str]] = []
    seen: set[str] = set()
    lowered = text.lower()
    speech = 0
    for m in _PATTERN.finditer(lowered):  # offsets match the original but for rare longer lower cases
        rule = _RULE_OF[m.lastgroup]
        if lowered.startswith(("said", "says", "told"), m.start()):
            speech += 1
        if rule == "speech_verb" or rule in seen:
            continue
        if rule == "unlabelled_opinion" and article_type == "opinion":
            continue
        seen.add(rule)
        found.append((rule, _WEIGHT[rule], _snippet(text, m.start(), m.end())))
    per_100 = 100 / (text.count(" ") + 1)
    if speech * per_100 >= SPEECH_HIGH:
        found.append(("reported_speech", +0.10, f"{speech} said/says/told, {speech * per_100:.2f} per 100 words"))
    elif speech * per_100 < SPEECH_LOW:
        found.append(("little_reported_speech", -0.10, f"{speech} said/says/told, {speech * per_100:.2f} per 100 words"))
    sentences = text.count(". ") + text.count("? ") + text.count("! ") + text.count(".\n") + 1
    if (text.count(" ") + 1) / sentences >= LONG_SENTENCES:
        found.append(("long_sentences", -0.05, f"{(text.count(' ') + 1) / sentences:.0f} words a sentence on average"))
    if text.count("?") * per_100 >= QUESTIONS_HIGH:
        found.append(("many_questions", -0.05, f"{text.count('?')} question marks"))
    for m in (_FORMER.finditer(text) if "former" in lowered else ()):
        returned = re.search(_RETURNED.format(name=re.escape(m["name"])), text, re.I)
        if returned:
            found.append(("contradiction_former_office", CONTRADICTION_WEIGHT,
                          f"{_snippet(text, m.start(), m.end())} … {_snippet(text, returned.start(), returned.end())}"))
            break
    found.append(("named_author", +0.10, ", ".join(authors)) if authors else ("no_author", -0.05, "no byline"))
    found.append(("dated", +0.05, str(published)) if published is not None else ("undated", -0.05, "no date"))
    if text.count("!") >= 2:
        found.append(("exclamations", -0.05, f"{text.count('!')} exclamation marks"))
    if title and _CLICKBAIT.search(title):
        found.append(("clickbait_headline", -0.05, title))
    if derivative_of:
        found.append(("derivative_rewrite", -0.10, f"rewrites {derivative_of}"))
    if text_flags and "stitched" in text_flags:
        found.append(("stitched_stories", -0.10, "two stories joined with no boundary"))
    return found


def evidence_score(rules: list[tuple[str, float, str]]) -> tuple[float, list[tuple[str, float, str]]]:
    """(score in [0, 1], signals adding up to it: the base, every rule, and the clipping if any)."""
    raw = BASE + sum(weight for _, weight, _ in rules)
    score = min(1.0, max(0.0, raw))
    signals = [("evidence:base", BASE, "every article starts here")] + [(f"evidence:{n}", w, e) for n, w, e in rules]
    if score != raw:
        signals.append(("evidence:clipped", score - raw, f"{raw:.3f} clipped to [0, 1]"))
    return score, signals
