"""What only one outlet reports: Parallax's "unique" items against BASIL's informational bias.

Why a script and not a test: it reads third-party data from the shared data folder (never
copied into the repo), runs the whole analysis on 50 stories, and prints tables.

- BASIL 2010-2014: 50 events, each by Fox, NYT and HuffPost, with annotators' spans of
  informational bias ("inf": what an outlet chose to include) and lexical bias ("lex":
  framing words). An inf span is the nearest thing to gold for "what only this article says".
- Each triplet is read through Parallax's ordinary reader, on its own, and analysed
  (`parallax.analyze`). Span offsets are inside one paragraph string of the raw article; the
  span is found again in the text Parallax cleaned, by its words (any whitespace between),
  at the occurrence nearest its raw offset; spans that cannot be found are counted.
- Recall: a span counts as recalled when one evidence of a unique item of the same article
  covers at least half its characters; inf recall is the figure, lex a side figure.
- So that recall cannot be bought by listing everything: the share of each article's
  sentences (Parallax's own sentences) that the unique evidence touches, and, of those, the
  share holding an inf span, against the share of all sentences holding one (the base rate,
  which the "every sentence" row shows). Baselines: a fixed share of each article's
  sentences, those least like the other two articles (ranked by their highest TF-IDF cosine
  to any sentence of the others, lowest first), and every sentence.

    .venv/bin/python bench/unique.py [--data ../shared/data] [--limit N] [--baselines]
"""

from __future__ import annotations

import json
import math
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.feature_extraction.text import TfidfVectorizer

from parallax.ingest.normalize import normalize_text
from parallax.model import Article, Sentence
from parallax.nlp.pipeline import load_pipeline
from parallax.nlp.sentences import split_sentences

sys.path.insert(0, str(Path(__file__).resolve().parent))
from per_story import parse_args, read_stories  # noqa: E402
from story_sets import basil, basil_files, basil_text  # noqa: E402
from table import DEFAULT_DATA, Row  # noqa: E402

BIASES = ("inf", "lex")
LEAST_SHARED = (0.1, 0.2, 0.3)
console = Console(width=150)

Interval = tuple[int, int]


@dataclass(frozen=True)
class Span:
    """One annotated span: its article (record id), bias, words, and offset in the raw
    article text (None when no single paragraph string has it at its offsets)."""

    ref: str
    bias: str
    text: str
    raw_start: int | None


@dataclass(frozen=True)
class Case:
    """One article of a story as Parallax read it: its sentences, the spans located in its
    text (bias, where), and which sentences hold an inf span."""

    article: Article
    sentences: list[Sentence]
    spans: list[tuple[str, Interval]]
    holds_inf: list[bool]


# What a system lists as unique in each article of one story, by ref: spans of its text.
Lister = Callable[[list[Case]], dict[str, list[Interval]]]


def load_spans(data: Path) -> list[Span]:
    spans = []
    for path in basil_files(data):
        paragraphs = json.loads(path.read_text(encoding="utf-8"))["body-paragraphs"]
        _, strings = basil_text(paragraphs)
        annotations = data / "divergence/basil/annotations" / path.parent.name
        record = json.loads((annotations / f"{path.stem}_ann.json").read_text(encoding="utf-8"))
        for span in record["phrase-level-annotations"]:
            start, end, text = span["start"], span["end"], span["txt"]
            found = [offset + start for offset, s in strings if s[start:end] == text]
            raw_start = found[0] if len(found) == 1 else None
            spans.append(Span(path.stem, span["bias"], text, raw_start))
    return spans


def locate(span: Span, text: str) -> Interval | None:
    """The span in Parallax's text of its article: its words in order, any whitespace
    between, the occurrence nearest its raw offset (or the only one, when that is unknown)."""
    words = normalize_text(span.text).split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = [m.span() for m in re.finditer(pattern, text)] if words else []
    if span.raw_start is not None and found:
        return min(found, key=lambda s: abs(s[0] - span.raw_start))
    return found[0] if len(found) == 1 else None


def overlap(a: Interval, b: Interval) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


# --- systems ----------------------------------------------------------------------------------


