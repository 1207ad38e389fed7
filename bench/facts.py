"""Consensus, unique facts and divergences against the exhaustive hand gold
(tests/data/gold/compare), today's code beside the code before the fact table, in one table.

Why a script and not a test: it reads third-party articles from the shared data folder, runs the
whole analysis on every gold story and prints a table.

- The gold files marked `"exhaustive": true` list every fact two or more articles state, with
  every sentence stating it (tests/data/gold/compare/GUIDELINE.md). Each story is read through
  Parallax's reader on its own, annotated (cached in /tmp), and compared.
- A predicted consensus item is **right** when one gold fact is stated by every article it
  cites, in the sentence it cites (its evidence lies in a sentence the fact anchors in that
  article). A gold fact is **found** when one predicted item matches its anchors in two or
  more articles. A predicted unique item is right when its sentence anchors no shared gold fact.
- The baseline is the same measurement of the code at BASELINE (run from a git worktree in a
  subprocess with that code first on the path), so both columns come from one run.
- `--split dev|test|all` (default test: the part no setting is chosen on); `--choose-threshold`
  sweeps the judge's `same` threshold on the dev split and prints each point (the value kept is
  written into src/parallax/compare/judge.npz by hand, with the command, never from test).

    .venv/bin/python bench/facts.py [--split test] [--data ../shared/data] [--no-baseline]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.compare.analyze import compare_annotated
from parallax.model import Analysis, Article, Evidence
from parallax.nlp.annotate import annotate_articles
from parallax.nlp.records import AnnotationCache

sys.path.insert(0, str(Path(__file__).resolve().parent))
from divergence import (  # noqa: E402
    GOLD,
    KINDS,
    Place,
    divergence_found,
    locate,
    matches,
    read_gold_story,
)
from table import DEFAULT_DATA, REPO, Row  # noqa: E402

BASELINE = "dd4cba4"  # main before the statement judge and the fact table
CACHE = Path(tempfile.gettempdir()) / "parallax-bench-facts-cache"
console = Console(width=150)


@dataclasses.dataclass
class Score:
    stories: int = 0
    gold: int = 0
    found: int = 0
    predicted: int = 0
    right: int = 0
    unique: int = 0
    unique_right: int = 0
    # by kind ("all" for any kind): gold divergences, found, predicted, right
    divergences: Counter[str] = dataclasses.field(default_factory=Counter)

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float | int]:
        figures: dict[str, float | int] = {
            "consensus precision": _share(self.right, self.predicted),
            "consensus recall": _share(self.found, self.gold),
            "unique precision": _share(self.unique_right, self.unique),
            "consensus items": self.predicted,
            "gold facts": self.gold,
            "unique items": self.unique,
        }
        counts = self.divergences
        for kind in ("all", *KINDS):
            figures[f"{kind} divergences: precision"] = _share(
                counts[f"{kind} right"], counts[f"{kind} predicted"])
            figures[f"{kind} divergences: recall"] = _share(
                counts[f"{kind} found"], counts[f"{kind} gold"])
            figures[f"{kind} divergences: items / gold"] = (
                f"{counts[f'{kind} predicted']} / {counts[f'{kind} gold']}")
        return figures


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def gold_files(split: str) -> list[dict]:
    stories = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold.get("exhaustive") and split in ("all", gold.get("split")):
            stories.append(gold)
    return stories


def places_of(
    evidence: Sequence[dict], articles: Sequence[Article], sentences: dict
) -> list[Place]:
    """Where gold evidence items ({"article", "anchor"}) lie in Parallax's reading."""
    by_ref = {a.ref: a for a in articles}
    places = []
    for item in evidence:
        article = by_ref.get(item["article"])
        place = article and locate(item["anchor"], article, sentences[article.id])
        if place:
            places.append(place)
    return places


def fact_places(gold: dict, articles: Sequence[Article], sentences: dict) -> list[list[Place]]:
    return [places_of(fact["evidence"], articles, sentences) for fact in gold["consensus"]]


def _states(evidence: Evidence, places: Sequence[Place]) -> bool:
    return any(matches(evidence, place) for place in places)


def divergence_places(
    gold: dict, articles: Sequence[Article], sentences: dict
) -> list[list[list[Place]]]:
    """Each gold divergence as its positions, each position as the places it anchors."""
    return [
        [places_of(position["evidence"], articles, sentences) for position in item["positions"]]
        for item in gold["divergences"]
    ]


