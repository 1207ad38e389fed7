"""The `parallax` command: thin wiring from arguments to the pipeline and back to the user."""

from __future__ import annotations

import json
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from parallax import __version__
from parallax.ingest.articles import IngestResult, read_articles
from parallax.ingest.sources import ReadLimits
from parallax.model import Article, InputProblem, Story
from parallax.terminal import shown, visible

if TYPE_CHECKING:
    from dask.distributed import Client

    from parallax.model import Analysis, AnnotatedArticle
    from parallax.nlp.records import AnnotationCache
    from parallax.store.database import Database
    from parallax.stories.grouping import StoryGrouper

ARTICLES_SCHEMA = "parallax.articles/2"
STORIES_SCHEMA = "parallax.stories/1"
ANNOTATIONS_SCHEMA = "parallax.annotations/1"
EXIT_USAGE = 2
EXIT_PARTIAL = 3
_STYLES = {"error": "red", "warning": "yellow", "note": "dim"}
_FIGURES_SHOWN = 3

Inputs = Annotated[
    list[str],
    typer.Argument(help="Files, directories, JSON/JSONL exports, http(s) URLs, or - for stdin."),
]


def _output_option(schema: str) -> typer.models.OptionInfo:
    return typer.Option("-o", "--output", help=f"Write {schema} JSON here (- for stdout).")


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Compare how outlets cover one story; every statement traced to its sentence.",
)
out = Console()
err = Console(stderr=True)


def _show_version(value: bool) -> None:
    if value:
        out.print(f"parallax {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Compare how outlets cover one story; every statement traced to its sentence."""


@app.command()
def articles(
    inputs: Inputs,
    output: Annotated[Path | None, _output_option(ARTICLES_SCHEMA)] = None,
    keep_removed: Annotated[
        bool, typer.Option("--keep-removed", help="Keep removed lines and reasons, for audit.")
    ] = False,
    max_mb: Annotated[
        float, typer.Option("--max-mb", min=0.001, help="Largest single document to read, in MB.")
    ] = ReadLimits.max_document_bytes / 1_000_000,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait for a URL.")
    ] = ReadLimits.url_timeout_s,
) -> None:
    """Read articles from any mix of inputs and clean them (site junk out, metadata in).

    Exit code: 0 when every input was read, 3 when some were skipped (each named in a
    warning), 2 when nothing usable was read.
    """
    limits = ReadLimits(max_document_bytes=int(max_mb * 1_000_000), url_timeout_s=timeout)
    result = _read_with_progress(inputs, limits)
    _report_problems(result)
    if output is None:
        _print_articles_table(result)
    else:
        document = {
            "schema": ARTICLES_SCHEMA,
            "articles": [a.to_record(keep_removed=keep_removed) for a in result.articles],
            "warnings": result.warnings,
        }
        _write_json(document, output)
    raise typer.Exit(result.exit_code)


