"""Annotated articles to JSON records and back, and an on-disk cache built on them.

The layer costs far more than reading its result, so an article annotated once is kept by
the hash of everything the annotation depends on (its text, id, date, the model and
Parallax's version) and read back on the next run instead of being parsed again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from parallax import __version__
from parallax.model import (
    AnnotatedArticle,
    Article,
    Attribution,
    Claim,
    Entity,
    Mention,
    Quantity,
    Quote,
    Sentence,
    TimeRef,
)
from parallax.nlp.pipeline import SPACY_MODEL

RECORD_VERSION = 3


def to_record(annotated: AnnotatedArticle) -> dict[str, Any]:
    """A JSON-ready dict holding every annotation (tuples become lists)."""
    return asdict(annotated)


def from_record(record: dict[str, Any]) -> AnnotatedArticle:
    """The inverse of `to_record`."""
    return AnnotatedArticle(
        article=Article.from_record(record["article"]),
        sentences=[Sentence(**s) for s in record["sentences"]],
        entities=[
            Entity(e["key"], e["name"], e["label"], [Mention(**m) for m in e["mentions"]])
            for e in record["entities"]
        ],
        quantities=[_quantity(q) for q in record["quantities"]],
        times=[TimeRef(**t) for t in record["times"]],
        quotes=[
            Quote(**{**q, "speaker": Attribution(**q["speaker"])}) for q in record["quotes"]
        ],
        claims=[_claim(c) for c in record["claims"]],
        warnings=list(record.get("warnings", [])),
    )


def relabelled(annotated: AnnotatedArticle, article_id: str) -> AnnotatedArticle:
    """The same annotation under another article id (claims name their article): a feed's
    articles are annotated under their keys and compared as a1, a2... within a story."""
    claims = [
        replace(claim, article=article_id, id=f"{article_id}:{claim.id.split(':', 1)[1]}")
        for claim in annotated.claims
    ]
    return replace(annotated, article=replace(annotated.article, id=article_id), claims=claims)


def cache_key(article: Article) -> str:
    """Changes whenever anything the annotation depends on changes."""
    basis = json.dumps(
        [RECORD_VERSION, __version__, SPACY_MODEL, article.id, article.published, article.text],
        ensure_ascii=False,
    )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


class AnnotationCache:
    """One JSON file per annotated article, named by its cache key."""

    def __init__(self, directory: Path):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, article: Article) -> Path:
        return self.directory / f"{cache_key(article)}.json"

    def get(self, article: Article) -> AnnotatedArticle | None:
        """The cached annotation, or None when missing or unreadable (then it is redone)."""
        path = self._path(article)
        try:
            annotated = from_record(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        annotated.article = article  # removed lines and metadata as read this time
        return annotated

    def put(self, annotated: AnnotatedArticle) -> None:
        """Write atomically, so a killed run never leaves a half-written entry."""
        if annotated.warnings:
            return  # a failed annotation is retried next time, not remembered
        path = self._path(annotated.article)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(to_record(annotated), ensure_ascii=False), "utf-8")
        partial.replace(path)


def _quantity(record: dict[str, Any]) -> Quantity:
    return Quantity(
        **{**record, **{key: tuple(record[key]) for key in ("whose", "where", "status")}}
    )


def _claim(record: dict[str, Any]) -> Claim:
    return Claim(
        **{
            **record,
            "quantities": [_quantity(q) for q in record["quantities"]],
            "times": [TimeRef(**t) for t in record["times"]],
            "attribution": Attribution(**record["attribution"]),
            "hedges": tuple(record["hedges"]),
        }
    )
