"""The shared vocabulary of Parallax: plain dataclasses every package speaks.

Packages talk to each other only through these types, so they hold data and tiny
helpers, never pipeline logic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

PublishedFrom = Literal["metadata", "text", "url"]
# What kind of piece an article says it is ("Opinion by ...", "Analysis by ..."); None: reporting
# as far as the input says.
ArticleKind = Literal["opinion", "analysis"]
KEY_LENGTH = 16  # hex characters of the content hashes that name stored articles and stories


def article_key(text: str) -> str:
    """An article's lasting name: a hash of its cleaned text (the same text, the same article)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def story_key(article_keys: Iterable[str]) -> str:
    """A story's lasting name: a hash of its members' keys, so it changes exactly when they do."""
    joined = "\n".join(sorted(article_keys))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()[:KEY_LENGTH]


def article_label(number: int) -> str:
    """How a story's `number`-th article (from 1, in story order) is named in its analysis:
    a1, a2, ... on every path (the store keeps the number as the member's position)."""
    return f"a{number}"


LinePosition = Literal["before", "within", "after"]


@dataclass(frozen=True)
class RemovedLine:
    """A line cleaning took out of an article, why, and where it stood relative to the body:
    kept so every removal can be audited and metadata read from the right place."""

    text: str
    reason: str
    position: LinePosition


@dataclass
class Article:
    """One cleaned article: the body text every later offset points into."""

    id: str
    ref: str
    text: str
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    published_from: PublishedFrom | None = None
    language: str | None = None
    url: str | None = None  # where the input says the article was published
    kind: ArticleKind | None = None
    removed: list[RemovedLine] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def removed_lines(self) -> int:
        return len(self.removed)

    def to_record(self, keep_removed: bool = False) -> dict[str, Any]:
        """The `parallax.articles/2` record for this article."""
        record = asdict(self)
        del record["removed"]
        text = record.pop("text")
        record.update(words=self.words, removed_lines=self.removed_lines, text=text)
        if keep_removed:
            record["removed"] = [asdict(line) for line in self.removed]
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Article:
        """The article a record describes: one `to_record` wrote, or a stored row of the same
        fields. Counts it derives (`words`) and fields it does not know (a story's `digest`)
        are ignored; `url` and `kind`, absent from version 1, are unknown."""
        known = {name: record[name] for name in _ARTICLE_FIELDS if name in record}
        removed = [RemovedLine(**line) for line in record.get("removed") or ()]
        return cls(**known, removed=removed)


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "removed")


@dataclass(frozen=True)
class InputProblem:
    """A warning, kept structured until it is shown: the input it is about (`ref`; None for a
    whole story) and why (`reason`): it, or a part of it, could not be read, or a note about
    one still read (`skipped` False). `str()` is the one way a warning is written out."""

    ref: str | None
    reason: str
    skipped: bool = True  # False for notes about an input that was still read

    def __str__(self) -> str:
        return self.reason if self.ref is None else f"{self.ref}: {self.reason}"


@dataclass(frozen=True)
class Evidence:
    """A verbatim piece of one article: what every statement Parallax makes points to."""

    article: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article's cleaned text; `text == article.text[start:end]`."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """Where something was named: a span of the cleaned text and its sentence."""

    text: str
    start: int
    end: int
    sentence: int


@dataclass
class Entity:
    """A person, organisation or place, all its mentions in one article under one name.

    `key` is the same across articles for the same entity ("Biden", "President Joe Biden"
    and "Mr Biden" all become `person:joe biden`), so comparison can join on it.
    """

    key: str
    name: str
    label: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True)
class Quantity:
    """A number as an interval with what it counts ("more than 80,000 US soldiers").

    `low`/`high` are the stated bounds (`None` when open: "more than 80,000" has no high);
    `approximate` says the figure was hedged ("about", "some", "thousands of"). `unit` is the
    normalised counted noun or unit ("troop" for troops/soldiers/personnel, "USD", "%").
    `whose`, `where` and `status` are the words that tell what exactly is counted.
    """

    text: str
    start: int
    end: int
    sentence: int
    low: float | None
    high: float | None
    approximate: bool
    unit: str | None
    whose: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    status: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeRef:
    """A date or time the text mentions, resolved to ISO 8601 at the precision it states
    ("2022-02-02", "2022-01", "2022-02-02T14:00"); `value` is None when it cannot be
    resolved (a relative date in an undated article), never a guess."""

    text: str
    start: int
    end: int
    sentence: int
    value: str | None
    relative: bool


AttributionKind = Literal["outlet", "named", "anonymous"]


