"""Opening a store: the URL rules, the schema (created or migrated on open), and the lock
that lets one writer at a time change it, across threads and processes."""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, make_url, select, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from parallax.errors import ParallaxError
from parallax.store.tables import Base, SchemaVersion

DEFAULT_DB = "parallax.db"
# Any fixed number: the PostgreSQL advisory lock all Parallax writers take.
_PG_LOCK = 7_231_946
# Seconds a SQLite writer waits for another before giving up.
_SQLITE_WAIT_S = 60


class StoreProblem(ParallaxError):
    """The store cannot be opened or used; the message says which and why."""


def _create_tables(connection) -> None:
    Base.metadata.create_all(connection)


def _add_article_url_and_kind(connection) -> None:
    """Articles keep the URL and the kind their input states; a store made before lacks both
    columns (one created by `_create_tables` now has them already)."""
    present = {column["name"] for column in inspect(connection).get_columns("articles")}
    for name, sql_type in (("url", "TEXT"), ("kind", "VARCHAR(16)")):
        if name not in present:
            connection.execute(text(f"ALTER TABLE articles ADD COLUMN {name} {sql_type}"))


# Schema version N is reached by running the first N steps; add a step, never edit one.
MIGRATIONS: list[Callable] = [_create_tables, _add_article_url_and_kind]


def database_url(given: str) -> str:
    """A SQLAlchemy URL for what the user typed: a file path means SQLite; postgresql:// URLs
    use the psycopg 3 driver Parallax installs."""
    if given.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + given.split("://", 1)[1]
    if "://" in given:
        return given
    return f"sqlite:///{Path(given).expanduser().resolve()}"


class Database:
    """An opened store: sessions to read and write, and `writing()` to change it safely."""

    def __init__(self, given: str = DEFAULT_DB) -> None:
        self.url = database_url(given)
        self.display = _shown(given)  # what messages call it: never with its password
        try:
            self.engine = _engine(self.url)
        except (ArgumentError, ImportError, ValueError) as error:
            reason = f"not a database Parallax can open ({error})"
            raise StoreProblem(f"{self.display}: {reason}") from None
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._threads = threading.Lock()
        try:
            with self.writing():  # under the lock, a file another process creates is whole
                self._refuse_empty_file()
                self._migrate()
        except (SQLAlchemyError, OSError) as error:  # OSError: the SQLite lock file
            self.engine.dispose()
            reason = str(getattr(error, "orig", None) or error).strip()
            raise StoreProblem(f"{self.display}: cannot open the database ({reason})") from None
        except StoreProblem:
            self.engine.dispose()
            raise

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's one writer lock: threads of this process wait on a mutex, other
        processes on a file lock (SQLite) or an advisory lock (PostgreSQL)."""
        with self._threads:
            if self.is_sqlite:
                with _file_lock(self.engine.url.database):
                    yield
            else:
                with self.engine.connect() as connection:
                    connection.execute(select(text(f"pg_advisory_lock({_PG_LOCK})")))
                    try:
                        yield
                    finally:
                        connection.execute(select(text(f"pg_advisory_unlock({_PG_LOCK})")))
                        connection.commit()

    def close(self) -> None:
        self.engine.dispose()

    def _refuse_empty_file(self) -> None:
        """An empty SQLite file is no database: it may be one whose content was lost (a full
        disk, a copy cut short), and initialising it would hide that."""
        path = self.engine.url.database if self.is_sqlite else None
        if path and path != ":memory:" and Path(path).is_file() and not Path(path).stat().st_size:
            raise StoreProblem(
                f"{self.display}: the file is empty (0 bytes), not a database; if it held "
                "your stories, restore it from a copy; to start a new database, delete it "
                "or name a file that does not exist"
            )

    def _migrate(self) -> None:
        with self.engine.begin() as connection:
            version = 0
            if inspect(connection).has_table(SchemaVersion.__tablename__):
                version = connection.execute(select(SchemaVersion.version)).scalar() or 0
            if version > len(MIGRATIONS):
                raise StoreProblem(
                    f"{self.display}: made by a newer Parallax (schema {version}, this one "
                    f"knows {len(MIGRATIONS)}); upgrade Parallax to open it"
                )
            for step in MIGRATIONS[version:]:
                step(connection)
            if version < len(MIGRATIONS):
                connection.execute(SchemaVersion.__table__.delete())
                connection.execute(SchemaVersion.__table__.insert(), {"version": len(MIGRATIONS)})


def _shown(given: str) -> str:
    """`given` as messages show it: a URL's password replaced by ***."""
    if "://" not in given:
        return given
    try:
        return make_url(given).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # unreadable: show the scheme only
        return given.split("://", 1)[0] + "://…"


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    database = url.split("///", 1)[-1]
    if database and database != ":memory:" and not Path(database).parent.is_dir():
        raise ValueError(f"folder {Path(database).parent} does not exist")
    engine = create_engine(url, connect_args={"timeout": _SQLITE_WAIT_S})

    @event.listens_for(engine, "connect")
    def _sqlite_settings(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers go on while an ingest writes
        cursor.close()

    return engine


@contextmanager
def _file_lock(database: str | None) -> Iterator[None]:
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
