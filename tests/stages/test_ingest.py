import gzip
import json
import re

import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.core.config import Limits
from newsclean.stages.discover import RawFile, discover
from newsclean.stages.ingest import Rejected, decode, ingest, normalise_whitespace, repair_text


def ingest_dir(root, limits=Limits()):
    result = ingest(discover(root).files, limits)
    return result.documents.to_pylist(), result.quarantine.to_pylist(), result.segments


def write(root, name, data: bytes):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_whitespace_is_normalised_for_processing():
    raw = "Title\u00a0line  \r\n\r\n\r\n\r\n2,300\u2009sq miles\t here \u00a0\n\n\u200bEnd"
    assert normalise_whitespace(raw) == "Title line\n\n2,300 sq miles here\n\nEnd"


def _whitespace_by_regex(text: str) -> str:
    # The rule as regexes (the implementation before str.split took over): any white space but a newline
    # becomes one space, spaces around a newline go, three or more newlines become a blank line.
    text = re.sub(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]", "\n", text)
    text = re.sub(r"[\u200b\u2060\ufeff\u00ad]", "", text)
    text = re.sub(r"[^\S\n]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u2009\u2028\u3000\u200bab.", max_size=40))
def test_whitespace_rule_equals_its_regex_definition(text):
    assert normalise_whitespace(text) == _whitespace_by_regex(text)


def test_mojibake_is_repaired_and_reported():
    text, repaired = repair_text("The mayorâ€™s plan")
    assert text == "The mayor’s plan" and repaired
    text, repaired = repair_text("“Curly” quotes stay curly")
    assert text == "“Curly” quotes stay curly" and not repaired


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("naïve café £5".encode(), "utf-8"),
        (b"\xef\xbb\xbfwith a BOM", "utf-8"),
        ("Caf\u00e9 owners pay \u00a390 more".encode("latin-1"), "iso-8859-1"),
        ("\u201cQuoted\u201d in Windows-1252".encode("cp1252"), "cp1252"),
        ("Привет, как дела? Это тестовый текст о новостях и политике. ".encode("cp1251") * 10, "cp1251"),
        ("utf-16 text".encode("utf-16"), "utf-16"),
    ],
)
def test_decode_detects_and_records_the_encoding(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert text == data.decode(encoding if encoding != "utf-8" else "utf-8-sig")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty_file"),
        (b" \n\t\n", "empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_file"),
        (bytes(range(0x80, 0x100)) * 8, "undecodable"),
    ],
)
def test_decode_rejects_with_a_stable_reason(data, reason):
    with pytest.raises(Rejected) as caught:
        decode(data)
    assert caught.value.reason == reason


def test_bbc_latin1_file_is_decoded_as_latin1():
    path = shared_path("corpora", "bbc", "sport", "199.txt")
    text, encoding = decode(path.read_bytes())
    assert encoding == "iso-8859-1"
    assert "£" in text and "Ã" not in text


def test_text_file_is_one_document_whose_span_covers_the_original(tmp_path):
    original = "Headline\n\n\u00a0\nBody   text.\n"
    write(tmp_path, "a.txt", original.encode())
    docs, quarantine, segments = ingest_dir(tmp_path)
    assert quarantine == [] and segments == {"a.txt": 1}
    (doc,) = docs
    assert doc["document"] == "Headline\n\nBody text."
    assert (doc["char_start"], doc["char_end"]) == (0, len(original))
    assert doc["segment_index"] == 0 and doc["n_segments"] == 1 and doc["source_encoding"] == "utf-8"


def test_jsonl_lines_become_documents_with_spans_metadata_and_extra(tmp_path):
    lines = [
        json.dumps({"text": "First story.", "url": "https://a.example/1", "sitename": "A", "crawl": {"t": 1}}),
        "",
        json.dumps({"text": "Second story.", "title": "Two", "date": "2026-01-02", "lang": "en"}),
        "{broken",
        json.dumps(["a", "list"]),
        json.dumps({"url": "https://a.example/3"}),
        json.dumps({"text": 5}),
        json.dumps({"text": "x", "title": 5}),
        json.dumps({"text": " \u00a0 "}),
    ]
    content = "\n".join(lines)
    write(tmp_path, "feed.jsonl", content.encode())
    docs, quarantine, segments = ingest_dir(tmp_path)
    assert segments == {"feed.jsonl": 8}  # blank lines are not documents
    assert [d["segment_index"] for d in docs] == [0, 1]
    first, second = docs
    assert content[first["char_start"] : first["char_end"]] == lines[0]
    assert content[second["char_start"] : second["char_end"]] == lines[2]
    assert first["url"] == "https://a.example/1" and first["meta_sitename"] == "A"
    assert first["extra"] == [{"key": "crawl", "value": '{"t": 1}'}]
    assert (
        second["meta_title"] == "Two"
        and second["meta_date"] == "2026-01-02"
        and second["extra"] == [{"key": "lang", "value": "en"}]
    )
    reasons = [(q["segment_index"], q["reason"]) for q in quarantine]
    assert reasons == [
        (2, "jsonl_malformed"),
        (3, "jsonl_malformed"),
        (4, "jsonl_missing_text"),
        (5, "jsonl_missing_text"),
        (6, "jsonl_bad_field"),
        (7, "empty_document"),
    ]


