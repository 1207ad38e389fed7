"""`parallax stories` as users call it: JSON valid against its schema, table, state, errors."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from parallax.cli import app
from parallax.model import Article

SCHEMA = json.loads(resources.files("parallax").joinpath("schemas/stories.schema.json").read_text())
Feed = list[tuple[Article, str]]


def _export(articles: list[Article], path: Path) -> Path:
    """The feed as a JSONL export, the way users hand articles over."""
    records = [
        {"id": a.ref, "title": a.title, "date": a.published, "source": a.source, "text": a.text}
        for a in articles
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return path


def _stories(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["stories", *args])
    assert "Traceback" not in result.output, result.output
    document = json.loads(result.stdout) if result.exit_code in (0, 3) else {}
    if document:
        jsonschema.validate(document, SCHEMA)
    return result.exit_code, document


def test_json_output_groups_the_feed(feed: Feed, tmp_path: Path) -> None:
    export = _export([a for a, _ in feed], tmp_path / "feed.jsonl")
    code, document = _stories(str(export), "-o", "-")
    assert code == 0
    found = {frozenset(a["ref"] for a in s["articles"]) for s in document["stories"]}
    gold: dict[str, set[str]] = {}
    for article, story in feed:
        gold.setdefault(story, set()).add(article.ref)
    assert found == {frozenset(refs) for refs in gold.values()}
    mall = next(s for s in document["stories"] if "mall" in (s["title"] or "").lower())
    assert (mall["start"], mall["end"], mall["sources"]) == (
        "2021-03-06",
        "2021-03-07",
        ["AP", "Riverton Herald"],
    )


def test_table_without_o(feed: Feed, tmp_path: Path) -> None:
    export = _export([a for a, _ in feed], tmp_path / "feed.jsonl")
    result = CliRunner().invoke(app, ["stories", str(export)])
    assert result.exit_code == 0
    assert "7 stories" in result.output
    assert "2024-04-03 – 2024-04-04" in result.output


def test_state_keeps_stories_between_runs(feed: Feed, tmp_path: Path) -> None:
    articles = [a for a, _ in feed]
    first = _export(articles[:8], tmp_path / "monday.jsonl")
    second = _export(articles[8:] + articles[:1], tmp_path / "tuesday.jsonl")
    saved = tmp_path / "state"
    code, before = _stories(str(first), "--state", str(saved), "-o", "-")
    assert code == 0
    code, after = _stories(str(second), "--state", str(saved), "-o", "-")
    assert code == 0
    assert sum(len(s["articles"]) for s in after["stories"]) == len(articles)
    assert any("already grouped (a1)" in w for w in after["warnings"])
    kept = {s["id"]: {a["id"] for a in s["articles"]} for s in after["stories"]}
    for story in before["stories"]:
        assert {a["id"] for a in story["articles"]} <= kept[story["id"]]


def test_unusable_state_exits_2(feed: Feed, tmp_path: Path) -> None:
    export = _export([a for a, _ in feed[:2]], tmp_path / "feed.jsonl")
    (tmp_path / "state").write_text("not a directory")
    result = CliRunner().invoke(app, ["stories", str(export), "--state", str(tmp_path / "state")])
    assert result.exit_code == 2
    assert "is not a directory" in result.output


def test_nothing_usable_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["stories", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "no usable article was read" in result.output
