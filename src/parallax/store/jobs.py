"""Ingest jobs started from the web app: queued, running with progress, done or failed.

Progress is written in its own short transactions, so a page can poll it while the ingest's
own transaction is still open."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from parallax.store.database import Database
from parallax.store.tables import JobRow

# Job ids are 32-bit integers on PostgreSQL (64-bit on SQLite): no job has a larger one.
_LARGEST_ID = 2**31 - 1


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def create_job(db: Database, inputs: list[str]) -> int:
    with db.session() as session:
        row = JobRow(status="queued", inputs=inputs, warnings=[], stories=[], created=_now())
        session.add(row)
        session.commit()
        return row.id


def job_progress(db: Database, job: int, stage: str, done: int, total: int | None) -> None:
    """What the job is doing; a `total` not known yet is stored as 0."""
    _set(db, job, status="running", stage=stage, done=done, total=total or 0)


def job_done(db: Database, job: int, stories: list[str], warnings: list[str]) -> None:
    """The job finished: the keys of its stories and its warnings, as the user is shown them."""
    _set(db, job, status="done", stage="done", warnings=warnings, stories=stories,
         finished=_now())


def job_failed(db: Database, job: int, reason: str, warnings: list[str] | None = None) -> None:
    _set(db, job, status="failed", stage="failed", error=reason, warnings=warnings or [],
         finished=_now())


def get_job(db: Database, job: int) -> dict | None:
    """The job's progress and outcome, or None if there is no such job."""
    if not 0 < job <= _LARGEST_ID:  # no such job, and the database would refuse the number
        return None
    with db.session() as session:
        row = session.get(JobRow, job)
        if row is None:
            return None
        return {
            "id": row.id, "status": row.status, "stage": row.stage, "done": row.done,
            "total": row.total, "inputs": row.inputs, "warnings": row.warnings,
            "stories": row.stories, "error": row.error,
            "created": row.created.isoformat(),
            "finished": row.finished.isoformat() if row.finished else None,
        }


def unfinished_jobs(db: Database) -> list[int]:
    with db.session() as session:
        query = select(JobRow.id).where(JobRow.status.in_(("queued", "running")))
        return list(session.scalars(query))


def _set(db: Database, job: int, **values) -> None:
    with db.session() as session:
        session.execute(update(JobRow).where(JobRow.id == job).values(**values))
        session.commit()
