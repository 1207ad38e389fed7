"""BCubed against a case computed by hand."""

from __future__ import annotations

import pytest

from parallax.stories.bcubed import bcubed


def test_hand_computed_case() -> None:
    # Gold: {1,2,3} {4,5}. Predicted: {1,2} {3,4,5}.
    # Precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15.
    # Recall per item:    2/3, 2/3, 1/3, 1, 1 -> 11/15.
    predicted = ["x", "x", "y", "y", "y"]
    gold = ["a", "a", "a", "b", "b"]
    precision, recall, f1 = bcubed(predicted, gold)
    assert precision == pytest.approx(11 / 15)
    assert recall == pytest.approx(11 / 15)
    assert f1 == pytest.approx(11 / 15)


def test_all_in_one_group_has_full_recall_and_low_precision() -> None:
    # Gold {1,2} {3} {4}; everything together: precision (1/2+1/2+1/4+1/4)/4 = 3/8.
    precision, recall, _ = bcubed(["g"] * 4, ["a", "a", "b", "c"])
    assert (precision, recall) == (pytest.approx(3 / 8), 1.0)


def test_labels_are_only_names() -> None:
    assert bcubed([7, 7, 9], ["a", "a", "b"]).f1 == 1.0


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="2 predicted labels for 3 gold"):
        bcubed([1, 2], [1, 2, 3])
