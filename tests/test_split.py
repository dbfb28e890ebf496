from datetime import datetime

import pyarrow as pa
import pytest

from conftest import RAW
from newsclean.language import add_language
from newsclean.split import EmptyBody, clean_title, Header, is_person_name, parse_byline, split_document, source_domain

BODY = ("The council met on Monday to discuss the plan for the harbour.\n\n"
        "Members agreed to publish the full costs before the next meeting.")


def test_header_block_with_standfirst_author_date_outlet():
    doc = ("Harbour plan approved after long debate\n\nCouncil backs the rebuild despite rising costs and a wet winter\n\n"
           "Ada Pennington\n\n3 February 2026\n\nThe Lakeside Tribune\n\n" + BODY +
           "\n\nAda Pennington was a court reporter for ten years before joining the Tribune.")
    row = split_document(doc)
    assert row["title"] == "Harbour plan approved after long debate"
    assert row["description"] == "Council backs the rebuild despite rising costs and a wet winter"
    assert row["authors"] == ["Ada Pennington"]
    assert row["sitename"] == "The Lakeside Tribune"
    assert (row["published"], row["published_precision"], row["published_source"]) == (datetime(2026, 2, 3), "day", "header")
    assert row["author_bio"].startswith("Ada Pennington was a court reporter")
    assert row["text"] == BODY


def test_date_first_then_body_then_bio_and_bare_handle():
    doc = "March 3, 2026 - 9:45am\n\n" + BODY + "\n\nJonas Featherby is a fellow at the Quay Institute.\njfeatherby"
    row = split_document(doc)
    assert row["title"] is None
    assert row["published"] == datetime(2026, 3, 3, 9, 45) and row["published_precision"] == "minute"
    assert row["authors"] == ["Jonas Featherby"]
    assert row["social_handles"] == ["jfeatherby"]
    assert row["text"] == BODY


def test_a_lone_lowercase_last_line_without_a_bio_stays_in_the_body():
    row = split_document("A title for the story\n\n" + BODY + "\n\nsomething")
    assert row["social_handles"] == [] and row["text"].endswith("something")


def test_captions_leave_the_body():
    caption = "The mayor speaks to reporters outside the town hall in Kessock, on January 30, 2026"
    row = split_document("A Story About the Town Hall\n\n" + BODY.replace("\n\n", f"\n\n{caption}\n\n"))
    assert row["captions"] == [caption]
    assert row["text"] == BODY


def test_one_sentence_per_line_keeps_each_sentence_as_a_paragraph_and_no_title():
    doc = "The river rose by two metres overnight in the lower district.\nHomes were evacuated.\nSchools will stay shut."
    row = split_document(doc)
    assert row["title"] is None
    assert row["text"] == "The river rose by two metres overnight in the lower district.\n\nHomes were evacuated.\n\nSchools will stay shut."


def test_hard_wrapped_paragraph_is_joined():
    row = split_document("Title of a wrapped story\n\nThe council met on Monday to\ndiscuss the plan for the\nharbour.")
    assert row["text"] == "The council met on Monday to discuss the plan for the harbour."


def test_kicker_repeated_date_time_block_pull_quote_and_footer():
    doc = ("World\n\nWill the recount change anything?\n\n21 October 2025\n\n8:15 PM\n\n21 October 2025\n\n8:15 PM\n\n"
           "The commission ordered a recount in three provinces after the margin narrowed.\n\n"
           "A recount rarely moves more than a few hundred votes in total\n\n"
           "History is a guide. A recount rarely moves more than a few hundred votes in total, and the gap is larger.\n\n"
           "Have your say? Share your view in the comments section below.\n\nClose")
    row = split_document(doc)
    assert row["section"] == "World" and row["title"] == "Will the recount change anything?"
    assert row["published"] == datetime(2025, 10, 21, 20, 15) and row["published_raw"] == "21 October 2025 8:15 PM"
    assert row["captions"] == []
    assert row["boilerplate_removed"] == [
        "A recount rarely moves more than a few hundred votes in total",
        "Have your say? Share your view in the comments section below.",
        "Close",
    ]
    assert row["text"].startswith("The commission") and row["text"].endswith("the gap is larger.")


def test_title_affixes_updated_stamp_and_opinion_type():
    doc = ("Opinion | Fares should follow the timetable - The Daily Courier\n\nBy Gemma Faircloth, Transport Editor\n\n"
           "Updated 7 January 2026 at 11:30am\n\n2 January 2026\n\n" + BODY)
    row = split_document(doc)
    assert (row["title"], row["section"], row["sitename"]) == ("Fares should follow the timetable", "Opinion", "The Daily Courier")
    assert row["authors"] == ["Gemma Faircloth"]
    assert row["published"] == datetime(2026, 1, 2) and row["modified"] == datetime(2026, 1, 7, 11, 30)
    assert row["article_type"] == "opinion"


