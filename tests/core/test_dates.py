from datetime import UTC, datetime, timedelta, timezone

import pyarrow as pa
import pytest

from newsclean.core.dates import parse_date_line, parse_date_stamps, parse_metadata_date, parse_time_line, search_date
from newsclean.core.schema import ARTICLES, TEXT_FLAGS
from newsclean.stages import plausible_dates
from newsclean.stages.plausible_dates import FLAG, latest_plausible, set_aside_implausible_dates


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
    [
        "now",
        "May 2026",
        "31 February 2026",
        "It happened on 3 February 2026.",
        "2 hours ago",
        "3 February 2026 was a cold day",
        "13:45",
        "The meeting may go on",
    ],
)
def test_not_a_date_line(line):
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    "line, clock",
    [
        ("1:30 AM", (1, 30)),
        ("12:10pm", (12, 10)),
        ("12:05 am", (0, 5)),
        ("9 a.m.", (9, 0)),
        ("13:45", (13, 45)),
        ("25:00", None),
        ("13:30 pm", None),
    ],
)
def test_time_lines(line, clock):
    assert parse_time_line(line) == clock


def test_metadata_dates_keep_the_printed_wall_clock():
    parsed = parse_metadata_date("2026-02-18T07:30:00+01:00")
    assert parsed.value == datetime(2026, 2, 18, 7, 30) and parsed.raw.endswith("+01:00")


@pytest.mark.parametrize(
    "line, value",
    [
        ("12 May 1650", datetime(1650, 5, 12)),
        ("3 February 2099", datetime(2099, 2, 3)),
        ("Published: 1 January 2150", datetime(2150, 1, 1)),
        ("1650-05-12", datetime(1650, 5, 12)),
    ],
)
def test_implausible_years_are_still_read_as_the_date_line(line, value):
    # Read, so the line leaves the body and published_raw keeps it; plausible_dates decides at run time.
    parsed = parse_date_line(line)
    assert parsed is not None and parsed.value == value


# ---- printed forms of real pages (issue 20): every line below is written here, not copied from a page -------------


def _read(line, **kw):
    parsed = parse_date_line(line, **kw)
    return None if parsed is None else (parsed.value, parsed.precision)


