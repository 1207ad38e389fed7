"""Consensus and divergences against the hand gold in tests/data/gold/compare.

Why a script and not a test: it reads third-party articles from the shared data folder (never
copied into the repo), runs the whole analysis on each gold story, and prints a table.

- Each gold story (BASIL triplets, NeuS val lines, the 46-document recession set) is exactly
  the articles its file lists, read through Parallax's ordinary reader on its own and
  analysed once (`parallax.analyze`).
- Each gold anchor (the first words of an evidence sentence) is found in the cleaned text by
  its words, any whitespace between; anchors not found are counted (NeuS headlines are one
  case: the reader keeps them as the title, not in the text). A predicted evidence *matches*
  an anchor when it overlaps it or lies in the sentence, as Parallax splits the text, where
  the anchor starts.
- A gold consensus item is found when one predicted consensus item matches its anchors in at
  least two of its articles. A gold divergence is found when one predicted divergence (any
  kind, or the same kind) matches two gold positions with two different positions of its own.
- Precision of predicted consensus is a lower bound, the gold not being exhaustive: "P anchor"
  is the share of items with evidence on any gold consensus anchor, "P item" the stricter
  share that match a gold item as recall counts it.

    .venv/bin/python bench/divergence.py [--data ../shared/data] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parallax.ingest.normalize import normalize_text
from parallax.model import Analysis, Article, Evidence, Sentence, Story
from parallax.nlp.records import AnnotationCache
from parallax.nlp.settings import AnnotateSettings
from parallax.pipeline import analyze

sys.path.insert(0, str(Path(__file__).resolve().parent))
from per_story import read_stories  # noqa: E402
from story_sets import basil, ecbplus, example, neus, recession  # noqa: E402
from table import DEFAULT_DATA, REPO  # noqa: E402

GOLD = REPO / "tests" / "data" / "gold" / "compare"
# by the story name's prefix
LOADERS = {"basil": basil, "neus": neus, "recession": recession, "ecb": ecbplus,
           "example": example}
KINDS = ("number", "claim", "update", "quote", "framing")
console = Console(width=170)  # the table is wide


@dataclass(frozen=True)
class Place:
    """Where a gold anchor lies in Parallax's reading: article id, span, and the index of
    Parallax's sentence holding the anchor's start (-1 if unknown)."""

    article: str
    start: int
    end: int
    sentence: int


# A gold item as places: one list per consensus item, per divergence position.
Places = list[Place]


@dataclass
class Score:
    """Counts for one story (or all): gold found, predicted matched, anchors located."""

    anchors: int = 0
    located: int = 0
    gold_consensus: int = 0
    found_consensus: int = 0
    predicted_consensus: int = 0
    touching_consensus: int = 0
    matching_consensus: int = 0
    gold_divergences: int = 0
    found_any: int = 0
    found_same: int = 0
    predicted_kinds: Counter[str] = field(default_factory=Counter)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    table = Table(title="Consensus and divergences against the hand gold (tests/data/gold/compare)")
    table.add_column("story", no_wrap=True)
    columns = (
        "articles", "anchors", "consensus R", "predicted", "P anchor", "P item",
        "divergence R", "R same kind", "predicted n/c/u/q/f",
    )
    for column in columns:
        table.add_column(column, justify="right", no_wrap=True)
    total = Score()
    with tempfile.TemporaryDirectory() as scratch:
        for path in sorted(args.gold.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            articles = read_gold_story(gold, args.data, Path(scratch))
            folder = Path(scratch) / gold["story"]
            story = Story(gold["story"], None, None, None, [], articles)
            analysis = analyze(story, annotation=AnnotateSettings(cache=folder))
            cache = AnnotationCache(folder)
            sentences = {a.id: _sentences(cache, a) for a in articles}
            score = score_story(gold, articles, sentences, analysis, args.show_misses)
            table.add_row(gold["story"], f"{len(articles)}/{len(gold['articles'])}",
                          *_cells(score))
            total.add(score)
    table.add_row("all", "", *_cells(total), style="bold")
    console.print(table)
    return 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of gold story files")
    parser.add_argument(
        "--show-misses", action="store_true", help="print each missed gold item and what "
        "Parallax reported on its sentences"
    )
    return parser.parse_args(argv)


def read_gold_story(gold: dict, data: Path, folder: Path) -> list[Article]:
    """Exactly the story's articles, read through Parallax's reader, in the data set's order."""
    loader = LOADERS[gold["story"].split("-", 1)[0]]
    refs = set(gold["articles"])
    pairs = [(record, gold["story"]) for record, _ in loader(data) if record["id"] in refs]
    return read_stories(pairs, folder)[gold["story"]].articles


def _sentences(cache: AnnotationCache, article: Article) -> list[Sentence]:
    """Parallax's sentences of an article, read back from the analysis's own annotation
    cache rather than parsed again (an article whose annotation failed is not cached)."""
    annotated = cache.get(article)
    return annotated.sentences if annotated else []


def locate(anchor: str, article: Article, sentences: Sequence[Sentence]) -> Place | None:
    """The anchor in the article's cleaned text: its words in order, any whitespace between."""
    pattern = r"\s+".join(re.escape(word) for word in normalize_text(anchor).split())
    found = re.search(pattern, article.text)
    if found is None:
        return None
    start, end = found.span()
    sentence = next((s.index for s in sentences if s.start <= start < s.end), -1)
    return Place(article.id, start, end, sentence)


