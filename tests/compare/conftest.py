"""Small stories written for these tests in our own words (the example story, analysed once
per session, is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from parallax.model import Analysis, Article
from parallax.pipeline import analyze as analyze_story

Analyze = Callable[..., Analysis]


@pytest.fixture(scope="session")
def analyze() -> Analyze:
    """Analyse articles given as (text, published, source) triples, ids a1, a2, ...; options
    as `parallax.analyze` takes them."""

    def run(*items: tuple[str, str | None, str], **options: Any) -> Analysis:
        articles = [
            Article(id=f"a{n}", ref=f"a{n}.txt", text=text, published=published, source=source)
            for n, (text, published, source) in enumerate(items, 1)
        ]
        return analyze_story(articles, **options)

    return run