@pytest.mark.parametrize(
    "line, names",
    [
        ("By Ada Pennington", ["Ada Pennington"]),
        ("By Ada Pennington and Rui Costa", ["Ada Pennington", "Rui Costa"]),
        ("By Lena Marsh, Tomasz Wilk and Erin Cole", ["Lena Marsh", "Tomasz Wilk", "Erin Cole"]),
        ("By Henrike Osei in Tromsvik", ["Henrike Osei"]),
        ("By Gemma Faircloth, Senior Reporter", ["Gemma Faircloth"]),
        ("By Rafael Montoya for Lakeside Tribune", ["Rafael Montoya"]),
        ("Words by Ansel Greaves", ["Ansel Greaves"]),
        ("By Staff Reporter", []),
        ("The story begins here", None),
    ],
)
def test_bylines(line, names):
    byline = parse_byline(line)
    assert (byline.names if byline is not None else None) == names


@pytest.mark.parametrize("text, expected", [("David Okafor", True), ("Jean de la Fontaine", True), ("The Telegraph", False),
                                            ("Political Editor", False), ("World News", False), ("Seoul", False)])
def test_person_names(text, expected):
    assert is_person_name(text) is expected


def test_jsonl_metadata_fills_title_date_and_domain():
    row = split_document("Tram line approved\n\n" + BODY, url="https://www.courier.example/a", meta_title="Tram line approved",
                         meta_sitename="Courier", meta_date="2026-02-18T07:30:00+00:00")
    assert row["title"] == "Tram line approved" and row["text"] == BODY
    assert row["sitename"] == "Courier" and row["source_domain"] == "courier.example"
    assert row["published_source"] == "metadata" and row["published"] == datetime(2026, 2, 18, 7, 30)


def test_metadata_only_document_has_no_body():
    with pytest.raises(EmptyBody):
        split_document("Weather update\n\n3 March 2026\n\nThe Harbour Gazette")


def test_source_domain():
    assert source_domain("https://m.example.co.uk/x") == "example.co.uk"
    assert source_domain("example.com/path") == "example.com"
    assert source_domain(None) is None


def test_clean_title_leaves_plain_hyphens_alone():
    assert clean_title("Covid-19 cases fall - again", Header()) == "Covid-19 cases fall - again"


# --- the real raw samples, read in place -------------------------------------------------

def _sample_rows(raw_samples):
    from newsclean.config import Limits
    from newsclean.discover import discover
    from newsclean.ingest import ingest
    from newsclean.split import split

    result = ingest(discover(raw_samples).files, Limits())
    rows, quarantine = split(add_language(result.documents))
    assert quarantine.num_rows == 0
    return {r["source_file"][:3]: r for r in rows.to_pylist()}


def test_real_samples_acceptance_fields(raw_samples):
    rows = _sample_rows(raw_samples)
    assert sorted(rows) == ["000", "001", "002", "003", "004"]
    assert all(rows[k]["title"] for k in ("000", "002", "004"))
    assert rows["001"]["title"] is None and rows["003"]["title"] is None
    assert rows["000"]["published"] == datetime(2026, 2, 3)
    assert rows["001"]["published"] == datetime(2026, 1, 28, 12, 10)
    assert rows["004"]["published"] == datetime(2025, 11, 20, 1, 30)
    assert rows["000"]["authors"] == ["David Blair"]
    assert rows["000"]["sitename"] == "The Telegraph"
    assert rows["001"]["authors"] == ["Jennifer Kavanagh"] and rows["001"]["social_handles"] == ["jekavanagh"]
    assert rows["004"]["section"] == "World" and "Close" in rows["004"]["boilerplate_removed"]
    assert len(rows["002"]["captions"]) == 4
    for row in rows.values():  # no outlet, role or section is ever taken for an author
        assert all(is_person_name(a) for a in row["authors"])


def test_own_sample_corpus_layouts():
    from newsclean.config import Limits
    from newsclean.discover import discover
    from newsclean.ingest import ingest
    from newsclean.split import split

    rows, _ = split(add_language(ingest(discover(RAW).files, Limits()).documents))
    by_file = {}
    for row in rows.to_pylist():
        by_file.setdefault(row["source_file"], row)
    assert by_file["politics/budget-vote.txt"]["authors"] == ["Oskar Lindqvist", "Priya Ramaswamy"]
    assert by_file["world/border-talks.txt"]["captions"] and by_file["world/flood-warning.txt"]["title"] is None
    assert by_file["archive/mojibake.txt"]["mojibake_repaired"] and "’" in by_file["archive/mojibake.txt"]["title"]
    assert by_file["archive/legacy-latin1.txt"]["source_encoding"] == "iso-8859-1"
    assert isinstance(rows, pa.Table)
