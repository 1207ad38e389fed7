"""Join the stories of neighbouring month windows that are one story running over a month's end.

Windows are grouped in parallel, each with the last days of the month before it (see
`tasks.group_window`). A story that took articles of those last days continues the story
they belong to in their own window, and the two become one. Each story continues at most one
earlier story (the one most of its overlap belongs to), so a window never joins two stories
that the month they came from kept apart; a story a later month continues twice stays one.
"""

from __future__ import annotations

from collections import Counter

from parallax.model import story_key


def join_windows(parts: list[dict]) -> list[dict]:
    """The stories of all windows from the parts `group_window` found: each article in exactly
    one story, a story named by its members (`story_key`) and listing the windows it spans."""
    parts = sorted(parts, key=lambda part: part["window"])
    home = {key: number for number, part in enumerate(parts) for key in part["articles"]}
    leader = list(range(len(parts)))

    def lead(number: int) -> int:
        while leader[number] != number:
            leader[number] = leader[leader[number]]
            number = leader[number]
        return number

    for number, part in enumerate(parts):
        continued = Counter(home[key] for key in part["overlap"] if key in home)
        if continued:
            earlier = min(continued, key=lambda other: (-continued[other], other))
            leader[lead(number)] = lead(earlier)
    joined: dict[int, list[dict]] = {}
    for number, part in enumerate(parts):
        joined.setdefault(lead(number), []).append(part)
    return [_story(members) for members in joined.values()]


def _story(parts: list[dict]) -> dict:
    """One story from its parts, in window order: the title of its biggest part."""
    articles = [key for part in parts for key in part["articles"]]
    starts = [part["start"] for part in parts if part["start"]]
    ends = [part["end"] for part in parts if part["end"]]
    return {
        "key": story_key(articles),
        "windows": sorted({part["window"] for part in parts}),
        "title": max(parts, key=lambda part: len(part["articles"]))["title"],
        "start": min(starts) if starts else None,
        "end": max(ends) if ends else None,
        "sources": sorted({source for part in parts for source in part["sources"]}),
        "articles": articles,
    }
