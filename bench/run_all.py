"""Every benchmark in one table: Parallax's figure and a peer's, measured side by side.

Runs each bench's `rows()` (see bench/table.py) in a fresh process of its own, one after the
other, so that one bench's models, memory or crash do not touch the next; the benches that
time whole runs start their own subprocesses as well. A bench that fails leaves a row with
its error and the rest go on; missing data under the shared data folder is named.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME ...] [--data ../shared/data]
                                      [--batch-sizes 1000 10000] [--resume]

A full run (all benches, not --quick) writes bench/RESULTS.md: the table, the date, the
machine and the command. --quick runs smaller samples (a fast check, figures not comparable
with a full run) and writes nothing unless --out is given. --resume goes on with the batch
runs of a stopped run (the 100k one outlasts a working session here; see bench/batch.py);
the other benches run again, they take minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib
import inspect
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from rich.console import Console

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from table import DEFAULT_DATA, Row, failed, machine, markdown_table, rich_table  # noqa: E402

RESULTS = BENCH / "RESULTS.md"
TIMEOUT_S = 3 * 3600  # per bench; batch at 100k articles is the longest
# Each bench's output as it runs (`tail -f` it during the long ones).
LOGS = Path(tempfile.gettempdir()) / "parallax-bench-logs"

# name (= module bench/NAME.py): what it needs under the data folder
BENCHES: dict[str, tuple[str, ...]] = {
    "extraction": (
        "extraction/scrapinghub-article-extraction-benchmark/ground-truth.json",
        "extraction/scrapinghub-article-extraction-benchmark/html",
        "extraction/scrapinghub-plaintext",
    ),
    "language": ("mds/discord-questions/documents_recession.json",),
    "stories": (
        "divergence/ecbplus/ECB+.zip",
        "divergence/basil/articles",
        "mds/neus-allsides/val.source",
    ),
    "summary": ("mds/neus-allsides/val.source", "mds/neus-allsides/val.target"),
    "unique": ("divergence/basil/articles", "divergence/basil/annotations"),
    "facts": ("divergence/basil/articles", "divergence/ecbplus/ECB+.zip",
              "mds/neus-allsides/val.source"),
    "judge": ("divergence/basil/articles", "divergence/ecbplus/ECB+.zip",
              "mds/neus-allsides/val.source"),
    "analyze_speed": ("mds/discord-questions/documents_recession.json",),
    "batch": (  # the synthetic feeds mix every set
        "divergence/ecbplus/ECB+.zip",
        "divergence/basil/articles",
        "mds/neus-allsides/val.source",
        "mds/discord-questions/documents_recession.json",
        "extraction/scrapinghub-plaintext",
    ),
}
# Benches with no peer to run side by side: not in the table, run on their own.
STANDALONE = {
    "metadata": "plain-text metadata checked against the page's own (a reference, not a peer)",
    "divergence": "consensus and divergences against the hand gold (no other system does this)",
    "claimdiff": "verdicts on ClaimDiff pairs (a check of the verdict logic, not a classifier)",
    "web_load": "requests/s and latency of parallax serve (a baseline for later changes)",
}
console = Console(width=200)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child:
        return child(args.child, args.quick, args.data, args.out, args.batch_sizes, args.resume)
    names = args.only or list(BENCHES)
    started, wall = datetime.now().astimezone(), time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    rows: list[Row] = []
    for name in names:
        console.print(f"[bold]{name}[/bold] …", end=" ", highlight=False)
        start = time.perf_counter()
        found = run_bench(name, args.quick, args.data, args.batch_sizes, args.resume)
        seconds = time.perf_counter() - start
        broken = any(row.metric == "failed" for row in found)
        console.print(f"{'[red]failed[/red]' if broken else 'done'} in {seconds:,.0f} s",
                      highlight=False)
        rows += found
    minutes = (time.perf_counter() - wall) / 60
    title = f"Parallax against its peers{' (--quick: small samples)' if args.quick else ''}"
    console.print(rich_table(rows, title))
    console.print("Ratio = Parallax ÷ peer. Not in this table (no peer; run on their own): "
                  + ", ".join(f"bench/{name}.py" for name in STANDALONE), highlight=False)
    out = args.out or (RESULTS if not args.quick and not args.only else None)
    if out:
        given = argv if argv is not None else sys.argv[1:]
        command = " ".join([".venv/bin/python bench/run_all.py", *map(shlex.quote, given)])
        out.write_text(results_page(rows, started, minutes, load, command, args.quick,
                                    args.resume),
                       encoding="utf-8")
        console.print(f"Written to {out}", highlight=False)
    return 1 if any(row.metric == "failed" for row in rows) else 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--quick", action="store_true", help="smaller samples, a fast check")
    parser.add_argument("--only", nargs="+", choices=list(BENCHES), metavar="NAME",
                        help=f"only these benches ({', '.join(BENCHES)})")
    parser.add_argument("--out", type=Path, default=None,
                        help="markdown file to write (default: bench/RESULTS.md on a full run)")
    parser.add_argument("--batch-sizes", type=int, nargs="+", metavar="N",
                        help="feed sizes of the batch bench (default 1000 10000 100000; "
                             "the 100k run alone took 2.4 hours on 2 cores)")
    parser.add_argument("--resume", action="store_true",
                        help="go on with the batch runs of a stopped run (same code and feeds)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_bench(
    name: str, quick: bool, data: Path, sizes: list[int] | None = None, resume: bool = False
) -> list[Row]:
    """One bench's rows from a fresh process; its failure, or what it lacks, as a row."""
    if not data.is_dir():
        return [failed(name, f"data folder {data} not found (pass --data)")]
    missing = [need for need in BENCHES[name] if not (data / need).exists()]
    if missing:
        return [failed(name, f"missing under {data}: {', '.join(missing)}")]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "rows.json"
        command = [sys.executable, "-u", __file__, "--child", name, "--data", str(data),
                   "--out", str(out), *(["--quick"] if quick else []),
                   *(["--batch-sizes", *map(str, sizes)] if sizes else []),
                   *(["--resume"] if resume else [])]
        LOGS.mkdir(parents=True, exist_ok=True)
        log = LOGS / f"{name}.log"
        with log.open("w", encoding="utf-8") as sink:
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                       text=True, start_new_session=True)
        try:
            process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            _stop(process)
            return [failed(name, f"no result after {TIMEOUT_S / 3600:.0f} h, stopped")]
        except BaseException:  # Ctrl-C: its own session does not get the terminal's signal
            _stop(process)
            raise
        if process.returncode or not out.exists():
            output = log.read_text(encoding="utf-8", errors="replace")
            return [failed(name, f"exit {process.returncode}: {_last_error(output)}")]
        return [Row(**fields) for fields in json.loads(out.read_text(encoding="utf-8"))]


