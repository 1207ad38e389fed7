"""Turn whatever the user points at (files, folders, JSON exports, URLs, stdin) into raw documents.

Nothing here cleans or interprets text: it only finds documents, decodes them and reports,
by name and reason, every input that cannot be read, so the rest of the batch still runs.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import io
import ipaddress
import json
import socket
import sys
import urllib.error
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal
from urllib.parse import urlsplit

import charset_normalizer

from parallax.model import InputProblem

Format = Literal["text", "markdown", "html"]
STDIN_REF = "<stdin>"

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
)

# Field names seen in real exports, in order of preference.
TEXT_FIELDS = ("text", "content", "body", "articleBody", "article", "maintext", "body-paragraphs")
HTML_FIELDS = ("html", "raw_html", "rawHtml")
ID_FIELDS = ("id", "aid", "uuid", "_id", "doc_id")
CONTAINER_FIELDS = ("articles", "documents", "docs", "items", "records", "data")
METADATA_FIELDS = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "source": ("source", "domain", "site", "sitename", "outlet", "publisher"),
    "published": ("published", "date", "published_at", "publish_date", "datePublished", "pubdate"),
    "author": ("author", "authors", "byline"),
}


@dataclass(frozen=True)
class ReadLimits:
    """How much Parallax agrees to read: guards against runaway inputs, not normal ones."""

    max_document_bytes: int = 10_000_000
    max_container_bytes: int = 1_000_000_000
    url_timeout_s: float = 20.0
    # Whether URLs resolving to private, loopback, link-local, reserved, multicast or
    # unspecified addresses may be fetched. The CLI allows them (a user may read from their
    # intranet); the web app turns them off unless told, so user-given URLs cannot reach
    # its own network.
    private_urls: bool = True


@dataclass
class RawDocument:
    """One article as found: undecoded structure gone, content not yet cleaned."""

    ref: str
    content: str
    format: Format
    fields: dict[str, str] = field(default_factory=dict)


class UnreadableInput(Exception):
    """An input that cannot be read; its message is the reason shown to the user."""


def iter_documents(
    inputs: list[str], limits: ReadLimits | None = None, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | InputProblem]:
    """Yield every document found in `inputs`, and a problem for every one that fails."""
    limits = limits or ReadLimits()
    for given in inputs:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guarded(STDIN_REF, lambda s=stream: _from_stdin(s, limits))
        elif given.startswith(("http://", "https://")):
            yield from _guarded(given, lambda u=given: _from_url(u, limits))
        else:
            yield from _from_path(Path(given), given, limits)


def _from_stdin(stream: BinaryIO, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    data = _read_capped(stream, limits.max_container_bytes)
    yield from _from_bytes(STDIN_REF, data, None, limits)


def _guarded(
    ref: str, produce: Callable[[], Iterable[RawDocument | InputProblem]]
) -> Iterator[RawDocument | InputProblem]:
    """Run one input's reader, turning its failure into a problem instead of a crash."""
    try:
        yield from produce()
    except UnreadableInput as problem:
        yield InputProblem(ref, str(problem))
    except OSError as error:
        yield InputProblem(ref, error.strerror or str(error))