def matches(evidence: Evidence, place: Place) -> bool:
    return evidence.article == place.article and (
        evidence.sentence == place.sentence
        or (evidence.start < place.end and place.start < evidence.end)
    )


def matched_articles(evidence: Sequence[Evidence], places: Places) -> set[str]:
    """The gold item's articles in which some evidence matches one of its anchors."""
    return {p.article for p in places if any(matches(e, p) for e in evidence)}


def divergence_found(positions: Sequence[Sequence[Evidence]], gold: Sequence[Places]) -> bool:
    """Two gold positions matched by two different predicted positions."""
    hit = [[bool(matched_articles(predicted, places)) for predicted in positions]
           for places in gold]
    return any(
        hit[i][j] and hit[k][m]
        for i, k in permutations(range(len(gold)), 2)
        for j, m in permutations(range(len(positions)), 2)
    )


def score_story(
    gold: dict,
    articles: Sequence[Article],
    sentences: dict[str, list[Sentence]],
    analysis: Analysis,
    show_misses: bool,
) -> Score:
    by_ref = {a.ref: a for a in articles}
    score = Score(predicted_kinds=Counter(d.kind for d in analysis.divergences))

    def places(evidence: list[dict]) -> Places:
        located = []
        for item in evidence:
            article = by_ref.get(item["article"])  # None when the reader dropped it
            score.anchors += 1
            if article is None:
                continue
            place = locate(item["anchor"], article, sentences[article.id])
            if place:
                score.located += 1
                located.append(place)
        return located

    consensus = [(item, places(item["evidence"])) for item in gold["consensus"]]
    divergences = [
        (item, [places(position["evidence"]) for position in item["positions"]])
        for item in gold["divergences"]
    ]
    score.gold_consensus = len(consensus)
    score.gold_divergences = len(divergences)
    for item, located in consensus:
        found = any(len(matched_articles(c.evidence, located)) >= 2 for c in analysis.consensus)
        score.found_consensus += found
        if show_misses and not found:
            _print_miss(gold["story"], f"consensus: {item['statement']}", located, analysis)
    all_anchors = [place for _, located in consensus for place in located]
    for predicted in analysis.consensus:
        score.predicted_consensus += 1
        score.touching_consensus += bool(matched_articles(predicted.evidence, all_anchors))
        score.matching_consensus += any(
            len(matched_articles(predicted.evidence, located)) >= 2 for _, located in consensus
        )
    for item, positions in divergences:
        found = [
            d.kind
            for d in analysis.divergences
            if divergence_found([p.evidence for p in d.positions], positions)
        ]
        score.found_any += bool(found)
        score.found_same += item["kind"] in found
        if show_misses and item["kind"] not in found:
            other = f" (found only as {', '.join(sorted(set(found)))})" if found else ""
            answers = " | ".join(p["answer"] for p in item["positions"])
            label = f"{item['kind']} divergence{other}: {item['question']} [{answers}]"
            _print_miss(gold["story"], label, [p for ps in positions for p in ps], analysis)
    return score


def _print_miss(story: str, label: str, located: Places, analysis: Analysis) -> None:
    """A missed gold item, its anchors' sentences, and every predicted item citing them."""
    console.print(f"[bold]{story}[/bold] missed {label}", highlight=False)
    text = {a.id: a.text for a in analysis.articles}
    for place in located:
        sentence = text[place.article][place.start:place.start + 90].replace("\n", " ")
        console.print(f"    gold {place.article} s{place.sentence}: {sentence}…", highlight=False)
    for line in nearby(analysis, located) or ["nothing predicted cites these sentences"]:
        console.print(f"    → {line}", highlight=False)


def nearby(analysis: Analysis, located: Places) -> list[str]:
    """What Parallax reported on the gold item's sentences, and in which articles."""
    lines = []
    for c in analysis.consensus:
        if hits := matched_articles(c.evidence, located):
            lines.append(f"{c.id} consensus {c.articles} (on gold in {sorted(hits)}): "
                         f"{_short(c.statement)}")
    for d in analysis.divergences:
        evidence = [e for p in d.positions for e in p.evidence]
        if hits := matched_articles(evidence, located):
            answers = " | ".join(f"{_short(p.answer, 50)} {p.articles}" for p in d.positions)
            lines.append(f"{d.id} {d.kind} (on gold in {sorted(hits)}): {_short(d.question)} "
                         f"[{answers}]")
    for u in analysis.unique:
        if matched_articles(u.evidence, located):
            lines.append(f"unique to {u.article}: {_short(u.statement)}")
    return lines


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cells(score: Score) -> list[str]:
    kinds = score.predicted_kinds
    return [
        f"{score.located}/{score.anchors}",
        _ratio(score.found_consensus, score.gold_consensus),
        str(score.predicted_consensus),
        _ratio(score.touching_consensus, score.predicted_consensus),
        _ratio(score.matching_consensus, score.predicted_consensus),
        _ratio(score.found_any, score.gold_divergences),
        _ratio(score.found_same, score.gold_divergences),
        "/".join(str(kinds[kind]) for kind in KINDS),
    ]


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "—"


if __name__ == "__main__":
    sys.exit(main())
