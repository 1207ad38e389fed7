"""Which articles are independent sources: a reprint, a syndicated piece or a close rewrite of
one text says nothing twice, so copies count as one source when facts are counted, and
opinion pieces are told apart from reporting."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse.csgraph import connected_components

from parallax.model import Article

# Word 5-grams two texts share, as a share of the shorter text's: past this, one is a copy.
SHINGLE_WORDS = 5
COPY_CONTAINMENT = 0.5
_WORD = re.compile(r"\w+")
_OPINION = re.compile(
    r"^\s*(?:opinion|op-ed|commentary|column|editorial|analysis)\b|\bopinion by\b", re.I
)


def _shingles(text: str) -> set[int]:
    words = _WORD.findall(text.lower())
    count = len(words) - SHINGLE_WORDS + 1
    return {hash(tuple(words[n : n + SHINGLE_WORDS])) for n in range(count)}


def copies(first: set[int], second: set[int]) -> bool:
    """Whether two texts (as shingle sets) are one text reprinted or closely rewritten."""
    smaller = min(len(first), len(second))
    return smaller > 0 and len(first & second) / smaller >= COPY_CONTAINMENT


def independent_sources(articles: Sequence[Article]) -> dict[str, int]:
    """Each article's source group: copies of one text, or pieces by one author under several
    outlets, share a group (numbered from 0 in article order)."""
    shingles = [_shingles(article.text) for article in articles]
    linked = np.zeros((len(articles), len(articles)), dtype=bool)
    for i, first in enumerate(articles):
        for j in range(i + 1, len(articles)):
            second = articles[j]
            same_author = bool(first.author) and (first.author or "").lower() == (
                second.author or "").lower() and first.source != second.source
            linked[i, j] = same_author or copies(shingles[i], shingles[j])
    _, groups = connected_components(linked, directed=False)
    return {article.id: int(group) for article, group in zip(articles, groups, strict=True)}


def is_opinion(article: Article) -> bool:
    """An opinion piece by its own words: its byline's kind ("Opinion by ...", "Analysis by
    ..."), or "Opinion:", "Op-Ed" in its title, author field or first line."""
    if article.kind is not None:
        return True
    first_line = article.text.split("\n", 1)[0]
    return any(_OPINION.search(part or "") for part in (article.title, article.author, first_line))
