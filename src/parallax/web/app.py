"""Assembling the web app: pages, JSON API, local assets (nothing from a CDN), the
background ingest worker and the request size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files

import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parallax import __version__
from parallax.ingest.sources import ReadLimits
from parallax.report.render import report_css
from parallax.store.database import Database
from parallax.web import api, pages
from parallax.web.submissions import SubmissionLimits
from parallax.web.worker import IngestWorker


@dataclass(frozen=True)
class WebSettings:
    """What `parallax serve` lets the user change."""

    allow_private_urls: bool = False
    limits: SubmissionLimits = field(default_factory=SubmissionLimits)


def create_app(db: Database, settings: WebSettings | None = None) -> FastAPI:
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
    app.mount("/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")

    @app.get("/report.css", include_in_schema=False)
    def story_css() -> Response:
        return PlainTextResponse(report_css(), media_type="text/css")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="Parallax API",
            swagger_js_url="/swagger/swagger-ui-bundle.js",
            swagger_css_url="/swagger/swagger-ui.css",
            swagger_favicon_url="/swagger/favicon-32x32.png",
        )

    @app.middleware("http")
    async def no_framing(request: Request, call_next) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return BodyLimit(app, settings.limits.max_request_bytes)


class BodyLimit:
    """Refuse request bodies over `limit` bytes (413), whether the client declares the size
    or streams it, before anything is parsed or spooled to disk."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __getattr__(self, name: str):
        return getattr(self.app, name)  # app.state and friends, for tests and uvicorn

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit and not refused:
                refused = True
                await _too_large(send, self.limit)
            # Past the limit the app sees the client leave, and whatever it answers is dropped.
            return {"type": "http.disconnect"} if refused else message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted, unless_refused)


async def _too_large(send: Send, limit: int) -> None:
    body = f"request too large: over {limit / 1_000_000:g} MB".encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
