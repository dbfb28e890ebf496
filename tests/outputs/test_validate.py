import json
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from conftest import EXPECTATIONS, build_tables, suites_with

from newsclean.outputs.validate import SuiteError, validate_tables
from newsclean.stages.plausible_dates import FLAG, set_aside_implausible_dates


def test_sample_tables_pass_every_suite(sample_tables):
    tables, run = sample_tables
    report = validate_tables(tables, EXPECTATIONS, run.started)
    assert report.success, [o.line() for o in report.blocking_failures]
    assert len(report.outcomes) > 40
    assert {o.table for o in report.outcomes} == {"articles", "duplicates", "quarantine"}


def _replace(table: pa.Table, name: str, values) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, table.schema.field(name), pa.array(values, table.schema.field(name).type))


def test_broken_tables_fail_with_the_expectation_named(sample_tables):
    tables, run = sample_tables
    articles = tables["articles"]
    ids = articles.column("article_id").to_pylist()
    bad = dict(tables)
    bad["articles"] = _replace(articles, "article_id", [ids[0]] + ids[:-1])  # a repeated id
    duplicates = tables["duplicates"]
    bad["duplicates"] = _replace(duplicates, "duplicate_of", ["f" * 32] * duplicates.num_rows)  # dangling
    quarantine = tables["quarantine"]
    bad["quarantine"] = _replace(quarantine, "reason", ["made_up_reason"] * quarantine.num_rows)
    report = validate_tables(bad, EXPECTATIONS, run.started)
    failed = {(o.table, o.expectation, o.column) for o in report.blocking_failures}
    assert failed == {
        ("articles", "expect_column_values_to_be_unique", "article_id"),
        ("duplicates", "expect_column_values_to_not_be_in_set", "duplicate_of"),
        ("quarantine", "expect_column_values_to_be_in_set", "reason"),
    }
    assert not report.success


def test_a_future_date_left_in_the_table_is_blocking(sample_tables):
    # The date range is a pipeline guarantee (newsclean.stages.plausible_dates nulls such dates in every run): a table
    # that still holds one skipped that step, and is refused.
    tables, run = sample_tables
    articles = tables["articles"]
    published = articles.column("published")
    future = pc.if_else(
        pc.is_null(published),
        published,
        pa.scalar(run.started.replace(tzinfo=None, year=run.started.year + 1), pa.timestamp("us")),
    )
    bad = articles.set_column(articles.schema.get_field_index("published"), "published", future)
    bad = bad.set_column(bad.schema.get_field_index("modified"), "modified", future)
    report = validate_tables({**tables, "articles": bad}, EXPECTATIONS, run.started)
    assert [(o.expectation, o.column) for o in report.blocking_failures] == [
        ("expect_column_values_to_be_between", "published"),
        ("expect_column_values_to_be_between", "modified"),
    ]


BODY = (
    "The council met on Tuesday evening to discuss the {topic}, and members spoke for almost two hours before "
    "a vote was taken.\n\nResidents who attended said the {topic} had been promised for years, and that they "
    "would watch closely how the money is spent over the coming months.\n\nA spokesperson for the council said "
    "further details about the {topic} would be published on its website next week.\n"
)
IMPLAUSIBLE = {  # file -> (header lines, topic)
    "future.txt": ("Council approves new harbour wall\n\nBy Ada Pennington\n\n3 February 2099\n\n", "harbour wall"),
    "past.txt": ("Council reopens the old library\n\nBy Tomas Reyland\n\n12 May 1650\n\n", "library"),
    "updated.txt": (
        "Council widens the market square\n\nBy Ines Marlow\n\nUpdated 9 March 2099 at 10:00am\n\n2 January 2026\n\n",
        "market square",
    ),
    "plausible.txt": ("Council repaints the town hall\n\nBy Jon Ebberley\n\n3 February 2026\n\n", "town hall"),
}


