"""Assembling the web app: pages, JSON API, local assets (nothing from a CDN or any other
site), the background ingest worker, and what every request passes first: the request guard
(Host, cross-site writes, security headers) and the request size limit."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import swagger_ui_bundle
from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import UndefinedError
from sqlalchemy.exc import DatabaseError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parallax import __version__
from parallax.ingest.sources import ReadLimits
from parallax.report.render import report_css
from parallax.store.database import Database
from parallax.web import api, pages
from parallax.web.guard import LOOPBACK_HOSTS, RequestGuard, plain_answer
from parallax.web.submissions import SubmissionLimits
from parallax.web.templating import templates
from parallax.web.worker import IngestWorker

log = logging.getLogger(__name__)
# The Swagger UI files /docs loads. Their folder also holds a demo page that would fetch a
# spec from the internet: only these are served.
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
# What reading a damaged database raises: SQLite's "malformed" and "could not decode to
# UTF-8" (a flipped bit), a JSON column that no longer parses, or one that parses but lacks
# a key Parallax always writes (in Python, or in a template).
DAMAGE = (DatabaseError, json.JSONDecodeError, KeyError, UndefinedError)


@dataclass(frozen=True)
class WebSettings:
    """What `parallax serve` lets the user change."""

    allow_private_urls: bool = False
    limits: SubmissionLimits = field(default_factory=SubmissionLimits)
    # The names the app answers to (the Host header): loopback unless told more.
    allowed_hosts: frozenset[str] = LOOPBACK_HOSTS


def create_app(db: Database, settings: WebSettings | None = None) -> FastAPI:
    """The app on `db`: pages, API and assets behind the request guard and size limit."""
    settings = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.worker.shutdown()

    app = FastAPI(
        title="Parallax", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Stories, their analyses (parallax.analysis/1) and the articles they cite.",
    )
    app.state.db = db
    app.state.limits = settings.limits
    app.state.private_urls = settings.allow_private_urls
    app.state.worker = IngestWorker(
        db, ReadLimits(private_urls=settings.allow_private_urls,
                       max_document_bytes=settings.limits.max_file_bytes)
    )
    app.include_router(pages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=str(files("parallax") / "web" / "static")),
              name="static")

    @app.get("/swagger/{name}", include_in_schema=False)
    def swagger_file(name: str) -> FileResponse:
        if name not in SWAGGER_FILES:
            raise HTTPException(404, f"no file {name!r} here")
        return FileResponse(Path(swagger_ui_bundle.swagger_ui_path) / name)

    @app.get("/report.css", include_in_schema=False)
    def story_css() -> Response:
        return PlainTextResponse(report_css(), media_type="text/css")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        return templates.TemplateResponse(request, "docs.html.j2", {})

    for kind in DAMAGE:
        app.add_exception_handler(kind, _damaged)
    app.add_exception_handler(RequestValidationError, _not_understood)
    app.add_middleware(BodyLimit, limit=settings.limits.max_request_bytes)
    app.add_middleware(RequestGuard, hosts=settings.allowed_hosts)  # the outer one: runs first
    return app


async def _not_understood(request: Request, error: RequestValidationError) -> Response:
    """The API answers FastAPI's list of errors; a page says which field and why."""
    if request.url.path.startswith("/api/"):
        return await request_validation_exception_handler(request, error)
    return pages.not_understood(request, "; ".join(
        f"{'.'.join(map(str, problem['loc'][1:])) or problem['loc'][0]}: {problem['msg']}"
        for problem in error.errors()))


async def _damaged(request: Request, error: Exception) -> Response:
    """A page or API answer that a damaged database cannot give: a clear message (500, since
    the fault is the server's), and one line in the log, not a traceback."""
    message = (f"{request.url.path}: the database could not be read ({_damage(error)}); "
               "it may be damaged. Ingesting the articles again into a new database rebuilds it.")
    log.warning("%s", message)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=500)
    return pages.problem_page(request, "Cannot show this", message, 500)


def _damage(error: Exception) -> str:
    """What is wrong with the stored data, in a line."""
    if isinstance(error, json.JSONDecodeError):
        return f"a stored JSON value does not parse: {error.msg} at character {error.pos}"
    if isinstance(error, KeyError):
        return f"a stored record lacks {error.args[0]!r}"
    if isinstance(error, UndefinedError):
        return f"a stored record lacks what the page shows: {error}"
    reason = str(getattr(error, "orig", None) or error)
    return reason if len(reason) <= 120 else f"{reason[:120]}…"


class BodyLimit:
    """Refuse request bodies over `limit` bytes (413), whether the client declares the size
    or streams it, before anything is parsed or spooled to disk."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await plain_answer(send, 413, _too_large(self.limit))
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit and not refused:
                refused = True
                await plain_answer(send, 413, _too_large(self.limit))
            # Past the limit the app sees the client leave, and whatever it answers is dropped.
            return {"type": "http.disconnect"} if refused else message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted, unless_refused)


def _too_large(limit: int) -> str:
    return f"request too large: over {limit / 1_000_000:g} MB"
