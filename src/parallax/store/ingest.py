"""Storing articles: read → keep the new ones → regroup the stored feed into stories →
analyse the stories that changed → write it all in one transaction. The reading, grouping
and analysing are the pipeline's (`parallax.pipeline`); this module only decides what is new.

An ingest is all or nothing: it computes everything first and writes last, so a failure at
any step leaves the stored data as it was. Stories are keyed by their members, so ingesting
the same inputs again changes nothing and re-analyses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import delete, select

from parallax.compare.settings import CompareSettings
from parallax.ingest.documents import ReadLimits
from parallax.model import Analysis, Article, InputProblem, Story, article_key, story_key
from parallax.pipeline import Progress, analyze_stories, comparable, group, read
from parallax.store.database import Database
from parallax.store.tables import ARTICLE_COLUMNS, ArticleRow, StoryArticle, StoryRow


@dataclass
class IngestReport:
    """What an ingest did: articles read and newly stored, the stories they belong to."""

    read: int = 0
    new: int = 0
    stories: list[str] = field(default_factory=list)  # keys of the inputs' stories
    analysed: list[str] = field(default_factory=list)  # keys of stories analysed this time
    warnings: list[InputProblem] = field(default_factory=list)
    exit_code: int = 0


def ingest_inputs(
    db: Database,
    inputs: Sequence[str],
    limits: ReadLimits | None = None,
    settings: CompareSettings | None = None,
    *,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Read `inputs` (files, folders, exports, URLs) and ingest the articles found."""
    result = read(inputs, limits, on_progress=on_progress)
    report = ingest_articles(db, result.articles, settings, on_progress=on_progress)
    report.warnings[:0] = result.problems
    report.exit_code = max(result.exit_code, report.exit_code)
    return report


def ingest_articles(
    db: Database,
    articles: Sequence[Article],
    settings: CompareSettings | None = None,
    *,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Store `articles`, regroup everything stored into stories and analyse the stories
    whose members changed; one writer at a time, one transaction for all the writes."""
    report = IngestReport(read=len(articles))
    keys_of_inputs = {article_key(article.text) for article in articles}
    with db.writing(), db.session() as session:
        stored_keys = set(session.scalars(select(ArticleRow.key)))
        fresh: dict[str, Article] = {}
        for article in articles:
            key = article_key(article.text)
            if key in stored_keys or key in fresh:
                report.warnings.append(InputProblem(article.ref, "already stored; skipped"))
            else:
                fresh[key] = replace(article, id=key)
        report.new = len(fresh)
        if not fresh:  # nothing new: the stories stand as they are
            report.stories = list(session.scalars(
                select(StoryRow.key).join(StoryArticle).join(ArticleRow)
                .where(ArticleRow.key.in_(keys_of_inputs)).distinct()
            ))
            return report
        stored = [_article(row) for row in session.scalars(select(ArticleRow))]
        grouped = [
            replace(story, id=_key_of(story.articles))
            for story in group([*stored, *fresh.values()], on_progress=on_progress).stories
        ]
        known = {row.key: row for row in session.scalars(select(StoryRow))}
        to_analyse = [
            story for story in grouped if comparable(story.articles) and story.id not in known
        ]
        analysed = analyze_stories(to_analyse, settings, on_progress=on_progress)
        analyses = {analysis.story.id: analysis for analysis in analysed}
        now = datetime.now(UTC).replace(tzinfo=None)
        ids = {row.key: row.id for row in session.scalars(select(ArticleRow))}
        for key, article in fresh.items():
            row = _article_row(key, article, now)
            session.add(row)
            session.flush()
            ids[key] = row.id
        session.execute(delete(StoryRow).where(StoryRow.key.not_in({s.id for s in grouped})))
        for story in grouped:
            if {member.id for member in story.articles} & keys_of_inputs:
                report.stories.append(story.id)
            if story.id in known:
                continue
            analysis = analyses.get(story.id)
            session.add(_story_row(story, analysis, ids, now))
            if analysis is not None:
                report.analysed.append(story.id)
                report.warnings.extend(analysis.warnings)
        session.commit()
    return report


def _article(row: ArticleRow) -> Article:
    """A stored article, named by its key."""
    return Article.from_record(
        {**{name: getattr(row, name) for name in ARTICLE_COLUMNS}, "id": row.key}
    )


def _article_row(key: str, article: Article, now: datetime) -> ArticleRow:
    record = article.to_record(keep_removed=True)
    return ArticleRow(key=key, added=now, **{name: record[name] for name in ARTICLE_COLUMNS})


def _story_row(
    story: Story, analysis: Analysis | None, ids: dict[str, int], now: datetime
) -> StoryRow:
    """A story (named by its key) and its analysis; members in story order, as labelled."""
    # The analysis picks the title most central to the story; the grouper's serves a single.
    title = analysis.story.title if analysis else story.title
    row = StoryRow(
        key=story.id, title=title, start=story.start, end=story.end, sources=story.sources,
        article_count=len(story.articles),
        divergence_count=len(analysis.divergences) if analysis else 0,
        analysis=analysis.to_record() if analysis else None, updated=now,
    )
    row.members = [
        StoryArticle(article_id=ids[member.id], position=n)
        for n, member in enumerate(story.articles, 1)
    ]
    return row


def _key_of(members: Sequence[Article]) -> str:
    return story_key(member.id for member in members)
