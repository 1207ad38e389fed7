"""Group what different articles say about the same thing: statements and figures.

Statements pair up by sentence-vector similarity plus shared entities; figures by the
similarity of their statements plus what they count (unit, whose, where, status) and their
magnitude. Pairs join greedily, best first, and a join must keep the average similarity
between the two groups high, so a chain of near neighbours cannot drift off topic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from parallax.compare.verdict import compatible, midpoint
from parallax.model import Claim, Quantity

# Cosine of MiniLM vectors (plus the small bonuses below) above which two statements
# from different articles say the same thing; average-link floor for joining groups.
STATEMENT_MATCH = 0.72
FIGURE_MATCH = 0.55
GROUP_SLACK = 0.12
_ENTITY_BONUS = 0.08
_QUALIFIER_WEIGHT = {"whose": 0.12, "where": 0.08, "status": 0.05}
_DISJOINT_WHOSE = 0.3
# Figures more than ~1.4x apart start to look like different things.
_MAGNITUDE_FREE = 0.15
_PAIR_CHUNK = 1 << 16  # candidate pairs turned into Python ints at a time


@dataclass(frozen=True)
class Figure:
    """A quantity in context: the statement it is part of (index into the story's claims)."""

    claim: int
    quantity: Quantity


def group_statements(claims: Sequence[Claim], similarity: np.ndarray) -> list[list[int]]:
    """Claims (by index) that two or more articles state alike; singletons left out.
    `similarity` is the claims' cosine matrix (left as it is)."""
    scores = similarity.copy()
    entity_sets = [set(claim.entities) for claim in claims]
    for i in range(len(claims)):
        for j in np.flatnonzero(scores[i] > STATEMENT_MATCH - _ENTITY_BONUS):
            if entity_sets[i] & entity_sets[j]:
                scores[i, j] += _ENTITY_BONUS
    articles = [claim.article for claim in claims]
    return _link(scores, articles, STATEMENT_MATCH)


def group_figures(
    figures: Sequence[Figure], claims: Sequence[Claim], similarity: np.ndarray
) -> list[list[int]]:
    """Figures (by index) that count the same thing in two or more articles.

    An article's own figures join one group only if they agree: an article that gives two
    different numbers is counting two different things.
    """
    count = len(figures)
    scores = np.full((count, count), -np.inf, dtype=np.float32)
    for i in range(count):
        for j in range(i + 1, count):
            scores[i, j] = scores[j, i] = figure_similarity(figures[i], figures[j], similarity)
    articles = [claims[figure.claim].article for figure in figures]

    def agree(i: int, j: int) -> bool:
        return compatible(figures[i].quantity, figures[j].quantity)

    return _link(scores, articles, FIGURE_MATCH, agree)


def figure_similarity(first: Figure, second: Figure, similarity: np.ndarray) -> float:
    """How likely two figures count the same thing: context, qualifiers and magnitude."""
    a, b = first.quantity, second.quantity
    if a.unit != b.unit or a.unit is None:
        return -math.inf
    score = float(similarity[first.claim, second.claim])
    for name, weight in _QUALIFIER_WEIGHT.items():
        words_a, words_b = _qualifier_words(getattr(a, name)), _qualifier_words(getattr(b, name))
        if words_a and words_b:
            score += weight if words_a & words_b else -weight
    if a.whose and b.whose and not set(a.whose) & set(b.whose):
        score -= _DISJOINT_WHOSE
    low, high = sorted((abs(midpoint(a)), abs(midpoint(b))))
    if low > 0:
        score -= max(0.0, math.log10(high / low) - _MAGNITUDE_FREE)
    elif high > 0:
        score -= 1.0
    return score


_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "from",
        "of",
        "into",
        "for",
        "near",
        "by",
        "with",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
    ]
)
_TOKEN = re.compile(r"[a-z0-9]+")


def _qualifier_words(phrases: Sequence[str]) -> set[str]:
    words = {word for phrase in phrases for word in _TOKEN.findall(phrase.lower())}
    return {word.removesuffix("s") for word in words - _FUNCTION_WORDS}


def _link(
    scores: np.ndarray,
    articles: Sequence[str],
    threshold: float,
    same_article_ok: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Join items best pair first into groups spanning two or more articles.

    `same_article_ok(x, y)`, when given, must hold for every two members of the joined group
    that come from one article. Only those pairs are checked, and pairs are ordered in numpy:
    a big story (hundreds of articles, many saying the same thing) has millions of pairs, so
    they are walked a chunk at a time, and each join's average link is one lookup in a matrix
    of score sums between groups, updated as groups join (not a mean over their members).
    That matrix is `scores` itself, changed in place: callers pass a matrix of their own.
    """
    group_of = list(range(len(articles)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(articles))}
    by_article: dict[int, dict[str, list[int]]] = {i: {a: [i]} for i, a in enumerate(articles)}
    rows, columns = np.nonzero(np.triu(scores >= threshold, k=1))
    order = np.argsort(-scores[rows, columns], kind="stable")
    rows, columns = rows[order], columns[order]
    sums = scores  # a pair that cannot match (an infinite score) counts as -1 in the average
    sums[~np.isfinite(sums)] = -1.0
    for start in range(0, len(rows), _PAIR_CHUNK):
        chunk = slice(start, start + _PAIR_CHUNK)
        for i, j in zip(rows[chunk].tolist(), columns[chunk].tolist(), strict=True):
            first, second = group_of[i], group_of[j]
            if first == second or articles[i] == articles[j]:
                continue
            if same_article_ok and not _agree_within_articles(
                by_article[first], by_article[second], same_article_ok
            ):
                continue
            left, right = members[first], members[second]
            if sums[first, second] / (len(left) * len(right)) < threshold - GROUP_SLACK:
                continue
            sums[first] += sums[second]
            sums[:, first] += sums[:, second]
            for item in right:
                group_of[item] = first
            left.extend(right)
            del members[second]
            for article, items in by_article.pop(second).items():
                by_article[first].setdefault(article, []).extend(items)
    return [sorted(group) for group in members.values() if len({articles[i] for i in group}) >= 2]


def _agree_within_articles(
    left: dict[str, list[int]], right: dict[str, list[int]], ok: Callable[[int, int], bool]
) -> bool:
    """Whether every pair of members, one from each group, from the same article is `ok`."""
    return all(
        ok(x, y) for article in left.keys() & right.keys() for x in left[article]
        for y in right[article]
    )