@app.command()
def stories(
    inputs: Inputs,
    output: Annotated[Path | None, _output_option(STORIES_SCHEMA)] = None,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state", help="Keep the grouping in this directory; later runs add to its stories."
        ),
    ] = None,
) -> None:
    """Group a mixed feed into stories: one per event, not per topic.

    With --state, new articles join the saved stories or open new ones; saved stories are
    never regrouped, and an article already grouped is skipped. Without -o, prints a table.
    Exit code: 0 when every input was read, 3 when some were skipped, 2 when nothing usable
    was read or the state cannot be used.
    """
    from parallax.stories.grouping import StoryGrouper
    from parallax.stories.state import StateProblem, load, save

    result = _read_with_progress(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    try:
        grouper = load(state) if state else StoryGrouper()
        notes = _group_with_progress(grouper, result.articles)
        if state:
            save(grouper, state)
    except StateProblem as problem:
        _fail(problem)
    for note in notes:
        _say("warning", note, style="dim")
    found = grouper.stories()
    if output is None:
        _print_stories_table(found)
    else:
        document = {
            "schema": STORIES_SCHEMA,
            "stories": [story.to_record() for story in found],
            "warnings": result.warnings + [str(note) for note in notes],
        }
        _write_json(document, output)
    raise typer.Exit(result.exit_code)


@app.command()
def annotate(
    inputs: Inputs,
    output: Annotated[Path | None, _output_option(ANNOTATIONS_SCHEMA)] = None,
    cache: Annotated[
        Path | None,
        typer.Option("--cache", help="Keep annotations here; unchanged articles are not redone."),
    ] = None,
    processes: Annotated[
        int, typer.Option("--processes", min=1, help="Worker processes for large inputs.")
    ] = 1,
) -> None:
    """Run the language layer: sentences, entities, quantities, dates, quotes and claims.

    Entity keys are joined across all the inputs ("Zelenskyy" in one article takes the key of
    "Volodymyr Zelensky" in another). Without -o, prints what was found per article.
    Exit code: 0 when every input was read and annotated, 3 when some inputs or articles
    failed (each named in a warning), 2 when nothing usable was read or the cache folder
    cannot be made.
    """
    from parallax.nlp.entities import link_entities
    from parallax.nlp.records import to_record

    store = _open_cache(cache)
    result = _read_with_progress(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    annotated = _annotate_with_progress(result.articles, processes, store)
    link_entities(annotated)
    failures = [w for a in annotated for w in a.warnings]
    for warning in failures:
        _say("warning", warning)
    if output is None:
        _print_annotations_table(annotated)
    else:
        document = {
            "schema": ANNOTATIONS_SCHEMA,
            "articles": [to_record(a) for a in annotated],
            "warnings": result.warnings + failures,
        }
        _write_json(document, output)
    raise typer.Exit(max(result.exit_code, EXIT_PARTIAL if failures else 0))


REPORT_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html"}


@app.command()
def analyze(
    inputs: Inputs,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output",
            help="Write the analysis here: .json (parallax.analysis/2), .md or .html "
            "(- for JSON on stdout). With --by-story, one file per story: NAME.<story>.EXT.",
        ),
    ] = None,
    summary_sentences: Annotated[
        int, typer.Option("--summary-sentences", min=0, help="Sentences in the cited summary.")
    ] = 6,
    by_story: Annotated[
        bool,
        typer.Option("--by-story", help="Group a mixed feed into stories first, then analyse "
                     "each story of two or more articles."),
    ] = False,
    cache: Annotated[
        Path | None,
        typer.Option("--cache", help="Keep annotations here; unchanged articles are not redone."),
    ] = None,
    processes: Annotated[
        int, typer.Option("--processes", min=1, help="Worker processes for the language layer.")
    ] = 1,
) -> None:
    """Compare the articles of one story: consensus, divergences, unique facts, timeline and a
    cited summary, every statement with the verbatim sentence it comes from.

    Without -o, prints the report. Exit code: 0 when every input was read and analysed,
    3 when some inputs or articles failed (each named in a warning), 2 when nothing usable
    was read, the output cannot be written or the cache folder cannot be made.
    """
    report_format = _report_format(output)
    store = _open_cache(cache)
    started = time.perf_counter()
    result = _read_with_progress(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    ingest_s = time.perf_counter() - started
    groups = _stories_to_analyse(result.articles) if by_story else [(None, result.articles)]
    if not groups:
        _say("warning", "no story has two or more articles; nothing to compare")
    failed = False
    for story_id, articles in groups:
        analysis = _analyze_with_progress(
            articles, summary_sentences, processes, store, story_id, ingest_s
        )
        analysis.warnings[:0] = result.warnings
        for warning in analysis.warnings[len(result.warnings):]:
            failed = True
            _say("warning", warning)
        _write_report(analysis, report_format, _story_output(output, story_id))
    raise typer.Exit(max(result.exit_code, EXIT_PARTIAL if failed else 0))


def _open_cache(cache: Path | None) -> AnnotationCache | None:
    """The annotation cache asked for, opened before any work is done."""
    from parallax.nlp.records import AnnotationCache

    if cache is None:
        return None
    try:
        return AnnotationCache(cache)
    except OSError as error:
        _cannot_write(cache, error)


def _report_format(output: Path | None) -> str:
    """The report format the output's suffix asks for (checked before any work is done)."""
    if output is None:
        return "terminal"
    if str(output) == "-":
        return "json"
    fmt = REPORT_FORMATS.get(output.suffix.lower())
    if fmt is None:
        _fail(f"{output}: unknown report format '{output.suffix}' "
              f"(use {', '.join(REPORT_FORMATS)})")
    return fmt


def _story_output(output: Path | None, story_id: str | None) -> Path | None:
    if output is None or story_id is None or str(output) == "-":
        return output
    return output.with_name(f"{output.stem}.{story_id}{output.suffix}")


def _stories_to_analyse(articles: list[Article]) -> list[tuple[str, list[Article]]]:
    from parallax.stories.grouping import StoryGrouper

    grouper = StoryGrouper()
    notes = _group_with_progress(grouper, articles)
    for note in notes:
        _say("warning", note, style="dim")
    return [
        (story.id, members)
        for story, members in grouper.stories_with_texts(articles)
        if len(members) >= 2
    ]


def _analyze_with_progress(
    articles: list[Article],
    summary_sentences: int,
    processes: int,
    cache: AnnotationCache | None,
    story_id: str | None,
    ingest_s: float,
) -> Analysis:
    from parallax.compare.analyze import analyze_articles

    with _bar_progress() as progress:
        label = f"analysing {shown(story_id)}" if story_id else "analysing"
        task = progress.add_task(label, total=len(articles))
        return analyze_articles(
            articles, summary_sentences=summary_sentences, processes=processes, cache=cache,
            on_done=lambda n: progress.advance(task, n), story_id=story_id or "s1",
            ingest_s=ingest_s,
        )


def _write_report(analysis: Analysis, report_format: str, output: Path | None) -> None:
    from parallax.report.render import render_html, render_json, render_markdown

    record = analysis.to_record()
    if output is None:
        out.print(Markdown(visible(render_markdown(record), keep="\n")))
    elif report_format == "json":
        _write_text(render_json(record), output)
    elif report_format == "markdown":
        _write_text(render_markdown(record), output)
    else:
        texts = {article.id: article.text for article in analysis.articles}
        _write_text(render_html(record, texts), output)


DbOption = Annotated[
    str,
    typer.Option("--db", help="SQLite file, or a postgresql://user:password@host/name URL."),
]


@app.command()
def ingest(
    inputs: Inputs,
    db: DbOption = "parallax.db",
    summary_sentences: Annotated[
        int, typer.Option("--summary-sentences", min=0, help="Sentences in each cited summary.")
    ] = 6,
) -> None:
    """Store articles, group everything stored into stories and analyse the stories that
    changed. Ingesting the same inputs again changes nothing.

    Exit code: 0 when every input was read and stored, 3 when some inputs were skipped
    (each named in a warning), 2 when nothing usable was read or the database cannot be used.
    """
    from parallax.store.ingest import ingest_articles

    database = _open_database(db)
    result = _read_with_progress(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    with _bar_progress() as progress:
        task = progress.add_task("storing", total=None)

        def show(stage: str, done: int, total: int) -> None:
            progress.update(task, description=shown(stage), completed=done, total=total or None)

        report = ingest_articles(
            database, result.articles, on_progress=show, summary_sentences=summary_sentences
        )
    for warning in report.warnings:
        _say("note", warning)
    _print_ingested(database, report.stories)
    out.print(
        f"{report.new} new of {report.read} articles stored in {shown(database.display)}; "
        f"{len(report.analysed)} stories analysed. Browse them: parallax serve --db "
        f"{shown(database.display)} and open http://127.0.0.1:8000/",
        highlight=False, soft_wrap=True,
    )
    raise typer.Exit(result.exit_code)


def _host_names(names: list[str] | None) -> list[str]:
    """--allowed-host values, each checked to be a host name (a usage error names the one
    that is not)."""
    from parallax.web.guard import host_name

    for name in names or []:
        if host_name(name) is None:
            raise typer.BadParameter(f"{name!r} is not a host name")
    return names or []


@app.command()
def serve(
    db: DbOption = "parallax.db",
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but 127.0.0.1 "
                          "shows the stories to your network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Let the add-articles form fetch URLs "
                           "on this machine or your private network (off: SSRF protection).")
    ] = False,
    allowed_host: Annotated[
        list[str] | None, typer.Option("--allowed-host", callback=_host_names,
                                       help="Another name the app answers to (repeatable), "
                                       "e.g. the one a reverse proxy passes on; the loopback "
                                       "names and --host always are.")
    ] = None,
) -> None:
    """Browse the stored stories in a local web app (and its JSON API at /docs)."""
    from parallax.web.app import WebSettings, create_app
    from parallax.web.guard import allowed_hosts
    from parallax.web.serving import serve as serve_app

    database = _open_database(db)
    hosts = allowed_hosts(host, allowed_host or [])
    settings = WebSettings(allow_private_urls=allow_private_urls, allowed_hosts=hosts)
    out.print(f"Parallax on http://{shown(host)}:{port}/  (database {shown(database.display)}; "
              f"answers to {shown(', '.join(sorted(hosts)))}; Ctrl+C stops)", highlight=False,
              soft_wrap=True)
    serve_app(create_app(database, settings), host, port)


