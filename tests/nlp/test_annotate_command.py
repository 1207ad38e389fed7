"""`parallax annotate` as users call it: schema-valid output, verbatim spans, bad inputs."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from parallax.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"
SCHEMA = json.loads(
    resources.files("parallax").joinpath("schemas/annotations.schema.json").read_text()
)


def _annotate(*args: str):
    return CliRunner().invoke(app, ["annotate", *args])


def test_example_output_is_valid_and_every_span_is_verbatim(tmp_path: Path) -> None:
    output = tmp_path / "annotations.json"
    result = _annotate(str(EXAMPLE), "-o", str(output))
    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text())
    jsonschema.validate(document, SCHEMA)
    assert len(document["articles"]) == 5
    for item in document["articles"]:
        text = item["article"]["text"]
        for kind in ("sentences", "quantities", "times", "quotes", "claims"):
            for span in item[kind]:
                assert text[span["start"] : span["end"]] == span["text"]


def test_a_bad_input_is_named_and_the_rest_annotated(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The ministry said 300 soldiers arrived in Tallinn on Monday.\n")
    missing = tmp_path / "missing.txt"
    output = tmp_path / "out.json"
    result = _annotate(str(good), str(missing), "-o", str(output))
    assert result.exit_code == 3
    assert "missing.txt" in result.output
    document = json.loads(output.read_text())
    assert [q["low"] for q in document["articles"][0]["quantities"]] == [300]
    assert any("missing.txt" in w for w in document["warnings"])


def test_cache_gives_the_same_output_on_a_second_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert _annotate(str(EXAMPLE), "--cache", str(cache), "-o", str(first)).exit_code == 0
    assert len(list(cache.glob("*.json"))) == 5
    assert _annotate(str(EXAMPLE), "--cache", str(cache), "-o", str(second)).exit_code == 0
    assert json.loads(first.read_text()) == json.loads(second.read_text())


def test_table_without_output_lists_each_article() -> None:
    result = _annotate(str(EXAMPLE))
    assert result.exit_code == 0
    assert "5 articles annotated" in result.output


def test_entity_keys_are_joined_across_the_inputs(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(
        "Ukrainian President Volodymyr Zelensky thanked Poland for its help on Monday.\n"
    )
    (tmp_path / "two.txt").write_text("Zelenskyy said the army was ready to defend Kyiv.\n")
    output = tmp_path / "out.json"
    assert _annotate(str(tmp_path), "-o", str(output)).exit_code == 0
    people = {
        (e["key"], e["name"])
        for item in json.loads(output.read_text())["articles"]
        for e in item["entities"]
        if e["label"] == "PERSON"
    }
    assert len(people) == 1 and next(iter(people))[1] == "Volodymyr Zelensky"