def test_an_implausible_date_is_the_rows_problem_and_the_corpus_publishes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, (header, topic) in IMPLAUSIBLE.items():
        (raw / name).write_text(header + BODY.format(topic=topic), encoding="utf-8")
    tables, run = build_tables(raw)
    articles = set_aside_implausible_dates(tables["articles"], run.started)  # what the flow does before validation
    report = validate_tables({**tables, "articles": articles}, EXPECTATIONS, run.started)
    assert report.success, [o.line() for o in report.blocking_failures]
    # 3 rows of 4 flagged, over [quality] max_flag_share: the report shows it, the release goes out
    assert any(o.column == "text_flags" and FLAG in o.detail for o in report.warnings)
    rows = {r["source_file"]: r for r in articles.to_pylist()}
    assert set(rows) == set(IMPLAUSIBLE)
    for name, raw_date in (("future.txt", "3 February 2099"), ("past.txt", "12 May 1650")):
        row = rows[name]
        assert (row["published"], row["published_precision"], row["published_raw"]) == (None, None, raw_date), name
        assert FLAG in row["text_flags"] and raw_date not in row["text"], name
    updated = rows["updated.txt"]
    assert updated["modified"] is None and updated["published"] == datetime(2026, 1, 2)
    assert FLAG in updated["text_flags"]
    plausible = rows["plausible.txt"]
    assert plausible["published"] == datetime(2026, 2, 3) and FLAG not in plausible["text_flags"]


def test_warnings_do_not_block(sample_tables, tmp_path):
    tables, run = sample_tables
    suites = suites_with(
        tmp_path,
        "articles",
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10**9}, "severity": "warning"},
    )
    report = validate_tables(tables, suites, run.started)
    assert report.success and [o.expectation for o in report.warnings] == ["expect_table_row_count_to_be_between"]


def test_a_missing_suite_is_an_error_not_a_pass(sample_tables, tmp_path):
    tables, run = sample_tables
    with pytest.raises(SuiteError, match="articles.json"):
        validate_tables(tables, tmp_path, run.started)


def test_data_docs_are_built_and_old_runs_pruned(sample_tables, tmp_path):
    tables, run = sample_tables
    reports = tmp_path / "reports"
    for n in range(3):
        report = validate_tables(
            tables, EXPECTATIONS, run.started, reports_dir=reports, run_id=f"2026010{n + 1}T000000Z-abcdef", keep_runs=2
        )
        assert set(report.docs_pages) == {"articles", "duplicates", "quarantine"}
        assert all((reports / page).is_file() for page in report.docs_pages.values())
    kept = sorted(p.name for p in (reports / "data_docs" / "validations" / "articles").iterdir())
    assert kept == ["20260102T000000Z-abcdef", "20260103T000000Z-abcdef"]
    stored = sorted(p.name for p in (reports / "gx" / "uncommitted" / "validations" / "articles").iterdir())
    assert stored == kept
    index = (reports / "data_docs" / "index.html").read_text()
    assert "20260103T000000Z-abcdef" in index and "20260101T000000Z-abcdef" not in index


def test_distribution_thresholds_come_from_the_config(sample_tables):
    from newsclean.core.config import Quality

    tables, run = sample_tables
    strict = validate_tables(tables, EXPECTATIONS, run.started, Quality(min_title_share=1.0, max_duplicate_share=0.01))
    warned = {(o.table, o.expectation, o.column) for o in strict.warnings}
    assert ("articles", "expect_column_values_to_not_be_null", "title") in warned
    assert ("duplicates", "expect_table_row_count_to_be_between", None) in warned
    assert strict.success  # warnings only: the run would still publish
    title = next(o for o in strict.warnings if o.column == "title")
    assert title.examples and all(e["source_file"] for e in title.examples)


def test_every_text_flag_has_a_rate_expectation():
    from newsclean.core.schema import TEXT_FLAGS

    suite = json.loads((EXPECTATIONS / "articles.json").read_text())
    flags = {
        e["kwargs"]["regex"].split(")")[1].split("(")[0]
        for e in suite["expectations"]
        if e["type"] == "expect_column_values_to_not_match_regex" and e["kwargs"]["column"] == "text_flags"
    }
    assert flags == set(TEXT_FLAGS)


