import json
from datetime import datetime

import pyarrow as pa
import pytest
from conftest import RAW

from newsclean.stages.language import add_language
from newsclean.stages.split import (
    EmptyBody,
    Header,
    clean_title,
    is_person_name,
    parse_byline,
    source_domain,
    split_document,
)

BODY = (
    "The council met on Monday to discuss the plan for the harbour.\n\n"
    "Members agreed to publish the full costs before the next meeting."
)


def test_header_block_with_standfirst_author_date_outlet():
    doc = (
        "Harbour plan approved after long debate\n\nCouncil backs the rebuild despite rising costs and a wet winter\n\n"
        "Ada Pennington\n\n3 February 2026\n\nThe Lakeside Tribune\n\n"
        + BODY
        + "\n\nAda Pennington was a court reporter for ten years before joining the Tribune."
    )
    row = split_document(doc)
    assert row["title"] == "Harbour plan approved after long debate"
    assert row["description"] == "Council backs the rebuild despite rising costs and a wet winter"
    assert row["authors"] == ["Ada Pennington"]
    assert row["sitename"] == "The Lakeside Tribune"
    assert (row["published"], row["published_precision"], row["published_source"]) == (
        datetime(2026, 2, 3),
        "day",
        "header",
    )
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
    doc = (
        "The river rose by two metres overnight in the lower district.\nHomes were evacuated.\nSchools will stay shut."
    )
    row = split_document(doc)
    assert row["title"] is None
    assert row["text"] == (
        "The river rose by two metres overnight in the lower district.\n\n"
        "Homes were evacuated.\n\nSchools will stay shut."
    )


def test_hard_wrapped_paragraph_is_joined():
    row = split_document("Title of a wrapped story\n\nThe council met on Monday to\ndiscuss the plan for the\nharbour.")
    assert row["text"] == "The council met on Monday to discuss the plan for the harbour."


def test_kicker_repeated_date_time_block_pull_quote_and_footer():
    doc = (
        "World\n\nWill the recount change anything?\n\n21 October 2025\n\n8:15 PM\n\n21 October 2025\n\n8:15 PM\n\n"
        "The commission ordered a recount in three provinces after the margin narrowed.\n\n"
        "A recount rarely moves more than a few hundred votes in total\n\n"
        "History is a guide. A recount rarely moves more than a few hundred votes in total, and the gap is larger.\n\n"
        "Have your say? Share your view in the comments section below.\n\nClose"
    )
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
    doc = (
        "Opinion | Fares should follow the timetable - The Daily Courier\n\nBy Gemma Faircloth, Transport Editor\n\n"
        "Updated 7 January 2026 at 11:30am\n\n2 January 2026\n\n" + BODY
    )
    row = split_document(doc)
    assert (row["title"], row["section"], row["sitename"]) == (
        "Fares should follow the timetable",
        "Opinion",
        "The Daily Courier",
    )
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("David Okafor", True),
        ("Jean de la Fontaine", True),
        ("The Telegraph", False),
        ("Political Editor", False),
        ("World News", False),
        ("Seoul", False),
    ],
)
def test_person_names(text, expected):
    assert is_person_name(text) is expected


def test_jsonl_metadata_fills_title_date_and_domain():
    row = split_document(
        "Tram line approved\n\n" + BODY,
        url="https://www.courier.example/a",
        meta_title="Tram line approved",
        meta_sitename="Courier",
        meta_date="2026-02-18T07:30:00+00:00",
    )
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


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "mailto:desk@courier.example",
        "ftp://ftp.courier.example/x",
        "http://localhost/x",
        "index.html",
        "https://courier/x",
    ],
)
def test_a_url_that_is_no_web_address_names_no_domain_and_no_sitename(url):
    row = split_document(BODY, url=url)
    assert source_domain(url) is None and row["source_domain"] is None and row["sitename"] is None


