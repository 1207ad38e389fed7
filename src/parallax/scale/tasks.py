"""The work each Dask task does, on whichever worker runs it: the same functions the
single-machine commands call (read, language layer, grouping, comparison), one partition,
window or batch of stories at a time. Each task writes its result whole, then marks it done,
so a task redone after a lost worker overwrites rather than adds."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from parallax.compare.settings import CompareSettings
from parallax.ingest.articles import articles_from_documents
from parallax.model import AnnotatedArticle, Article, article_key
from parallax.scale import outputs
from parallax.scale.partitions import Partition

# A story running over a month's end stays one when its articles on either side are at most
# this many days apart (windows are grouped in parallel, so each sees only this much of the
# month before it).
OVERLAP_DAYS = 7
STORY_COLUMNS = ["ref", "source", "title", "author", "published", "published_from",
                 "language", "text", "removed"]


def process_partition(partition: Partition, out: str) -> dict:
    """Read, clean and annotate one partition; write its tables; return its done marker."""
    from parallax.nlp.annotate import annotate_articles

    folder = Path(out)
    result = articles_from_documents(partition.documents)
    articles = [replace(article, id=article_key(article.text)) for article in result.articles]
    annotated = annotate_articles(articles)
    placed = [outputs.window_of(item.article.published, partition.number) for item in annotated]
    windows = outputs.write_partition(folder, partition.digest, annotated, placed)
    problems = [*partition.problems, *result.problems]
    marker = {
        "partition": partition.digest,
        "number": partition.number,
        "documents": len(partition.documents),
        "articles": [[item.article.id, window]
                     for item, window in zip(annotated, placed, strict=True)],
        "windows": windows,
        "warnings": [str(problem) for problem in
                     [*problems, *(p for item in annotated for p in item.problems)]],
        "skipped": sum(problem.skipped for problem in problems),
    }
    outputs.write_json(marker_path(folder, partition.digest), marker)
    return marker


def group_window(
    window: str, out: str, earlier: str | None, representatives: dict[str, list[str]]
) -> list[dict]:
    """Group one window's articles into stories (the same grouper as `parallax stories`)
    together with articles of other windows that stories may continue here: the last
    OVERLAP_DAYS days of the `earlier` month window, if there is one, and the articles
    `representatives` names (window: keys; one of each dated story, for an undated window).

    Each story lists its own window's articles under "articles", the others under "overlap"
    (`stitch.join_windows` joins it to the story those are in in their own window) and under
    "central" the one of its own articles that carries its title. A story of other windows'
    articles alone is left out: their own window has it."""
    from parallax.pipeline import group

    folder = Path(out)
    own = _articles(folder, window)
    context = _last_days(folder, earlier, f"{window}-01") if earlier else []
    for other, keys in representatives.items():
        context += _articles(folder, other, set(keys))
    theirs = {article.id for article in context}
    stories = []
    for story in group([*context, *own]).stories:
        members = story.articles
        mine = [member for member in members if member.id not in theirs]
        if mine:
            central = next((m for m in mine if m.title == story.title), mine[0])
            stories.append({
                "window": window, "title": story.title, "start": story.start,
                "end": story.end, "sources": story.sources,
                "articles": [member.id for member in mine], "central": central.id,
                "overlap": [member.id for member in members if member.id in theirs],
            })
    return stories


def _last_days(out: Path, window: str, before: str) -> list[Article]:
    """A window's articles published in the OVERLAP_DAYS days before `before` (a date)."""
    cutoff = (date.fromisoformat(before) - timedelta(days=OVERLAP_DAYS)).isoformat()
    dates = outputs.read_window(out, window, ["published"]).to_pylist()
    keys = {row["key"] for row in dates if row["published"] and row["published"] >= cutoff}
    return _articles(out, window, keys) if keys else []


def analyse_stories(stories: list[dict], out: str, settings: CompareSettings) -> list[str]:
    """Compare each story from its stored annotations (the pipeline's `compare_story`, members
    in story order); returns the stories' keys. Of a story too big to compare whole only the
    annotations compared are read. A task redone after a lost worker skips the stories it
    already wrote (their key is a hash of their members)."""
    from parallax.nlp.records import from_record
    from parallax.pipeline import compare_story, compared_positions, story_order

    folder = Path(out)
    done = [story["key"] for story in stories if analysis_path(folder, story["key"]).exists()]
    written = set(done)
    stories = [story for story in stories if story["key"] not in written]
    published = _column_by_key(folder, stories, "published",
                               {key for story in stories for key in story["articles"]})
    members = {story["key"]: sorted(story["articles"], key=lambda k: story_order(published[k], k))
               for story in stories}
    dates = {story: [published[key] for key in keys] for story, keys in members.items()}
    wanted = {members[story][n] for story in members
              for n in compared_positions(dates[story], settings)}
    annotations = _column_by_key(folder, stories, "annotation", wanted)
    for story in stories:
        keys = members[story["key"]]

        def annotated_at(chosen: list[int], keys: list[str] = keys) -> list[AnnotatedArticle]:
            return [from_record(json.loads(annotations[keys[n]])) for n in chosen]

        analysis = compare_story(story["key"], dates[story["key"]], annotated_at, settings)
        outputs.write_json(analysis_path(folder, story["key"]), analysis.to_record())
        done.append(story["key"])
    return done


def _column_by_key(folder: Path, stories: list[dict], column: str, keys: set[str]) -> dict:
    """One column of the final article tables, for `keys`, read from the stories' windows."""
    found = {}
    for window in sorted({window for story in stories for window in story["windows"]}):
        table = outputs.read_window(folder, window, [column], keys)
        found.update(zip(table["key"].to_pylist(), table[column].to_pylist(), strict=True))
    return found


def marker_path(out: Path, digest: str) -> Path:
    return out / "partitions" / f"{digest}.json"


def analysis_path(out: Path, key: str) -> Path:
    return out / "analyses" / f"{key}.json"


def _articles(out: Path, window: str, keys: set[str] | None = None) -> list[Article]:
    return [
        Article.from_record({**row, "id": row["key"], "removed": json.loads(row["removed"])})
        for row in outputs.read_window(out, window, STORY_COLUMNS, keys).to_pylist()
    ]
