"""Main text and metadata of one saved HTML page, via trafilatura.

A saved news page is mostly not the article: menus, teasers, share bars, footers. Everything
downstream (sentences, claims, evidence offsets) is only as good as the body found here, so
this module wraps trafilatura with the settings that scored best on the scrapinghub
article-extraction benchmark (see bench/extraction.py), for these general reasons:

* precision mode first, because boilerplate that slips into the body becomes false claims,
  while a missed paragraph only loses some detail;
* a recall-mode fallback when the precise pass kept almost nothing, because precision mode
  occasionally rejects the whole article;
* trafilatura's second opinion (readability, justext) only for a body that came out short,
  and only the metadata fields Parallax keeps, because both are paid on every page of a
  batch (see `_main_text` and `_page_metadata`);
* article bodies split by ad slots into several same-class containers are rejoined before
  extraction, because trafilatura reads only the first container it finds;
* a headline repeated at the top of the body is dropped, because the title is kept apart.

Dates are taken only from what the page states (meta tags, JSON-LD, time elements, a full
date in the URL), never guessed, and a date equal to today is treated as unknown: it is
almost always the crawl or render time, not the publication date. Nothing here touches the
network: the page is parsed from the given string and only that tree is handed on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from contextlib import suppress
from copy import deepcopy
from dataclasses import dataclass
from datetime import date

from htmldate import find_date
from lxml.html import HtmlElement, document_fromstring
from trafilatura import bare_extraction
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import load_html

__all__ = ["HtmlExtract", "extract_html"]

_WORD = re.compile(r"\w+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Classes that name a block of article text; a repeated one may be a body cut into chunks.
_BODY_CLASS = re.compile(r"(?:^|[\s_-])(?:body|article|content|story|text|post|entry)", re.I)
# Repeated blocks that are reader comments, not chunks of one body.
_COMMENT_CLASS = re.compile(r"comment|reply|respons", re.I)
# Paragraph text a repeated block needs before it counts as a body chunk (characters).
_MIN_CHUNK_CHARS = 400

# A precise extraction shorter than this (words) is checked against the recall extraction.
_SHORT_BODY_WORDS = 150
# ... and replaced by it when it holds less than this share of the recall extraction's words.
_FALLBACK_RATIO = 0.3

# Markup in the body that states dates for machines, kept in the skeleton `_published` reads.
_DATE_MARKUP = "//body//script[@type='application/ld+json']|//body//time|//body//abbr|//body//meta"

# How many leading paragraphs are checked for a repeated headline.
_TITLE_SCAN = 3


@dataclass(frozen=True)
class HtmlExtract:
    """What one HTML page yields: its article body and the metadata the page states."""

    text: str  # article body, paragraphs separated by "\n\n"; "" if nothing found
    title: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD from the page's own metadata, else None
    sitename: str | None
    url: str | None


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Extract the article body and metadata of one HTML page, without any network access.

    `url` is where the page came from, if known; it is returned as is and otherwise replaced
    by the page's own canonical URL. A page that cannot be parsed yields an empty text and
    no metadata rather than an exception: deciding whether that is an error is the caller's.
    """
    tree = _parse(html)
    if tree is None:
        return HtmlExtract(text="", title=None, author=None, published=None, sitename=None, url=url)
    meta = _page_metadata(tree, url)
    page_url = meta.url or url
    published = _published(tree, page_url)
    _merge_body_chunks(tree)
    text = _drop_repeated_title(_main_text(tree, page_url), meta.title)
    return HtmlExtract(
        text=text,
        title=_clean(meta.title),
        author=_clean(meta.author),
        published=published,
        sitename=_clean(meta.sitename),
        url=url or _clean(meta.url),
    )


def _parse(html: str) -> HtmlElement | None:
    """Parse a page, or a fragment: exports often hold a body as one bare `<p>...</p>`.

    trafilatura's parser rejects a single-element fragment as "not quite HTML"; wrapping it
    in a document, as trafilatura's docs suggest for fragments, makes it an ordinary page.
    """
    if not html or not html.strip():
        return None
    tree = load_html(html)
    return tree if tree is not None else load_html(f"<html><body>{html}</body></html>")


