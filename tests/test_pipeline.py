"""The pipeline's shape: the stage contract (checked when the pipeline is built and on every stage call), and
the layering (stages never import Prefect; lower layers never import higher ones)."""

import ast
from pathlib import Path

import pyarrow as pa
import pytest

from newsclean.core import schema
from newsclean.core.contract import ContractError, Pipeline, Stage, columns_of
from newsclean.pipeline import PIPELINE, STAGES, producers

SRC = Path(__file__).resolve().parents[1] / "src" / "newsclean"


# ----------------------------------------------------------------------------------------- the real pipeline


def test_every_published_column_has_exactly_one_producing_stage():
    assert [c for c in schema.ARTICLES.names if len(producers(c)) != 1] == []
    assert PIPELINE.producer("sitename") == "split" and PIPELINE.producer("article_id") == "dedup"
    assert PIPELINE.producer("no_such_column") is None


def test_the_pipeline_ends_with_the_published_columns_exactly():
    assert PIPELINE.columns_after(STAGES[-1].name) == frozenset(schema.ARTICLES.names)
    # the internal columns split consumes are gone after it; dedup's signatures are dropped by publish
    assert "document" in PIPELINE.columns_after("language") and "document" not in PIPELINE.columns_after("split")
    assert "minhash" in PIPELINE.columns_after("splits")


def test_stage_names_are_the_progress_and_quarantine_stage_names():
    names = [s.name for s in STAGES]
    assert set(schema.QUARANTINE_STAGES) <= set(names)


# ----------------------------------------------------------------------------------------- the definition


def _stage(name, reads=(), adds=(), updates=(), drops=(), run=lambda table: table):
    return Stage(name, run, reads=reads, adds=adds, updates=updates, drops=drops)


PUBLISHED = ("a", "b", "c")


def test_a_well_formed_pipeline_is_accepted():
    pipeline = Pipeline(
        [_stage("one", adds=("a", "x")), _stage("two", reads=("a",), adds=("b", "c"), drops=("x",))],
        published=PUBLISHED,
        internal={"x"},
    )
    assert pipeline.producer("b") == "two" and pipeline["one"].adds == ("a", "x")


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ([_stage("one", adds=PUBLISHED), _stage("two", reads=("z",))], r"'two' reads \['z'\], which no earlier"),
        ([_stage("one", adds=("a", "b")), _stage("two", reads=("c",), adds=("c",))], r"'two' reads \['c'\]"),
        ([_stage("one", adds=PUBLISHED), _stage("two", adds=("y",))], r"'two' adds 'y', neither published nor"),
        ([_stage("one", adds=("a", "b"))], r"published column\(s\) without a producing stage: \['c'\]"),
        ([_stage("one", adds=PUBLISHED), _stage("two", adds=("a",))], r"'a' is added by both 'one' and 'two'"),
        ([_stage("one", adds=PUBLISHED), _stage("two", updates=("q",))], r"'two' updates \['q'\]"),
        ([_stage("one", adds=PUBLISHED), _stage("two", drops=("a",))], r"has dropped published \['a'\]"),
        ([_stage("one", adds=(*PUBLISHED, "x"))], r"leaves \['x'\] unpublished"),
        ([_stage("one", adds=PUBLISHED), _stage("one")], r"stage names repeat"),
    ],
    ids=[
        "undeclared-read",
        "read-before-produced",
        "undeclared-add",
        "no-producer",
        "two-producers",
        "update-of-nothing",
        "published-dropped",
        "internal-left-over",
        "repeated-name",
    ],
)
def test_a_malformed_pipeline_is_refused_when_built(stages, message):
    with pytest.raises(ContractError, match=message):
        Pipeline(stages, published=PUBLISHED, internal={"x"})


# ----------------------------------------------------------------------------------------- a stage's run


def _table(**columns):
    return pa.table({name: pa.array(values) for name, values in columns.items()})


