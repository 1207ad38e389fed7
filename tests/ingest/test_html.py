"""Saved HTML pages: the article body and the page's own metadata, nothing from the chrome."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura.metadata import extract_metadata

from parallax.ingest.articles import read_articles
from parallax.ingest.html import _page_metadata, _parse

PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Sunday after a three-week repair that cost the "
    "city about 4 million euros, officials said.",
    "Engineers replaced two corroded cables and resurfaced the eastern lane, according to the "
    "transport department, which had closed the bridge after an inspection in February.",
    "\u201cWe could not take any risk with the cables,\u201d the chief engineer said at a news "
    "conference held on the bridge itself on Sunday morning.",
    "Traffic had been diverted through the old town during the works, adding up to forty "
    "minutes to some commutes, and local shops reported fewer customers.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour bridge reopens after repair | Example Herald</title>
<meta property="og:title" content="Harbour bridge reopens after repair">
<meta property="og:site_name" content="Example Herald">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2023-03-12T09:15:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens after repair</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Mayor opens new library wing</a></li>
<li><a href="/b">Football club names new coach</a></li></ul></aside>
<footer><p>Copyright 2023 Example Herald. All rights reserved.</p></footer>
</body></html>"""


def test_html_page_yields_its_body_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(PAGE)
    result = read_articles([str(path)])
    assert result.problems == []
    [article] = result.articles
    assert article.text.split("\n\n") == PARAGRAPHS
    assert (article.title, article.author, article.published, article.published_from) == (
        "Harbour bridge reopens after repair",
        "Maria Lopez",
        "2023-03-12",
        "metadata",
    )
    assert article.source == "Example Herald"
    assert article.language == "en"


def test_html_without_article_text_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>"
    )
    result = read_articles([str(path)])
    assert result.articles == []
    assert result.warnings == [f"{path}: no article text found"]
    assert result.exit_code == 2


def test_a_page_that_breaks_the_extractor_is_reported_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch
) -> None:
    def broken(page: str, url: str | None = None) -> None:
        raise ValueError("unexpected markup")

    monkeypatch.setattr("parallax.ingest.articles.extract_html", broken)
    (tmp_path / "a.html").write_text(PAGE)
    (tmp_path / "b.txt").write_text("\n".join(PARAGRAPHS))
    result = read_articles([str(tmp_path)])
    assert [article.ref for article in result.articles] == [str(tmp_path / "b.txt")]
    assert result.warnings == [
        f"{tmp_path / 'a.html'}: could not be processed (ValueError: unexpected markup)"
    ]
    assert result.exit_code == 3


def test_a_pages_canonical_url_is_kept_and_dates_an_undated_page(tmp_path: Path) -> None:
    """A date in the address that the page's metadata reader does not take (a month by name)
    still dates a page that states no other, marked as read from the URL."""
    canonical = "https://www.example-herald.com/city/2023/mar/12/harbour-bridge-reopens/"
    undated = PAGE.replace(
        '<meta property="article:published_time" content="2023-03-12T09:15:00Z">',
        f'<link rel="canonical" href="{canonical}">',
    )
    path = tmp_path / "bridge.html"
    path.write_text(undated)
    [article] = read_articles([str(path)]).articles
    assert (article.url, article.published, article.published_from) == (
        canonical,
        "2023-03-12",
        "url",
    )
    path.write_text(PAGE.replace("</head>", f'<meta property="og:url" content="{canonical}">'
                                 "</head>"))
    [dated] = read_articles([str(path)]).articles
    assert (dated.url, dated.published, dated.published_from) == (canonical, "2023-03-12",
                                                                  "metadata")


BARE_PAGE = """<html><head><title>Harbour bridge reopens after repair</title>
<link rel="canonical" href="https://news.example-herald.com/city/harbour-bridge">
<meta name="author" content="admin"></head><body>
<h1>Harbour bridge reopens after repair</h1><p class="byline">By Maria Lopez</p>
<p>The harbour bridge reopened to traffic on Sunday after a three-week repair.</p>
</body></html>"""
JSON_LD_PAGE = """<html><head><title>Bridge reopens - example-herald.com</title>
<meta name="twitter:site" content="@exampleherald">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Harbour bridge reopens",
"author": {"@type": "Person", "name": "Maria Lopez"}}</script>
<script type="application/ld+json">{"broken": </script></head>
<body><p>The harbour bridge reopened to traffic on Sunday after a three-week repair.</p>
</body></html>"""


@pytest.mark.parametrize("page", [PAGE, BARE_PAGE, JSON_LD_PAGE])
@pytest.mark.parametrize("url", [None, "https://example.org/bridge"])
def test_page_metadata_reads_what_trafilatura_reads(page: str, url: str | None) -> None:
    """Parallax reads only the metadata fields it keeps, by trafilatura's own steps; a
    trafilatura release that changes those steps shows here."""
    expected = extract_metadata(_parse(page), default_url=url)
    found = _page_metadata(_parse(page), url)
    fields = ("title", "author", "url", "sitename")
    assert [getattr(found, name) for name in fields] == [
        getattr(expected, name) for name in fields
    ]
