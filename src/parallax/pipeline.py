"""The pipeline, assembled in one place: read → annotate → group → analyse.

The CLI, the store's ingest, the web worker and the Dask tasks call these functions rather
than wiring the stages themselves, so every path compares the same stories the same way:
stories of two or more articles (`comparable`), their articles labelled a1…aN in story order
(`story_order`). Each function takes what the one before returns and a settings object for
its stage; all report progress in one shape, `Progress`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from parallax.compare.settings import CompareSettings
from parallax.ingest.articles import IngestResult, read_articles
from parallax.ingest.documents import ReadLimits
from parallax.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    InputProblem,
    Story,
    article_key,
    article_label,
)
from parallax.nlp.settings import AnnotateSettings

if TYPE_CHECKING:
    from parallax.stories.grouping import GroupingSettings, StoryGrouper


class Progress(Protocol):
    """The one shape of every progress report: what is being done, how much of it (`total`
    None while unknown) and, when reading, the input at hand."""

    def __call__(
        self, stage: str, done: int, total: int | None, current: str | None = None
    ) -> None: ...


# The id of a story given as a plain list of articles (not found by grouping).
SINGLE_STORY = "s1"
_UNDATED_LAST = "~"  # sorts after every ISO date


def silent(stage: str, done: int, total: int | None, current: str | None = None) -> None:
    """No progress display."""


def read(
    inputs: str | Path | Iterable[str | Path],
    settings: ReadLimits | None = None,
    *,
    on_progress: Progress | None = None,
    stdin: BinaryIO | None = None,
) -> IngestResult:
    """Read, clean and describe the articles in `inputs` (files, folders, JSON/JSONL exports,
    http(s) URLs, "-" for stdin). A bad input never raises: it is in `.problems` with why,
    and the rest is read."""
    progress = on_progress or silent
    given = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    count = 0

    def one_more(ref: str) -> None:
        nonlocal count
        count += 1
        progress("reading", count, None, ref)

    return read_articles([str(item) for item in given], settings, stdin, one_more)


def annotate(
    articles: Sequence[Article],
    settings: AnnotateSettings | None = None,
    *,
    on_progress: Progress | None = None,
) -> list[AnnotatedArticle]:
    """The language layer on each article (sentences, entities, figures, dates, quotes,
    statements), entity keys joined across all of them: "Zelenskyy" in one takes the key of
    "Volodymyr Zelensky" in another. An article it fails on says so in its `warnings`."""
    from parallax.nlp.entities import link_entities

    annotated = _annotated(articles, settings, on_progress or silent, "annotating")
    link_entities(annotated)
    return annotated


@dataclass
class Grouping:
    """A feed grouped into stories (each with its articles, text included, in story order),
    and the articles left out (the same text twice) with why."""

    stories: list[Story]
    problems: list[InputProblem] = field(default_factory=list)


def group(
    articles: Sequence[Article],
    settings: GroupingSettings | None = None,
    *,
    on_progress: Progress | None = None,
    into: StoryGrouper | None = None,
) -> Grouping:
    """Group a mixed feed into stories, one per event rather than per topic; the result does
    not depend on the order of `articles`. `into`, a grouper loaded from a saved state (with
    its own settings), takes them into its stories; the stories returned hold the articles
    given, not those it grouped before."""
    from parallax.stories.grouping import StoryGrouper

    progress = on_progress or silent
    grouper = into or StoryGrouper(settings)
    done = 0

    def one_more() -> None:
        nonlocal done
        done += 1
        progress("grouping", done, len(articles))

    problems = grouper.add(articles, one_more)
    stories = [
        replace(story, articles=sorted(members, key=_place))
        for story, members in grouper.stories_with_texts(articles)
        if members
    ]
    return Grouping(stories, problems)


def comparable(members: Sized) -> bool:
    """The rule on every path: a story is compared when it has two or more articles (one
    article has nothing to compare with)."""
    return len(members) >= 2


def story_order(published: str | None, key: str) -> tuple[str, str]:
    """Where an article stands in its story, so labelled: by date, undated last, then by its
    key (a hash of its text). Neither the path a story took nor the input order changes it."""
    return (published or _UNDATED_LAST, key)


def analyze(
    story: Story | Sequence[Article] | Sequence[AnnotatedArticle],
    settings: CompareSettings | None = None,
    *,
    annotation: AnnotateSettings | None = None,
    on_progress: Progress | None = None,
    ingest_s: float = 0.0,
) -> Analysis:
    """Compare the articles of one story: a `Story` from `group`, or articles (annotated or
    not) taken as one story in the order given. They are labelled a1…aN in that order, and
    of a story too big to compare whole only the articles compared go through the language
    layer. `ingest_s`, the time the caller took to read them, goes into the timings."""
    settings = settings or CompareSettings()
    story_id = story.id if isinstance(story, Story) else SINGLE_STORY
    members = list(story.articles if isinstance(story, Story) else story)
    if members and all(isinstance(member, AnnotatedArticle) for member in members):
        done = [member for member in members if isinstance(member, AnnotatedArticle)]
        published = [item.article.published for item in done]
        return compare_story(
            story_id, published, lambda chosen: [done[n] for n in chosen], settings,
            ingest_s=ingest_s,
        )
    # Some annotated, some not: all go through the language layer, as one story.
    articles = [m.article if isinstance(m, AnnotatedArticle) else m for m in members]
    progress = on_progress or silent

    def annotated_at(chosen: list[int]) -> list[AnnotatedArticle]:
        left_out = len(articles) - len(chosen)
        progress("analysing", left_out, len(articles))
        return _annotated([articles[n] for n in chosen], annotation, progress, "analysing",
                          left_out, len(articles))

    return compare_story(story_id, [article.published for article in articles], annotated_at,
                         settings, ingest_s=ingest_s)


def analyze_stories(
    stories: Sequence[Story],
    settings: CompareSettings | None = None,
    *,
    annotation: AnnotateSettings | None = None,
    on_progress: Progress | None = None,
    ingest_s: float = 0.0,
) -> list[Analysis]:
    """`analyze` each story, progress counted over all their articles."""
    progress = on_progress or silent
    total = sum(len(story.articles) for story in stories)
    analyses: list[Analysis] = []
    before = 0
    for story in stories:
        start = before

        def advance(
            stage: str, done: int, _: int | None, current: str | None = None, start: int = start
        ) -> None:
            progress(stage, start + done, total, current)

        analyses.append(analyze(story, settings, annotation=annotation, on_progress=advance,
                                ingest_s=ingest_s))
        before += len(story.articles)
    return analyses


def analyze_feed(
    articles: Sequence[Article],
    settings: CompareSettings | None = None,
    *,
    grouping: GroupingSettings | None = None,
    annotation: AnnotateSettings | None = None,
    on_progress: Progress | None = None,
    ingest_s: float = 0.0,
) -> list[Analysis]:
    """Group a mixed feed into stories and analyse, story by story, each story of two or
    more articles (an article whose text came twice counts once)."""
    stories = group(articles, grouping, on_progress=on_progress).stories
    return analyze_stories(
        [story for story in stories if comparable(story.articles)], settings,
        annotation=annotation, on_progress=on_progress, ingest_s=ingest_s,
    )


def compare_story(
    story_id: str,
    published: Sequence[str | None],
    annotated_at: Callable[[list[int]], Sequence[AnnotatedArticle]],
    settings: CompareSettings | None = None,
    *,
    ingest_s: float = 0.0,
) -> Analysis:
    """Compare a story of `len(published)` articles in story order, however its annotations
    are had: `annotated_at(positions)` gives those of the articles `compared_positions`
    picks (the batch runner reads them from its tables), labelled here by position."""
    from parallax.compare.analyze import compare_annotated
    from parallax.nlp.records import relabelled

    settings = settings or CompareSettings()
    started = time.perf_counter()
    chosen = compared_positions(published, settings)
    annotated = [
        relabelled(item, article_label(position + 1))
        for position, item in zip(chosen, annotated_at(chosen), strict=True)
    ]
    return compare_annotated(
        annotated, settings, story_id=story_id, ingest_s=ingest_s,
        nlp_s=time.perf_counter() - started, story_size=len(published),
    )


def compared_positions(published: Sequence[str | None], settings: CompareSettings) -> list[int]:
    """Which of a story's articles (positions in story order, given their dates) are
    compared: all, or of a story over `max_articles` that many, spread evenly over its dates."""
    from parallax.compare.analyze import spread_over_dates

    return spread_over_dates(published, settings.max_articles)


def _place(article: Article) -> tuple[str, str]:
    return story_order(article.published, article_key(article.text))


def _annotated(
    articles: Sequence[Article],
    settings: AnnotateSettings | None,
    progress: Progress,
    stage: str,
    already: int = 0,
    total: int | None = None,
) -> list[AnnotatedArticle]:
    """The language layer on `articles`, progress reported as `stage` from `already` done."""
    from parallax.nlp.annotate import annotate_articles
    from parallax.nlp.records import AnnotationCache

    settings = settings or AnnotateSettings()
    cache = AnnotationCache(settings.cache) if settings.cache is not None else None
    done = already
    out_of = len(articles) if total is None else total

    def advance(count: int) -> None:
        nonlocal done
        done += count
        progress(stage, done, out_of)

    return annotate_articles(articles, processes=settings.processes, on_done=advance, cache=cache)
