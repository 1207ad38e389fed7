"""Turn whatever the user points at (files, folders, JSON exports, URLs, stdin) into raw documents.

Nothing here cleans or interprets text: it only finds documents, decodes them and reports,
by name and reason, every input that cannot be read, so the rest of the batch still runs.
Only regular files are opened (a FIFO would block, a device never end), and every input is
read within its limits while it is read, never first read whole and then measured.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gzip
import http.client
import io
import ipaddress
import os
import re
import socket
import stat
import sys
import urllib.error
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import charset_normalizer

from parallax.ingest.documents import (
    REPLACEMENT,
    Format,
    RawDocument,
    ReadLimits,
    UnreadableInput,
    over_limit,
)
from parallax.ingest.records import from_json, from_jsonl, parse_json
from parallax.model import InputProblem

STDIN_REF = "<stdin>"

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
)

# Problems listed for one input; past this they are counted in one last warning, so a feed
# of a billion bad lines cannot fill memory (or the terminal) with warnings.
MAX_PROBLEMS_LISTED = 100
# What charset_normalizer measures as garbled (0 clean, 1 noise): past this no charset fits.
MAX_CHAOS = 0.3
# UTF-8 text with a few broken bytes (a cut character, a stray byte) has nearly all its
# non-ASCII bytes in valid sequences; text in another charset has nearly none. Up to this
# share of broken ones, the text is read as UTF-8 with U+FFFD in place of the broken bytes.
MAX_BROKEN_UTF8_SHARE = 0.1
# Byte-order marks that declare a charset: such text is decoded as declared, not guessed.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ASCII = bytes(range(128))
_NOT_SPACE = re.compile(rb"\S")
# What stat says a path is, for one that is not a regular file.
_SPECIAL_FILES = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def iter_documents(
    inputs: list[str], limits: ReadLimits | None = None, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | InputProblem]:
    """Yield every document found in `inputs`, and a problem for every one that fails."""
    limits = limits or ReadLimits()
    for given in inputs:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_input(STDIN_REF, lambda s=stream: _from_stdin(s, limits))
        elif given.startswith(("http://", "https://")):
            yield from _read_input(given, lambda u=given: _from_url(u, limits))
        elif Path(given).is_dir():
            yield from _from_directory(Path(given), limits)
        else:
            yield from _read_input(given, lambda g=given: _from_file(Path(g), g, limits))


def _read_input(
    ref: str, produce: Callable[[], Iterable[RawDocument | InputProblem]]
) -> Iterator[RawDocument | InputProblem]:
    """Run one input's reader, turning its failure into a problem instead of a crash; past
    MAX_PROBLEMS_LISTED, its problems are counted, not kept."""
    listed = unlisted = 0
    skipped_unlisted = False  # whether a problem not listed was about something not read
    try:
        for found in produce():
            if isinstance(found, InputProblem):
                if listed == MAX_PROBLEMS_LISTED:
                    unlisted += 1
                    skipped_unlisted = skipped_unlisted or found.skipped
                    continue
                listed += 1
            yield found
    except UnreadableInput as problem:
        yield InputProblem(ref, str(problem))
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        yield InputProblem(ref, f"not a valid gzip file ({error})")
    except OSError as error:
        yield InputProblem(ref, error.strerror or str(error))
    if unlisted:
        reason = f"{unlisted:,} more problems, not listed (only the first {listed} are)"
        yield InputProblem(ref, reason, skipped=skipped_unlisted)


def _from_stdin(stream: BinaryIO, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    yield from _from_bytes(STDIN_REF, _read_capped(stream, limits.max_json_bytes), None, limits)


def _from_directory(folder: Path, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    skipped: Counter[str] = Counter()
    found = False
    for path in _walk(folder):
        if isinstance(path, InputProblem):
            yield path
        elif _inner_suffix(path) in SUPPORTED_SUFFIXES:
            found = True
            yield from _read_input(str(path), lambda p=path: _from_file(p, str(p), limits))
        else:
            skipped[_inner_suffix(path) or "(no suffix)"] += 1
    if skipped:
        kinds = ", ".join(f"{count} {suffix}" for suffix, count in sorted(skipped.items()))
        yield InputProblem(str(folder), f"skipped files of unsupported types: {kinds}")
    elif not found:
        yield InputProblem(str(folder), "directory holds no readable files")


def _walk(folder: Path) -> Iterator[Path | InputProblem]:
    """Everything but folders under `folder`, depth first in name order, hidden names left
    out, and a problem for each folder that cannot be listed or is a symlink: symlinked
    folders are not followed, so no loop can form (a symlink to a file is read as the file)."""
    pending = [folder]
    while pending:
        path = pending.pop()
        if path.is_dir() and (path == folder or not path.is_symlink()):
            try:
                names = sorted(os.listdir(path), reverse=True)
            except OSError as error:
                yield InputProblem(str(path), f"folder cannot be listed: {error.strerror or error}")
                continue
            pending.extend(path / name for name in names if not name.startswith("."))
        elif path.is_dir():
            yield InputProblem(str(path), "symlink to a folder, not followed")
        else:
            yield path


def _inner_suffix(path: Path) -> str:
    """`a.json.gz` -> `.json`: the suffix that tells the content's format."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _from_file(path: Path, ref: str, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    suffix = _inner_suffix(path)
    with _open_regular(path) as handle:
        stream = gzip.GzipFile(fileobj=handle) if path.suffix.lower() == ".gz" else handle
        if suffix in JSONL_SUFFIXES:  # streamed: a feed of any size is read a line at a time
            yield from from_jsonl(ref, stream, limits)
        else:
            cap = limits.max_json_bytes if suffix in JSON_SUFFIXES else limits.max_document_bytes
            yield from _from_bytes(ref, _read_capped(stream, cap), suffix, limits)


