"""A Dask cluster of separate processes on this machine, started as on a real cluster: a
`dask scheduler` command and `dask worker` commands, each worker in a working directory of its
own (machines that share only the output folder), everything on loopback. The batch tests run
`parallax batch` against it as a command too, so nothing is shared through this process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from dask.distributed import Client

import parallax

# The commands of the venv running the tests, never PATH's: another install runs other code.
BIN = Path(sys.executable).parent
DASK = BIN / "dask"
PARALLAX = BIN / "parallax"
START_TIMEOUT_S = 120
# No dashboard, and the HTTP server each process still starts (health, metrics) on loopback:
# without an address it listens on every interface, the scheduler's on port 8787.
LOOPBACK_HTTP = ["--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
T = TypeVar("T")


@dataclass
class Command:
    """A command started by `start`: its process and the folder it runs in."""

    process: subprocess.Popen
    folder: Path

    def log(self) -> str:
        """What it printed."""
        return (self.folder / "log.txt").read_text(errors="replace")


@dataclass
class Cluster:
    """A running `dask_cluster`."""

    address: str  # tcp://127.0.0.1:PORT, the scheduler's
    workers: list[Command]  # one `dask worker` command each, leading its process group


@contextmanager
def dask_cluster(folder: Path, workers: int = 2) -> Iterator[Cluster]:
    """A scheduler and `workers` single-threaded workers, ready once every worker has joined;
    every process of theirs is killed on leaving, however the test went."""
    started: list[Command] = []
    try:
        scheduler_file = folder / "scheduler.json"
        started.append(start([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                              *LOOPBACK_HTTP, "--scheduler-file", str(scheduler_file)],
                             folder / "scheduler"))
        address = wait_for(lambda: _address(scheduler_file), START_TIMEOUT_S,
                           "the scheduler's address", started)
        for number in range(workers):
            home = folder / f"worker-{number}"
            started.append(start([str(DASK), "worker", address, "--host", "127.0.0.1",
                                  "--nthreads", "1", *LOOPBACK_HTTP, "--name", home.name,
                                  "--local-directory", str(home / "dask")], home))
        with Client(address, timeout=START_TIMEOUT_S) as client:
            wait_for(lambda: len(client.scheduler_info()["workers"]) == workers,
                     START_TIMEOUT_S, f"{workers} workers to join", started)
        yield Cluster(address, started[1:])
    finally:
        for command in started:
            stop(command)


def _environment(folder: Path) -> dict[str, str]:
    """This environment with the parallax under test first on the import path, so that every
    command runs this code (a worker too, whatever its working directory), and Dask's scratch
    files in `folder` rather than a /tmp folder that every Dask process shares."""
    source = str(Path(parallax.__file__).resolve().parents[1])
    paths = [source, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths),
            "DASK_TEMPORARY_DIRECTORY": str(folder)}


def start(arguments: list[str], folder: Path) -> Command:
    """`arguments` run in `folder` (made if missing), the output in folder/log.txt, in a
    process group of its own so that `stop` ends it with every process it started."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "log.txt").open("wb") as log:
        process = subprocess.Popen(arguments, cwd=folder, env=_environment(folder), stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return Command(process, folder)


def stop(command: Command) -> None:
    """Kill a command's whole process group (a worker's nanny and its worker, say), then reap
    it. Nothing reaps a command before (see `exited`), so its pid still names its group."""
    if command.process.returncode is None:
        with suppress(ProcessLookupError):
            os.killpg(command.process.pid, signal.SIGKILL)
    command.process.wait()


def exited(command: Command) -> bool:
    """Whether the command has ended, left unreaped: a reaped pid could name another process
    by the time `stop` kills the group."""
    flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
    return os.waitid(os.P_PID, command.process.pid, flags) is not None


def wait_for(
    found: Callable[[], T | None], timeout_s: float, what: str, commands: list[Command]
) -> T:
    """Poll `found` until it gives something, failing with the `commands`' logs when one of
    them has exited or `timeout_s` has passed without it."""
    deadline = time.monotonic() + timeout_s
    while not (value := found()):
        if time.monotonic() > deadline or any(map(exited, commands)):
            logs = "\n".join(f"--- {' '.join(c.process.args)}\n{c.log()}" for c in commands)
            raise AssertionError(f"gave up waiting for {what}\n{logs}")
        time.sleep(0.1)
    return value


def _address(scheduler_file: Path) -> str | None:
    try:
        return json.loads(scheduler_file.read_text())["address"]
    except (OSError, ValueError, KeyError):
        return None
