"""`parallax batch --scheduler tcp://...` on a cluster of separate processes (`cluster.py`):
the same output as on a LocalCluster, and nothing lost or doubled when a worker dies mid-run.

Every run is the `parallax batch` command, started in a folder of its own with `--out out`
relative to it, as a user types it: the workers run elsewhere (another working directory, as
another machine would) and must still write to that one folder."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from cluster import DASK, PARALLAX, Cluster, Command, dask_cluster, exited, start, stop, wait_for
from dask.distributed import Client
from synthetic import feed, write_jsonl

pytestmark = pytest.mark.skipif(not DASK.exists(),
                                reason=f"no `dask` command beside {sys.executable}")

PARTITION_SIZE = 3  # many small partitions, so that a worker can die with some done
RUN_TIMEOUT_S = 300
# Measured on the run, so different on every run: each analysis's stage timings, the
# manifest's stage seconds.
RUN_SPECIFIC = {"analyses": "timings", "manifest.json": "seconds"}


@pytest.fixture(scope="module")
def feed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("feed") / "feed.jsonl", feed(events=6, outlets=4))


@pytest.fixture(scope="module")
def local_output(feed_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the batch writes on a LocalCluster of two workers: what a cluster must write."""
    return finish(batch(tmp_path_factory.mktemp("local"), feed_file,
                        "--scheduler", "local", "--workers", "2"))


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with dask_cluster(tmp_path / "cluster") as started:
        yield started


def batch(folder: Path, feed_path: Path, *options: str) -> Command:
    """`parallax batch` on `feed_path`, started in `folder` with `--out out`."""
    return start([str(PARALLAX), "batch", str(feed_path), "--out", "out",
                  "--partition-size", str(PARTITION_SIZE), *options], folder)


def finish(command: Command) -> Path:
    """Wait for a `batch` command to succeed; its output folder."""
    try:
        wait_for(lambda: exited(command), RUN_TIMEOUT_S, "parallax batch to end", [command])
    finally:
        stop(command)
    assert command.process.returncode == 0, command.log()
    return command.folder / "out"


def contents(out: Path) -> dict[str, object]:
    """Every file of a batch output by its path, read (tables as rows), less what is
    run-specific. Names starting with "." are left out: a write in progress, which a killed
    worker can leave behind, and which no reader sees (files appear by renaming)."""
    found: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix == ".parquet":
            found[name] = pq.ParquetFile(path).read().to_pylist()
            continue
        value = json.loads(path.read_text(encoding="utf-8"))
        for prefix, field in RUN_SPECIFIC.items():
            if name.startswith(prefix):
                value.pop(field)
        found[name] = value
    return found


def test_a_cluster_of_separate_processes_writes_what_a_local_cluster_writes(
    cluster: Cluster, feed_file: Path, local_output: Path, tmp_path: Path
) -> None:
    """Workers in other working directories, reached over tcp, write into the one `--out`
    (a relative one used to land in each worker's own working directory) the very files a
    LocalCluster writes."""
    out = finish(batch(tmp_path / "client", feed_file, "--scheduler", cluster.address))
    expected = contents(local_output)
    assert any(name.startswith("analyses/") for name in expected)
    assert contents(out) == expected
    for worker in cluster.workers:
        assert not (worker.folder / "out").exists(), "nothing written where a worker runs"


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(
    cluster: Cluster, feed_file: Path, local_output: Path, tmp_path: Path
) -> None:
    """The whole `dask worker` command of a busy worker (nanny and worker: a machine lost) is
    killed once partitions are done: the other worker redoes its work, once."""
    run = batch(tmp_path / "client", feed_file, "--scheduler", cluster.address)
    markers = run.folder / "out" / "partitions"
    try:
        with Client(cluster.address) as client:
            busy = wait_for(lambda: any(markers.glob("*.json")) and [
                worker for worker, keys in client.processing().items() if keys
            ], RUN_TIMEOUT_S, "a partition done and a worker busy", [run, *cluster.workers])
            done_when_killed = len(list(markers.glob("*.json")))
            victim = busy[0]
            group = os.getpgid(client.run(os.getpid, workers=[victim])[victim])
            assert group in {worker.process.pid for worker in cluster.workers}
            os.killpg(group, signal.SIGKILL)
            wait_for(lambda: victim not in client.scheduler_info()["workers"], RUN_TIMEOUT_S,
                     "the scheduler to drop the killed worker", [run])
            out = finish(run)
            assert len(client.scheduler_info()["workers"]) == 1, "ended on the other worker"
    finally:
        stop(run)
    expected = contents(local_output)
    assert 0 < done_when_killed < len([n for n in expected if n.startswith("partitions/")])
    found = contents(out)
    keys = [row["key"] for name, rows in found.items()
            if name.startswith("articles/") for row in rows]
    assert len(keys) == len(set(keys)), "no article twice"
    assert found == expected
