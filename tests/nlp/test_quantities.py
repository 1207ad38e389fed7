"""Quantities: the forms outlets use for one figure become the intervals they state."""

from __future__ import annotations

import pytest
from tests.nlp.conftest import Annotate


@pytest.mark.parametrize(
    ("sentence", "text", "low", "high", "approximate", "unit"),
    [
        ("The US is sending about 2,000 troops to Poland.", "about 2,000 troops",
         2000, 2000, True, "troop"),
        ("They join more than 80,000 US soldiers in Europe.", "more than 80,000 US soldiers",
         80000, None, False, "troop"),
        ("The US has between 75,000 and 80,000 troops in Europe.",
         "between 75,000 and 80,000 troops", 75000, 80000, False, "troop"),
        ("Russia has massed as many as 125,000 troops near the border.",
         "as many as 125,000 troops", None, 125000, False, "troop"),
        ("Moscow has roughly 100,000 near the border.", "roughly 100,000",
         100000, 100000, True, None),
        ("Some 2,000 soldiers left the base.", "Some 2,000 soldiers", 2000, 2000, True, "troop"),
        ("Thousands of troops took part.", "Thousands of troops", 2000, 9999, True, "troop"),
        ("A few hundred personnel stayed behind.", "A few hundred personnel",
         200, 999, True, "troop"),
        ("He pledged £88 million to Ukraine.", "£88 million", 88e6, 88e6, False, "GBP"),
        ("The country gets a third of its supply from Russia.", "a third",
         33.33, 33.33, False, "%"),
        ("Prices rose about 3% in a year.", "about 3%", 3, 3, True, "%"),
        ("Seven ships and a dozen jets were seen.", "Seven ships", 7, 7, False, "ship"),
        ("Inflation hit 8.5 per cent in March.", "8.5 per cent", 8.5, 8.5, False, "%"),
        ("The fund lost $1.5bn last year.", "$1.5bn", 1.5e9, 1.5e9, False, "USD"),
        ("Talks lasted three days.", "three days", 3, 3, False, "day"),
        ("Inflation is at a 40-year high.", "40-year", 40, 40, False, "year"),
        ("Up to 300 service members will go.", "Up to 300 service members",
         None, 300, False, "troop"),
        ("Turnout was 45% or more in most towns.", "45% or more", 45, None, False, "%"),
    ],
)
def test_quantity_forms(
    annotate: Annotate, sentence: str, text: str, low: float | None, high: float | None,
    approximate: bool, unit: str | None,
) -> None:
    found = annotate(sentence).quantities
    assert found, sentence
    first = found[0]
    assert first.text == text
    assert sentence[first.start : first.end] == text
    assert (first.low, first.high) == pytest.approx((low, high), rel=1e-3) if low and high else (
        first.low == low and first.high == high
    )
    assert (first.approximate, first.unit) == (approximate, unit)


def test_dates_ordinals_names_and_pronoun_one_are_not_quantities(annotate: Annotate) -> None:
    text = (
        "In 2022, on March 10, the first of the G-7 leaders said one of them had COVID-19. "
        "No one came to the S&P 500 meeting."
    )
    assert annotate(text).quantities == []


def test_qualifiers_say_whose_where_and_in_what_state(annotate: Annotate) -> None:
    text = (
        "Russia has massed 100,000 troops near the border. "
        "The US has 8,500 soldiers in its territory on high alert. "
        "Another 1,000 troops already based in Germany will move to Romania."
    )
    russian, alert, moved = annotate(text).quantities
    assert russian.whose == ("Russia",) and russian.where == ("near the border",)
    assert alert.whose == ("United States",) and alert.status == ("on high alert",)
    assert "already based" in moved.status and "in Germany" in moved.where
