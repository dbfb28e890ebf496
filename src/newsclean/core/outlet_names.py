"""Printed outlet names to domains, for articles with a sitename but no url.

Written for newsclean: the names and home domains of major English-language
outlets are facts.  A name that belongs to more than one outlet (The
Spectator: spectator.co.uk in London, spectator.org in Washington) is listed
in AMBIGUOUS and never resolved from the name alone.
"""

from __future__ import annotations

import re

OUTLET_DOMAINS = {
    "associated press": "apnews.com",
    "ap news": "apnews.com",
    "reuters": "reuters.com",
    "agence france-presse": "afp.com",
    "afp": "afp.com",
    "bloomberg": "bloomberg.com",
    "bbc": "bbc.co.uk",
    "bbc news": "bbc.co.uk",
    "the guardian": "theguardian.com",
    "the observer": "theguardian.com",
    "the sunday times": "thetimes.co.uk",
    "the telegraph": "telegraph.co.uk",
    "the daily telegraph": "telegraph.co.uk",
    "financial times": "ft.com",
    "the economist": "economist.com",
    "the independent": "independent.co.uk",
    "daily mail": "dailymail.co.uk",
    "mail online": "dailymail.co.uk",
    "the sun": "thesun.co.uk",
    "daily mirror": "mirror.co.uk",
    "the mirror": "mirror.co.uk",
    "daily express": "express.co.uk",
    "evening standard": "standard.co.uk",
    "sky news": "news.sky.com",
    "the new york times": "nytimes.com",
    "new york times": "nytimes.com",
    "the washington post": "washingtonpost.com",
    "washington post": "washingtonpost.com",
    "the wall street journal": "wsj.com",
    "wall street journal": "wsj.com",
    "usa today": "usatoday.com",
    "los angeles times": "latimes.com",
    "cnn": "cnn.com",
    "fox news": "foxnews.com",
    "nbc news": "nbcnews.com",
    "cbs news": "cbsnews.com",
    "npr": "npr.org",
    "politico": "politico.com",
    "the atlantic": "theatlantic.com",
    "the new yorker": "newyorker.com",
    "newsweek": "newsweek.com",
    "time": "time.com",
    "breitbart": "breitbart.com",
    "breitbart news": "breitbart.com",
    "the hill": "thehill.com",
    "axios": "axios.com",
    "al jazeera": "aljazeera.com",
    "the irish times": "irishtimes.com",
    "the globe and mail": "theglobeandmail.com",
    "cbc news": "cbc.ca",
    "the sydney morning herald": "smh.com.au",
    "abc australia": "abc.net.au",
    "the hindu": "thehindu.com",
    "the times of india": "timesofindia.indiatimes.com",
    "infowars": "infowars.com",
}
AMBIGUOUS = {
    "the spectator": ("spectator.co.uk", "spectator.org"),
    "spectator": ("spectator.co.uk", "spectator.org"),
    "the post": (),
    "the herald": (),
    "the times": ("thetimes.co.uk", "thetimes.com"),
    "abc news": ("abcnews.go.com", "abc.net.au"),
}
_SPACE = re.compile(r"\s+")


def outlet_domain(sitename: str | None) -> tuple[str | None, str | None]:
    """(domain, why not) for a printed outlet name: (domain, None), (None, 'ambiguous: ...') or (None, None) when
    unknown."""
    if not sitename:
        return None, None
    name = _SPACE.sub(" ", sitename.strip().lower())
    if name in AMBIGUOUS:
        return None, "ambiguous outlet name: " + (" or ".join(AMBIGUOUS[name]) or "several outlets")
    return OUTLET_DOMAINS.get(name), None


# A wire agency's canonical name (core.lexicon.AGENCIES) -> the domains it publishes on.
AGENCY_DOMAINS = {
    "Associated Press": ("apnews.com", "ap.org"),
    "Reuters": ("reuters.com",),
    "Agence France-Presse": ("afp.com",),
    "PA Media": ("pamediagroup.com",),
    "Bloomberg": ("bloomberg.com",),
    "United Press International": ("upi.com",),
    "Xinhua": ("xinhuanet.com", "news.cn"),
    "TASS": ("tass.com",),
}