def _open_database(given: str) -> Database:
    from parallax.store.database import Database, StoreProblem

    try:
        return Database(given)
    except StoreProblem as problem:
        _fail(problem)


def _print_ingested(database: Database, keys: list[str]) -> None:
    from parallax.store.queries import story

    table = Table(title="stories of these articles")
    table.add_column("story", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("articles", justify="right")
    table.add_column("divergences", justify="right")
    table.add_column("outlets", max_width=40)
    for key in keys:
        view = story(database, key)
        if view is None:
            continue
        listing = view.listing
        _add_row(table, key, listing.title or "—", listing.article_count,
                 listing.divergence_count if listing.analysed else "—",
                 ", ".join(listing.sources) or "—")
    out.print(table)


@app.command()
def batch(
    inputs: Inputs,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the Parquet tables, "
                                          "analyses and markers (re-runs resume here).")],
    scheduler: Annotated[
        str, typer.Option("--scheduler", help="local (a Dask LocalCluster on this machine) "
                          "or the tcp://HOST:PORT of a running Dask scheduler.")
    ] = "local",
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes (with --scheduler local).")
    ] = 2,
    partition_size: Annotated[
        int, typer.Option("--partition-size", min=1, help="Documents per partition.")
    ] = 500,
    summary_sentences: Annotated[
        int, typer.Option("--summary-sentences", min=0, help="Sentences in each cited summary.")
    ] = 6,
    connect_timeout: Annotated[
        float, typer.Option("--connect-timeout", min=0.1,
                            help="Seconds to wait for a tcp:// scheduler.")
    ] = 30.0,
    dashboard: Annotated[
        str | None, typer.Option("--dashboard", metavar="HOST:PORT",
                                 help="Where the local cluster's Dask dashboard listens "
                                 "(default 127.0.0.1 on a free port). It has no "
                                 "authentication: any other host shows it to your network.")
    ] = None,
) -> None:
    """Run the whole pipeline over a large feed on Dask: language layer per partition, story
    grouping per month, each story compared. Writes Parquet tables (articles, claims,
    stories) and one analysis JSON per story; a re-run skips what is done.

    Exit code: 0 when every input was read, 3 when some were skipped (see the warnings),
    2 when nothing usable was read, the output folder cannot be written or the scheduler
    cannot be reached (or the local cluster started).
    """
    from parallax.scale.batch import BatchSettings, run_batch

    settings = BatchSettings(partition_size=partition_size, summary_sentences=summary_sentences)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _cannot_write(out_dir, error)
    with ExitStack() as closing:
        client = _dask_client(closing, scheduler, workers, connect_timeout, dashboard)
        if client.dashboard_link:
            err.print(f"Dask dashboard: {shown(client.dashboard_link)}", highlight=False)
        progress = closing.enter_context(_bar_progress())
        bars: dict[str, TaskID] = {}

        def show(stage: str, done: int, total: int | None) -> None:
            if stage not in bars:
                bars[stage] = progress.add_task(shown(stage), total=total)
            progress.update(bars[stage], completed=done, total=total)

        report = run_batch(client, inputs, out_dir, settings, show)
    for warning in report.warnings:
        _say("warning", warning)
    out.print(
        f"{report.articles} articles from {report.documents} documents in {report.partitions} "
        f"partitions ({report.partitions_reused} already done); {report.stories} stories, "
        f"{report.analysed} compared now, {report.analyses_reused} already done; "
        f"{report.seconds['total_s']:.1f} s. Output: {shown(out_dir)}",
        highlight=False, soft_wrap=True,
    )
    if not report.articles:
        _fail("no usable article was read")
    raise typer.Exit(EXIT_PARTIAL if report.skipped else 0)


