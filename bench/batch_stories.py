"""Stories from `parallax batch` against those of `parallax stories` on the same feed.

The batch groups each month on its own (months in parallel); `parallax stories` groups the
whole feed at once. This prints both groupings' BCubed P/R/F1 against the gold stories, and
BCubed F1 between the two (1.0: the same stories), on BASIL (150 dated articles, 50 events)
and the synthetic mixed feed of 1,000 articles of bench/stories.py (gold stories moved to
random days of one year). A gold story "over a month's end" has dated articles in two months.

    .venv/bin/python bench/batch_stories.py [--data ../shared/data] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from parallax.model import article_key
from parallax.scale.batch import dask_client, run_batch
from parallax.stories.bcubed import bcubed

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import (  # noqa: E402
    Labelled,
    export_record,
    mixed_pool,
    parallax_library,
    read_labelled,
    synthetic_feed,
)
from story_sets import basil  # noqa: E402
from table import DEFAULT_DATA  # noqa: E402

console = Console(width=150)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    table = Table(title="Story grouping: parallax batch (month windows) vs parallax stories")
    for column in ("set", "articles", "gold stories", "over a month's end",
                   "stories P / R / F1", "batch P / R / F1", "batch vs stories F1"):
        table.add_column(column, justify="left" if column == "set" else "right")
    with tempfile.TemporaryDirectory() as scratch, dask_client("local", args.workers) as client:
        folder = Path(scratch)
        sets = {"BASIL": read_labelled(list(basil(args.data)), folder)}
        feed = synthetic_feed(mixed_pool(args.data, folder), 1000, seed=1)
        sets["mixed 1k"] = read_labelled([(export_record(a), story) for a, story in feed], folder)
        for name, (items, export) in sets.items():
            out = folder / f"batch-{len(items)}"
            run_batch(client, [str(export)], out)
            by_ref = parallax_library([article for article, _ in items])
            single = [by_ref[article.ref] for article, _ in items]
            batch = _batch_stories(out, items)
            gold = [story for _, story in items]
            table.add_row(
                name, str(len(items)), str(len(set(gold))), str(_over_months_end(items)),
                _scores(single, gold), _scores(batch, gold), f"{bcubed(batch, single).f1:.3f}",
            )
    console.print(table)
    return 0


def _batch_stories(out: Path, items: Labelled) -> list[str]:
    """The batch's story of each article (the batch names articles by their text)."""
    story_of_key = {key: story["key"]
                    for story in pq.read_table(out / "stories.parquet").to_pylist()
                    for key in story["articles"]}
    return [story_of_key[article_key(article.text)] for article, _ in items]


def _over_months_end(items: Labelled) -> int:
    months: dict[str, set[str]] = {}
    for article, story in items:
        if article.published:
            months.setdefault(story, set()).add(article.published[:7])
    return sum(len(spanned) > 1 for spanned in months.values())


def _scores(predicted: list[str], gold: list[str]) -> str:
    p, r, f = bcubed(predicted, gold)
    return f"{p:.3f} / {r:.3f} / {f:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
