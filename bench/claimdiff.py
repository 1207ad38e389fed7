"""Parallax's verdicts on ClaimDiff pairs: do weakening pairs read as conflicts more often?

Why a script and not a test: it reads third-party data from the shared data folder (never
copied into the repo), analyses 1,857 claim pairs, and prints tables. It checks the verdict
logic end to end; it is not a classifier to tune, and no threshold is ever chosen on it.

- ClaimDiff train: claim pairs from two outlets on one story. -W and -S hold the same pairs,
  labelled for whether claim_b weakens (-W) or strengthens (-S) claim_a.
- Each distinct pair is analysed once (`parallax.analyze`) as a two-article story: claim_a as
  article a1 from source "A", claim_b as a2 from "B", undated.
- Its verdict: "conflict" when a divergence (of any kind: number, claim, update, quote,
  framing) has both articles among its positions, "agree" when a consensus item covers both,
  "unrelated" otherwise. Expected: on -W, relation 1 is called a conflict more often than
  relation 0; on -S, relation 1 less often, and agreed more often.
- The language layer is the cost, so it runs once, batched, over every distinct claim (into
  an annotation cache the analyses then read back), and the claims' sentence vectors are
  encoded in one batch too.

    .venv/bin/python bench/claimdiff.py [--data ../shared/data] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.compare.embed import embed_texts
from parallax.model import Analysis, Article
from parallax.nlp.annotate import annotate_articles
from parallax.nlp.records import AnnotationCache
from parallax.nlp.settings import AnnotateSettings
from parallax.pipeline import analyze

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import DEFAULT_DATA  # noqa: E402

CLAIMDIFF = "divergence/claimdiff"
SPLITS = {  # split: (file, what relation 1 means, expected sign of its conflict-rate difference)
    "ClaimDiff-W": ("ClaimDiff-W/ClaimDiff-weak-train.json", "b weakens a", 1),
    "ClaimDiff-S": ("ClaimDiff-S/ClaimDiff-strength-train.json", "b strengthens a", -1),
}
VERDICTS = ("conflict", "agree", "unrelated")
Pair = tuple[str, str]
console = Console(width=150)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    splits = {
        name: json.loads((args.data / CLAIMDIFF / file).read_text(encoding="utf-8"))["data"][
            : args.limit
        ]
        for name, (file, _, _) in SPLITS.items()
    }
    pairs = list(dict.fromkeys(_pair(p) for rows in splits.values() for p in rows))
    with tempfile.TemporaryDirectory() as scratch:
        verdicts = judge(pairs, Path(scratch))
    summary = Table(title="Conflict rate by ClaimDiff label (relation 1 minus relation 0)")
    for column in ("split", "relation 1 means", "conflict r=1", "conflict r=0", "difference",
                   "agree r=1", "agree r=0", "expected", "holds"):
        summary.add_column(column, justify="left" if column in ("split", "relation 1 means")
                           else "right")
    for name, rows in splits.items():
        _, meaning, sign = SPLITS[name]
        counts = {r: Counter(verdicts[_pair(p)] for p in rows if p["relation"] == r)
                  for r in (0, 1)}
        console.print(crosstab(name, meaning, counts))
        conflict = {r: _rate(counts[r], "conflict") for r in counts}
        agree = {r: _rate(counts[r], "agree") for r in counts}
        difference = conflict[1] - conflict[0]
        summary.add_row(
            name, meaning, f"{conflict[1]:.3f}", f"{conflict[0]:.3f}", f"{difference:+.3f}",
            f"{agree[1]:.3f}", f"{agree[0]:.3f}", "> 0" if sign > 0 else "< 0",
            "yes" if difference * sign > 0 else "no",
        )
    console.print(summary)
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs of each")
    return parser.parse_args(argv)


def _pair(row: dict) -> Pair:
    return row["claim_a"], row["claim_b"]


def judge(pairs: Sequence[Pair], folder: Path) -> dict[Pair, str]:
    """Each pair's verdict; prints how long the language layer and the analyses took."""
    started = time.perf_counter()
    stories = [pair_articles(a, b) for a, b in pairs]
    distinct = list({(x.id, x.text): x for story in stories for x in story}.values())
    annotated = annotate_articles(distinct, cache=AnnotationCache(folder))
    embed_texts([claim.text for item in annotated for claim in item.claims])
    layer = time.perf_counter()
    verdicts = {
        pair: verdict(analyze(story, annotation=AnnotateSettings(cache=folder)))
        for pair, story in zip(pairs, stories, strict=True)
    }
    done = time.perf_counter()
    console.print(
        f"{len(pairs):,} distinct pairs ({len(distinct):,} distinct articles) in "
        f"{done - started:.1f} s: models + language layer + encoding {layer - started:.1f} s, "
        f"analyses {done - layer:.1f} s ({1000 * (done - layer) / max(len(pairs), 1):.1f} ms "
        "a pair)"
    )
    return verdicts


def pair_articles(claim_a: str, claim_b: str) -> list[Article]:
    return [
        Article("a1", "claim_a", claim_a, source="A"),
        Article("a2", "claim_b", claim_b, source="B"),
    ]


def verdict(analysis: Analysis) -> str:
    both = {"a1", "a2"}
    for divergence in analysis.divergences:
        if both <= {a for position in divergence.positions for a in position.articles}:
            return "conflict"
    if any(both <= set(item.articles) for item in analysis.consensus):
        return "agree"
    return "unrelated"


def crosstab(name: str, meaning: str, counts: dict[int, Counter[str]]) -> Table:
    table = Table(title=f"{name}: Parallax's verdict by relation (1 = {meaning})")
    table.add_column("relation")
    for column in (*VERDICTS, "pairs", "conflict rate", "agree rate"):
        table.add_column(column, justify="right")
    for relation in (1, 0):
        found = counts[relation]
        table.add_row(
            str(relation),
            *(f"{found[v]} ({_rate(found, v):.1%})" for v in VERDICTS),
            str(found.total()),
            f"{_rate(found, 'conflict'):.3f}",
            f"{_rate(found, 'agree'):.3f}",
        )
    return table


def _rate(counts: Counter[str], verdict: str) -> float:
    return counts[verdict] / counts.total() if counts.total() else 0.0


if __name__ == "__main__":
    sys.exit(main())