def test_a_stage_call_returns_what_run_returns_when_the_columns_hold():
    add_b = Stage("add_b", lambda t: t.append_column("b", pa.array([2])), reads=("a",), adds=("b",))
    assert add_b(_table(a=[1])).column_names == ["a", "b"]


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (lambda t: t, r"\[\] added without being declared, \['b'\] declared or read but missing"),
        (lambda t: t.append_column("b", pa.array([2])).append_column("c", pa.array([3])), r"\['c'\] added without"),
        (lambda t: t.drop_columns(["a"]).append_column("b", pa.array([2])), r"\['a'\] declared or read but missing"),
    ],
    ids=["declared-add-missing", "undeclared-add", "undeclared-drop"],
)
def test_a_stage_whose_output_breaks_its_contract_raises(run, message):
    with pytest.raises(ContractError, match=message):
        Stage("add_b", run, reads=("a",), adds=("b",))(_table(a=[1]))


def test_a_stage_given_rows_without_a_column_it_reads_raises_before_running():
    ran = []
    stage = Stage("needs_a", lambda t: ran.append(t) or t, reads=("a",))
    with pytest.raises(ContractError, match=r"'needs_a' got rows without the column\(s\) it reads: \['a'\]"):
        stage(_table(b=[1]))
    assert ran == []


def test_columns_in_a_row_store_count_when_the_table_points_into_it(tmp_path):
    from newsclean.runtime.rowstore import Rows, RowStore

    table, store = RowStore.of_table(_table(a=[1, 2], text=["x", "y"]), ["text"], tmp_path, rows_per_part=1)
    rows = Rows(table, (store,))
    assert "text" not in table.column_names and columns_of(rows) == {"a", "text"} == set(rows.column_names)
    assert columns_of(table) == {"a"}  # without the store: the locator column alone, never a column
    assert rows.store_with("text") is store and rows.texts([1, 0]) == ["y", "x"]
    reads_text = Stage("reads_text", lambda r: r, reads=("text",))
    assert reads_text(rows) is rows
    with pytest.raises(ContractError):
        reads_text(table)  # the same table without its store has no text
    lost = Stage("loses_its_store", lambda r: r.table, reads=("text",))
    with pytest.raises(ContractError, match=r"\['text'\] declared or read but missing"):
        lost(rows)


# ----------------------------------------------------------------------------------------- layering


def imported_modules(path: Path, level: int = 1) -> set[str]:
    """The modules ``path`` imports, absolute imports only, cut to their first ``level`` dotted parts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(".".join(alias.name.split(".")[:level]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(".".join(node.module.split(".")[:level]))
    return names


def test_no_stage_module_imports_prefect():
    offenders = {p.name for p in SRC.rglob("*.py") if {"prefect", "prefect_dask", "flows"} & imported_modules(p)}
    assert offenders == set()


# What each layer may import of newsclean: core nothing above it, runtime only core, stages no output.
LAYERS = {
    "core": {"newsclean.core"},
    "runtime": {"newsclean.core", "newsclean.runtime"},
    "stages": {"newsclean.core", "newsclean.runtime", "newsclean.stages"},
}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_lower_layers_import_no_higher_one(layer):
    allowed = LAYERS[layer] | {"newsclean"}
    offenders = {}
    for path in (SRC / layer).rglob("*.py"):
        found = sorted(m for m in imported_modules(path, 2) if m.startswith("newsclean") and m not in allowed)
        if found:
            offenders[path.relative_to(SRC).as_posix()] = found
    assert offenders == {}


def test_the_scan_sees_imports(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text(
        "import prefect.tasks\nfrom prefect import flow\nfrom . import local\nfrom newsclean.stages.split import x\n"
    )
    assert imported_modules(sample) == {"prefect", "newsclean"}
    assert imported_modules(sample, 2) == {"prefect.tasks", "prefect", "newsclean.stages"}
