"""`parallax batch` speed: articles/s with 1 and 2 Dask workers on this machine (the scaling
ratio), peak memory per worker, and how the time grows from 1k to 10k to 100k articles.

The feeds are the synthetic mixed feeds of bench/stories.py (distinct articles sampled from
every set in ../shared/data, each story moved to a day of one year), written as gzip JSONL
to a temporary folder and read by the batch runner as a user's export would be. Each run
starts from an empty output folder on a fresh LocalCluster; the time counts everything from
the first partition read to the last analysis written, model loading in the workers included.

The 100k run takes longer than a working session on 2 cores, so a stopped run can be picked
up: with --resume, a run whose folder holds a ledger for the same feed and the same Parallax
code goes on where it stopped (`parallax batch` skips the partitions and analyses done) and
its time is the sum of every attempt's, as the ledger recorded them twice a second; a run
that had finished is taken from its ledger as it was.

    .venv/bin/python bench/batch.py                  # 1k on 1 and 2 workers; 1k, 10k, 100k
    .venv/bin/python bench/batch.py --sizes 1000     # only the scaling rows
    .venv/bin/python bench/batch.py --resume         # go on with a stopped run

`rows(quick)` gives the same figures to bench/run_all.py (`make bench`); --quick runs the
scaling pair on 1,000 articles only (two partitions: one per worker).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pyarrow.dataset as ds
from rich.console import Console
from rich.table import Table

import parallax

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.scale.batch import BatchSettings, dask_client, run_batch  # noqa: E402
from stories import export_record, mixed_pool, synthetic_feed  # noqa: E402
from table import DEFAULT_DATA, Row  # noqa: E402

FOLDER = Path(tempfile.gettempdir()) / "parallax-bench-batch"
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [1_000]
SAMPLE_EVERY_S = 0.5  # also how often the ledger is written: what a stop loses of its time
# run_batch's progress stages, by the names the notes give them
STAGES = {"reading and annotating": "language", "writing tables": "grouping",
          "grouping": "grouping", "grouping undated": "grouping", "comparing": "compare"}
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
    attempts: int = 1

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds

    def stage_text(self) -> str:
        """Seconds in each stage of the run (reading and language layer, grouping, comparing),
        and the number of attempts when it was stopped and resumed."""
        stages = ", ".join(f"{name} {seconds:,.0f} s" for name, seconds in self.stages.items())
        return stages + (f" (in {self.attempts} attempts, resumed)" if self.attempts > 1 else "")


def feed_file(size: int, folder: Path, pool_file: Path) -> Path:
    """The synthetic feed of `size` articles as gzip JSONL (made once per size and seed)."""
    path = folder / f"feed-{size}.jsonl.gz"
    if path.exists():
        return path
    with pool_file.open("rb") as handle:
        pool = pickle.load(handle)
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for article, _ in synthetic_feed(pool, size, seed=size):
            out.write(json.dumps(export_record(article)) + "\n")
    return path


def pool(folder: Path, data: Path) -> Path:
    path = folder / "pool.pickle"
    if not path.exists():
        with path.open("wb") as handle:
            pickle.dump(mixed_pool(data, folder), handle)
    return path


def run(feed: Path, workers: int, folder: Path, resume: bool = False) -> BatchRun:
    """One batch run of `feed` on `workers` workers, in its own output folder; with `resume`,
    the stopped or finished run in that folder is gone on with or taken as it was."""
    out = folder / f"{feed.name.split('.')[0]}-{workers}w"
    ledger = _Ledger.resumed(out, feed) if resume else None
    if ledger is None:
        shutil.rmtree(out, ignore_errors=True)
        ledger = _Ledger.fresh(out, feed)
    if ledger.result is not None:
        found = BatchRun(**ledger.result)
        console.print(f"{feed.name}, {workers} worker(s): finished before, taken from "
                      f"{ledger.path}", highlight=False)
    else:
        ledger.attempts += 1
        with dask_client("local", workers) as client:
            meter = _RunMeter(client, ledger)
            report = run_batch(client, [str(feed)], out, BatchSettings(), meter.on_progress)
            meter.stop()
        _check_exactly_once(out, report.articles)
        found = BatchRun(report.articles, workers, ledger.seconds, report.stories,
                         report.analysed + report.analyses_reused, ledger.peak_mb,
                         dict(ledger.stages), ledger.attempts)
        ledger.result = found.__dict__
        ledger.save()
    console.print(f"{feed.name}, {workers} worker(s): {found.seconds:.1f} s, "
                  f"{found.per_second:.1f} articles/s; {found.stage_text()}", highlight=False)
    return found


def _check_exactly_once(out: Path, articles: int) -> None:
    """A timing of a run that lost or doubled articles is no figure: check the final table."""
    keys = ds.dataset(out / "articles", format="parquet").to_table(columns=["key"])["key"]
    if len(keys) != articles or len(set(keys.to_pylist())) != articles:
        raise RuntimeError(f"{out}: {len(keys):,} article rows for {articles:,} articles")


@dataclass
class _Ledger:
    """A run's time, per stage and in all, its peak worker memory and, once it has finished,
    its result: kept in its output folder so that a stopped run can be gone on with."""

    path: Path
    code: str
    feed_bytes: int
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    attempts: int = 0
    result: dict | None = None

    @classmethod
    def fresh(cls, out: Path, feed: Path) -> _Ledger:
        out.mkdir(parents=True)
        return cls(out / "bench-ledger.json", _code_digest(), feed.stat().st_size)

    @classmethod
    def resumed(cls, out: Path, feed: Path) -> _Ledger | None:
        """The ledger of the run in `out`, unless it timed other code or another feed."""
        path = out / "bench-ledger.json"
        if not path.exists():
            return None
        fields = json.loads(path.read_text(encoding="utf-8"))
        if fields["code"] != _code_digest() or fields["feed_bytes"] != feed.stat().st_size:
            console.print(f"{path}: another feed or other Parallax code; starting over",
                          highlight=False)
            return None
        return cls(path=path, **fields)

    def save(self) -> None:
        fields = {name: value for name, value in self.__dict__.items() if name != "path"}
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps(fields), encoding="utf-8")
        partial.replace(self.path)


def _code_digest() -> str:
    """The Parallax source a run timed: a resumed run must time the same code."""
    root = Path(parallax.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class _RunMeter:
    """Twice a second: adds the time since the last sample to the stage run_batch is in and
    to the total, keeps the largest resident memory of any worker process, and writes both
    to the ledger."""

    def __init__(self, client, ledger: _Ledger) -> None:
        self.client = client
        self.ledger = ledger
        self.stage = "language"  # reading the feed comes before the first progress report
        self._last = time.perf_counter()
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def on_progress(self, stage: str, done: int, total: int | None) -> None:
        if STAGES.get(stage, self.stage) != self.stage:
            self._tick()
            self.stage = STAGES[stage]

    def _tick(self) -> None:
        with self._lock:
            now = time.perf_counter()
            spent, self._last = now - self._last, now
            self.ledger.seconds += spent
            self.ledger.stages[self.stage] = self.ledger.stages.get(self.stage, 0.0) + spent

    def _sample(self) -> None:
        while not self._done.wait(SAMPLE_EVERY_S):
            self._tick()
            try:
                sizes = self.client.run(lambda: psutil.Process().memory_info().rss)
                self.ledger.peak_mb = max(self.ledger.peak_mb,
                                          *(size / 1e6 for size in sizes.values()))
            except Exception:  # a worker restarting; the next sample will see it
                pass
            self._save()

    def _save(self) -> None:
        with self._lock:  # not while on_progress adds a stage
            self.ledger.save()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        self._tick()
        self._save()


def measure(
    sizes: list[int], folder: Path, data: Path, resume: bool = False
) -> tuple[list[BatchRun], list[BatchRun]]:
    """The scaling runs (smallest size, 1 and 2 workers) and the growth runs (2 workers)."""
    pool_file = pool(folder, data)
    feeds = {size: feed_file(size, folder, pool_file) for size in sizes}
    smallest = min(sizes)
    scaling = [run(feeds[smallest], workers, folder, resume) for workers in (1, 2)]
    growth = [scaling[1]] + [run(feeds[size], 2, folder, resume)
                             for size in sizes if size != smallest]
    return scaling, growth


def rows(
    quick: bool = False, data: Path = DEFAULT_DATA, sizes: list[int] | None = None,
    resume: bool = False,
) -> list[Row]:
    """The scaling pair (2 workers against 1, on the smallest size) and, on a full run, the
    growth to the largest size."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    scaling, growth = measure(sorted(sizes or (QUICK_SIZES if quick else SIZES)), FOLDER, data,
                              resume)
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
    parser.add_argument("--resume", action="store_true",
                        help="go on with stopped runs, take finished ones as they were")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    scaling, growth = measure(sorted(args.sizes), args.folder, args.data, args.resume)
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
