"""dedup's steps on their own: what each hands on, in the index space it names."""

import numpy as np

from newsclean.stages.dedup.reference import Reference
from newsclean.stages.dedup.steps import ExactCopies, NearCopies, Removal, exact_copies, removals


def test_exact_copies_hand_on_the_distinct_texts_in_keep_order_and_each_copy_behind_its_group_first():
    ids = ["a", "b", "a", "c", "b", "p"]
    rank = np.array([4, 1, 2, 5, 3, 0])  # keep order: rows 5, 1, 2, 4, 0, 3
    reference = Reference(["p"], np.empty((1, 4), np.uint32))
    exact = exact_copies(ids, rank, reference)
    assert exact.rows_in_keep_order == [1, 2, 3]
    assert exact.published_rows == [5]
    assert exact.first_of_copy == {4: 1, 0: 2}


def test_removals_put_an_exact_copy_behind_what_its_group_first_stands_behind():
    ids = ["a", "a2", "b", "b2", "p", "p2"]
    exact = ExactCopies(rows_in_keep_order=[0, 2], published_rows=[4], first_of_copy={1: 0, 3: 2, 5: 4})
    near_found = NearCopies(similarity={2: 0.9}, kept_row={2: 0}, published={})
    removed = removals(exact, near_found, ids, Reference(["p"], np.empty((1, 4), np.uint32)))
    assert removed.of_copy == {
        4: Removal("p", 1.0, "exact", "already_published"),
        2: Removal("a", 0.9, "near", None),
        1: Removal("a", 1.0, "exact", None),
        3: Removal("a", 0.9, "near", None),
        5: Removal("p", 1.0, "exact", "already_published"),
    }
    assert removed.kept_row == {2: 0, 1: 0, 3: 0}
