"""The `parallax` command: thin wiring from arguments to the pipeline and back to the user."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from parallax import __version__
from parallax.ingest.articles import IngestResult, read_articles
from parallax.ingest.sources import ReadLimits

ARTICLES_SCHEMA = "parallax.articles/1"
EXIT_USAGE = 2

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
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, JSON/JSONL exports, http(s) URLs, or - for stdin."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write parallax.articles/1 JSON here (- for stdout)."),
    ] = None,
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
def check() -> None:
    """Verify the offline models are installed and are the ones Parallax is built on."""
    from parallax.compare.embed import check_encoder
    from parallax.nlp.pipeline import ModelProblem, check_spacy_model

    try:
        for verdict in (check_spacy_model(), check_encoder()):
            out.print(f"[green]ok[/green] {verdict}")
    except ModelProblem as problem:
        err.print(f"[red]error:[/red] {problem}")
        raise typer.Exit(EXIT_USAGE) from None


def _read_with_progress(inputs: list[str], limits: ReadLimits) -> IngestResult:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("reading", total=None)
        count = 0

        def advance(ref: str) -> None:
            nonlocal count
            count += 1
            progress.update(task, description=f"read {count} documents · {ref[-60:]}")

        return read_articles(inputs, limits, on_document=advance)


def _report_problems(result: IngestResult) -> None:
    for problem in result.problems:
        style = "yellow" if problem.skipped else "dim"
        err.print(f"[{style}]warning:[/{style}] {problem}", highlight=False, soft_wrap=True)
    if not result.articles:
        err.print("[red]error:[/red] no usable article was read")


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
        table.add_row(
            article.id,
            article.source or "—",
            article.published or "—",
            article.title or "—",
            str(article.words),
            str(article.removed_lines),
            Path(article.ref).name if Path(article.ref).exists() else article.ref,
        )
    out.print(table)


def _write_json(document: dict[str, object], output: Path) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if str(output) == "-":
        sys.stdout.write(text + "\n")
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        err.print(f"[red]error:[/red] cannot write {output}: {error.strerror or error}")
        raise typer.Exit(EXIT_USAGE) from None
    err.print(f"wrote {output}")
