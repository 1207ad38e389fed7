"""Language-layer benchmark: quality on the hand-checked gold, speed against bare spaCy.

Quality: precision/recall of quantities (interval bounds + hedge + counted noun) and of
quote speakers on tests/data/gold (passages from ../shared/data, never the example story).
Speed: words/s of the whole layer (parse + sentences, entities, quantities, dates, quotes,
claims) against spaCy's `nlp.pipe` alone on the same texts, 1 and 2 processes, each run in
its own subprocess so peak memory (max RSS, including worker processes) is its own.

    .venv/bin/python bench/language.py [--data ../shared/data] [--repeat N] [--misses]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The gold scoring is evaluation code, kept with the gold under tests/ (not in the package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "nlp"))
from table import DEFAULT_DATA, Row  # noqa: E402

SPEED_INPUT = "mds/discord-questions/documents_recession.json"
DEFAULT_REPEAT = 3


def quality(show_misses: bool) -> Table:
    from gold_scoring import gold_articles, load_gold, score_quantities, score_quotes

    from parallax.nlp.annotate import annotate_articles

    table = Table(title="Language layer on hand-checked gold (tests/data/gold)")
    for column in ("what", "gold", "predicted", "found P", "found R", "right P", "right R", "F1"):
        table.add_column(column, justify="left" if column == "what" else "right")
    for kind, scorer, label in (
        ("quantities", score_quantities, "quantity: bounds + hedge + unit"),
        ("quotes", score_quotes, "direct quote: speaker"),
    ):
        passages = load_gold(kind)
        score = scorer(passages, annotate_articles(gold_articles(passages)))
        table.add_row(
            label, str(score.gold), str(score.predicted),
            f"{score.detection_precision:.3f}", f"{score.detection_recall:.3f}",
            f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
        )
        if show_misses:
            Console(stderr=True).print(f"[bold]{kind} misses[/]", *score.misses, sep="\n")
    return table


def coverage(data: Path) -> Table:
    """The layer over every record of the speed input, raw (before any cleaning, empty ones
    included) and as ingest cleans them: no article may fail."""
    from parallax.ingest.articles import read_articles
    from parallax.model import Article
    from parallax.nlp.annotate import annotate_articles

    path = data / SPEED_INPUT
    records = json.loads(path.read_text(encoding="utf-8"))
    raw = [Article(id=str(r["id"]), ref=str(r["id"]), text=r.get("content") or "")
           for r in records]
    cleaned = read_articles([str(path)]).articles
    table = Table(title=f"The layer on every article of {SPEED_INPUT}")
    for column in ("input", "articles", "failed", "sentences", "quantities", "dates", "quotes",
                   "claims"):
        table.add_column(column, justify="left" if column == "input" else "right")
    for label, articles in (("raw records", raw), ("cleaned by ingest", cleaned)):
        done = annotate_articles(articles)
        table.add_row(
            label, str(len(done)), str(sum(bool(a.warnings) for a in done)),
            *(str(sum(len(getattr(a, field)) for a in done))
              for field in ("sentences", "quantities", "times", "quotes", "claims")),
        )
    return table


def speed_worker(mode: str, processes: int, data: Path, repeat: int) -> None:
    """One timed run in this process; prints words, seconds and peak RSS as JSON."""
    from parallax.ingest.articles import read_articles
    from parallax.nlp.annotate import annotate_articles
    from parallax.nlp.pipeline import load_pipeline

    articles = read_articles([str(data / SPEED_INPUT)]).articles * repeat
    nlp = load_pipeline()
    nlp("Warm up the pipeline before the clock starts.")
    failed = 0
    start = time.perf_counter()
    if mode == "spacy":
        for _ in nlp.pipe((a.text for a in articles), batch_size=32, n_process=processes):
            pass
    else:
        failed = sum(bool(a.warnings) for a in annotate_articles(articles, processes=processes))
    seconds = time.perf_counter() - start
    rss_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(json.dumps({"words": sum(a.words for a in articles), "seconds": seconds,
                      "rss_mb": rss_kb / 1024, "articles": len(articles), "failed": failed}))


Run = dict[str, float]  # one worker's JSON: words, seconds, rss_mb, articles, failed


def speed_runs(data: Path, repeat: int) -> dict[int, tuple[Run, Run]]:
    """(bare spaCy, layer) for 1 and 2 processes, each run in a fresh subprocess."""
    return {
        processes: (_run_worker("spacy", processes, data, repeat),
                    _run_worker("layer", processes, data, repeat))
        for processes in (1, 2)
    }


def speed(data: Path, repeat: int) -> Table:
    table = Table(title=f"Speed on {SPEED_INPUT} x{repeat} (2 cores)")
    for column in ("processes", "bare spaCy words/s", "layer words/s", "overhead",
                   "spaCy peak MB", "layer peak MB", "articles failed"):
        table.add_column(column, justify="right")
    for processes, (bare, layer) in speed_runs(data, repeat).items():
        table.add_row(
            str(processes),
            f"{bare['words'] / bare['seconds']:,.0f}",
            f"{layer['words'] / layer['seconds']:,.0f}",
            f"{layer['seconds'] / bare['seconds']:.2f}x",
            f"{bare['rss_mb']:,.0f}",
            f"{layer['rss_mb']:,.0f}",
            f"{layer['failed']}/{layer['articles']}",
        )
    return table


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """Summary rows: words/s and peak memory of the whole layer against spaCy's `nlp.pipe`
    alone on the same texts, 1 and 2 processes (the speed part; the gold has no peer)."""
    repeat = 1 if quick else DEFAULT_REPEAT
    result = []
    for processes, (bare, layer) in speed_runs(data, repeat).items():
        words = f"{SPEED_INPUT.rsplit('/', 1)[-1]} x{repeat}, {layer['words']:,.0f} words"
        result += [
            Row("language", f"words/s, {processes} process{'es' if processes > 1 else ''}",
                layer["words"] / layer["seconds"], "bare spaCy nlp.pipe",
                bare["words"] / bare["seconds"], ratio=True, fmt=",.0f",
                note=f"{words}; layer failed on {layer['failed']:.0f}/{layer['articles']:.0f}"),
            Row("language", f"peak MB, {processes} process{'es' if processes > 1 else ''}",
                layer["rss_mb"], "bare spaCy nlp.pipe", bare["rss_mb"], ratio=True, fmt=",.0f",
                note="largest resident set of the run's processes"),
        ]
    return result


def _run_worker(mode: str, processes: int, data: Path, repeat: int) -> Run:
    command = [sys.executable, __file__, "--worker", mode, str(processes), "--data", str(data),
               "--repeat", str(repeat)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help="passes over the speed input")
    parser.add_argument("--misses", action="store_true", help="list gold misses on stderr")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "PROCESSES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        speed_worker(args.worker[0], int(args.worker[1]), args.data, args.repeat)
        return
    console = Console(width=120)
    console.print(quality(args.misses))
    console.print(coverage(args.data))
    console.print(speed(args.data, args.repeat))


if __name__ == "__main__":
    main()