def parallax(story: list[Case]) -> dict[str, list[Interval]]:
    """The evidence of every unique item that lies in the article the item is about."""
    from parallax.pipeline import analyze

    record = analyze([case.article for case in story]).to_record()
    ref_of = {a["id"]: a["ref"] for a in record["articles"]}
    listed: dict[str, list[Interval]] = {case.article.ref: [] for case in story}
    for item in record["unique"]:
        for evidence in item["evidence"]:
            if evidence["article"] == item["article"]:
                listed[ref_of[item["article"]]].append((evidence["start"], evidence["end"]))
    return listed


def least_shared(share: float) -> Lister:
    """The given share of each article's sentences, those least like any sentence of the
    other articles (TF-IDF cosine, sublinear tf, English stop words)."""

    def lister(story: list[Case]) -> dict[str, list[Interval]]:
        sentences = [s for case in story for s in case.sentences]
        owner = np.array([k for k, case in enumerate(story) for _ in case.sentences])
        vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [s.text for s in sentences]
        )
        similarity = (vectors @ vectors.T).toarray()
        similarity[owner[:, None] == owner[None, :]] = 0
        shared = similarity.max(axis=1)
        listed: dict[str, list[Interval]] = {}
        for k, case in enumerate(story):
            rows = np.flatnonzero(owner == k)
            chosen = rows[np.argsort(shared[rows], kind="stable")][: math.ceil(share * len(rows))]
            listed[case.article.ref] = [(sentences[n].start, sentences[n].end) for n in chosen]
        return listed

    return lister


def every_sentence(story: list[Case]) -> dict[str, list[Interval]]:
    return {case.article.ref: [(s.start, s.end) for s in case.sentences] for case in story}


def systems(baselines_only: bool) -> list[tuple[str, Lister]]:
    baselines: list[tuple[str, Lister]] = [
        *((f"least shared {share:.0%} (TF-IDF)", least_shared(share)) for share in LEAST_SHARED),
        ("every sentence (base rate)", every_sentence),
    ]
    return baselines if baselines_only else [("parallax", parallax), *baselines]


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    recalled: dict[str, int]  # located spans recalled, by bias
    listed: int  # sentences touched by what the system lists
    shares: list[float]  # the same, per article, as a share of its sentences
    listed_with_inf: int
    seconds: float


def run(lister: Lister, stories: list[list[Case]]) -> Result:
    """List unique spans for every story (timed, after one untimed warm-up call), then score."""
    if stories:
        lister(stories[0])
    recalled = dict.fromkeys(BIASES, 0)
    listed = listed_with_inf = 0
    shares: list[float] = []
    elapsed = 0.0
    for story in stories:
        start = time.perf_counter()
        found = lister(story)
        elapsed += time.perf_counter() - start
        for case in story:
            evidence = found[case.article.ref]
            for bias, span in case.spans:
                recalled[bias] += any(2 * overlap(span, e) >= span[1] - span[0] for e in evidence)
            touched = [_touches(s, evidence) for s in case.sentences]
            listed += sum(touched)
            listed_with_inf += sum(t and i for t, i in zip(touched, case.holds_inf, strict=True))
            shares.append(sum(touched) / len(touched) if touched else 0.0)
    return Result(recalled, listed, shares, listed_with_inf, elapsed)


def _touches(sentence: Sentence, intervals: Sequence[Interval]) -> bool:
    return any(overlap((sentence.start, sentence.end), i) for i in intervals)


# --- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__.splitlines()[0], argv)
    spans, stories = prepare(args.data, args.limit)
    span_table(spans, [case for story in stories for case in story])
    system_table(stories, args.baselines)
    return 0


def prepare(data: Path, limit: int | None) -> tuple[list[Span], list[list[Case]]]:
    """The spans of the first `limit` stories, and each story's articles as Parallax read
    them, with their sentences and located spans."""
    with tempfile.TemporaryDirectory() as scratch:
        reads = read_stories(basil(data), Path(scratch), limit)
    refs = {str(r["id"]) for read in reads.values() for r in read.records}
    spans = [span for span in load_spans(data) if span.ref in refs]
    articles = [a for read in reads.values() for a in read.articles]
    docs = load_pipeline().pipe(a.text for a in articles)
    cases = {
        a.ref: case_of(a, split_sentences(doc)[0], [s for s in spans if s.ref == a.ref])
        for a, doc in zip(articles, docs, strict=True)
    }
    return spans, [[cases[a.ref] for a in read.articles] for read in reads.values()]