def test_a_jsonl_url_is_kept_as_given_but_only_a_web_one_names_the_outlet(tmp_path):
    from newsclean.core.config import Limits
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.split import split

    raw = tmp_path / "raw"
    raw.mkdir()
    records = [
        {"text": BODY, "url": "javascript:alert(1)"},
        {"text": BODY, "url": "mailto:desk@courier.example"},
        {"text": BODY, "url": "https://www.courier.example/a"},
    ]
    (raw / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    rows, _ = split(add_language(ingest(discover(raw).files, Limits()).documents))
    assert {r["url"]: (r["source_domain"], r["sitename"]) for r in rows.to_pylist()} == {
        "javascript:alert(1)": (None, None),
        "mailto:desk@courier.example": (None, None),
        "https://www.courier.example/a": ("courier.example", "courier.example"),
    }


def test_clean_title_leaves_plain_hyphens_alone():
    assert clean_title("Covid-19 cases fall - again", Header()) == "Covid-19 cases fall - again"


# --- the real raw samples, read in place -------------------------------------------------


def _sample_rows(raw_samples):
    from newsclean.core.config import Limits
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.split import split

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
    from newsclean.core.config import Limits
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.split import split

    rows, _ = split(add_language(ingest(discover(RAW).files, Limits()).documents))
    by_file = {}
    for row in rows.to_pylist():
        by_file.setdefault(row["source_file"], row)
    assert by_file["politics/budget-vote.txt"]["authors"] == ["Oskar Lindqvist", "Priya Ramaswamy"]
    assert by_file["world/border-talks.txt"]["captions"] and by_file["world/flood-warning.txt"]["title"] is None
    assert by_file["archive/mojibake.txt"]["mojibake_repaired"] and "’" in by_file["archive/mojibake.txt"]["title"]
    assert by_file["archive/legacy-latin1.txt"]["source_encoding"] == "iso-8859-1"
    assert isinstance(rows, pa.Table)


# --- edge cases: never a crash -------------------------------------------------------------


def test_only_a_body_gives_a_row_without_metadata():
    row = split_document("Just one sentence of body text that ends properly.")
    assert row["title"] is None and row["text"] == "Just one sentence of body text that ends properly."


def test_a_single_one_megabyte_line():
    line = ("word " * 200_000).strip() + "."
    row = split_document(line)
    assert row["title"] is None and row["word_count"] == 200_000


def test_thousands_of_tiny_lines():
    doc = "\n".join(f"x{i}" for i in range(20_000))
    row = split_document(doc)
    assert row["word_count"] == 20_000  # lowercase continuation lines are read as one hard-wrapped paragraph
    blank_separated = "\n\n".join(f"Line {i}." for i in range(20_000))
    assert split_document(blank_separated)["text"].count("\n\n") == 19_999


def test_many_repeated_caption_like_lines_stay_linear():
    doc = "\n\n".join(
        ["The mayor speaks to reporters outside the town hall in Kessock, on January 30, 2026"] * 5_000 + ["End."]
    )
    row = split_document(doc)
    assert row["captions"] == ["The mayor speaks to reporters outside the town hall in Kessock, on January 30, 2026"]
    assert "repeated_block" in row["text_flags"]


def test_byline_with_date_handle_and_outlet():
    row = split_document(
        "A headline for the test\n\nBy Ada Pennington (@adapen) for The Lakeside Tribune | 3 March 2026\n\n" + BODY
    )
    assert row["authors"] == ["Ada Pennington"] and row["social_handles"] == ["@adapen"]
    assert row["sitename"] == "The Lakeside Tribune"
    assert row["published"] == datetime(2026, 3, 3) and row["published_source"] == "byline"


def test_sentences_starting_with_by_are_not_bylines():
    assert parse_byline("By any measure, the plan was late.") is None
    assert parse_byline("By early 2005 the net could have two new names.") is None


def test_outlet_from_bio_and_from_url():
    doc = (
        "A headline for the test\n\n"
        + BODY
        + "\n\nRui Costa is a correspondent who joined The Evening Sentinel in 2019."
    )
    assert split_document(doc)["sitename"] == "The Evening Sentinel"
    think_tank = "A headline for the test\n\n" + BODY + "\n\nRui Costa is a senior fellow at the Quay Policy Forum."
    assert split_document(think_tank)["sitename"] is None
    assert split_document(BODY, url="https://www.courier.example/x")["sitename"] == "courier.example"


def test_text_flags():
    assert (
        "truncated"
        in split_document("Title of a teaser\n\nThe council met on Monday and then it decided that the…")["text_flags"]
    )
    teaser = split_document("Title of a teaser\n\nThe council met on Monday and agreed that the\n\nRead more")
    assert "truncated" in teaser["text_flags"] and teaser["boilerplate_removed"] == ["Read more"]
    assert "truncated" not in split_document("Title of a story\n\nThe council met.\n\nRead more")["text_flags"]
    assert (
        "paywall"
        in split_document("Title here\n\nThe council met.\n\nSubscribe to continue reading this article.")["text_flags"]
    )
    assert "markup_residue" in split_document("Title here\n\nThe <b>council</b> met&nbsp;today.")["text_flags"]
    assert (
        "script_residue" in split_document("Title here\n\nThe council met. var x = 1; window.ads = [];")["text_flags"]
    )
    assert split_document("Title here\n\n" + BODY)["text_flags"] == []


def test_article_type_cues():
    wire = (
        "Quake hits the north\n\nORLEN, Vantara (CPA) — A strong earthquake struck on Monday.\n\n"
        "No deaths were reported."
    )
    assert split_document(wire)["article_type"] == "news"
    first_person = "My view of the plan\n\n" + " ".join(
        ["I think my town deserves better, and I said so to me and myself."] * 5
    )
    assert split_document(first_person)["article_type"] == "opinion"
    bio = "A headline for the test\n\n" + BODY + "\n\nRui Costa is a columnist and the author of two books."
    assert split_document(bio)["article_type"] == "opinion"
    assert split_document("Title here\n\n" + BODY)["article_type"] == "unknown"


def test_trace_names_every_decision():
    trace = []
    split_document(
        "World\n\nA headline for the test\n\n3 March 2026\n\n3 March 2026\n\n" + BODY + "\n\nClose", trace=trace
    )
    assert [role for role, _ in trace] == [
        "section",
        "title",
        "published",
        "repeated date",
        "boilerplate",
        "article type",
    ]


# ---------------------------------------------------------------------------------------------- bylines (issue 20)
# Shapes seen on real pages, with made-up names.

from newsclean.stages.split.bylines import is_byline_label, parse_name_line  # noqa: E402


@pytest.mark.parametrize(
    "line, names",
    [
        ("By Ada Pennington and Rui Costa | Updated 3 March 2026", ["Ada Pennington", "Rui Costa"]),
        ("By Lena Marsh, Tomasz Wilk and Erin Cole", ["Lena Marsh", "Tomasz Wilk", "Erin Cole"]),
        ("BY LENA MARSH", ["LENA MARSH"]),
        ("BY LENA MARSH, TOMASZ WILK and ERIN COLE", ["LENA MARSH", "TOMASZ WILK", "ERIN COLE"]),
        ("Par Jean DUPONTEL", ["Jean DUPONTEL"]),
        ("By Ada PenningtonThe Lakeside Tribune", ["Ada Pennington"]),
        ("By Ada Pennington, Rui CostaMarsh Daily News", ["Ada Pennington", "Rui Costa"]),
        ("Written by Ansel Greaves", ["Ansel Greaves"]),
        ("Words: Ansel Greaves", ["Ansel Greaves"]),
        ("Words by Ansel Greaves", ["Ansel Greaves"]),
        ("Reporting by Ansel Greaves; editing by Lena Marsh", ["Ansel Greaves"]),
        ("Text: Henrike Osei", ["Henrike Osei"]),
        ("Von Henrike Osei und Jonas Brandl", ["Henrike Osei", "Jonas Brandl"]),
        ("von Henrike Osei am 14. Mai 2026, 15:40 Uhr", ["Henrike Osei"]),
        ("Par Élodie Marchetti (Bruxelles, correspondante)", ["Élodie Marchetti"]),
        ("Par Élodie Marchetti (avec Paul Vasseur et Inès Roux)", ["Élodie Marchetti", "Paul Vasseur", "Inès Roux"]),
        ("Por Mariela Quintana Ríos", ["Mariela Quintana Ríos"]),
        ("por Mariela Quintana mquintana@diario.example", ["Mariela Quintana"]),
        ("Di Carla Benedetti", ["Carla Benedetti"]),
        ("Door Joost van den Berg", ["Joost van den Berg"]),
        ("Av Sigrid Lund", ["Sigrid Lund"]),
        ("Autor: Tomáš Dvořáček", ["Tomáš Dvořáček"]),
        ("Auteur Élodie Marchetti", ["Élodie Marchetti"]),
        ("By Gemma Faircloth, Senior Reporter", ["Gemma Faircloth"]),
        ("By Henrike Osei in Tromsvik", ["Henrike Osei"]),
        ("By Rafael Montoya for The Lakeside Tribune", ["Rafael Montoya"]),
        ("By Rafael Montoya · 5 min read", ["Rafael Montoya"]),
        ("By Rafael Montoya - Staff writer", ["Rafael Montoya"]),
        ("By Rafael Montoya@rmontoya Dec 6, 2026, 4:08pm EST", ["Rafael Montoya"]),
        ("By Rafael Montoya/June 12, 2026 9:49 am EST/Updated: Aug. 18, 2026 4:17 pm EST", ["Rafael Montoya"]),
        ("By Rafael Montoya Published in Metro December 14, 2026 2:24 pm", ["Rafael Montoya"]),
        ("By: Rafael Montoya", ["Rafael Montoya"]),
        ("• By: Lena Marsh, Erin Cole, The Lakeside Tribune", ["Lena Marsh", "Erin Cole"]),
        ("Posted by Lena M. Marsh on March 3, 2026, 6:21 AM EST", ["Lena M. Marsh"]),
        ("By T.J. Okafor Jr.", ["T.J. Okafor Jr."]),
        ("By Gavin O'Rourke and Tess McAllister", ["Gavin O'Rourke", "Tess McAllister"]),
        ("11/19/2026 by Lena Marsh", ["Lena Marsh"]),
        ("Monday November 16, 2026 7:45 am PST by Lena Marsh", ["Lena Marsh"]),
        ("Domenica 19 Aprile 2026 di Carla Benedetti", ["Carla Benedetti"]),
        ("Harbour plan approved – By Lena Marsh", ["Lena Marsh"]),
        ("Publish Date:Sat, 28 Nov 2026 01:34 PM (IST)Author: Arjun Mehta", ["Arjun Mehta"]),
        ("By Staff Reporter", []),
        ("By Metro Desk", []),
        ("By Smart Money Team", []),
        ("By Lakeside Tribune Editorial Staff", []),
        ("ByLena Marsh Mar 9, 2026", ["Lena Marsh"]),  # the renderer dropped the space after the label
        ("PorRodrigo Alves", ["Rodrigo Alves"]),
        ("By Erin Cole2026-01-26 21:32:46 UTC", ["Erin Cole"]),  # the date glued to the name
    ],
)
def test_bylines_in_their_common_forms(line, names):
    byline = parse_byline(line)
    assert byline is not None and byline.names == names


def test_byline_parts_beside_the_names():
    byline = parse_byline("By Ada Pennington | ada.pennington@tribune.example | The Lakeside Tribune")
    assert byline.names == ["Ada Pennington"] and byline.emails == ["ada.pennington@tribune.example"]
    assert byline.outlet == "The Lakeside Tribune"
    byline = parse_byline("By Ada Pennington (@adapen) | 3 March 2026")
    assert byline.handles == ["@adapen"] and [d.value for d in byline.dates] == [datetime(2026, 3, 3)]
    assert parse_byline("By Reuters").outlet == "Reuters"
    assert parse_byline("Harbour plan approved – By Lena Marsh").before == "Harbour plan approved"


@pytest.mark.parametrize(
    "line",
    [
        "By any measure, the plan was late.",
        "By Sunday the council had agreed to publish the costs in full.",
        "Par for the course, said the coach.",
        "Di Marco ha detto che il piano è pronto",
        "Von Berlin nach Hamburg fahren die Züge wieder",
        "Photo by Lena Marsh",
        "Image by Agency Images",
        "More by Lena Marsh",
        "The council was backed by Lena Marsh and her team",
        "Sign up for our newsletter by Friday",
    ],
)
def test_lines_that_are_not_bylines(line):
    byline = parse_byline(line)
    assert byline is None or byline.names == []


@pytest.mark.parametrize(
    "line, names",
    [
        ("Ada Pennington", ["Ada Pennington"]),
        ("Ada Pennington and Rui Costa @rcosta", ["Ada Pennington", "Rui Costa"]),
        ("Ada Pennington, Senior Reporter", ["Ada Pennington"]),
        ("Ada Pennington Senior Contributor", ["Ada Pennington"]),
        ("Ada Pennington Washington Correspondent, in Tromsvik", ["Ada Pennington"]),
        ("Ada Pennington - November 2, 2026", ["Ada Pennington"]),
        ("Ada Pennington | The Lakeside Tribune", ["Ada Pennington"]),
        ("Ada Pennington 19.10.2026, 05:00 Uhr", ["Ada Pennington"]),
        ("Ada Pennington 1 day ago", ["Ada Pennington"]),
        ("Ada Pennington/", ["Ada Pennington"]),
        ("Ada Pennington, AP Sports Writer", ["Ada Pennington"]),
        ("Hana Dvořáková Sádlová", ["Hana Dvořáková Sádlová"]),
        ("Lena Marsh, Tomasz Wilk, Erin Cole | LAKESIDE TODAY", ["Lena Marsh", "Tomasz Wilk", "Erin Cole"]),
        ("Lena MarshTomasz Wilk, The Lakeside Tribune", ["Lena Marsh", "Tomasz Wilk"]),
        (", Tomasz Wilk | twilk@tribune.example | Lakeside News Group", ["Tomasz Wilk"]),
    ],
)
def test_name_lines(line, names):
    byline = parse_name_line(line)
    assert byline is not None and byline.names == names


@pytest.mark.parametrize(
    "line",
    [
        # widget text, player status, menus, share bars, credits, outlets, prose, headlines
        "Share Link",
        "Follow",
        "Advertisement",
        "Top Stories",
        "Sign Up",
        "Subscribe Now",
        "Close Menu",
        "Toggle Menu",
        "Open Navigation Menu",
        "Current Time 0:00",
        "Stream Type LIVE",
        "Now Playing",
        "Getty Images",
        "Photo: Agency Images",
        "Lena Marsh/Agency Images",
        "Lena Marsh / Reuters",
        "© Lena Marsh",
        "The Lakeside Tribune",
        "Lakeside Daily News",
        "Santa Cruz",
        "Good Morning Lakeside",
        "Lena Marsh said the plan was late.",
        "Lena Marsh Is a Senior Reporter at The Lakeside Tribune.",
        "Shout Lena Marsh a coffee",
        "Social Links for Lena Marsh",
        "More by Lena Marsh",
        "Recent from Lena Marsh",
        "• Lena Marsh",
        "□ Tomasz Wilk",
        "1 Lena Marsh 5040 5 1 17 27",
        "Gas Prices Tumble in Time for Winter",
        "Harbour Plan Approved With New Costs in Court",
        "World's Richest",
        "Don't Miss",
        "Stade de Lakeside, Paris",
        "Family Finance",
        "Things To Do",
        "Edit Story",
        "LENA MARSH",
    ],
)
def test_furniture_is_not_a_name_line(line):
    assert parse_name_line(line) is None


def test_a_label_alone_on_its_line():
    assert all(is_byline_label(label) for label in ("By", "by:", "Von", "Par", "Por", "Autor:", "Written by", "Words:"))
    assert not is_byline_label("By the way") and not is_byline_label("Bylines")
    assert parse_byline("By" + " " + "Ada Pennington").names == ["Ada Pennington"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tomáš Dvořáček", True),
        ("Gavin O'Rourke", True),
        ("Ron DeLuca", True),
        ("T.J. Okafor Jr.", True),
        ("Share Link", False),
        ("Buy Now", False),
        ("Getty Images", False),
        ("Santa Cruz", False),
        ("A. B.", False),
        ("World's Richest", False),
        ("May Okafor", True),
    ],
)
def test_person_names_beyond_english(text, expected):
    assert is_person_name(text) is expected