def score_divergences(gold: dict, analysis: Analysis, sentences: dict) -> Counter[str]:
    """Gold, found, predicted and right divergences, of any kind and by kind."""
    located = divergence_places(gold, analysis.articles, sentences)
    kinds = [item["kind"] for item in gold["divergences"]]
    predicted = [[p.evidence for p in d.positions] for d in analysis.divergences]
    matched = [[divergence_found(positions, places) for places in located]
               for positions in predicted]
    counts: Counter[str] = Counter()
    for n, kind in enumerate(kinds):
        counts.update(["all gold", f"{kind} gold"])
        counts["all found"] += any(row[n] for row in matched)
        counts[f"{kind} found"] += any(
            row[n] and d.kind == kind for row, d in zip(matched, analysis.divergences, strict=True))
    for row, divergence in zip(matched, analysis.divergences, strict=True):
        counts.update(["all predicted", f"{divergence.kind} predicted"])
        counts["all right"] += any(row)
        counts[f"{divergence.kind} right"] += any(
            hit and kind == divergence.kind for hit, kind in zip(row, kinds, strict=True))
    return counts


def score(gold: dict, analysis: Analysis, sentences: dict) -> Score:
    facts = fact_places(gold, analysis.articles, sentences)
    result = Score(stories=1, gold=len(facts), predicted=len(analysis.consensus),
                   unique=len(analysis.unique))
    for places in facts:
        result.found += any(
            len({e.article for e in item.evidence if _states(e, places)}) >= 2
            for item in analysis.consensus
        )
    for item in analysis.consensus:
        result.right += any(all(_states(e, places) for e in item.evidence) for places in facts)
    shared = [place for places in facts for place in places]
    for item in analysis.unique:
        result.unique_right += not any(_states(e, shared) for e in item.evidence)
    result.divergences = score_divergences(gold, analysis, sentences)
    return result


def measure(split: str, data: Path, threshold: float | None = None) -> Score:
    total = Score()
    cache = AnnotationCache(CACHE)
    with tempfile.TemporaryDirectory() as folder:
        for gold in gold_files(split):
            articles = read_gold_story(gold, data, Path(folder))
            annotated = annotate_articles(articles, cache=cache)
            analysis = compare_annotated(annotated)
            sentences = {item.article.id: item.sentences for item in annotated}
            total.add(score(gold, analysis, sentences))
    return total


def baseline_tree() -> Path:
    """A git worktree of the BASELINE code (made once, in the temp folder)."""
    tree = Path(tempfile.gettempdir()) / f"parallax-baseline-{BASELINE}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree),
                        BASELINE], check=True, capture_output=True)
    return tree


def baseline(split: str, data: Path) -> dict[str, float | int]:
    """The same measurement of the BASELINE code, in a subprocess from a git worktree."""
    done = subprocess.run(
        [sys.executable, __file__, "--split", split, "--data", str(data), "--json"],
        env={**os.environ, "PYTHONPATH": str(baseline_tree() / "src")},
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--json", action="store_true", help="print only the figures as JSON")
    parser.add_argument("--choose-threshold", action="store_true")
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.split, args.data).figures()))
        return 0
    if args.choose_threshold:
        return choose_threshold(args.data)
    figures = measure(args.split, args.data).figures()
    before = None if args.no_baseline else baseline(args.split, args.data)
    table = Table(title=f"Consensus, unique facts and divergences, exhaustive gold, "
                        f"{args.split} split")
    table.add_column("figure")
    table.add_column("Parallax (this code)", justify="right")
    if before:
        table.add_column(f"before ({BASELINE})", justify="right")
    for name, value in figures.items():
        shown = [value, before.get(name, "—")] if before else [value]
        table.add_row(name, *(f"{v:.3f}" if isinstance(v, float) else str(v) for v in shown))
    console.print(table)
    return 0


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """The test split: consensus precision and recall and unique precision, today's code
    against the code before the fact table."""
    now = measure("test", data).figures()
    before = baseline("test", data)
    note = (f"{len(gold_files('test'))} test stories, {now['gold facts']} gold facts; "
            f"items {now['consensus items']} vs {before['consensus items']}")
    peer = f"code before the fact table ({BASELINE})"
    return [
        Row("facts", "consensus precision", now["consensus precision"], peer,
            before["consensus precision"], fmt=".3f", note=note),
        Row("facts", "consensus recall", now["consensus recall"], peer,
            before["consensus recall"], fmt=".3f"),
        Row("facts", "unique-fact precision", now["unique precision"], peer,
            before["unique precision"], fmt=".3f",
            note=f"unique items {now['unique items']} vs {before['unique items']}"),
    ]


def choose_threshold(data: Path) -> int:
    """The dev split's consensus precision and recall at each `same` threshold."""
    from parallax.compare import relate

    shipped = relate.load_judge()
    for threshold in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        model = dataclasses.replace(shipped, same_threshold=threshold)
        relate.load_judge = lambda path=relate.ARTIFACT, model=model: model  # noqa: B023
        figures = measure("dev", data)
        print(threshold, {k: round(v, 3) for k, v in figures.figures().items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
