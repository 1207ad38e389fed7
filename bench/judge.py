"""The statement judge on labelled statement pairs from the hand gold, against MiniLM cosine and
the grouping rule it replaced, in one table.

Why a script and not a test: it reads third-party articles from the shared data folder.

- Pairs come from the exhaustive gold files (tests/data/gold/compare): every sentence a gold
  item anchors (Parallax's own sentence holding the anchor), paired across articles of one
  story. Label `same` when one gold fact anchors both; `conflict` when they sit in different
  positions of one number or claim divergence; otherwise `different` (the gold is exhaustive:
  two sentences stating one fact would share an item). The figure is balanced accuracy of
  "same" against the rest.
- The judge: the learned layer's P(same), at the threshold shipped in judge.npz (chosen on
  the dev split at story level, so it favours precision) and at its best threshold. Peers:
  MiniLM cosine at its best threshold on the very pairs measured (an oracle, which favours
  the peer) and at the judge's recall, and the previous grouping rule (cosine ≥ 0.72, or
  ≥ 0.64 with an entity in common: align.STATEMENT_MATCH and its entity bonus). The
  structural checks (negation, figures, speakers, dates) need the language layer's claims and
  are measured at story level (bench/facts.py), not here.

    .venv/bin/python bench/judge.py [--split test|dev|all]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from itertools import combinations
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from parallax.compare.relate import FEATURES, WordWeights, load_judge, pair_features
from parallax.model import AnnotatedArticle
from parallax.nlp.annotate import annotate_articles
from parallax.nlp.records import AnnotationCache

sys.path.insert(0, str(Path(__file__).resolve().parent))
from divergence import locate, read_gold_story  # noqa: E402
from facts import CACHE, gold_files  # noqa: E402
from table import DEFAULT_DATA, Row  # noqa: E402

PREVIOUS_MATCH, PREVIOUS_ENTITY_BONUS = 0.72, 0.08
console = Console(width=150)


Pair = tuple[str, str, str, bool]


def gold_pairs(split: str, data: Path) -> tuple[list[Pair], np.ndarray]:
    """(first sentence, second sentence, label, share an entity) for every pair, and the
    pairs' FEATURES (each story's sentences weigh its words, as its statements do at run
    time)."""
    pairs: list[Pair] = []
    features = []
    cache = AnnotationCache(CACHE)
    with tempfile.TemporaryDirectory() as folder:
        for gold in gold_files(split):
            articles = read_gold_story(gold, data, Path(folder))
            annotated = annotate_articles(articles, cache=cache)
            found = story_pairs(gold, {item.article.ref: item for item in annotated})
            if not found:
                continue
            weights = WordWeights([s.text for item in annotated for s in item.sentences])
            features.append(pair_features([p[0] for p in found], [p[1] for p in found],
                                          weights))
            pairs += found
    return pairs, np.vstack(features)


def story_pairs(gold: dict, annotated: dict[str, AnnotatedArticle]) -> list[Pair]:
    items: dict[tuple[str, int], set[str]] = {}  # (ref, sentence) → gold items anchoring it

    def place(evidence: dict, tag: str) -> None:
        item = annotated.get(evidence["article"])
        where = item and locate(evidence["anchor"], item.article, item.sentences)
        if where and where.sentence >= 0:
            items.setdefault((evidence["article"], where.sentence), set()).add(tag)

    for n, fact in enumerate(gold["consensus"]):
        for evidence in fact["evidence"]:
            place(evidence, f"fact{n}")
    for n, divergence in enumerate(gold["divergences"]):
        for k, position in enumerate(divergence["positions"]):
            for evidence in position["evidence"]:
                opposed = divergence["kind"] in ("number", "claim")
                place(evidence, f"div{n}:{k}" if opposed else f"other{n}")

    def entities(ref: str, sentence: int) -> set[str]:
        return {e.key for e in annotated[ref].entities
                for m in e.mentions if m.sentence == sentence}

    pairs = []
    for (a, s), (b, t) in combinations(sorted(items), 2):
        if a == b:
            continue
        tags_a, tags_b = items[(a, s)], items[(b, t)]
        facts = {x for x in tags_a & tags_b if x.startswith("fact")}
        conflict = any(x.split(":")[0] == y.split(":")[0] and x != y
                       for x in tags_a for y in tags_b
                       if x.startswith("div") and y.startswith("div"))
        label = "same" if facts else "conflict" if conflict else "different"
        pairs.append((annotated[a].sentences[s].text, annotated[b].sentences[t].text,
                      label, bool(entities(a, s) & entities(b, t))))
    return pairs


def balanced(truth: np.ndarray, said: np.ndarray) -> float:
    return float(np.mean([np.mean(said[truth]), np.mean(~said[~truth])]))


def measure(split: str, data: Path) -> dict[str, float | int]:
    """Balanced accuracy and precision of `same` for the judge and its peers on one split."""
    pairs, features = gold_pairs(split, data)
    model = load_judge()
    same = model.probabilities(features)[:, 0]
    cosine = features[:, FEATURES.index("cosine")]
    truth = np.array([p[2] == "same" for p in pairs])
    shared = np.array([p[3] for p in pairs])
    previous = cosine + PREVIOUS_ENTITY_BONUS * shared >= PREVIOUS_MATCH
    shipped = same >= model.same_threshold
    thresholds = np.arange(0.05, 0.96, 0.01)
    return {
        "pairs": len(pairs),
        "same pairs": int(truth.sum()),
        "threshold": model.same_threshold,
        "judge balanced": balanced(truth, shipped),
        "judge precision": _precision(truth, shipped),
        "judge best balanced": max(balanced(truth, same >= t) for t in thresholds),
        "previous balanced": balanced(truth, previous),
        "previous precision": _precision(truth, previous),
        "cosine best balanced": max(balanced(truth, cosine >= t) for t in thresholds),
        "cosine precision at judge's recall": _precision_at_recall(
            truth, cosine, float(np.mean(shipped[truth]))),
    }


def _precision(truth: np.ndarray, said: np.ndarray) -> float:
    return float(np.mean(truth[said])) if said.any() else 0.0


def _precision_at_recall(truth: np.ndarray, scores: np.ndarray, recall: float) -> float:
    """Precision of the peer's scores at the threshold finding as many same pairs."""
    order = np.sort(scores[truth])[::-1]
    cut = order[max(int(round(recall * len(order))) - 1, 0)] if len(order) else 1.0
    return _precision(truth, scores >= cut)


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """The test split's pairs: the judge (at its best threshold, as the peer) against MiniLM
    cosine and the previous rule."""
    figures = measure("test", data)
    note = (f"{figures['pairs']:,} pairs from the test gold, {figures['same pairs']} same; "
            f"judge at its shipped threshold {figures['judge balanced']:.3f}")
    return [
        Row("judge", "balanced accuracy, gold statement pairs", figures["judge best balanced"],
            "MiniLM cosine, best threshold (oracle)", figures["cosine best balanced"],
            fmt=".3f", note=note),
        Row("judge", f"precision of 'same' at P ≥ {figures['threshold']:.2f}",
            figures["judge precision"], "cosine at the same recall",
            figures["cosine precision at judge's recall"], fmt=".3f",
            note=f"previous grouping rule: precision {figures['previous precision']:.3f}, "
                 f"balanced {figures['previous balanced']:.3f}"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    figures = measure(args.split, args.data)
    table = Table(title=f"Statement pairs from the hand gold, {args.split} split")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in figures.items():
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else f"{value:,}")
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
