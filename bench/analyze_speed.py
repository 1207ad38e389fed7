"""How long one story's analysis takes: model load, a cold first run and a warm second one.

Why a script and not a test: it reads third-party data from the shared data folder (never
copied into the repo) and times whole analyses, each case in a fresh subprocess so its load
time and peak memory are its own.

- Stories, read through Parallax's reader: the example (examples/troops-europe-2022, 5
  articles); the first 10 articles the reader keeps of the recession set; the whole recession
  set (46 records, of which the reader keeps 33). The recession stories with 1 and 2 processes.
- In each subprocess: the imports, the spaCy pipeline and the sentence encoder are loaded
  first ("load"), then `parallax.analyze` runs on the story twice: cold (the first analysis
  in the process) and warm (the same articles again, as when a user re-runs an analysis in
  the app; no annotation cache). The warm run finds every sentence vector in the encoder's
  in-process memo, so for the 10-article story a third run times 10 other articles of the
  set in the same, warm process: what a new story costs once everything is loaded. Each run
  is shown as total (language layer + comparison), from the analysis's own timings. Peak =
  the largest resident set of the process and its workers (`ru_maxrss`).
- The issue's target: a 10-article story analysed warm in at most 3 s on 2 cores.

    .venv/bin/python bench/analyze_speed.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.ingest.articles import read_articles
from parallax.model import Article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from per_story import read_stories  # noqa: E402
from story_sets import recession  # noqa: E402
from table import DEFAULT_DATA, REPO, Row  # noqa: E402

EXAMPLE = REPO / "examples" / "troops-europe-2022"
CASES = [  # (story, processes, other articles analysed after it in the warm process)
    ("example", 1, None),
    ("recession 1-10", 1, "recession 11-20"),
    ("recession 1-10", 2, "recession 11-20"),
    ("recession all", 1, None),
    ("recession all", 2, None),
]
TARGET = ("recession 1-10", 3.0)  # story, warm seconds
console = Console(width=180)  # the table is wide


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.child:
        stories, name, processes, then = args.child
        child(Path(stories), name, int(processes), then or None)
        return 0
    if args.spacy_child:
        stories, name, processes = args.spacy_child
        spacy_child(Path(stories), name, int(processes))
        return 0
    table = Table(title="parallax.analyze wall time, each row a fresh process (seconds)")
    columns = (
        "story", "articles", "words", "processes", "load", "cold\n(nlp + compare)",
        "warm\n(nlp + compare)", "warm, other\narticles", "peak MB", "target\n(warm)", "verdict",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "story" else "right", no_wrap=True)
    with tempfile.TemporaryDirectory() as scratch:
        stories = Path(scratch) / "stories.pickle"
        read = read_sets(args.data, Path(scratch))
        stories.write_bytes(pickle.dumps(read))
        for name, processes, then in CASES:
            run = _run_child(stories, name, processes, then)
            target = TARGET[1] if name == TARGET[0] else None
            table.add_row(
                name, str(len(read[name])), f"{sum(a.words for a in read[name]):,}",
                str(processes), f"{run['load_s']:.1f}", _split(run["cold"]), _split(run["warm"]),
                _split(run["then"]) if "then" in run else "—", f"{run['peak_mb']:,.0f}",
                f"≤ {target:.1f}" if target else "—",
                _verdict(run, target) if target else "—",
            )
    console.print(table)
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--child", nargs=4, metavar=("STORIES", "NAME", "PROCESSES", "THEN"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--spacy-child", nargs=3, metavar=("STORIES", "NAME", "PROCESSES"),
                        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def read_sets(data: Path, folder: Path) -> dict[str, list[Article]]:
    """The stories to time, as Parallax's reader gives them."""
    full = read_stories(recession(data), folder)["recession"].articles
    return {
        "example": read_articles([str(EXAMPLE)]).articles,
        "recession 1-10": full[:10],
        "recession 11-20": full[10:20],
        "recession all": full,
    }


def child(stories: Path, name: str, processes: int, then: str | None) -> None:
    """One case in this fresh process; prints its timings and peak memory as JSON."""
    started = time.perf_counter()
    from parallax.compare.embed import load_encoder
    from parallax.nlp.pipeline import load_pipeline
    from parallax.nlp.settings import AnnotateSettings
    from parallax.pipeline import analyze

    load_pipeline()
    load_encoder()
    load_s = time.perf_counter() - started
    read = pickle.loads(stories.read_bytes())
    runs = {  # in this order: cold, warm, other articles
        label: analyze(read[story], annotation=AnnotateSettings(processes=processes)).timings
        for label, story in (("cold", name), ("warm", name), ("then", then))
        if story
    }
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(json.dumps({"load_s": load_s, "peak_mb": peak_kb / 1024, **runs}))


def spacy_child(stories: Path, name: str, processes: int) -> None:
    """The peer of one case in this fresh process: spaCy's `nlp.pipe` alone (the pipeline the
    language layer runs) over the same texts, the first call after loading, like a cold
    analysis; prints its seconds as JSON."""
    from parallax.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    texts = [a.text for a in pickle.loads(stories.read_bytes())[name]]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    print(json.dumps({"seconds": time.perf_counter() - start}))


def _run_child(stories: Path, name: str, processes: int, then: str | None) -> dict:
    return _child_json("--child", str(stories), name, str(processes), then or "")


def _child_json(*arguments: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


ROW_CASES = [("example", 1), ("recession all", 1), ("recession all", 2)]  # (story, processes)
QUICK_CASES = ROW_CASES[:2]


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """Summary rows: a cold analysis (the first in a fresh process, models loaded) of the
    5-article example and of the 46-record recession set, against spaCy's `nlp.pipe` alone on
    the same texts, cold too, in its own fresh process."""
    found = []
    with tempfile.TemporaryDirectory() as scratch:
        stories = Path(scratch) / "stories.pickle"
        read = read_sets(data, Path(scratch))
        stories.write_bytes(pickle.dumps(read))
        records = {"example": len(read["example"]), "recession all": len(list(recession(data)))}
        for name, processes in QUICK_CASES if quick else ROW_CASES:
            run = _run_child(stories, name, processes, None)
            bare = _child_json("--spacy-child", str(stories), name, str(processes))
            articles = len(read[name])
            kept = f" ({articles} kept)" if articles != records[name] else ""
            found.append(Row(
                "analyze latency",
                f"seconds, {records[name]} articles{kept}, cold, {processes} "
                f"process{'es' if processes > 1 else ''}",
                run["cold"]["total_s"], "bare spaCy nlp.pipe, same texts", bare["seconds"],
                ratio=True, fmt=".2f",
                note=f"{name}, {sum(a.words for a in read[name]):,} words; Parallax nlp + "
                f"compare {run['cold']['nlp_s']:.2f} + {run['cold']['compare_s']:.2f} s, warm "
                f"re-run {run['warm']['total_s']:.2f} s, load {run['load_s']:.1f} s, peak "
                f"{run['peak_mb']:,.0f} MB",
            ))
    return found


def _split(timings: dict[str, float]) -> str:
    return f"{timings['total_s']:.2f} ({timings['nlp_s']:.2f} + {timings['compare_s']:.2f})"


def _verdict(run: dict, target: float) -> str:
    """Met or missed on the same articles again (the target's case) and on other articles."""
    same = "met" if run["warm"]["total_s"] <= target else "missed"
    if "then" not in run:
        return same
    return f"{same}; other: {'met' if run['then']['total_s'] <= target else 'missed'}"


if __name__ == "__main__":
    sys.exit(main())
