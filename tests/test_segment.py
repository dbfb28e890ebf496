from newsclean.config import Limits
from newsclean.discover import discover
from newsclean.ingest import ingest
from newsclean.segment import segment_spans

BODY = "\n\n".join(f"Paragraph {i} of the first story ends here." for i in range(5))


def pieces(text):
    return [text[s:e] for s, e in segment_spans(text)]


def test_separator_lines_cut_a_file_into_documents():
    text = f"First title\n\n3 March 2026\n\n{BODY}\n\n-----\n\nSecond title\n\nIts body.\n"
    first, second = pieces(text)
    assert first.startswith("First title") and first.rstrip().endswith("ends here.")
    assert second.strip().startswith("Second title") and "-----" not in first + second


def test_a_second_header_block_opens_a_new_document():
    text = f"Title one\n\n3 March 2026\n\n{BODY}\n\nA second story begins here today\n\nBy Rui Costa\n\n4 March 2026\n\nIts body."
    first, second = pieces(text)
    assert second.startswith("A second story begins") and "Rui Costa" not in first


def test_no_cut_without_a_boundary():
    underline = "Title\n=====\n\nBody text follows here."
    assert segment_spans(underline) == [(0, len(underline))]
    scene_break = f"Title\n\n{BODY}\n\n* * *\n\nThe story goes on."
    assert len(segment_spans(scene_break)) == 1  # three stars are a scene break, not a separator
    quoted_date = f"Title\n\n{BODY}\n\nThe meeting was moved\n\n3 March 2026 was the new date."
    assert len(segment_spans(quoted_date)) == 1


def test_spans_point_into_the_original_and_documents_are_numbered(tmp_path):
    text = f"First title\n\n{BODY}\n\n==========\n\nSecond title\n\nIts body.\n"
    (tmp_path / "two.txt").write_text(text)
    result = ingest(discover(tmp_path).files, Limits())
    docs = result.documents.to_pylist()
    assert result.segments == {"two.txt": 2}
    assert [(d["segment_index"], d["n_segments"]) for d in docs] == [(0, 2), (1, 2)]
    for doc in docs:
        original = text[doc["char_start"]:doc["char_end"]]
        assert " ".join(original.split()) == " ".join(doc["document"].split())
