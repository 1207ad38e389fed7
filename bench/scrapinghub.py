"""The scrapinghub article-extraction pages, as HTML and as pasted plain text, for the benches.

Read at run time from the shared data folder; the pages are third-party and never copied
into the repo.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from table import DEFAULT_DATA

HTML_SET = Path("extraction/scrapinghub-article-extraction-benchmark")
TEXT_SET = Path("extraction/scrapinghub-plaintext")


@dataclass(frozen=True)
class Pages:
    """Gold bodies, HTML pages and plain-text pages, keyed by item id, in the gold's order."""

    gold: dict[str, str]
    html: dict[str, str]
    text: dict[str, str]


def parse_args(description: str, argv: list[str] | None) -> argparse.Namespace:
    """The options every bench on these pages takes: where the data is, how many pages."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    return parser.parse_args(argv)


def load(data: Path, limit: int | None) -> Pages:
    # trafilatura logs every page it discards; the scores already say so
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    truth = json.loads((data / HTML_SET / "ground-truth.json").read_text(encoding="utf-8"))
    ids = list(truth)[:limit] if limit else list(truth)
    return Pages(
        gold={k: truth[k]["articleBody"] for k in ids},
        html={
            k: gzip.decompress((data / HTML_SET / "html" / f"{k}.html.gz").read_bytes()).decode()
            for k in ids
        },
        text={k: (data / TEXT_SET / f"{k}.txt").read_text(encoding="utf-8") for k in ids},
    )