def _open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading if it is a regular file. It is opened without blocking and
    checked once open, so nothing can swap a FIFO (which would wait forever for a writer)
    or a device in between."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        missing = "broken symlink: its target does not exist" if path.is_symlink() else None
        raise UnreadableInput(missing or "no such file or directory") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableInput("symlink loop: it never reaches a file") from None
        raise
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = _SPECIAL_FILES.get(stat.S_IFMT(mode), "a special file")
        raise UnreadableInput(f"not a regular file but {kind}, not read")
    return os.fdopen(descriptor, "rb")


def _from_url(url: str, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    check_url(url, limits.private_urls)
    request = urllib.request.Request(url, headers={"User-Agent": "parallax/0.1 (+offline reader)"})
    opener = _opener(limits.private_urls)
    try:
        with opener.open(request, timeout=limits.url_timeout_s) as response:
            data = _read_capped(response, limits.max_document_bytes)
            content_type = response.headers.get_content_type()
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        raise UnreadableInput(f"server answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise UnreadableInput(f"unreachable: {error.reason}") from None
    except TimeoutError:
        raise UnreadableInput(f"no answer within {limits.url_timeout_s:g} s") from None
    suffix = {
        "text/html": ".html",
        "application/xhtml+xml": ".html",
        "application/json": ".json",
        "application/x-ndjson": ".jsonl",
    }.get(content_type, ".txt")
    for document in _from_bytes(url, data, suffix, limits):
        if isinstance(document, RawDocument):
            document.fields.setdefault("url", final_url)
        yield document


def check_url(url: str, private_urls: bool) -> None:
    """Refuse a URL that must not be fetched, before any connection is made.

    Only http and https are ever fetched. Unless `private_urls`, every address the host
    resolves to must be public (see `public_addresses`). A DNS server may change its answer
    after this check: the connection checks the addresses it resolves again, and connects
    only to those (`_opener`).
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        raise UnreadableInput(f"not a valid URL ({error})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UnreadableInput(f"refused: {url} is not an http or https URL")
    if private_urls:
        return
    if not host:
        raise UnreadableInput("refused: the URL names no host")
    public_addresses(host)


def public_addresses(host: str) -> list[str]:
    """The addresses `host` resolves to, resolved once, if every one of them is public.

    One private address among public ones is enough to refuse, since a connection may use
    any of them; the refusal names the host, the address and what kind it is.
    """
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise UnreadableInput(f"unreachable: cannot resolve host {host}") from None
    addresses = list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in found))
    for address in addresses:
        kind = _non_public_kind(ipaddress.ip_address(address))
        if kind is not None:
            named = f"{host} is" if host == address else f"{host} resolves to {address},"
            article = "an" if kind[0] in "aeiou" else "a"
            raise UnreadableInput(
                f"refused: {named} {article} {kind} address "
                "(private addresses are not fetched here)"
            )
    return addresses


def _non_public_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What makes `address` unfit to fetch from, or None if it is a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
    # Most specific first: 127.0.0.1 and 169.254.x.x also count as private.
    kinds = {
        "unspecified": address.is_unspecified,
        "loopback": address.is_loopback,
        "link-local": address.is_link_local,
        "multicast": address.is_multicast,
        "private": address.is_private,
        "reserved": address.is_reserved,
        "non-public": not address.is_global,
    }
    return next((kind for kind, applies in kinds.items() if applies), None)


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to URLs `check_url` accepts: a public page must not be able
    to send the fetch on to a private address, or to a file: or ftp: URL."""

    def __init__(self, private_urls: bool) -> None:
        super().__init__()
        self.private_urls = private_urls

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        try:
            check_url(newurl, self.private_urls)
        except UnreadableInput:
            fp.close()
            raise
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(private_urls: bool) -> urllib.request.OpenerDirector:
    """An opener whose every hop is checked; unless `private_urls`, one that connects only to
    the public addresses it resolved (a name that resolves to a public address for the check
    and to 127.0.0.1 for the connection cannot reach this machine) and ignores http_proxy
    and friends (a proxy would resolve the name again, out of reach of the check)."""
    if private_urls:
        return urllib.request.build_opener(CheckedRedirects(private_urls))
    return urllib.request.build_opener(
        CheckedRedirects(private_urls), urllib.request.ProxyHandler({}),
        _PublicHTTPHandler(), _PublicHTTPSHandler(),
    )


def _connect_public(
    address: tuple[str, int], timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """http.client's way of opening a connection, given the host by name: resolve it once,
    check every address, then connect to those addresses (never to the name again)."""
    host, port = address
    *others, last = public_addresses(host)
    for checked in others:
        with contextlib.suppress(OSError):
            return socket.create_connection((checked, port), timeout, source_address)
    return socket.create_connection((last, port), timeout, source_address)


class _PublicOnly:
    """For http.client connections: the socket goes to an address `public_addresses`
    checked, while the host stays the name, so the Host header (and over TLS the server
    name sent and the name the certificate is verified against) is the URL's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public  # http.client's hook for opening the socket


class _PublicHTTPConnection(_PublicOnly, http.client.HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, http.client.HTTPSConnection):
    pass


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


def _read_capped(stream: BinaryIO | Any, cap: int) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise UnreadableInput(f"too large: {over_limit(cap)}")
    return data


def _from_bytes(
    ref: str, data: bytes, suffix: str | None, limits: ReadLimits
) -> Iterator[RawDocument | InputProblem]:
    """Decode one input's bytes and split it into documents by its (declared or sniffed) format."""
    if not data or data.isspace():
        raise UnreadableInput("empty file" if suffix is not None else "empty input")
    suffix = suffix if suffix in SUPPORTED_SUFFIXES else _sniff(data)
    if suffix in JSONL_SUFFIXES:
        yield from from_jsonl(ref, io.BytesIO(data), limits)
        return
    if suffix not in JSON_SUFFIXES and len(data) > limits.max_document_bytes:
        raise UnreadableInput(f"too large: {over_limit(limits.max_document_bytes)}")
    text, note = decode(data)
    if note:
        yield InputProblem(ref, note, skipped=False)
    if suffix in JSON_SUFFIXES:
        yield from from_json(ref, text, limits)
    else:
        yield RawDocument(ref, text, _format_of(suffix))


def _format_of(suffix: str) -> Format:
    if suffix in HTML_SUFFIXES:
        return "html"
    return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes to text, and a note when they were not clean UTF-8 saying what was done.

    A byte-order mark is obeyed; UTF-8 with a few broken bytes keeps its text, U+FFFD in
    place of each; other text is decoded by the charset that best fits its bytes, a guess
    the note names. Binary data and bytes no charset fits are refused.
    """
    for mark, charset in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(charset), None
            except UnicodeDecodeError as error:
                raise UnreadableInput(f"not valid {charset.upper()} ({error.reason})") from None
    if b"\x00" in data[:8192]:
        raise UnreadableInput("binary file, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    text = data.decode("utf-8-sig", errors="replace")
    broken = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode())
    if broken <= MAX_BROKEN_UTF8_SHARE * len(data.translate(None, _ASCII)):
        sequences = "sequence" if broken == 1 else "sequences"
        return text, (
            f"not valid UTF-8 (first on line {line}): {broken:,} broken byte {sequences} "
            "replaced with U+FFFD"
        )
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise UnreadableInput("undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best), f"not UTF-8 (from line {line}): decoded as {best.encoding}, a guess"


def _sniff(data: bytes) -> str:
    """The format of an input that does not declare one (nor is blank), from how it starts."""
    found = _NOT_SPACE.search(data)
    start = found.start() if found else 0
    head = data[start : start + 1000].lower()
    if head.startswith((b"{", b"[")):
        end = data.find(b"\n", start)
        more = end >= 0 and _NOT_SPACE.search(data, end) is not None
        if not more or not head.startswith(b"{"):
            return ".json"
        try:
            parse_json(data[start:end].decode("utf-8-sig"))
        except (UnreadableInput, ValueError):
            return ".json"
        return ".jsonl"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<p>" in head:
        return ".html"
    return ".txt"
