"""Reading every input shape users have, and every bad input, without a crash."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from parallax.ingest.sources import RawDocument, ReadLimits, iter_documents
from parallax.model import InputProblem


def _read(*inputs: str, limits: ReadLimits | None = None, stdin: bytes | None = None):
    found = list(iter_documents(list(inputs), limits, io.BytesIO(stdin or b"")))
    documents = [d for d in found if isinstance(d, RawDocument)]
    problems = [p for p in found if isinstance(p, InputProblem)]
    return documents, problems


def test_text_markdown_and_html_files_are_read_with_their_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain article text.")
    (tmp_path / "b.md").write_text("# Heading\n\nMarkdown article text.")
    (tmp_path / "c.html").write_text("<html><body><p>HTML article.</p></body></html>")
    documents, problems = _read(str(tmp_path))
    assert problems == []
    assert [(Path(d.ref).name, d.format) for d in documents] == [
        ("a.txt", "text"),
        ("b.md", "markdown"),
        ("c.html", "html"),
    ]


def test_directories_are_read_recursively_and_unsupported_files_reported(tmp_path: Path) -> None:
    (tmp_path / "day1" / "deep").mkdir(parents=True)
    (tmp_path / "day1" / "deep" / "story.txt").write_text("Nested article text.")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / ".hidden.txt").write_text("not for reading")
    documents, problems = _read(str(tmp_path))
    assert [Path(d.ref).name for d in documents] == ["story.txt"]
    assert [(p.ref, p.reason) for p in problems] == [
        (str(tmp_path), "skipped files of unsupported types: 1 .jpg")
    ]


def test_gzip_files_are_read_by_their_inner_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"Compressed article text."))
    records = [{"id": "r1", "text": "First."}, {"id": "r2", "text": "Second."}]
    (tmp_path / "b.jsonl.gz").write_bytes(
        gzip.compress("\n".join(json.dumps(r) for r in records).encode())
    )
    documents, problems = _read(str(tmp_path / "a.txt.gz"), str(tmp_path / "b.jsonl.gz"))
    assert problems == []
    assert [d.content for d in documents] == ["Compressed article text.", "First.", "Second."]
    assert [d.ref for d in documents][1:] == ["r1", "r2"]


@pytest.mark.parametrize(
    ("record", "content", "fields"),
    [
        (
            {
                "id": "x1",
                "title": "T",
                "content": "Body.",
                "domain": "dw.com",
                "url": "https://dw.com/a",
            },
            "Body.",
            {"title": "T", "source": "dw.com", "url": "https://dw.com/a"},
        ),
        (
            {"aid": 7, "articleBody": "Body.", "published": "2022-02-02", "author": ["A B", "C D"]},
            "Body.",
            {"published": "2022-02-02", "author": "A B, C D"},
        ),
        (
            {"uuid": "u", "body-paragraphs": [["P one.", "P one b."], ["P two."]], "source": "nyt"},
            "P one.\n\nP one b.\n\nP two.",
            {"source": "nyt"},
        ),
        (
            {"id": "h", "html": "<html><body><p>Page.</p></body></html>"},
            "<html><body><p>Page.</p></body></html>",
            {},
        ),
    ],
)
def test_json_records_with_the_usual_field_names(
    tmp_path: Path, record: dict, content: str, fields: dict
) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record))
    [document], problems = _read(str(path))
    assert problems == []
    assert document.content == content
    assert document.fields == fields
    assert document.ref == str(record.get("id") or record.get("aid") or record.get("uuid"))


def test_json_list_and_container_objects(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(json.dumps([{"text": "One."}, {"text": "Two."}]))
    (tmp_path / "box.json").write_text(json.dumps({"articles": [{"id": "k", "body": "Three."}]}))
    documents, problems = _read(str(tmp_path / "list.json"), str(tmp_path / "box.json"))
    assert problems == []
    assert [(d.ref, d.content) for d in documents] == [
        (f"{tmp_path / 'list.json'}#0", "One."),
        (f"{tmp_path / 'list.json'}#1", "Two."),
        ("k", "Three."),
    ]


def test_a_malformed_jsonl_line_is_reported_by_number_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a", "text": "Good one."}\n{"id": "b", "text": \n{"id": "c", "text": "Good two."}\n'
    )
    documents, problems = _read(str(path))
    assert [d.ref for d in documents] == ["a", "c"]
    assert len(problems) == 1
    assert problems[0].ref == str(path)
    assert problems[0].reason.startswith("line 2: malformed JSON")


def test_a_record_without_text_is_reported_and_its_siblings_kept(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        json.dumps([{"id": "empty", "title": "Only a title"}, {"id": "ok", "text": "Body."}])
    )
    documents, problems = _read(str(path))
    assert [d.ref for d in documents] == ["ok"]
    assert [p.reason.split(" (")[0] for p in problems] == ["record 'empty' has no article text"]


def test_a_record_with_an_empty_text_field_says_which_field(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"id": "e", "content": ""}, {"id": "ok", "content": "Body."}]))
    documents, problems = _read(str(path))
    assert [d.ref for d in documents] == ["ok"]
    assert [(p.ref, p.reason) for p in problems] == [
        (f"{path}#0", "record 'e' has an empty 'content' field")
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x00\x01\x02binary\x00data" * 10, "binary file, not text"),
        ("broken.json", b'{"text": "unfinished', "malformed JSON at line 1"),
        ("number.json", b"42", "JSON holds no article record"),
        ("bad.txt.gz", b"not gzip at all", "not a valid gzip file"),
    ],
)
def test_bad_files_get_one_clear_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    documents, problems = _read(str(path))
    assert documents == []
    assert [p.ref for p in problems] == [str(path)]
    assert problems[0].reason.startswith(reason)


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(128, 256)) * 40)
    documents, problems = _read(str(path))
    assert documents == []
    assert problems[0].reason.startswith(("undecodable bytes", "binary file"))


def test_latin1_text_is_decoded_by_a_guess_that_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Le président a déclaré que la réunion était terminée à Genève.".encode("latin-1")
    )
    [document], [note] = _read(str(path))
    assert "président" in document.content and "Genève" in document.content
    assert note.ref == str(path) and not note.skipped
    assert note.reason.startswith("not UTF-8 (from line 1): decoded as ")
    assert note.reason.endswith(", a guess")


def test_missing_paths_and_oversize_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    documents, problems = _read(
        str(tmp_path / "nope.txt"), str(big), limits=ReadLimits(max_document_bytes=1000)
    )
    assert documents == []
    assert [(Path(p.ref).name, p.reason) for p in problems] == [
        ("nope.txt", "no such file or directory"),
        ("big.txt", "too large: over 0.001 MB (the limit)"),
    ]


def test_stdin_is_sniffed_for_its_format() -> None:
    documents, problems = _read("-", stdin=b'{"id": "s1", "text": "From a pipe."}')
    assert problems == []
    assert [(d.ref, d.content) for d in documents] == [("s1", "From a pipe.")]
    documents, _ = _read("-", stdin=b"<!DOCTYPE html><html><body><p>Hi.</p></body></html>")
    assert documents[0].format == "html"
    documents, problems = _read("-", stdin=b"")
    assert documents == [] and [p.reason for p in problems] == ["empty input"]


def test_json_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    documents, problems = _read(str(path))
    assert documents == []
    assert [p.reason for p in problems] == ["JSON nested more than 32 levels deep (the limit)"]
