"""Web app load: requests/s and latency (p50, p99) of the stories list, a story page, an
article page and the API, served by `parallax serve` on the bundled example.

Why: the web app renders every page from the store on each request; these figures are the
baseline a later change (a cache, a lighter stories query) is compared with. The server runs
as the user runs it (`parallax serve`, its own process); the client keeps CONNECTIONS
keep-alive connections busy from threads of this process, one path at a time, after a few
untimed requests per path. On a 2-core machine client and server share the cores.

    .venv/bin/python bench/web_load.py [--db parallax.db] [--seconds 10] [--connections 4]

Without --db the example is ingested into a temporary database first
(`parallax ingest examples/troops-europe-2022 --db TMP`, about 30 s).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "troops-europe-2022"
PARALLAX = [sys.executable, "-c", "from parallax.cli import app; app()"]
WARM_UP = 5  # untimed requests per path and connection
console = Console(width=150)


@dataclass
class Load:
    """What one path's run measured."""

    path: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered request
    failures: dict[str, int] = field(default_factory=dict)
    body_bytes: int = 0

    def percentile(self, share: float) -> float:
        """The latency (ms) under which `share` of the requests were answered."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a database to serve (default: the example, ingested)")
    parser.add_argument("--seconds", type=float, default=10.0, help="load per path")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or _ingest_example(Path(scratch) / "example.db")
        port = _free_port()
        server = subprocess.Popen([*PARALLAX, "serve", "--db", db, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_until_up(port, server)
            loads = [_load(port, path, args.seconds, args.connections)
                     for path in _paths(port)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    console.print(_table(loads, args))
    return 1 if any(load.failures for load in loads) else 0


def _ingest_example(db: Path) -> str:
    console.print(f"ingesting {EXAMPLE.relative_to(REPO)} into {db} …", highlight=False)
    subprocess.run([*PARALLAX, "ingest", str(EXAMPLE), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)
    return str(db)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, server: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"parallax serve stopped: {server.stderr and server.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"parallax serve did not answer on port {port} within {timeout_s:g} s")


def _paths(port: int) -> list[str]:
    """The stories list, the biggest story's page, one of its articles, and the API's
    story list and story document."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/api/stories")
    stories = json.loads(connection.getresponse().read())
    if not stories:
        raise SystemExit("the database holds no story to load")
    story = max(stories, key=lambda s: s["article_count"])["key"]
    connection.request("GET", f"/api/stories/{story}")
    article = json.loads(connection.getresponse().read())["articles"][0]["key"]
    connection.close()
    return ["/", f"/stories/{story}", f"/articles/{article}", "/api/stories",
            f"/api/stories/{story}"]


def _load(port: int, path: str, seconds: float, connections: int) -> Load:
    """Keep `connections` connections asking for `path` for `seconds`."""
    found = Load(path)
    lock = threading.Lock()
    stop_at: list[float] = []  # set once every connection is warmed up
    start = threading.Barrier(connections + 1,
                              action=lambda: stop_at.append(time.perf_counter() + seconds))

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(WARM_UP):
            _get(connection, path)
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                status, size = _get(connection, path)
                problem = None if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as error:
                problem, size = type(error).__name__, 0
                connection.close()
            with lock:
                if problem is None:
                    found.latencies.append(time.perf_counter() - began)
                    found.body_bytes += size
                else:
                    found.failures[problem] = found.failures.get(problem, 0) + 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join()
    found.seconds = time.perf_counter() - (stop_at[0] - seconds)
    return found


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, int]:
    connection.request("GET", path)
    answer = connection.getresponse()
    return answer.status, len(answer.read())


def _table(loads: list[Load], args: argparse.Namespace) -> Table:
    table = Table(title=f"parallax serve under load: {args.connections} connections, "
                        f"{args.seconds:g} s per path, {os.cpu_count()} cores")
    for column in ("path", "requests", "requests/s", "p50 ms", "p99 ms", "mean KB", "failed"):
        table.add_column(column, justify="left" if column == "path" else "right")
    for load in loads:
        count = len(load.latencies)
        table.add_row(
            _shown(load.path), f"{count:,}", f"{count / load.seconds:,.1f}",
            f"{load.percentile(0.5):,.1f}" if count else "—",
            f"{load.percentile(0.99):,.1f}" if count else "—",
            f"{load.body_bytes / count / 1000:,.1f}" if count else "—",
            ", ".join(f"{n} {why}" for why, n in load.failures.items()) or "0",
        )
    return table


def _shown(path: str) -> str:
    """A path with its key shortened: the table is read across runs and databases."""
    head, _, key = path.rpartition("/")
    return f"{head}/KEY" if len(key) == 16 else path


if __name__ == "__main__":
    sys.exit(main())
