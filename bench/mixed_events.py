"""A trap that must stay silent: two different events of one kind given as one story (an ECB+
topic analysed whole), today's code beside the code before the fact table, in one table.

Why a script and not a test: it reads third-party articles from the shared data folder and runs
the whole analysis on each topic.

Each ECB+ topic holds reports of two different events of one kind (two earthquakes, two
celebrities entering rehab). Analysed as one story, any divergence or consensus item whose
evidence comes from articles of both events sets two events against each other (or merges
them): it is counted as joining two events. The topics are 1-35 (the test topics 36-45 are
left alone, as everywhere); `--topics 1-5` takes fewer.

    .venv/bin/python bench/mixed_events.py [--topics 1-35] [--data ../shared/data] [--no-baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.compare.analyze import compare_annotated
from parallax.model import Analysis, Evidence
from parallax.nlp.annotate import annotate_articles
from parallax.nlp.records import AnnotationCache

sys.path.insert(0, str(Path(__file__).resolve().parent))
from facts import BASELINE, CACHE, baseline_tree  # noqa: E402
from per_story import read_stories  # noqa: E402
from story_sets import ecbplus, topic  # noqa: E402
from table import DEFAULT_DATA, Row  # noqa: E402

console = Console(width=150)


def joins_two_events(evidence: list[Evidence], event_of: dict[str, str]) -> bool:
    return len({event_of[item.article] for item in evidence}) > 1


def count(analysis: Analysis, event_of: dict[str, str]) -> Counter[str]:
    """Divergences (by kind) and consensus items listed, and how many join the two events."""
    counts: Counter[str] = Counter()
    for divergence in analysis.divergences:
        evidence = [item for position in divergence.positions for item in position.evidence]
        joined = joins_two_events(evidence, event_of)
        counts.update({"divergences": 1, f"{divergence.kind}": 1})
        counts.update({"divergences joining": joined, f"{divergence.kind} joining": joined})
    for item in analysis.consensus:
        counts["consensus"] += 1
        counts["consensus joining"] += joins_two_events(item.evidence, event_of)
    return counts


def measure(topics: range, data: Path) -> Counter[str]:
    records = [(record, event) for record, event in ecbplus(data)
               if topic(record["id"]) in topics]
    total: Counter[str] = Counter()
    cache = AnnotationCache(CACHE)
    with tempfile.TemporaryDirectory() as folder:
        by_topic: dict[int, list[tuple[dict, str]]] = {}
        for record, _ in records:
            number = topic(record["id"])
            by_topic.setdefault(number, []).append((record, str(number)))
        events = {record["id"]: event for record, event in records}
        for number, pairs in sorted(by_topic.items()):
            articles = read_stories(pairs, Path(folder))[str(number)].articles
            annotated = annotate_articles(articles, cache=cache)
            analysis = compare_annotated(annotated)
            event_of = {article.id: events[article.ref] for article in analysis.articles}
            total.update(count(analysis, event_of))
            total["topics"] += 1
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", default="1-35", help="first-last ECB+ topics (not 36-45)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--json", action="store_true", help="print only the counts as JSON")
    args = parser.parse_args(argv)
    first, last = (int(part) for part in args.topics.split("-"))
    if last > 35:
        parser.error("topics 36-45 are ECB+'s test topics: never measured here")
    now = measure(range(first, last + 1), args.data)
    if args.json:
        print(json.dumps(now))
        return 0
    before = None if args.no_baseline else baseline(args.topics, args.data)
    table = Table(title=f"Two events as one story: ECB+ topics {args.topics} analysed whole")
    table.add_column("items listed (joining the two events)")
    table.add_column("Parallax (this code)", justify="right")
    if before is not None:
        table.add_column(f"before ({BASELINE})", justify="right")
    for name in ("divergences", "number", "update", "claim", "quote", "framing", "consensus"):
        cells = [f"{counts.get(name, 0)} ({counts.get(f'{name} joining', 0)})"
                 for counts in ([now, before] if before is not None else [now])]
        table.add_row(name, *cells)
    console.print(table)
    return 0


def baseline(topics: str, data: Path) -> Counter[str]:
    """The same counts from the BASELINE code, in a subprocess from a git worktree."""
    done = subprocess.run(
        [sys.executable, __file__, "--topics", topics, "--data", str(data), "--json"],
        env={**os.environ, "PYTHONPATH": str(baseline_tree() / "src")},
        capture_output=True, text=True, check=True,
    )
    return Counter(json.loads(done.stdout.strip().splitlines()[-1]))


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """Divergences joining two different events, today's code against the code before."""
    topics = "1-10" if quick else "1-35"
    first, last = (int(part) for part in topics.split("-"))
    now, before = measure(range(first, last + 1), data), baseline(topics, data)
    peer = f"code before the fact table ({BASELINE})"
    return [
        Row("mixed events", f"divergences joining two events (ECB+ {topics})",
            f"{now['divergences joining']} of {now['divergences']}", peer,
            f"{before['divergences joining']} of {before['divergences']}"),
    ]


if __name__ == "__main__":
    sys.exit(main())
