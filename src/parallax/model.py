"""The shared vocabulary of Parallax: plain dataclasses every package speaks.

Packages talk to each other only through these types, so they hold data and tiny
helpers, never pipeline logic.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PublishedFrom = Literal["metadata", "text"]


Position = Literal["before", "within", "after"]


@dataclass(frozen=True)
class RemovedLine:
    """A line cleaning took out of an article, why, and where it stood relative to the body:
    kept so every removal can be audited and metadata read from the right place."""

    text: str
    reason: str
    position: Position


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
    removed: list[RemovedLine] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def removed_lines(self) -> int:
        return len(self.removed)

    def to_record(self, keep_removed: bool = False) -> dict[str, Any]:
        """The `parallax.articles/1` record for this article."""
        record = asdict(self)
        del record["removed"]
        text = record.pop("text")
        record.update(words=self.words, removed_lines=self.removed_lines, text=text)
        if keep_removed:
            record["removed"] = [asdict(line) for line in self.removed]
        return record


@dataclass(frozen=True)
class InputProblem:
    """Why one input (or one part of it) could not be read; shown to the user as a warning."""

    ref: str
    reason: str
    skipped: bool = True  # False for notes about an input that was still read

    def __str__(self) -> str:
        return f"{self.ref}: {self.reason}"
