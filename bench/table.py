"""One row of the benchmark summary (Parallax's figure and a peer's, measured in the same run),
and the printers shared by bench/run_all.py and the benches' `rows()` functions.

Every bench that fits the "Parallax against a peer" shape exposes

    rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]

(`data` may be left out by a bench that does not read the shared data folder); run_all.py
calls it in a fresh process per bench and prints every row in one table.
"""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

Value = str | float | int
MISSING = "—"
REPO = Path(__file__).resolve().parent.parent
# The third-party evaluation sets, read where they are (never copied into the repo).
DEFAULT_DATA = REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class Row:
    """One figure of Parallax's and the same figure of a peer, on the same input, same run.

    `parallax` / `peer_value`: a number (formatted with `fmt`, or by its size when `fmt` is
    empty) or text already formatted ("0.385 / 0.171 / 0.254", "—" when there is no figure).
    `ratio`: show parallax / peer_value (for speeds, times and memory; not for scores).
    """

    benchmark: str
    metric: str
    parallax: Value
    peer: str
    peer_value: Value
    note: str = ""
    ratio: bool = False
    fmt: str = ""

    def cells(self) -> list[str]:
        """benchmark, metric, Parallax, peer, peer's figure, ratio, note."""
        return [
            self.benchmark,
            self.metric,
            _format(self.parallax, self.fmt),
            self.peer,
            _format(self.peer_value, self.fmt),
            self.ratio_text(),
            self.note,
        ]

    def ratio_text(self) -> str:
        numbers = _number(self.parallax), _number(self.peer_value)
        if not self.ratio or None in numbers or not numbers[1]:
            return MISSING
        return f"{numbers[0] / numbers[1]:.2f}x"


COLUMNS = ("benchmark", "metric", "Parallax", "peer", "peer's figure", "ratio", "note")


def failed(benchmark: str, message: str) -> Row:
    """The row a bench leaves when it could not run: the error in the note."""
    return Row(benchmark, "failed", MISSING, MISSING, MISSING, note=message)


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _format(value: Value, fmt: str) -> str:
    if not isinstance(value, int | float):
        return str(value)
    if fmt:
        return format(value, fmt)
    size = abs(value)
    return format(value, ",.0f" if size >= 100 else ".1f" if size >= 10 else ".3f")


def rich_table(rows: list[Row], title: str) -> Table:
    table = Table(title=title)
    for column in COLUMNS:
        numeric = column in ("Parallax", "peer's figure", "ratio")
        table.add_column(column, justify="right" if numeric else "left",
                         overflow="fold", max_width=60 if column == "note" else None)
    for row in rows:
        table.add_row(*row.cells(), style="red" if row.metric == "failed" else None)
    return table


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(c) for c in row.cells()) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def machine() -> str:
    """Cores, RAM, CPU model and Python version of this machine, in one line."""
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    ram = f"{int(memory[1]) / 1024**2:.1f} GB RAM" if memory else "RAM unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cores} cores, {ram}, CPU {model[1].strip() if model else platform.processor() or '?'}, "
        f"Python {platform.python_version()} ({platform.system()} {platform.machine()})"
    )


def _read(path: str) -> str:
    file = Path(path)
    return file.read_text(encoding="utf-8", errors="replace") if file.exists() else ""
