"""What the comparison of one story can be told: its main thresholds, the summary's length
and how much of a big story it compares. Defaults are the values measured or chosen as each
field's `source` says; `CompareSettings()` is what `parallax analyze` runs with."""

from __future__ import annotations

from dataclasses import dataclass

from parallax.settings import setting

_DEV_GOLD = "chosen on the hand gold's dev split (tests/data/gold/compare, bench/facts.py)"


@dataclass(frozen=True)
class CompareSettings:
    """Settings of the comparison stage (`parallax.analyze`)."""

    summary_sentences: int = setting(
        6, "Sentences in the cited summary (0: none).",
        "bench/summary.py scores the summary at this length against the peers'",
    )
    max_articles: int = setting(
        200, "A bigger story is compared on this many of its articles, spread evenly over its "
        "dates, and says so in its warnings.",
        "pairing every statement with every other grows out of a laptop's or a worker's time "
        "and memory past a few hundred articles",
    )
    max_statements: int = setting(
        8_000, "Statement budget: a story whose compared articles make more statements than "
        "this is compared on fewer articles (as many as fit).",
        "the pairing holds a few statements x statements matrices, 256 MB each at 8,000",
    )
    min_statement_words: int = setting(
        6, "A statement shorter than this (and without a figure) says too little to compare "
        "or to list as unique.",
    )
    unique_below: float = setting(
        0.6, "A statement is one article's own only if its similarity to everything other "
        "articles say stays below this (and below the story's `unique_quantile`).", _DEV_GOLD,
    )
    unique_quantile: float = setting(
        0.2, "Share of the story's statements least like anything elsewhere that may be listed "
        "as unique.", _DEV_GOLD + "; a fixed bound listed items 45% of which were stated elsewhere",
    )
    unique_same_below: float = setting(
        0.2, "A statement the judge gives this chance or more of being the same as another "
        "article's is not unique.", _DEV_GOLD,
    )
    central_share: float = setting(
        0.5, "A unique statement must be at least this share of the story's median centrality "
        "(peripheral lines are not listed).", _DEV_GOLD,
    )
    same_event: float = setting(
        0.6, "Statements dated the same day merge into one timeline event above this "
        "similarity.",
    )
    same_words: float = setting(
        0.8, "Statements this similar are the same words: a denial or a different source "
        "between them is a divergence.",
    )
