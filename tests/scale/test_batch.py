"""`parallax batch` on a Dask LocalCluster: every article exactly once, a re-run resumes,
a killed worker loses nothing, and a story's analysis is the one `analyze` gives."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import psutil
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from dask.distributed import Client
from synthetic import feed, write_jsonl
from typer.testing import CliRunner

from parallax.cli import app as cli
from parallax.compare.settings import CompareSettings
from parallax.ingest.articles import read_articles
from parallax.ingest.sources import ReadLimits
from parallax.model import Article, Story, article_key
from parallax.pipeline import analyze, story_order
from parallax.scale.batch import BatchSettings, dask_client, run_batch
from parallax.scale.partitions import partitions
from parallax.stories.grouping import StoryGrouper

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "src/parallax/schemas/analysis.schema.json").read_text()
)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with dask_client("local", workers=2) as connected:
        yield connected


@pytest.fixture
def feed_file(tmp_path: Path) -> tuple[Path, list[dict]]:
    records = feed(events=8, outlets=4)
    return write_jsonl(tmp_path / "feed.jsonl", records), records


def expected_keys(path: Path) -> set[str]:
    """What the single-machine reader makes of the same feed."""
    return {article_key(article.text) for article in read_articles([str(path)]).articles}


def stored_keys(out: Path) -> list[str]:
    """Every article row in the output, duplicates included (there must be none)."""
    return ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table(
        columns=["key"]
    )["key"].to_pylist()


def test_every_article_lands_once_and_a_rerun_resumes(client, feed_file, tmp_path) -> None:
    path, _ = feed_file
    out = tmp_path / "out"
    first = run_batch(client, [str(path)], out, BatchSettings(partition_size=6))
    expected = expected_keys(path)
    keys = stored_keys(out)
    assert len(expected) >= 25 and first.articles == len(expected)
    assert sorted(keys) == sorted(expected)
    assert first.partitions == 6 and first.partitions_reused == 0

    stories = pq.read_table(out / "stories.parquet").to_pylist()
    members = [key for story in stories for key in story["articles"]]
    assert sorted(members) == sorted(expected), "each article in exactly one story"
    windows = {window for story in stories for window in story["windows"]}
    assert windows == {"2023-01", "2023-02"}
    compared = [story for story in stories if story["analysed"]]
    assert len(compared) >= 6 and first.analysed == len(compared)
    for story in compared:
        analysis = json.loads((out / "analyses" / f"{story['key']}.json").read_text())
        jsonschema.validate(analysis, SCHEMA)
        assert analysis["story"]["id"] == story["key"]
        assert len(analysis["articles"]) == len(story["articles"])
    claims = ds.dataset(out / "claims", format="parquet", partitioning="hive").to_table()
    assert claims.num_rows > len(expected) and set(claims["article"].to_pylist()) <= expected

    before = {p: p.stat().st_mtime_ns for p in (out / "analyses").iterdir()}
    again = run_batch(client, [str(path)], out, BatchSettings(partition_size=6))
    assert again.partitions_reused == again.partitions == 6
    assert again.analysed == 0 and again.analyses_reused == len(compared)
    assert {p: p.stat().st_mtime_ns for p in (out / "analyses").iterdir()} == before
    assert sorted(stored_keys(out)) == sorted(expected)


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(client, tmp_path) -> None:
    records = feed(events=12, outlets=4, seed=11)
    path = write_jsonl(tmp_path / "feed.jsonl", records)
    out = tmp_path / "out"
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["report"] = run_batch(client, [str(path)], out,
                                          BatchSettings(partition_size=3))
        except Exception as error:  # surfaced by the assertion below
            outcome["error"] = error

    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 120
    while not list((out / "partitions").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    done_before = len(list((out / "partitions").glob("*.json")))
    victim = next(iter(client.run(os.getpid).values()))
    os.kill(victim, signal.SIGKILL)
    runner.join(timeout=600)
    assert "error" not in outcome, outcome.get("error")
    assert 0 < done_before < 16, "the worker was killed mid-run"
    expected = expected_keys(path)
    keys = stored_keys(out)
    assert len(keys) == len(set(keys)), "no article twice"
    assert set(keys) == expected, "no article lost"
    assert outcome["report"].articles == len(expected)
    assert victim not in client.run(os.getpid).values(), "the dead worker was replaced"


# One event's reports run over the end of January into February.
OVER_MONTHS_END = {"e0-o0": "2023-01-30", "e0-o1": "2023-01-31", "e0-o2": "2023-02-01",
                   "e0-o3": "2023-02-03"}
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"


@pytest.fixture(scope="module")
def batched_feed(tmp_path_factory) -> Path:
    records = [{**record, "published": OVER_MONTHS_END.get(record["id"], record["published"])}
               for record in feed(events=8, outlets=4)]
    return write_jsonl(tmp_path_factory.mktemp("feed") / "feed.jsonl", records)


@pytest.fixture(scope="module")
def batched(client, batched_feed, tmp_path_factory) -> Path:
    """One batch run's output, for the tests that compare its analyses (copy it to change it)."""
    out = tmp_path_factory.mktemp("batched") / "out"
    run_batch(client, [str(batched_feed)], out, BatchSettings(partition_size=16))
    return out


