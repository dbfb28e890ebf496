"""Which outlet a url belongs to: its registrable domain, and the keys to look it up under.

The public-suffix list is tldextract's bundled snapshot, read with no network
(``suffix_list_urls=()``), so ``news.bbc.co.uk`` belongs to ``bbc.co.uk`` and
``foo.unimelb.edu.au`` to ``unimelb.edu.au``.  Web-archive wrappers
(``web.archive.org/web/<time>/<url>``, ``archive.ph/<time>/<url>``) are
unwrapped to the page they archived.  A host is looked up from its most
specific form down to its registrable domain (``lookup_forms``), with the
url's leading path segments first where a table rates a section
(``c-span.org/wj``, ``newyorker.com/humor/borowitz-report``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
_ARCHIVED = re.compile(r"^(?:https?://)?(?:web\.archive\.org/web|archive\.(?:ph|today|is|li|md|vn)|webcache\.googleusercontent\.com/search\?q=cache:)"
                       r"/?(?:\d{4,14}[a-z_]*/)?(?P<inner>.+)$", re.I)


def _split(url_or_host: str) -> tuple[str | None, str]:
    """(lower-case host, path) of a url or bare host, archive wrappers removed."""
    text = url_or_host.strip()
    while (m := _ARCHIVED.match(text)) is not None:
        text = m["inner"]
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None, ""
    return (host.rstrip(".").lower() if host else None), parts.path


def host_of(url_or_host: str) -> str | None:
    """The lower-case host of a url (or of a bare host), archives unwrapped; None when there is none."""
    return _split(url_or_host)[0]


@lru_cache(maxsize=1 << 16)
def registrable_domain(host: str) -> str | None:
    """``edition.cnn.com`` -> ``cnn.com``; ``www.bbc.co.uk`` -> ``bbc.co.uk``; an IP address -> None."""
    parts = _EXTRACT(host)
    if not parts.suffix:
        return None
    if not parts.domain or parts.domain == "www":  # a site on a listed suffix itself (nhs.uk, www.nhs.uk)
        return parts.suffix if "." in parts.suffix else None
    return f"{parts.domain}.{parts.suffix}"


def lookup_forms(host: str) -> list[str]:
    """The host and each parent down to the registrable domain, most specific first.

    ``amp.edition.cnn.com`` -> [``amp.edition.cnn.com``, ``edition.cnn.com``,
    ``cnn.com``]: a ``www.``, ``m.`` or ``amp.`` host that a table rates on its
    own keeps that rating (Lin et al. 2023 rate ``www.xinhuanet.com`` and
    ``xinhuanet.com`` apart), and otherwise falls to its parent.
    """
    base = registrable_domain(host)
    if base is None:  # an IP address, or a suffix the list does not know (a typo such as ".con"): the host as it is
        return [host]
    labels = host.split(".")
    forms = []
    while len(labels) >= base.count(".") + 1:
        forms.append(".".join(labels))
        labels = labels[1:]
    return forms


def rating_keys(url_or_host: str, depth: int = 3) -> list[str]:
    """What a rating table may list for this url, most specific first: each host form with the
    url's leading path segments (up to ``depth``, longest first), then alone.

    ``newyorker.com/humor/borowitz-report/x`` ->
    [``newyorker.com/humor/borowitz-report/x``, ``newyorker.com/humor/borowitz-report``,
    ``newyorker.com/humor``, ``newyorker.com``].
    """
    host, path = _split(url_or_host)
    if not host:
        return []
    segments = [s for s in path.lower().split("/") if s][:depth]
    keys = []
    for form in lookup_forms(host):
        keys += [form + "/" + "/".join(segments[:n]) for n in range(len(segments), 0, -1)]
        keys.append(form)
    return keys