def _stop(process: subprocess.Popen) -> None:
    """Stop the bench's process and the workers it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _last_error(output: str) -> str:
    """The last line of a traceback (the exception), or the output's last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line.split(":", 1)[0] or "Exception" in line]
    return (errors or lines or ["no output"])[-1][:300]


def child(
    name: str, quick: bool, data: Path, out: Path, sizes: list[int] | None, resume: bool
) -> int:
    """In the bench's own process: import it, call its rows(), write them as JSON."""
    module = importlib.import_module(name)
    if not callable(getattr(module, "rows", None)):
        print(f"Error: bench/{name}.py has no rows(quick: bool) -> list[Row] yet", flush=True)
        return 2
    keywords: dict[str, object] = {"quick": quick}
    parameters = inspect.signature(module.rows).parameters
    if "data" in parameters:
        keywords["data"] = data
    if sizes and "sizes" in parameters:
        keywords["sizes"] = sizes
    if resume and "resume" in parameters:
        keywords["resume"] = resume
    found = module.rows(**keywords)
    out.write_text(json.dumps([dataclasses.asdict(row) for row in found]), encoding="utf-8")
    return 0


def results_page(rows: list[Row], started: datetime, minutes: float, load: float | None,
                 command: str, quick: bool, resumed: bool = False) -> str:
    load_text = f"; load average {load:.2f} at the start" if load is not None else ""
    sample = " (--quick: small samples, not comparable with a full run)" if quick else ""
    carried = ("- Resumed: the batch runs went on from a stopped run, or were taken from it when "
               "finished (their time is the sum of their attempts'; notes say how many); the other "
               "benches ran in this one\n" if resumed else "")
    return (
        "# Benchmark results\n\n"
        f"Latest run of `make bench`{sample}, written by `bench/run_all.py`; what each row "
        "means and why each peer is in [README.md](README.md).\n\n"
        f"- Date: {started:%Y-%m-%d %H:%M %Z} ({minutes:.0f} min)\n"
        f"- Machine: {machine()}{load_text}\n"
        f"- Command: `{command}`\n"
        f"{carried}\n"
        "Ratio = Parallax ÷ peer (for speeds higher is faster, for seconds and MB lower is "
        "better); scores have none.\n\n"
        + markdown_table(rows)
        + "\nNot in this table (no peer to run side by side; run on their own): "
        + "; ".join(f"`bench/{name}.py`, {what}" for name, what in STANDALONE.items())
        + ".\n"
    )


if __name__ == "__main__":
    sys.exit(main())
