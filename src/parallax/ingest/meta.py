"""Article metadata: title, outlet, address, publication date, author, kind and language.

Each field comes from the best evidence at hand, in order: the record's own fields, the
page's HTML metadata, then lines that cleaning moved out of the text (a byline, a
dateline, a lone outlet line, a short link), and last a date in the article's URL. A field
with no evidence stays None: a wrong date or outlet is worse than none, so nothing is
guessed and no file time is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from parallax.ingest import junk
from parallax.ingest.bylines import Byline, read_byline
from parallax.ingest.clean import HEADER
from parallax.ingest.language import detect_language as page_language
from parallax.ingest.language import language
from parallax.ingest.outlets import (
    hosts_in,
    known_outlet_named,
    outlet_from_name,
    outlet_from_url,
)
from parallax.model import ArticleKind, PublishedFrom, RemovedLine

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_MORE_SITES = re.compile(r"more (?P<name>[\w .&'-]{1,30}) sites\b", re.I)
# "Headline | Site", "Headline - Site"; an em dash joins clauses within headlines instead.
_TITLE_SUFFIX = re.compile(r"\s+[-|–]\s+(?P<site>[^-|–—]{2,40})$")
_HEADLINE_WORDS = (3, 30)
MIN_WORDS_FOR_LANGUAGE = 5
_UPDATED = re.compile(r"\b(updated|modified|edited)\b", re.I)
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
# A headline is scored by the content words it shares with the body's first characters
# (plus a bonus for repeating the page title); below the minimum, no line is the headline.
TITLE_CONTEXT_CHARS = 1500
MIN_TITLE_SCORE = 1.0
# How much repeating the page's first headline-like line counts, against shared words.
REPEATS_FIRST_LINE_WEIGHT = 3
STEM_LENGTH = 5
# A date as a URL's path states it: /2022/07/24/, /2022/jul/24/, /2022-07-24/, /20220724/, each
# from the start of a path segment to its end (or a slug after it), so an id that merely
# holds eight digits is not read as one.
_URL_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_URL_DATE = re.compile(
    rf"/(?P<year>(19|20)\d{{2}})(?P<sep>[/_-])(?P<month>\d{{1,2}}|{'|'.join(_URL_MONTHS)})"
    r"(?P=sep)(?P<day>\d{1,2})(?=[/_.-]|$)"
    r"|/(?P<year8>(19|20)\d{2})(?P<month8>\d{2})(?P<day8>\d{2})(?=[/_.-]|$)",
    re.I,
)


@dataclass(frozen=True)
class Metadata:
    """What is known about an article besides its body; None where nothing says."""

    title: str | None = None
    source: str | None = None
    published: str | None = None
    published_from: PublishedFrom | None = None
    author: str | None = None
    language: str | None = None
    url: str | None = None
    kind: ArticleKind | None = None


@dataclass(frozen=True)
class Evidence:
    """Everything metadata may be read from, gathered by the ingest step."""

    body: str
    removed: tuple[RemovedLine, ...] = ()
    record: tuple[tuple[str, str], ...] = ()
    html_title: str | None = None
    html_author: str | None = None
    html_published: str | None = None
    html_sitename: str | None = None
    html_url: str | None = None


def describe(evidence: Evidence) -> Metadata:
    """Metadata for one article from the strongest evidence available for each field."""
    record = dict(evidence.record)
    url = record.get("url") or evidence.html_url
    published, published_from = _published(record, evidence, url)
    raw_title = (
        record.get("title")
        or evidence.html_title
        or _title_from_lines(evidence.removed, evidence.body)
    )
    title, title_site = split_site_suffix(raw_title) if raw_title else (None, None)
    page_title = next((line.text for line in evidence.removed if line.reason == HEADER), "")
    page_site = title_site or split_site_suffix(page_title)[1]
    source = _source(record, evidence, page_site)
    byline = _byline(evidence.removed, source)
    return Metadata(
        title=title,
        source=source,
        published=published,
        published_from=published_from,
        author=record.get("author") or evidence.html_author or (byline.author if byline else None),
        language=detect_language(evidence.body),
        url=url,
        kind=byline.kind if byline else None,
    )


def parse_date(text: str) -> str | None:
    """An absolute date in `text` as ISO 'YYYY-MM-DD'; None when it is relative or partial."""
    if not _YEAR.search(text):
        return None
    match = junk.DATE_PATTERN.search(text)
    candidate = match.group(0) if match else text.strip()
    import dateparser

    parsed = dateparser.parse(
        candidate,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed else None


def date_in_url(url: str) -> str | None:
    """The publication date a URL's path states ('/2022/07/24/'), as ISO; None without one,
    or when it is no real day or lies in the future."""
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    if match.group("year"):
        year, month, day = match.group("year", "month", "day")
    else:
        year, month, day = match.group("year8", "month8", "day8")
    number = _URL_MONTHS.index(month.lower()) + 1 if month.isalpha() else int(month)
    try:
        found = date(int(year), number, int(day))
    except ValueError:
        return None
    return found.isoformat() if found <= date.today() else None


def split_site_suffix(title: str) -> tuple[str, str | None]:
    """'Story headline - WSJ' -> ('Story headline', 'WSJ'); titles without a suffix pass as is."""
    match = _TITLE_SUFFIX.search(title)
    if match and len(match.group("site").split()) <= 4 and len(title[: match.start()].split()) >= 3:
        return title[: match.start()].strip(), match.group("site").strip()
    return title.strip(), None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the body's language; None when there is too little text to tell."""
    if len(text.split()) < MIN_WORDS_FOR_LANGUAGE:
        return None
    return page_language(text.split("\n")).code


