"""BCubed precision, recall and F1: how well a grouping matches a reference grouping.

Per item, precision is the share of its group that belongs with it in the reference, and
recall the share of its reference group that it was grouped with; both are averaged over
items (Bagga & Baldwin 1998; Amigó et al. 2009). Unlike pair counts, a big story does not
drown out the small ones. Between two runs of the grouper it measures agreement: F1 is
symmetric, 1.0 when the groupings are the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import NamedTuple


class BCubed(NamedTuple):
    precision: float
    recall: float
    f1: float


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> BCubed:
    """Score `predicted` labels against `gold` labels, item by item (same order)."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted labels for {len(gold)} gold labels")
    if not gold:
        return BCubed(1.0, 1.0, 1.0)
    both = Counter(zip(predicted, gold, strict=True))
    in_predicted, in_gold = Counter(predicted), Counter(gold)
    precision = recall = 0.0
    for (mine, truth), shared in both.items():
        precision += shared * shared / in_predicted[mine]
        recall += shared * shared / in_gold[truth]
    precision, recall = precision / len(gold), recall / len(gold)
    return BCubed(precision, recall, 2 * precision * recall / (precision + recall))
