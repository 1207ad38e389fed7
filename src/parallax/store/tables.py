"""The stored shape of articles, stories, analyses and ingest jobs (SQLAlchemy 2 tables).

An analysis is kept whole as its `parallax.analysis/1` JSON: the web app is a view of that
document and nothing else. The few columns beside it (title, dates, counts, outlets) exist so
the stories list can be searched and sorted without parsing every analysis.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from parallax.model import KEY_LENGTH, article_label


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)


class ArticleRow(Base):
    """One cleaned article; `key` is a hash of its text, so the same article is stored once."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True, index=True)
    ref: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    published_from: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)  # schema version 2
    kind: Mapped[str | None] = mapped_column(String(16))  # schema version 2
    text: Mapped[str] = mapped_column(Text)
    removed: Mapped[list] = mapped_column(JSON)  # [{"text", "reason", "position"}]
    added: Mapped[datetime]


# The columns holding an article's own fields, named as in its record (`Article.to_record`).
ARTICLE_COLUMNS = ("ref", "source", "title", "author", "published", "published_from",
                   "language", "url", "kind", "text", "removed")


class StoryRow(Base):
    """A group of articles; `key` is a hash of its members, so an unchanged story keeps its
    key and its analysis across ingests."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    start: Mapped[str | None] = mapped_column(String(32))
    end: Mapped[str | None] = mapped_column(String(32))
    sources: Mapped[list] = mapped_column(JSON)
    article_count: Mapped[int] = mapped_column(Integer)
    divergence_count: Mapped[int] = mapped_column(Integer)
    analysis: Mapped[dict | None] = mapped_column(JSON)  # parallax.analysis/1, None if alone
    updated: Mapped[datetime]
    members: Mapped[list[StoryArticle]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryArticle.position"
    )


class StoryArticle(Base):
    """An article's place in a story; `label` is its id inside the analysis (a1, a2...)."""

    __tablename__ = "story_articles"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    story: Mapped[StoryRow] = relationship(back_populates="members")
    article: Mapped[ArticleRow] = relationship()

    @property
    def label(self) -> str:
        return article_label(self.position)


class JobRow(Base):
    """One ingest started from the web app: what it is doing, and how it ended."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # queued, running, done, failed
    stage: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    inputs: Mapped[list] = mapped_column(JSON)  # what the user gave, as shown to them
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    stories: Mapped[list] = mapped_column(JSON, default=list)  # keys of the stories it touched
    error: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime]
    finished: Mapped[datetime | None]