@dataclass(frozen=True)
class Attribution:
    """Who a statement is attributed to: the outlet itself, a named source (its entity key)
    or an anonymous one ("a senior official", "defence sources")."""

    kind: AttributionKind
    name: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker: direct ("...", he said) or reported (X said that ...).
    The span is the quoted or reported words themselves."""

    text: str
    start: int
    end: int
    sentence: int
    direct: bool
    speaker: Attribution
    cue: str | None = None


@dataclass
class Claim:
    """One statement a sentence makes: about what, what it states, how sure, whose word."""

    id: str
    article: str
    sentence: int
    start: int
    end: int
    text: str
    subject: str | None
    predicate: str | None
    object: str | None
    entities: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    attribution: Attribution = field(default_factory=lambda: Attribution("outlet"))
    hedges: tuple[str, ...] = ()
    negated: bool = False

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)


@dataclass
class AnnotatedArticle:
    """An article with everything the language layer found in it, computed once."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # why a step failed on this article

    @property
    def problems(self) -> list[InputProblem]:
        """The warnings as problems of this article's input (it was still read)."""
        return [InputProblem(self.article.ref, reason, skipped=False) for reason in self.warnings]


@dataclass
class Story:
    """Articles from any outlets that report one event, found in a mixed feed.

    `start`/`end` are the first and last publication dates among its dated articles (None
    when none is dated). Articles grouped in an earlier run (`--state`) come back with their
    metadata only: a saved state keeps no article text.
    """

    id: str
    title: str | None
    start: str | None
    end: str | None
    sources: list[str]
    articles: list[Article] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        """The story as it appears in `parallax.stories/1`."""
        fields = ("id", "ref", "source", "title", "published")
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "sources": self.sources,
            "articles": [{name: getattr(a, name) for name in fields} for a in self.articles],
        }


ANALYSIS_SCHEMA = "parallax.analysis/2"
DivergenceKind = Literal["number", "claim", "quote", "framing", "update"]


@dataclass(frozen=True)
class Consensus:
    """A statement two or more articles make compatibly, with every supporter's words."""

    id: str
    statement: str
    articles: list[str]
    evidence: list[Evidence]


@dataclass(frozen=True)
class Position:
    """One answer to a divergence question and the articles that give it."""

    answer: str
    articles: list[str]
    evidence: list[Evidence]


@dataclass(frozen=True)
class Divergence:
    """Where the articles differ: a plain question and the competing answers."""

    id: str
    kind: DivergenceKind
    question: str
    positions: list[Position]
    note: str | None = None


FactStatus = Literal["states", "contradicts", "silent"]


@dataclass(frozen=True)
class Fact:
    """One row of the story's fact table: what every article does with one fact (states it,
    contradicts it, or is silent), with the sentences that state or contradict it and how many
    independent sources (copies of one text counting once) state it."""

    id: str
    statement: str
    status: dict[str, FactStatus]
    sources: int
    evidence: list[Evidence]

    @property
    def stating(self) -> list[str]:
        return [article for article, status in self.status.items() if status == "states"]


@dataclass(frozen=True)
class UniqueFact:
    """A salient statement only one article makes."""

    article: str
    statement: str
    evidence: list[Evidence]


@dataclass(frozen=True)
class TimelineEvent:
    """Something the articles date (resolved to ISO at its precision), with who dates it."""

    date: str
    event: str
    articles: list[str]
    evidence: list[Evidence]


@dataclass(frozen=True)
class SummarySentence:
    """A summary sentence composed only of evidenced parts, with the articles it rests on."""

    text: str
    articles: list[str]
    evidence: list[Evidence]


@dataclass
class Analysis:
    """Everything `parallax analyze` found about one story: the `parallax.analysis/2` contract
    (version 1, stored by earlier versions, lacks `facts` and the articles' `opinion` and
    `copy_of`; readers accept both)."""

    story: Story
    articles: list[Article]
    consensus: list[Consensus] = field(default_factory=list)
    divergences: list[Divergence] = field(default_factory=list)
    unique: list[UniqueFact] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    opinion: set[str] = field(default_factory=set)  # articles that are opinion pieces
    copy_of: dict[str, str] = field(default_factory=dict)  # a reprint → the first of its text
    warnings: list[InputProblem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        """The analysis as `parallax.analysis/2` JSON data."""
        story = {name: getattr(self.story, name) for name in ("id", "title", "start", "end")}
        articles = []
        for article in self.articles:
            record = article.to_record()
            del record["text"]
            record["opinion"] = article.id in self.opinion
            record["copy_of"] = self.copy_of.get(article.id)
            articles.append(record)
        return {
            "schema": ANALYSIS_SCHEMA,
            "story": story,
            "articles": articles,
            "consensus": [asdict(item) for item in self.consensus],
            "divergences": [asdict(item) for item in self.divergences],
            "unique": [asdict(item) for item in self.unique],
            "timeline": [asdict(item) for item in self.timeline],
            "summary": [asdict(item) for item in self.summary],
            "facts": [asdict(item) for item in self.facts],
            "warnings": [str(warning) for warning in self.warnings],
            "timings": dict(self.timings),
        }
