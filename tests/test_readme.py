"""The README stays true: the two commands first, every column, reason code and setting documented."""

import re
from dataclasses import fields, is_dataclass

import pytest

from conftest import REPO
from newsclean import schema
from newsclean.config import Settings

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```\w*\n(.*?)```", README, re.S).group(1)
    assert first_block.split("\n")[:2] == ["make run", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("table", sorted(schema.TABLES))
def test_every_column_is_documented_with_its_type(table):
    for name, type_, nullable, _ in schema.describe(table):
        assert f"| `{name}` | `{type_}` | {'yes' if nullable else 'no'} |" in README, f"{table}.{name}"


def test_every_reason_code_and_setting_is_documented():
    for code in schema.QUARANTINE_REASONS:
        assert f"| `{code}` |" in README
    defaults = Settings()
    for f in fields(Settings):
        value = getattr(defaults, f.name)
        if is_dataclass(value):
            assert f"[{f.name}]" in README, f.name
            for g in fields(value):
                assert re.search(rf"^{g.name} = ", README, re.M), f"{f.name}.{g.name}"
        elif f.name == "sources":  # a table of glob = outlet entries, not one key
            assert re.search(r"^\[sources\]", README, re.M)
        else:
            assert re.search(rf"^{f.name} = ", README, re.M), f.name
    assert f"schema version **{schema.SCHEMA_VERSION}**" in README


def test_schema_reference_is_generated_from_the_schema_module():
    # Regenerate with: .venv/bin/python -c "from newsclean.schema import markdown; print(markdown())"
    assert schema.markdown() in README
