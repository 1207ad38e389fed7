"""Annotations survive a JSON round trip and are read back from the cache, not redone."""

from __future__ import annotations

import json
from pathlib import Path

from parallax.ingest.articles import read_articles
from parallax.nlp import annotate as annotate_module
from parallax.nlp.annotate import annotate_articles
from parallax.nlp.records import AnnotationCache, from_record, to_record

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"


def test_json_round_trip_is_lossless() -> None:
    articles = read_articles([str(EXAMPLE)]).articles[:2]
    for annotated in annotate_articles(articles):
        record = json.loads(json.dumps(to_record(annotated)))
        assert from_record(record) == annotated


def test_cached_articles_are_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    articles = read_articles([str(EXAMPLE)]).articles[:2]
    cache = AnnotationCache(tmp_path)
    first = annotate_articles(articles, cache=cache)
    assert len(list(tmp_path.glob("*.json"))) == 2

    def no_parsing(_articles):
        raise AssertionError("a cached article was parsed again")

    monkeypatch.setattr(annotate_module, "_annotate_stream", no_parsing)
    assert annotate_articles(articles, cache=cache) == first


def test_a_corrupt_cache_entry_is_redone(tmp_path: Path) -> None:
    articles = read_articles([str(EXAMPLE)]).articles[:1]
    cache = AnnotationCache(tmp_path)
    first = annotate_articles(articles, cache=cache)
    next(tmp_path.glob("*.json")).write_text("{not json", encoding="utf-8")
    assert annotate_articles(articles, cache=cache) == first
