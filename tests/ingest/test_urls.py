"""URLs: read from a local server on 127.0.0.1 with redirects, errors, size and time limits."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parallax.ingest.sources import RawDocument, ReadLimits, iter_documents
from parallax.model import InputProblem

PAGE = b"<html><head><title>Local page</title></head><body><p>Served locally.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path == "/article.html":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"x" * 5000, "text/plain")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late", "text/plain")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the slow-request test hangs up on purpose

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _read(url: str, limits: ReadLimits | None = None) -> list[RawDocument | InputProblem]:
    return list(iter_documents([url], limits))


def test_a_page_is_read_as_html(server: str) -> None:
    [document] = _read(f"{server}/article.html")
    assert isinstance(document, RawDocument)
    assert document.format == "html"
    assert document.ref == f"{server}/article.html"
    assert "Served locally." in document.content


def test_redirects_are_followed_and_the_final_url_kept(server: str) -> None:
    [document] = _read(f"{server}/moved")
    assert isinstance(document, RawDocument)
    assert document.ref == f"{server}/moved"
    assert document.fields["url"] == f"{server}/article.html"


def test_http_errors_size_and_time_limits_are_reported(server: str) -> None:
    limits = ReadLimits(max_document_bytes=1000, url_timeout_s=0.3)
    reasons = [
        problem.reason
        for url in ("/missing", "/big", "/slow")
        for problem in _read(f"{server}{url}", limits)
    ]
    assert reasons[0] == "server answered HTTP 404 Not Found"
    assert reasons[1] == "too large: over 0.001 MB (the limit)"
    assert reasons[2].startswith(("no answer within 0.3 s", "unreachable: timed out"))


def test_an_unreachable_host_is_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [problem] = _read(f"http://127.0.0.1:{port}/x")
    assert isinstance(problem, InputProblem)
    assert problem.reason.startswith("unreachable:")