# --------------------------------------------------------------------------------- article type: whose voice (issue 20)
# Made-up sentences: first person inside quotes or reported speech is the speaker's, not the writer's.

from newsclean.stages.split.body import _outside_quotes, article_type, is_caption  # noqa: E402

_SPEECH = [
    '"I think this was the best day of my life," said the coach. "I told my players I was proud of them."',
    "\u201cI knew I could do it,\u201d she said. \u201cMy team kept me going and I owe them.\u201d",
    "\u2018I have never felt like this,\u2019 he told reporters. \u2018I am proud of my club.\u2019",
    "\u201eI am happy with my form\u201c, the player said. \u00abI want my title back\u00bb, he added.",
    '"I am confident," said the runner. "But I take each race as it comes. "I think I can win my heat."',
    "I think we can win, and my players know it, the manager said after the match.",
    "According to the minister, I should expect my bill to fall and I must be patient.",
]


def test_quoted_and_reported_first_person_is_not_the_writers():
    paragraphs = _SPEECH * 3
    assert article_type(None, paragraphs, False, True)[0] != "opinion"
    # a multi-paragraph quote: each paragraph opens with a mark, only the last closes
    long_quote = [
        '"I remember my first game and I was nervous.',
        '"I told my father I would play for my town.',
        '"I still do."',
    ]
    assert article_type(None, long_quote * 3 + ["The club said the deal was done."], False, True)[0] != "opinion"


