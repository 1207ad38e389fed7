"""The batch output folder: Parquet tables partitioned by time window, one analysis JSON per
story, and the markers that make a run resumable. Every file is written whole or not at all.

    OUT/articles/window=2022-02/part-<partition>.parquet   cleaned articles + annotations
    OUT/claims/window=2022-02/part-<partition>.parquet     one row per claim
    OUT/partitions/<partition>.json                        done marker: what it held
    OUT/stories.parquet                                    every story and its articles
    OUT/analyses/<story>.json                              parallax.analysis/1 per story
    OUT/manifest.json                                      counts, timings, warnings
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from parallax.model import AnnotatedArticle
from parallax.nlp.records import to_record

UNDATED = "undated"

ARTICLES = pa.schema([
    ("key", pa.string()), ("ref", pa.string()), ("source", pa.string()),
    ("title", pa.string()), ("author", pa.string()), ("published", pa.string()),
    ("published_from", pa.string()), ("language", pa.string()), ("words", pa.int32()),
    ("text", pa.large_string()), ("removed", pa.string()), ("annotation", pa.large_string()),
    ("partition", pa.string()),
])
CLAIMS = pa.schema([
    ("article", pa.string()), ("id", pa.string()), ("sentence", pa.int32()),
    ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
    ("subject", pa.string()), ("predicate", pa.string()), ("object", pa.string()),
    ("entities", pa.list_(pa.string())), ("attribution", pa.string()),
    ("speaker", pa.string()), ("hedges", pa.list_(pa.string())), ("negated", pa.bool_()),
    ("figures", pa.list_(pa.string())), ("dates", pa.list_(pa.string())),
])


def window_of(published: str | None) -> str:
    """The month an article falls in: stories are grouped one window at a time."""
    return published[:7] if published else UNDATED


def write_partition(out: Path, digest: str, annotated: list[AnnotatedArticle]) -> dict[str, int]:
    """Write a partition's articles and claims, split by window; returns articles per window."""
    by_window: dict[str, list[AnnotatedArticle]] = {}
    for item in annotated:
        by_window.setdefault(window_of(item.article.published), []).append(item)
    for window, items in by_window.items():
        _write_table(_articles_table(items, digest), out / "articles" / f"window={window}",
                     f"part-{digest}.parquet")
        _write_table(_claims_table(items), out / "claims" / f"window={window}",
                     f"part-{digest}.parquet")
    return {window: len(items) for window, items in by_window.items()}


def read_window(out: Path, window: str, columns: list[str], keys: set[str] | None = None):
    """One window's articles (only `keys`, if given) as a pyarrow table, in a stable order."""
    folder = out / "articles" / f"window={window}"
    dataset = ds.dataset(folder, format="parquet", schema=ARTICLES)
    wanted = ds.field("key").isin(sorted(keys)) if keys is not None else None
    table = dataset.to_table(columns=list(dict.fromkeys([*columns, "key", "partition"])),
                             filter=wanted)
    return table.sort_by([("key", "ascending"), ("partition", "ascending")])


def write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def read_json(path: Path) -> Any | None:
    """A finished file's content, or None when it is missing or unreadable (then redone)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_stories(out: Path, stories: list[dict]) -> None:
    table = pa.Table.from_pylist(stories, schema=pa.schema([
        ("key", pa.string()), ("window", pa.string()), ("title", pa.string()),
        ("start", pa.string()), ("end", pa.string()), ("sources", pa.list_(pa.string())),
        ("articles", pa.list_(pa.string())), ("analysed", pa.bool_()),
    ]))
    _write_table(table, out, "stories.parquet")


def _write_table(table: pa.Table, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, folder / name)


def _articles_table(items: list[AnnotatedArticle], digest: str) -> pa.Table:
    rows = []
    for item in items:
        article = item.article
        rows.append({
            "key": article.id, "ref": article.ref, "source": article.source,
            "title": article.title, "author": article.author, "published": article.published,
            "published_from": article.published_from, "language": article.language,
            "words": article.words, "text": article.text,
            "removed": json.dumps([line.__dict__ for line in article.removed],
                                  ensure_ascii=False),
            "annotation": json.dumps(to_record(item), ensure_ascii=False),
            "partition": digest,
        })
    return pa.Table.from_pylist(rows, schema=ARTICLES)


def _claims_table(items: list[AnnotatedArticle]) -> pa.Table:
    rows = []
    for item in items:
        for claim in item.claims:
            rows.append({
                "article": claim.article, "id": claim.id, "sentence": claim.sentence,
                "start": claim.start, "end": claim.end, "text": claim.text,
                "subject": claim.subject, "predicate": claim.predicate, "object": claim.object,
                "entities": list(claim.entities), "attribution": claim.attribution.kind,
                "speaker": claim.attribution.name, "hedges": list(claim.hedges),
                "negated": claim.negated, "figures": [q.text for q in claim.quantities],
                "dates": [t.value for t in claim.times if t.value],
            })
    return pa.Table.from_pylist(rows, schema=CLAIMS)
