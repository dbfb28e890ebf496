"""The published dataset loads in every reader researchers use, in both layouts, with the schema's types.

pandas, pyarrow.dataset, Polars and DuckDB come with the test dependencies; PySpark (local mode, Java 17)
and Hugging Face ``datasets`` are installed by ``make test`` only (the ``readers`` extra).  Each reader
must see every row and the types of timestamps, lists, structs and lists of structs.  The layout tests
show that a filter on one month reads only that month's row groups.
"""

import os
import re
import shutil
from datetime import datetime

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from conftest import RAW

from newsclean.core.schema import TABLES
from newsclean.outputs.publish import current_release, table_file

pytestmark = pytest.mark.flow

LAYOUTS = {
    # Row groups of three rows: the sample's months hold one to three dated articles each.
    "one-file": {"layout": {"row_group_rows": 3}},
    "monthly-files": {"layout": {"partition": "month"}},
}


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def published(request, flow_module, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"readers-{request.param}")
    summary = flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(out), config=LAYOUTS[request.param])
    counts = summary["counts"]
    rows = {
        "articles": counts["articles"],
        "duplicates": counts["duplicates"],
        "quarantine": counts["documents_quarantined"] + counts["files_quarantined"],
    }
    return request.param, out, rows


def _months(out) -> dict[str, int]:
    published = pq.read_table(out / "articles", columns=["published"]).column("published").to_pylist()
    months: dict[str, int] = {}
    for value in published:
        if value is not None:
            months[f"{value:%Y-%m}"] = months.get(f"{value:%Y-%m}", 0) + 1
    return months