def test_outside_quotes_keeps_the_writers_text_and_apostrophes():
    assert "said the coach" in _outside_quotes(_SPEECH[0]) and " I " not in " " + _outside_quotes(_SPEECH[0])
    kept = _outside_quotes("I don't think the players' kit is the issue, and I can't say it's rock 'n' roll.")
    assert kept.startswith("I don't think the players' kit") and "I can't" in kept
    assert _outside_quotes("The '90s were years I loved.") == "The '90s were years I loved."


def test_the_writers_own_sustained_first_person_is_still_opinion():
    column = [
        "I have argued for years that my town deserves a better harbour, and I still think so.",
        "When I walk along the quay I see what my neighbours see: a place left to rot.",
        'The council says "we are listening", but I have heard that before and so have my readers.',
    ]
    assert article_type(None, column, False, True) == ("opinion", "first-person argument")
    # one first-person anecdote in an otherwise plain report is not a column
    report = [
        "The council approved the plan on Monday after a long debate.",
        "I went there once and I liked it, and my friends did too, I recall.",
        "Work is due to start in the spring and finish within two years.",
    ]
    assert article_type(None, report, False, True)[0] != "opinion"
    # labels and bios still decide first
    assert article_type("Opinion", _SPEECH, False, True)[0] == "opinion"
    assert article_type(None, _SPEECH, True, True) == ("opinion", "commentator bio")


