"""A grouping saved to a directory (`--state DIR`), so the next run adds to its stories.

What is kept: each article's metadata and text digest (to skip it if it comes again), each
story's summed vector, size and dates, the document frequencies, and the nearest-neighbour
index. No article text. Files are written next to the old ones and swapped in at the end,
so an interrupted save leaves the previous state whole.
"""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from parallax.errors import ParallaxError
from parallax.model import Article
from parallax.stories.grouping import GroupingSettings, SavedStory, StoryGrouper
from parallax.stories.linkage import Group
from parallax.stories.neighbours import NeighbourIndex
from parallax.stories.vectors import DIMENSIONS, DocumentFrequencies

STATE_SCHEMA = "parallax.stories-state/1"
SUMMARY = "stories.json"
ARRAYS = "vectors.npz"
INDEX = "index.faiss"
ARTICLE_FIELDS = ("id", "ref", "source", "title", "published")


class StateProblem(ParallaxError):
    """A state directory that cannot be used; the message says why."""


def load(folder: Path, settings: GroupingSettings | None = None) -> StoryGrouper:
    """The grouper saved in `folder`, or a fresh one if the folder holds no state yet."""
    settings = settings or GroupingSettings()
    if not (folder / SUMMARY).exists():
        if folder.exists() and not folder.is_dir():
            raise StateProblem(f"{folder} is not a directory")
        return StoryGrouper(settings)
    try:
        return _read(folder, settings)
    except (OSError, ValueError, KeyError, RuntimeError, zipfile.BadZipFile) as error:
        reason = f"{type(error).__name__}: {error}"
        raise StateProblem(f"cannot read the state in {folder} ({reason})") from None


def _read(folder: Path, settings: GroupingSettings) -> StoryGrouper:
    summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    if summary.get("schema") != STATE_SCHEMA:
        raise StateProblem(f"{folder} does not hold a {STATE_SCHEMA} state")
    if summary["settings"] != _settings_record(settings):
        raise StateProblem(
            f"the state in {folder} was grouped with other settings; "
            "start a new state directory to use these"
        )
    arrays = np.load(folder / ARRAYS)
    index = NeighbourIndex.load(folder / INDEX)
    counts = np.zeros(DIMENSIONS, dtype=np.int32)
    counts[arrays["df_columns"]] = arrays["df_counts"]
    bounds = arrays["story_bounds"]
    saved = [
        SavedStory(
            id=story["id"],
            title=story["title"],
            group=Group(
                arrays["story_columns"][bounds[n] : bounds[n + 1]],
                arrays["story_values"][bounds[n] : bounds[n + 1]],
                story["size"],
                story["start"],
                story["end"],
                saved=True,
            ),
            members=story["members"],
        )
        for n, story in enumerate(summary["stories"])
    ]
    articles = [
        Article.from_record({**record, "text": ""}) for record in summary["articles"]
    ]
    return StoryGrouper(
        settings,
        frequencies=DocumentFrequencies(counts, summary["documents"], settings.common_words),
        index=index,
        indexed=arrays["indexed"].tolist(),
        articles=articles,
        digests=[record["digest"] for record in summary["articles"]],
        saved=saved,
    )


def save(grouper: StoryGrouper, folder: Path) -> None:
    """Write `grouper` to `folder` (created if needed)."""
    try:
        _write(grouper, folder)
    except OSError as error:
        raise StateProblem(f"cannot write the state to {folder}: {error}") from None


def _write(grouper: StoryGrouper, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stories = grouper.saved
    df = grouper.frequencies.counts
    nonzero = np.flatnonzero(df)
    summary = {
        "schema": STATE_SCHEMA,
        "settings": _settings_record(grouper.settings),
        "documents": grouper.frequencies.documents,
        "articles": [
            {**{k: getattr(a, k) for k in ARTICLE_FIELDS}, "digest": digest}
            for a, digest in zip(grouper.articles, grouper.digests, strict=True)
        ],
        "stories": [
            {
                "id": s.id,
                "title": s.title,
                "size": s.group.size,
                "start": s.group.start,
                "end": s.group.end,
                "members": s.members,
            }
            for s in stories
        ],
    }
    lengths = [len(s.group.columns) for s in stories]
    arrays: dict[str, Any] = {
        "indexed": grouper.indexed,
        "df_columns": nonzero,
        "df_counts": df[nonzero],
        "story_bounds": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        "story_columns": _joined([s.group.columns for s in stories], np.int64),
        "story_values": _joined([s.group.values for s in stories], np.float64),
    }
    _swap_in(folder / SUMMARY, lambda path: path.write_text(json.dumps(summary), "utf-8"))
    _swap_in(folder / ARRAYS, lambda path: np.savez_compressed(path, **arrays))
    _swap_in(folder / INDEX, grouper.index.save)


def _settings_record(settings: GroupingSettings) -> dict[str, Any]:
    """What a state must agree on with the run using it (batch size does not matter)."""
    record = asdict(settings)
    del record["batch_size"]
    return json.loads(json.dumps(record))


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def _swap_in(path: Path, write: Any) -> None:
    partial = path.with_name(path.name + ".partial" + path.suffix)
    write(partial)
    os.replace(partial, path)
