from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pytest

from newsclean import plausible_dates
from newsclean.dates import parse_date_line, parse_metadata_date, parse_time_line
from newsclean.plausible_dates import FLAG, latest_plausible, set_aside_implausible_dates
from newsclean.schema import ARTICLES, TEXT_FLAGS


@pytest.mark.parametrize(
    "line, value, precision",
    [
        ("3 February 2026", datetime(2026, 2, 3), "day"),
        ("January 28, 2026 - 12:10pm", datetime(2026, 1, 28, 12, 10), "minute"),
        ("Tuesday 3 February 2026", datetime(2026, 2, 3), "day"),
        ("Tue, 3 Feb 2026 10:15 GMT", datetime(2026, 2, 3, 10, 15), "minute"),
        ("Published: March 5, 2025", datetime(2025, 3, 5), "day"),
        ("Published 12 Sept. 2024, 14.30 BST", datetime(2024, 9, 12, 14, 30), "minute"),
        ("3rd February 2026 at 12pm", datetime(2026, 2, 3, 12, 0), "minute"),
        ("2026-02-03", datetime(2026, 2, 3), "day"),
        ("2026-02-03T10:20:00Z", datetime(2026, 2, 3, 10, 20), "minute"),
    ],
)
def test_whole_line_dates(line, value, precision):
    parsed = parse_date_line(line)
    assert parsed is not None and (parsed.value, parsed.precision, parsed.raw) == (value, precision, line)
    assert not parsed.is_modified


def test_updated_stamp_is_a_modification():
    parsed = parse_date_line("Updated 4 February 2026 at 9:05am")
    assert parsed.is_modified and parsed.value == datetime(2026, 2, 4, 9, 5)


@pytest.mark.parametrize(
    "line",
    ["now", "May 2026", "31 February 2026", "It happened on 3 February 2026.", "2 hours ago",
     "3 February 2026 was a cold day", "13:45", "The meeting may go on"],
)
def test_not_a_date_line(line):
    assert parse_date_line(line) is None


@pytest.mark.parametrize("line, clock", [("1:30 AM", (1, 30)), ("12:10pm", (12, 10)), ("12:05 am", (0, 5)),
                                         ("9 a.m.", (9, 0)), ("13:45", (13, 45)), ("25:00", None), ("13:30 pm", None)])
def test_time_lines(line, clock):
    assert parse_time_line(line) == clock


def test_metadata_dates_keep_the_printed_wall_clock():
    parsed = parse_metadata_date("2026-02-18T07:30:00+01:00")
    assert parsed.value == datetime(2026, 2, 18, 7, 30) and parsed.raw.endswith("+01:00")


@pytest.mark.parametrize("line, value", [("12 May 1650", datetime(1650, 5, 12)),
                                         ("3 February 2099", datetime(2099, 2, 3)),
                                         ("Published: 1 January 2150", datetime(2150, 1, 1)),
                                         ("1650-05-12", datetime(1650, 5, 12))])
def test_implausible_years_are_still_read_as_the_date_line(line, value):
    # Read, so the line leaves the body and published_raw keeps it; plausible_dates decides at run time.
    parsed = parse_date_line(line)
    assert parsed is not None and parsed.value == value


# ---- newsclean.plausible_dates: the run-time step -------------------------------------------------------------

RUN = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
LATEST = datetime(2026, 3, 2, 12, 0)  # the run's start as a UTC wall clock + 1 day
DATE_COLUMNS = ("published", "published_precision", "published_raw", "published_source", "modified", "text_flags")


def _rows(*rows: dict) -> pa.Table:
    """A table of the date columns, typed as the published schema types them."""
    schema = pa.schema([ARTICLES.field(c) for c in DATE_COLUMNS])
    defaults = {"published": None, "published_precision": None, "published_raw": None, "published_source": None,
                "modified": None, "text_flags": []}
    return pa.Table.from_pylist([{**defaults, **row} for row in rows], schema=schema)


