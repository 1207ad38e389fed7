"""The batch output folder: Parquet tables partitioned by time window, one analysis JSON per
story, and the markers that make a run resumable. Every file is written whole or not at all.

    OUT/staging/{articles,claims}/window=2022-02/part-<partition>.parquet
                                                    each partition's own rows, as written
    OUT/articles/window=2022-02/articles.parquet    cleaned articles + annotations, each once
    OUT/claims/window=2022-02/claims.parquet        one row per claim of those articles
    OUT/partitions/<partition>.json                 done marker: what it held
    OUT/stories.parquet                             every story and its articles
    OUT/analyses/<story>.json                       parallax.analysis/1 per story
    OUT/manifest.json                               counts, timings, warnings

A window is a month (YYYY-MM) or, for undated articles, a stretch of the feed (undated-001
holds those of the first UNDATED_PARTITIONS partitions, and so on). The same text can turn up
in two partitions; a window's final tables keep it once (from the partition that comes first
in the feed), streamed a batch at a time.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parallax.model import AnnotatedArticle
from parallax.nlp.records import to_record

UNDATED = "undated"
# An undated article has no month, so it shares a window with the undated articles of nearby
# partitions in the feed: at most this many partitions' worth (50k articles at the default
# size), so that grouping a window holds a bounded number of articles however big the feed.
UNDATED_PARTITIONS = 100

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


def window_of(published: str | None, partition: int) -> str:
    """The month an article falls in or, undated, its stretch of the feed (`partition` is the
    number of the partition it came in): stories are grouped one window at a time."""
    if published:
        return published[:7]
    return f"{UNDATED}-{partition // UNDATED_PARTITIONS + 1:03d}"


def month_before(window: str) -> str | None:
    """The month window before a month window (None for an undated one): its last days are
    grouped again with the month, so that a story running over a month's end stays one."""
    if window.startswith(UNDATED):
        return None
    year, month = (int(part) for part in window.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def write_partition(
    out: Path, digest: str, annotated: list[AnnotatedArticle], windows: list[str]
) -> dict[str, int]:
    """Write a partition's articles and claims, split by their `windows` (one per article, from
    `window_of`); returns articles per window."""
    by_window: dict[str, list[AnnotatedArticle]] = {}
    for item, window in zip(annotated, windows, strict=True):
        by_window.setdefault(window, []).append(item)
    for window, items in by_window.items():
        name = f"part-{digest}.parquet"
        _write_table(_articles_table(items, digest), _staged(out, "articles", window), name)
        _write_table(_claims_table(items), _staged(out, "claims", window), name)
    return {window: len(items) for window, items in by_window.items()}


def finish_window(out: Path, window: str, order: list[str], elsewhere: set[str]) -> int:
    """Write a window's final tables from its partitions' rows, taking partitions in feed
    `order` (digests) and each article once, leaving out the keys kept in another window
    (`elsewhere`: the same text with another date); returns the number of articles."""
    owner: dict[str, str] = dict.fromkeys(elsewhere, "")
    for kind, schema in (("articles", ARTICLES), ("claims", CLAIMS)):
        key_column = "key" if kind == "articles" else "article"
        folder = out / kind / f"window={window}"
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{kind}.{uuid.uuid4().hex}.tmp"
        with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
            for digest in order:
                staged = _staged(out, kind, window) / f"part-{digest}.parquet"
                if not staged.exists():
                    continue
                for batch in pq.ParquetFile(staged).iter_batches(batch_size=256):
                    keys = batch.column(key_column).to_pylist()
                    if kind == "articles":
                        for key in keys:
                            owner.setdefault(key, digest)
                    keep = [owner.get(key) == digest for key in keys]
                    if any(keep):
                        writer.write_table(pa.Table.from_batches([batch]).filter(keep))
        os.replace(partial, folder / f"{kind}.parquet")
    return len(owner) - len(elsewhere)


def read_window(
    out: Path, window: str, columns: list[str], keys: set[str] | None = None
) -> pa.Table:
    """One window's final articles (only `keys`, if given) as a pyarrow table.

    Looking up `keys` reads the key column a row group at a time and the other columns only
    of the row groups that hold a wanted key: memory stays one row group's however big the
    window grows (a scan of the undated window of 100k articles held 2.5 GB for 200 keys)."""
    stored = pq.ParquetFile(out / "articles" / f"window={window}" / "articles.parquet")
    columns = list(dict.fromkeys([*columns, "key"]))
    if keys is None:
        return stored.read(columns=columns)
    wanted = pa.array(sorted(keys), pa.string())
    found = [ARTICLES.empty_table().select(columns)]
    for group in range(stored.num_row_groups):
        held = pc.is_in(stored.read_row_group(group, columns=["key"])["key"], value_set=wanted)
        if pc.any(held).as_py():
            found.append(stored.read_row_group(group, columns=columns).filter(held))
    return pa.concat_tables(found)


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
        ("key", pa.string()), ("windows", pa.list_(pa.string())), ("title", pa.string()),
        ("start", pa.string()), ("end", pa.string()), ("sources", pa.list_(pa.string())),
        ("articles", pa.list_(pa.string())), ("analysed", pa.bool_()),
    ]))
    _write_table(table, out, "stories.parquet")


def _staged(out: Path, kind: str, window: str) -> Path:
    return out / "staging" / kind / f"window={window}"


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
