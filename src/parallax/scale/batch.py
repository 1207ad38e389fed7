"""`parallax batch` as a Dask computation: partitions of the feed through the language layer,
then story grouping one time window at a time (a month, with the last days of the month
before it, so that a story running over a month's end is joined up), then each story's
comparison.

The client reads the feed lazily and keeps only a few partitions in flight per worker, so
memory stays bounded whatever the corpus size. Work already done (a partition by the hash of
its content, a story's analysis by the hash of its members) is skipped on a re-run; a task
lost with its worker is redone by Dask and overwrites its own files, never adds to them.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dask.distributed import Client, Future, LocalCluster, as_completed, wait

from parallax.compare.settings import CompareSettings
from parallax.ingest.documents import ReadLimits
from parallax.pipeline import Progress, comparable, silent
from parallax.scale import outputs, stitch, tasks
from parallax.scale.partitions import partitions
from parallax.settings import setting, settings_group

IN_FLIGHT_PER_WORKER = 2
STORY_BATCH_ARTICLES = 200  # articles compared per task: few tasks, yet spread across workers
# Dated stories an undated window's grouping looks at (one article each): its memory is
# bounded by this, not by the number of dated stories in the feed.
REPRESENTATIVES = 50_000
# The local cluster's dashboard has no authentication (it shows every task and the workers'
# logs), so by default it listens on loopback only, on a free port.
LOOPBACK_DASHBOARD = "127.0.0.1:0"


@dataclass
class BatchSettings:
    """How a batch runs: partitions, and the reading and comparing settings it uses."""

    partition_size: int = setting(500, "Documents per partition (one task each).")
    compare: CompareSettings = settings_group(CompareSettings, "How each story is compared.")
    limits: ReadLimits = settings_group(
        lambda: ReadLimits(max_lines=None),
        "What is read: a feed of any length, streamed in partitions, never held whole.",
    )


@dataclass
class BatchReport:
    """What a run did, and what it found already done."""

    documents: int = 0
    articles: int = 0
    partitions: int = 0
    partitions_reused: int = 0
    stories: int = 0
    analysed: int = 0
    analyses_reused: int = 0
    skipped: int = 0  # inputs or records that could not be read
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@contextmanager
def dask_client(
    scheduler: str,
    workers: int,
    memory_limit: str = "6GB",
    connect_timeout_s: float = 30,
    dashboard: str = LOOPBACK_DASHBOARD,
) -> Iterator[Client]:
    """A Dask client: on a LocalCluster of `workers` single-threaded processes for "local"
    (closed afterwards; scheduler and workers on loopback, the dashboard on `dashboard`,
    HOST:PORT), else on the cluster whose scheduler listens at tcp://host:port."""
    if scheduler == "local":
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            memory_limit=memory_limit, dashboard_address=dashboard,
        ) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(scheduler, timeout=connect_timeout_s) as client:
            yield client


def run_batch(
    client: Client,
    inputs: list[str],
    out: Path,
    settings: BatchSettings | None = None,
    on_progress: Progress | None = None,
) -> BatchReport:
    """Run the pipeline over `inputs` on `client`'s workers, writing to `out`: made absolute
    here, since a worker elsewhere (another working directory, another machine) would take
    a relative path as relative to its own working directory."""
    out = out.absolute()
    settings = settings or BatchSettings()
    progress = on_progress or silent
    out.mkdir(parents=True, exist_ok=True)
    report = BatchReport()
    started = time.perf_counter()
    markers = _partitions(client, inputs, out, settings, report, progress)
    report.seconds["language_s"] = round(time.perf_counter() - started, 2)
    report.documents = sum(marker["documents"] for marker in markers)
    report.warnings = [warning for marker in markers for warning in marker["warnings"]]
    report.skipped = sum(marker["skipped"] for marker in markers)
    windows = sorted({window for marker in markers for window in marker["windows"]})
    report.articles = len({key for marker in markers for key, _ in marker["articles"]})

    grouped_at = time.perf_counter()
    order = [marker["partition"] for marker in markers]
    elsewhere = _kept_elsewhere(markers)
    run = _run_id(order)
    _collect([client.submit(outputs.finish_window, out, window, order, elsewhere[window],
                            key=f"finish-{window}-{run}") for window in windows],
             "writing tables", progress)
    stories = stitch.join_windows(_grouped(client, out, windows, run, progress))
    report.stories = len(stories)
    report.seconds["grouping_s"] = round(time.perf_counter() - grouped_at, 2)

    compared_at = time.perf_counter()
    compared = [story for story in stories if comparable(story["articles"])]
    todo = [s for s in compared if not tasks.analysis_path(out, s["key"]).exists()]
    report.analyses_reused = len(compared) - len(todo)
    futures = [
        client.submit(tasks.analyse_stories, batch, str(out), settings.compare,
                      key=f"analyse-{batch[0]['key']}-{len(batch)}")
        for batch in _story_batches(todo)
    ]
    report.analysed = sum(len(done) for done in _collect(futures, "comparing", progress))
    analysed = {s["key"] for s in compared}
    outputs.write_stories(out, [{**story, "analysed": story["key"] in analysed}
                                for story in stories])
    report.seconds["compare_s"] = round(time.perf_counter() - compared_at, 2)
    report.seconds["total_s"] = round(time.perf_counter() - started, 2)
    outputs.write_json(out / "manifest.json", {
        "schema": "parallax.batch/1", "inputs": inputs, **report.__dict__,
    })
    return report