def _dask_client(
    closing: ExitStack, scheduler: str, workers: int, timeout_s: float, dashboard: str | None
) -> Client:
    """The batch's Dask client, closed with `closing`; one that cannot be had is an error
    naming the scheduler (or the local cluster's dashboard address) and why."""
    from parallax.scale.batch import LOOPBACK_DASHBOARD, dask_client

    dashboard = dashboard or LOOPBACK_DASHBOARD
    try:
        return closing.enter_context(
            dask_client(scheduler, workers, connect_timeout_s=timeout_s, dashboard=dashboard)
        )
    except (OSError, TimeoutError, ValueError, RuntimeError) as error:
        if scheduler == "local":
            _fail(f"cannot start a local Dask cluster (dashboard on {dashboard}): {error}")
        _fail(f"{scheduler}: cannot reach the Dask scheduler ({error})")


@app.command()
def check() -> None:
    """Verify the offline models are installed and are the ones Parallax is built on, and
    that the statement judge's weights load."""
    from parallax.compare.embed import check_encoder
    from parallax.compare.relate import check_judge
    from parallax.nlp.pipeline import ModelProblem, check_spacy_model

    try:
        for verdict in (check_spacy_model(), check_encoder(), check_judge()):
            out.print(f"[green]ok[/green] {shown(verdict)}")
    except ModelProblem as problem:
        _fail(problem)


