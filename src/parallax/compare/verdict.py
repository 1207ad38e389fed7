"""Whether reports of the same thing agree: figures read as ranges, statements by polarity.

A figure is compatible with another when the ranges a reader takes them to mean overlap:
"about 2,000" and "2,000" agree; "more than 80,000" and "between 75,000 and 80,000" do not.
Differing figures at different report dates are an update, not a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.model import Claim, Quantity
from parallax.nlp.quantities import TIME_UNITS

# "about 2,000" covers 1,800-2,200; "more than 80,000" reads as 80,000 up to 1.5 times that.
APPROXIMATE_SPREAD = 0.1
OPEN_SPAN = 1.5
_STRICT = re.compile(r"^(?:more|fewer|less|greater) than\b|^(?:over|above|under|below)\b", re.I)
# "as many as 125,000" reports an estimate at its bound, not anything up to it.
_AT_THE_BOUND = re.compile(r"^(?:as (?:many|much|high) as|as many|up to)\b", re.I)
_NUDGE = 1e-9
# Figures this close are one figure rounded differently ($2.46 billion, $2.5 billion).
ROUNDING = 0.02


def reading(quantity: Quantity) -> tuple[float, float]:
    """The range of values a reader takes a stated figure to mean."""
    low, high = quantity.low, quantity.high
    strict = bool(_STRICT.match(quantity.text))
    if quantity.unit in TIME_UNITS and low is not None and low == high and low == int(low):
        return low, (low + 1) * (1 - _NUDGE)  # "two years ago": from two years to three
    if low is not None and high is None:
        return low * (1 + _NUDGE) if strict else low, low * OPEN_SPAN
    if low is None and high is not None:
        if _AT_THE_BOUND.match(quantity.text):
            return high * (1 - APPROXIMATE_SPREAD), high
        return high / OPEN_SPAN, high * (1 - _NUDGE) if strict else high
    if low is None or high is None:
        return float("-inf"), float("inf")
    if quantity.approximate:
        return low * (1 - APPROXIMATE_SPREAD), high * (1 + APPROXIMATE_SPREAD)
    return low, high


def compatible(first: Quantity, second: Quantity) -> bool:
    """Whether the two figures can both be true of the same thing. Two estimates at their
    bound ("as many as 1.5 million", "up to 1.6 million") report the bound itself, so they
    agree only when the bounds do (within rounding: 2.46 and 2.5)."""
    if _at_the_bound(first) and _at_the_bound(second):
        bound_a, bound_b = first.high or 0.0, second.high or 0.0
        return abs(bound_a - bound_b) <= ROUNDING * max(abs(bound_a), abs(bound_b))
    (low_a, high_a), (low_b, high_b) = reading(first), reading(second)
    return max(low_a, low_b) <= min(high_a, high_b)


def _at_the_bound(quantity: Quantity) -> bool:
    return quantity.low is None and quantity.high is not None and bool(
        _AT_THE_BOUND.match(quantity.text))


def midpoint(quantity: Quantity) -> float:
    """One representative value of a figure, for ordering and magnitude checks."""
    low, high = reading(quantity)
    if low == float("-inf"):
        return 0.0
    return (low + high) / 2


def answers(quantities: Sequence[Quantity]) -> list[list[int]]:
    """Indexes of the figures grouped into mutually compatible answers, smallest first.

    A figure joins the current answer only while the ranges of all its members still
    overlap, so a chain of near neighbours never merges two incompatible figures.
    """
    order = sorted(range(len(quantities)), key=lambda i: midpoint(quantities[i]))
    groups: list[list[int]] = []
    common = (float("-inf"), float("inf"))
    for index in order:
        low, high = reading(quantities[index])
        shared = (max(common[0], low), min(common[1], high))
        if groups and shared[0] <= shared[1] and all(
            compatible(quantities[index], quantities[member]) for member in groups[-1]
        ):
            groups[-1].append(index)
            common = shared
        else:
            groups.append([index])
            common = (low, high)
    return groups


@dataclass(frozen=True)
class Dated:
    """When each answer was reported: the report dates of its articles (None if undated)."""

    dates: list[set[str | None]]

    def is_update(self) -> bool:
        """Every article dated, and each answer reported on dates no other answer has."""
        if any(None in dates for dates in self.dates):
            return False
        seen: set[str | None] = set()
        for dates in self.dates:
            if dates & seen:
                return False
            seen |= dates
        return True


# Opposite outcomes and states: one side of each pair contradicts the other.
OPPOSITES = [
    ("rise", "fall"),
    ("increase", "decrease"),
    ("win", "lose"),
    ("approve", "reject"),
    ("accept", "reject"),
    ("confirm", "deny"),
    ("gain", "lose"),
    ("up", "down"),
    ("higher", "lower"),
    ("expand", "shrink"),
    ("grow", "shrink"),
    ("pass", "fail"),
    ("support", "oppose"),
    ("imminent", "unlikely"),
    ("guilty", "innocent"),
    ("open", "closed"),
    ("allow", "ban"),
    ("acquit", "convict"),
    ("raise", "cut"),
]
_OPPOSITE_OF = {a: b for a, b in OPPOSITES} | {b: a for a, b in OPPOSITES}
_WORD = re.compile(r"[a-z]+")


def _stems(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {word.removesuffix("s").removesuffix("ed").removesuffix("d") for word in words} | set(
        words
    )


_NEGATION = re.compile(r"\b(?:not|never|no|nobody|nothing|neither|nor)\b|n[’']t\b", re.I)
_AFTER_NEGATION = re.compile(
    r"(?:\b(?:not|never|no|nor)\b|n[’']t\b)(?:\s+(?:be|been|being|yet|so|very|a|an|the|to))*"
    r"\s+([a-z]+)",
    re.I,
)


def negative(claim: Claim) -> bool:
    """Whether a statement denies: its verb is negated, or an odd number of negations in it
    ("officials believe an invasion is not imminent" denies, though "believe" does not)."""
    return claim.negated or len(_NEGATION.findall(claim.text)) % 2 == 1


def _denied(text: str) -> set[str]:
    """The words a text negates: "is not imminent" → imminent, "will not set foot" → set."""
    return {match.group(1).lower() for match in _AFTER_NEGATION.finditer(text)}


def contradicts(first: Claim, second: Claim) -> bool:
    """Two statements about the same thing where one denies what the other affirms, or
    where they report opposite outcomes ("rose" / "fell")."""
    words_a, words_b = _stems(first.text), _stems(second.text)
    denied_a, denied_b = _denied(first.text), _denied(second.text)
    if (denied_a - denied_b) & words_b or (denied_b - denied_a) & words_a:
        return True
    return any(
        _OPPOSITE_OF.get(word) in words_b and _OPPOSITE_OF[word] not in words_a
        for word in words_a - words_b
        if word in _OPPOSITE_OF
    )
