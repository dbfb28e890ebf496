from pathlib import Path

import pytest

from newsclean.core.config import DEFAULT_RAW_DIR, ConfigError, Settings, load_settings


def test_defaults_point_into_the_repository():
    settings = load_settings(None)
    assert settings.raw_dir == DEFAULT_RAW_DIR and settings.raw_dir.name == "raw"
    assert settings.limits.max_decompressed_bytes > settings.limits.max_file_bytes


def test_file_overrides_and_relative_paths_are_read_from_the_file_folder(tmp_path):
    config = tmp_path / "conf" / "newsclean.toml"
    config.parent.mkdir()
    config.write_text('raw_dir = "../corpus"\nfiles_per_batch = 7\n[limits]\nmax_file_bytes = 1000\n')
    settings = load_settings(config)
    assert settings.raw_dir == tmp_path / "conf" / ".." / "corpus"
    assert settings.files_per_batch == 7
    assert settings.limits.max_file_bytes == 1000
    assert settings.limits.max_document_chars == 5_000_000


@pytest.mark.parametrize(
    "text, message",
    [
        ("raw_dri = 'x'", "unknown configuration key"),
        ("[limits]\nmax_bytes = 3", "limits.max_bytes"),
        ("files_per_batch = 'many'", "must be int"),
        ("files_per_batch = 0", "must be positive"),
        ("keep_releases = true", "must be int"),
        ("limits = 3", "must be a table"),
        ("not toml at all [", "cannot read config"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path, text, message):
    config = tmp_path / "c.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(config)


def test_settings_round_trip_through_a_plain_dict(tmp_path):
    settings = Settings().with_paths(raw_dir=tmp_path / "in", out_dir=tmp_path / "out")
    again = Settings.from_dict(settings.to_dict())
    assert again == settings
    assert isinstance(again.raw_dir, Path)
