"""Approximate nearest neighbours over article sketches (faiss HNSW), so that candidates for
grouping come from a handful of look-ups per article instead of comparing every pair.

faiss: maintained by Meta with releases every few months, CPU wheels on PyPI, an HNSW graph
that takes additions at any time (a saved state grows run after run), batch searches on all
cores, and plain file save/load. hnswlib and annoy have had no release since 2023, and annoy
cannot add to a built index.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from parallax.stories.vectors import SKETCH_DIMENSIONS

GRAPH_DEGREE = 32
BUILD_BREADTH = 80
SEARCH_BREADTH = 96


class NeighbourIndex:
    """Article sketches by position (the order they were added in)."""

    def __init__(self, index: faiss.Index | None = None) -> None:
        if index is None:
            index = faiss.IndexHNSWFlat(SKETCH_DIMENSIONS, GRAPH_DEGREE, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = BUILD_BREADTH
        index.hnsw.efSearch = SEARCH_BREADTH
        self._index = index

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, sketches: np.ndarray) -> None:
        if len(sketches):
            self._index.add(np.ascontiguousarray(sketches, dtype=np.float32))

    def search(self, sketches: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Similarities and positions of the k nearest articles to each sketch, nearest
        first; position -1 where fewer exist."""
        if not len(sketches) or not len(self):
            empty = np.full((len(sketches), k), -1, dtype=np.int64)
            return np.zeros(empty.shape, dtype=np.float32), empty
        return self._index.search(np.ascontiguousarray(sketches, dtype=np.float32), k)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> NeighbourIndex:
        return cls(faiss.read_index(str(path)))
