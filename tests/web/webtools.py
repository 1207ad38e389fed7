"""Helpers for the web tests: a client on the app, a real server running it, and waiting for
an ingest job."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from parallax.store.database import Database
from parallax.store.tables import JobRow
from parallax.web.app import WebSettings, create_app
from parallax.web.serving import Timeouts, server_options

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"

# The app answers to loopback names only, as when served by `parallax serve`.
BASE_URL = "http://127.0.0.1:8000"
# Written for these tests: what a hostile page would add to the example story.
FORGED = ("US to send 250,000 troops to Europe\n\nThe Pentagon said on Wednesday it would "
          "send 250,000 US troops to Europe at once, officials said.")


def client(database: Database, settings: WebSettings | None = None) -> TestClient:
    """A client on the app; use it as a context manager so the worker shuts down."""
    return TestClient(create_app(database, settings), base_url=BASE_URL, follow_redirects=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(app: Any, timeouts: Timeouts | None = None) -> Iterator[str]:
    """`app` served by uvicorn as `parallax serve` runs it, on a free local port; yields its
    base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, **server_options("127.0.0.1", port, timeouts)))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def jobs_queued(database: Database) -> int:
    """How many ingest jobs the app has ever queued."""
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(JobRow)) or 0


def wait_for_job(http: TestClient, job: int, timeout_s: float = 180) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = http.get(f"/api/jobs/{job}").json()
        if found["status"] in ("done", "failed"):
            return found
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not finish in {timeout_s} s")
