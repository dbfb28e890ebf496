from datetime import datetime

import pytest

from newsclean.dates import parse_date_line, parse_metadata_date, parse_time_line


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
