"""URL safety: with private URLs off, no private address is fetched, not even by redirect."""

from __future__ import annotations

import contextlib
import email.message
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import netns_world as world
import pytest

from parallax.ingest import sources
from parallax.ingest.articles import read_articles
from parallax.ingest.sources import (
    CheckedRedirects,
    RawDocument,
    ReadLimits,
    UnreadableInput,
    check_url,
    iter_documents,
)
from parallax.model import InputProblem

PARAGRAPHS = [
    "The river ferry between Northbank and the island villages resumed its winter timetable on "
    "Monday, two weeks later than planned, after a new engine was fitted to its only boat.",
    "Around three hundred passengers a day use the crossing in the colder months, most of them "
    "pupils and workers who would otherwise face a ninety-minute drive around the estuary.",
    "The operator said the delay came from a shortage of parts and promised that the summer "
    "service would start on time, a pledge some villagers said they had heard before.",
]
ARTICLE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Island ferry back on winter timetable | Estuary Courier</title>
</head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>Island ferry back on winter timetable</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<footer><p>Estuary Courier, all rights reserved.</p></footer>
</body></html>""".encode()
METADATA_URL = "http://169.254.169.254/latest/meta-data"
PUBLIC = world.PUBLIC
WORLD = Path(world.__file__)
UNSHARE = ["unshare", "--map-root-user", "--net", "--mount"]


class _CountingServer(ThreadingHTTPServer):
    """A local server that remembers every request path it was sent."""

    requests: list[str]


class _CountingServerV6(_CountingServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _CountingServer

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.server.requests.append(self.path)
        path = urlsplit(self.path).path  # proxied requests carry the full URL
        if path == "/a.html":
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif path in ("/jump", "/to-file", "/to-ftp"):
            self.send_response(302)
            target = {
                "/jump": METADATA_URL,
                "/to-file": "file:///etc/passwd",
                "/to-ftp": "ftp://127.0.0.1/pub/a.txt",
            }[path]
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serving(server: _CountingServer) -> Iterator[_CountingServer]:
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server() -> Iterator[_CountingServer]:
    with _serving(_CountingServer(("127.0.0.1", 0), _Handler)) as running:
        yield running


@pytest.fixture
def server_v6() -> Iterator[_CountingServer]:
    try:
        bound = _CountingServerV6(("::1", 0), _Handler)
    except OSError:
        pytest.skip("IPv6 loopback not available")
    with _serving(bound) as running:
        yield running


@pytest.fixture
def no_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to open a connection."""

    def refuse(*args: object, **kwargs: object) -> socket.socket:
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)


def _resolve_as(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str]]) -> None:
    """Answer DNS for the hosts in `table` (no addresses: not found); others resolve for real."""
    real = socket.getaddrinfo

    def fake(host: str, port: object, *args: object, **kwargs: object) -> list[tuple]:
        if host not in table:
            return real(host, port, *args, **kwargs)
        if not table[host]:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                socket.IPPROTO_TCP,
                "",
                (address, port or 0),
            )
            for address in table[host]
        ]

    monkeypatch.setattr(sources.socket, "getaddrinfo", fake)


def _refusal(url: str, limits: ReadLimits | None = None) -> str:
    [problem] = list(iter_documents([url], limits or ReadLimits(private_urls=False)))
    assert isinstance(problem, InputProblem)
    return problem.reason


def _redirect(handler: CheckedRedirects, newurl: str) -> urllib.request.Request | None:
    request = urllib.request.Request("http://public.example/")
    return handler.redirect_request(
        request, io.BytesIO(), 302, "Found", email.message.Message(), newurl
    )


@pytest.mark.parametrize(
    ("host", "kind"),
    [("127.0.0.1", "loopback"), ("localhost", "loopback"), ("0.0.0.0", "unspecified")],
)
def test_local_addresses_are_refused_before_any_request(
    server: _CountingServer, host: str, kind: str
) -> None:
    reason = _refusal(f"http://{host}:{server.server_address[1]}/a.html")
    assert reason.startswith(f"refused: {host} ")
    assert f"a {kind} address" in reason or f"an {kind} address" in reason
    assert server.requests == []


def test_the_ipv6_loopback_is_refused_before_any_request(server_v6: _CountingServer) -> None:
    reason = _refusal(f"http://[::1]:{server_v6.server_address[1]}/a.html")
    assert reason == "refused: ::1 is a loopback address (private addresses are not fetched here)"
    assert server_v6.requests == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (METADATA_URL, "link-local"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
    ],
)
def test_private_addresses_are_refused_without_connecting(
    no_connections: None, url: str, kind: str
) -> None:
    started = time.monotonic()
    reason = _refusal(url, ReadLimits(private_urls=False, url_timeout_s=2))
    assert time.monotonic() - started < 1
    assert f"a {kind} address" in reason


def test_an_ipv4_address_wrapped_in_ipv6_is_still_refused() -> None:
    with pytest.raises(UnreadableInput, match="link-local"):
        check_url("http://[::ffff:169.254.169.254]/", private_urls=False)


def test_a_host_with_one_private_address_among_public_ones_is_refused(
    monkeypatch: pytest.MonkeyPatch, no_connections: None
) -> None:
    _resolve_as(monkeypatch, {"mixed.example": [PUBLIC, "10.1.2.3"]})
    reason = _refusal("http://mixed.example/news")
    assert reason.startswith("refused: mixed.example resolves to 10.1.2.3, a private address")


def test_an_unresolvable_host_is_reported(
    monkeypatch: pytest.MonkeyPatch, no_connections: None
) -> None:
    _resolve_as(monkeypatch, {"gone.example": []})
    assert _refusal("http://gone.example/") == "unreachable: cannot resolve host gone.example"


