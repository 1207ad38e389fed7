"""Reading the store: the stories list, one story's analysis, one article with the evidence
that points into it. Everything the web app and its JSON API show comes from here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from parallax.model import KEY_LENGTH, article_label
from parallax.store.database import Database
from parallax.store.tables import ArticleRow, StoryArticle, StoryRow

_KEY = re.compile(rf"[0-9a-f]{{{KEY_LENGTH}}}")


@dataclass
class StoryListing:
    """A story as the stories list shows it."""

    key: str
    title: str | None
    start: str | None
    end: str | None
    article_count: int
    sources: list[str]
    divergence_count: int
    analysed: bool
    updated: datetime


@dataclass
class StoryView:
    """One story: its analysis (None for a story of one article) and, for each article label
    in the analysis, the stored article's key."""

    listing: StoryListing
    analysis: dict | None
    article_keys: dict[str, str]
    articles: list[dict]  # label, key, ref, source, title, published


@dataclass
class Highlight:
    """A span of an article that some story's analysis cites as evidence."""

    start: int
    end: int
    story: str
    kinds: set[str] = field(default_factory=set)


@dataclass
class ArticleView:
    """One stored article, the stories it belongs to, and the spans they cite."""

    key: str
    record: dict  # the parallax.articles/2 record, with removed lines
    stories: list[dict]  # key, title, label
    highlights: list[Highlight]


def is_key(value: str) -> bool:
    """Whether `value` can be a story or article key (checked before any lookup)."""
    return bool(_KEY.fullmatch(value))


def list_stories(
    db: Database, words: str | None = None, outlet: str | None = None, limit: int = 500
) -> list[StoryListing]:
    """Stories, newest first; `words` must all appear in the title or an article's title or
    text, `outlet` must be one of the story's outlets (both case-insensitive)."""
    query = select(StoryRow)
    for word in (words or "").split():
        query = query.where(
            func.lower(StoryRow.title).contains(word.lower(), autoescape=True)
            | StoryRow.id.in_(_stories_whose_articles_contain(word))
        )
    if outlet:
        query = query.where(
            StoryRow.id.in_(
                select(StoryArticle.story_id).join(ArticleRow).where(
                    func.lower(ArticleRow.source) == outlet.lower()
                )
            )
        )
    newest = func.coalesce(StoryRow.end, "")
    query = query.order_by(newest.desc(), StoryRow.updated.desc(), StoryRow.id.desc())
    with db.session() as session:
        return [_listing(row) for row in session.scalars(query.limit(limit))]


def outlets(db: Database) -> list[str]:
    """Every outlet among stored articles, for the outlet filter."""
    query = select(ArticleRow.source).where(ArticleRow.source.is_not(None)).distinct()
    with db.session() as session:
        return sorted(session.scalars(query), key=str.lower)


def story(db: Database, key: str) -> StoryView | None:
    if not is_key(key):
        return None
    query = (
        select(StoryRow).where(StoryRow.key == key)
        .options(selectinload(StoryRow.members).selectinload(StoryArticle.article))
    )
    with db.session() as session:
        row = session.scalars(query).first()
        if row is None:
            return None
        articles = [
            {"label": member.label, "key": member.article.key, "ref": member.article.ref,
             "url": member.article.url, "source": member.article.source,
             "title": member.article.title, "published": member.article.published}
            for member in row.members
        ]
        return StoryView(
            listing=_listing(row),
            analysis=row.analysis,
            article_keys={item["label"]: item["key"] for item in articles},
            articles=articles,
        )


def article(db: Database, key: str) -> ArticleView | None:
    if not is_key(key):
        return None
    with db.session() as session:
        row = session.scalars(select(ArticleRow).where(ArticleRow.key == key)).first()
        if row is None:
            return None
        memberships = session.execute(
            select(StoryArticle.position, StoryRow.key, StoryRow.title, StoryRow.analysis)
            .join(StoryRow).where(StoryArticle.article_id == row.id)
        ).all()
        record = {
            "id": row.key, "ref": row.ref, "source": row.source, "title": row.title,
            "author": row.author, "published": row.published,
            "published_from": row.published_from, "language": row.language,
            "url": row.url, "kind": row.kind, "words": len(row.text.split()),
            "removed_lines": len(row.removed), "text": row.text, "removed": row.removed,
        }
    stories, highlights = [], {}
    for position, story_key, title, analysis in memberships:
        label = article_label(position)
        stories.append({"key": story_key, "title": title, "label": label})
        for kind, evidence in _evidence(analysis or {}):
            if evidence["article"] != label:
                continue
            span = (evidence["start"], evidence["end"])
            highlights.setdefault(span, Highlight(*span, story=story_key)).kinds.add(kind)
    return ArticleView(
        key=key, record=record, stories=stories,
        highlights=sorted(highlights.values(), key=lambda h: (h.start, h.end)),
    )


def _evidence(analysis: dict):
    """Every evidence item of an analysis, with the section it supports."""
    for section in ("consensus", "unique", "timeline", "summary"):
        for item in analysis.get(section, []):
            for evidence in item["evidence"]:
                yield section, evidence
    for divergence in analysis.get("divergences", []):
        for position in divergence["positions"]:
            for evidence in position["evidence"]:
                yield "divergences", evidence


def _stories_whose_articles_contain(word: str):
    lowered = word.lower()
    return (
        select(StoryArticle.story_id).join(ArticleRow).where(
            func.lower(ArticleRow.title).contains(lowered, autoescape=True)
            | func.lower(ArticleRow.text).contains(lowered, autoescape=True)
        )
    )


def _listing(row: StoryRow) -> StoryListing:
    return StoryListing(
        key=row.key, title=row.title, start=row.start, end=row.end,
        article_count=row.article_count, sources=list(row.sources),
        divergence_count=row.divergence_count, analysed=row.analysis is not None,
        updated=row.updated,
    )