@pytest.mark.parametrize(
    "line, value",
    [
        # a time before the date, a zone after it, a weekday, glued am/pm
        ("9:05am Feb 3, 2026", datetime(2026, 2, 3, 9, 5)),
        ("February 3, 2026 6:40 PM UTC", datetime(2026, 2, 3, 18, 40)),
        ("Wed, 4 February 2026 11:02PM", datetime(2026, 2, 4, 23, 2)),
        ("Published February 3, 2026 1:15pm EST", datetime(2026, 2, 3, 13, 15)),
        ("PUBLISHED: Feb. 3, 2026 at 8:30 a.m.", datetime(2026, 2, 3, 8, 30)),
        ("Feb 3rd, 2026 at 10:00 AM ET", datetime(2026, 2, 3, 10, 0)),
        ("Posted: Fri 6:15 PM, Feb 6, 2026", datetime(2026, 2, 6, 18, 15)),
        ("Updated 4:05 am PST, Friday, February 6, 2026", datetime(2026, 2, 6, 4, 5)),
        ("Sept. 9, 2025", datetime(2025, 9, 9)),
        ("Nov. 30, 2025 4 p.m.", datetime(2025, 11, 30, 16, 0)),
        ("12 Feb, 2026", datetime(2026, 2, 12)),
        ("the 5th of March 2026", datetime(2026, 3, 5)),
        ("18-Feb-2026", datetime(2026, 2, 18)),
        # the renderer glues the year to the time: the year keeps its four digits
        ("February 3, 20269:41 AM UTC", datetime(2026, 2, 3, 9, 41)),
        ("3 February 202612:07", datetime(2026, 2, 3, 12, 7)),
        ("Feb 3, 20261:30 pm", datetime(2026, 2, 3, 13, 30)),
        # ISO forms
        ("2026-02-03 08:15:59", datetime(2026, 2, 3, 8, 15)),
        ("Posted at 2026-02-03T16:20:11-0500", datetime(2026, 2, 3, 16, 20)),
        ("2026/02/03", datetime(2026, 2, 3)),
        ("2026.02.03 21:10", datetime(2026, 2, 3, 21, 10)),
        ("2026年2月3日 10時05分", datetime(2026, 2, 3, 10, 5)),
        # German
        ("03.02.2026 14:25", datetime(2026, 2, 3, 14, 25)),
        ("03.02.2026, 14:25 Uhr", datetime(2026, 2, 3, 14, 25)),
        ("3.2.2026 9:05 Uhr", datetime(2026, 2, 3, 9, 5)),
        ("Di, 03.02.26, 07.45 Uhr", datetime(2026, 2, 3, 7, 45)),
        ("3. Februar 2026", datetime(2026, 2, 3)),
        ("Dienstag, 03. Februar 2026, 16.45 Uhr", datetime(2026, 2, 3, 16, 45)),
        ("Veröffentlicht am 3. März 2026 um 08:10 Uhr", datetime(2026, 3, 3, 8, 10)),
        ("3. Jänner 2026", datetime(2026, 1, 3)),
        # French
        ("le 3 février 2026 à 10h30", datetime(2026, 2, 3, 10, 30)),
        ("Publié le 3 févr. 2026 à 7h05", datetime(2026, 2, 3, 7, 5)),
        ("1er mars 2026", datetime(2026, 3, 1)),
        ("Publié le mardi 3 février 2026 à 18h", datetime(2026, 2, 3, 18, 0)),
        # Spanish and Portuguese
        ("3 de febrero de 2026", datetime(2026, 2, 3)),
        ("martes, 3 de febrero de 2026 · 21:40", datetime(2026, 2, 3, 21, 40)),
        ("Miércoles, 4 de febrero del 2026 a las 9:15 hrs.", datetime(2026, 2, 4, 9, 15)),
        ("febrero 3, 2026", datetime(2026, 2, 3)),
        ("terça-feira, 3 de fevereiro de 2026 às 14:02", datetime(2026, 2, 3, 14, 2)),
        ("Publicado em 3 de março de 2026, 08h40", datetime(2026, 3, 3, 8, 40)),
        # Italian, Dutch, Polish, Swedish, Russian
        ("3 febbraio 2026 alle 10:20", datetime(2026, 2, 3, 10, 20)),
        ("Martedì 03 Febbraio 2026 | 09:12", datetime(2026, 2, 3, 9, 12)),
        ("3 februari 2026 om 12:30", datetime(2026, 2, 3, 12, 30)),
        ("dinsdag 3 maart 2026", datetime(2026, 3, 3)),
        ("3 lutego 2026, 10:15", datetime(2026, 2, 3, 10, 15)),
        ("3 februari 2026 kl. 07.30", datetime(2026, 2, 3, 7, 30)),
        ("3 февраля 2026 г., 11:45", datetime(2026, 2, 3, 11, 45)),
        # date-line furniture: separators, read times, comments, relative stamps, outlets between spaced separators
        ("• Feb 3, 2026 at 5:10 pm ET • 4 min read", datetime(2026, 2, 3, 17, 10)),
        ("February 3, 2026 / 7:05 AM / The Gazette", datetime(2026, 2, 3, 7, 5)),
        ("03.02.2026, 07:11 | Lesedauer: 6 Minuten", datetime(2026, 2, 3, 7, 11)),
        ("Feb 3, 2026 at 9:08 GMT 2 days ago", datetime(2026, 2, 3, 9, 8)),
        ("Gazette Wire | February 3, 2026", datetime(2026, 2, 3)),
        ("Gazette Wire - Feb 3, 2026 · 5h ago", datetime(2026, 2, 3)),  # "5h ago" is no time of day
        ("Published on February 3, 2026, at 6:28 am (Lisbon)", datetime(2026, 2, 3, 6, 28)),
        ("Feb 3, 2026 - 3:15 PM | Source: Gazette Wire", datetime(2026, 2, 3, 15, 15)),
    ],
)
def test_printed_forms(line, value):
    assert _read(line) == (value, "minute" if value.hour or value.minute else "day")