def test_by_default_a_local_page_is_fetched_and_read_as_an_article(
    server: _CountingServer,
) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/a.html"
    result = read_articles([url])
    assert result.problems == []
    [article] = result.articles
    assert PARAGRAPHS[1] in article.text
    assert "Estuary Courier, all rights reserved" not in article.text
    assert server.requests == ["/a.html"]


def test_a_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _resolve_as(monkeypatch, {"public.example": [PUBLIC], "metadata.example": ["169.254.169.254"]})
    handler = CheckedRedirects(private_urls=False)
    check_url("http://public.example/", private_urls=False)  # the first hop is fine
    assert _redirect(handler, "http://public.example/elsewhere") is not None
    with pytest.raises(UnreadableInput, match="169.254.169.254, a link-local address"):
        _redirect(handler, "http://metadata.example/latest/meta-data")


def test_every_redirect_hop_of_a_real_fetch_is_checked(
    monkeypatch: pytest.MonkeyPatch, server: _CountingServer
) -> None:
    """A public page redirecting to the metadata address: the second hop is never requested.

    The local server stands in for the public host: connections to its public address go
    to the local server instead, so were the check missing the redirect would reach the
    local server too, never the real 169.254.169.254. A proxy in the environment is not
    used (it would resolve the name again, out of reach of the check).
    """
    _resolve_as(monkeypatch, {"public.example": [PUBLIC]})
    _stand_in_for_public(monkeypatch, server)
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    reason = _refusal("http://public.example/jump")
    assert reason == (
        "refused: 169.254.169.254 is a link-local address (private addresses are not fetched here)"
    )
    assert server.requests == ["/jump"]


def _stand_in_for_public(monkeypatch: pytest.MonkeyPatch, server: _CountingServer) -> None:
    """Connections to PUBLIC (any port) reach `server` instead; others are left alone."""
    real = socket.create_connection

    def connect(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if address[0] == PUBLIC:
            address = ("127.0.0.1", server.server_address[1])
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", connect)


@pytest.fixture(scope="module")
def small_internet(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What the reader returned for each of netns_world.URLS, and what its DNS and web
    servers saw, in a network namespace of its own; skipped where this machine cannot make
    one (no `unshare`, or user namespaces not allowed) or has no `openssl` or `ip`."""
    missing = [tool for tool in ("unshare", "openssl", "ip", "mount") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"no {', '.join(missing)} to build a network namespace with")
    probe = subprocess.run([*UNSHARE, "true"], capture_output=True, text=True)
    if probe.returncode:
        pytest.skip(f"cannot make a user and network namespace here: {probe.stderr.strip()}")
    folder = tmp_path_factory.mktemp("world")
    _certificates(folder)
    ran = subprocess.run(
        [*UNSHARE, sys.executable, str(WORLD), str(folder)], capture_output=True, text=True,
        timeout=120, env={**os.environ, "SSL_CERT_FILE": str(folder / "ca.pem")},
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def _certificates(folder: Path) -> None:
    """A throwaway CA (ca.pem) and a certificate it signed for public.example."""
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Parallax test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign")
    openssl("req", *key, "-keyout", "public.key", "-out", "public.csr",
            "-subj", "/CN=public.example")
    (folder / "public.ext").write_text("subjectAltName=DNS:public.example\n")
    openssl("x509", "-req", "-in", "public.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "public.pem", "-days", "2", "-extfile", "public.ext")


def test_a_name_that_rebinds_to_loopback_after_the_check_reaches_nothing_local(
    small_internet: dict,
) -> None:
    """The DNS server answers the public address to the first query and 127.0.0.1 after:
    the connection uses the addresses it checked itself, so it is refused, and the server
    on 127.0.0.1 (same port) is never asked."""
    url = f"http://rebind.example:{world.PORT}/a.txt"
    assert small_internet["results"][url] == (
        "refused: rebind.example resolves to 127.0.0.1, a loopback address "
        "(private addresses are not fetched here)"
    )
    assert small_internet["internal"] == []
    assert small_internet["dns"]["rebind.example"] == 2  # the check's, then the connection's


def test_a_pinned_connection_keeps_the_host_name_for_http_and_tls(small_internet: dict) -> None:
    """Connected to the checked address, the request still names the host: Host header,
    TLS server name, and the certificate verified against the name (a certificate for
    another name is refused)."""
    results = small_internet["results"]
    for url in (f"http://public.example:{world.PORT}/a.txt",
                f"https://public.example:{world.TLS_PORT}/a.txt"):
        assert results[url] == world.PAGE.decode(), url
    assert small_internet["public"] == [["/a.txt", f"public.example:{world.PORT}"]]
    assert small_internet["tls"] == [["/a.txt", f"public.example:{world.TLS_PORT}"]]
    assert small_internet["server_names"] == ["public.example", "wrong.example"]
    wrong = results[f"https://wrong.example:{world.TLS_PORT}/a.txt"]
    assert wrong.startswith("unreachable: [SSL: CERTIFICATE_VERIFY_FAILED]"), wrong
    assert "wrong.example" in wrong


def test_redirects_leave_http_and_https_never(server: _CountingServer) -> None:
    handler = CheckedRedirects(private_urls=True)
    for target in ("file:///etc/passwd", "ftp://127.0.0.1/pub/a.txt"):
        with pytest.raises(UnreadableInput, match="is not an http or https URL"):
            _redirect(handler, target)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    found = [item for path in ("/to-file", "/to-ftp") for item in iter_documents([base + path])]
    assert not any(isinstance(item, RawDocument) for item in found)
    reasons = [item.reason for item in found if isinstance(item, InputProblem)]
    assert "file:///etc/passwd" in reasons[0]
    assert reasons[1] == "refused: ftp://127.0.0.1/pub/a.txt is not an http or https URL"