def test_a_byline_and_date_below_a_share_bar_are_still_read_and_leave_the_body():
    """Pages put share bars, photo credits or a standfirst between the headline and the byline; the header block
    stops at such a line, and the byline and date line just below it are still the article's."""
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    doc = "\n\n".join(
        [
            "Ferry to run hourly all winter",
            "Share on Facebook Share on X",
            "Photo: Harbour Board",
            "By Mira Osei",
            "12 March 2026 10:05",
            prose,
            prose.replace("Tuesday", "Monday"),
        ]
    )
    trace = []
    row = split_document(doc, trace=trace)
    assert row["title"] == "Ferry to run hourly all winter"
    assert row["authors"] == ["Mira Osei"] and row["published"].isoformat() == "2026-03-12T10:05:00"
    assert "By Mira Osei" not in row["text"] and "12 March 2026" not in row["text"]
    assert ("byline (below the header)", "By Mira Osei") in trace


def test_a_date_in_the_body_below_running_prose_is_not_taken_for_the_published_date():
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    doc = "\n\n".join(
        ["Ferry to run hourly all winter", prose, prose.replace("Tuesday", "Monday"), "12 March 2026", prose]
    )
    row = split_document(doc)
    assert row["published"] is None and "12 March 2026" in row["text"]


def test_a_byline_below_the_standfirst_is_read_and_the_standfirst_becomes_the_description():
    standfirst = "The island ferry will keep its hourly crossings through the winter, the harbour board decided."
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    doc = "\n\n".join(
        [
            "Ferry to run hourly all winter",
            standfirst,
            "Share",
            "Von Ada Pennington",
            "Harbour News March 12, 2026, 7:57 AM",
            prose,
            prose.replace("Tuesday", "Monday"),
        ]
    )
    trace = []
    row = split_document(doc, trace=trace)
    assert row["authors"] == ["Ada Pennington"] and row["published"] == datetime(2026, 3, 12, 7, 57)
    assert row["description"] == standfirst and row["text"].startswith("The harbour board")
    assert ("description (above the byline or date)", standfirst) in trace