def _from_path(path: Path, ref: str, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    if not path.exists():
        yield InputProblem(ref, "no such file or directory")
    elif path.is_dir():
        yield from _from_directory(path, limits)
    else:
        yield from _guarded(ref, lambda: _from_file(path, ref, limits))


def _from_directory(folder: Path, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    skipped: Counter[str] = Counter()
    found = False
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if _inner_suffix(path) in SUPPORTED_SUFFIXES:
            found = True
            yield from _guarded(str(path), lambda p=path: _from_file(p, str(p), limits))
        else:
            skipped[_inner_suffix(path) or "(no suffix)"] += 1
    if skipped:
        kinds = ", ".join(f"{count} {suffix}" for suffix, count in sorted(skipped.items()))
        yield InputProblem(str(folder), f"skipped files of unsupported types: {kinds}")
    elif not found:
        yield InputProblem(str(folder), "directory holds no readable files")


def _inner_suffix(path: Path) -> str:
    """`a.json.gz` -> `.json`: the suffix that tells the content's format."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _from_file(path: Path, ref: str, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    suffix = _inner_suffix(path)
    if suffix in JSONL_SUFFIXES:  # streamed: a feed of any size is read a line at a time
        yield from _from_jsonl(ref, _lines(path), limits)
        return
    container = suffix in JSON_SUFFIXES | JSONL_SUFFIXES
    cap = limits.max_container_bytes if container else limits.max_document_bytes
    with path.open("rb") as handle:
        data = _read_capped(handle, cap)
    if path.suffix.lower() == ".gz":
        data = _gunzip(data, cap)
    yield from _from_bytes(ref, data, suffix, limits)


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
        raise UnreadableInput(f"too large: {_over_limit(cap)}")
    return data


def _gunzip(data: bytes, cap: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            return _read_capped(unzipped, cap)
    except (OSError, EOFError, zlib.error) as error:
        raise UnreadableInput(f"not a valid gzip file ({error})") from None


def _over_limit(cap: int) -> str:
    return f"over {cap / 1_000_000:g} MB (the limit)"


def _from_bytes(
    ref: str, data: bytes, suffix: str | None, limits: ReadLimits
) -> Iterator[RawDocument | InputProblem]:
    """Decode one input's bytes and split it into documents by its (declared or sniffed) format."""
    if not data.strip():
        raise UnreadableInput("empty file" if suffix is not None else "empty input")
    text = decode(data)
    suffix = suffix if suffix in SUPPORTED_SUFFIXES else _sniff(text)
    if suffix in JSONL_SUFFIXES:
        yield from _from_jsonl(ref, text.splitlines(), limits)
    elif suffix in JSON_SUFFIXES:
        try:
            parsed = json.loads(text)
        except RecursionError:
            raise UnreadableInput("JSON nested too deeply to read") from None
        except json.JSONDecodeError as error:
            raise UnreadableInput(
                f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            ) from None
        yield from _from_json_value(ref, parsed, limits)
    else:
        if len(data) > limits.max_document_bytes:
            raise UnreadableInput(f"too large: {_over_limit(limits.max_document_bytes)}")
        yield RawDocument(ref, text, _format_of(suffix))


def _format_of(suffix: str) -> Format:
    if suffix in HTML_SUFFIXES:
        return "html"
    return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 when it is, else the best detected charset; binary is refused."""
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInput("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise UnreadableInput("undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best)


def _sniff(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith(("{", "[")):
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
            return ".jsonl" if "\n" in text.strip() and head.startswith("{") else ".json"
        except json.JSONDecodeError:
            return ".json"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head or "<p>" in head:
        return ".html"
    return ".txt"


def _lines(path: Path) -> Iterator[str]:
    """A JSONL file's lines (gzip or not), UTF-8 as JSON must be, read as they are needed."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    number = 0
    try:
        with opener(path, "rt", encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):  # noqa: B007 (used after the loop)
                yield line
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"line {number + 1}: not UTF-8 ({error.reason})") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise UnreadableInput(f"not a valid gzip file ({error})") from None


def _from_jsonl(
    ref: str, lines: Iterable[str], limits: ReadLimits
) -> Iterator[RawDocument | InputProblem]:
    found = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        found = True
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputProblem(ref, f"line {number}: malformed JSON ({error.msg}), line skipped")
            continue
        yield from _from_json_value(f"{ref}:{number}", value, limits)
    if not found:
        raise UnreadableInput("empty file")


def _from_json_value(
    ref: str, value: Any, limits: ReadLimits
) -> Iterator[RawDocument | InputProblem]:
    """A record, a list of records, or an object holding a list of records under a usual key."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _from_json_value(f"{ref}#{index}", item, limits)
        return
    if not isinstance(value, dict):
        yield InputProblem(ref, "JSON holds no article record (expected an object or a list)")
        return
    for key in CONTAINER_FIELDS:
        if isinstance(value.get(key), list) and not _has_text(value):
            yield from _from_json_value(ref, value[key], limits)
            return
    yield from _guarded(ref, lambda: _from_record(ref, value, limits))


def _has_text(record: dict[str, Any]) -> bool:
    return any(record.get(name) for name in TEXT_FIELDS + HTML_FIELDS)


def _from_record(ref: str, record: dict[str, Any], limits: ReadLimits) -> Iterator[RawDocument]:
    record_id = next((str(record[k]) for k in ID_FIELDS if record.get(k) not in (None, "")), None)
    shown = record_id or ref
    fields = {}
    for name, keys in METADATA_FIELDS.items():
        found = next((record[k] for k in keys if record.get(k) not in (None, "", [])), None)
        if found is not None:
            fields[name] = _flatten(found, ", ")
    html = next((record[k] for k in HTML_FIELDS if isinstance(record.get(k), str)), None)
    body = next((record[k] for k in TEXT_FIELDS if record.get(k)), None)
    if body is None and not html:
        named = f"record {record_id!r}" if record_id else "record"
        empty = [k for k in TEXT_FIELDS + HTML_FIELDS if k in record]
        if empty:
            raise UnreadableInput(f"{named} has an empty {empty[0]!r} field")
        looked_for = ", ".join(TEXT_FIELDS + HTML_FIELDS)
        raise UnreadableInput(f"{named} has no article text (looked for {looked_for})")
    if body is not None:
        content = _flatten(body, "\n\n")
        format_: Format = "html" if _looks_like_html(content) else "text"
    else:
        content, format_ = html, "html"
    if len(content.encode("utf-8")) > limits.max_document_bytes:
        raise UnreadableInput(
            f"record {shown!r} too large: {_over_limit(limits.max_document_bytes)}"
        )
    yield RawDocument(shown, content, format_, fields)


def _flatten(value: Any, joiner: str) -> str:
    """Lists of paragraphs (possibly nested, as in BASIL) become one string."""
    if isinstance(value, list):
        return joiner.join(part for part in (_flatten(v, joiner) for v in value) if part)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("text") or "")
    return str(value).strip()


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and any(
        tag in head for tag in ("<p", "<div", "<html", "<body", "<br")
    )
