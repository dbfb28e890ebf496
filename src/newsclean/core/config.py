"""Paths and settings, in one place.

Settings come from, in increasing priority: the defaults below, a TOML file
(``--config FILE``), and the CLI's ``--raw`` / ``--out`` options.  Every key
of the TOML file is documented in the README ("Configuration"); an unknown
key is an error, so a typo never passes silently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_OUT_DIR = PROJECT_ROOT / "data" / "processed"
DEFAULT_EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

MiB = 1024 * 1024


class ConfigError(ValueError):
    """The configuration file is unreadable or holds an unknown or ill-typed key."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * MiB
    max_decompressed_bytes: int = 1024 * MiB
    max_document_chars: int = 5_000_000


# Files that sit beside articles in corpus folders but are none (a dataset's own notes, licences, listings).
DEFAULT_EXCLUDE = (
    "README*",
    "LICENSE*",
    "LICENCE*",
    "COPYING*",
    "NOTICE*",
    "CHANGELOG*",
    "CHANGES*",
    "AUTHORS*",
    "CONTRIBUTING*",
    "index.*",
)


@dataclass(frozen=True)
class Discover:
    # Glob patterns on a file's path under the raw folder ('/'-separated, case-blind): '*' within a folder or
    # name, '**' across folders; a pattern ending in '/' is a folder, any other without '/' is matched against the
    # file's name at any depth (newsclean.stages.discover.glob_regex).
    # include: when set, only files matching one of them are read (others are ignored, `not_included`).
    include: tuple[str, ...] = ()
    # exclude: files matching one of them are ignored (`excluded`), include or not.
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE


@dataclass(frozen=True)
class Source:
    """One [sources] entry: the files under the raw folder that ``pattern`` matches (a [discover] glob) come from
    this outlet, when their text does not say which."""

    pattern: str
    sitename: str | None = None
    domain: str | None = None


@dataclass(frozen=True)
class Dedup:
    # Near duplicates: word shingles, MinHash signatures cut into LSH bands;
    # every candidate pair is verified on its real Jaccard before it is merged.
    shingle_words: int = 5
    near_threshold: float = 0.8
    bands: int = 20
    rows_per_band: int = 6
    # Rewrites: TF-IDF cosine on content words, word-set overlap, shared distinctive numbers.
    rewrite_threshold: float = 0.3
    rewrite_min_word_jaccard: float = 0.38
    rewrite_min_shared_numbers: int = 2
    # Boilerplate learned from the corpus: a short paragraph in at least this
    # many documents of one outlet, and this share of them.
    boilerplate_min_documents: int = 3
    boilerplate_min_share: float = 0.05
    boilerplate_max_words: int = 40
    # Outlets (sitename or domain) whose copy is kept first, before the date rule.
    outlet_priority: tuple[str, ...] = ()
    # Fingerprinting (the per-text part of dedup) runs in batches of this many
    # texts on this many processes (0: one per core); neither changes the result.
    workers: int = 0
    batch_size: int = 5000


@dataclass(frozen=True)
class Reliability:
    # Source-rating tables by format (docs/reliability.md); paths are read
    # from the config file's folder.  None configured: every article is unrated.
    domain_scores: tuple[str, ...] = ()
    mbfc: tuple[str, ...] = ()
    domain_lists: tuple[str, ...] = ()

    def files(self) -> dict[str, tuple[str, ...]]:
        return {"domain_scores": self.domain_scores, "mbfc": self.mbfc, "domain_lists": self.domain_lists}


@dataclass(frozen=True)
class Quality:
    # Distribution thresholds the suites read as parameters (README, "Data-quality reports"); in the shipped
    # suites a breach is a warning: the run publishes and the report shows it.
    min_title_share: float = 0.5  # articles with a title
    max_low_share: float = 0.9  # articles labelled low
    max_duplicate_share: float = 0.6  # duplicates / (articles + duplicates)
    max_flag_share: float = 0.2  # articles carrying any one text flag
    # Per-outlet health against the outlet's own recent runs (newsclean.outputs.health).
    health_runs: int = 5  # previous runs an outlet is compared with
    health_min_articles: int = 10  # an outlet is watched once its median count over those runs reaches this
    health_count_drop: float = 0.5  # warn when its count falls under this share of that median
    health_field_drop: float = 0.3  # warn when a field's completeness or a flag rate moves by this much
    # Runs whose validation results stay in the GX Data Docs (reports/data_docs).
    keep_validations: int = 10