def test_a_story_over_a_months_end_is_one_story_as_in_parallax_stories(
    batched, batched_feed
) -> None:
    """Months are grouped apart, yet the reports either side of a month's end make one story,
    as they do when the whole feed is grouped at once."""
    articles = read_articles([str(batched_feed)]).articles
    over = {article_key(a.text) for a in articles if a.published in OVER_MONTHS_END.values()}
    grouper = StoryGrouper()
    grouper.add(articles)
    assert any(over <= {article_key(member.text) for member in members}
               for _, members in grouper.stories_with_texts(articles))
    stories = pq.read_table(batched / "stories.parquet").to_pylist()
    holding = [story for story in stories if over & set(story["articles"])]
    # two of the four reports can be the same text, read as one article
    assert {a.published[:7] for a in articles if article_key(a.text) in over} == {
        "2023-01", "2023-02"}
    assert len(holding) == 1 and over <= set(holding[0]["articles"])
    story = holding[0]
    assert story["windows"] == ["2023-01", "2023-02"] and story["analysed"]
    analysis = json.loads((batched / "analyses" / f"{story['key']}.json").read_text())
    assert len(analysis["articles"]) == len(story["articles"])


def test_undated_articles_join_their_dated_story_as_in_parallax_stories(client, tmp_path) -> None:
    """The example's five saved pages, two of them without a date: undated articles are
    grouped in a window of their own, yet join the dated story, as in `parallax stories`."""
    articles = read_articles([str(EXAMPLE)]).articles
    assert sum(not article.published for article in articles) == 2
    grouper = StoryGrouper()
    grouper.add(articles)
    assert len(grouper.stories()) == 1
    report = run_batch(client, [str(EXAMPLE)], tmp_path / "out")
    stories = pq.read_table(tmp_path / "out" / "stories.parquet").to_pylist()
    assert report.stories == len(stories) == 1
    assert sorted(stories[0]["articles"]) == sorted(article_key(a.text) for a in articles)
    assert stories[0]["windows"] == ["2022-02", "undated-001"] and stories[0]["analysed"]


def test_a_story_compared_in_batch_matches_analyze(batched) -> None:
    out = batched
    story = next(s for s in pq.read_table(out / "stories.parquet").to_pylist() if s["analysed"])
    batch = json.loads((out / "analyses" / f"{story['key']}.json").read_text())
    single = analyze(stored_story(out, story)).to_record()
    for part in ("consensus", "divergences", "unique", "timeline", "summary", "story"):
        assert batch[part] == single[part], part


