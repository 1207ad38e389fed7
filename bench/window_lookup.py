"""Looking up one comparison task's articles in a batch output window: `read_window` (a row
group at a time) against a pyarrow dataset scan with an `isin` filter (what it replaced).

    .venv/bin/python bench/window_lookup.py OUT [--keys 200]

OUT is a finished or partly finished `parallax batch` output folder (the batch bench leaves
them under /tmp/parallax-bench-batch/). Each way runs in a fresh process per window, so its
peak resident memory is its own; the keys are a random sample of the window's (seeded).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from parallax.scale import outputs

WAYS = ("read_window", "dataset scan")


def lookup(out: Path, window: str, way: str, count: int) -> str:
    """One timed lookup of `count` sampled keys; returns 'rows seconds peak_mb'."""
    path = out / "articles" / f"window={window}" / "articles.parquet"
    keys = pq.read_table(path, columns=["key"])["key"].to_pylist()
    wanted = set(random.Random(1).sample(keys, min(count, len(keys))))
    started = time.perf_counter()
    if way == "read_window":
        table = outputs.read_window(out, window, ["annotation"], wanted)
    else:
        dataset = ds.dataset(path.parent, format="parquet", schema=outputs.ARTICLES)
        table = dataset.to_table(columns=["annotation", "key"],
                                 filter=ds.field("key").isin(sorted(wanted)))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return f"{table.num_rows} {seconds:.2f} {peak_mb}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a parallax batch output folder")
    parser.add_argument("--keys", type=int, default=200, help="keys per lookup")
    parser.add_argument("--child", nargs=2, metavar=("WINDOW", "WAY"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(lookup(args.out, *args.child, args.keys))
        return 0
    sizes = {path.name.removeprefix("window="):
             pq.ParquetFile(path / "articles.parquet").metadata.num_rows
             for path in (args.out / "articles").glob("window=*")}
    if not sizes:
        sys.exit(f"{args.out}: no article windows (not a parallax batch output folder?)")
    biggest = sorted(sizes.items(), key=lambda item: item[1])[-2:]
    table = Table(title=f"{args.keys} keys looked up in a window of {args.out}")
    for column in ("window", "articles", "way", "rows", "seconds", "peak MB"):
        table.add_column(column, justify="right")
    for window, size in biggest:
        for way in WAYS:
            child = subprocess.run(
                [sys.executable, __file__, str(args.out), "--keys", str(args.keys),
                 "--child", window, way], capture_output=True, text=True, check=True)
            rows, seconds, peak = child.stdout.split()
            table.add_row(window, f"{size:,}", way, rows, seconds, f"{int(peak):,}")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
