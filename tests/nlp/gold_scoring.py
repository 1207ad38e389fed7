"""Scoring the language layer against hand-checked gold passages (tests/data/gold).

The gold marks where each quantity or quote is in a passage and what it should read as;
a prediction counts when it overlaps the gold span, and is right when its values agree.
Evaluation, not runtime: shared by the tests (which hold the layer to a floor) and
bench/language.py (the table), it lives beside the gold it reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallax.model import AnnotatedArticle, Article
from parallax.nlp.entities import fold, skeleton

NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "gold"


@dataclass
class Score:
    """Counts behind precision and recall, plus the misses for reading."""

    predicted: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.found += other.found
        self.right += other.right
        self.misses.extend(other.misses)

    @property
    def detection_precision(self) -> float:
        return self.found / self.predicted if self.predicted else 0.0

    @property
    def detection_recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def load_gold(kind: str, gold_dir: Path = GOLD_DIR) -> list[dict[str, Any]]:
    """All gold passages of one kind ('quantities' or 'quotes')."""
    passages: list[dict[str, Any]] = []
    for path in sorted(gold_dir.glob(f"{kind}*.json")):
        passages.extend(json.loads(path.read_text(encoding="utf-8")))
    return passages


def gold_articles(passages: Sequence[dict[str, Any]]) -> list[Article]:
    """Each passage as an article of its own, dated when the gold says so."""
    return [
        Article(id=f"g{i}", ref=p["source"], text=p["text"], published=p.get("published"))
        for i, p in enumerate(passages)
    ]


def score_quantities(
    passages: Sequence[dict[str, Any]], annotated: Sequence[AnnotatedArticle]
) -> Score:
    """Right = overlapping the gold span with the same bounds, hedge and unit."""
    total = Score()
    for passage, result in zip(passages, annotated, strict=True):
        gold = [(_span(passage["text"], q), q) for q in passage["quantities"]]
        predicted = [((q.start, q.end), q) for q in result.quantities]
        pairs = _match(gold, predicted)
        score = Score(predicted=len(predicted), gold=len(gold), found=len(pairs))
        for g, p in pairs:
            values = (g["low"], g["high"], g["approximate"], g["unit"])
            if _same_number(g["low"], p.low) and _same_number(g["high"], p.high) and (
                g["approximate"] == p.approximate and g["unit"] == p.unit
            ):
                score.right += 1
            else:
                score.misses.append(
                    f"{g['text']!r}: gold {values} got {(p.low, p.high, p.approximate, p.unit)}"
                )
        matched = {id(p) for _, p in pairs}
        score.misses.extend(f"extra {p.text!r}" for _, p in predicted if id(p) not in matched)
        matched_gold = {id(g) for g, _ in pairs}
        score.misses.extend(f"missed {g['text']!r}" for _, g in gold if id(g) not in matched_gold)
        total.add(score)
    return total


def score_quotes(
    passages: Sequence[dict[str, Any]], annotated: Sequence[AnnotatedArticle]
) -> Score:
    """Right = a direct quote overlapping the gold quote, with the gold speaker."""
    total = Score()
    for passage, result in zip(passages, annotated, strict=True):
        gold = [(_span(passage["text"], q), q) for q in passage["quotes"]]
        predicted = [((q.start, q.end), q) for q in result.quotes if q.direct]
        pairs = _match(gold, predicted)
        score = Score(predicted=len(predicted), gold=len(gold), found=len(pairs))
        for g, p in pairs:
            if same_speaker(g["speaker"], p.speaker.name):
                score.right += 1
            else:
                score.misses.append(f"{g['text'][:40]!r}: {g['speaker']!r} got {p.speaker.name!r}")
        matched_gold = {id(g) for g, _ in pairs}
        score.misses.extend(
            f"missed {g['text'][:40]!r}" for _, g in gold if id(g) not in matched_gold
        )
        matched = {id(p) for _, p in pairs}
        score.misses.extend(
            f"extra {p.text[:40]!r}" for _, p in predicted if id(p) not in matched
        )
        total.add(score)
    return total


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    """Same person or source: equal names, or the same last word spelled alike
    ('John Kirby' / 'Kirby', 'senior official' / 'a senior administration official')."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    a, b = _name_words(gold), _name_words(predicted)
    return a == b or bool(a and b) and skeleton(a[-1]) == skeleton(b[-1])


def _name_words(name: str) -> list[str]:
    words = fold(name).replace(".", "").replace(",", "").split()
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words


def _span(text: str, item: dict[str, Any]) -> tuple[int, int]:
    start = -1
    for _ in range(item.get("occurrence", 0) + 1):
        start = text.find(item["text"], start + 1)
    if start < 0:
        raise ValueError(f"gold text {item['text']!r} not in its passage")
    return start, start + len(item["text"])


def _match(
    gold: Iterable[tuple[tuple[int, int], Any]], predicted: Sequence[tuple[tuple[int, int], Any]]
) -> list[tuple[Any, Any]]:
    """Pair each gold item with the first unused prediction overlapping it."""
    used: set[int] = set()
    pairs = []
    for (start, end), item in gold:
        for n, ((p_start, p_end), prediction) in enumerate(predicted):
            if n not in used and p_start < end and start < p_end:
                used.add(n)
                pairs.append((item, prediction))
                break
    return pairs


def _same_number(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(gold - predicted) <= 0.01 * max(1.0, abs(gold))
