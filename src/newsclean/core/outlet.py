"""outlet: one definition of an article's outlet, for every count, table and check that groups articles by it.

The outlet is the registrable domain of ``source_domain`` (``edition.harbourdaily.co.uk`` ->
``harbourdaily.co.uk``), as reliability rates it.  An article that prints only a ``sitename`` takes the domain
its name maps to: the name table of major outlets (``core.outlet_names``), else the domain that the corpus's
other articles printing the same name (case aside) carry, so "Meridian Post" and ``meridianpost.example`` are one
outlet.  A name no article pairs with
a domain is its own outlet, as first printed (case aside); no domain and no name: ``UNKNOWN``.

The dataset card, the run report, outlet health, the unrated-outlets list and dedup's boilerplate learning (the
paragraphs an outlet repeats) use ``outlet_keys``.  (The outlet-disjoint ``split`` keeps its own key: changing it
would move published articles between splits.)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from newsclean.core.domains import registrable_domain
from newsclean.core.outlet_names import outlet_domain

UNKNOWN = "(no outlet)"


@lru_cache(maxsize=100_000)
def _domain_key(domain: str) -> str:
    return registrable_domain(domain) or domain


def _name(sitename: str | None) -> str | None:
    name = " ".join(sitename.split()) if sitename else ""
    return name.casefold() or None


def outlet_keys(domains: list[str | None], sitenames: list[str | None], counts: list[int] | None = None) -> list[str]:
    """Each article's outlet, from its ``source_domain`` and ``sitename`` (lists of the same length).

    ``counts``: how many articles each (domain, sitename) entry stands for, when the lists hold each distinct
    pair once (a million articles as Python strings would be hundreds of MB); default one each.
    """
    keys: list[str | None] = [_domain_key(d.strip().lower()) if d and d.strip() else None for d in domains]
    paired: dict[str, Counter] = defaultdict(Counter)  # a printed name -> the domains articles print it with
    printed: dict[str, str] = {}  # a printed name, case aside -> its form as first printed
    for key, sitename, count in zip(keys, sitenames, counts or [1] * len(keys)):
        if (name := _name(sitename)) is not None:
            printed.setdefault(name, " ".join(sitename.split()))
            if key is not None:
                paired[name][key] += count
    resolved: dict[str, str] = {}
    for name in printed:
        known, _ambiguous = outlet_domain(name)
        if known is not None:
            resolved[name] = known
        elif paired.get(name):
            # the domain most of its articles carry (ties: the smallest, so the answer is the same every run)
            resolved[name] = min(paired[name].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        else:
            resolved[name] = printed[name]
    return [
        key if key is not None else (resolved[name] if (name := _name(sitename)) is not None else UNKNOWN)
        for key, sitename in zip(keys, sitenames)
    ]