def test_a_story_gets_the_same_labels_on_every_path(batched, batched_feed, tmp_path) -> None:
    """The batch run, `parallax analyze --by-story` and the store label a story's articles
    a1…aN alike (by date, then by text), whatever order each path met them in. (The batch
    groups month by month, so it may keep apart stories a whole-feed grouping joins: the
    stories both found are compared.)"""
    from parallax.store import queries
    from parallax.store.database import Database
    from parallax.store.ingest import ingest_inputs

    def labels(document: dict) -> dict[str, str]:
        return {article["ref"]: article["id"] for article in document["articles"]}

    def by_members(documents: list[dict]) -> dict[frozenset[str], dict[str, str]]:
        return {frozenset(labels(document)): labels(document) for document in documents}

    batch = by_members(
        [json.loads(path.read_text()) for path in (batched / "analyses").glob("*.json")])
    output = tmp_path / "cli" / "story.json"
    ran = CliRunner().invoke(cli, ["analyze", str(batched_feed), "--by-story", "-o", str(output)])
    assert ran.exit_code == 0, ran.output
    by_story = [json.loads(path.read_text()) for path in output.parent.glob("story.*.json")]
    database = Database(str(tmp_path / "parallax.db"))
    ingest_inputs(database, [str(batched_feed)])
    stored = [queries.story(database, listing.key).analysis
              for listing in queries.list_stories(database) if listing.analysed]
    database.close()
    assert by_members(by_story) == by_members(stored)
    common = batch.keys() & by_members(stored).keys()
    assert common, "a story both groupings found"
    for members in common:
        assert batch[members] == by_members(stored)[members]
    dates = [article["published"] for document in stored for article in document["articles"]
             if frozenset(labels(document)) in common]
    assert len(dates) > len(set(dates)), "articles of one day, ordered by their text"


def test_a_story_too_big_to_compare_whole_reads_only_what_it_compares(
    batched, tmp_path, monkeypatch
) -> None:
    """Run here rather than on the workers, so that the limit can be lowered for the test."""
    from parallax.scale import outputs, tasks

    out = Path(shutil.copytree(batched, tmp_path / "out"))
    story = max(pq.read_table(out / "stories.parquet").to_pylist(),
                key=lambda s: len(s["articles"]))
    assert len(story["articles"]) >= 3
    two = CompareSettings(max_articles=2)
    read = outputs.read_window
    annotations_read: list[str] = []

    def read_and_note(out, window, columns, keys=None):
        found = read(out, window, columns, keys)
        if "annotation" in columns:
            annotations_read.extend(found["key"].to_pylist())
        return found

    monkeypatch.setattr(outputs, "read_window", read_and_note)
    tasks.analysis_path(out, story["key"]).unlink()  # else the task keeps the one written
    tasks.analyse_stories([story], str(out), two)
    batch = json.loads((out / "analyses" / f"{story['key']}.json").read_text())
    single = analyze(stored_story(out, story), two).to_record()
    assert len(annotations_read) == 2
    assert [a["id"] for a in batch["articles"]] == [a["id"] for a in single["articles"]]
    assert len(batch["articles"]) == 2
    assert batch["warnings"][0] == single["warnings"][0]
    assert batch["warnings"][0].startswith(f"story of {len(story['articles'])} articles")
    for part in ("consensus", "divergences", "unique", "timeline", "summary"):
        assert batch[part] == single[part], part


def test_a_comparison_redone_after_a_lost_worker_skips_the_stories_it_wrote(
    batched, tmp_path, monkeypatch
) -> None:
    from parallax.compare import analyze as analyze_module
    from parallax.scale import tasks

    out = Path(shutil.copytree(batched, tmp_path / "out"))
    stories = [s for s in pq.read_table(out / "stories.parquet").to_pylist() if s["analysed"]]
    assert len(stories) >= 2
    lost = tasks.analysis_path(out, stories[-1]["key"])
    lost.unlink()
    compare = analyze_module.compare_annotated
    compared: list[str] = []

    def compare_and_note(members, *settings, **options):
        compared.append(options["story_id"])
        return compare(members, *settings, **options)

    monkeypatch.setattr(analyze_module, "compare_annotated", compare_and_note)
    assert tasks.analyse_stories(stories, str(out), CompareSettings()) == [
        s["key"] for s in stories]
    assert compared == [stories[-1]["key"]]
    assert json.loads(lost.read_text())["story"]["id"] == stories[-1]["key"]


