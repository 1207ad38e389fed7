"""The example story analysed once per session (the language layer and encoder are slow to
start), and small stories written for these tests in our own words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parallax.compare.analyze import analyze_articles
from parallax.ingest.articles import read_articles
from parallax.model import Analysis, Article

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"
Analyze = Callable[..., Analysis]


@pytest.fixture(scope="session")
def example_articles() -> list[Article]:
    return read_articles([str(EXAMPLE)]).articles


@pytest.fixture(scope="session")
def example_analysis(example_articles: list[Article]) -> Analysis:
    return analyze_articles(example_articles)


@pytest.fixture(scope="session")
def analyze() -> Analyze:
    """Analyse articles given as (text, published, source) triples, ids a1, a2, ..."""

    def run(*items: tuple[str, str | None, str], **options: Any) -> Analysis:
        articles = [
            Article(id=f"a{n}", ref=f"a{n}.txt", text=text, published=published, source=source)
            for n, (text, published, source) in enumerate(items, 1)
        ]
        return analyze_articles(articles, **options)

    return run
