"""The `parallax` command: thin wiring from arguments to the pipeline and back to the user."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as ProgressBars
from rich.table import Table

from parallax import __version__
from parallax.compare.settings import CompareSettings
from parallax.ingest.articles import IngestResult
from parallax.ingest.documents import ReadLimits
from parallax.model import Story
from parallax.nlp.settings import AnnotateSettings
from parallax.settings import help_of
from parallax.terminal import shown, visible

if TYPE_CHECKING:
    from dask.distributed import Client

    from parallax.model import Analysis, AnnotatedArticle, Article
    from parallax.pipeline import Progress
    from parallax.store.database import Database

ARTICLES_SCHEMA = "parallax.articles/2"
STORIES_SCHEMA = "parallax.stories/1"
ANNOTATIONS_SCHEMA = "parallax.annotations/1"
EXIT_USAGE = 2
EXIT_PARTIAL = 3
_STYLES = {"error": "red", "warning": "yellow", "note": "dim"}
_FIGURES_SHOWN = 3
_TITLES_SHOWN = 5

Inputs = Annotated[
    list[str],
    typer.Argument(help="Files, directories, JSON/JSONL exports, http(s) URLs, or - for stdin."),
]


def _output_option(schema: str) -> typer.models.OptionInfo:
    return typer.Option("-o", "--output", help=f"Write {schema} JSON here (- for stdout).")


SummaryOption = Annotated[
    int,
    typer.Option("--summary-sentences", min=0,
                 help=help_of(CompareSettings, "summary_sentences")),
]


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
    result = _read(inputs, limits)
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
    from parallax.pipeline import group
    from parallax.stories.grouping import StoryGrouper
    from parallax.stories.state import StateProblem, load, save

    result = _read(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    try:
        grouper = load(state) if state else StoryGrouper()
        with _progress() as progress:
            notes = group(result.articles, on_progress=progress, into=grouper).problems
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
    cache: Annotated[Path | None, _cache_option()] = None,
    processes: Annotated[int, _processes_option()] = AnnotateSettings.processes,
) -> None:
    """Run the language layer: sentences, entities, quantities, dates, quotes and claims.

    Entity keys are joined across all the inputs ("Zelenskyy" in one article takes the key of
    "Volodymyr Zelensky" in another). Without -o, prints what was found per article.
    Exit code: 0 when every input was read and annotated, 3 when some inputs or articles
    failed (each named in a warning), 2 when nothing usable was read or the cache folder
    cannot be made.
    """
    from parallax.nlp.records import to_record
    from parallax.pipeline import annotate as annotate_articles

    settings = AnnotateSettings(processes=processes, cache=_cache_folder(cache))
    result = _read(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    with _progress() as progress:
        annotated = annotate_articles(result.articles, settings, on_progress=progress)
    failures = [problem for item in annotated for problem in item.problems]
    for problem in failures:
        _say("warning", problem)
    if output is None:
        _print_annotations_table(annotated)
    else:
        document = {
            "schema": ANNOTATIONS_SCHEMA,
            "articles": [to_record(a) for a in annotated],
            "warnings": [str(problem) for problem in [*result.problems, *failures]],
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
    summary_sentences: SummaryOption = CompareSettings.summary_sentences,
    by_story: Annotated[
        bool,
        typer.Option("--by-story", help="Group a mixed feed into stories first, then analyse "
                     "each story of two or more articles."),
    ] = False,
    cache: Annotated[Path | None, _cache_option()] = None,
    processes: Annotated[int, _processes_option()] = AnnotateSettings.processes,
) -> None:
    """Compare the articles of one story: consensus, divergences, unique facts, timeline and a
    cited summary, every statement with the verbatim sentence it comes from.

    Without -o, prints the report. Exit code: 0 when every input was read and analysed,
    3 when some inputs or articles failed (each named in a warning), 2 when nothing usable
    was read, the output cannot be written or the cache folder cannot be made.
    """
    from parallax.pipeline import analyze as analyze_story
    from parallax.pipeline import analyze_feed

    report_format = _report_format(output)
    annotation = AnnotateSettings(processes=processes, cache=_cache_folder(cache))
    settings = CompareSettings(summary_sentences=summary_sentences)
    started = time.perf_counter()
    result = _read(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    ingest_s = time.perf_counter() - started
    with _progress() as progress:
        if by_story:
            analyses = analyze_feed(result.articles, settings, annotation=annotation,
                                    on_progress=progress, ingest_s=ingest_s)
        else:
            _say_what_is_compared(result.articles, progress)
            analyses = [analyze_story(result.articles, settings, annotation=annotation,
                                      on_progress=progress, ingest_s=ingest_s)]
    if not analyses:
        _say("warning", "no story has two or more articles; nothing to compare")
    failed = False
    for analysis in analyses:
        for problem in analysis.warnings:
            failed = True
            _say("warning", problem)
        analysis.warnings[:0] = result.problems
        story_id = analysis.story.id if by_story else None
        _write_report(analysis, report_format, _story_output(output, story_id))
    raise typer.Exit(max(result.exit_code, EXIT_PARTIAL if failed else 0))


def _say_what_is_compared(articles: list[Article], progress: Progress) -> None:
    """Compared as one story, the input should be one: say when it holds one article (nothing
    to compare) or several stories (compared together, unless `--by-story`)."""
    from parallax.pipeline import comparable, group

    if not comparable(articles):
        _say("warning", "one article: nothing to compare it with (the report lists what it "
             "says)")
        return
    stories = group(articles, on_progress=progress).stories
    if len(stories) < 2:
        return
    biggest = sorted(stories, key=lambda story: -len(story.articles))
    named = [f"{_story_name(story)} ({len(story.articles)})" for story in biggest[:_TITLES_SHOWN]]
    more = len(stories) - len(named)
    _say("warning", f"the input holds {len(stories)} stories, compared here as one: "
         f"{', '.join(named)}{f' and {more} more' if more else ''}; --by-story compares "
         "each story of two or more articles apart")


def _story_name(story: Story) -> str:
    """A story as a warning names it: its title, or the input of its first article."""
    return f"“{story.title}”" if story.title else f"untitled, from {story.articles[0].ref}"


def _cache_option() -> typer.models.OptionInfo:
    return typer.Option("--cache", help=help_of(AnnotateSettings, "cache"))


def _processes_option() -> typer.models.OptionInfo:
    return typer.Option("--processes", min=1, help=help_of(AnnotateSettings, "processes"))


def _cache_folder(cache: Path | None) -> Path | None:
    """The annotation cache's folder, made before any work is done (or the command stops)."""
    if cache is not None:
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            _cannot_write(cache, error)
    return cache


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


