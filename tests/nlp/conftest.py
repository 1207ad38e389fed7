"""Annotate text the way the layer does for a whole article, for tests of one step at a time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parallax.model import AnnotatedArticle, Article
from parallax.nlp.annotate import annotate_articles

Annotate = Callable[..., AnnotatedArticle]


@pytest.fixture(scope="session")
def annotate() -> Annotate:
    def run(text: str, published: str | None = None, article_id: str = "a1") -> AnnotatedArticle:
        article = Article(id=article_id, ref=f"{article_id}.txt", text=text, published=published)
        return annotate_articles([article])[0]

    return run
