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
exact table.  A malformed file is a ``RatingFileError`` naming the file and
the line (or the JSON entry) and what is wrong: a row without a domain (or
with a ``javascript:``, ``mailto:`` or other non-web address), a score outside
[0, 1] or not a number, the same domain twice with different scores, a CSV
field over the csv module's limit, a NUL byte, a JSON value of the wrong type
(``"reporting": 5``, ``"aliases": [...]``), JSON nested too deep to read, a
directory or a file over MAX_FILE_BYTES; CR and CRLF line ends and a UTF-8 BOM
are read as ordinary line ends.  Documented repair: an entry whose suffix is
in no public-suffix list (``topinfopost.con`` in Lin et al. 2023) is kept as
written; it rates that literal host only, and no article has such a host.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import stat
from dataclasses import dataclass, field
from pathlib import Path

from newsclean.core.config import ConfigError
from newsclean.core.domains import host_of, rating_keys

MBFC_REPORTING = {"very-high": 1.0, "high": 0.85, "mostly-factual": 0.65, "mixed": 0.4, "low": 0.15, "very-low": 0.0}
SCORE_COLUMNS = ("pc1", "score", "rating")
LISTED_RATING = 0.0
MAX_FILE_BYTES = 256 << 20  # the largest tables known are a few MB; a larger file is not a rating table
MAX_SHOWN = 80  # characters of a bad value an error message quotes


class RatingFileError(ConfigError):
    """A rating file that cannot be read without guessing."""


@dataclass
class Provider:
    name: str  # file name and sha256 prefix: what source_rating_provider shows
    ratings: dict[str, float]


