"""Shared fixtures: small articles written for these tests, shaped like real pasted pages,
the bundled example story (read and analysed once per session: the language layer and the
encoder are slow to start), and stores (SQLite, and PostgreSQL when PARALLAX_TEST_POSTGRES
names a server)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.model import Analysis, Article
from parallax.store.database import Database

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "troops-europe-2022"

# A server URL whose user may create databases, e.g. postgresql://user:password@host:port/db;
# .ci/run starts a throwaway server and sets it. Each test gets a database of its own there.
POSTGRES_ENV = "PARALLAX_TEST_POSTGRES"

# Written for the tests (no third-party text): a pasted page with menu, byline and promo.
PASTED_ARTICLE = "\n".join(
    [
        "Skip to content",
        "Home",
        "World",
        "Harbour bridge reopens after three-week repair",
        "12 March 2023, 09:15",
        "By Maria Lopez",
        "The harbour bridge reopened to traffic on Sunday after a three-week repair that "
        "cost the city about 4 million euros, officials said.",
        "Engineers replaced two corroded cables and resurfaced the eastern lane, "
        "according to the transport department, which had closed the bridge after an "
        "inspection in February.",
        '"We could not take any risk with the cables," the city\'s chief engineer said at '
        "a news conference on the bridge.",
        "Traffic had been diverted through the old town during the works, adding up to "
        "forty minutes to some commutes.",
        "READ MORE: City council approves new cycle lanes",
        "Share on Facebook",
        "Advertisement",
    ]
)


@pytest.fixture
def pasted_article() -> str:
    return PASTED_ARTICLE


@pytest.fixture(scope="session")
def example_articles() -> list[Article]:
    from parallax.pipeline import read

    return read(EXAMPLE).articles


@pytest.fixture(scope="session")
def example_analysis(example_articles: list[Article]) -> Analysis:
    from parallax.pipeline import analyze

    return analyze(example_articles)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """What a user would pass to `Database(...)` or `--db`: a fresh SQLite file, or a fresh
    database on the PostgreSQL server (dropped afterwards); skipped without a server."""
    if request.param == "sqlite":
        yield str(tmp_path / "parallax.db")
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV}=postgresql://user:password@"
                    "host:port/db (a user that may create databases; .ci/run sets it)")
    import psycopg
    from sqlalchemy import make_url

    name = f"parallax_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """An opened, empty store (schema created), closed after the test."""
    db = Database(database_url)
    yield db
    db.close()