def _published(
    record: dict[str, str], evidence: Evidence, url: str | None
) -> tuple[str | None, PublishedFrom | None]:
    for value in (record.get("published"), evidence.html_published):
        if value and (iso := parse_date(value)):
            return iso, "metadata"
    for line in _datelines_by_preference(evidence.removed):
        if iso := parse_date(line.text):
            return iso, "text"
    if url and (iso := date_in_url(url)):
        return iso, "url"
    return None, None


def _datelines_by_preference(removed: tuple[RemovedLine, ...]) -> list[RemovedLine]:
    """The article's own dateline sits nearest the top of its body: the last one before the
    body first (a page header may show today's date further up), then those inside or after
    it; a publication date before an update."""
    datelines = [line for line in removed if line.reason == junk.DATELINE]
    before = [line for line in datelines if line.position == "before"][::-1]
    rest = [line for line in datelines if line.position != "before"]
    return sorted(before + rest, key=lambda line: bool(_UPDATED.search(line.text)))


def _source(record: dict[str, str], evidence: Evidence, title_site: str | None) -> str | None:
    """The outlet: named by the record, its URL, the page, the text itself, or the site
    suffix of the page title ('Story headline - WSJ')."""
    if record.get("source"):
        return outlet_from_name(record["source"])
    if record.get("url"):
        return outlet_from_url(record["url"])
    if evidence.html_sitename:
        return outlet_from_name(evidence.html_sitename)
    return _source_from_lines(evidence.removed) or (
        outlet_from_name(title_site) if title_site else None
    )


def _source_from_lines(removed: tuple[RemovedLine, ...]) -> str | None:
    """An outlet the text names as itself: 'more DW sites', its own short link, or a lone
    outlet line, when it is the only one (a menu of sister brands names several)."""
    named: list[str] = []
    for line in removed:
        more_sites = _MORE_SITES.search(line.text) if line.reason == junk.NAVIGATION else None
        if more_sites and (outlet := known_outlet_named(more_sites.group("name"))):
            return outlet
        if line.reason == junk.LINK:
            for host in hosts_in(line.text):
                outlet = outlet_from_url(host)
                if outlet and known_outlet_named(outlet):
                    return outlet
        if line.reason == junk.OUTLET and (outlet := known_outlet_named(line.text)):
            named.append(outlet)
    return named[0] if len(set(named)) == 1 else None


def _title_from_lines(removed: tuple[RemovedLine, ...], body: str) -> str | None:
    """The headline among the lines before the body.

    It shares words with the article's opening (section names, dates, menus share none),
    and it often repeats the page's first headline-like line (a browser title, a
    breadcrumb) further down, as a page's <h1> follows its <title>; on a tie, the line
    nearest the body wins.
    """
    candidates = [
        line.text
        for line in removed
        if line.reason == HEADER and _looks_like_headline(line.text)
    ]
    if not candidates:
        return None
    opening = _stems(body[:TITLE_CONTEXT_CHARS])
    first = _stems(candidates[0])
    best, best_score = None, 0.0
    for index, text in enumerate(candidates):
        stems = _stems(text)
        score = float(len(stems & opening))
        if index > 0 and stems:
            score += REPEATS_FIRST_LINE_WEIGHT * len(stems & first) / len(stems)
        if score >= max(best_score, MIN_TITLE_SCORE):
            best, best_score = text, score
    return best


def _stems(text: str) -> set[str]:
    """Content words cut to their first letters, so 'troops' meets 'troop', 'Russian' 'Russia'."""
    stopwords = language("en").stopwords
    return {
        word[:STEM_LENGTH] for word in _CONTENT_WORD.findall(text.lower()) if word not in stopwords
    }


def _looks_like_headline(text: str) -> bool:
    low, high = _HEADLINE_WORDS
    return low <= len(text.split()) <= high and not text.rstrip().endswith((".", ",", ";"))


def _byline(removed: tuple[RemovedLine, ...], outlet: str | None) -> Byline | None:
    """The first byline cleaning moved out, its author without the article's own outlet."""
    for line in removed:
        if line.reason == junk.BYLINE and (byline := read_byline(line.text, outlet)):
            return byline
    return None
