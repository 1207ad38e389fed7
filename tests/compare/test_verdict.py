"""Figures read as ranges: which reports of the same thing agree."""

from __future__ import annotations

import pytest

from parallax.compare.verdict import Dated, answers, compatible
from parallax.model import Quantity


def _figure(text: str, low: float | None, high: float | None, approximate: bool = False):
    return Quantity(text, 0, len(text), 0, low, high, approximate, "troop")


ABOUT_2000 = _figure("about 2,000", 2000, 2000, approximate=True)
EXACTLY_2000 = _figure("2,000", 2000, 2000)
EXACTLY_1700 = _figure("1,700", 1700, 1700)
MORE_THAN_80K = _figure("more than 80,000", 80000, None)
BETWEEN_75K_80K = _figure("between 75,000 and 80,000", 75000, 80000)
AT_LEAST_80K = _figure("at least 80,000", 80000, None)
AS_MANY_AS_125K = _figure("as many as 125,000", None, 125000)
ROUGHLY_100K = _figure("roughly 100,000", 100000, 100000, approximate=True)
UP_TO_130K = _figure("up to 130,000", None, 130000)


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        (ABOUT_2000, EXACTLY_2000, True),
        (EXACTLY_2000, EXACTLY_1700, False),
        (MORE_THAN_80K, BETWEEN_75K_80K, False),  # "more than" excludes the bound itself
        (AT_LEAST_80K, BETWEEN_75K_80K, True),
        (AS_MANY_AS_125K, ROUGHLY_100K, False),  # an estimate at its bound, not "0 to 125,000"
        (AS_MANY_AS_125K, UP_TO_130K, False),  # two estimates at different bounds
        (AS_MANY_AS_125K, _figure("up to 125,000", None, 125000), True),
        (_figure("up to $2.46 billion", None, 2.46e9), _figure("as much as $2.5 billion", None,
                                                               2.5e9), True),  # rounding
        (MORE_THAN_80K, _figure("82,000", 82000, 82000), True),
        (MORE_THAN_80K, _figure("more than 130,000", 130000, None), False),
    ],
)
def test_compatible_figures(first: Quantity, second: Quantity, agree: bool) -> None:
    assert compatible(first, second) is agree
    assert compatible(second, first) is agree


def _years(text: str, low: float | None, high: float | None) -> Quantity:
    return Quantity(text, 0, len(text), 0, low, high, False, "year")


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        (_years("two years", 2, 2), _years("more than two years", 2, None), True),
        (_years("two years", 2, 2), _years("three years", 3, 3), False),
        (_years("seven years", 7, 7), _years("more than eight years", 8, None), False),
    ],
)
def test_a_whole_number_of_years_is_said_of_anything_up_to_the_next(
    first: Quantity, second: Quantity, agree: bool
) -> None:
    assert compatible(first, second) is agree


def test_answers_never_chain_incompatible_figures() -> None:
    # 1,900 agrees with "about 2,000" and with 1,800-ish, but 1,700 and 2,150 never share one
    figures = [
        _figure("1,700", 1700, 1700),
        _figure("about 1,900", 1900, 1900, approximate=True),
        _figure("2,150", 2150, 2150),
    ]
    grouped = answers(figures)
    for group in grouped:
        members = [figures[i] for i in group]
        assert all(compatible(a, b) for a in members for b in members)
    assert sorted(i for group in grouped for i in group) == [0, 1, 2]


def test_update_needs_every_answer_on_its_own_dates() -> None:
    assert Dated([{"2022-02-02"}, {"2022-02-24"}]).is_update()
    assert not Dated([{"2022-02-02"}, {"2022-02-02", "2022-02-24"}]).is_update()
    assert not Dated([{"2022-02-02"}, {None}]).is_update()
