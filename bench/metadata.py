"""Metadata benchmark: what Parallax reads from pasted plain text, checked against the page.

Why: titles, dates, authors and outlets of pasted text come from lines cleaning moves out
(headline, dateline, byline, outlet line). The scrapinghub pages exist both as HTML, whose
metadata (og:title, JSON-LD dates, author tags) the page states for machines, and as the
plain text a user would paste. Reading the same page both ways shows how often the
plain-text reading finds a field (coverage) and agrees with what the page states
(agreement, over pages where both have it). No gold is hand-made here: the HTML metadata is
a reference, not the truth, and can itself be wrong or missing.

    .venv/bin/python bench/metadata.py [--data ../shared/data] [--limit N]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parallax.ingest.articles import build_article
from parallax.ingest.sources import RawDocument
from scrapinghub import load, parse_args  # noqa: E402

FIELDS = ("title", "published", "author", "source")
TITLE_OVERLAP = 0.5


def _words(value: str | None) -> str:
    return " ".join(re.findall(r"\w+", (value or "").lower()))


def _name(value: str) -> str:
    """An outlet's name as letters only, without a leading 'the': 'TheHill' = 'The Hill'."""
    return re.sub(r"[\W_]", "", value.lower()).removeprefix("the")


def agrees(field: str, plain: str, page: str) -> bool:
    """Same date; same author or outlet up to case, spaces, punctuation, a leading 'the' and a
    suffix; for titles, at
    least half their words in common (an on-page headline and og:title are often edits of
    each other, a section name or a caption shares nothing)."""
    if field == "published":
        return plain == page
    a, b = _words(plain), _words(page)
    if field == "title":
        words_a, words_b = set(a.split()), set(b.split())
        return len(words_a & words_b) >= TITLE_OVERLAP * len(words_a | words_b)
    if field == "source":
        a, b = _name(plain), _name(page)
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__.splitlines()[0], argv)
    pages = load(args.data, args.limit)
    counts = {field: [0, 0, 0, 0] for field in FIELDS}  # plain has, page has, both, agree
    for key in pages.gold:
        page = build_article(RawDocument(key, pages.html[key], "html", {}), "a1")
        plain = build_article(RawDocument(key, pages.text[key], "text", {}), "a1")
        for field in FIELDS:
            mine, reference = getattr(plain, field), getattr(page, field)
            tally = counts[field]
            tally[0] += mine is not None
            tally[1] += reference is not None
            if mine is not None and reference is not None:
                tally[2] += 1
                tally[3] += agrees(field, mine, reference)
    table = Table(title=f"Plain-text metadata vs the page's own metadata ({len(pages.gold)} pages)")
    for column in ("field", "plain text has it", "page states it", "both", "agree"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for field, (mine, reference, both, agree) in counts.items():
        share = f"{agree / both:.0%}" if both else "—"
        table.add_row(field, str(mine), str(reference), str(both), f"{agree} ({share})")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
