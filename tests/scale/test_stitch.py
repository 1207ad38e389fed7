"""Joining the stories of month windows grouped apart: a story that ran over a month's end
becomes one again, and no article ends up in two stories."""

from __future__ import annotations

from collections.abc import Sequence

from parallax.model import story_key
from parallax.scale.stitch import join_windows


def part(window: str, articles: list[str], overlap: Sequence[str] = (), title: str = "",
         dates: tuple[str | None, str | None] = (None, None), sources: Sequence[str] = ()) -> dict:
    """One story as `group_window` finds it in one window."""
    return {"window": window, "title": title or f"{window} {articles[0]}", "start": dates[0],
            "end": dates[1], "sources": list(sources), "articles": articles,
            "overlap": list(overlap)}


def by_articles(stories: list[dict]) -> dict[frozenset, dict]:
    return {frozenset(story["articles"]): story for story in stories}


def test_a_story_over_a_months_end_becomes_one() -> None:
    stories = join_windows([
        part("2023-02", ["f1"], overlap=["j2"], title="Thaw", dates=("2023-02-01", "2023-02-01"),
             sources=["Ledger"]),
        part("2023-01", ["j1", "j2", "j3"], title="Flood", dates=("2023-01-27", "2023-01-30"),
             sources=["Compass", "Ledger"]),
        part("2023-01", ["j4"]),
    ])
    joined = by_articles(stories)[frozenset({"j1", "j2", "j3", "f1"})]
    assert joined == {
        "key": story_key(["j1", "j2", "j3", "f1"]), "windows": ["2023-01", "2023-02"],
        "title": "Flood", "start": "2023-01-27", "end": "2023-02-01",
        "sources": ["Compass", "Ledger"], "articles": ["j1", "j2", "j3", "f1"],
    }
    assert by_articles(stories)[frozenset({"j4"})]["windows"] == ["2023-01"]
    assert len(stories) == 2


def test_a_story_continues_only_the_earlier_story_most_of_its_overlap_is_in() -> None:
    stories = join_windows([
        part("2023-01", ["j1", "j2"]),
        part("2023-01", ["j3", "j4", "j5"]),
        part("2023-02", ["f1", "f2"], overlap=["j1", "j3", "j4"]),
    ])
    assert set(by_articles(stories)) == {
        frozenset({"j1", "j2"}), frozenset({"j3", "j4", "j5", "f1", "f2"}),
    }


def test_two_continuations_of_one_story_and_a_story_over_three_months_each_become_one() -> None:
    stories = join_windows([
        part("2023-03", ["m1"], overlap=["f2"]),
        part("2023-02", ["f1"], overlap=["j1"]),
        part("2023-02", ["f2"], overlap=["j2"]),
        part("2023-01", ["j1", "j2"]),
        part("2023-02", ["f3"]),
    ])
    assert set(by_articles(stories)) == {
        frozenset({"j1", "j2", "f1", "f2", "m1"}), frozenset({"f3"}),
    }
    whole = by_articles(stories)[frozenset({"j1", "j2", "f1", "f2", "m1"})]
    assert whole["windows"] == ["2023-01", "2023-02", "2023-03"]
    assert whole["articles"] == ["j1", "j2", "f1", "f2", "m1"]
