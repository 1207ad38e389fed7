"""`parallax analyze` as users call it: every report format, bad inputs, mixed feeds."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from parallax.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"

SCHEMA = json.loads(
    resources.files("parallax").joinpath("schemas/analysis.schema.json").read_text()
)
# Two short reports of another event, written for these tests.
FERRY = [
    "A ferry carrying 240 passengers ran aground off the island of Hallig on Saturday, the "
    "coast guard said. All passengers were brought ashore by lifeboats within three hours. "
    "The coast guard said the ferry had lost steering in heavy fog.",
    "About 240 passengers were rescued after a ferry ran aground off Hallig island on "
    "Saturday, according to the coast guard. Lifeboats brought everyone ashore within three "
    "hours. Heavy fog and a steering failure were blamed by the coast guard.",
]


def _analyze(*args: str):
    return CliRunner().invoke(app, ["analyze", *args])


def test_json_output_is_valid_and_names_its_inputs(tmp_path: Path) -> None:
    output = tmp_path / "story.json"
    result = _analyze(str(EXAMPLE), "-o", str(output), "--summary-sentences", "4")
    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text())
    jsonschema.validate(document, SCHEMA)
    assert len(document["summary"]) == 4
    assert [a["id"] for a in document["articles"]] == ["a1", "a2", "a3", "a4", "a5"]
    assert all(Path(a["ref"]).parent == EXAMPLE for a in document["articles"])
    assert document["timings"]["ingest_s"] > 0


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    output = tmp_path / "story.html"
    result = _analyze(str(EXAMPLE), "-o", str(output))
    assert result.exit_code == 0, result.output
    page = output.read_text()
    assert "How many US troops are stationed in Europe?" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<mark>" in page and "<svg" in page


def test_markdown_report_and_terminal_report(tmp_path: Path) -> None:
    output = tmp_path / "story.md"
    assert _analyze(str(EXAMPLE), "-o", str(output)).exit_code == 0
    assert "How many Russian troops are massed on the border?" in output.read_text()
    printed = _analyze(str(EXAMPLE))
    assert printed.exit_code == 0
    assert "How many Russian troops" in printed.stdout


def test_unknown_report_format_stops_before_any_work(tmp_path: Path) -> None:
    result = _analyze(str(EXAMPLE), "-o", str(tmp_path / "story.pdf"))
    assert result.exit_code == 2
    assert "story.pdf" in result.output and "unknown report format" in result.output
    assert not (tmp_path / "story.pdf").exists()


def test_a_bad_input_is_named_and_the_rest_analysed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": ')
    output = tmp_path / "story.json"
    result = _analyze(str(EXAMPLE), str(broken), "-o", str(output))
    assert result.exit_code == 3
    assert "broken.json" in result.output
    document = json.loads(output.read_text())
    assert len(document["articles"]) == 5
    assert any("broken.json" in warning for warning in document["warnings"])


def test_nothing_usable_exits_2(tmp_path: Path) -> None:
    result = _analyze(str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "missing.txt" in result.output


def test_by_story_analyses_each_story_of_a_mixed_feed(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    for n, text in enumerate(FERRY):
        (feed / f"ferry-{n}.txt").write_text(text + "\n")
    output = tmp_path / "out" / "report.json"
    result = _analyze(str(EXAMPLE), str(feed), "--by-story", "-o", str(output))
    assert result.exit_code == 0, result.output
    reports = sorted((tmp_path / "out").glob("report.*.json"))
    assert len(reports) == 2
    documents = [json.loads(path.read_text()) for path in reports]
    for document in documents:
        jsonschema.validate(document, SCHEMA)
    sizes = sorted(len(document["articles"]) for document in documents)
    assert sizes == [2, 5]
    ferry = next(d for d in documents if len(d["articles"]) == 2)
    assert {Path(a["ref"]).name for a in ferry["articles"]} == {"ferry-0.txt", "ferry-1.txt"}
    assert ferry["consensus"], "the two ferry reports agree on the rescue"


def test_input_of_several_stories_is_named_and_pointed_to_by_story(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    for n, text in enumerate(FERRY):
        (feed / f"ferry-{n}.txt").write_text(text + "\n")
    (feed / "troops.txt").write_text((EXAMPLE / "002_2307606c6289dd28.txt").read_text())
    result = _analyze(str(feed), "-o", str(tmp_path / "all.json"))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "the input holds 2 stories, compared here as one:" in said
    assert f"untitled, from {feed / 'ferry-0.txt'} (2)" in said
    assert "“US to send more troops to Germany, Poland” (1)" in said
    assert "--by-story compares each story of two or more articles apart" in said
    assert len(json.loads((tmp_path / "all.json").read_text())["articles"]) == 3


def test_one_article_is_said_to_have_nothing_to_compare(tmp_path: Path) -> None:
    result = _analyze(str(EXAMPLE / "002_2307606c6289dd28.txt"), "-o", str(tmp_path / "a.md"))
    assert result.exit_code == 0, result.output
    assert "one article: nothing to compare it with" in result.output
    assert (tmp_path / "a.md").exists()
