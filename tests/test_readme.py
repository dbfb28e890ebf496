"""The README and docs/ stay true: the two commands first, the first screen runs, every column, reason code and
setting documented, every link to docs/ resolves."""

import re
from dataclasses import fields, is_dataclass

import pytest
from conftest import REPO

from newsclean.core import schema
from newsclean.core.config import Settings

README = (REPO / "README.md").read_text(encoding="utf-8")
SCHEMA_DOC = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```\w*\n(.*?)```", README, re.S).group(1)
    assert first_block.split("\n")[:2] == ["make run", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("table", sorted(schema.TABLES))
def test_every_column_is_documented_with_its_type(table):
    for name, type_, nullable, _ in schema.describe(table):
        assert f"| `{name}` | `{type_}` | {'yes' if nullable else 'no'} |" in SCHEMA_DOC, f"{table}.{name}"


def test_every_reason_code_and_setting_is_documented():
    for code in schema.QUARANTINE_REASONS:
        assert f"| `{code}` |" in SCHEMA_DOC
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
    assert f"schema version **{schema.SCHEMA_VERSION}**" in SCHEMA_DOC


def test_schema_reference_is_generated_from_the_schema_module():
    # Regenerate with: .venv/bin/python -c "from newsclean.core.schema import markdown; print(markdown())"
    assert schema.markdown() in SCHEMA_DOC


FIRST_SCREEN = README[README.index("<!-- first-screen:") : README.index("<!-- first-screen end -->")]


@pytest.mark.flow
def test_the_first_screen_runs_as_written_on_a_folder_of_ones_own(tmp_path):
    """The README's first screen, exactly: its shell lines on a folder under ~ (HOME is a temporary folder holding
    a copy of data/raw), then its Python, which must load the articles and print them."""
    import os
    import shutil
    import subprocess
    import sys

    shell = re.findall(r"```sh\n(.*?)```", FIRST_SCREEN, re.S)
    python = re.findall(r"```python\n(.*?)```", FIRST_SCREEN, re.S)
    assert shell and python
    shutil.copytree(REPO / "data" / "raw", tmp_path / "news" / "raw", symlinks=True)
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_RESULTS_LOCAL_STORAGE_PATH": str(tmp_path / "prefect" / "storage"),
    }
    env.pop("PREFECT_API_URL", None)
    for block in shell:
        done = subprocess.run(
            ["bash", "-e", "-c", block], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
    for block in python:
        done = subprocess.run(
            [sys.executable, "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert "source_file" in done.stdout and "reliability_label" in done.stdout


def test_the_example_row_is_what_the_pipeline_makes_of_data_raw(sample_tables):
    header, _, row = [
        line for line in README.split("One row of `articles`", 1)[1].splitlines() if line.startswith("|")
    ][:3]
    names = [c.strip() for c in header.strip("|").split("|")]
    shown = dict(zip(names, (c.strip() for c in row.strip("|").split("|"))))
    articles = sample_tables[0]["articles"]
    assert f"{articles.num_columns} columns in all" in README
    got = next(r for r in articles.to_pylist() if r["source_file"] == shown["source_file"])
    assert got["title"] == shown["title"] and ", ".join(got["authors"]) == shown["authors"]
    assert got["published"].strftime("%Y-%m-%d") == shown["published"] and got["sitename"] == shown["sitename"]
    assert (got["language"], str(got["duplicate_count"]), got["reliability_label"]) == (
        shown["language"],
        shown["duplicate_count"],
        shown["reliability_label"],
    )


def test_every_link_to_a_local_file_resolves():
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name} links to {target}"


def test_the_command_lines_name_every_command_and_option_the_cli_has_and_no_other():
    """'The command' block of the README against the CLI itself (typer's click commands)."""
    import typer.main

    from newsclean.cli import app

    block = re.search(r"## The command\n\n```\n(.*?)```", README, re.S).group(1)
    documented = {}
    for line in block.splitlines():
        words = line.split()
        if len(words) > 1 and not words[1].startswith("-"):
            documented[words[1]] = set(re.findall(r"\[(--[a-z-]+)", line))
    group = typer.main.get_command(app)
    assert set(documented) == set(group.commands)
    for name, command in group.commands.items():
        options = {opt for param in command.params for opt in getattr(param, "opts", []) if opt.startswith("--")}
        assert documented[name] == options - {"--help"}, name
