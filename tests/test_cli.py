"""The `parallax` command as users call it: outputs, warnings and exit codes."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console
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


def test_a_feed_records_url_date_and_byline_are_kept(tmp_path: Path) -> None:
    url = "https://www.coastalbanker.com/2022/07/24/rates-and-recession/"
    text = (
        "Opinion by Dana Whitfield for Coastal Banker Perspectives\n\n"
        + (EXAMPLE / "003_3aa04ce601e32b4d.txt").read_text()
    )
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "r1", "link": url, "content": text}) + "\n")
    output = tmp_path / "articles.json"
    assert _run("articles", str(feed), "-o", str(output)).exit_code == 0
    document = _articles(output)
    [article] = document["articles"]
    assert document["schema"] == "parallax.articles/2"
    assert (article["url"], article["source"]) == (url, "coastalbanker.com")
    assert (article["author"], article["kind"]) == ("Dana Whitfield", "opinion")
    assert (article["published"], article["published_from"]) == ("2022-07-24", "url")


def test_articles_files_of_version_1_still_validate_and_read(tmp_path: Path) -> None:
    """A file written before articles had a url or kind is still valid, and reads as input."""
    record = {
        "id": "a1", "ref": "old.txt", "source": "DW", "title": "Council extends programme",
        "author": None, "published": "2022-02-02", "published_from": "text", "language": "en",
        "words": 60, "removed_lines": 0,
        "text": (EXAMPLE / "003_3aa04ce601e32b4d.txt").read_text().strip(),
    }
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"schema": "parallax.articles/1", "articles": [record],
                               "warnings": []}))
    _articles(old)
    output = tmp_path / "again.json"
    assert _run("articles", str(old), "-o", str(output)).exit_code == 0
    [article] = _articles(output)["articles"]
    assert (article["source"], article["published"], article["url"]) == ("DW", "2022-02-02", None)


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


# Names as they come: a record id, a title, an outlet and paths holding rich markup, escape
# codes and a newline. Each is shown literally: never read as markup, never sent raw.
ODD_TITLE = "[/b] Bridge \x1b[2J reopens"
ODD_SOURCES = ["[bold]Post", "Ledger\x1b]0;x\x07"]


@pytest.fixture
def odd_inputs(tmp_path: Path, pasted_article: str) -> tuple[list[str], list[str]]:
    """Two records of one story, a file repeating the first (named in a warning) and a
    missing file; with the two warning lines every command must print."""
    body = pasted_article.split("\n", 6)[6].rsplit("\nREAD MORE", 1)[0]
    records = [
        {"id": "[/x]", "title": ODD_TITLE, "source": ODD_SOURCES[0], "published": "2023-03-12",
         "text": body},
        {"id": "r2", "title": ODD_TITLE, "source": ODD_SOURCES[1], "published": "2023-03-13",
         "text": body.replace("about 4 million euros", "nearly 5 million euros")},
    ]
    (tmp_path / "feed.json").write_text(json.dumps(records))
    (tmp_path / "[bold]b.txt").write_text(body)
    missing = tmp_path / "x[/red]" / "gone\n\x1b[2J.txt"
    inputs = [str(tmp_path / "feed.json"), str(tmp_path / "[bold]b.txt"), str(missing)]
    warnings = [
        f"warning: {tmp_path}/[bold]b.txt: same text as a1 ([/x]); merged into it",
        f"warning: {tmp_path}/x[/red]/gone\\n\\x1b[2J.txt: no such file or directory",
    ]
    return inputs, warnings


@pytest.mark.parametrize("command", ["articles", "stories", "analyze", "ingest"])
def test_names_are_shown_literally_never_as_markup_or_terminal_codes(
    command: str, odd_inputs: tuple[list[str], list[str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # tables keep each cell on one line
    inputs, warnings = odd_inputs
    extra = ["--db", str(tmp_path / "p.db")] if command == "ingest" else []
    result = _run(command, *inputs, *extra)
    assert result.exit_code == 3, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    lines = result.output.splitlines()
    assert all(warning in lines for warning in warnings), result.output
    assert "[/b] Bridge \\x1b[2J reopens" in result.output
    assert "[bold]Post" in result.output and "Ledger\\x1b]0;x\\x07" in result.output


def test_the_progress_shows_names_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the reading progress names each input as it goes."""
    import parallax.cli

    terminal = Console(file=io.StringIO(), force_terminal=True, width=250)
    monkeypatch.setattr(parallax.cli, "err", terminal)
    odd = tmp_path / "x[/red]" / "a\x1b[2J.txt"
    odd.parent.mkdir(parents=True)
    odd.write_text((EXAMPLE / "002_2307606c6289dd28.txt").read_text())
    result = _run("articles", str(odd), "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 0, result.output
    printed = terminal.file.getvalue()
    assert "x[/red]/a\\x1b[2J.txt" in printed and "\x1b[2J" not in printed


@pytest.mark.parametrize("command", ["annotate", "analyze"])
def test_a_cache_folder_that_cannot_be_made_is_named(command: str, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")
    result = _run(command, str(EXAMPLE), "--cache", str(tmp_path / "taken"))
    assert result.exit_code == 2
    assert f"error: cannot write {tmp_path / 'taken'}: File exists" in result.output