def _shown(value) -> str:
    """``value`` as an error message quotes it: its repr (control characters escaped), cut to MAX_SHOWN characters."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; checked before it is opened, so a FIFO or a device
    given as a table is refused instead of read for ever."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise RatingFileError(f"{path}: is a directory, not a rating file")
        if not stat.S_ISREG(mode):
            raise RatingFileError(f"{path}: not a regular file, so not a rating file")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RatingFileError(f"{path}: cannot read rating file: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise RatingFileError(f"{path}: larger than {MAX_FILE_BYTES >> 20} MiB, so not a rating table")
    return data


def _read_text(path: Path) -> tuple[str, str]:
    """(the file's text with every line end a LF, its provider name); RatingFileError for a file that is no text."""
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RatingFileError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if (nul := text.find("\0")) >= 0:
        line = text.count("\n", 0, nul) + 1
        raise RatingFileError(f"{path}:{line}: a NUL byte: a binary file, not a rating table")
    label = f"{path.name}@sha256:{hashlib.sha256(data).hexdigest()[:12]}"
    return text, label


def _domain(value: str) -> str | None:
    """The key a table entry rates: its most specific host form, with its first path segment when it has one."""
    value = value.strip().rstrip("*").rstrip("/")
    keys = rating_keys(value) if value else []
    return keys[0] if keys else None


def _add(ratings: dict[str, float], domain: str, score: float, where: str) -> None:
    if domain in ratings and abs(ratings[domain] - score) > 1e-9:
        raise RatingFileError(f"{where}: {domain} rated {score} here but {ratings[domain]} earlier in the file")
    ratings[domain] = score


def _csv_rows(path: Path, text: str):
    """(header, then (line, row) for each row) of a CSV text; a csv.Error (a field over the csv module's limit of
    131,072 characters) is a RatingFileError naming the line."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        yield header
        for row in reader:
            yield reader.line_num, dict(zip(header, row))
    except csv.Error as exc:
        hint = " (a field that long, or a quote never closed)" if "field limit" in str(exc) else ""
        raise RatingFileError(f"{path}:{reader.line_num}: not readable as CSV: {exc}{hint}") from exc


def read_domain_scores(path: Path) -> Provider:
    text, label = _read_text(path)
    rows = _csv_rows(path, text)
    header = next(rows)
    column = next((c for c in SCORE_COLUMNS if c in header), None)
    if "domain" not in header or column is None:
        raise RatingFileError(
            f"{path}:1: header needs 'domain' and one of {', '.join(SCORE_COLUMNS)}; found {_shown(header)}"
        )
    ratings: dict[str, float] = {}
    for line, row in rows:
        where = f"{path}:{line}"
        raw_domain, raw_score = (row.get("domain") or "").strip(), (row.get(column) or "").strip()
        if not raw_domain and not raw_score:
            continue
        domain = _domain(raw_domain)
        if domain is None:
            raise RatingFileError(f"{where}: no domain in {_shown(raw_domain)}")
        try:
            score = float(raw_score)
        except ValueError:
            raise RatingFileError(f"{where}: score {_shown(raw_score)} is not a number") from None
        if not 0.0 <= score <= 1.0:
            raise RatingFileError(f"{where}: score {score} is outside [0, 1]")
        _add(ratings, domain, score, where)
    return Provider(label, ratings)


JSON_KINDS = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "null",
}


def _json(path: Path, text: str):
    """The file's JSON value; RatingFileError for text that is not JSON or that Python's reader cannot take
    (nested deeper than its recursion limit, an integer of more than 4,300 digits)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RatingFileError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from exc
    except RecursionError:
        raise RatingFileError(
            f"{path}: JSON nested too deep to read (no rating table nests more than a few levels)"
        ) from None
    except ValueError as exc:  # the int-from-string limit: "Exceeds the limit (4300 digits) ..."
        raise RatingFileError(f"{path}: JSON that cannot be read: {str(exc).split(';')[0]}") from None


def _string(value, what: str, where: str) -> str | None:
    """``value`` when it is a string or null (None); a RatingFileError naming ``what`` when it is anything else."""
    if value is None or isinstance(value, str):
        return value
    raise RatingFileError(
        f"{where}: {what} must be a string, not {JSON_KINDS.get(type(value), 'that')} ({_shown(value)})"
    )


def _mbfc_sources(path: Path, sources: list) -> dict[str, float]:
    """The ratings of an MBFC export's ``sources``: objects with a string ``domain`` and ``reporting``."""
    ratings: dict[str, float] = {}
    for n, source in enumerate(sources):
        where = f"{path}: sources[{n}]"
        if not isinstance(source, dict):
            raise RatingFileError(
                f"{where}: expected an object with 'domain' and 'reporting', not "
                f"{JSON_KINDS.get(type(source), 'that')} ({_shown(source)})"
            )
        reporting = (_string(source.get("reporting"), "'reporting'", where) or "").strip().lower()
        raw_domain = _string(source.get("domain"), "'domain'", where)
        if reporting not in MBFC_REPORTING:
            continue  # unrated by MBFC (satire, pro-science pages without a factual level): no rating, not a guess
        domain = _domain(raw_domain or "")
        if domain is None:
            raise RatingFileError(f"{where}: no domain in {_shown(raw_domain)}")
        _add(ratings, domain, MBFC_REPORTING[reporting], where)
    return ratings


def _follow_aliases(path: Path, aliases, ratings: dict[str, float]) -> None:
    """Rate each alias (an object of alias domain -> target domain) as its target, unless the alias is rated."""
    if aliases is None:
        return
    if not isinstance(aliases, dict):
        raise RatingFileError(
            f"{path}: 'aliases' must be an object of alias domain -> domain, not "
            f"{JSON_KINDS.get(type(aliases), 'that')}"
        )
    for alias, target in aliases.items():
        target = _string(target, "an alias's target", f"{path}: aliases[{_shown(alias)}]")
        alias_domain, target_domain = _domain(alias), _domain(target or "")
        if alias_domain and target_domain in ratings and alias_domain not in ratings:
            ratings[alias_domain] = ratings[target_domain]


def read_mbfc(path: Path) -> Provider:
    text, label = _read_text(path)
    data = _json(path, text)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise RatingFileError(f"{path}: expected an object with a 'sources' list (MBFC combined export)")
    ratings = _mbfc_sources(path, data["sources"])
    _follow_aliases(path, data.get("aliases"), ratings)
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
            raise RatingFileError(f"{path}:{line}: no domain in {_shown(entry)}")
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
        """(combined rating, the providers that rated it, the form matched) for a url or host; None when no provider
        knows it.

        Each provider is asked for the most specific form it knows
        (``c-span.org/wj`` before ``c-span.org``, ``edition.outlet.example`` before ``outlet.example``).
        """
        if not url_or_host or not self.providers:
            return None
        host = host_of(url_or_host)
        if host is None:  # no real web host (javascript:, mailto:, index.html): no outlet to rate
            return None
        if host in self._by_host:
            return self._by_host[host]
        forms = rating_keys(url_or_host)
        # Most urls' hosts have no section rated apart (no key with a path): their answer is the host's, kept.
        cacheable = not any(form.split("/", 1)[0] in self._section_hosts for form in forms)
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
