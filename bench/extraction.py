"""Body-extraction benchmark: Parallax against plain baselines, on HTML and on plain text.

Why a script and not a test: it reads third-party pages from the shared data folder (never
copied into the repo), takes tens of seconds, and its output is a table to compare systems
side by side, not a pass/fail. It uses the scrapinghub article-extraction benchmark (181
pages + hand-cleaned bodies) and the same pages as browser-copied plain text, scored with
the benchmark's own shingle F1 (bench/shingle_f1.py).

    .venv/bin/python bench/extraction.py [--data ../shared/data] [--limit N]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scrapinghub import load, parse_args  # noqa: E402
from shingle_f1 import score  # noqa: E402
from table import DEFAULT_DATA, Row  # noqa: E402

Extractor = Callable[[str], str]
Result = tuple[str, str, tuple[float, float, float, float]]  # input, system, (P, R, F1, pages/s)
QUICK_PAGES = 40


def run(extract: Extractor, pages: dict[str, str], gold: dict[str, str]) -> tuple[float, ...]:
    """P, R, F1 and pages per second; only the extraction calls are timed.

    One untimed call first, so that lazy imports and caches warm up outside the clock
    and the first system in the table is not charged for them.
    """
    if pages:
        extract(next(iter(pages.values())))
    predictions: dict[str, str] = {}
    elapsed = 0.0
    for key, page in pages.items():
        start = time.perf_counter()
        predictions[key] = extract(page) or ""
        elapsed += time.perf_counter() - start
    p, r, f1 = score(predictions, gold)
    return p, r, f1, len(pages) / elapsed if elapsed else float("inf")


def html_systems() -> list[tuple[str, Extractor]]:
    """Parallax and the two reference extractors, each with its documented default call."""
    import html_text
    import trafilatura

    from parallax.ingest.articles import html_body

    return [
        ("parallax", lambda page: html_body(page)[0]),
        ("trafilatura", lambda page: trafilatura.extract(page) or ""),
        ("html-text", html_text.extract_text),
    ]


def text_systems() -> list[tuple[str, Extractor]]:
    """Parallax's plain-text path (the one `parallax articles` takes) and doing nothing."""
    from parallax.ingest.articles import plain_text_body

    return [
        ("parallax", lambda text: plain_text_body(text).body),
        ("no cleaning", lambda text: text),
    ]


def measure(data: Path, limit: int | None) -> tuple[int, list[Result]]:
    """Pages scored, and every system's figures, HTML systems first."""
    pages = load(data, limit)
    gold, html, text = pages.gold, pages.html, pages.text
    results: list[Result] = []
    for name, extract in html_systems():
        results.append(("HTML", name, run(extract, html, gold)))
    for name, cleaner in text_systems():
        results.append(("plain text", name, run(cleaner, text, gold)))
    return len(gold), results


def rows(quick: bool = False, data: Path = DEFAULT_DATA) -> list[Row]:
    """Summary rows: F1 and pages/s of Parallax against trafilatura on HTML, F1 against doing
    nothing on plain text."""
    import trafilatura

    count, results = measure(data, QUICK_PAGES if quick else None)
    found = {(kind, name): figures for kind, name, figures in results}
    html, peer = found["HTML", "parallax"], found["HTML", "trafilatura"]
    text, raw = found["plain text", "parallax"], found["plain text", "no cleaning"]
    pages = f"scrapinghub, {count} pages"
    trafilatura_name = f"trafilatura {trafilatura.__version__}"
    return [
        Row("extraction", "HTML body F1 (shingle)", html[2], trafilatura_name, peer[2],
            note=f"{pages}; P {html[0]:.3f} / R {html[1]:.3f} vs {peer[0]:.3f} / {peer[1]:.3f}; "
            f"html-text F1 {found['HTML', 'html-text'][2]:.3f}", fmt=".3f"),
        Row("extraction", "HTML pages/s", html[3], trafilatura_name, peer[3],
            note=f"{pages}; extraction calls only", ratio=True, fmt=",.0f"),
        Row("extraction", "plain-text cleaning F1 (shingle)", text[2], "no cleaning", raw[2],
            note=f"{pages} as pasted text; P {text[0]:.3f} / R {text[1]:.3f} vs "
            f"{raw[0]:.3f} / {raw[1]:.3f}", fmt=".3f"),
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__.splitlines()[0], argv)
    count, results = measure(args.data, args.limit)
    table = Table(title=f"Body extraction, scrapinghub benchmark ({count} pages)")
    for column in ("input", "system", "F1", "precision", "recall", "pages/s"):
        table.add_column(column, justify="left" if column in ("input", "system") else "right")
    for kind, name, (p, r, f1, speed) in results:
        table.add_row(kind, name, f"{f1:.3f}", f"{p:.3f}", f"{r:.3f}", f"{speed:,.0f}")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
