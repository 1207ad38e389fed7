"""Helpers for the web tests: a client on the app, and waiting for an ingest job."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from parallax.store.database import Database
from parallax.web.app import WebSettings, create_app


def client(database: Database, settings: WebSettings | None = None) -> TestClient:
    """A client on the app; use it as a context manager so the worker shuts down."""
    return TestClient(create_app(database, settings), follow_redirects=False)


def wait_for_job(http: TestClient, job: int, timeout_s: float = 180) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = http.get(f"/api/jobs/{job}").json()
        if found["status"] in ("done", "failed"):
            return found
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not finish in {timeout_s} s")
