"""Inputs built to hurt the readers (issue 23): each is refused or cut short with a warning
naming it and the reason, in bounded memory and without blocking, and the rest of the batch
is still read."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import parallax
from parallax.ingest.articles import read_articles
from parallax.ingest.sources import RawDocument, ReadLimits, iter_documents
from parallax.model import InputProblem
from parallax.scale.partitions import partitions

# Peak memory allowed to `parallax articles` reading 512 MB of zeros packed in 0.5 MB of gzip and
# one good article: reading the article alone takes ~170 MB (its models loaded), and the
# bomb may add the largest read limit (50 MB). Measured with 2 GB of zeros: 4.3 GB (.jsonl.gz)
# and 1.05 GB (.json.gz) before the readers checked their limits while reading; 170-190 MB
# after. 512 MB already takes the old readers far past the bound, in a quarter of the time.
PEAK_MEMORY_BOUND_MB = 300
# A child that has not finished by then is killed: it hangs (the FIFO tests) or thrashes.
CHILD_TIMEOUT_S = 120

GOOD_ARTICLE = (
    "The harbour bridge reopened to traffic on Sunday after a three-week repair that cost "
    "the city about 4 million euros, officials said. Engineers replaced two corroded cables."
)

FIRST_LINE = json.dumps({"id": "a", "text": GOOD_ARTICLE}) + "\n"


def _read(*inputs: str, limits: ReadLimits | None = None):
    found = list(iter_documents(list(inputs), limits, io.BytesIO()))
    documents = [d for d in found if isinstance(d, RawDocument)]
    problems = [p for p in found if isinstance(p, InputProblem)]
    return documents, problems


# The child writes its own peak memory (VmHWM) when it exits: the peak the kernel reports to a
# parent (ru_maxrss) starts from the parent's own size at the fork, the test process's.
_REPORT_PEAK = (
    "import atexit, os\n"
    "def report():\n"
    "    with open('/proc/self/status') as status, open(os.environ['PEAK_FILE'], 'w') as out:\n"
    "        out.write(next(line for line in status if line.startswith('VmHWM')))\n"
    "atexit.register(report)\n"
    "from parallax.cli import app\n"
    "app()\n"
)


def _parallax(tmp_path: Path, *args: str) -> tuple[int, dict, float]:
    """Run `parallax articles ARGS -o OUT` in a child process, as a user would: its exit
    code, its output document and its peak memory (MB). A hung child is killed."""
    output = tmp_path / "out.json"
    peak_file = tmp_path / "peak.txt"
    source_root = str(Path(parallax.__file__).parents[1])
    paths = [source_root, os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PEAK_FILE": str(peak_file)}
    command = [sys.executable, "-c", _REPORT_PEAK, "articles", *args, "-o", str(output)]
    try:
        child = subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"parallax did not finish within {CHILD_TIMEOUT_S} s")
    peak_mb = int(peak_file.read_text().split()[1]) / 1024  # VmHWM is in kB
    return child.returncode, json.loads(output.read_text()), peak_mb


@pytest.fixture(scope="module")
def zeros_gz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """0.5 MB of gzip that unpacks to 512 MiB of "0" with no line break: 512 gzip members of
    1 MiB each (a reader sees one stream), written in no time, unlike 512 MB compressed."""
    member = gzip.compress(b"0" * (1 << 20))
    path = tmp_path_factory.mktemp("bomb") / "zeros.gz"
    with path.open("wb") as out:
        for _ in range(512):
            out.write(member)
    return path


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("z.jsonl.gz", "line 1: over 40 MB (the limit), line skipped"),
        ("z.json.gz", "too large: over 50 MB (the limit)"),
    ],
)
def test_a_gzip_bomb_is_refused_in_bounded_memory_and_the_rest_read(
    tmp_path: Path, zeros_gz: Path, name: str, reason: str
) -> None:
    bomb = tmp_path / name
    bomb.symlink_to(zeros_gz)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_ARTICLE)
    code, document, peak_mb = _parallax(tmp_path, str(bomb), str(good))
    assert peak_mb < PEAK_MEMORY_BOUND_MB, f"peak memory {peak_mb:.0f} MB"
    assert code == 3
    assert document["warnings"] == [f"{bomb}: {reason}"]
    assert [Path(article["ref"]).name for article in document["articles"]] == ["good.txt"]


def test_an_overlong_jsonl_line_is_skipped_by_number_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        {"id": "a", "text": "First."},
        {"id": "b", "text": "Second.", "raw": "x" * 5000},
        {"id": "c", "text": "Third."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines))
    documents, problems = _read(str(path), limits=ReadLimits(max_document_bytes=1000))
    assert [d.ref for d in documents] == ["a", "c"]
    assert [str(p) for p in problems] == [
        f"{path}: line 2: over 0.004 MB (the limit), line skipped"
    ]


def test_jsonl_lines_past_the_limit_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{n}", "text": "Body."}) + "\n" for n in range(5)))
    documents, problems = _read(str(path), limits=ReadLimits(max_lines=3))
    assert [d.ref for d in documents] == ["r0", "r1", "r2"]
    assert [str(p) for p in problems] == [
        f"{path}: stopped after 3 lines (the limit); the rest is not read"
    ]


def test_past_a_hundred_problems_an_input_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("not json\n" * 250 + json.dumps({"id": "last", "text": "Body."}))
    documents, problems = _read(str(path))
    assert [d.ref for d in documents] == ["last"]
    assert len(problems) == 101
    assert str(problems[99]) == f"{path}: line 100: malformed JSON (Expecting value), line skipped"
    assert str(problems[100]) == f"{path}: 150 more problems, not listed (only the first 100 are)"


def test_a_json_file_of_too_many_values_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text("[" + ",".join(["0"] * 2_000_001) + "]")  # 2 MB of text, 2M values
    documents, problems = _read(str(path))
    assert documents == []
    assert [str(p) for p in problems] == [f"{path}: JSON holds over 2,000,000 values (the limit)"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("lists.json", "[" * 975 + '{"text": "x"}' + "]" * 975, ""),
        ("text.json", '{"text": ' + "[" * 600 + '"Body."' + "]" * 600 + "}", ""),
        ("feed.jsonl", FIRST_LINE + "[" * 100_000 + "]" * 100_000, "line 2: "),
    ],
)
def test_json_nested_too_deeply_is_refused_by_name(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    result = read_articles([str(path)])
    jsonl = name.endswith(".jsonl")
    assert result.warnings == [
        f"{path}: {reason}JSON nested more than 32 levels deep (the limit)"
        + (", line skipped" if jsonl else "")
    ]
    assert [article.ref for article in result.articles] == (["a"] if jsonl else [])


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_line_of_bad_utf8_skips_that_line_only(tmp_path: Path, gzipped: bool) -> None:
    records = [{"id": f"r{n}", "text": f"Record {n}: café."} for n in range(1, 11)]
    lines = [json.dumps(record, ensure_ascii=False).encode() for record in records]
    lines[4] = lines[4].replace(b"caf\xc3\xa9", b"caf\xe9")  # record 5 in Latin-1
    data = b"\n".join(lines) + b"\n"
    path = tmp_path / ("feed.jsonl.gz" if gzipped else "feed.jsonl")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    documents, problems = _read(str(path))
    assert [d.ref for d in documents] == [f"r{n}" for n in range(1, 11) if n != 5]
    assert [str(p) for p in problems] == [
        f"{path}: line 5: not UTF-8 (invalid continuation byte at byte 36), line skipped"
    ]
    # `parallax batch` reads its feed through the same reader.
    [partition] = partitions([str(path)], size=100)
    assert len(partition.documents) == 9 and partition.problems == problems


def test_a_fifo_given_as_input_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_ARTICLE)
    code, document, _ = _parallax(tmp_path, str(fifo), str(good))
    assert code == 3
    assert document["warnings"] == [f"{fifo}: not a regular file but a named pipe (FIFO), not read"]


def test_what_a_folder_holds_but_cannot_be_read_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    (folder / "day1").mkdir(parents=True)
    (folder / "day1" / "good.txt").write_text(GOOD_ARTICLE)
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop1.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop1.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / "linked.txt").symlink_to(folder / "day1")
    code, document, _ = _parallax(tmp_path, str(folder))
    assert code == 3
    assert [Path(article["ref"]).name for article in document["articles"]] == ["good.txt"]
    assert document["warnings"] == [
        f"{folder / 'gone.txt'}: broken symlink: its target does not exist",
        f"{folder / 'linked.txt'}: symlink to a folder, not followed",
        f"{folder / 'loop1.txt'}: symlink loop: it never reaches a file",
        f"{folder / 'loop2.txt'}: symlink loop: it never reaches a file",
        f"{folder / 'pipe.txt'}: not a regular file but a named pipe (FIFO), not read",
    ]


def test_utf8_with_a_broken_byte_keeps_its_text_and_says_so(tmp_path: Path) -> None:
    text = "Le président a déclaré à Genève que la réunion était terminée.\nFin."
    data = text.encode()
    path = tmp_path / "article.txt"
    path.write_bytes(data.replace(b"\xc3\xa0", b"\xe0"))  # one "à" in Latin-1
    [document], [note] = _read(str(path))
    assert document.content == text.replace("à", "\ufffd")
    assert str(note) == (
        f"{path}: not valid UTF-8 (first on line 1): 1 broken byte sequence replaced with U+FFFD"
    )
    assert not note.skipped


def test_unpaired_surrogate_escapes_are_replaced_and_named(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[{"id": "a", "title": "Cut \\ud83d", "text": "Body \\ud83d."}]')
    [document], problems = _read(str(path))
    assert (document.content, document.fields["title"]) == ("Body \ufffd.", "Cut \ufffd")
    assert [str(p) for p in problems] == [
        "a: unpaired surrogate escapes (\\ud800-\\udfff) replaced with U+FFFD"
    ]


def test_a_number_too_long_for_python_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "Body."}\n{"id": ' + "9" * 5000 + ', "text": "B."}\n')
    documents, problems = _read(str(path))
    assert [d.ref for d in documents] == ["a"]
    assert [str(p) for p in problems] == [
        f"{path}: line 2: JSON holds a number of over 4,300 digits, line skipped"
    ]
