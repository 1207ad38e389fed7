"""Shingle F1: the scrapinghub article-extraction-benchmark metric, re-implemented.

Kept as its own module so every benchmark that scores body text against a gold body uses
the same arithmetic and the figures stay comparable with the published ones.

Each text becomes a multiset of 4-token shingles over `\\w+` tokens. Per item, TP is the
overlap of the two multisets, FP the predicted excess and FN the missing part, normalised so
that TP + FP + FN = 1. Precision is the mean over items with TP + FP > 0, recall the mean
over items with TP + FN > 0, and F1 = 2PR / (P + R).
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+")
_N = 4


def shingles(text: str, n: int = _N) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text shorter than n tokens is one short shingle."""
    tokens = _TOKEN.findall(text or "")
    if 0 < len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def item_counts(predicted: str, expected: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) for one item; all zero when both texts are empty."""
    pred, gold = shingles(predicted), shingles(expected)
    tp = sum((pred & gold).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def score(predictions: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the gold items; a missing prediction counts as empty."""
    precisions: list[float] = []
    recalls: list[float] = []
    for key, expected in gold.items():
        tp, fp, fn = item_counts(predictions.get(key) or "", expected)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1