def test_gzip_files_are_read_and_bad_gzip_is_quarantined(tmp_path):
    write(tmp_path, "good.txt.gz", gzip.compress(b"Compressed story.\n"))
    varied = " ".join(f"word{i * 7919 % 10007}" for i in range(5000))
    write(tmp_path, "truncated.txt.gz", gzip.compress(varied.encode())[:2000])
    write(tmp_path, "notgzip.jsonl.gz", b"plain text pretending")
    docs, quarantine, _ = ingest_dir(tmp_path)
    assert [d["document"] for d in docs] == ["Compressed story."]
    assert {q["source_file"]: q["reason"] for q in quarantine} == {
        "truncated.txt.gz": "gzip_error",
        "notgzip.jsonl.gz": "gzip_error",
    }


def test_gzip_bomb_is_capped(tmp_path):
    write(tmp_path, "bomb.txt.gz", gzip.compress(b"a" * 5_000_000))
    docs, quarantine, _ = ingest_dir(tmp_path, Limits(max_decompressed_bytes=1_000_000))
    assert docs == [] and quarantine[0]["reason"] == "decompressed_too_large"


def test_size_limits_quarantine(tmp_path):
    write(tmp_path, "big.txt", b"word " * 1000)
    docs, quarantine, _ = ingest_dir(tmp_path, Limits(max_file_bytes=100))
    assert quarantine[0]["reason"] == "file_too_large"
    docs, quarantine, _ = ingest_dir(tmp_path, Limits(max_document_chars=100))
    assert quarantine[0]["reason"] == "document_too_large" and quarantine[0]["segment_index"] == 0


def test_unreadable_file_is_quarantined_not_fatal(tmp_path):
    raw = RawFile(str(tmp_path / "gone.txt"), "gone.txt", 10, "0" * 64)
    result = ingest([raw], Limits())
    assert result.quarantine.column("reason").to_pylist() == ["read_error"]


def test_a_file_that_changes_or_vanishes_after_discovery_is_quarantined_not_misread(tmp_path):
    from newsclean.core.config import Limits
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest

    story = "The ferry timetable now runs every hour through the winter, the harbour board said on Tuesday.\n"
    (tmp_path / "changing.txt").write_text("Ferry timetable\n\n" + story * 3)
    (tmp_path / "vanishing.txt").write_text("Pier closed\n\n" + story * 3)
    found = discover(tmp_path).files
    (tmp_path / "changing.txt").write_text("Ferry timetable (corrected)\n\n" + story * 4)
    (tmp_path / "vanishing.txt").unlink()
    result = ingest(found, Limits())
    reasons = {r["source_file"]: r["reason"] for r in result.quarantine.to_pylist()}
    assert reasons == {"changing.txt": "changed_during_run", "vanishing.txt": "read_error"}
    assert result.documents.num_rows == 0


SURROGATE_FIELDS = ("url", "title", "sitename", "date", "text", "extra_value", "extra_key")


def test_a_lone_surrogate_in_any_jsonl_field_quarantines_that_record_only(tmp_path):
    """Issue 19 (5): ``"url": "http://x.com/\\ud800"`` (or a title, sitename, date, extra key or value) raised
    UnicodeEncodeError in pa.Table.from_pylist, and nothing was published, every run.  Each such record is
    quarantined (jsonl_bad_field, naming the field); a properly paired surrogate (an emoji) is kept."""
    story = "The ferry timetable now runs every hour through the winter, the harbour board said on Tuesday. " * 3
    lines = [json.dumps({"text": story, "url": "https://gazette.example/ok", "title": "Fine \ud83d\ude00"})]
    for field in SURROGATE_FIELDS:
        record = {"text": story, "url": "https://gazette.example/x"}
        if field == "extra_value":
            record["crawl"] = {"note": "bad \ud800 here"}
        elif field == "extra_key":
            record["bad\udfffkey"] = "value"
        else:
            record[field] = (record.get(field, "") + " \ud800").strip()
        lines.append(json.dumps(record))  # ensure_ascii: the surrogate is written as the escape \ud800
    write(tmp_path, "feed.jsonl", ("\n".join(lines) + "\n").encode())
    docs, quarantine, segments = ingest_dir(tmp_path)
    assert len(docs) == 1 and docs[0]["meta_title"] == "Fine \U0001f600"
    assert [q["reason"] for q in quarantine] == ["jsonl_bad_field"] * len(SURROGATE_FIELDS)
    assert [q["segment_index"] for q in quarantine] == list(range(1, len(SURROGATE_FIELDS) + 1))
    assert "lone surrogate" in quarantine[0]["detail"] and "`url`" in quarantine[0]["detail"]
    assert segments == {"feed.jsonl": len(lines)}
