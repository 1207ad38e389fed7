"""The store on real input, in SQLite and PostgreSQL: ingest, regroup, re-ingest, fail,
ingest at the same time, refuse what it cannot open, and `parallax ingest` as users call it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import func, select, update
from sqlalchemy import text as sql
from sqlalchemy.orm import selectinload
from store_articles import EXAMPLE, FERRY, SIXTH, WATER, WriteFiles
from typer.testing import CliRunner

import parallax.compare.analyze
import parallax.pipeline
from parallax.cli import app
from parallax.compare.settings import CompareSettings
from parallax.ingest.articles import read_articles
from parallax.model import Article, article_key, story_key
from parallax.store import queries
from parallax.store.database import MIGRATIONS, Database, StoreProblem
from parallax.store.ingest import ingest_articles, ingest_inputs
from parallax.store.tables import ArticleRow, SchemaVersion, StoryArticle, StoryRow

SCHEMA = json.loads(
    resources.files("parallax").joinpath("schemas/analysis.schema.json").read_text()
)


def _validate(analysis: dict, key: str) -> None:
    """The stored analysis is a parallax.analysis/1 document of story `key`."""
    jsonschema.validate(analysis, SCHEMA)
    assert analysis["story"]["id"] == key


def _state(db: Database) -> dict:
    """Everything an ingest can change: stored articles, and each story's members (key,
    ref), counts, analysis (as JSON text) and time of writing."""
    query = select(StoryRow).options(
        selectinload(StoryRow.members).selectinload(StoryArticle.article)
    )
    with db.session() as session:
        articles = sorted(session.scalars(select(ArticleRow.key)))
        stories = {
            row.key: {
                "members": [(m.article.key, m.article.ref) for m in row.members],
                "labels": [m.label for m in row.members],
                "title": row.title,
                "article_count": row.article_count,
                "divergence_count": row.divergence_count,
                "analysis": json.dumps(row.analysis, sort_keys=True),
                "updated": row.updated,
            }
            for row in session.scalars(query)
        }
    return {"articles": articles, "stories": stories}


def _assert_consistent(db: Database) -> dict:
    """Each stored article is in exactly one story; each story is keyed by its members, counts
    them right and, with two or more, has an analysis of exactly those articles."""
    state = _state(db)
    in_stories = [key for story in state["stories"].values() for key, _ in story["members"]]
    assert sorted(in_stories) == state["articles"]
    for key, story in state["stories"].items():
        members = story["members"]
        assert key == story_key(member for member, _ in members)
        assert story["article_count"] == len(members)
        assert story["labels"] == [f"a{n}" for n in range(1, len(members) + 1)]
        analysis = json.loads(story["analysis"])
        if len(members) == 1:
            assert analysis is None and story["divergence_count"] == 0
            continue
        _validate(analysis, key)
        assert story["title"] == analysis["story"]["title"]
        assert [(a["id"], a["ref"]) for a in analysis["articles"]] == [
            (label, ref) for label, (_, ref) in zip(story["labels"], members, strict=True)
        ]
        assert story["divergence_count"] == len(analysis["divergences"])
    return state


def _count(db: Database, table) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def _evidence(analysis: dict):
    for section in ("consensus", "unique", "timeline", "summary"):
        for item in analysis[section]:
            yield from item["evidence"]
    for divergence in analysis["divergences"]:
        for position in divergence["positions"]:
            yield from position["evidence"]


def test_example_is_stored_as_one_analysed_story(database: Database) -> None:
    report = ingest_inputs(database, [str(EXAMPLE)], settings=CompareSettings(summary_sentences=4))
    assert (report.read, report.new, report.exit_code) == (5, 5, 0)
    assert len(report.stories) == 1 and report.analysed == report.stories
    assert _count(database, ArticleRow) == 5
    _assert_consistent(database)

    [listing] = queries.list_stories(database)
    assert listing.key == report.stories[0] and queries.is_key(listing.key)
    assert listing.article_count == 5 and listing.analysed
    assert listing.sources == ["DW", "Sputnik"]
    assert (listing.start, listing.end) == ("2022-02-02", "2022-02-25")
    view = queries.story(database, listing.key)
    analysis = view.analysis
    assert analysis["schema"] == "parallax.analysis/2"
    _validate(analysis, listing.key)
    assert len(analysis["summary"]) == 4
    assert listing.divergence_count == len(analysis["divergences"]) > 0

    # Labels a1..a5 in the analysis are the stored articles, matched by their file.
    stored = {}
    for key in view.article_keys.values():
        stored[key] = queries.article(database, key)
    assert sorted(view.article_keys) == ["a1", "a2", "a3", "a4", "a5"]
    assert sorted(stored) == _state(database)["articles"]
    for described in analysis["articles"]:
        record = stored[view.article_keys[described["id"]]].record
        assert record["ref"] == described["ref"]
        assert article_key(record["text"]) == record["id"]

    # Every evidence span cited from an article is highlighted in it, and slices its text.
    for label, key in view.article_keys.items():
        shown = stored[key]
        text = shown.record["text"]
        assert shown.stories == [{"key": listing.key, "title": listing.title, "label": label}]
        cited = [e for e in _evidence(analysis) if e["article"] == label]
        assert cited, f"{label} is cited nowhere"
        for evidence in cited:
            assert text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert {(h.start, h.end) for h in shown.highlights} == {
            (e["start"], e["end"]) for e in cited
        }
        assert all(text[h.start:h.end].strip() for h in shown.highlights)

    # The stories list can be searched by words in the articles and filtered by outlet.
    assert [s.key for s in queries.list_stories(database, words="pentagon ROMANIA")] == [
        listing.key
    ]
    assert queries.list_stories(database, words="ferry") == []
    assert [s.key for s in queries.list_stories(database, outlet="dw")] == [listing.key]
    assert queries.list_stories(database, outlet="Reuters") == []
    assert queries.outlets(database) == ["DW", "Sputnik"]
    assert queries.story(database, "0" * 16) is None
    assert queries.article(database, "../../etc/passwd") is None


def test_ingesting_the_same_inputs_again_changes_nothing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ingest_inputs(database, [str(EXAMPLE)])
    before = _state(database)
    calls = []
    real = parallax.pipeline.compare_story

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallax.pipeline, "compare_story", counted)
    again = ingest_inputs(database, [str(EXAMPLE)])
    assert (again.read, again.new, again.analysed, again.exit_code) == (5, 0, [], 0)
    assert again.stories == first.stories
    assert len(again.warnings) == 5
    assert all(w.reason == "already stored; skipped" for w in again.warnings)
    assert calls == []
    assert _state(database) == before  # same rows, same analysis JSON, same times


def test_a_related_article_regroups_the_story_and_an_unrelated_one_stands_alone(
    database: Database, write_files: WriteFiles
) -> None:
    old = ingest_inputs(database, [str(EXAMPLE)]).stories[0]
    [sixth, ferry] = write_files("more", SIXTH, FERRY[0])
    report = ingest_inputs(database, [sixth, ferry])
    assert (report.read, report.new, report.exit_code) == (2, 2, 0)
    assert queries.story(database, old) is None
    state = _assert_consistent(database)
    assert len(state["articles"]) == 7 and len(state["stories"]) == 2
    assert _count(database, StoryArticle) == 7  # the old story's memberships went with it

    by_size = {len(story["members"]): key for key, story in state["stories"].items()}
    troops, alone = by_size[6], by_size[1]
    assert troops != old
    assert sorted(report.stories) == sorted([troops, alone])
    assert report.analysed == [troops]
    view = queries.story(database, troops)
    assert len(view.analysis["articles"]) == 6 and view.listing.divergence_count > 0
    sixth_key = article_key(read_articles([sixth]).articles[0].text)
    assert sixth_key in view.article_keys.values()

    lonely = queries.story(database, alone)
    assert lonely.analysis is None and not lonely.listing.analysed
    assert lonely.listing.article_count == 1
    assert lonely.listing.title == "Island ferry to run every half hour from May"
    [shown] = [s for s in queries.list_stories(database, words="Kell")]
    assert shown.key == alone and shown.divergence_count == 0


def test_a_failed_analysis_leaves_the_store_as_it_was(
    database: Database, write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_inputs(database, write_files("ferry", FERRY[0], FERRY[1]))
    before = _assert_consistent(database)
    assert [len(s["members"]) for s in before["stories"].values()] == [2]

    def broken(*args, **kwargs):
        raise RuntimeError("the language model ran out of memory")

    monkeypatch.setattr(parallax.compare.analyze, "compare_annotated", broken)
    third = write_files("ferry", FERRY[2])
    with pytest.raises(RuntimeError, match="out of memory"):
        ingest_inputs(database, third)
    assert _state(database) == before

    # Nothing was left locked or half-written: the same ingest works once analysis does.
    monkeypatch.undo()
    report = ingest_inputs(database, third)
    assert report.new == 1 and len(report.analysed) == 1
    after = _assert_consistent(database)
    assert [len(s["members"]) for s in after["stories"].values()] == [3]


def test_concurrent_ingests_in_threads_store_every_article_once(
    database_url: str, example_articles: list[Article], write_files: WriteFiles
) -> None:
    # Two writers share one Database (the in-process lock); a third opens its own while they
    # run (the file lock or PostgreSQL advisory lock), as a second process would.
    shared = Database(database_url)
    ferry = read_articles(write_files("ferry", *FERRY[:2])).articles
    water = read_articles(write_files("water", *WATER)).articles
    start = threading.Barrier(3)
    reports, errors = {}, []

    def run(name: str, articles: list[Article]) -> None:
        try:
            start.wait(timeout=30)
            db = shared if name != "own" else Database(database_url)
            reports[name] = ingest_articles(db, articles)
        except Exception as error:  # reported below
            errors.append(f"{name}: {type(error).__name__}: {error}")

    threads = [
        threading.Thread(target=run, args=("own", example_articles)),
        threading.Thread(target=run, args=("shared-ferry", ferry)),
        threading.Thread(target=run, args=("shared-water", water)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert sum(report.new for report in reports.values()) == 9
    state = _assert_consistent(shared)
    assert len(state["articles"]) == 9
    assert sorted(len(s["members"]) for s in state["stories"].values()) == [2, 2, 5]
    shared.close()


def test_concurrent_ingest_commands_store_every_article_once(
    tmp_path: Path, write_files: WriteFiles
) -> None:
    # Two `parallax ingest` processes on one SQLite file at once: one stores and analyses a
    # story of two, the other an article of its own (it needs no models, so the test is
    # quicker), each waiting for the other's writes.
    database = tmp_path / "shared.db"
    folders = [
        Path(write_files("ferry", *FERRY[:2])[0]).parent,
        Path(write_files("water", WATER[0])[0]).parent,
    ]
    command = Path(sys.executable).with_name("parallax")
    running = [
        subprocess.Popen(
            [str(command), "ingest", str(folder), "--db", str(database)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for folder in folders
    ]
    for process, stored in zip(running, ("2 new of 2", "1 new of 1"), strict=True):
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        assert f"{stored} articles stored" in _words(stdout)
    db = Database(str(database))
    state = _assert_consistent(db)
    assert len(state["articles"]) == 3
    assert sorted(len(s["members"]) for s in state["stories"].values()) == [1, 2]
    db.close()


def test_a_store_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    with pytest.raises(StoreProblem, match="/nonexistent-dir/x.db.*does not exist"):
        Database("/nonexistent-dir/x.db")
    with pytest.raises(StoreProblem, match="mysql://x: not a database Parallax can open"):
        Database("mysql://x")
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("shopping list\n" * 100)
    with pytest.raises(StoreProblem, match="notes.txt: cannot open the database"):
        Database(str(not_a_database))
    with pytest.raises(StoreProblem, match=r"/proc/parallax.db: cannot open"):
        Database("/proc/parallax.db")  # its lock file cannot be made there
    # A server that is not there: named, without its password.
    with pytest.raises(StoreProblem) as problem:
        Database("postgresql://reader:hunter2secret@127.0.0.1:1/news")
    assert "postgresql://reader:***@127.0.0.1:1/news: cannot open" in str(problem.value)
    assert "hunter2secret" not in str(problem.value)


def test_a_store_from_a_newer_parallax_is_refused(
    database: Database, database_url: str
) -> None:
    with database.session() as session:
        session.execute(update(SchemaVersion).values(version=99))
        session.commit()
    with pytest.raises(StoreProblem, match="newer Parallax") as problem:
        Database(database_url)
    assert "schema 99" in str(problem.value)


def test_a_store_is_reopened_without_migrating_again(
    database: Database, database_url: str, write_files: WriteFiles
) -> None:
    ingest_inputs(database, write_files("water", *WATER))
    before = _state(database)
    reopened = Database(database_url)
    assert _state(reopened) == before
    with reopened.session() as session:
        assert list(session.scalars(select(SchemaVersion.version))) == [len(MIGRATIONS)]
    reopened.close()


def test_a_store_made_before_articles_kept_their_url_is_migrated(
    database: Database, database_url: str, write_files: WriteFiles
) -> None:
    """A version 1 store (no url or kind columns) opens, gains both, and keeps its articles."""
    ingest_inputs(database, write_files("water", *WATER))
    before = _state(database)
    with database.engine.begin() as connection:
        for column in ("url", "kind"):
            connection.execute(sql(f"ALTER TABLE articles DROP COLUMN {column}"))
        connection.execute(update(SchemaVersion).values(version=1))
    database.close()
    migrated = Database(database_url)
    assert _state(migrated) == before
    key = before["articles"][0]
    assert queries.article(migrated, key).record["url"] is None
    with migrated.session() as session:
        assert list(session.scalars(select(SchemaVersion.version))) == [len(MIGRATIONS)]
        session.execute(update(ArticleRow).values(url="https://water.example/a", kind="opinion"))
        session.commit()
    assert queries.article(migrated, key).record["url"] == "https://water.example/a"
    migrated.close()


def _ingest_command(*args: str):
    return CliRunner().invoke(app, ["ingest", *args])


def _words(printed: str) -> str:
    """Printed text with its line wrapping undone."""
    return " ".join(printed.split())


def test_ingest_command_names_a_missing_input_and_stores_the_rest(
    database_url: str, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.txt"
    result = _ingest_command(str(EXAMPLE), str(missing), "--db", database_url)
    assert result.exit_code == 3, result.output
    assert "gone.txt" in result.stderr
    assert "stories of these articles" in result.stdout
    assert "5 new of 5 articles stored" in _words(result.stdout)
    db = Database(database_url)
    [listing] = queries.list_stories(db)
    assert listing.key in result.stdout and listing.article_count == 5
    db.close()

    again = _ingest_command(str(EXAMPLE), "--db", database_url)
    assert again.exit_code == 0, again.output
    assert "0 new of 5 articles stored" in _words(again.stdout)
    assert "0 stories analysed" in _words(again.stdout)
    assert listing.key in again.stdout  # the story table, still listing the story


def test_ingest_command_refuses_a_bad_database(tmp_path: Path, write_files: WriteFiles) -> None:
    [article] = write_files("one", WATER[0])
    result = _ingest_command(article, "--db", str(tmp_path / "no-such-folder" / "x.db"))
    assert result.exit_code == 2
    assert "no-such-folder" in result.stderr and "does not exist" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)

    result = _ingest_command(article, "--db", "postgresql://reader:hunter2secret@127.0.0.1:1/x")
    assert result.exit_code == 2
    assert "cannot open the database" in result.stderr
    assert "hunter2secret" not in result.output