def test_a_date_below_a_standfirst_a_caption_and_a_promo_is_read_but_not_below_running_prose():
    """Single prose lines set apart by furniture (a standfirst, a credited photo, a newsletter promo) stand between
    headlines and bylines; two prose lines in a row are the article, and a date below them is the body's."""
    standfirst = "The island ferry will keep its hourly crossings through the winter, the harbour board decided."
    caption = "The harbour master speaks at a news conference on the quay after the vote, with the board behind him."
    promo = "Get the harbour news and the ferry timetables in your inbox every weekday morning, free of charge."
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    more = prose.replace("Tuesday", "Monday")
    credited = "The harbour master on the quay after the vote.Ada Pennington / Harbour Pictures"
    row = split_document(
        "\n\n".join(
            [
                "Ferry to run hourly all winter",
                standfirst,
                credited,
                "Harbour News Emails",
                promo,
                "SUBSCRIBE",
                "Mar. 12, 2026, 9:28 AM UTC",
                "By Tessa Holm",
                prose,
                more,
            ]
        )
    )
    assert row["published"] == datetime(2026, 3, 12, 9, 28) and row["authors"] == ["Tessa Holm"]
    row = split_document(
        "\n\n".join(["Ferry to run hourly all winter", caption, prose, more, "Mar. 12, 2026, 9:28 AM UTC", prose])
    )
    assert row["published"] is None and "Mar. 12, 2026" in row["text"]