@pytest.mark.parametrize(
    "line, published, modified",
    [
        (
            "Published February 3, 2026 9:26pm Updated February 4, 2026 8:01am",
            datetime(2026, 2, 3, 21, 26),
            datetime(2026, 2, 4, 8, 1),
        ),
        (
            "PUBLISHED: Feb 3, 2026 at 4:56 p.m. | UPDATED: Feb 3, 2026 at 6:00 p.m.",
            datetime(2026, 2, 3, 16, 56),
            datetime(2026, 2, 3, 18, 0),
        ),
        ("Updated: Feb 4, 2026 | Published: Feb 3, 2026", datetime(2026, 2, 3), datetime(2026, 2, 4)),
        (
            "03.02.2026, 09:50 Uhr / Aktualisiert am 05.02.2026, 11:39 Uhr",
            datetime(2026, 2, 3, 9, 50),
            datetime(2026, 2, 5, 11, 39),
        ),
        (
            "Publié le 3 février 2026 à 13h59 - Mis à jour le 4 février 2026 à 09h03",
            datetime(2026, 2, 3, 13, 59),
            datetime(2026, 2, 4, 9, 3),
        ),
        (
            "3 de febrero de 2026, 05:34 h Actualizado el 3 de febrero de 2026, 06:10",
            datetime(2026, 2, 3, 5, 34),
            datetime(2026, 2, 3, 6, 10),
        ),
        (
            "postado em 03/02/2026 05:49 / atualizado em 03/02/2026 05:50",
            datetime(2026, 2, 3, 5, 49),
            datetime(2026, 2, 3, 5, 50),
        ),
        ("Gazette | February 3, 2026 | Updated 08:24 GMT", datetime(2026, 2, 3), datetime(2026, 2, 3, 8, 24)),
        ("Feb 3, 2026 at 3:44 AM Feb 3, 2026 at 3:54 AM", datetime(2026, 2, 3, 3, 44), datetime(2026, 2, 3, 3, 54)),
        (
            "Issued on: 03/02/2026 - 18:34Modified: 04/02/2026 - 10:13",
            datetime(2026, 2, 3, 18, 34),
            datetime(2026, 2, 4, 10, 13),
        ),
        ("Feb 3, 2026 Updated Date: Feb 4, 2026", datetime(2026, 2, 3), datetime(2026, 2, 4)),
    ],
)
def test_published_is_kept_and_the_update_stamp_is_beside_it(line, published, modified):
    parsed = parse_date_line(line)
    assert parsed is not None and not parsed.is_modified and parsed.value == published
    assert parsed.modified is not None and parsed.modified.is_modified and parsed.modified.value == modified
    first, second = parse_date_stamps(line)
    assert (first.value, first.modified, second.value, second.is_modified) == (published, None, modified, True)


@pytest.mark.parametrize(
    "line",
    [
        "Aktualisiert am 03.02.2026, 10:05 Uhr",
        "Mis à jour le 3 février 2026",
        "Actualizado 3 de febrero de 2026 10:08 AM",
        "Last Updated : Feb 3, 2026 01:41 PM IST",
        "• Updated08:47, 3 FEB 2026",
        "Stand: 03.02.2026 17:41 Uhr",
    ],
)
def test_an_update_stamp_alone_is_a_modification(line):
    parsed = parse_date_line(line)
    assert parsed is not None and parsed.is_modified and parsed.value.date() == datetime(2026, 2, 3).date()


def test_a_time_read_on_the_next_line_keeps_the_update_stamp():
    parsed = parse_date_line("Feb 3, 2026 | Updated Feb 4, 2026").with_time(9, 30, "9:30 AM")
    assert parsed.value == datetime(2026, 2, 3, 9, 30) and parsed.modified.value == datetime(2026, 2, 4)


# Numeric dates.  Year first is year-month-day.  Else (day, month) or (month, day): the one valid reading, or the
# same date both ways; when both are valid and differ: dots are day first; for / and -, a date on the line that
# only one order reads, then the caller's dayfirst, then the line's cues; none (or both ways) -> no date.
@pytest.mark.parametrize(
    "line, value",
    [
        ("02/18/2026", datetime(2026, 2, 18)),  # only month first is valid
        ("18/02/2026", datetime(2026, 2, 18)),  # only day first is valid
        ("02/18/26 11:04 PM EST", datetime(2026, 2, 18, 23, 4)),
        ("Posted: 08-19-25 05:18 PM", datetime(2025, 8, 19, 17, 18)),
        ("05/05/2026", datetime(2026, 5, 5)),  # the same date both ways
        ("03.02.2026", datetime(2026, 2, 3)),  # dots: day first
        ("Posted: 03/02/2026 12:08 am EDT Updated: 03/16/2026 7:59 am EDT", datetime(2026, 3, 2, 0, 8)),
        ("03/02/2026 02:00pm GMT", datetime(2026, 2, 3, 14, 0)),  # a day-first zone
        ("03/02/2026 10:31 am ET", datetime(2026, 3, 2, 10, 31)),  # a month-first zone
        ("03/02/2026 22:46", datetime(2026, 2, 3, 22, 46)),  # a 24-hour clock past noon
        ("Publié le 03/02/2026 à 15h57", datetime(2026, 2, 3, 15, 57)),  # a French label
        ("Actualizado el 03/02/2026 02:14 a.m.", datetime(2026, 2, 3, 2, 14)),
    ],
)
def test_numeric_day_and_month_order(line, value):
    assert _read(line) == (value, "minute" if value.hour or value.minute else "day")