def _page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, author, canonical URL and site name, as trafilatura's `extract_metadata` reads them.

    Its steps for these fields, in its order, without what it also computes and Parallax
    never keeps (categories, tags, license, a date: see `_published`), over 40% of its time.
    tests/ingest/test_html.py checks that the fields stay trafilatura's.
    """
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with suppress(Exception):  # trafilatura's JSON-LD reader fails on some odd blocks
        meta = extract_meta_json(tree, meta)
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    meta.url = meta.url or extract_url(tree, url)
    meta.sitename = meta.sitename or extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url and (match := META_URL.match(meta.url)):
        meta.sitename = match[1]
    meta.clean_and_trim()
    return meta


def _main_text(tree: HtmlElement, url: str | None) -> str:
    """The body in precision mode, or in recall mode when precision lost the article.

    The first pass skips trafilatura's second opinion (readability, then justext): it took
    over a quarter of the page's time, and it rescues bodies that trafilatura's own rules
    cut short (it takes over when it finds twice the text, or when the body is empty, short
    or not paragraphs). On the extraction bench it changed no body of `_SHORT_BODY_WORDS`
    words or more, so only a shorter one pays for the full pass.
    """
    quick = _extract(tree, url, favor_precision=True, fast=True)
    if _word_count(quick) >= _SHORT_BODY_WORDS:
        return quick
    precise = _extract(tree, url, favor_precision=True)
    n_precise = _word_count(precise)
    if n_precise >= _SHORT_BODY_WORDS:
        return precise
    # A short precise body is either a short article or a rejected one: the recall pass
    # tells them apart, and is paid for only on these pages.
    recalled = _extract(tree, url, fast=True, favor_recall=True)
    if n_precise == 0 or n_precise < _FALLBACK_RATIO * _word_count(recalled):
        return recalled
    return precise


def _extract(tree: HtmlElement, url: str | None, **options: bool) -> str:
    """One trafilatura pass over a copy of `tree`, as paragraphs joined by blank lines."""
    document = bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        **options,
    )
    raw = getattr(document, "text", None) if document is not None else None
    if not raw:
        return ""
    lines = (line.strip() for line in unicodedata.normalize("NFC", raw).splitlines())
    return "\n\n".join(line for line in lines if line)


def _merge_body_chunks(tree: HtmlElement) -> None:
    """Rejoin an article body that the page split into several same-class containers.

    Some sites cut the body into chunks (ad slots in between), each a `div` or `section`
    with the same body-like class. trafilatura takes the first and loses the rest. Chunks
    are merged only when at least two hold real paragraphs and all sit in one `<article>`,
    so that teaser lists, comment threads and infinite-scroll "next article" blocks (each
    in its own `<article>`, or in none) are left alone. Only the largest such group is
    merged, in document order.
    """
    groups: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
    for element in tree.iter("div", "section"):
        cls = element.get("class")
        if cls and _BODY_CLASS.search(cls) and not _COMMENT_CLASS.search(cls):
            groups[(element.tag, cls)].append(element)
    best: list[HtmlElement] = []
    best_chars = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        sized = [(m, _paragraph_chars(m)) for m in members]
        chunks = [(m, n) for m, n in sized if n >= _MIN_CHUNK_CHARS]
        inside = {m for m, _ in chunks}
        chunks = [(m, n) for m, n in chunks if not any(a in inside for a in m.iterancestors())]
        if len(chunks) < 2:
            continue
        articles = {next(m.iterancestors("article"), None) for m, _ in chunks}
        if len(articles) != 1 or None in articles:
            continue
        total = sum(n for _, n in chunks)
        if total > best_chars:
            best, best_chars = [m for m, _ in chunks], total
    if not best:
        return
    first = best[0]
    for chunk in best[1:]:
        parent = chunk.getparent()
        if parent is None:
            continue
        for child in list(chunk):
            first.append(child)
        parent.remove(chunk)


def _paragraph_chars(element: HtmlElement) -> int:
    """Characters of paragraph text under `element`: a cheap 'is this prose' signal."""
    return sum(len(p.text_content().strip()) for p in element.iter("p"))


def _drop_repeated_title(text: str, title: str | None) -> str:
    """Remove a paragraph near the top of the body that only repeats the page title.

    trafilatura often keeps the on-page headline as the body's first line. The title is
    returned separately, and a headline inside the body would become a spurious sentence.
    A page title often carries a " | Site" suffix, so a paragraph that is a long enough
    prefix of the title counts as a repeat too.
    """
    wanted = _tokens(title)
    if not text or not wanted:
        return text
    paragraphs = text.split("\n\n")
    kept = []
    for index, paragraph in enumerate(paragraphs):
        tokens = _tokens(paragraph)
        repeats = tokens == wanted or (len(tokens) > 20 and wanted.startswith(tokens))
        if index < _TITLE_SCAN and tokens and repeats:
            continue
        kept.append(paragraph)
    return "\n\n".join(kept)


def _published(tree: HtmlElement, url: str | None) -> str | None:
    """The publication date the page states in its metadata, as YYYY-MM-DD, else None.

    htmldate reads only a skeleton of the page: its head (meta tags), JSON-LD blocks,
    `<time>`, `<abbr>` and `<meta>` markup, with a full Y-M-D date in the URL as the last
    resort. Its text heuristics are kept away from the body on purpose: on real pages they
    return the date of a quoted statement, or a folder name in an image path, as the
    publication date, and a wrong date misorders a timeline where a missing one does not.
    A date in the future is refused.
    """
    today = date.today().isoformat()
    found = find_date(
        _date_skeleton(tree),
        url=url,
        extensive_search=False,  # no opportunistic pattern search
        original_date=True,  # publication, not last modification
        deferred_url_extractor=True,  # structured metadata before the URL
        max_date=today,
    )
    return found if found and _ISO_DATE.fullmatch(found) else None


def _date_skeleton(tree: HtmlElement) -> HtmlElement:
    """A copy of the page's date-bearing markup only, for `_published`."""
    root = document_fromstring("<html><head></head><body></body></html>")
    head = tree.find("head")
    if head is not None:
        root.replace(root[0], deepcopy(head))
    body = root[1]
    for element in tree.xpath(_DATE_MARKUP):
        copied = deepcopy(element)
        copied.tail = None
        body.append(copied)
    return root


def _tokens(text: str | None) -> str:
    """Lower-cased words of `text`, space-joined, so punctuation and spacing don't count."""
    return " ".join(_WORD.findall(text or "")).lower()


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _clean(value: str | None) -> str | None:
    """Strip a metadata string; an empty one is unknown."""
    value = value.strip() if value else None
    return value or None
