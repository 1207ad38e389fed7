"""What every request passes before any route sees it, and what every answer carries.

- The Host it names must be one the app answers to: a page that rebinds its own name to
  127.0.0.1 (DNS rebinding) still sends its own name, and is refused, so it cannot read
  the API from the reader's browser.
- A request that may change something (any method but GET and HEAD) must come from the
  app's own pages, or from a client that is not a browser (curl, a script): a page on
  another site cannot make the reader's browser add articles. Browsers say where a request
  comes from (Sec-Fetch-Site, else Origin, else Referer); a request that says none of it
  was not sent by a web page in a current browser.
- Every answer carries a Content-Security-Policy (scripts, styles, images and connections
  from the app itself only) and refuses framing and type sniffing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Addresses that mean "every interface" when listening: no browser names them as a host.
_ANY_ADDRESS = {"", "0.0.0.0", "::"}
_SAFE_METHODS = {"GET", "HEAD"}
_HOST_NAME = re.compile(r"[a-z0-9._:-]+")  # DNS names (IDNs as xn--), IPv4 and IPv6
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" with the
    # app's own forms, and they could not be told from another site's.
    (b"referrer-policy", b"same-origin"),
]


def host_name(value: str) -> str | None:
    """A Host header or a name given by the user (`localhost:8000`, `[::1]:8000`, `::1`,
    `Example.org.`) as the bare lower-case name; None if it is not a host name."""
    value = value.strip()
    if value.count(":") > 1 and not value.startswith("["):
        value = f"[{value}]"  # a bare IPv6 address, as --host takes it
    try:
        name = (urlsplit(f"//{value}").hostname or "").rstrip(".")
    except ValueError:
        return None
    return name if _HOST_NAME.fullmatch(name) else None


def allowed_hosts(listen: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The names the app answers to: the loopback names, the address it listens on (unless
    that means every interface) and the names given."""
    given = [listen] if listen.strip() not in _ANY_ADDRESS else []
    names = {host_name(value) for value in [*given, *extra]}
    return LOOPBACK_HOSTS | {name for name in names if name}


def host_refusal(host: str, allowed: frozenset[str]) -> str | None:
    """Why a request naming `host` (its Host header) is refused, or None if it is not."""
    if not host:
        return "refused: the request names no host (a Host header is required)"
    if host_name(host) in allowed:
        return None
    return (f"refused: this server does not answer to the host {host!r} (it answers to "
            f"{', '.join(sorted(allowed))}; parallax serve --allowed-host NAME adds one)")


def cross_site_refusal(method: str, headers: Headers) -> str | None:
    """Why a request that may change something is refused as sent by another site's page,
    or None if it is not (a safe method, the app's own page, or not a browser)."""
    if method in _SAFE_METHODS:
        return None
    site = headers.get("sec-fetch-site")
    if site is not None:
        if site in ("same-origin", "none"):  # none: the reader's own action, e.g. a reload
            return None
        sender = headers.get("origin") or "another site"
        return f"refused: sent from {sender} ({site}), not from this app's own pages"
    sender = headers.get("origin") or _origin(headers.get("referer"))
    if sender is None:
        return None
    if sender != "null" and urlsplit(sender).netloc.lower() == headers.get("host", "").lower():
        return None
    return f"refused: sent from {sender}, not from this app's own pages"


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "null"


class RequestGuard:
    """ASGI middleware: refuses foreign hosts (400) and cross-site writes (403) before the
    app runs, and adds SECURITY_HEADERS to every answer."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str] = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refused = host_refusal(headers.get("host", ""), self.hosts)
        status = 400
        if refused is None:
            refused, status = cross_site_refusal(scope["method"], headers), 403
        if refused is not None:
            await plain_answer(send, status, refused)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in SECURITY_HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, secured)


async def plain_answer(send: Send, status: int, text: str) -> None:
    """A complete plain-text answer, with the security headers, sent straight to ASGI."""
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