def _dated(value: datetime | None, raw: str = "a printed date", **more) -> dict:
    return {"published": value, "published_precision": "day", "published_raw": raw, "published_source": "header",
            **more}


def test_the_flag_is_in_the_published_vocabulary():
    assert FLAG in TEXT_FLAGS


def test_latest_plausible_is_the_utc_wall_clock_plus_a_day():
    assert latest_plausible(RUN) == LATEST
    assert latest_plausible(RUN.astimezone(timezone(timedelta(hours=-5)))) == LATEST  # the same instant
    assert latest_plausible(RUN.replace(tzinfo=None)) == LATEST


def test_a_future_and_a_pre_1800_date_become_null_with_the_string_and_a_flag():
    table = _rows(_dated(datetime(2099, 2, 3), "3 February 2099", text_flags=["truncated"]),
                  _dated(datetime(1650, 5, 12), "12 May 1650"),
                  _dated(datetime(2026, 2, 3), "3 February 2026"))
    out = set_aside_implausible_dates(table, RUN).to_pylist()
    future, past, fine = out
    for row, raw in ((future, "3 February 2099"), (past, "12 May 1650")):
        assert (row["published"], row["published_precision"]) == (None, None)
        assert (row["published_raw"], row["published_source"]) == (raw, "header")  # what was read, and where
    assert future["text_flags"] == ["truncated", FLAG] and past["text_flags"] == [FLAG]
    assert fine == table.to_pylist()[2]


def test_an_implausible_modified_stamp_is_nulled_and_flagged_the_published_date_kept():
    table = _rows(_dated(datetime(2026, 1, 2), modified=datetime(2099, 3, 9, 10, 0)),
                  {"modified": datetime(1799, 12, 31)})
    first, second = set_aside_implausible_dates(table, RUN).to_pylist()
    assert first["modified"] is None and first["published"] == datetime(2026, 1, 2)
    assert first["published_precision"] == "day" and first["text_flags"] == [FLAG]
    assert second["modified"] is None and second["text_flags"] == [FLAG]


def test_the_bounds_are_inclusive_like_the_expectation():
    a_tick = timedelta(microseconds=1)
    table = _rows(_dated(LATEST), _dated(LATEST + a_tick), _dated(plausible_dates.EARLIEST),
                  _dated(plausible_dates.EARLIEST - a_tick), _dated(None, None) | {"published_precision": None})
    out = set_aside_implausible_dates(table, RUN)
    assert out.column("published").to_pylist() == [LATEST, None, plausible_dates.EARLIEST, None, None]
    assert [FLAG in flags for flags in out.column("text_flags").to_pylist()] == [False, True, False, True, False]


def test_a_table_without_implausible_dates_comes_back_as_is_and_a_second_pass_changes_nothing():
    clean = _rows(_dated(datetime(2026, 2, 3)), {})
    assert set_aside_implausible_dates(clean, RUN) is clean
    once = set_aside_implausible_dates(_rows(_dated(datetime(2099, 2, 3)), {"modified": datetime(2099, 1, 1)}), RUN)
    assert set_aside_implausible_dates(once, RUN).equals(once)
    assert once.column("text_flags").to_pylist() == [[FLAG], [FLAG]]


def test_the_runs_rows_keep_their_dictionary_columns_and_chunks():
    # The flow calls the step on the run's rows before dedup, where published_precision and published_source
    # are dictionary-encoded (newsclean.cache.COMPACT_COLUMNS) and the table comes in one chunk per batch.
    from newsclean.cache import compact

    batches = [compact(_rows(_dated(datetime(2026, 2, 3)))), compact(_rows(_dated(datetime(2099, 2, 3), "3 Feb 2099")))]
    rows = pa.concat_tables(batches).unify_dictionaries()
    out = set_aside_implausible_dates(rows, RUN)
    assert out.schema == rows.schema and out.num_rows == 2
    assert out.column("published_precision").to_pylist() == ["day", None]
    assert out.column("published_source").to_pylist() == ["header", "header"]
    assert out.column("text_flags").to_pylist() == [[], [FLAG]]