def test_type_expectations_match_the_schema_and_catch_a_wrong_type(sample_tables):
    from newsclean.core.schema import TABLES

    for table in ("articles", "duplicates"):
        suite = json.loads((EXPECTATIONS / f"{table}.json").read_text())
        typed = {
            e["kwargs"]["column"]: e["kwargs"]["type_"]
            for e in suite["expectations"]
            if e["type"] == "expect_column_values_to_be_of_type"
        }
        empty = TABLES[table].empty_table().to_pandas()
        assert typed and all(str(empty[column].dtype) == dtype for column, dtype in typed.items()), table
    tables, run = sample_tables
    articles = tables["articles"]
    index = articles.schema.get_field_index("word_count")
    wrong = articles.set_column(
        index, pa.field("word_count", pa.float64()), pc.cast(articles.column("word_count"), pa.float64())
    )
    report = validate_tables({**tables, "articles": wrong}, EXPECTATIONS, run.started)
    assert ("expect_column_values_to_be_of_type", "word_count") in [
        (o.expectation, o.column) for o in report.blocking_failures
    ]


def test_only_examined_columns_are_read_and_an_added_expectation_reads_its_column(sample_tables, tmp_path):
    from newsclean.outputs.validate import examined_columns, load_suite

    tables, run = sample_tables
    examined = examined_columns(load_suite(EXPECTATIONS, "articles"))
    assert {"text", "published", "text_flags", "reliability_score"} <= examined
    assert "captions" not in examined and "reliability_signals" not in examined
    # An expectation on a column the shipped suites leave alone reads its real values, and can fail.
    suites = suites_with(
        tmp_path,
        "articles",
        {"type": "expect_column_values_to_be_null", "kwargs": {"column": "description"}, "severity": "warning"},
    )
    assert "description" in examined_columns(load_suite(suites, "articles"))
    has_description = sum(v is not None for v in tables["articles"].column("description").to_pylist())
    assert has_description  # the sample corpus has standfirsts, so the expectation must fail
    report = validate_tables(tables, suites, run.started)
    failed = [o for o in report.outcomes if not o.success]
    assert [(o.expectation, o.column) for o in failed] == [("expect_column_values_to_be_null", "description")]
    assert f"{has_description} unexpected" in failed[0].detail


def test_repeated_strings_reach_gx_as_categories_and_their_checks_still_fail(sample_tables):
    from newsclean.outputs.validate import _frame, load_suite

    tables, run = sample_tables
    articles = tables["articles"]
    rows = articles.num_rows
    bad = _replace(articles, "source_sha256", ["not-a-sha256"] * rows)
    bad = _replace(bad, "reliability_label", ["dubious"] * rows)
    bad = _replace(bad, "text_flags", [["truncated"]] * rows)
    frame = _frame("articles", bad, load_suite(EXPECTATIONS, "articles"))
    assert {str(frame[c].dtype) for c in ("source_sha256", "reliability_label", "text_flags", "run_id")} == {"category"}
    assert str(frame["article_id"].dtype) != "category"  # unique values stay plain strings
    assert frame["description"].isna().all() and len(frame) == rows  # a column no check reads: nulls, no values
    report = validate_tables({**tables, "articles": bad}, EXPECTATIONS, run.started)
    failed = {(o.expectation, o.column) for o in report.outcomes if not o.success}
    assert failed == {
        ("expect_column_values_to_match_regex", "source_sha256"),
        ("expect_column_values_to_be_in_set", "reliability_label"),
        ("expect_column_values_to_not_match_regex", "text_flags"),
    }


def test_a_null_among_the_unexpected_values_is_shown_as_null_not_nan():
    from newsclean.outputs.validate import _shown

    assert [_shown(v) for v in (None, float("nan"), "Harbour board", 3)] == ["null", "null", "'Harbour board'", "3"]
