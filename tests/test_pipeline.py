"""src/newsclean never imports Prefect: stages must not know how they are scheduled."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "newsclean"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_stage_module_imports_prefect():
    offenders = {p.name for p in SRC.rglob("*.py") if {"prefect", "prefect_dask", "flows"} & imported_modules(p)}
    assert offenders == set()


def test_the_scan_sees_imports(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("import prefect.tasks\nfrom prefect import flow\nfrom . import local\n")
    assert imported_modules(sample) == {"prefect"}
