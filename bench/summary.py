"""Multi-document summary benchmark: Parallax's summary against lead and LexRank, ROUGE on NeuS.

Why a script and not a test: it reads third-party data from the shared data folder (never
copied into the repo), runs the whole analysis on 307 stories, and prints a table to compare
systems side by side.

- NeuS val: 307 AllSides stories, each three outlets' excerpts (a title and the first few
  sentences) and AllSides' neutral summary ("TITLE=> ... ARTICLE=> ...") as the reference.
  Scored against its ARTICLE part, and against title + article.
- Systems, on the same stories in one run: Parallax (`parallax.analyze`, the summary items'
  text joined) at its default length and at the references' mean length in sentences; lead-3
  (first three sentences of the first excerpt); lead-1 each (the first sentence of each
  excerpt); LexRank (sumy, over all three excerpts) at both lengths.
- Parallax reads each story through its ordinary reader, as a user hands it over; cleaning
  drops an excerpt that is one unfinished sentence, and a story with no summary scores 0.
  The baselines take the excerpts as given.
- ROUGE-1/2/L F1 (rouge-score, Porter stemmer), mean over stories. ROUGE F1 rewards a length
  near the reference's, so the table shows each system's mean length. Seconds time the
  summarising calls only, after one untimed warm-up call per system.

    .venv/bin/python bench/summary.py [--data ../shared/data] [--limit N] [--baselines]
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rouge_score.rouge_scorer import RougeScorer
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from parallax.compare.settings import CompareSettings
from parallax.model import Article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from per_story import parse_args, read_stories  # noqa: E402
from story_sets import neus  # noqa: E402
from table import DEFAULT_DATA, Row  # noqa: E402

PARALLAX_DEFAULT = CompareSettings.summary_sentences
ROUGE = ("rouge1", "rouge2", "rougeL")
CACHED_VECTORS = (
    " Parallax keeps the vectors of the sentences it has embedded in a process, so its second"
    " row's seconds are with the first row's vectors at hand."
)

# A sentence ends at . ! or ? (and any closing quote) before a capital or a digit, unless
# the period ends an abbreviation or an initial ("Sen. Sanders", "U.S. troops").
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|St|Jr|Sr|Inc"
    r"|Corp|Co|Ltd|vs|Jan|Feb|Aug|Sept|Oct|Nov|Dec))\.$"
)
_ABBREVIATION_CHARS = 5  # "Sept." is the longest
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def split_sentences(text: str) -> list[str]:
    """Sentences by punctuation: what lead-k and sumy use (nltk's punkt data is not here)."""
    sentences, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        end = boundary.start() + 1
        if not _ABBREVIATION.search(text, max(start, end - _ABBREVIATION_CHARS), end):
            sentences.append(text[start : boundary.end()].strip())
            start = boundary.end()
    return [s for s in [*sentences, text[start:].strip()] if s]


class RegexTokenizer:
    """The two calls sumy's parser makes of a tokenizer, without nltk data."""

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


@dataclass(frozen=True)
class Cluster:
    """One story: its excerpts as given, as Parallax read them, and the two references."""

    excerpts: list[str]
    articles: list[Article]
    reference: str
    titled_reference: str


Summarizer = Callable[[Cluster], str]


def load(data: Path, folder: Path, limit: int | None) -> list[Cluster]:
    targets = (data / "mds/neus-allsides/val.target").read_text(encoding="utf-8").splitlines()
    clusters = []
    for story, read in read_stories(neus(data), folder, limit).items():
        target = targets[int(story.removeprefix("neus-"))]
        title, _, article = target.removeprefix("TITLE=>").partition(" ARTICLE=> ")
        clusters.append(
            Cluster(
                [" ".join(str(r["text"]).split()) for r in read.records],
                read.articles,
                article.strip(),
                f"{title.strip()} {article.strip()}",
            )
        )
    return clusters


# --- systems ----------------------------------------------------------------------------------


def parallax(sentences: int) -> Summarizer:
    # Imported here: the analysis is only loaded when its rows run (not with --baselines).
    from parallax.pipeline import analyze

    def summarize(cluster: Cluster) -> str:
        if not cluster.articles:
            return ""
        settings = CompareSettings(summary_sentences=sentences)
        record = analyze(cluster.articles, settings).to_record()
        return " ".join(item["text"] for item in record["summary"])

    return summarize


def lead_3(cluster: Cluster) -> str:
    return " ".join(split_sentences(cluster.excerpts[0])[:3])


def lead_1_each(cluster: Cluster) -> str:
    return " ".join(split_sentences(excerpt)[0] for excerpt in cluster.excerpts if excerpt)


def lexrank(sentences: int) -> Summarizer:
    """sumy's LexRank with its English stemmer and stop words, each excerpt a paragraph."""
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = RegexTokenizer()

    def summarize(cluster: Cluster) -> str:
        document = PlaintextParser("\n\n".join(cluster.excerpts), tokenizer).document
        return " ".join(str(s) for s in summarizer(document, sentences))

    return summarize


def systems(matched: int, baselines_only: bool) -> list[tuple[str, Summarizer]]:
    baselines = [
        ("lead-3 (first excerpt)", lead_3),
        ("lead-1 each excerpt", lead_1_each),
        (lexrank_name(PARALLAX_DEFAULT), lexrank(PARALLAX_DEFAULT)),
        (lexrank_name(matched), lexrank(matched)),
    ]
    if baselines_only:
        return baselines
    return [
        (parallax_name(PARALLAX_DEFAULT), parallax(PARALLAX_DEFAULT)),
        (parallax_name(matched), parallax(matched)),
        *baselines,
    ]


def parallax_name(sentences: int) -> str:
    default = " (default)" if sentences == PARALLAX_DEFAULT else ""
    return f"parallax, {sentences} sentences{default}"


def lexrank_name(sentences: int) -> str:
    return f"LexRank, {sentences} sentences"


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    article: tuple[float, ...]  # mean ROUGE-1/2/L F1 against the ARTICLE part
    titled: tuple[float, ...]  # the same against title + article
    words: float
    sentences: float
    empty: int
    seconds: float


def run(summarize: Summarizer, clusters: list[Cluster], scorer: RougeScorer) -> Result:
    """Summaries of every cluster, timed, then scored."""
    if clusters:
        summarize(clusters[0])
    summaries, elapsed = [], 0.0
    for cluster in clusters:
        start = time.perf_counter()
        summaries.append(summarize(cluster))
        elapsed += time.perf_counter() - start
    return Result(
        _rouge(scorer, [c.reference for c in clusters], summaries),
        _rouge(scorer, [c.titled_reference for c in clusters], summaries),
        statistics.mean(len(s.split()) for s in summaries),
        statistics.mean(len(split_sentences(s)) for s in summaries),
        sum(not s for s in summaries),
        elapsed,
    )


def _rouge(scorer: RougeScorer, references: list[str], summaries: list[str]) -> tuple[float, ...]:
    scores = [scorer.score(r, s) for r, s in zip(references, summaries, strict=True)]
    return tuple(statistics.mean(score[kind].fmeasure for score in scores) for kind in ROUGE)


@dataclass(frozen=True)
class Measured:
    """Every system's result on the same stories, by system name, in the table's order."""

    clusters: list[Cluster]
    reference_sentences: float
    matched: int  # the length-matched rows' sentences: the references' mean, rounded
    results: dict[str, Result]


def measure(data: Path, limit: int | None, baselines_only: bool) -> Measured:
    with tempfile.TemporaryDirectory() as scratch:
        clusters = load(data, Path(scratch), limit)
    reference_sentences = statistics.mean(len(split_sentences(c.reference)) for c in clusters)
    matched = max(1, round(reference_sentences))
    scorer = RougeScorer(list(ROUGE), use_stemmer=True)
    results = {
        name: run(summarize, clusters, scorer)
        for name, summarize in systems(matched, baselines_only)
    }
    return Measured(clusters, reference_sentences, matched, results)


QUICK_STORIES = 30


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """Summary rows: ROUGE-1/2/L F1 against the ARTICLE part of the reference, Parallax at the
    references' length against lead-3 and LexRank at that length, and at its default length
    against LexRank at the same."""
    measured = measure(data, QUICK_STORIES if quick else None, baselines_only=False)
    results, matched = measured.results, measured.matched
    pairs = [  # (Parallax's length, peer)
        (matched, "lead-3 (first excerpt)"),
        (matched, lexrank_name(matched)),
        (PARALLAX_DEFAULT, lexrank_name(PARALLAX_DEFAULT)),
    ]
    found = []
    for sentences, peer in pairs:
        mine, theirs = results[parallax_name(sentences)], results[peer]
        length = "default length" if sentences == PARALLAX_DEFAULT else "references' length"
        found.append(Row(
            "summary", f"ROUGE-1/2/L F1, {sentences} sentences ({length})",
            _triple(mine.article), peer, _triple(theirs.article),
            note=f"NeuS val, {len(measured.clusters)} stories; mean words {mine.words:.0f} vs "
            f"{theirs.words:.0f}; Parallax empty on {mine.empty}",
        ))
    return found


def _triple(scores: tuple[float, ...]) -> str:
    return " / ".join(f"{x:.3f}" for x in scores)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__.splitlines()[0], argv)
    measured = measure(args.data, args.limit, args.baselines)
    clusters, reference_sentences = measured.clusters, measured.reference_sentences
    matched = measured.matched
    read = [len(c.articles) for c in clusters]
    table = Table(
        title=f"Multi-document summary, NeuS val ({len(clusters)} stories): ROUGE F1",
        caption=(
            f"References (ARTICLE part): {reference_sentences:.1f} sentences, "
            f"{statistics.mean(len(c.reference.split()) for c in clusters):.0f} words on "
            f"average; length-matched rows use {matched} sentences. Parallax read all 3 "
            f"excerpts of {read.count(3)} stories, fewer of {sum(0 < n < 3 for n in read)}, "
            f"none of {read.count(0)}." + ("" if args.baselines else CACHED_VECTORS)
        ),
    )
    table.add_column("system")
    for column in (
        "R-1",
        "R-2",
        "R-L",
        "title + article R-1 / R-2 / R-L",
        "words",
        "sentences",
        "stories",
        "empty",
        "seconds",
    ):
        table.add_column(column, justify="right")
    for name, r in measured.results.items():
        table.add_row(
            name,
            *(f"{x:.3f}" for x in r.article),
            _triple(r.titled),
            f"{r.words:.0f}",
            f"{r.sentences:.1f}",
            str(len(clusters)),
            str(r.empty),
            f"{r.seconds:.1f}",
        )
    Console(width=150).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
