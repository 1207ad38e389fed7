"""Running the web app: uvicorn, with deadlines on reading every request.

uvicorn closes a connection left idle after an answer (keep-alive), but waits as long as it
takes for a request's head, or its body, that a client started and never finished: a few
hundred such connections, each a byte now and then, hold every socket the server has. Here
a request's head must be complete within a deadline (not reset by each byte, so dribbling
does not help), and its body may pause for a bounded time only; past either the client gets
a 408 naming what did not arrive, and the connection is closed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True)
class Timeouts:
    """How long the server waits on a client, in seconds."""

    head: float = 10.0  # from the connection (or the last answer) to a complete request head
    body_pause: float = 30.0  # the longest pause while a request body arrives
    keep_alive: int = 5  # an idle connection between requests (uvicorn's own timeout)


def server_options(host: str, port: int, timeouts: Timeouts | None = None) -> dict[str, Any]:
    """uvicorn's settings for the app, for `uvicorn.run` and `uvicorn.Config` alike."""
    timeouts = timeouts or Timeouts()
    protocol = type("TimedH11Protocol", (TimedH11Protocol,), {"timeouts": timeouts})
    return {"host": host, "port": port, "http": protocol,
            "timeout_keep_alive": timeouts.keep_alive, "log_level": "warning"}


def serve(app: Any, host: str, port: int) -> None:
    """Serve `app` until Ctrl+C."""
    uvicorn.run(app, **server_options(host, port))


class TimedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with the read deadlines of `timeouts`."""

    timeouts = Timeouts()
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow(next_request=True)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow(next_request=False)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow(next_request=True)

    def connection_lost(self, exc: Exception | None) -> None:
        self._set_deadline(None)
        super().connection_lost(exc)

    def _follow(self, next_request: bool) -> None:
        """Set the deadline for what the client is to send now: a new request's head (the
        head's deadline, which further bytes of the head do not move), more of a body (a
        fresh pause limit), or nothing while the app works on a whole request."""
        state = self.conn.their_state
        if self.transport.is_closing():
            self._set_deadline(None)
        elif state is h11.IDLE:
            if next_request:
                self._set_deadline(self.timeouts.head, "request head")
        elif state is h11.SEND_BODY:
            self._set_deadline(self.timeouts.body_pause, "rest of the request body")
        else:
            self._set_deadline(None)

    def _set_deadline(self, seconds: float | None, waiting_for: str = "") -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        if seconds is not None:
            self._deadline = self.loop.call_later(seconds, self._expired, seconds, waiting_for)

    def _expired(self, seconds: float, waiting_for: str) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        in_body = self.conn.their_state is h11.SEND_BODY
        begun = in_body or bool(self.conn.trailing_data[0])  # else: a connection never used
        answered = in_body and self.cycle is not None and self.cycle.response_started
        if begun and not answered:
            body = f"request timeout: the {waiting_for} did not arrive within {seconds:g} s\n"
            self.transport.write(_answer_408(body.encode()))
        self.transport.close()


def _answer_408(body: bytes) -> bytes:
    head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n")
    return head.encode() + body
