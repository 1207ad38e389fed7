"""One story at a time through Parallax's reader, for the benches that compare a story's articles.

A user hands Parallax the articles of one story, so each story is exported and read on its
own: reading a whole set at once would merge identical texts across stories.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from parallax.model import Article
from stories import read_labelled
from story_sets import Record
from table import DEFAULT_DATA


@dataclass(frozen=True)
class StoryRead:
    """A story's records as given, and the articles Parallax's reader made of them (cleaning
    drops records with no full sentence and merges identical texts, so there can be fewer)."""

    records: list[Record]
    articles: list[Article]


def read_stories(
    pairs: Iterable[tuple[Record, str]], folder: Path, limit: int | None = None
) -> dict[str, StoryRead]:
    """The first `limit` gold stories of `pairs`, in input order, each read on its own."""
    groups: dict[str, list[tuple[Record, str]]] = {}
    for record, story in pairs:
        groups.setdefault(story, []).append((record, story))
    return {
        story: StoryRead([r for r, _ in group], [a for a, _ in read_labelled(group, folder)[0]])
        for story, group in list(groups.items())[:limit]
    }


def parse_args(description: str, argv: list[str] | None) -> argparse.Namespace:
    """The options both story benches take: where the data is, how many stories, and a quick
    run of the baselines alone (no Parallax analysis, no models loaded)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--baselines", action="store_true", help="the baseline rows only")
    return parser.parse_args(argv)
