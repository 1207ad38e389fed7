"""Grouping a mixed feed: one story per event, whatever the input order, run after run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from parallax.model import Article
from parallax.stories import state
from parallax.stories.bcubed import bcubed
from parallax.stories.grouping import GroupingSettings, StoryGrouper

Feed = list[tuple[Article, str]]


def _labels(grouper: StoryGrouper, refs: list[str]) -> list[str]:
    story_of = {a.ref: s.id for s in grouper.stories() for a in s.articles}
    return [story_of[ref] for ref in refs]


def _group(articles: list[Article], settings: GroupingSettings | None = None) -> StoryGrouper:
    grouper = StoryGrouper(settings)
    grouper.add(articles)
    return grouper


def _undated(feed: Feed) -> Feed:
    return [(Article(**{**vars(a), "published": None}), g) for a, g in feed]


def _mixed_stories(grouper: StoryGrouper, feed: Feed) -> list[set[str]]:
    gold = {a.ref: g for a, g in feed}
    return [
        events
        for s in grouper.stories()
        if len(events := {gold[a.ref] for a in s.articles if a.ref in gold}) > 1
    ]


def test_same_topic_different_events_are_different_stories(feed: Feed) -> None:
    grouper = _group([a for a, _ in feed])
    assert bcubed(_labels(grouper, [a.ref for a, _ in feed]), [g for _, g in feed]).f1 == 1.0
    by_title = {s.title: s for s in grouper.stories()}
    taiwan = next(s for title, s in by_title.items() if title and "Hualien" in title)
    assert (taiwan.start, taiwan.end) == ("2024-04-03", "2024-04-04")
    assert taiwan.sources == ["AP", "BBC", "Reuters"]
    assert [a.id for a in taiwan.articles] == ["a1", "a2", "a3"]


def test_input_order_does_not_change_the_stories(feed: Feed) -> None:
    refs = sorted(a.ref for a, _ in feed)
    first = _labels(_group([a for a, _ in feed]), refs)
    for seed in range(5):
        shuffled = [a for a, _ in feed]
        random.Random(seed).shuffle(shuffled)
        assert bcubed(_labels(_group(shuffled), refs), first).f1 == 1.0


def test_small_batches_group_like_one_batch(feed: Feed) -> None:
    """What the large-feed path does (batches against saved stories) on a small feed."""
    refs = [a.ref for a, _ in feed]
    whole = _labels(_group([a for a, _ in feed]), refs)
    batched = _labels(_group([a for a, _ in feed], GroupingSettings(batch_size=7)), refs)
    assert bcubed(batched, whole).f1 >= 0.9


def test_incremental_runs_join_saved_stories(feed: Feed, tmp_path: Path) -> None:
    """A then B through a saved state: B's articles join A's stories, A's stay as they were,
    and the result matches grouping A and B in one run."""
    first, second = feed[::2], feed[1::2]
    grouper = state.load(tmp_path)
    grouper.add([a for a, _ in first])
    state.save(grouper, tmp_path)
    before = {s.id: [a.ref for a in s.articles] for s in grouper.stories()}

    grouper = state.load(tmp_path)
    grouper.add([a for a, _ in second])
    after = {s.id: [a.ref for a in s.articles] for s in grouper.stories()}
    for story, refs in before.items():
        assert set(refs) <= set(after[story])
    assert sum(len(refs) for refs in after.values()) == len(feed)
    refs = [a.ref for a, _ in feed]
    one_run = _labels(_group([a for a, _ in feed]), refs)
    assert bcubed(_labels(grouper, refs), one_run).f1 >= 0.9
    assert bcubed(_labels(grouper, refs), [g for _, g in feed]).f1 >= 0.9


def test_new_article_ids_follow_the_saved_ones(feed: Feed, tmp_path: Path) -> None:
    grouper = StoryGrouper()
    grouper.add([a for a, _ in feed[:5]])
    state.save(grouper, tmp_path)
    grouper = state.load(tmp_path)
    grouper.add([a for a, _ in feed[5:7]])
    ids = sorted(int(a.id[1:]) for s in grouper.stories() for a in s.articles)
    assert ids == list(range(1, 8))


def test_an_article_already_grouped_is_skipped_with_a_note(feed: Feed) -> None:
    grouper = _group([a for a, _ in feed[:3]])
    notes = grouper.add([feed[0][0]])
    assert [str(n) for n in notes] == [f"{feed[0][0].ref}: already grouped (a1); skipped"]
    assert not notes[0].skipped
    assert sum(len(s.articles) for s in grouper.stories()) == 3


def test_undated_articles_still_group(feed: Feed) -> None:
    undated = [a for a, _ in _undated(feed)]
    grouper = _group(undated)
    labels = _labels(grouper, [a.ref for a in undated])
    assert bcubed(labels, [g for _, g in feed]).f1 >= 0.9
    assert all(s.start is None and s.end is None for s in grouper.stories())


def test_a_small_undated_run_keeps_same_topic_events_apart(feed: Feed) -> None:
    """A laptop's first run: a handful of saved articles, no dates, nothing else grouped yet
    to tell common words from telling ones. Two earthquakes and two stars in rehab are four
    stories, not two."""
    few = [_undated(feed)[n] for n in (0, 3, 1, 5, 7, 8)]
    grouper = _group([a for a, _ in few])
    assert _mixed_stories(grouper, few) == []
    assert len(grouper.stories()) == 4


@pytest.mark.parametrize("batch_size", [3, 5])
def test_an_undated_feed_in_small_batches_keeps_same_topic_events_apart(
    feed: Feed, batch_size: int
) -> None:
    """The same feed arriving a few articles at a time (each batch grouped against the
    stories before it) groups nearly as one run does: the quakes and the rehab stories stay
    apart; only the two Riverton shootings, same city and police chief, may meet undated."""
    undated = _undated(feed)
    grouper = StoryGrouper(GroupingSettings(batch_size=batch_size))
    grouper.add([a for a, _ in undated])
    assert _mixed_stories(grouper, undated) in ([], [{"shooting-mall", "shooting-school"}])
    labels = _labels(grouper, [a.ref for a, _ in undated])
    assert bcubed(labels, [g for _, g in undated]).f1 >= 0.9


def test_a_story_quiet_for_longer_than_the_window_starts_again(feed: Feed) -> None:
    quinn = [a for a, g in feed if g == "rehab-quinn"]
    years_later = Article(**{**vars(quinn[1]), "ref": "later", "published": "2025-06-11"})
    grouper = _group([quinn[0], years_later])
    assert len(grouper.stories()) == 2


def test_a_state_from_other_settings_is_refused(feed: Feed, tmp_path: Path) -> None:
    state.save(_group([a for a, _ in feed[:2]]), tmp_path)
    with pytest.raises(state.StateProblem, match="other settings"):
        state.load(tmp_path, GroupingSettings(neighbours=5))


def test_a_reprint_joins_its_original_and_stays_out_of_the_index(feed: Feed) -> None:
    articles = [a for a, _ in feed]
    original = articles[0]
    reprint = Article(**{**vars(original), "ref": "reprint", "text": original.text + " (AFP)"})
    grouper = _group([*articles, reprint])
    story = next(s for s in grouper.stories() if original.ref in {a.ref for a in s.articles})
    assert "reprint" in {a.ref for a in story.articles}
    indexed = {grouper.articles[position].ref for position in grouper.indexed.tolist()}
    assert not {"reprint", original.ref} <= indexed


def test_a_run_of_reprints_only_joins_their_stories(feed: Feed) -> None:
    """A batch with nothing new to index (every article a copy of an earlier one)."""
    grouper = _group([a for a, _ in feed])
    original = feed[0][0]
    grouper.add([Article(**{**vars(original), "ref": "reprint", "text": original.text + " (AFP)"})])
    story = next(s for s in grouper.stories() if original.ref in {a.ref for a in s.articles})
    assert "reprint" in {a.ref for a in story.articles}
    assert len(grouper.stories()) == len({g for _, g in feed})


def test_a_damaged_state_is_refused_with_its_reason(feed: Feed, tmp_path: Path) -> None:
    state.save(_group([a for a, _ in feed[:2]]), tmp_path)
    (tmp_path / "vectors.npz").write_bytes(b"not numpy")
    with pytest.raises(state.StateProblem, match="cannot read the state"):
        state.load(tmp_path)
