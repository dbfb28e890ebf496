"""The splitter on real text read in place from ../shared (skipped, with the reason, when absent).

Facts are asserted by shape and value; none of the files' text is copied here.
"""

import re
from datetime import datetime

import pytest
from conftest import shared_path

from newsclean.core.config import Limits
from newsclean.stages.discover import discover
from newsclean.stages.ingest import ingest
from newsclean.stages.language import add_language
from newsclean.stages.split import is_person_name, split


def split_folder(folder):
    result = ingest(discover(folder).files, Limits())
    rows, quarantine = split(add_language(result.documents))
    return rows.to_pylist(), quarantine.to_pylist(), result


@pytest.fixture(scope="module")
def samples(raw_samples):
    rows, quarantine, _ = split_folder(raw_samples)
    assert quarantine == []
    return {r["source_file"][:3]: r for r in rows}


def test_every_sample_is_one_document(samples):
    assert sorted(samples) == ["000", "001", "002", "003", "004"]
    assert all(r["n_segments"] == 1 for r in samples.values())


def test_000_header_block(samples):
    row = samples["000"]
    assert row["title"] and row["description"] and len(row["description"].split()) > 8
    assert row["authors"] == ["David Blair"] and row["sitename"] == "The Telegraph"
    assert (row["published"], row["published_precision"], row["published_source"]) == (
        datetime(2026, 2, 3),
        "day",
        "header",
    )
    assert row["author_bio"].startswith("David Blair ")
    assert "\u2009" not in row["text"] and "  " not in row["text"] and "\u00a0" not in row["text"]
    assert not row["text"].startswith(row["title"])


def test_001_date_first_bio_and_handle(samples):
    row = samples["001"]
    assert row["title"] is None and row["sitename"] is None
    assert row["authors"] == ["Jennifer Kavanagh"] and row["social_handles"] == ["jekavanagh"]
    assert row["author_bio"] is not None and "jekavanagh" not in row["text"]
    assert row["published"] == datetime(2026, 1, 28, 12, 10) and row["published_precision"] == "minute"


def test_002_captions_stitched_and_no_invented_metadata(samples):
    row = samples["002"]
    assert row["title"] and row["authors"] == [] and row["published"] is None and row["sitename"] is None
    assert len(row["captions"]) == 4
    assert all(caption not in row["text"] for caption in row["captions"])
    assert "stitched" in row["text_flags"]


def test_003_rewrite_without_title(samples):
    row = samples["003"]
    assert row["title"] is None and row["authors"] == [] and row["published"] is None
    assert "stitched" in row["text_flags"]
    assert not row["text"].endswith("\n")


def test_004_kicker_repeated_date_and_footer(samples):
    row = samples["004"]
    assert row["section"] == "World" and row["title"].endswith("?")
    assert row["published"] == datetime(2025, 11, 20, 1, 30) and row["modified"] is None
    assert row["authors"] == [] and row["sitename"] == "The Spectator"
    footer = row["boilerplate_removed"][-2:]
    assert footer[-1] == "Close" and footer[0].startswith("Got something to add?")
    assert "Close" not in row["text"].split("\n\n")


def test_no_sample_has_an_outlet_or_role_as_author(samples):
    for row in samples.values():
        assert all(is_person_name(a) for a in row["authors"])
        assert row["language"] == "en"


def _words(text):
    return " ".join(text.split())


def test_bbc_titles_and_no_lost_paragraph():
    folder = shared_path("corpora", "bbc")
    rows, quarantine, result = split_folder(folder)
    assert quarantine == [] and result.quarantine.num_rows == 0
    originals = {r["source_file"]: r["document"] for r in result.documents.to_pylist()}
    articles = [r for r in rows if r["source_file"].lower() != "readme.txt"]
    assert len(articles) >= 2200
    titled = sum(1 for r in articles if r["title"] and r["title"] in originals[r["source_file"]].split("\n")[0])
    assert titled / len(articles) >= 0.99
    lost = []
    for r in articles:
        kept = _words(r["text"]) + " " + _words(r["author_bio"] or "")
        for paragraph in originals[r["source_file"]].split("\n")[1:]:
            if paragraph.strip() and _words(paragraph) not in kept and paragraph.strip() != r["title"]:
                lost.append((r["source_file"], paragraph[:60]))
    assert lost == []
    bios = [r for r in articles if r["author_bio"]]
    assert all(re.search(r"\b(?:is|was|has)\b", r["author_bio"]) for r in bios)
