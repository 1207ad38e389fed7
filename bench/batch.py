"""`parallax batch` speed: articles/s with 1 and 2 Dask workers on this machine (the scaling
ratio), peak memory per worker, and how the time grows from 1k to 10k to 100k articles.

The feeds are the synthetic mixed feeds of bench/stories.py (distinct articles sampled from
every set in ../shared/data, each story moved to a day of one year), written as gzip JSONL
to a temporary folder and read by the batch runner as a user's export would be. Each run
starts from an empty output folder on a fresh LocalCluster; the time counts everything from
the first partition read to the last analysis written, model loading in the workers included.

    .venv/bin/python bench/batch.py                  # 1k on 1 and 2 workers; 1k, 10k, 100k
    .venv/bin/python bench/batch.py --sizes 1000     # only the scaling rows

`rows(quick)` gives the same figures to bench/run_all.py (`make bench`); --quick runs the
scaling pair on 1,000 articles only (two partitions: one per worker).
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pyarrow.dataset as ds
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.scale.batch import BatchSettings, dask_client, run_batch  # noqa: E402
from stories import mixed_pool, synthetic_feed  # noqa: E402
from table import DEFAULT_DATA, Row  # noqa: E402

FOLDER = Path(tempfile.gettempdir()) / "parallax-bench-batch"
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [1_000]
SAMPLE_EVERY_S = 0.5
console = Console(width=150)


@dataclass
class BatchRun:
    articles: int
    workers: int
    seconds: float
    stories: int
    compared: int
    peak_worker_mb: float
    stages: dict[str, float]

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds

    def stage_text(self) -> str:
        """Seconds in each stage of the run (reading and language layer, grouping, comparing)."""
        return ", ".join(f"{name.removesuffix('_s')} {seconds:,.0f} s"
                         for name, seconds in self.stages.items() if name != "total_s")


def feed_file(size: int, folder: Path, pool_file: Path) -> Path:
    """The synthetic feed of `size` articles as gzip JSONL (made once per size and seed)."""
    path = folder / f"feed-{size}.jsonl.gz"
    if path.exists():
        return path
    with pool_file.open("rb") as handle:
        pool = pickle.load(handle)
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for article, _ in synthetic_feed(pool, size, seed=size):
            out.write(json.dumps({
                "id": article.ref, "title": article.title, "source": article.source,
                "published": article.published, "text": article.text,
            }) + "\n")
    return path


def pool(folder: Path, data: Path) -> Path:
    path = folder / "pool.pickle"
    if not path.exists():
        with path.open("wb") as handle:
            pickle.dump(mixed_pool(data, folder), handle)
    return path


def run(feed: Path, workers: int, folder: Path) -> BatchRun:
    out = Path(tempfile.mkdtemp(prefix=f"batch-{workers}w-", dir=folder))
    with dask_client("local", workers) as client:
        peak = _PeakMemory(client)
        started = time.perf_counter()
        report = run_batch(client, [str(feed)], out, BatchSettings())
        seconds = time.perf_counter() - started
        peak.stop()
    _check_exactly_once(out, report.articles)
    found = BatchRun(report.articles, workers, seconds, report.stories, report.analysed,
                     peak.mb, report.seconds)
    console.print(f"{feed.name}, {workers} worker(s): {found.seconds:.1f} s, "
                  f"{found.per_second:.1f} articles/s; {found.stage_text()}", highlight=False)
    return found


def _check_exactly_once(out: Path, articles: int) -> None:
    """A timing of a run that lost or doubled articles is no figure: check the final table."""
    keys = ds.dataset(out / "articles", format="parquet").to_table(columns=["key"])["key"]
    if len(keys) != articles or len(set(keys.to_pylist())) != articles:
        raise RuntimeError(f"{out}: {len(keys):,} article rows for {articles:,} articles")


class _PeakMemory:
    """The largest resident memory any worker process reached, sampled twice a second."""

    def __init__(self, client) -> None:
        self.client = client
        self.mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(SAMPLE_EVERY_S):
            try:
                sizes = self.client.run(lambda: psutil.Process().memory_info().rss)
            except Exception:  # a worker restarting; the next sample will see it
                continue
            self.mb = max(self.mb, *(size / 1e6 for size in sizes.values()))

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def measure(
    sizes: list[int], folder: Path, data: Path
) -> tuple[list[BatchRun], list[BatchRun]]:
    """The scaling runs (smallest size, 1 and 2 workers) and the growth runs (2 workers)."""
    pool_file = pool(folder, data)
    feeds = {size: feed_file(size, folder, pool_file) for size in sizes}
    smallest = min(sizes)
    scaling = [run(feeds[smallest], workers, folder) for workers in (1, 2)]
    growth = [scaling[1]] + [run(feeds[size], 2, folder) for size in sizes if size != smallest]
    return scaling, growth


def rows(
    quick: bool = False, data: Path = DEFAULT_DATA, sizes: list[int] | None = None
) -> list[Row]:
    """The scaling pair (2 workers against 1, on the smallest size) and, on a full run, the
    growth to the largest size."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    scaling, growth = measure(sorted(sizes or (QUICK_SIZES if quick else SIZES)), FOLDER, data)
    one, two = scaling
    size = f"{two.articles:,} articles"
    found = [
        Row("batch", f"articles/s, {size}, 2 workers", two.per_second, "same feed, 1 worker",
            one.per_second, ratio=True, fmt=".1f",
            note=f"scaling ratio; LocalCluster on this machine; {two.stories:,} stories, "
                 f"{two.compared:,} compared; 2 workers: {two.stage_text()}; 1 worker: "
                 f"{one.stage_text()}"),
        Row("batch", f"peak MB per worker, {size}", two.peak_worker_mb, "same feed, 1 worker",
            one.peak_worker_mb, ratio=True, fmt=",.0f",
            note="largest resident set of any worker process, sampled every 0.5 s"),
    ]
    base = growth[0]
    for item in growth[1:]:
        times = item.articles / base.articles
        found.append(Row(
            "batch", f"seconds, {item.articles:,} articles, 2 workers", item.seconds,
            f"{base.articles:,}-article run x {times:.0f} (linear)", base.seconds * times,
            ratio=True, fmt=",.0f",
            note=f"{item.per_second:.1f} articles/s; {item.stories:,} stories, "
                 f"{item.compared:,} compared; {item.stage_text()}; peak "
                 f"{item.peak_worker_mb:,.0f} MB per worker"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--folder", type=Path, default=FOLDER)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    scaling, growth = measure(sorted(args.sizes), args.folder, args.data)
    table = Table(title="parallax batch on a LocalCluster (2 cores)")
    for column in ("articles", "workers", "seconds", "articles/s", "stories", "compared",
                   "peak MB per worker", "time vs smallest"):
        table.add_column(column, justify="right")
    base = growth[0]
    for item in [scaling[0], *growth]:
        ratio = (f"{item.seconds / base.seconds:.1f}x for {item.articles / base.articles:.0f}x"
                 if item.workers == 2 else "—")
        table.add_row(f"{item.articles:,}", str(item.workers), f"{item.seconds:.1f}",
                      f"{item.per_second:.1f}", f"{item.stories:,}", f"{item.compared:,}",
                      f"{item.peak_worker_mb:,.0f}", ratio)
    console.print(table)
    console.print(f"scaling, 2 workers vs 1: {scaling[1].per_second / scaling[0].per_second:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
