"""A small internet inside a network namespace, for the URL-safety tests: a DNS server whose
answers change from one query to the next (as a rebinding attacker's do), a "public" address
on the namespace's loopback device with web servers on it (HTTP and HTTPS), and an internal
web server on 127.0.0.1, on the same port as the public one.

    unshare --map-root-user --net --mount python netns_world.py FOLDER

Root only inside a user namespace of its own: the namespace's /etc/resolv.conf is FOLDER's,
and nothing outside the namespace changes. FOLDER holds the TLS files (ca.pem, the CA the
reader trusts through SSL_CERT_FILE; public.pem and public.key, a certificate for
public.example). It reads every URL in URLS as the web app does (private addresses refused)
and prints, as JSON, what the reader returned and what each server and the DNS server saw.
"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from parallax.ingest.sources import RawDocument, ReadLimits, iter_documents

PUBLIC = "93.184.216.34"
PORT = 8080
TLS_PORT = 8443
# Answers to successive A queries for each name; the last one repeats.
ANSWERS = {
    "rebind.example": [PUBLIC, "127.0.0.1"],
    "public.example": [PUBLIC],
    "wrong.example": [PUBLIC],  # served by the public.example certificate
}
URLS = [
    f"http://rebind.example:{PORT}/a.txt",
    f"http://public.example:{PORT}/a.txt",
    f"https://public.example:{TLS_PORT}/a.txt",
    f"https://wrong.example:{TLS_PORT}/a.txt",
]
PAGE = (b"The island ferry resumed its winter timetable on Monday after a new engine was "
        b"fitted, the operator said. About 300 passengers a day use the crossing.\n")


class Site(ThreadingHTTPServer):
    """A web server that keeps the path and Host header of every request."""

    def __init__(
        self, address: tuple[str, int], body: bytes, tls: ssl.SSLContext | None = None
    ) -> None:
        super().__init__(address, Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.body = body
        self.seen: list[list[str]] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()


class Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.server.seen.append([self.path, self.headers.get("Host", "")])
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args: object) -> None:
        pass


class Resolver:
    """A DNS server on 127.0.0.1:53 answering A queries from ANSWERS (AAAA: no address;
    other names: no such name), counting the A queries per name."""

    def __init__(self) -> None:
        self.answers = {name: list(addresses) for name, addresses in ANSWERS.items()}
        self.asked: dict[str, int] = {}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 53))
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            query, client = self.sock.recvfrom(4096)
            self.sock.sendto(self._answer(query), client)

    def _answer(self, query: bytes) -> bytes:
        labels, at = [], 12
        while query[at]:
            labels.append(query[at + 1:at + 1 + query[at]].decode("ascii").lower())
            at += 1 + query[at]
        name = ".".join(labels)
        (kind,) = struct.unpack("!H", query[at + 1:at + 3])
        addresses = []
        if kind == 1 and name in self.answers:
            self.asked[name] = self.asked.get(name, 0) + 1
            queue = self.answers[name]
            addresses = [queue.pop(0) if len(queue) > 1 else queue[0]]
        status = 0 if name in self.answers else 3  # 3: no such name
        header = struct.pack("!6H", int.from_bytes(query[:2]), 0x8180 | status, 1,
                             len(addresses), 0, 0)
        records = b"".join(struct.pack("!HHHIH", 0xC00C, 1, 1, 0, 4) + socket.inet_aton(a)
                           for a in addresses)
        return header + query[12:at + 5] + records


def set_up_network(folder: Path) -> None:
    """Bring up the namespace's loopback with the public address, and point DNS at Resolver."""
    resolv = folder / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\noptions timeout:2 attempts:1\n")
    for command in (["mount", "--bind", str(resolv), "/etc/resolv.conf"],
                    ["ip", "link", "set", "lo", "up"],
                    ["ip", "addr", "add", f"{PUBLIC}/32", "dev", "lo"]):
        subprocess.run(command, check=True)


def tls_site(folder: Path) -> tuple[Site, list[str]]:
    """The public HTTPS server, and the server names (SNI) its clients asked for."""
    names: list[str] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "public.pem", folder / "public.key")
    context.sni_callback = lambda _socket, name, _context: names.append(name)
    return Site((PUBLIC, TLS_PORT), PAGE, context), names


def main(folder: Path) -> None:
    set_up_network(folder)
    resolver = Resolver()
    public = Site((PUBLIC, PORT), PAGE)
    internal = Site(("127.0.0.1", PORT), b"INTERNAL: the admin page of this machine\n")
    secure, server_names = tls_site(folder)
    results = {}
    for url in URLS:
        [found] = list(iter_documents([url], ReadLimits(private_urls=False, url_timeout_s=5)))
        results[url] = found.content if isinstance(found, RawDocument) else found.reason
    print(json.dumps({
        "results": results, "public": public.seen, "internal": internal.seen,
        "tls": secure.seen, "server_names": server_names, "dns": resolver.asked,
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