def test_a_byline_printed_as_a_one_item_list_is_read_but_a_list_of_names_is_not():
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    more = prose.replace("Tuesday", "Monday")
    row = split_document(
        "\n\n".join(["Ferry to run hourly all winter", "Share", "  • Tessa Holm", "12 March 2026", prose, more])
    )
    assert row["authors"] == ["Tessa Holm"] and "Tessa Holm" not in row["text"]
    listed = split_document(
        "\n\n".join(
            ["Ferry to run hourly all winter", "Share", "  • Tessa Holm", "  • Mira Osei", "12 March 2026", prose, more]
        )
    )
    assert listed["authors"] == []


def test_an_updated_stamp_alone_stands_in_for_the_publication_day():
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    row = split_document(
        "\n\n".join(
            [
                "Ferry to run hourly all winter",
                "By Tessa Holm",
                "Updated 9:53 am PDT, Thursday, March 12, 2026",
                prose,
                prose,
            ]
        )
    )
    assert row["published"] == datetime(2026, 3, 12, 9, 53) and row["published_source"] == "updated"
    assert row["modified"] == row["published"] and "Updated" not in row["text"]
    printed = split_document(
        "\n\n".join(
            [
                "Ferry to run hourly all winter",
                "By Tessa Holm",
                "Published March 11, 2026 Updated March 12, 2026",
                prose,
                prose,
            ]
        )
    )
    assert printed["published"] == datetime(2026, 3, 11) and printed["published_source"] != "updated"


@pytest.mark.parametrize(
    "line, names",
    [
        ("Tessa HolmContributor", ["Tessa Holm"]),  # a role glued to the name
        ("Shona Ruiz PerezNovember 6, 2026", ["Shona Ruiz Perez"]),  # a date glued to the name
        ("Di Stefano Marco", ["Di Stefano Marco"]),  # a particle, not a byline label
    ],
)
def test_name_lines_with_glued_furniture(line, names):
    byline = parse_name_line(line)
    assert byline is not None and byline.names == names


@pytest.mark.parametrize("line", ["By Erin Cole", "DiCaprio wins again", "Bywater Street closes for repairs"])
def test_no_name_line_from_a_byline_or_a_glued_capital(line):
    assert parse_name_line(line) is None


def test_an_unlabelled_author_line_below_the_share_bar_is_read():
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    more = prose.replace("Tuesday", "Monday")
    doc = "\n\n".join(["Ferry to run hourly all winter", "Share", "Tessa Holm", "12 March 2026", prose, more])
    row = split_document(doc)
    assert row["authors"] == ["Tessa Holm"] and row["published"] == datetime(2026, 3, 12)
    assert row["text"] == prose + "\n\n" + more


def test_a_standfirst_over_a_share_bar_is_the_description_and_stays_in_the_body():
    standfirst = "The island ferry will keep its hourly crossings through the winter, the harbour board decided."
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    row = split_document(
        "\n\n".join(
            ["Ferry to run hourly all winter", standfirst, "  • Share", prose, prose.replace("Tuesday", "Monday")]
        )
    )
    assert row["description"] == standfirst and row["text"].startswith(standfirst)


def test_a_plain_articles_lede_is_no_standfirst():
    lede = "The island ferry will keep its hourly crossings through the winter, the harbour board decided."
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    row = split_document("\n\n".join(["Ferry to run hourly all winter", lede, "WINTER TIMETABLE", prose]))
    assert row["description"] is None and row["text"].startswith(lede)


def test_a_date_line_that_ends_like_a_sentence_below_a_caption_is_still_read():
    caption = "The harbour master speaks at a news conference on the quay after the vote, with the board behind him."
    stamp = "PUBLISHED: March 12, 2026 at 4:56 p.m. | UPDATED: March 12, 2026 at 6:00 p.m."
    prose = (
        "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
        "after a season in which crossings were cut twice."
    )
    row = split_document(
        "\n\n".join(
            [
                "Ferry to run hourly all winter",
                caption,
                "By Tessa Holm",
                stamp,
                prose,
                prose.replace("Tuesday", "Monday"),
            ]
        )
    )
    assert row["published"] == datetime(2026, 3, 12, 16, 56) and row["authors"] == ["Tessa Holm"]


def test_a_byline_whose_date_its_reader_leaves_gives_the_date():
    row = split_document(
        "\n\n".join(["Ferry to run hourly all winter", "By Tessa Holm Dec 12, 2025 2:00 PMTags", BODY])
    )
    assert row["authors"] == ["Tessa Holm"] and row["published"].date() == datetime(2025, 12, 12).date()


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("In this March 3, 2025, file photo, the harbour master walks along the quay before the vote.", True),
        ("This handout photo shows the new ferry at the yard in Tromsvik.", True),
        ("In this case the court ruled against the photo agency, which appealed the decision.", False),
        ("This is the picture of a town that has lost its harbour, the mayor said on Tuesday evening.", False),
    ],
)
def test_wire_captions_are_captions(caption, expected):
    assert is_caption(caption) is expected


