"""Paths and settings, in one place.

Settings come from, in increasing priority: the defaults below, a TOML file
(``--config FILE``), and the CLI's ``--raw`` / ``--out`` options.  Every key
of the TOML file is documented in the README ("Configuration"); an unknown
key is an error, so a typo never passes silently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = DEFAULT_RAW_DIR
    out_dir: Path = DEFAULT_OUT_DIR
    expectations_dir: Path = DEFAULT_EXPECTATIONS_DIR
    # Files per ingest task: large enough that Prefect's per-task overhead
    # (milliseconds) is small against the work, small enough to show progress.
    files_per_batch: int = 500
    # Published releases kept under out_dir/releases, the current one included.
    keep_releases: int = 3
    limits: Limits = field(default_factory=Limits)

    def with_paths(self, raw_dir: Path | None = None, out_dir: Path | None = None) -> "Settings":
        changes: dict[str, Any] = {}
        if raw_dir is not None:
            changes["raw_dir"] = Path(raw_dir)
        if out_dir is not None:
            changes["out_dir"] = Path(out_dir)
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        plain = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "limits"}
        plain = {k: str(v) if isinstance(v, Path) else v for k, v in plain.items()}
        plain["limits"] = {f.name: getattr(self.limits, f.name) for f in fields(Limits)}
        return plain

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Settings":
        return _from_dict(cls, data, base_dir=Path.cwd())


_PATH_KEYS = {"raw_dir", "out_dir", "expectations_dir"}


def _from_dict(cls: type, data: dict[str, Any], base_dir: Path, prefix: str = "") -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"unknown configuration key(s): {', '.join(prefix + k for k in unknown)}")
    values: dict[str, Any] = {}
    for name, value in data.items():
        default = getattr(cls(), name)
        if isinstance(default, Limits):
            if not isinstance(value, dict):
                raise ConfigError(f"[{prefix}{name}] must be a table")
            values[name] = _from_dict(Limits, value, base_dir, prefix=f"{name}.")
        elif name in _PATH_KEYS:
            if not isinstance(value, str):
                raise ConfigError(f"{prefix}{name} must be a path string")
            path = Path(value).expanduser()
            values[name] = path if path.is_absolute() else (base_dir / path)
        elif isinstance(default, bool) or not isinstance(value, type(default)) or isinstance(value, bool):
            raise ConfigError(f"{prefix}{name} must be {type(default).__name__}, got {value!r}")
        else:
            if isinstance(value, int) and value <= 0:
                raise ConfigError(f"{prefix}{name} must be positive, got {value}")
            values[name] = value
    return cls(**values)


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
