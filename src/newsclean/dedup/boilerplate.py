"""Boilerplate learned from the corpus: short paragraphs that many documents of one outlet repeat.

An outlet is the row's ``sitename``, else its ``source_domain``; rows with
neither form one pool.  A paragraph of at most ``boilerplate_max_words`` words
that appears in at least ``boilerplate_min_documents`` documents of an outlet,
and in at least ``boilerplate_min_share`` of them, is that outlet's furniture
and leaves the text.  A quotation repeated by two articles stays (two is
below the minimum), and a paragraph is never removed when it is all that is
left of a text.
"""

from __future__ import annotations

from collections import Counter, defaultdict


def outlet_key(sitename: str | None, domain: str | None) -> str:
    return (sitename or domain or "").strip().lower()


def count_short(texts: list[str], outlets: list[str], max_words: int) -> dict[str, Counter]:
    """Map step: {outlet: {short paragraph: documents it is in}} for one batch."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for text, outlet in zip(texts, outlets):
        # The space count rules most paragraphs out before the split (texts arrive with single spaces).
        counts[outlet].update({p for p in text.split("\n\n")
                               if p.count(" ") < max_words and len(p.split(None, max_words + 1)) <= max_words})
    return counts


def learned_from(counts: list[dict[str, Counter]], outlets: list[str], min_documents: int,
                 min_share: float) -> dict[str, set[str]]:
    """Reduce step: {outlet: paragraphs that are its boilerplate} from every batch's counts."""
    merged: dict[str, Counter] = defaultdict(Counter)
    for part in counts:
        for outlet, counter in part.items():
            merged[outlet].update(counter)
    documents = Counter(outlets)
    learned: dict[str, set[str]] = {}
    for outlet, counter in merged.items():
        need = max(min_documents, min_share * documents[outlet])
        found = {p for p, k in counter.items() if k >= need}
        if found:
            learned[outlet] = found
    return learned


def learn(texts: list[str], outlets: list[str], max_words: int, min_documents: int, min_share: float) -> dict[str, set[str]]:
    """{outlet: paragraphs that are its boilerplate} (count_short and learned_from in one process)."""
    return learned_from([count_short(texts, outlets, max_words)], outlets, min_documents, min_share)


def strip(text: str, furniture: set[str]) -> tuple[str, list[str]]:
    """(text without the outlet's furniture, the paragraphs removed)."""
    if not furniture:
        return text, []
    paragraphs = text.split("\n\n")
    kept = [p for p in paragraphs if p not in furniture]
    if not kept:
        return text, []
    return "\n\n".join(kept), [p for p in paragraphs if p in furniture]
