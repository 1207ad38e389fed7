"""The HTML pages: stories list, story, article, add articles, ingest progress. Each page
shows what the JSON API returns for it, rendered on the server (Jinja2, autoescaped)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parallax.report.render import outlet_chip, story_context
from parallax.store import jobs, queries
from parallax.web.reading import parse_span, runs
from parallax.web.submissions import Rejected, SubmittedForm, save_submission, submitted_form
from parallax.web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/")
def stories_page(request: Request, q: str = "", outlet: str = "") -> Response:
    db = request.app.state.db
    found = queries.list_stories(db, q, outlet)
    return templates.TemplateResponse(request, "stories.html.j2", {
        "stories": found, "q": q, "outlet": outlet, "outlets": queries.outlets(db),
        "most_divergences": max((s.divergence_count for s in found), default=0),
    })


@router.get("/stories/{key}")
def story_page(request: Request, key: str) -> Response:
    view = queries.story(request.app.state.db, key)
    if view is None:
        return _not_found(request, f"There is no story {key!r}.")
    context = {"view": view}
    if view.analysis is not None:
        def href(evidence: dict) -> str:
            return evidence_link(view.article_keys.get(evidence["article"], ""), key, evidence)

        texts = _texts(request, view.article_keys)
        context.update(story_context(view.analysis, texts, href))
    return templates.TemplateResponse(request, "story.html.j2", context)


@router.get("/articles/{key}")
def article_page(request: Request, key: str, story: str = "", at: str = "") -> Response:
    view = queries.article(request.app.state.db, key)
    if view is None:
        return _not_found(request, f"There is no article {key!r}.")
    focus = parse_span(at)
    from_story = next((s for s in view.stories if s["key"] == story), None)
    # The outlet's chip as the story shows it (same label, same colour), for the story the
    # reader came from, or the article's only story.
    shown_in = from_story or (view.stories[0] if len(view.stories) == 1 else None)
    chip = None
    if shown_in is not None:
        story_view = queries.story(request.app.state.db, shown_in["key"])
        if story_view is not None and story_view.analysis is not None:
            chip = outlet_chip(story_view.analysis, shown_in["label"])
    return templates.TemplateResponse(request, "article.html.j2", {
        "view": view, "article": view.record, "runs": runs(view.record["text"], view.highlights,
                                                          focus),
        "from_story": from_story, "focus": focus, "chip": chip,
    })


@router.get("/add")
def add_page(request: Request) -> Response:
    return _add_form(request)


@router.post("/add")
async def add_articles(
    request: Request, form: Annotated[SubmittedForm, Depends(submitted_form)]
) -> Response:
    app = request.app.state
    try:
        submission = await save_submission(form, app.limits, app.private_urls)
    except Rejected as problem:
        return _add_form(request, str(problem), form.text, form.urls, status=422)
    job = app.worker.submit(submission)
    return RedirectResponse(f"/jobs/{job}", status_code=303)


@router.get("/jobs/{job}")
def job_page(request: Request, job: int) -> Response:
    found = jobs.get_job(request.app.state.db, job)
    if found is None:
        return _not_found(request, f"There is no ingest job {job}.")
    return templates.TemplateResponse(request, "job.html.j2", {"job": found})


def evidence_link(article_key: str, story_key: str, evidence: dict) -> str:
    """The article page scrolled to one piece of evidence, marked."""
    query = urlencode({"story": story_key, "at": f"{evidence['start']}-{evidence['end']}"})
    return f"/articles/{article_key}?{query}#focus"


def _texts(request: Request, article_keys: dict[str, str]) -> dict[str, str]:
    texts = {}
    for label, key in article_keys.items():
        view = queries.article(request.app.state.db, key)
        if view is not None:
            texts[label] = view.record["text"]
    return texts


def _add_form(
    request: Request, error: str | None = None, text: str = "", urls: str = "", status: int = 200
) -> Response:
    return templates.TemplateResponse(
        request, "add.html.j2",
        {"error": error, "text": text, "urls": urls, "limits": request.app.state.limits,
         "private_urls": request.app.state.private_urls},
        status_code=status,
    )


def problem_page(request: Request, heading: str, message: str, status: int) -> Response:
    """A page that says what went wrong, in place of the one asked for."""
    return templates.TemplateResponse(
        request, "error.html.j2", {"heading": heading, "message": message}, status_code=status
    )


def not_understood(request: Request, problems: str) -> Response:
    """A page asked for with fields it cannot take (a file sent as text, a job that is not
    a number): the add form again with the reason, or a page saying it."""
    message = f"the request was not understood: {problems}"
    if request.url.path == "/add":
        return _add_form(request, message, status=422)
    return problem_page(request, "Not understood", message, 422)


def _not_found(request: Request, message: str) -> Response:
    return problem_page(request, "Not found", message, 404)
