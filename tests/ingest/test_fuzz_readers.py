"""Fuzzing the readers: whatever bytes come in (JSON, JSONL, text, HTML, gzip, or broken
versions of them), no exception escapes, and every problem is a warning naming its input."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.ingest.articles import read_articles
from parallax.ingest.records import CONTAINER_FIELDS, HTML_FIELDS, ID_FIELDS, TEXT_FIELDS
from parallax.model import InputProblem

# Enough to reach every reader's branches in a few seconds; CI may raise it.
EXAMPLES = 150

KEYS = st.sampled_from(
    [*TEXT_FIELDS, *HTML_FIELDS, *ID_FIELDS, *CONTAINER_FIELDS, "title", "author", "date"]
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=4), inner),
    max_leaves=12,
)
PROSE = st.text(st.characters(codec="utf-8"), max_size=300)
HTML_TAGS = st.sampled_from(
    ["<html>", "<body>", "<p>", "</p>", "<div class='article-body'>", "</div>", "<title>",
     "</title>", "<meta name='author' content='A B'>", "<script>", "<!--", "<br>", "<time>"]
)
# Shapes that broke the readers before: deep nesting, long numbers, cut surrogate pairs.
HOSTILE_JSON = st.one_of(
    st.integers(0, 3000).map(lambda depth: "[" * depth + '{"text": "x"}' + "]" * depth),
    st.integers(1, 6000).map(lambda digits: '{"id": ' + "9" * digits + ', "text": "x"}'),
    st.just('{"id": "s", "text": "cut \\ud83d", "title": "\\udc00"}'),
)


JSON_TEXT = JSON_VALUES.map(lambda value: json.dumps(value, ensure_ascii=False))
CONTENT = st.one_of(
    JSON_TEXT.map(str.encode),
    st.lists(JSON_TEXT | PROSE, max_size=5).map("\n".join).map(str.encode),
    HOSTILE_JSON.map(str.encode),
    PROSE.map(str.encode),
    PROSE.map(lambda text: text.encode("latin-1", "replace")),
    PROSE.map(lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
    st.lists(HTML_TAGS | PROSE, max_size=12).map("".join).map(str.encode),
    st.binary(max_size=400),
)
SUFFIXES = st.sampled_from(
    [".txt", ".md", ".html", ".json", ".jsonl", ".txt.gz", ".json.gz", ".jsonl.gz", ".dat", "-"]
)


@st.composite
def inputs(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name (or "-" for stdin) and its bytes, possibly broken after they were made."""
    suffix, data = draw(SUFFIXES), draw(CONTENT)
    if suffix.endswith(".gz"):
        data = gzip.compress(data)
    if draw(st.booleans()):  # broken after it was made: a byte replaced, or the rest cut off
        cut = draw(st.integers(0, len(data)))
        rest = data[cut + 1 :] if draw(st.booleans()) else b""
        data = data[:cut] + draw(st.binary(max_size=1)) + rest
    return suffix, data


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(given_input=inputs())
def test_no_input_escapes_as_an_exception(folder: Path, given_input: tuple[str, bytes]) -> None:
    suffix, data = given_input
    if suffix == "-":
        result = read_articles(["-"], stdin=io.BytesIO(data))
    else:
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        result = read_articles([str(path)])
    for problem in result.problems:
        # Named: by the input, a part of it (`path:line`, `path#item`) or a record's own id.
        assert isinstance(problem, InputProblem) and problem.ref and problem.reason, problem
        assert "could not be processed" not in problem.reason, problem
    assert result.exit_code == (2 if not result.articles else 3 if result.skipped else 0)
