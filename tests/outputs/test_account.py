import pytest

from newsclean.outputs.account import ConservationError, account


def test_balanced_run():
    result = account(
        ["a.txt", "b.jsonl", "c.txt"],
        {"a.txt": 1, "b.jsonl": 4},
        ["c.txt"],
        n_articles=3,
        n_duplicates=1,
        n_quarantined_documents=1,
        n_ignored=2,
    )
    assert result.holds and result.documents_segmented == 5 and result.files_ignored == 2
    assert result.lines()[1].endswith("(ok)")


@pytest.mark.parametrize(
    "segments, quarantined, articles, message",
    [
        ({"a.txt": 1}, [], 1, "neither segmented nor quarantined"),
        ({"a.txt": 1, "b.txt": 1}, ["b.txt"], 1, "both segmented and quarantined"),
        ({"a.txt": 1, "b.txt": 1}, [], 1, "off by 1"),
        ({"a.txt": 1, "b.txt": 1, "x.txt": 1}, [], 3, "never discovered"),
    ],
)
def test_unbalanced_runs_raise(segments, quarantined, articles, message):
    with pytest.raises(ConservationError, match=message):
        account(
            ["a.txt", "b.txt"], segments, quarantined, n_articles=articles, n_duplicates=0, n_quarantined_documents=0
        )
