"""Cutting a feed into partitions as it is read: a fixed number of documents each, named by
a hash of their content, so a partition already done is known before any work is sent."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from parallax.ingest.sources import RawDocument, ReadLimits, iter_documents
from parallax.model import InputProblem


@dataclass
class Partition:
    """A slice of the feed: its documents and the problems met while reading them."""

    number: int
    documents: list[RawDocument] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def digest(self) -> str:
        """A hash of the documents: the same input slice gets the same name on every run."""
        hashed = hashlib.sha256()
        for document in self.documents:
            fields = sorted(document.fields.items())
            record = [document.ref, document.format, document.content, fields]
            hashed.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return hashed.hexdigest()[:24]


def partitions(
    inputs: list[str], size: int, limits: ReadLimits | None = None
) -> Iterator[Partition]:
    """The feed in partitions of `size` documents, read lazily (a JSONL file a line at a time)."""
    yield from _cut(iter_documents(inputs, limits), size)


def _cut(found: Iterable[RawDocument | InputProblem], size: int) -> Iterator[Partition]:
    current = Partition(0)
    for item in found:
        if isinstance(item, InputProblem):
            current.problems.append(item)
            continue
        current.documents.append(item)
        if len(current.documents) >= size:
            yield current
            current = Partition(current.number + 1)
    if current.documents or current.problems:
        yield current