def test_the_layout_on_disk(published):
    layout, out, rows = published
    run_id = current_release(out)
    files = sorted(p.name for p in (out / "articles").iterdir())
    if layout == "monthly-files":  # part-2025-08-<run_id>.parquet, ...: no other release uses these names
        assert files == sorted([table_file(m, run_id) for m in _months(out)] + [table_file("undated", run_id)])
    else:
        assert files == [table_file("00000", run_id)]
        metadata = pq.ParquetFile(out / "articles" / files[0]).metadata
        assert metadata.num_row_groups == -(-rows["articles"] // 3)
    first = pq.ParquetFile(out / "articles" / files[0])
    columns = {first.metadata.schema.column(i).name: i for i in range(first.metadata.num_columns)}
    chunk = first.metadata.row_group(0).column
    # Statistics where readers filter; dictionaries for the low-cardinality columns only, not for texts.
    assert chunk(columns["published"]).statistics.has_min_max
    assert chunk(columns["reliability_score"]).statistics is not None
    assert "RLE_DICTIONARY" in chunk(columns["sitename"]).encodings
    assert "RLE_DICTIONARY" not in chunk(columns["text"]).encodings
    # Sorted by date: the undated rows come last.
    published_values = pq.read_table(out / "articles", columns=["published"]).column("published").to_pylist()
    dated = [v for v in published_values if v is not None]
    assert dated == sorted(dated) and published_values[: len(dated)] == dated


@pytest.mark.parametrize("table", sorted(TABLES))
def test_pandas_pyarrow_polars_and_duckdb_read_every_row_and_column(published, table):
    _, out, rows = published
    folder = out / table
    arrow = ds.dataset(folder, format="parquet").to_table()
    assert arrow.schema.remove_metadata().equals(TABLES[table].remove_metadata(), check_metadata=False)
    assert arrow.num_rows == rows[table]
    frame = pd.read_parquet(folder)
    assert list(frame.columns) == TABLES[table].names and len(frame) == rows[table]
    lazy = pl.scan_parquet(str(folder / "*.parquet"))
    assert lazy.collect_schema().names() == TABLES[table].names
    assert lazy.select(pl.len()).collect().item() == rows[table]
    con = duckdb.connect()
    assert con.execute(f"select count(*) from read_parquet('{folder}/*.parquet')").fetchone()[0] == rows[table]
    names = [r[0] for r in con.execute(f"describe select * from read_parquet('{folder}/*.parquet')").fetchall()]
    assert names == TABLES[table].names


def test_pandas_and_polars_types(published):
    _, out, _ = published
    frame = pd.read_parquet(out / "articles")
    assert str(frame["published"].dtype) == "datetime64[us]"
    assert str(frame["processed_at"].dtype) == "datetime64[us, UTC]"
    assert frame["word_count"].dtype == "int32"
    with_extra = frame[frame["extra"].map(len) > 0]
    assert len(with_extra) and set(with_extra["extra"].iloc[0][0]) == {"key", "value"}
    polars = pl.read_parquet(str(out / "articles" / "*.parquet"))
    assert polars.schema["published"] == pl.Datetime("us")
    assert polars.schema["processed_at"] == pl.Datetime("us", "UTC")
    assert polars.schema["authors"] == pl.List(pl.String)
    assert polars.schema["extra"] == pl.List(pl.Struct({"key": pl.String, "value": pl.String}))
    assert isinstance(polars.schema["reliability_signals"].inner, pl.Struct)


def test_duckdb_types_and_the_map_back(published):
    _, out, rows = published
    con = duckdb.connect()
    source = f"read_parquet('{out}/articles/*.parquet')"
    types = dict(con.execute(f"select column_name, column_type from (describe select * from {source})").fetchall())
    assert types["published"] == "TIMESTAMP" and types["processed_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == "VARCHAR[]" and types["reliability_score"] == "FLOAT"
    assert types["reliability_signals"].startswith("STRUCT(") and types["reliability_signals"].endswith("[]")
    assert types["extra"] == 'STRUCT("key" VARCHAR, "value" VARCHAR)[]'
    mapped = con.execute(f"select typeof(map_from_entries(extra)) from {source} limit 1").fetchone()[0]
    assert mapped == "MAP(VARCHAR, VARCHAR)"


def _scanned_row_groups(con, source: str, start: str, end: str) -> tuple[int, int, int]:
    plan = con.execute(
        f"explain analyze select count(*) from {source} "
        f"where published >= timestamp '{start}' and published < timestamp '{end}'"
    ).fetchall()[0][1]
    scanned = re.search(r"Row Groups Scanned:\s*(\d+)\s*/\s*(\d+)", plan)
    assert scanned, plan
    count = con.execute(
        f"select count(*) from {source} where published >= timestamp '{start}' and published < timestamp '{end}'"
    ).fetchone()[0]
    return int(scanned.group(1)), int(scanned.group(2)), count


def test_duckdb_reads_only_the_row_groups_of_the_month_asked_for(published):
    layout, out, _ = published
    months = _months(out)
    month = max(months, key=lambda m: (months[m], m))  # the fullest month: the hardest case for one-file groups
    start = datetime.strptime(month, "%Y-%m")
    end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    # The row groups whose published statistics overlap the month: what a reader that prunes must read.
    needed = total = 0
    for path in sorted((out / "articles").iterdir()):
        metadata = pq.ParquetFile(path).metadata
        index = [metadata.schema.column(i).name for i in range(metadata.num_columns)].index("published")
        for g in range(metadata.num_row_groups):
            total += 1
            stats = metadata.row_group(g).column(index).statistics
            needed += bool(stats is not None and stats.has_min_max and stats.min < end and stats.max >= start)
    con = duckdb.connect()
    scanned, of, count = _scanned_row_groups(con, f"read_parquet('{out}/articles/*.parquet')", f"{start}", f"{end}")
    assert count == months[month]
    assert of == total and scanned == needed and scanned < total
    if layout == "monthly-files":
        assert scanned == 1  # one month's file, one row group: no other month's data is read


@pytest.fixture(scope="module")
def spark():
    pyspark = pytest.importorskip("pyspark", reason="PySpark is installed by `make test` (the readers extra)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("PySpark needs Java 17: no java on PATH and no JAVA_HOME")
    session = (
        pyspark.sql.SparkSession.builder.master("local[1]")
        .appName("newsclean-readers")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_reads_every_row_with_its_types(published, spark):
    _, out, rows = published
    for table in TABLES:
        frame = spark.read.parquet(str(out / table))
        assert frame.columns == TABLES[table].names and frame.count() == rows[table], table
    articles = spark.read.parquet(str(out / "articles"))
    types = {f.name: f.dataType.simpleString() for f in articles.schema.fields}
    assert types["published"] == "timestamp_ntz" and types["processed_at"] == "timestamp"
    assert types["authors"] == "array<string>" and types["extra"] == "array<struct<key:string,value:string>>"
    assert types["reliability_signals"].startswith("array<struct<")
    assert types["word_count"] == "int" and types["reliability_score"] == "float"
    first = articles.where("published is not null").orderBy("published").first()
    expected = pq.read_table(out / "articles", columns=["published"]).column("published")[0].as_py()
    assert first["published"] == expected  # no zone shift: published is wall-clock time


def test_hugging_face_datasets_loads_it_offline(published, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    datasets = pytest.importorskip(
        "datasets", reason="Hugging Face datasets is installed by `make test` (the readers extra)"
    )
    _, out, rows = published
    for table in TABLES:
        loaded = datasets.load_dataset(
            "parquet", data_files=str(out / table / "*.parquet"), split="train", cache_dir=str(tmp_path / "hf-cache")
        )
        assert loaded.column_names == TABLES[table].names and loaded.num_rows == rows[table], table
    articles = datasets.load_dataset(
        "parquet", data_files=str(out / "articles" / "*.parquet"), split="train", cache_dir=str(tmp_path / "hf-cache")
    )
    features = articles.features
    assert features["published"].dtype == "timestamp[us]"
    assert features["processed_at"].dtype == "timestamp[us, tz=UTC]"
    assert features["word_count"].dtype == "int32"
    arrow = articles.data.table
    assert arrow.schema.field("authors").type == pa.list_(pa.string())
    assert pa.types.is_struct(arrow.schema.field("extra").type.value_type)
    assert pa.types.is_struct(arrow.schema.field("reliability_signals").type.value_type)
    with_extra = [row for row in articles if row["extra"]]
    assert with_extra and set(with_extra[0]["extra"][0]) == {"key", "value"}


def test_the_card_lists_exactly_the_columns_of_every_file_and_says_how_they_are_laid_out(published):
    layout, out, _ = published
    card = (out / "README.md").read_text(encoding="utf-8")
    for table in TABLES:
        section = card.split(f"### `{table}`", 1)[1].split("### ", 1)[0]
        listed = re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M)
        for path in sorted((out / table).iterdir()):
            assert listed == pq.read_schema(path).names, (table, path.name)
    if layout == "monthly-files":
        assert "one per publication month" in card and "`articles/part-undated-<run_id>.parquet`" in card
    else:
        assert "`articles/part-00000-<run_id>.parquet`" in card and "row groups of 3 rows" in card
    assert f"Release `{current_release(out)}`" in card and "resolve `current` once" in card