QUICK_STORIES = 10


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """Summary rows: inf-span recall and the share of listed sentences holding an inf span,
    Parallax against the least-shared TF-IDF baseline at the share nearest Parallax's."""
    _, stories = prepare(data, QUICK_STORIES if quick else None)
    cases = [case for story in stories for case in story]
    sentences = sum(len(case.sentences) for case in cases)
    found = _located(cases, "inf")
    results = {name: run(lister, stories) for name, lister in systems(baselines_only=False)}
    mine = results.pop("parallax")
    peer, theirs = min(
        ((name, r) for name, r in results.items() if name.startswith("least shared")),
        key=lambda item: abs(item[1].listed - mine.listed),
    )
    listed = f"sentences listed {mine.listed / sentences:.1%} vs {theirs.listed / sentences:.1%}"
    base = sum(sum(case.holds_inf) for case in cases) / sentences if sentences else 0.0
    return [
        Row("unique", f"inf-span recall ({found} spans)", _share(mine.recalled["inf"], found),
            peer, _share(theirs.recalled["inf"], found), fmt=".3f",
            note=f"BASIL, {len(stories)} stories; {listed}; lex recall "
            f"{_share(mine.recalled['lex'], _located(cases, 'lex')):.3f} vs "
            f"{_share(theirs.recalled['lex'], _located(cases, 'lex')):.3f}"),
        Row("unique", "listed sentences holding an inf span", _share(mine.listed_with_inf,
            mine.listed), peer, _share(theirs.listed_with_inf, theirs.listed), fmt=".1%",
            note=f"base rate (every sentence) {base:.1%}"),
    ]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def case_of(article: Article, sentences: list[Sentence], spans: list[Span]) -> Case:
    located = [(s.bias, where) for s in spans if (where := locate(s, article.text))]
    inf = [where for bias, where in located if bias == "inf"]
    return Case(article, sentences, located, [_touches(s, inf) for s in sentences])


def span_table(spans: list[Span], cases: list[Case]) -> None:
    table = Table(title="BASIL spans, found again in the text Parallax read")
    for column in ("bias", "spans", "one paragraph string at its offsets", "located", "not"):
        table.add_column(column, justify="left" if column == "bias" else "right")
    for bias in BIASES:
        total = sum(s.bias == bias for s in spans)
        found = _located(cases, bias)
        in_string = sum(s.bias == bias and s.raw_start is not None for s in spans)
        table.add_row(bias, str(total), str(in_string), str(found), str(total - found))
    console.print(table)


def _located(cases: list[Case], bias: str) -> int:
    return sum(b == bias for case in cases for b, _ in case.spans)


def system_table(stories: list[list[Case]], baselines_only: bool) -> None:
    cases = [case for story in stories for case in story]
    sentences = sum(len(case.sentences) for case in cases)
    with_inf = sum(sum(case.holds_inf) for case in cases)
    found = {bias: _located(cases, bias) for bias in BIASES}
    table = Table(
        title=f"Unique items against BASIL bias spans ({len(stories)} stories, "
        f"{len(cases)} articles)",
        caption=(
            f"Base rate: {with_inf:,} of {sentences:,} sentences ({with_inf / sentences:.1%}) "
            "hold an inf span. Recall is over located spans."
        ),
    )
    table.add_column("system")
    for column in (
        "sentences listed",
        "mean share per article",
        f"inf recall ({found['inf']})",
        f"lex recall ({found['lex']})",
        "listed sentences with an inf span",
        "seconds",
    ):
        table.add_column(column, justify="right")
    for name, lister in systems(baselines_only):
        r = run(lister, stories)
        table.add_row(
            name,
            f"{r.listed:,} ({r.listed / sentences:.1%})",
            f"{statistics.mean(r.shares):.1%}",
            *(f"{r.recalled[b] / found[b]:.3f}" if found[b] else "—" for b in BIASES),
            f"{r.listed_with_inf / r.listed:.1%}" if r.listed else "—",
            f"{r.seconds:.1f}",
        )
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
