"""Web app fixtures: a store with the example story ingested, and clients on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from webtools import EXAMPLE

from parallax.store.database import Database
from parallax.store.ingest import ingest_inputs


@pytest.fixture(scope="session")
def example_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the example story, ingested once; tests get a copy."""
    path = tmp_path_factory.mktemp("store") / "example.db"
    database = Database(str(path))
    ingest_inputs(database, [str(EXAMPLE)])
    database.close()
    return path


@pytest.fixture
def example_db(example_sqlite: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "example.db"
    shutil.copy(example_sqlite, copy)
    database = Database(str(copy))
    yield database
    database.close()
