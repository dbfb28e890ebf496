"""Property-based: whatever bytes a raw file holds, every document is segmented or quarantined with a stable
reason, nothing raises, and the counts add up."""

import gzip
import json
import string

import pyarrow.compute as pc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.core.config import Limits
from newsclean.core.schema import QUARANTINE_REASONS
from newsclean.outputs.account import account
from newsclean.stages.dedup import deduplicate
from newsclean.stages.discover import discover
from newsclean.stages.per_file import process_files

SMALL = Limits(max_file_bytes=200_000, max_decompressed_bytes=300_000, max_document_chars=50_000)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
TEXTISH = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000)


def _check(folder):
    found = discover(folder)
    batch = process_files(found.files, SMALL)
    articles, duplicates = deduplicate(batch.rows)
    quarantine = batch.quarantine
    assert set(quarantine.column("reason").to_pylist()) <= set(QUARANTINE_REASONS)
    file_level = quarantine.filter(pc.is_null(quarantine.column("segment_index")))
    counts = account(
        [f.source_file for f in found.files],
        batch.segments,
        file_level.column("source_file").to_pylist(),
        articles.num_rows,
        duplicates.num_rows,
        quarantine.num_rows - file_level.num_rows,
        len(found.ignored),
    )
    assert counts.holds
    for path in articles.column("source_file").to_pylist():
        assert not path.startswith("/") and ".." not in path.split("/")
    return counts


def _write(tmp_path_factory, name: str, data: bytes):
    folder = tmp_path_factory.mktemp("raw")
    (folder / name).write_bytes(data)
    return folder


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(data=st.binary(max_size=5000), suffix=st.sampled_from([".txt", ".jsonl", ".txt.gz", ".jsonl.gz"]))
def test_arbitrary_bytes_never_crash_and_are_accounted_for(tmp_path_factory, data, suffix):
    _check(_write(tmp_path_factory, "input" + suffix, data))


@PROPERTY
@given(lines=st.lists(TEXTISH, max_size=40), end=LINE_ENDS, nul=st.booleans(), repeat=st.integers(1, 50))
def test_text_with_any_line_ends_nuls_and_repeats(tmp_path_factory, lines, end, nul, repeat):
    text = end.join(lines * repeat)
    if nul:
        text = text.replace("a", "\0")
    _check(_write(tmp_path_factory, "story.txt", text.encode("utf-8", "surrogatepass")))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTISH,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@PROPERTY
@given(
    records=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"text": TEXTISH},
                optional={
                    "url": JSON_VALUES,
                    "title": JSON_VALUES,
                    "date": JSON_VALUES,
                    "source_file": st.just("../../etc/passwd"),
                    "sitename": JSON_VALUES,
                },
            ),
            JSON_VALUES,
        ),
        max_size=20,
    ),
    junk=st.lists(st.text(string.printable, max_size=50), max_size=5),
)
def test_jsonl_with_any_fields_and_junk_lines(tmp_path_factory, records, junk):
    lines = [json.dumps(r) for r in records] + junk
    _check(_write(tmp_path_factory, "feed.jsonl", "\n".join(lines).encode()))


@PROPERTY
@given(text=TEXTISH, cut=st.integers(0, 200))
def test_truncated_and_whole_gzip(tmp_path_factory, text, cut):
    packed = gzip.compress(text.encode())
    _check(_write(tmp_path_factory, "story.txt.gz", packed[: max(0, len(packed) - cut)]))


def test_a_gzip_bomb_a_huge_line_and_many_empty_lines_are_quarantined_not_fatal(tmp_path):
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"\0" * 2_000_000))
    (tmp_path / "one-line.txt").write_bytes(b"word " * 40_000)
    (tmp_path / "empty-lines.txt").write_bytes(b"\n" * 100_000)
    found = discover(tmp_path)
    reasons = {r["source_file"]: r["reason"] for r in process_files(found.files, SMALL).quarantine.to_pylist()}
    assert reasons == {
        "bomb.txt.gz": "decompressed_too_large",
        "one-line.txt": "document_too_large",
        "empty-lines.txt": "empty_file",
    }
    _check(tmp_path)
