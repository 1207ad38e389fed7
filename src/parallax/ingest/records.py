"""JSON and JSONL exports to raw documents, with the usual field names of real exports.

A .json file is parsed whole and a JSONL file a line at a time. Before anything is parsed,
the text is scanned for how deep it nests and how many values it holds: the parser would
otherwise recurse past Python's limit or build gigabytes of objects from a few megabytes. A
JSONL line that cannot be read (too long, not UTF-8, malformed, past a limit) is skipped by
its number and the others are read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from parallax.ingest.documents import (
    REPLACEMENT,
    Format,
    RawDocument,
    ReadLimits,
    UnreadableInput,
    over_limit,
)
from parallax.model import InputProblem

# Real exports nest a few levels (records in a list, paragraphs in lists, authors as
# objects); deeper is not an article, and walking it would exhaust Python's recursion.
MAX_JSON_DEPTH = 32
# Each parsed value costs 50-70 bytes of Python objects beyond its text: two million keep a
# file's objects near 150 MB, where an article record holds a few dozen values.
MAX_JSON_VALUES = 2_000_000
# A JSONL file is read in pieces of this size and cut into lines.
CHUNK_BYTES = 1 << 20

# A JSON string (escapes included), skipped whole so that what it holds is not counted, or
# a character that opens, closes or separates values.
_JSON_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{},:]', re.S)
# Half of a UTF-16 surrogate pair: what a `\ud83d` escape without its other half becomes.
_SURROGATE = re.compile("[\ud800-\udfff]")

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


def from_json(ref: str, text: str, limits: ReadLimits) -> Iterator[RawDocument | InputProblem]:
    """The records of one whole JSON document; a problem for each record that has no text."""
    try:
        value = parse_json(text)
    except json.JSONDecodeError as error:
        raise UnreadableInput(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    yield from _from_json_value(ref, value, limits)


def from_jsonl(
    ref: str, stream: BinaryIO, limits: ReadLimits
) -> Iterator[RawDocument | InputProblem]:
    """The records of a JSONL feed, read a line at a time; a bad line is skipped by number."""
    found = False
    for number, line in enumerate(_lines(stream, limits.max_record_bytes), start=1):
        if limits.max_lines is not None and number > limits.max_lines:
            yield InputProblem(
                ref, f"stopped after {limits.max_lines:,} lines (the limit); the rest is not read"
            )
            return
        if line is not None and (not line or line.isspace()):
            continue
        found = True
        try:
            value = _parse_line(line, limits)
        except UnreadableInput as problem:
            yield InputProblem(ref, f"line {number}: {problem}, line skipped")
            continue
        yield from _from_json_value(f"{ref}:{number}", value, limits)
    if not found:
        raise UnreadableInput("empty file")


def parse_json(text: str) -> Any:
    """`json.loads`, once `text` is known to nest and hold no more than the limits allow.

    Raises UnreadableInput past a limit, json.JSONDecodeError when the JSON is malformed.
    """
    depth = values = 0  # a value opens a list or object, or follows a comma or colon
    for token in _JSON_TOKEN.finditer(text):
        mark = text[token.start()]
        if mark == '"':
            continue
        if mark in "]}":
            depth -= 1
            continue
        values += 1
        if values > MAX_JSON_VALUES:
            raise UnreadableInput(f"JSON holds over {MAX_JSON_VALUES:,} values (the limit)")
        if mark in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise UnreadableInput(
                    f"JSON nested more than {MAX_JSON_DEPTH} levels deep (the limit)"
                )
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # the one other failure: an integer longer than Python converts
        digits = sys.get_int_max_str_digits()
        raise UnreadableInput(f"JSON holds a number of over {digits:,} digits") from None


def _lines(stream: BinaryIO, cap: int) -> Iterator[bytes | None]:
    """The lines of `stream` (without their line break), and None for each longer than `cap`
    bytes: that one is read through and dropped, never held whole."""
    parts: list[bytes] = []  # the start of a line not ended yet
    held = 0  # its length, or -1 once it is too long
    while chunk := stream.read(CHUNK_BYTES):
        *ended, rest = chunk.split(b"\n")
        for piece in ended:
            too_long = held < 0 or held + len(piece) > cap
            yield None if too_long else b"".join([*parts, piece])
            parts, held = [], 0
        if held >= 0 and held + len(rest) <= cap:
            parts.append(rest)
            held += len(rest)
        else:
            parts, held = [], -1
    if held:
        yield None if held < 0 else b"".join(parts)


def _parse_line(line: bytes | None, limits: ReadLimits) -> Any:
    if line is None:
        raise UnreadableInput(over_limit(limits.max_record_bytes))
    try:
        return parse_json(line.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"not UTF-8 ({error.reason} at byte {error.start + 1})") from None
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"malformed JSON ({error.msg})") from None


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
    try:
        document = _from_record(ref, value, limits)
    except UnreadableInput as problem:
        yield InputProblem(ref, str(problem))
        return
    if _replace_surrogates(document):
        yield InputProblem(
            document.ref, "unpaired surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD",
            skipped=False,
        )
    yield document


def _has_text(record: dict[str, Any]) -> bool:
    return any(record.get(name) for name in TEXT_FIELDS + HTML_FIELDS)


def _from_record(ref: str, record: dict[str, Any], limits: ReadLimits) -> RawDocument:
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
    if len(content.encode("utf-8", "surrogatepass")) > limits.max_document_bytes:
        too_large = over_limit(limits.max_document_bytes)
        raise UnreadableInput(f"record {shown!r} too large: {too_large}")
    return RawDocument(shown, content, format_, fields)


def _replace_surrogates(document: RawDocument) -> bool:
    """Replace the unpaired UTF-16 surrogates JSON escapes can hold (a string cut inside an
    emoji's pair) with U+FFFD, since no UTF-8 output could hold them; True if there were any."""
    texts = [document.ref, document.content, *document.fields.values()]
    if not any(_SURROGATE.search(text) for text in texts):
        return False
    document.ref = _SURROGATE.sub(REPLACEMENT, document.ref)
    document.content = _SURROGATE.sub(REPLACEMENT, document.content)
    fields = document.fields.items()
    document.fields = {name: _SURROGATE.sub(REPLACEMENT, text) for name, text in fields}
    return True


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
