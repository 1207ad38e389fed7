"""Feature bags to vectors: hashed, weighted by rarity, one unit block per kind of feature.

Similarity between two articles is the dot product of their vectors, a weighted sum of one
cosine per kind (words, names, numbers, dates). Because it is a dot product, the average
similarity between two groups of articles is the dot product of their mean vectors: a story
is summed once and compared with anything without going back to its articles.

Features are hashed into a fixed space, so a saved state needs no vocabulary, and rarity
(IDF) is counted over every article grouped so far, in the same fixed space.

Which features another article shares decides what a vector is normalised over. Counted
only in the feed, a first run of a handful of articles "shares" little more than what its
articles have in common, and normalised over that, any two articles on one topic look
alike. So the most common English words (wordfreq's list, installed with the package, read
offline) count as shared from the first article on; a large feed has them twice anyway.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import wordfreq

from parallax.settings import setting
from parallax.stories.features import Features

HASH_BITS = 20
DIMENSIONS = 1 << HASH_BITS
# Each kind hashes into its own range of columns: a word never collides with a name or a date.
KIND_RANGES = {
    "words": (0, 1 << 19),
    "names": (1 << 19, 1 << 18),
    "numbers": ((1 << 19) + (1 << 18), 1 << 17),
    "dates": ((1 << 19) + (1 << 18) + (1 << 17), 1 << 17),
}
SKETCH_DIMENSIONS = 256  # dense vectors the nearest-neighbour index works on
SKETCH_NONZEROS = 4  # per hashed feature, in the sparse random projection
SKETCH_SEED = 20261123
MIN_DF = 2  # a feature no other article has cannot make two articles alike
# The 4,000 most common English words (at least ~2 uses in 100,000 words), chosen on ECB+
# topics 1-35, whole and cut into small feeds: 2,000 did worse on small feeds, 8,000 on the whole.
COMMON_WORDS = 4000


_ECB = "chosen on ECB+ topics 1-35 (bench/stories.py --ablation)"


@dataclass(frozen=True)
class Weights:
    """How much each kind of feature counts; they sum to 1 so that similarities stay in
    [0, 1]. Chosen on ECB+ topics 1-35 (bench/stories.py --ablation): names at 0.4 did no
    better there and merged different stories about the same people elsewhere (NeuS)."""

    words: float = setting(0.6, "Weight of the words two articles share.", _ECB)
    names: float = setting(0.2, "Weight of the names (people, places, organisations).", _ECB)
    numbers: float = setting(0.1, "Weight of the figures.", _ECB)
    dates: float = setting(0.1, "Weight of the dates mentioned.", _ECB)

    def of(self, kind: str) -> float:
        return float(getattr(self, kind))


Hashed = dict[str, tuple[np.ndarray, np.ndarray]]  # kind -> (columns, term frequencies)


class DocumentFrequencies:
    """How many articles have each hashed feature, over all articles grouped so far, and
    which features count as shared before any other article has them (`common_words`)."""

    def __init__(
        self, counts: np.ndarray | None = None, documents: int = 0, common_words: int = 0
    ) -> None:
        self.counts = counts if counts is not None else np.zeros(DIMENSIONS, dtype=np.int32)
        self.documents = documents
        self.common = _common_columns(common_words)

    def add(self, hashed: Sequence[Hashed]) -> None:
        for bags in hashed:
            self.counts[np.unique(np.concatenate([columns for columns, _ in bags.values()]))] += 1
        self.documents += len(hashed)

    def idf(self, columns: np.ndarray) -> np.ndarray:
        """Smoothed IDF."""
        return np.log((self.documents + 1) / (self.counts[columns] + 1)) + 1

    def shared(self, columns: np.ndarray) -> np.ndarray:
        """Which features another article has too (seen at least MIN_DF times), or would:
        the common words."""
        return (self.counts[columns] >= MIN_DF) | self.common[columns]


def hash_bags(features: Features) -> Hashed:
    """Each bag hashed into its kind's columns, with sublinear term frequency (1 + log
    count); compact arrays, as a batch holds thousands of them."""
    hashed: Hashed = {}
    for kind, bag in features.bags().items():
        columns = _columns(kind, bag)
        counts = np.fromiter(bag.values(), dtype=np.float64, count=len(bag))
        columns, where = np.unique(columns, return_inverse=True)
        hashed[kind] = (columns, 1.0 + np.log(np.bincount(where, weights=counts)))
    return hashed


def _columns(kind: str, features: Collection[str]) -> np.ndarray:
    offset, width = KIND_RANGES[kind]
    return np.fromiter(
        (offset + zlib.crc32(feature.encode()) % width for feature in features),
        dtype=np.int64,
        count=len(features),
    )


@lru_cache(maxsize=2)
def _common_columns(count: int) -> np.ndarray:
    """Where the `count` most common English words hash to, as words and as names."""
    common = np.zeros(DIMENSIONS, dtype=bool)
    top = wordfreq.top_n_list("en", count, wordlist="small") if count else []
    for kind in ("words", "names"):
        common[_columns(kind, top)] = True
    common.flags.writeable = False
    return common


def weigh(hashed: Sequence[Hashed], df: DocumentFrequencies, weights: Weights) -> sp.csr_matrix:
    """One row per article: each kind's block TF-IDF weighted, scaled to length sqrt(weight)
    over the features other articles share (`shared`).

    A feature no other article has yet is kept in the row, where it cannot make two articles
    alike today but lets a story's summed vector meet the articles of a later run; `shared`
    takes it out where it would only add noise. A kind an article lacks (no date, no figure)
    adds nothing: missing evidence lowers the similarity rather than being guessed.
    """
    rows, columns, values = [], [], []
    for row, bags in enumerate(hashed):
        for kind, (keys, tf) in bags.items():
            block = tf * df.idf(keys)
            norm = np.linalg.norm(block[df.shared(keys)])
            if norm == 0:
                continue
            rows.append(np.full(len(keys), row))
            columns.append(keys)
            values.append(block * (np.sqrt(weights.of(kind)) / norm))
    if not rows:
        return sp.csr_matrix((len(hashed), DIMENSIONS))
    return sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
        shape=(len(hashed), DIMENSIONS),
    )


def shared(vectors: sp.csr_matrix, df: DocumentFrequencies) -> sp.csr_matrix:
    """`vectors` without the features no other article has: what similarity is read on."""
    kept = vectors.copy()
    kept.data[~df.shared(kept.indices)] = 0
    kept.eliminate_zeros()
    return kept


def sketch(vectors: sp.csr_matrix) -> np.ndarray:
    """Dense, unit-length sketches for the nearest-neighbour index: a sparse random
    projection that keeps dot products on average, so near articles stay near."""
    dense = (vectors @ _projection()).toarray().astype(np.float32)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return dense / np.where(norms > 0, norms, 1)


@lru_cache(maxsize=1)
def _projection() -> sp.csr_matrix:
    rng = np.random.default_rng(SKETCH_SEED)
    entries = DIMENSIONS * SKETCH_NONZEROS
    signs = rng.integers(0, 2, size=entries, dtype=np.int8).astype(np.float32) * 2 - 1
    return sp.csr_matrix(
        (
            signs / np.float32(np.sqrt(SKETCH_NONZEROS)),
            rng.integers(0, SKETCH_DIMENSIONS, size=entries, dtype=np.int32),
            np.arange(0, entries + 1, SKETCH_NONZEROS, dtype=np.int32),
        ),
        shape=(DIMENSIONS, SKETCH_DIMENSIONS),
    )