@dataclass(frozen=True)
class Splits:
    # Outlet-disjoint train / validation / test splits (newsclean.stages.dataset_splits): off by default.
    enabled: bool = False
    validation: float = 0.1  # share of outlets
    test: float = 0.1
    seed: str = "newsclean"


@dataclass(frozen=True)
class Layout:
    # Parquet layout of the published tables (newsclean.outputs.publish).  Rows per row group: the unit readers skip
    # by statistics (articles are sorted by `published`, so a row group spans a short stretch of dates).
    row_group_rows: int = 50_000
    # "none": one file per table; "year" or "month": the articles in one file per publication year or month
    # (part-2025-08.parquet, undated ones in part-undated.parquet), in the same folder, read as one dataset.
    partition: str = "none"

    def __post_init__(self) -> None:
        if self.partition not in PARTITIONS:
            raise ConfigError(f"layout.partition must be one of {', '.join(PARTITIONS)}, got {self.partition!r}")


PARTITIONS = ("none", "year", "month")


@dataclass(frozen=True)
class Schedule:
    # `newsclean serve`: the deployment's name and its cron schedule (server time zone: UTC).
    deployment: str = "newsclean-daily"
    cron: str = "0 6 * * *"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = DEFAULT_RAW_DIR
    out_dir: Path = DEFAULT_OUT_DIR
    expectations_dir: Path = DEFAULT_EXPECTATIONS_DIR
    # Files per ingest task: large enough that Prefect's per-task overhead
    # (milliseconds) is small against the work, small enough to show progress.
    files_per_batch: int = 500
    # ... and raw bytes per task, whichever comes first: one file of a million lines must not make a batch of
    # hundreds of MB (a worker holds its batch's documents and rows in memory).
    bytes_per_batch: int = 16_000_000
    # Processes for the per-file work (ingest, language, split); 0: one per core.  Batches are the unit.
    workers: int = 0
    # Published releases kept under out_dir/releases, the current one included.
    keep_releases: int = 3
    # Seconds a superseded release stays after `current` leaves it, even beyond keep_releases: a reader that
    # resolved `current` before the switch finishes its query on files that are still there (newsclean.outputs.publish).
    release_grace_seconds: int = 3600
    # Seconds a run waits for another run on the same output folder before refusing (0: refuse at once).
    lock_wait: int = 0
    limits: Limits = field(default_factory=Limits)
    discover: Discover = field(default_factory=Discover)
    dedup: Dedup = field(default_factory=Dedup)
    reliability: Reliability = field(default_factory=Reliability)
    quality: Quality = field(default_factory=Quality)
    schedule: Schedule = field(default_factory=Schedule)
    splits: Splits = field(default_factory=Splits)
    layout: Layout = field(default_factory=Layout)
    # [sources]: folders or globs -> the outlet their files come from (first matching entry wins).
    sources: tuple[Source, ...] = ()

    def with_paths(self, raw_dir: Path | None = None, out_dir: Path | None = None) -> Settings:
        changes: dict[str, Any] = {}
        if raw_dir is not None:
            changes["raw_dir"] = Path(raw_dir)
        if out_dir is not None:
            changes["out_dir"] = Path(out_dir)
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        plain: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "sources":
                plain[f.name] = {
                    one.pattern: {
                        k: v for k, v in (("sitename", one.sitename), ("domain", one.domain)) if v is not None
                    }
                    for one in value
                }
                continue
            if is_dataclass(value):
                value = {g.name: _plain(getattr(value, g.name)) for g in fields(value)}
            plain[f.name] = _plain(value)
        return plain

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        return _from_dict(cls, data, base_dir=Path.cwd())


