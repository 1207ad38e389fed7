"""Storing articles: read → keep the new ones → regroup the stored feed into stories →
analyse the stories that changed → write it all in one transaction.

An ingest is all or nothing: it computes everything first and writes last, so a failure at
any step leaves the stored data as it was. Stories are keyed by their members, so ingesting
the same inputs again changes nothing and re-analyses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import delete, select

from parallax.ingest.articles import read_articles
from parallax.ingest.sources import ReadLimits
from parallax.model import Article, RemovedLine, Story, article_key, story_key
from parallax.store.database import Database
from parallax.store.tables import ArticleRow, StoryArticle, StoryRow

# stage, done, total: what an ingest is doing, for a progress bar or a job page.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What an ingest did: articles read and newly stored, the stories they belong to."""

    read: int = 0
    new: int = 0
    stories: list[str] = field(default_factory=list)  # keys of the inputs' stories
    analysed: list[str] = field(default_factory=list)  # keys of stories analysed this time
    warnings: list[str] = field(default_factory=list)
    exit_code: int = 0


def ingest_inputs(
    db: Database,
    inputs: Sequence[str],
    limits: ReadLimits | None = None,
    *,
    on_progress: Progress | None = None,
    summary_sentences: int = 6,
) -> IngestReport:
    """Read `inputs` (files, folders, exports, URLs) and ingest the articles found."""
    progress = on_progress or _silent
    count = 0

    def read_one(ref: str) -> None:
        nonlocal count
        count += 1
        progress("reading", count, 0)

    result = read_articles(inputs, limits, on_document=read_one)
    report = ingest_articles(
        db, result.articles, on_progress=progress, summary_sentences=summary_sentences
    )
    report.warnings[:0] = result.warnings
    report.exit_code = max(result.exit_code, report.exit_code)
    return report


def ingest_articles(
    db: Database,
    articles: Sequence[Article],
    *,
    on_progress: Progress | None = None,
    summary_sentences: int = 6,
) -> IngestReport:
    """Store `articles`, regroup everything stored into stories and analyse the stories
    whose members changed; one writer at a time, one transaction for all the writes."""
    progress = on_progress or _silent
    report = IngestReport(read=len(articles))
    keys_of_inputs = {article_key(article.text) for article in articles}
    with db.writing(), db.session() as session:
        stored_keys = set(session.scalars(select(ArticleRow.key)))
        fresh: dict[str, Article] = {}
        for article in articles:
            key = article_key(article.text)
            if key in stored_keys or key in fresh:
                report.warnings.append(f"{article.ref}: already stored; skipped")
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
        every = [*stored, *fresh.values()]
        grouped = _group(every, progress)
        known = {row.key: row for row in session.scalars(select(StoryRow))}
        to_analyse = [
            members for _, members in grouped
            if len(members) >= 2 and _key_of(members) not in known
        ]
        analyses = _analyse(to_analyse, progress, summary_sentences)
        now = datetime.now(UTC).replace(tzinfo=None)
        ids = {row.key: row.id for row in session.scalars(select(ArticleRow))}
        for key, article in fresh.items():
            row = _article_row(key, article, now)
            session.add(row)
            session.flush()
            ids[key] = row.id
        wanted = {_key_of(members) for _, members in grouped}
        session.execute(delete(StoryRow).where(StoryRow.key.not_in(wanted)))
        for story, members in grouped:
            key = _key_of(members)
            if {member.id for member in members} & keys_of_inputs:
                report.stories.append(key)
            if key in known:
                continue
            analysis = analyses.get(key)
            session.add(_story_row(key, story, members, analysis, ids, now))
            if analysis is not None:
                report.analysed.append(key)
                report.warnings.extend(analysis["warnings"])
        session.commit()
    return report


def _group(articles: list[Article], progress: Progress) -> list[tuple[Story, list[Article]]]:
    from parallax.stories.grouping import StoryGrouper

    grouper = StoryGrouper()
    done = 0

    def grouped_one() -> None:
        nonlocal done
        done += 1
        progress("grouping", done, len(articles))

    grouper.add(articles, grouped_one)
    return [(story, members) for story, members in grouper.stories_with_texts(articles) if members]


def _analyse(
    stories: list[list[Article]], progress: Progress, summary_sentences: int
) -> dict[str, dict]:
    """Analyse each story (members labelled a1, a2... in date order, as in a report)."""
    from parallax.compare.analyze import analyze_articles

    total = sum(len(members) for members in stories)
    done = 0

    def annotated(n: int) -> None:
        nonlocal done
        done += n
        progress("analysing", done, total)

    analyses = {}
    for members in stories:
        labelled = [replace(article, id=f"a{n}") for n, article in enumerate(members, 1)]
        key = _key_of(members)
        analysis = analyze_articles(
            labelled, summary_sentences=summary_sentences, on_done=annotated, story_id=key
        )
        analyses[key] = analysis.to_record()
    return analyses


def _article(row: ArticleRow) -> Article:
    return Article(
        id=row.key, ref=row.ref, text=row.text, source=row.source, title=row.title,
        author=row.author, published=row.published, published_from=row.published_from,
        language=row.language, url=row.url, kind=row.kind,
        removed=[RemovedLine(**line) for line in row.removed],
    )


def _article_row(key: str, article: Article, now: datetime) -> ArticleRow:
    return ArticleRow(
        key=key, ref=article.ref, text=article.text, source=article.source,
        title=article.title, author=article.author, published=article.published,
        published_from=article.published_from, language=article.language,
        url=article.url, kind=article.kind,
        removed=[
            {"text": line.text, "reason": line.reason, "position": line.position}
            for line in article.removed
        ],
        added=now,
    )


def _story_row(
    key: str,
    story: Story,
    members: list[Article],
    analysis: dict | None,
    ids: dict[str, int],
    now: datetime,
) -> StoryRow:
    # The analysis picks the title most central to the story; the grouper's serves a single.
    title = analysis["story"]["title"] if analysis else story.title
    row = StoryRow(
        key=key, title=title, start=story.start, end=story.end, sources=story.sources,
        article_count=len(members),
        divergence_count=len(analysis["divergences"]) if analysis else 0,
        analysis=analysis, updated=now,
    )
    row.members = [
        StoryArticle(article_id=ids[member.id], position=n)
        for n, member in enumerate(members, 1)
    ]
    return row


def _silent(stage: str, done: int, total: int) -> None:
    """No progress display."""


def _key_of(members: Sequence[Article]) -> str:
    return story_key(member.id for member in members)
