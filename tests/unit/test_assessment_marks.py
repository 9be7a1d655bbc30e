"""BZ-A2: the assessment's marks read back as counts (application/assessment/marks.py)."""

from __future__ import annotations

from application.assessment.marks import (
    RATED,
    RECEIVED,
    bucket_head,
    counts_of,
    unbucket,
)


def test_a_bucket_reads_back_its_mark_chain_score_and_rater():
    bucket = bucket_head(RATED, 4, True) + "CX/CX01//"
    assert unbucket(bucket) == (RATED, ("CX", "CX01", None, None), 4, True)
    plain = bucket_head(RECEIVED, None, False) + "CX/CX01/CX0101/CX010101"
    assert unbucket(plain) == (
        RECEIVED,
        ("CX", "CX01", "CX0101", "CX010101"),
        None,
        False,
    )


def test_counts_add_up_at_each_level_only_where_the_mark_counts_BZ_A2():
    """A request received in a group counts once at each unit above it; a level's count
    of 0 (its mark there was not the last in the period) adds nothing there."""
    chain = ("CX", "CX01", "CX0101", "CX010101")
    marks = [
        (RECEIVED, chain, None, False, (1, 1, 1, 0)),
        (RATED, chain[:2] + (None, None), 5, True, (1, 1, 0, 0)),
        (RATED, chain[:2] + (None, None), 2, False, (1, 0, 0, 0)),
    ]
    held = [(chain, 3, 1)]
    by_unit = counts_of(marks, held)
    assert by_unit["CX"].received == 1 and by_unit["CX010101"].received == 0
    assert (by_unit["CX"].ratings, by_unit["CX"].satisfied) == (2, 1)
    assert by_unit["CX"].score_sum == 7 and by_unit["CX"].ratings_by_residents == 1
    assert (by_unit["CX01"].ratings, by_unit["CX01"].score_sum) == (1, 5)
    assert by_unit["CX0101"].ratings == 0
    assert (by_unit["CX010101"].open_now, by_unit["CX010101"].overdue_now) == (3, 1)