def _write_report(analysis: Analysis, report_format: str, output: Path | None) -> None:
    from parallax.report.render import render_html, render_json, render_markdown

    if output is None:
        out.print(Markdown(visible(render_markdown(analysis), keep="\n")))
    elif report_format == "json":
        _write_text(render_json(analysis), output)
    elif report_format == "markdown":
        _write_text(render_markdown(analysis), output)
    else:
        _write_text(render_html(analysis), output)


DbOption = Annotated[
    str,
    typer.Option("--db", help="SQLite file, or a postgresql://user:password@host/name URL."),
]


@app.command()
def ingest(
    inputs: Inputs,
    db: DbOption = "parallax.db",
    summary_sentences: SummaryOption = CompareSettings.summary_sentences,
) -> None:
    """Store articles, group everything stored into stories and analyse the stories that
    changed. Ingesting the same inputs again changes nothing.

    Exit code: 0 when every input was read and stored, 3 when some inputs were skipped
    (each named in a warning), 2 when nothing usable was read or the database cannot be used.
    """
    from parallax.store.ingest import ingest_articles

    database = _open_database(db)
    result = _read(inputs, ReadLimits())
    _report_problems(result)
    if not result.articles:
        raise typer.Exit(result.exit_code)
    settings = CompareSettings(summary_sentences=summary_sentences)
    with _progress() as progress:
        report = ingest_articles(database, result.articles, settings, on_progress=progress)
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
    summary_sentences: SummaryOption = CompareSettings.summary_sentences,
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

    settings = BatchSettings(partition_size=partition_size,
                             compare=CompareSettings(summary_sentences=summary_sentences))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _cannot_write(out_dir, error)
    with ExitStack() as closing:
        client = _dask_client(closing, scheduler, workers, connect_timeout, dashboard)
        if client.dashboard_link:
            err.print(f"Dask dashboard: {shown(client.dashboard_link)}", highlight=False)
        progress = closing.enter_context(_progress())
        report = run_batch(client, inputs, out_dir, settings, progress)
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


def _read(inputs: list[str], limits: ReadLimits) -> IngestResult:
    from parallax.pipeline import read

    with _progress() as progress:
        return read(inputs, limits, on_progress=progress)


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


@contextmanager
def _progress() -> Iterator[Progress]:
    """The pipeline's progress reports as bars on stderr, one per stage (hidden when not a
    terminal)."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with ProgressBars(*columns, console=err, transient=True,
                      disable=not err.is_terminal) as bars:
        tasks: dict[str, TaskID] = {}

        def show(stage: str, done: int, total: int | None, current: str | None = None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(shown(stage), total=total)
            label = f"{stage} · {current[-60:]}" if current else stage
            bars.update(tasks[stage], completed=done, total=total, description=shown(label))

        yield show


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