def stored_story(out: Path, story: dict) -> Story:
    """A story as the batch run stored it: its members, read back, in story order."""
    table = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table(
        filter=ds.field("key").isin(story["articles"])
    )
    members = [
        Article.from_record({**row, "id": row["key"], "removed": json.loads(row["removed"])})
        for row in table.to_pylist()
    ]
    members.sort(key=lambda article: story_order(article.published, article.id))
    return Story(story["key"], story["title"], story["start"], story["end"], story["sources"],
                 members)


def test_partitions_are_cut_as_read_and_named_by_content(feed_file, tmp_path) -> None:
    path, _ = feed_file
    missing = str(tmp_path / "nope.jsonl")
    cut = list(partitions([str(path), missing], size=10, limits=ReadLimits()))
    assert [len(p.documents) for p in cut] == [10, 10, 10, 2]
    assert [str(problem) for problem in cut[-1].problems] == [
        f"{missing}: no such file or directory"
    ]
    again = list(partitions([str(path)], size=10))
    assert [p.digest for p in again] == [p.digest for p in cut]
    shifted = list(partitions([str(path)], size=9))
    assert shifted[0].digest != cut[0].digest


def test_batch_command_names_bad_inputs_and_unreachable_schedulers(feed_file, tmp_path) -> None:
    path, _ = feed_file
    missing = tmp_path / "missing.jsonl"
    runner = CliRunner()
    partial = runner.invoke(cli, ["batch", str(path), str(missing), "--out",
                                  str(tmp_path / "out"), "--workers", "1",
                                  "--partition-size", "16"])
    assert partial.exit_code == 3, partial.output
    assert f"{missing}: no such file or directory" in partial.output
    assert (tmp_path / "out" / "stories.parquet").exists()
    assert "Dask dashboard: http://127.0.0.1:" in partial.output
    unreachable = runner.invoke(cli, ["batch", str(path), "--out", str(tmp_path / "x"),
                                      "--scheduler", "tcp://127.0.0.1:9",
                                      "--connect-timeout", "2"])
    assert unreachable.exit_code == 2
    assert "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in unreachable.output


def test_the_local_cluster_listens_on_loopback_only() -> None:
    """Its dashboard has no authentication: nothing of it may be reachable from the network."""
    with dask_client("local", workers=1):
        me = psutil.Process()
        listening = {(connection.laddr.ip, connection.laddr.port)
                     for process in [me, *me.children(recursive=True)]
                     for connection in process.net_connections("tcp")
                     if connection.status == psutil.CONN_LISTEN}
    assert len(listening) >= 3, "scheduler, worker and dashboard"
    assert {ip for ip, _ in listening} == {"127.0.0.1"}


def test_batch_command_names_an_unusable_out_folder_and_a_bad_scheduler(
    feed_file, tmp_path
) -> None:
    path, _ = feed_file
    (tmp_path / "file").write_text("")
    runner = CliRunner()
    unwritable = runner.invoke(cli, ["batch", str(path), "--out", str(tmp_path / "file" / "out")])
    assert unwritable.exit_code == 2
    assert f"error: cannot write {tmp_path / 'file' / 'out'}: Not a directory" in unwritable.output
    malformed = runner.invoke(cli, ["batch", str(path), "--out", str(tmp_path / "out"),
                                    "--scheduler", "nowhere"])
    assert malformed.exit_code == 2
    assert "nowhere: cannot reach the Dask scheduler" in malformed.output
