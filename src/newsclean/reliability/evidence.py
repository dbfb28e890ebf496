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

# Phrase rules: (name, weight, pattern).  Case-insensitive.
PHRASES = [
    ("attributed_sourcing", +0.10, r"\baccording to (?:the |a )?(?:[A-Z]|\w+ (?:data|figures|report|study))|"
                                   r"\b(?:said|told) (?:in a statement|reporters|the \w+)\b|\bspokes(?:man|woman|person)\b|"
                                   r"\bstudy published in\b|\bpeer[- ]reviewed\b"),
    ("quote_with_speaker", +0.05, r"[\"“][^\"”]{20,300}[\"”],? (?:(?:he|she|they|[A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:said|says|told|added|wrote)\b|"
                                  r"(?:said|says|added|wrote) [A-Z][a-z]+)"),
    ("hedged_hearsay", -0.12, r"\breports suggest\b|\bit is (?:believed|rumou?red|said|claimed) that\b|\bsome (?:say|believe|claim)\b|"
                              r"\bsources (?:say|claim|suggest)\b|\ballegedly\b|\bwhispers? of\b|\bmany (?:people )?are saying\b|"
                              r"\bit has been (?:claimed|suggested|reported) that\b|\brumou?rs? (?:have|has) it\b"),
    ("sensational", -0.10, r"\bshocking\b|\bbombshell\b|\byou won'?t believe\b|\bmainstream media\b|\bwake up\b|\bbig pharma\b|"
                           r"\bplandemic\b|\bglobalists?\b|\bdeep state\b|\bcover-?up\b|\bthey don'?t want you to know\b|"
                           r"\bmiracle cure\b|\bexposed\b|\bthe truth about\b|\bsheeple\b|\bnew world order\b|\bfake news\b"),
    ("filler", -0.06, r"\bas the world watches\b|\bonly time will tell\b|\bremains to be seen\b|\bmany questions remain\b|"
                      r"\bin today'?s world\b|\bthe situation (?:is|remains) (?:still )?(?:fluid|developing)\b"),
    ("unlabelled_opinion", -0.05, r"\bI (?:think|believe|feel)\b|\bin my (?:opinion|view)\b|\bwe must\b|\bwe need to\b"),
]
# A current office-holder called "former": "former U.S. President Donald Trump" in a text that also
# tells of his re-election or return to office (checked only in texts that say "former ... president").
_FORMER = re.compile(r"\bformer\s+(?:U\.?S\.?\s+)?(?:president|prime minister|chancellor)\s+(?:[A-Z][a-z]+\s+)?(?P<name>[A-Z][a-z]+)", re.I)
_RETURNED = "(?:{name}[’']s\s+(?:re-?election|return to (?:the white house|office|power)|second term)|re-?elected\s+(?:\w+\s+)?{name})"
CONTRADICTION_WEIGHT = -0.10
_PATTERN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, _, pattern in PHRASES), re.I)
_WEIGHT = {name: weight for name, weight, _ in PHRASES}
_EXCLAIM = re.compile(r"!")
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")
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
    for m in _PATTERN.finditer(text):
        rule = m.lastgroup
        if rule in seen:
            continue
        if rule == "unlabelled_opinion" and article_type == "opinion":
            continue
        seen.add(rule)
        found.append((rule, _WEIGHT[rule], _snippet(text, m.start(), m.end())))
    for m in _FORMER.finditer(text):
        returned = re.search(_RETURNED.format(name=re.escape(m["name"])), text, re.I)
        if returned:
            found.append(("contradiction_former_office", CONTRADICTION_WEIGHT,
                          f"{_snippet(text, m.start(), m.end())} … {_snippet(text, returned.start(), returned.end())}"))
            break
    found.append(("named_author", +0.10, ", ".join(authors)) if authors else ("no_author", -0.05, "no byline"))
    found.append(("dated", +0.05, str(published)) if published is not None else ("undated", -0.05, "no date"))
    if len(_EXCLAIM.findall(text)) >= 2:
        found.append(("exclamations", -0.05, f"{len(_EXCLAIM.findall(text))} exclamation marks"))
    shouted = _SHOUTED.findall(text)
    if len(shouted) >= 3:
        found.append(("shouting", -0.05, " ".join(shouted[:5])))
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