_PATH_KEYS = {"raw_dir", "out_dir", "expectations_dir"}


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _from_dict(cls: type, data: dict[str, Any], base_dir: Path, prefix: str = "") -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"unknown configuration key(s): {', '.join(prefix + k for k in unknown)}")
    values: dict[str, Any] = {}
    for name, value in data.items():
        default = getattr(cls(), name)
        key = prefix + name
        if key == "sources":
            values[name] = _sources(value)
        elif is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"[{key}] must be a table")
            values[name] = _from_dict(type(default), value, base_dir, prefix=f"{name}.")
        elif name in _PATH_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{key} must be a path string")
            path = Path(value).expanduser()
            values[name] = path if path.is_absolute() else (base_dir / path)
        elif isinstance(default, tuple):
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{key} must be a list of strings")
            if key in _PATH_LIST_KEYS:
                value = [str(p if (p := Path(v).expanduser()).is_absolute() else base_dir / p) for v in value]
            values[name] = tuple(value)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{key} must be true or false, got {value!r}")
            values[name] = value
        elif isinstance(default, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
            if not 0 < value <= 1:
                raise ConfigError(f"{key} must be in (0, 1], got {value}")
            values[name] = float(value)
        elif isinstance(default, bool) or not isinstance(value, type(default)) or isinstance(value, bool):
            raise ConfigError(f"{key} must be {type(default).__name__}, got {value!r}")
        else:
            if isinstance(value, int) and (value < 0 if key in _ZERO_ALLOWED else value <= 0):
                raise ConfigError(f"{key} must be {'0 or more' if key in _ZERO_ALLOWED else 'positive'}, got {value}")
            values[name] = value
    return cls(**values)


def _sources(data: Any) -> tuple[Source, ...]:
    """[sources] as a table of pattern = { sitename = "...", domain = "..." } (either or both): ConfigError on any
    other shape, and on a domain that is not a bare host name."""
    if not isinstance(data, dict):
        raise ConfigError('[sources] must be a table: "bbc/**" = { sitename = "BBC News", domain = "bbc.co.uk" }')
    sources = []
    for pattern, outlet in data.items():
        if not isinstance(outlet, dict) or not outlet or set(outlet) - {"sitename", "domain"}:
            raise ConfigError(f'sources."{pattern}" must be a table with sitename and/or domain, got {outlet!r}')
        for name, value in outlet.items():
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f'sources."{pattern}".{name} must be a non-empty string, got {value!r}')
        domain = outlet.get("domain")
        if domain is not None and not _HOST.fullmatch(domain.strip().lower()):
            raise ConfigError(f'sources."{pattern}".domain must be a host name such as bbc.co.uk, got {domain!r}')
        sources.append(
            Source(pattern, (outlet.get("sitename") or "").strip() or None, domain.strip().lower() if domain else None)
        )
    return tuple(sources)


_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def check_folders(settings: Settings) -> None:
    """Refuse folders a run could damage: it writes, replaces and prunes under ``out_dir`` (releases, cache,
    scratch), so the output must not be the raw folder, hold it or sit inside it (where the next run would read
    it as input), nor be a filesystem root or the home folder.  Compared after resolving links; ConfigError."""
    raw, out = Path(settings.raw_dir).expanduser().resolve(), Path(settings.out_dir).expanduser().resolve()
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError):  # no home folder known
        home = None
    if out == raw:
        problem = "they are the same folder"
    elif out == Path(out.anchor):
        problem = "the output folder is a filesystem root"
    elif out == home:
        problem = "the output folder is the home folder"
    elif out.is_relative_to(raw):
        problem = "the output folder is inside the raw folder"
    elif raw.is_relative_to(out):
        problem = "the raw folder is inside the output folder"
    else:
        return
    raise ConfigError(
        f"output folder {out} and raw folder {raw} overlap or are unsafe: {problem}; "
        "choose an output folder of its own (newsclean writes, replaces and prunes files in it)"
    )


_ZERO_ALLOWED = {
    "workers",
    "dedup.workers",
    "lock_wait",  # 0: one worker per core / refuse at once
    "release_grace_seconds",
}  # 0: a superseded release goes as soon as it is beyond keep_releases
_PATH_LIST_KEYS = {"reliability.domain_scores", "reliability.mbfc", "reliability.domain_lists"}


def load_settings(config_file: Path | None = None) -> Settings:
    """Defaults, overridden by a TOML file whose relative paths are read from the file's folder."""
    if config_file is None:
        return Settings()
    config_file = Path(config_file)
    try:
        data = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {config_file}: {exc}") from exc
    return _from_dict(Settings, data, base_dir=config_file.resolve().parent)
