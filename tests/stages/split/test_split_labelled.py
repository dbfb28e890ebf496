"""The labelled split set (tests/labelled): every field of every document, as labelled."""

import pytest
from labelled.compare import FIELDS, expected, field_accuracy, run_split

WANT = expected()


@pytest.fixture(scope="module")
def got():
    return run_split()


def test_the_set_is_large_and_varied():
    layouts = {name.rsplit("-", 1)[0] for name in WANT}
    assert len(WANT) >= 60 and len(layouts) >= 8


@pytest.mark.parametrize("name", sorted(WANT))
def test_file_splits_as_labelled(got, name):
    documents = got.get(name, [])
    assert len(documents) == len(WANT[name]), f"{name}: {len(documents)} documents, expected {len(WANT[name])}"
    for index, (row, want) in enumerate(zip(documents, WANT[name])):
        wrong = {field: (row[field], want[field]) for field in FIELDS if row[field] != want[field]}
        assert wrong == {}, f"{name} document {index}: field: (got, expected)"


def test_accuracy_is_counted_over_every_field(got):
    scores = field_accuracy(got, WANT)
    assert set(scores) == set(FIELDS)
    assert all(total == sum(len(v) for v in WANT.values()) for _, total in scores.values())
