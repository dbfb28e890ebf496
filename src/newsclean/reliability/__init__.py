"""reliability: the reliability columns of every article, from the ratings of its outlet.

The outlet is the registrable domain of the article's ``url`` (else its
``source_domain``), else the domain of its printed ``sitename`` through
``outlets.OUTLET_DOMAINS`` (an ambiguous name stays unresolved, with the
reason in the signals).  Syndicated text (``syndicated_from``) is rated by the
outlet it came from as well as the one that republished it.

Score, for now from source ratings only: the mean of the ratings of the
rated outlets (publisher and origin), each a signal whose weight is its
share of the mean, so the signal weights add up to ``reliability_score``.
Label: ``high`` at 0.7 or more, ``mixed`` at 0.4 or more, else ``low``;
``unrated`` (null score) when no provider rates any of the outlets.
Article-level evidence (sourcing, hedged allegations, contradictions,
filler, clickbait) is not built yet and adds no signal.

Reads: ``url``, ``source_domain``, ``sitename``, ``syndicated_from``.  Adds:
``reliability_score``, ``reliability_label``, ``reliability_signals``,
``source_rating``, ``source_rating_provider``.
"""

from __future__ import annotations

import pyarrow as pa

from newsclean.dedup.syndication import AGENCY_DOMAINS
from newsclean.reliability.domains import host_of
from newsclean.reliability.outlets import outlet_domain
from newsclean.reliability.providers import SourceRatings
from newsclean.schema import RELIABILITY_SIGNAL

STAGE = {
    "name": "reliability",
    "reads": ("url", "source_domain", "sitename", "syndicated_from"),
    "adds": ("reliability_score", "reliability_label", "reliability_signals", "source_rating", "source_rating_provider"),
}

UNRATED = "unrated"
HIGH, MIXED = 0.7, 0.4


def label(score: float | None) -> str:
    if score is None:
        return UNRATED
    return "high" if score >= HIGH else "mixed" if score >= MIXED else "low"


def _publisher_host(url: str | None, domain: str | None, sitename: str | None) -> tuple[str | None, str]:
    """(host to rate, how it was found)."""
    if url and host_of(url):
        return url, f"url {url}"
    if domain:
        return domain, f"source_domain {domain}"
    found, why_not = outlet_domain(sitename)
    if found:
        return found, f"sitename {sitename!r}"
    return None, why_not or (f"sitename {sitename!r} is not in the outlet table" if sitename else "no url or sitename")


def _origin_host(origin: str) -> tuple[str | None, str]:
    """The domain of the agency or outlet a syndicated text credits (``syndicated_from``)."""
    if origin in AGENCY_DOMAINS:
        return AGENCY_DOMAINS[origin][0], f"syndicated from {origin}"
    if "." in origin and " " not in origin.strip():
        return origin.strip().lower(), f"syndicated from {origin}"
    found, why_not = outlet_domain(origin)
    return found, (f"syndicated from {origin}" if found else why_not or f"syndicated from {origin!r}, not in the outlet table")


def tag_reliability(table: pa.Table, ratings: SourceRatings | None = None) -> pa.Table:
    ratings = ratings or SourceRatings()
    columns = {name: table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows
               for name in ("url", "source_domain", "sitename", "syndicated_from")}
    scores, labels, signals, source_ratings, providers = [], [], [], [], []
    for url, domain, sitename, origin in zip(columns["url"], columns["source_domain"], columns["sitename"],
                                             columns["syndicated_from"]):
        host, how = _publisher_host(url, domain, sitename)
        rated = []  # (role, rating, providers, matched form, how found)
        publisher = ratings.rate(host)
        if publisher is not None:
            rated.append(("publisher", *publisher, how))
        origin_rating = None
        if origin:
            origin_host, origin_how = _origin_host(origin)
            origin_rating = ratings.rate(origin_host)
            if origin_rating is not None:
                rated.append(("syndicated_from", *origin_rating, origin_how))
        row_signals = []
        if rated:
            score = sum(r[1] for r in rated) / len(rated)
            for role, rating, names, form, found in rated:
                row_signals.append({"name": f"source_rating:{role}", "weight": rating / len(rated),
                                    "evidence": f"{form} rated {rating:.3f} by {', '.join(names)} ({found})"})
        else:
            score = None
            if ratings.providers:
                row_signals.append({"name": "source_rating:none", "weight": 0.0,
                                    "evidence": f"no provider rates {host}" if host else how})
        scores.append(score)
        labels.append(label(score))
        signals.append(row_signals)
        source_ratings.append(publisher[0] if publisher else None)
        providers.append(", ".join(publisher[1]) if publisher else None)
    additions = {
        "reliability_score": pa.array(scores, pa.float32()),
        "reliability_label": pa.array(labels, pa.string()),
        "reliability_signals": pa.array(signals, pa.list_(RELIABILITY_SIGNAL)),
        "source_rating": pa.array(source_ratings, pa.float32()),
        "source_rating_provider": pa.array(providers, pa.string()),
    }
    for name, column in additions.items():
        table = table.append_column(name, column)
    return table