def _grouped(
    client: Client, out: Path, windows: list[str], run: str, progress: Progress
) -> list[dict]:
    """Every window's stories, as `tasks.group_window` finds them: the month windows first
    (each with the last days of the month before), then the undated windows, each with one
    article of each dated story (the biggest first, at most REPRESENTATIVES) so that an
    undated article can join a dated story, as it can in `parallax stories`."""
    earlier = {window: outputs.month_before(window) for window in windows}
    months = [window for window in windows if earlier[window] is not None]
    futures = [client.submit(tasks.group_window, window, str(out),
                             earlier[window] if earlier[window] in windows else None, {},
                             key=f"group-{window}-{run}") for window in months]
    parts = [part for found in _collect(futures, "grouping", progress) for part in found]
    central: dict[str, list[str]] = {}
    biggest = sorted(parts, key=lambda part: (-len(part["articles"]), part["central"]))
    for part in biggest[:REPRESENTATIVES]:
        central.setdefault(part["window"], []).append(part["central"])
    futures = [client.submit(tasks.group_window, window, str(out), None, central,
                             key=f"group-{window}-{run}")
               for window in windows if window not in months]
    return parts + [part for found in _collect(futures, "grouping undated", progress)
                    for part in found]


def _partitions(
    client: Client,
    inputs: list[str],
    out: Path,
    settings: BatchSettings,
    report: BatchReport,
    progress: Progress,
) -> list[dict]:
    """Stage one: submit partitions as they are read, at most a few per worker at a time."""
    in_flight = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
    pending: set[Future] = set()
    markers: list[dict] = []
    for partition in partitions(inputs, settings.partition_size, settings.limits):
        report.partitions += 1
        done = outputs.read_json(tasks.marker_path(out, partition.digest))
        if done is not None:
            report.partitions_reused += 1
            markers.append(done)
        else:
            pending.add(client.submit(tasks.process_partition, partition, str(out),
                                      key=f"partition-{partition.digest}"))
        while len(pending) >= in_flight:
            finished, pending = wait(pending, return_when="FIRST_COMPLETED")
            markers.extend(future.result() for future in finished)
        progress("reading and annotating", len(markers), None)
    for future in _as_done(pending):
        markers.append(future.result())
        progress("reading and annotating", len(markers), report.partitions)
    return sorted(markers, key=lambda marker: marker["number"])


def _collect(futures: list[Future], stage: str, progress: Progress) -> list:
    results = []
    progress(stage, 0, len(futures))
    for future in _as_done(futures):
        results.append(future.result())
        progress(stage, len(results), len(futures))
    return results


def _as_done(futures: Iterable[Future]) -> Iterable[Future]:
    futures = list(futures)
    return as_completed(futures) if futures else []


def _story_batches(stories: list[dict]) -> list[list[dict]]:
    """Stories in tasks of about STORY_BATCH_ARTICLES articles, each task within the same
    windows (it reads their annotations once)."""
    batches: list[list[dict]] = []
    for windows in sorted({tuple(story["windows"]) for story in stories}):
        current, size = [], 0
        for story in (s for s in stories if tuple(s["windows"]) == windows):
            current.append(story)
            size += len(story["articles"])
            if size >= STORY_BATCH_ARTICLES:
                batches.append(current)
                current, size = [], 0
        if current:
            batches.append(current)
    return batches


def _kept_elsewhere(markers: list[dict]) -> dict[str, set[str]]:
    """For each window, the keys it holds that an earlier window keeps (a text seen again
    with another date is the article already seen)."""
    first: dict[str, str] = {}
    elsewhere: dict[str, set[str]] = {w: set() for m in markers for w in m["windows"]}
    for marker in markers:
        for key, window in marker["articles"]:
            if first.setdefault(key, window) != window:
                elsewhere[window].add(key)
    return elsewhere


def _run_id(order: list[str]) -> str:
    """Names this run's grouping tasks by what they group, so a changed feed regroups."""
    joined = ",".join(order)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]
