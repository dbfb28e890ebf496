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


def learn(texts: list[str], outlets: list[str], max_words: int, min_documents: int, min_share: float) -> dict[str, set[str]]:
    """{outlet: paragraphs that are its boilerplate}."""
    counts: dict[str, Counter] = defaultdict(Counter)
    documents: Counter = Counter(outlets)
    for text, outlet in zip(texts, outlets):
        short = {p for p in text.split("\n\n") if len(p.split(None, max_words + 1)) <= max_words}
        counts[outlet].update(short)
    learned: dict[str, set[str]] = {}
    for outlet, counter in counts.items():
        need = max(min_documents, min_share * documents[outlet])
        found = {p for p, k in counter.items() if k >= need}
        if found:
            learned[outlet] = found
    return learned


def strip(text: str, furniture: set[str]) -> tuple[str, list[str]]:
    """(text without the outlet's furniture, the paragraphs removed)."""
    if not furniture:
        return text, []
    paragraphs = text.split("\n\n")
    kept = [p for p in paragraphs if p not in furniture]
    if not kept:
        return text, []
    return "\n\n".join(kept), [p for p in paragraphs if p in furniture]