def test_a_title_keeps_its_own_separators_when_nothing_is_stripped():
    header = Header()
    assert (
        clean_title("Design Week 2026 | A lamp for the harbour", header) == "Design Week 2026 | A lamp for the harbour"
    )
    assert (
        clean_title("World | Harbour board approves the ferry timetable", header)
        == "Harbour board approves the ferry timetable"
        and header.section == "World"
    )


def test_a_sentence_ends_in_the_scripts_of_the_pages_corpus():
    from newsclean.stages.split.furniture import line_shape

    for end in ("։", "।", "۔", "።", "。"):
        line = "one two three four five six seven eight nine ten eleven" + end
        assert line_shape(line, set())[0], end  # prose


def test_a_name_over_a_date_line_is_the_byline_of_a_text_without_a_title():
    row = split_document("Mira Osei\n\nNovember 19th, 2026 at 8:40 AM\n\nShare Tweet\n\n" + BODY)
    assert row["authors"] == ["Mira Osei"] and row["published"] == datetime(2026, 11, 19, 8, 40)
    assert row["title"] is None


def test_without_a_title_only_labelled_bylines_and_dates_are_searched_below_the_top():
    """With no headline read, the top of the text is unknown ground: a kicker reads like a name."""
    row = split_document("Harbour Board Office\n\n" + BODY.replace("\n\n", "\n\nBy Mira Osei\n\n", 1), language="pt")
    assert row["authors"] == ["Mira Osei"]
    row = split_document("Presidente do Conselho\n\nPedro Costa\n\n" + BODY, language="pt")
    assert row["authors"] == []


# A byline that names no person credits the agency, outlet or desk that signs the text.
@pytest.mark.parametrize(
    "line, credit",
    [
        ("By Reuters", "Reuters"),
        ("By: CNN Wire", "CNN Wire"),
        ("Von dpa", "dpa"),
        ("By Metro Desk", "Metro Desk"),
        ("By Harbour Media News Service | Aug 26, 2026", "Harbour Media News Service"),
    ],
)
def test_a_labelled_byline_credits_an_organisation_when_it_names_no_person(line, credit):
    byline = parse_byline(line)
    assert byline is not None and byline.names == [] and byline.credit == credit


def test_a_column_name_after_by_credits_no_one():
    byline = parse_byline("By The Numbers")
    assert byline is None or (byline.names == [] and byline.credit is None)


@pytest.mark.parametrize(
    "line, credit",
    [
        ("PTI | July 9, 2026 | Updated 08:24 IST", "PTI"),
        ("Reuters, Washington,", "Reuters"),
        ("The Associated Press", "The Associated Press"),
        ("AFP", None),  # a picture's credit
        ("Reuters", None),
        ("Harbour Board Office", None),
    ],
)
def test_an_unlabelled_line_credits_a_wire_agency_only_with_byline_furniture_or_spelled_out(line, credit):
    from newsclean.stages.split.bylines import parse_name_line

    byline = parse_name_line(line)
    assert (byline.credit if byline is not None else None) == credit


def test_an_agency_byline_is_the_articles_author():
    row = split_document("Harbour board approves the ferry timetable\n\nBy Reuters\n\n" + BODY)
    assert row["authors"] == ["Reuters"]
    row = split_document("Harbour board approves the ferry timetable\n\nBy Mira Osei\n\nBy Reuters\n\n" + BODY)
    assert row["authors"] == ["Mira Osei"]


def test_a_multiword_label_glued_to_the_name_is_read():
    assert parse_byline("Geschrieben vonMira Osei").names == ["Mira Osei"]
    assert parse_byline("Written byMira Osei").names == ["Mira Osei"]
    assert parse_byline("Bygone days on the quay") is None


def test_a_date_line_that_an_agency_signs_gives_the_date_and_the_author():
    row = split_document(
        "Harbour board approves the ferry timetable\n\nPTI | July 9, 2026 | Updated 08:24 IST\n\n" + BODY
    )
    assert row["authors"] == ["PTI"] and row["published"] == datetime(2026, 7, 9)


@pytest.mark.parametrize("document", ["", "\n", "   \n  ", "\t"])
def test_an_empty_or_blank_document_is_an_empty_body_not_a_crash(document):
    with pytest.raises(EmptyBody):
        split_document(document)
