"""The JSON API (OpenAPI at /docs): the same data the pages show, stories as their
`parallax.analysis/1` documents."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from parallax.store import jobs, queries
from parallax.web.submissions import Rejected, SubmittedForm, save_submission, submitted_form

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/stories", summary="Stories, newest first")
def list_stories(request: Request, q: str = "", outlet: str = "") -> list[dict[str, Any]]:
    """Filter by words (all must appear in a title or article) and by outlet."""
    return [asdict(story) for story in queries.list_stories(request.app.state.db, q, outlet)]


@router.get("/outlets", summary="Every outlet among stored articles")
def list_outlets(request: Request) -> list[str]:
    return queries.outlets(request.app.state.db)


@router.get("/stories/{key}", summary="One story: listing, articles and analysis")
def get_story(request: Request, key: str) -> dict[str, Any]:
    """`analysis` is the story's `parallax.analysis/1` document (null for a story of one
    article); `articles` maps its article ids (a1, a2...) to stored article keys."""
    view = _found(queries.story(request.app.state.db, key), f"no story {key!r}")
    return {"story": asdict(view.listing), "articles": view.articles, "analysis": view.analysis}


@router.get("/stories/{key}/analysis", summary="A story's parallax.analysis/1 document")
def get_analysis(request: Request, key: str) -> dict[str, Any]:
    view = _found(queries.story(request.app.state.db, key), f"no story {key!r}")
    return _found(view.analysis, f"story {key!r} has one article: nothing was compared")


@router.get("/articles/{key}", summary="One article: cleaned text, metadata, removed lines")
def get_article(request: Request, key: str) -> dict[str, Any]:
    """With the stories it belongs to and every span they cite as evidence."""
    view = _found(queries.article(request.app.state.db, key), f"no article {key!r}")
    highlights = [
        {"start": h.start, "end": h.end, "story": h.story, "kinds": sorted(h.kinds)}
        for h in view.highlights
    ]
    return {"article": view.record, "stories": view.stories, "highlights": highlights}


@router.post("/ingest", status_code=202, summary="Add articles; analysed in the background")
async def ingest(
    request: Request, form: Annotated[SubmittedForm, Depends(submitted_form)]
) -> JSONResponse:
    """Answers at once with the job to poll at /api/jobs/{id}."""
    state = request.app.state
    try:
        submission = await save_submission(form, state.limits, state.private_urls)
    except Rejected as problem:
        raise HTTPException(422, str(problem)) from None
    job = state.worker.submit(submission)
    return JSONResponse({"job": job, "url": f"/api/jobs/{job}"}, status_code=202)


@router.get("/jobs/{job}", summary="An ingest's progress and outcome")
def get_job(request: Request, job: int) -> dict[str, Any]:
    return _found(jobs.get_job(request.app.state.db, job), f"no job {job}")


def _found(value, message: str):
    if value is None:
        raise HTTPException(404, message)
    return value
