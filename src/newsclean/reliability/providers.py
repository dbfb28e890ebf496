"""Source-rating providers: tables that rate outlets by domain, read from files the user configures.

Three formats, each mapped to a rating in [0, 1] (0 lowest):

- ``domain_scores``: a CSV with a header holding ``domain`` and one score
  column (``pc1`` in Lin et al. 2023's ``domain_pc1.csv``, else ``score`` or
  ``rating``), scores already in [0, 1];
- ``mbfc``: a Media Bias/Fact Check JSON export (``sources`` with ``domain``
  and ``reporting``); ``reporting`` maps very-high 1.0, high 0.85,
  mostly-factual 0.65, mixed 0.4, low 0.15, very-low 0.0; ``aliases`` are followed;
- ``domain_lists``: plain low-credibility lists, one domain or url per line
  (``#`` comments allowed); a listed domain is rated 0.0.

Several providers combine by the mean of the ratings of those that rate the
domain; ``source_rating_provider`` names each of them with its file's name
and the first 12 hex digits of its sha256, so a rating can be traced to the
exact table.  A malformed file (a row without a domain, a score outside
[0, 1] or not a number, the same domain twice with different scores) is an
error naming the file and line; CR and CRLF line ends and a UTF-8 BOM are
read as ordinary line ends.  Documented repair: an entry whose suffix is in no
public-suffix list (``topinfopost.con`` in Lin et al. 2023) is kept as written,
so it rates that literal host and nothing else.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from newsclean.config import ConfigError
from newsclean.reliability.domains import host_of, rating_keys

MBFC_REPORTING = {"very-high": 1.0, "high": 0.85, "mostly-factual": 0.65, "mixed": 0.4, "low": 0.15, "very-low": 0.0}
SCORE_COLUMNS = ("pc1", "score", "rating")
LISTED_RATING = 0.0


class RatingFileError(ConfigError):
    """A rating file that cannot be read without guessing."""


@dataclass
class Provider:
    name: str  # file name and sha256 prefix: what source_rating_provider shows
    ratings: dict[str, float]


def _read_text(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RatingFileError(f"{path}: cannot read rating file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RatingFileError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    label = f"{path.name}@sha256:{hashlib.sha256(data).hexdigest()[:12]}"
    return text.replace("\r\n", "\n").replace("\r", "\n"), label


def _domain(value: str) -> str | None:
    """The key a table entry rates: its most specific host form, with its first path segment when it has one."""
    value = value.strip().rstrip("*").rstrip("/")
    keys = rating_keys(value) if value else []
    return keys[0] if keys else None


def _add(ratings: dict[str, float], domain: str, score: float, where: str) -> None:
    if domain in ratings and abs(ratings[domain] - score) > 1e-9:
        raise RatingFileError(f"{where}: {domain} rated {score} here but {ratings[domain]} earlier in the file")
    ratings[domain] = score


def read_domain_scores(path: Path) -> Provider:
    text, label = _read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    column = next((c for c in SCORE_COLUMNS if c in header), None)
    if "domain" not in header or column is None:
        raise RatingFileError(f"{path}:1: header needs 'domain' and one of {', '.join(SCORE_COLUMNS)}; found {header}")
    reader.fieldnames = header
    ratings: dict[str, float] = {}
    for line, row in enumerate(reader, start=2):
        where = f"{path}:{line}"
        raw_domain, raw_score = (row.get("domain") or "").strip(), (row.get(column) or "").strip()
        if not raw_domain and not raw_score:
            continue
        domain = _domain(raw_domain)
        if domain is None:
            raise RatingFileError(f"{where}: no domain in {raw_domain!r}")
        try:
            score = float(raw_score)
        except ValueError:
            raise RatingFileError(f"{where}: score {raw_score!r} is not a number") from None
        if not 0.0 <= score <= 1.0:
            raise RatingFileError(f"{where}: score {score} is outside [0, 1]")
        _add(ratings, domain, score, where)
    return Provider(label, ratings)


def read_mbfc(path: Path) -> Provider:
    text, label = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RatingFileError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise RatingFileError(f"{path}: expected an object with a 'sources' list (MBFC combined export)")
    ratings: dict[str, float] = {}
    for n, source in enumerate(data["sources"]):
        where = f"{path}: sources[{n}]"
        reporting = (source.get("reporting") or "").strip().lower() if isinstance(source, dict) else ""
        if reporting not in MBFC_REPORTING:
            continue  # unrated by MBFC (satire, pro-science pages without a factual level): no rating, not a guess
        domain = _domain(str(source.get("domain") or ""))
        if domain is None:
            raise RatingFileError(f"{where}: no domain in {source.get('domain')!r}")
        _add(ratings, domain, MBFC_REPORTING[reporting], where)
    for alias, target in (data.get("aliases") or {}).items():
        alias_domain, target_domain = _domain(alias), _domain(target)
        if alias_domain and target_domain in ratings and alias_domain not in ratings:
            ratings[alias_domain] = ratings[target_domain]
    return Provider(label, ratings)


def read_domain_list(path: Path) -> Provider:
    text, label = _read_text(path)
    ratings: dict[str, float] = {}
    for line, raw in enumerate(text.split("\n"), start=1):
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        domain = _domain(entry.split(",", 1)[0])
        if domain is None:
            raise RatingFileError(f"{path}:{line}: no domain in {entry!r}")
        ratings[domain] = LISTED_RATING
    return Provider(label, ratings)


READERS = {"domain_scores": read_domain_scores, "mbfc": read_mbfc, "domain_lists": read_domain_list}


@dataclass
class SourceRatings:
    providers: list[Provider] = field(default_factory=list)

    @classmethod
    def load(cls, files: dict[str, tuple[str, ...]]) -> SourceRatings:
        """``files``: {format: paths}, formats as in READERS, in the order the user listed them."""
        return cls([READERS[kind](Path(p)) for kind, paths in files.items() for p in paths])

    def rate(self, url_or_host: str | None) -> tuple[float, list[str], str] | None:
        """(combined rating, the providers that rated it, the form matched) for a url or host; None when no provider knows it.

        Each provider is asked for the most specific form it knows
        (``c-span.org/wj`` before ``c-span.org``, ``edition.cnn.com`` before ``cnn.com``).
        """
        if not url_or_host or not self.providers:
            return None
        host = host_of(url_or_host)
        if host in self._by_host:
            return self._by_host[host]
        forms = rating_keys(url_or_host)
        # Most urls' hosts have no section rated apart (no key with a path): their answer is the host's, kept.
        cacheable = host is not None and not any(form.split("/", 1)[0] in self._section_hosts for form in forms)
        result = self._rate_forms(forms)
        if cacheable:
            self._by_host[host] = result
        return result

    def __post_init__(self) -> None:
        self._by_host: dict[str, tuple[float, list[str], str] | None] = {}
        self._section_hosts = {key.split("/", 1)[0] for p in self.providers for key in p.ratings if "/" in key}

    def _rate_forms(self, forms: list[str]) -> tuple[float, list[str], str] | None:
        found, names, matched = [], [], None
        for provider in self.providers:
            for form in forms:
                if form in provider.ratings:
                    found.append(provider.ratings[form])
                    names.append(provider.name)
                    matched = matched or form
                    break
        if not found:
            return None
        return sum(found) / len(found), names, matched
