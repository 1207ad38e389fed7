"""Statement grouping: best pairs first, and no join that pulls the average link too low."""

from __future__ import annotations

import numpy as np

from parallax.compare.align import group_statements
from parallax.model import Claim


def _claims(articles: list[str]) -> list[Claim]:
    return [Claim(f"c{n}", article, n, 0, 1, "statement", None, None, None)
            for n, article in enumerate(articles)]


def _cosines(pairs: dict[tuple[int, int], float], size: int) -> np.ndarray:
    matrix = np.eye(size, dtype=np.float32)
    for (i, j), value in pairs.items():
        matrix[i, j] = matrix[j, i] = value
    return matrix


def test_a_chain_of_near_neighbours_does_not_drift_off_topic() -> None:
    # 0~1 and 1~2 are close, 0 and 2 are not: {0, 1} + {2} averages (0.2 + 0.85) / 2 = 0.525.
    claims = _claims(["a1", "a2", "a3"])
    assert group_statements(claims, _cosines({(0, 1): 0.9, (1, 2): 0.85, (0, 2): 0.2}, 3)) \
        == [[0, 1]]
    # With 0 and 2 close enough the average holds (0.65) and all three join.
    assert group_statements(claims, _cosines({(0, 1): 0.9, (1, 2): 0.85, (0, 2): 0.45}, 3)) \
        == [[0, 1, 2]]


def test_the_average_link_counts_every_pair_between_grown_groups() -> None:
    # {0, 1} (a1, a2) and {2, 3} (a3, a4) form first; joining them averages the four pairs
    # between them: 0.8 + 0.3 + 0.3 + 0.3 = 1.7 / 4 = 0.425, under the floor: two groups.
    claims = _claims(["a1", "a2", "a3", "a4"])
    pairs = {(0, 1): 0.95, (2, 3): 0.94, (0, 2): 0.8, (0, 3): 0.3, (1, 2): 0.3, (1, 3): 0.3}
    assert group_statements(claims, _cosines(pairs, 4)) == [[0, 1], [2, 3]]
    pairs.update({(0, 3): 0.7, (1, 2): 0.6, (1, 3): 0.5})  # 2.6 / 4 = 0.65: one group
    assert group_statements(claims, _cosines(pairs, 4)) == [[0, 1, 2, 3]]


def test_statements_of_one_article_are_never_paired_with_each_other() -> None:
    claims = _claims(["a1", "a1", "a2"])
    groups = group_statements(claims, _cosines({(0, 1): 0.99, (0, 2): 0.9, (1, 2): 0.5}, 3))
    assert groups == [[0, 2]]
