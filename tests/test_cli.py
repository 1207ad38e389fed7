"""The `parallax` command as users call it: outputs, warnings and exit codes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from parallax.cli import app

EXAMPLE = Path(__file__).parents[1] / "examples" / "troops-europe-2022"
SCHEMA = json.loads(
    resources.files("parallax").joinpath("schemas/articles.schema.json").read_text()
)


def _run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


def _articles(path: Path) -> dict:
    document = json.loads(path.read_text())
    jsonschema.validate(document, SCHEMA)
    return document


def test_example_story_is_read_whole_with_its_dates(tmp_path: Path) -> None:
    output = tmp_path / "articles.json"
    result = _run("articles", str(EXAMPLE), "-o", str(output))
    assert result.exit_code == 0, result.output
    articles = _articles(output)["articles"]
    assert len(articles) == 5
    dated = {
        Path(a["ref"]).name[:3]: (a["published"], a["published_from"])
        for a in articles
        if a["published"]
    }
    assert dated == {
        "000": ("2022-02-25", "text"),
        "001": ("2022-02-02", "text"),
        "002": ("2022-02-02", "text"),
    }
    by_name = {Path(a["ref"]).name[:3]: a for a in articles}
    assert by_name["001"]["author"] == "Patrick Grafton-Green"
    assert (
        by_name["001"]["title"]
        == "US sends thousands of troops to Europe amid tensions over Ukraine"
    )
    assert by_name["002"]["source"] == "DW"
    assert by_name["003"]["source"] == "Sputnik"
    assert all(a["language"] == "en" for a in articles)
    assert by_name["001"]["removed_lines"] > 50


def test_keep_removed_lists_every_removed_line_with_its_reason(tmp_path: Path) -> None:
    output = tmp_path / "articles.json"
    assert (
        _run(
            "articles",
            str(EXAMPLE / "004_ae24453a259fc1fc.txt"),
            "--keep-removed",
            "-o",
            str(output),
        ).exit_code
        == 0
    )
    [article] = _articles(output)["articles"]
    assert len(article["removed"]) == article["removed_lines"]
    reasons = {line["text"]: line["reason"] for line in article["removed"]}
    assert reasons["·3 min read"] == "reading time"
    assert (
        reasons["Related: US responds to Russian demands as Ukraine talks held in Paris"]
        == "related links"
    )


def test_bad_inputs_are_reported_and_the_rest_still_written(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "junk.txt").write_text("Home\nNews\nSport\nShare on Facebook\n")
    output = tmp_path / "out" / "articles.json"
    result = _run(
        "articles",
        str(EXAMPLE / "002_2307606c6289dd28.txt"),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "junk.txt"),
        str(tmp_path / "missing.txt"),
        "-o",
        str(output),
    )
    assert result.exit_code == 3
    document = _articles(output)
    assert len(document["articles"]) == 1
    assert document["warnings"] == [
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'junk.txt'}: no article text found",
        f"{tmp_path / 'missing.txt'}: no such file or directory",
    ]
    assert "Traceback" not in result.output
    assert "missing.txt: no such file or directory" in result.output


def test_nothing_usable_exits_2(tmp_path: Path) -> None:
    result = _run("articles", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "no usable article was read" in result.output


def test_exact_duplicates_are_merged_with_a_warning(tmp_path: Path) -> None:
    text = (EXAMPLE / "003_3aa04ce601e32b4d.txt").read_text()
    (tmp_path / "copy1.txt").write_text(text)
    (tmp_path / "copy2.txt").write_text(text)
    output = tmp_path / "articles.json"
    assert _run("articles", str(tmp_path), "-o", str(output)).exit_code == 0
    document = _articles(output)
    assert [Path(a["ref"]).name for a in document["articles"]] == ["copy1.txt"]
    assert document["warnings"] == [
        f"{tmp_path / 'copy2.txt'}: same text as a1 ({tmp_path / 'copy1.txt'}); merged into it"
    ]


def test_non_english_articles_are_kept_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_text(
        "Die Bundesregierung hat am Mittwoch beschlossen, weitere Soldaten nach Litauen zu "
        "schicken. Der Verteidigungsminister sagte, die Entscheidung sei mit den Partnern "
        "abgestimmt worden und solle die Ostflanke des Bündnisses stärken."
    )
    result = _run("articles", str(tmp_path / "de.txt"), "-o", "-")
    assert result.exit_code == 0
    assert "language looks like 'de', not English" in result.output


def test_stdin_is_read_and_described(pasted_article: str) -> None:
    result = _run("articles", "-", "-o", "-", stdin=pasted_article)
    assert result.exit_code == 0
    [article] = json.loads(result.stdout)["articles"]
    assert (article["ref"], article["title"], article["published"], article["author"]) == (
        "<stdin>",
        "Harbour bridge reopens after three-week repair",
        "2023-03-12",
        "Maria Lopez",
    )
    assert article["text"].startswith("The harbour bridge reopened to traffic on Sunday")
    assert article["text"].endswith("adding up to forty minutes to some commutes.")


def test_table_output_without_o(pasted_article: str) -> None:
    result = _run("articles", "-", stdin=pasted_article)
    assert result.exit_code == 0
    assert "2023-03-12" in result.output and "<stdin>" in result.output


def test_wrong_call_exits_2() -> None:
    assert _run("articles").exit_code == 2
    assert _run("articles", "x", "--max-mb", "0").exit_code == 2


@pytest.mark.parametrize("command", [["check"], ["--version"]])
def test_informational_commands_succeed(command: list[str]) -> None:
    assert _run(*command).exit_code == 0