@pytest.mark.parametrize(
    "line",
    [
        "03/02/2026",
        "03/02/2026 10:31 am",
        "03-02-2026",
        "Stand: 03/02/2026, 5:30",  # German pages print dots: a slash says nothing
        "03/02/2026 10:31 GMT EDT",
    ],
)  # cues both ways
def test_an_ambiguous_numeric_date_is_left_unread(line):
    assert parse_date_line(line) is None


def test_the_caller_can_say_how_its_page_orders_numeric_dates():
    assert parse_date_line("03/02/2026", dayfirst=True).value == datetime(2026, 2, 3)
    assert parse_date_line("03/02/2026", dayfirst=False).value == datetime(2026, 3, 2)
    assert parse_date_line("18/02/2026", dayfirst=False).value == datetime(2026, 2, 18)  # what is printed wins


@pytest.mark.parametrize(
    "line",
    [
        # prose around a date, in several languages
        "The vote was held on February 3, 2026 in the capital",
        "Am 3. Februar 2026 hat der Rat entschieden",
        "Le 3 février 2026, le conseil a voté",
        "El 3 de febrero de 2026 se votó la ley",
        "February 3, 2026 - the council votes on the bridge",
        "Feb 3, 2026 · This video is no longer available.",
        "Gazette reporters met on February 3, 2026",
        # a headline or a name glued to the date (the renderer dropped the blank): unknown word beside the date
        "Council backs the bridgeFebruary 3, 2026",
        "Ada PenningtonFebruary 3, 2026",
        "Gazette Wire•February 3, 2026",  # a name needs spaced separators
        # names beside a date are split.bylines' (the header reads date lines first: a date line would lose them);
        # and the suffixes split.bylines tries must not eat a name
        "By Ada Pennington | February 3, 2026",
        "Ada Pennington - February 3, 2026",
        "Feb 3, 2026 by Ada Pennington",
        "Ada Pennington, Senior Writer | Feb 3, 2026",
        "Words: Ada Pennington | Feb 3, 2026",
        "Von Ada Pennington | 3. Februar 2026",
        "Gazette | 3 février 2026 | Par Ada Pennington",
        "Pennington, 3 February 2026",
        "Pennington February 3, 2026",
        # ranges, lists, version numbers, scores, prices
        "3 February 2026 | 20 March 2026",
        "3 February 2026 - 20 March 2026",
        "2.1.18",
        "Version 3.10.2026",
        "Tickets 10.50",
        "2026",
        "February 2026",
        "3 February",
        "Photos of the day - February 3, 2026",
        "— Ada Pennington (@ada) February 3, 2026",
        "Feb 30, 2026",
        "3 February 2026 25:10",
    ],
)
def test_lines_that_are_no_date_lines(line):
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    "line, clock",
    [
        ("• 15:11", (15, 11)),
        ("16.45 Uhr", (16, 45)),
        ("à 10h30", (10, 30)),
        ("| 4:10pm", (16, 10)),
        ("7:55 AM UTC", (7, 55)),
        ("um 12:50 Uhr", (12, 50)),
        ("klo 14.00", (14, 0)),
        ("Updated 3:26 pm", None),
        ("Feb 3, 2026", None),
        ("10 minutes", None),
        ("3:26 pm and more", None),
    ],
)
def test_more_time_lines(line, clock):
    assert parse_time_line(line) == clock


def test_lines_without_a_year_are_rejected_without_tokenising():
    # no digit, or digits but no year: the common case of body lines costs one regex search
    for line in ("The meeting may go on", "He scored 3 goals in 90 minutes", "Room 12, floor 4"):
        assert parse_date_line(line) is None


# ---- newsclean.stages.plausible_dates: the run-time step -------------------------------------------------------------

RUN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATEST = datetime(2026, 3, 2, 12, 0)  # the run's start as a UTC wall clock + 1 day
DATE_COLUMNS = ("published", "published_precision", "published_raw", "published_source", "modified", "text_flags")


def _rows(*rows: dict) -> pa.Table:
    """A table of the date columns, typed as the published schema types them."""
    schema = pa.schema([ARTICLES.field(c) for c in DATE_COLUMNS])
    defaults = {
        "published": None,
        "published_precision": None,
        "published_raw": None,
        "published_source": None,
        "modified": None,
        "text_flags": [],
    }
    return pa.Table.from_pylist([{**defaults, **row} for row in rows], schema=schema)


def _dated(value: datetime | None, raw: str = "a printed date", **more) -> dict:
    return {
        "published": value,
        "published_precision": "day",
        "published_raw": raw,
        "published_source": "header",
        **more,
    }


def test_the_flag_is_in_the_published_vocabulary():
    assert FLAG in TEXT_FLAGS


