"""Running ingests for the web app in the background, one at a time, with their progress
stored where the job page can poll it."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from parallax.ingest.documents import ReadLimits
from parallax.model import InputProblem
from parallax.pipeline import read
from parallax.store import jobs
from parallax.store.database import Database
from parallax.store.ingest import ingest_articles
from parallax.web.submissions import Submission

log = logging.getLogger(__name__)


class IngestWorker:
    """One background thread: ingests queue behind each other (the store takes one writer
    at a time anyway), and the web requests stay quick."""

    def __init__(self, db: Database, limits: ReadLimits) -> None:
        self.db = db
        self.limits = limits
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parallax-ingest")
        for job in jobs.unfinished_jobs(db):
            jobs.job_failed(db, job, "the server stopped before this ingest finished")

    def submit(self, submission: Submission) -> int:
        job = jobs.create_job(self.db, submission.shown)
        self._pool.submit(self._run, job, submission)
        return job

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: int, submission: Submission) -> None:
        def progress(stage: str, done: int, total: int | None, current: str | None = None) -> None:
            jobs.job_progress(self.db, job, stage, done, total)

        try:
            progress("reading", 0, len(submission.inputs))
            result = read(submission.inputs, self.limits)
            if not result.articles:
                jobs.job_failed(self.db, job, "no usable article was read",
                                _shown(submission, result.problems))
                return
            articles = [
                replace(article, ref=submission.display(article.ref))
                for article in result.articles
            ]
            report = ingest_articles(self.db, articles, on_progress=progress)
            jobs.job_done(self.db, job, report.stories,
                          _shown(submission, [*result.problems, *report.warnings]))
        except Exception as error:  # the job page must say what happened, whatever it was
            log.exception("ingest job %s failed", job)
            jobs.job_failed(self.db, job, f"{type(error).__name__}: {error}")
        finally:
            submission.discard()


def _shown(submission: Submission, problems: list[InputProblem]) -> list[str]:
    """Warnings as the job page shows them: uploads by the names the user gave them."""
    return [submission.display(str(problem)) for problem in problems]
