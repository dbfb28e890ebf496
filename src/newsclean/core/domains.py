"""Which outlet a url belongs to: its registrable domain, and the keys to look it up under.

The public-suffix list is tldextract's bundled snapshot, read with no network
(``suffix_list_urls=()``), so ``news.bbc.co.uk`` belongs to ``bbc.co.uk`` and
``foo.unimelb.edu.au`` to ``unimelb.edu.au``.  Web-archive wrappers
(``web.archive.org/web/<time>/<url>``, ``archive.ph/<time>/<url>``) are
unwrapped to the page they archived.  A host is looked up from its most
specific form down to its registrable domain (``lookup_forms``), with the
url's leading path segments first where a table rates a section
(``c-span.org/wj``, ``newyorker.com/humor/borowitz-report``).

Only a web address names an outlet: an ``http``/``https`` url, or a bare host
(``bbc.co.uk/news``, ``//cdn.bbc.co.uk``).  ``javascript:``, ``data:``,
``mailto:``, ``file:``, ``ftp:`` and every other scheme give no host.  An
article's host (``host_of``, ``web_host``) must also be a real one: an IP
address, or a name with a dot whose suffix is public (or ``.example`` /
``.test``, the names RFC 2606 keeps for documentation and tests), made of
well-formed labels.  A rating table's entry is kept as written once it is a web
address (``topinfopost.con``, ``wvec–13newsnow.com`` are in real tables): it is
only a key to look up, and one that is no real host rates no article.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
_ARCHIVED = re.compile(
    r"^(?:https?://)?(?:web\.archive\.org/web|archive\.(?:ph|today|is|li|md|vn)|webcache\.googleusercontent\.com/search\?q=cache:)"
    r"/?(?:\d{4,14}[a-z_]*/)?(?P<inner>.+)$",
    re.I,
)
MAX_UNWRAP = 4  # archive wrappers removed at most: each match reads the whole url, so a crafted nest was quadratic
WEB_SCHEMES = frozenset({"http", "https"})
RESERVED_SUFFIXES = frozenset({"example", "test"})  # RFC 2606: in no public-suffix list, used by the sample corpus
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_HOST_WITH_PORT = re.compile(r"^[^/?#@:]+:\d+(?:[/?#]|$)")  # bbc.co.uk:8080/x: a bare host, not a "bbc.co.uk" scheme
_LABEL = re.compile(r"^(?!-)[\w-]{1,63}(?<!-)$")  # letters (IDN too), digits, '-' and '_', no '-' at either end
MAX_HOST = 253  # characters: DNS allows no longer name, so a longer "host" is no web address


def _unwrapped(text: str) -> str:
    """``text`` with its web-archive wrappers removed; "" (no host) when more than MAX_UNWRAP are nested."""
    for _ in range(MAX_UNWRAP):
        m = _ARCHIVED.match(text)
        if m is None:
            return text
        text = m["inner"]
    return "" if _ARCHIVED.match(text) else text


def _web_url(text: str) -> str | None:
    """``text`` as an http(s) url (a bare host given ``http://``), or None when it names another scheme."""
    if text.startswith("//"):
        return "http:" + text
    scheme = _SCHEME.match(text)
    if scheme is None or _HOST_WITH_PORT.match(text):
        return "http://" + text
    return text if scheme[1].lower() in WEB_SCHEMES else None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _host_and_path(text: str) -> tuple[str | None, str]:
    """(lower-case host, path) of a web url or bare host as written; (None, "") for any other scheme."""
    url = _web_url(text.strip())
    if url is None:
        return None, ""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None, ""
    host = host.rstrip(".").lower() if host else ""
    return (host, parts.path) if host and len(host) <= MAX_HOST else (None, "")


def _split(url_or_host: str) -> tuple[str | None, str]:
    """(lower-case host, path) of a url or bare host, archive wrappers removed."""
    return _host_and_path(_unwrapped(url_or_host.strip()))


@lru_cache(maxsize=1 << 16)
def is_web_host(host: str) -> bool:
    """An IP address, or a name of well-formed labels with a dot on a public (or RFC 2606) suffix: a host an
    article can come from."""
    if _is_ip(host):
        return True
    if "." not in host or not all(_LABEL.match(label) for label in host.split(".")):
        return False
    return bool(_EXTRACT(host).suffix) or host.rsplit(".", 1)[1] in RESERVED_SUFFIXES


def web_host(url: str | None) -> str | None:
    """The lower-case host of an http(s) url or a bare host, as written (no archive unwrapped); None when it has no
    real host (``javascript:alert(1)``, ``mailto:``, ``file:///``, ``index.html``)."""
    host = _host_and_path(url)[0] if url else None
    return host if host and is_web_host(host) else None


def host_of(url_or_host: str | None) -> str | None:
    """The lower-case host of a url (or of a bare host), archives unwrapped; None when it has no real host."""
    return web_host(_unwrapped(url_or_host.strip())) if url_or_host else None


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