def _read_with_progress(inputs: list[str], limits: ReadLimits) -> IngestResult:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("reading", total=None)
        count = 0

        def advance(ref: str) -> None:
            nonlocal count
            count += 1
            progress.update(task, description=f"read {count} documents · {shown(ref[-60:])}")

        return read_articles(inputs, limits, on_document=advance)


def _annotate_with_progress(
    articles: list[Article], processes: int, cache: AnnotationCache | None
) -> list[AnnotatedArticle]:
    from parallax.nlp.annotate import annotate_articles

    with _bar_progress() as progress:
        task = progress.add_task("annotating", total=len(articles))
        return annotate_articles(
            articles, processes=processes, cache=cache,
            on_done=lambda n: progress.advance(task, n),
        )


def _print_annotations_table(annotated: list[AnnotatedArticle]) -> None:
    table = Table(title=f"{len(annotated)} articles annotated")
    table.add_column("id", no_wrap=True, min_width=3)
    table.add_column("source", no_wrap=True, max_width=12)
    for heading in ("sent.", "ent.", "num.", "dates", "quotes", "claims"):
        table.add_column(heading, justify="right", min_width=len(heading))
    table.add_column("first figures", ratio=1)
    for item in annotated:
        _add_row(
            table, item.article.id, item.article.source or "—",
            *(len(getattr(item, name))
              for name in ("sentences", "entities", "quantities", "times", "quotes", "claims")),
            "; ".join(q.text for q in item.quantities[:_FIGURES_SHOWN]) or "—",
        )
    out.print(table)


def _report_problems(result: IngestResult) -> None:
    for problem in result.problems:
        _say("warning", problem, style="yellow" if problem.skipped else "dim")
    if not result.articles:
        _say("error", "no usable article was read")


def _say(label: str, message: object, style: str = "") -> None:
    """One message on stderr, on one line, with the names in it shown literally."""
    style = style or _STYLES[label]
    err.print(f"[{style}]{label}:[/{style}] {shown(message)}", highlight=False, soft_wrap=True)


def _fail(message: object) -> NoReturn:
    """Stop with an error naming what cannot be used and why (exit code 2)."""
    _say("error", message)
    raise typer.Exit(EXIT_USAGE)


def _cannot_write(path: Path, error: OSError) -> NoReturn:
    """Stop: `path` (an output, a folder to make) cannot be written; the OS says why."""
    _fail(f"cannot write {path}: {error.strerror or error}")


def _add_row(table: Table, *cells: object) -> None:
    """A table row whose cells (names and titles from the inputs) are shown literally."""
    table.add_row(*(shown(cell) for cell in cells))


def _bar_progress() -> Progress:
    """A progress bar on stderr for work counted in articles (hidden when not a terminal)."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


def _group_with_progress(grouper: StoryGrouper, articles: list[Article]) -> list[InputProblem]:
    with _bar_progress() as progress:
        task = progress.add_task("grouping", total=len(articles))
        return grouper.add(articles, on_article=lambda: progress.advance(task))


def _print_stories_table(found: list[Story]) -> None:
    table = Table(title=f"{len(found)} {'story' if len(found) == 1 else 'stories'}")
    table.add_column("story", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("outlets")
    table.add_column("dates", no_wrap=True)
    table.add_column("title", ratio=1)
    for story in sorted(found, key=lambda s: (-len(s.articles), int(s.id[1:]))):
        dates = "—" if story.start is None else story.start
        if story.end and story.end != story.start:
            dates += f" – {story.end}"
        _add_row(
            table,
            story.id,
            len(story.articles),
            ", ".join(story.sources) or "—",
            dates,
            story.title or "—",
        )
    out.print(table)


def _print_articles_table(result: IngestResult) -> None:
    table = Table(title=f"{len(result.articles)} articles")
    table.add_column("id", no_wrap=True)
    table.add_column("source")
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("words", justify="right")
    table.add_column("removed", justify="right")
    table.add_column("input", overflow="fold")
    for article in result.articles:
        _add_row(
            table,
            article.id,
            article.source or "—",
            article.published or "—",
            article.title or "—",
            article.words,
            article.removed_lines,
            Path(article.ref).name if Path(article.ref).exists() else article.ref,
        )
    out.print(table)


def _write_json(document: dict[str, object], output: Path) -> None:
    _write_text(json.dumps(document, ensure_ascii=False, indent=2), output)


def _write_text(text: str, output: Path) -> None:
    if str(output) == "-":
        sys.stdout.write(text + "\n")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        _cannot_write(output, error)
    err.print(f"wrote {shown(output)}", highlight=False, soft_wrap=True)
