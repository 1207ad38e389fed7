"""Join the stories of windows grouped apart that are one story.

Windows are grouped in parallel, each with some articles of other windows (see
`tasks.group_window`): a month with the last days of the month before, an undated window with
one article of each dated story. A story that took such articles continues the story they
belong to in their own window, and the two become one. Each story continues at most one other
(the one most of those articles are in), so a window never joins two stories that another
window kept apart; a story continued twice, or over several months, becomes one.
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
            other = min(continued, key=lambda n: (-continued[n], n))
            leader[lead(number)] = lead(other)
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
