"""Group-average linkage over a sparse candidate graph: merge the two most similar groups
while their average similarity stays above a threshold, then let leftover single articles
join their best story.

Average linkage merges on the mean similarity between all members of two groups, so one
stray similar sentence cannot chain two events together the way single linkage would.
With similarity a dot product (vectors.py), that mean is the dot product of the groups'
summed vectors divided by both sizes: exact and cheap at any group size. Which groups are
compared at all comes from the nearest-neighbour graph, so the work grows with articles x
neighbours, not articles squared. Merges are taken in order of similarity with ties broken
by position, so the result does not depend on the order articles arrive in within one run.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from parallax.settings import setting

_TUNED = "chosen on ECB+ topics 1-35 (bench/stories.py --tune)"


@dataclass(frozen=True)
class LinkageSettings:
    """Thresholds on average similarity (0-1) and the time window, chosen on ECB+ topics
    1-35 (bench/stories.py --tune) by F1 averaged with the neighbouring thresholds, so that
    the choice does not hinge on one lucky value."""

    threshold: float = setting(
        0.22, "Two groups merge at or above this average similarity.", _TUNED
    )
    attach: float = setting(
        0.14, "A single article (or pair) left alone joins a story from this similarity.", _TUNED
    )
    small: int = setting(2, 'Groups this size or smaller are "left alone" after merging.', _TUNED)
    window_days: int = setting(
        120, "Dated groups further apart than this many days never merge.", _TUNED
    )


@dataclass
class Group:
    """Articles (or a saved story) being grouped: summed vector as sorted columns and values,
    size, the span of its dated members as day ordinals, and whether it is a story from an
    earlier run (such stories may grow but never merge with one another)."""

    columns: np.ndarray
    values: np.ndarray
    size: int
    start: int | None = None
    end: int | None = None
    saved: bool = False

    def dot(self, other: Group) -> float:
        small, large = (self, other) if len(self.columns) <= len(other.columns) else (other, self)
        at, hit = _lookup(large.columns, small.columns)
        return float(small.values[hit] @ large.values[at[hit]])

    def absorb(self, other: Group) -> None:
        """Add `other`'s vector, size and span to this group's (columns stay sorted)."""
        at, hit = _lookup(self.columns, other.columns)
        self.values[at[hit]] += other.values[hit]
        missing = ~hit
        where = np.searchsorted(self.columns, other.columns[missing])
        self.columns = np.insert(self.columns, where, other.columns[missing])
        self.values = np.insert(self.values, where, other.values[missing])
        self.size += other.size
        if other.start is not None:
            self.start = other.start if self.start is None else min(self.start, other.start)
            self.end = other.end if self.end is None else max(self.end, other.end)  # type: ignore[type-var]


def _lookup(sorted_columns: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `columns` sits in `sorted_columns`, and whether it is there at all."""
    at = np.searchsorted(sorted_columns, columns)
    at[at == len(sorted_columns)] = 0
    hit = sorted_columns[at] == columns if len(sorted_columns) else np.zeros(len(columns), bool)
    return at, hit


def link(
    groups: list[Group],
    pairs: np.ndarray,
    pair_similarity: np.ndarray,
    settings: LinkageSettings,
) -> np.ndarray:
    """Merge `groups` along candidate `pairs` (rows of two group indices, with their starting
    similarity); return each group's final group index."""
    linker = _Linker(groups, settings)
    linker.merge_above(pairs, pair_similarity, settings.threshold)
    linker.attach_small(pairs, settings)
    return np.array([linker.find(g) for g in range(len(groups))], dtype=np.int64)


class _Linker:
    def __init__(self, groups: list[Group], settings: LinkageSettings) -> None:
        self.groups = groups
        self.parent = list(range(len(groups)))
        self.version = [0] * len(groups)
        self.window = settings.window_days

    def find(self, g: int) -> int:
        root = g
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[g] != root:
            self.parent[g], g = root, self.parent[g]
        return root

    def average(self, a: int, b: int) -> float:
        first, second = self.groups[a], self.groups[b]
        return first.dot(second) / (first.size * second.size)

    def mergeable(self, a: int, b: int) -> bool:
        first, second = self.groups[a], self.groups[b]
        if first.saved and second.saved:
            return False
        if first.start is None or second.start is None:
            return True
        gap = max(first.start, second.start) - min(first.end, second.end)  # type: ignore[type-var]
        return gap <= self.window

    def union(self, a: int, b: int) -> None:
        """Keep a saved story's index (its id lives on), else the larger group's, else the
        lower index: the same whatever order the articles came in."""
        first, second = self.groups[a], self.groups[b]
        keep_b = (second.saved, second.size, -b) > (first.saved, first.size, -a)
        keep, drop = (b, a) if keep_b else (a, b)
        self.groups[keep].absorb(self.groups[drop])
        self.parent[drop] = keep
        self.version[keep] += 1

    def merge_above(
        self,
        pairs: np.ndarray,
        similarity: np.ndarray,
        threshold: float,
    ) -> None:
        """Lazy greedy average linkage: an entry made stale by a merge is recomputed when it
        comes up (a merged group's average is a mean of its parts', so it can only fall)."""
        heap = [
            (-s, int(a), int(b), 0, 0)
            for (a, b), s in zip(pairs, similarity, strict=True)
            if s >= threshold and a != b
        ]
        heapq.heapify(heap)
        pushed: set[tuple[int, int, int, int]] = set()
        while heap:
            _, a, b, version_a, version_b = heapq.heappop(heap)
            ra, rb = self.find(a), self.find(b)
            if ra == rb:
                continue
            if (ra, rb, version_a, version_b) != (a, b, self.version[ra], self.version[rb]):
                ra, rb = min(ra, rb), max(ra, rb)
                key = (ra, rb, self.version[ra], self.version[rb])
                if key not in pushed:
                    pushed.add(key)
                    s = self.average(ra, rb)
                    if s >= threshold:
                        heapq.heappush(heap, (-s, *key))
                continue
            if self.mergeable(a, b):
                self.union(a, b)

    def attach_small(self, pairs: np.ndarray, settings: LinkageSettings) -> None:
        """A new group still small after merging joins the most similar larger group it is a
        candidate of (new or saved), if their average reaches `settings.attach`."""
        best: dict[int, tuple[float, int]] = {}
        for a, b in pairs.tolist():
            ra, rb = self.find(a), self.find(b)
            for small, other in ((ra, rb), (rb, ra)):
                if self._moves(small, settings) and self.groups[other].size > settings.small:
                    s = self.average(small, other)
                    better = (s, -other) > best.get(small, (-1.0, 0))
                    if s >= settings.attach and better and self.mergeable(small, other):
                        best[small] = (s, -other)
        for small, (_, other) in sorted(best.items()):
            self.union(small, self.find(-other))

    def _moves(self, g: int, settings: LinkageSettings) -> bool:
        return not self.groups[g].saved and self.groups[g].size <= settings.small