def test_latest_plausible_is_the_utc_wall_clock_plus_a_day():
    assert latest_plausible(RUN) == LATEST
    assert latest_plausible(RUN.astimezone(timezone(timedelta(hours=-5)))) == LATEST  # the same instant
    assert latest_plausible(RUN.replace(tzinfo=None)) == LATEST


def test_a_future_and_a_pre_1800_date_become_null_with_the_string_and_a_flag():
    table = _rows(
        _dated(datetime(2099, 2, 3), "3 February 2099", text_flags=["truncated"]),
        _dated(datetime(1650, 5, 12), "12 May 1650"),
        _dated(datetime(2026, 2, 3), "3 February 2026"),
    )
    out = set_aside_implausible_dates(table, RUN).to_pylist()
    future, past, fine = out
    for row, raw in ((future, "3 February 2099"), (past, "12 May 1650")):
        assert (row["published"], row["published_precision"]) == (None, None)
        assert (row["published_raw"], row["published_source"]) == (raw, "header")  # what was read, and where
    assert future["text_flags"] == ["truncated", FLAG] and past["text_flags"] == [FLAG]
    assert fine == table.to_pylist()[2]


def test_an_implausible_modified_stamp_is_nulled_and_flagged_the_published_date_kept():
    table = _rows(
        _dated(datetime(2026, 1, 2), modified=datetime(2099, 3, 9, 10, 0)), {"modified": datetime(1799, 12, 31)}
    )
    first, second = set_aside_implausible_dates(table, RUN).to_pylist()
    assert first["modified"] is None and first["published"] == datetime(2026, 1, 2)
    assert first["published_precision"] == "day" and first["text_flags"] == [FLAG]
    assert second["modified"] is None and second["text_flags"] == [FLAG]


def test_the_bounds_are_inclusive_like_the_expectation():
    a_tick = timedelta(microseconds=1)
    table = _rows(
        _dated(LATEST),
        _dated(LATEST + a_tick),
        _dated(plausible_dates.EARLIEST),
        _dated(plausible_dates.EARLIEST - a_tick),
        _dated(None, None) | {"published_precision": None},
    )
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
    # are dictionary-encoded (newsclean.stages.per_file.COMPACT_COLUMNS) and the table comes in one chunk per batch.
    from newsclean.stages.per_file import compact

    batches = [compact(_rows(_dated(datetime(2026, 2, 3)))), compact(_rows(_dated(datetime(2099, 2, 3), "3 Feb 2099")))]
    rows = pa.concat_tables(batches).unify_dictionaries()
    out = set_aside_implausible_dates(rows, RUN)
    assert out.schema == rows.schema and out.num_rows == 2
    assert out.column("published_precision").to_pylist() == ["day", None]
    assert out.column("published_source").to_pylist() == ["header", "header"]
    assert out.column("text_flags").to_pylist() == [[], [FLAG]]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("ByLena Marsh Mar 9, 2026", datetime(2026, 3, 9)),
        ("Harbour News March 12, 2026, 7:57 AM", datetime(2026, 3, 12, 7, 57)),
        ("By Rui Costa, August 14, 2025 2:30 pm", datetime(2025, 8, 14, 14, 30)),
        ("3.2.2026 9:40 Uhr Ada Pennington 12 Kommentare", datetime(2026, 2, 3, 9, 40)),
        ("VON TESSA HOLM am 21. April 2025", datetime(2025, 4, 21)),
        ("Von Erin Cole | Oct 24, 2025 | Zuletzt geändert: Nov 7, 2025, 8:54 AM GMT+1", datetime(2025, 10, 24)),
        ("28 luglio 202510:43 Notizie", datetime(2025, 7, 28, 10, 43)),
        ("Field Report7 April 2025", datetime(2025, 4, 7)),
        ("山田花子2025年04月13日 09時00分", datetime(2025, 4, 13, 9, 0)),
    ],
)
def test_search_date_reads_a_date_inside_a_metadata_line(line, expected):
    parsed = search_date(line)
    assert parsed is not None and parsed.value == expected and not parsed.is_modified
    assert parsed.raw == line.strip()


@pytest.mark.parametrize(
    "line",
    [
        "• Updated08:47, 3 NOV 2023",  # an update stamp is not the publication date
        "The council met on March 3, 2020 and voted to close the pool.",  # a sentence: the story's date
        "Officials said the bridge, opened on 4 May 1998, would close for repairs for most of the coming summer season",
        "No date here at all",
        "Call 0800 123 4567 today",
    ],
)
def test_search_date_leaves_prose_updates_and_dateless_lines(line):
    assert search_date(line) is None
