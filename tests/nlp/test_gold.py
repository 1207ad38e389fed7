"""The layer holds its measured quality on the hand-checked gold (tests/data/gold).

bench/language.py prints the full table; these floors sit a little under what it measures,
so a change that makes quantities or speakers worse fails here first.
"""

from __future__ import annotations

import pytest
from gold_scoring import (
    gold_articles,
    load_gold,
    same_speaker,
    score_quantities,
    score_quotes,
)

from parallax.nlp.annotate import annotate_articles


@pytest.fixture(scope="module")
def quantity_score():
    passages = load_gold("quantities")
    return score_quantities(passages, annotate_articles(gold_articles(passages)))


@pytest.fixture(scope="module")
def quote_score():
    passages = load_gold("quotes")
    return score_quotes(passages, annotate_articles(gold_articles(passages)))


def test_gold_sets_are_as_large_as_promised(quantity_score, quote_score) -> None:
    assert quantity_score.gold >= 150
    assert quote_score.gold >= 50


def test_quantity_bounds_and_units(quantity_score) -> None:
    assert quantity_score.detection_precision >= 0.95
    assert quantity_score.detection_recall >= 0.95
    assert quantity_score.precision >= 0.90, quantity_score.misses
    assert quantity_score.recall >= 0.90, quantity_score.misses


def test_quote_speakers(quote_score) -> None:
    assert quote_score.detection_precision >= 0.92
    assert quote_score.detection_recall >= 0.92
    assert quote_score.precision >= 0.80, quote_score.misses
    assert quote_score.recall >= 0.80, quote_score.misses


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("John Kirby", "Kirby", True),
        ("James R. Clapper Jr.", "Clapper", True),
        ("senior official", "senior administration official", True),
        ("John Kirby", "Lloyd Austin", False),
        (None, None, True),
        ("Kirby", None, False),
    ],
)
def test_speaker_names_compare_by_last_name(gold, predicted, same) -> None:
    assert same_speaker(gold, predicted) is same
