"""Metadata from records, pages and the lines cleaning moved out: never a guess."""

from __future__ import annotations

import pytest

from parallax.ingest.articles import build_article
from parallax.ingest.clean import HEADER
from parallax.ingest.meta import Evidence, date_in_url, describe, parse_date, split_site_suffix
from parallax.ingest.outlets import outlet_from_name, outlet_from_url
from parallax.ingest.sources import RawDocument
from parallax.model import RemovedLine

BODY = "The council voted on Tuesday to extend the programme for another two years, officials said."


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2 February 2022, 16:02", "2022-02-02"),
        ("February 2, 2022", "2022-02-02"),
        ("date 2022-02-25", "2022-02-25"),
        ("Published: Tue, 12 Apr 2022 10:00:00 GMT", "2022-04-12"),
        ("2022-04-12T10:00:00Z", "2022-04-12"),
        ("Updated 3rd March 2021", "2021-03-03"),
        ("yesterday", None),
        ("on Thursday", None),
        ("April 2022", None),
        ("", None),
    ],
)
def test_parse_date_takes_absolute_full_dates_only(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Google Stadia and Apple Arcade: so many ways to play - WSJ",
            ("Google Stadia and Apple Arcade: so many ways to play", "WSJ"),
        ),
        (
            "Bridge reopens after repair | The Guardian",
            ("Bridge reopens after repair", "The Guardian"),
        ),
        ("Russia-NATO Row on European Security", ("Russia-NATO Row on European Security", None)),
    ],
)
def test_site_suffix_is_split_from_titles(title: str, expected: tuple[str, str | None]) -> None:
    assert split_site_suffix(title) == expected


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.dw.com/en/us-to-send-more-troops/a-60636390", "DW"),
        ("https://p.dw.com/p/46Pow", "DW"),
        ("https://edition.cnn.com/2022/02/02/politics/troops", "CNN"),
        ("https://news.example.co.uk/story", "example.co.uk"),
        ("https://blog.example.org/post", "example.org"),
        ("not a url", None),
    ],
)
def test_outlet_from_url(url: str, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("nyt", "The New York Times"),
        ("fox", "Fox News"),
        ("HPO", "HuffPost"),
        ("cnet.com", "cnet.com"),
        ("theguardian.com", "The Guardian"),
        ("Local Gazette", "Local Gazette"),
    ],
)
def test_outlet_from_record_names(name: str, outlet: str) -> None:
    assert outlet_from_name(name) == outlet


def test_record_fields_win_over_text_evidence() -> None:
    meta = describe(
        Evidence(
            body=BODY,
            removed=(
                RemovedLine("1 March 2020", "dateline", "before"),
                RemovedLine("By Ann Other", "byline", "before"),
            ),
            record=(
                ("title", "Record title"),
                ("source", "nyt"),
                ("published", "2021-05-04"),
                ("author", "Rec Author"),
            ),
        )
    )
    assert (meta.title, meta.source, meta.published, meta.published_from, meta.author) == (
        "Record title",
        "The New York Times",
        "2021-05-04",
        "metadata",
        "Rec Author",
    )


def test_text_evidence_fills_what_records_lack() -> None:
    meta = describe(
        Evidence(
            body=BODY,
            removed=(
                RemovedLine("Skip to more DW sites", "navigation", "before"),
                RemovedLine("Council extends youth programme", "before the article body", "before"),
                RemovedLine("1 March 2020", "dateline", "before"),
                RemovedLine("By Ann Other", "byline", "before"),
            ),
        )
    )
    assert (meta.title, meta.source, meta.published, meta.published_from, meta.author) == (
        "Council extends youth programme",
        "DW",
        "2020-03-01",
        "text",
        "Ann Other",
    )
    assert meta.language == "en"


def test_nothing_known_stays_none() -> None:
    meta = describe(Evidence(body=BODY))
    assert (meta.title, meta.source, meta.published, meta.published_from, meta.author) == (
        None,
        None,
        None,
        None,
        None,
    )


def test_unknown_hosts_in_links_are_not_taken_as_the_outlet() -> None:
    meta = describe(
        Evidence(
            body=BODY, removed=(RemovedLine("https://example.org/report", "bare link", "before"),)
        )
    )
    assert meta.source is None


def test_a_menu_of_sister_outlets_names_no_outlet() -> None:
    menu = tuple(
        RemovedLine(name, "outlet name", "before")
        for name in ("New York Post", "The Times", "The Wall Street Journal")
    )
    assert describe(Evidence(body=BODY, removed=menu)).source is None
    lone = (RemovedLine("Reuters", "outlet name", "within"),)
    assert describe(Evidence(body=BODY, removed=lone)).source == "Reuters"


def test_the_page_titles_site_suffix_names_the_outlet() -> None:
    removed = (
        RemovedLine("Council extends youth programme | The Riverside Courier", HEADER, "before"),
        RemovedLine("Council extends youth programme", HEADER, "before"),
    )
    meta = describe(Evidence(body=BODY, removed=removed))
    assert (meta.title, meta.source) == ("Council extends youth programme", "The Riverside Courier")


def test_an_em_dash_inside_a_headline_is_not_a_site_suffix() -> None:
    removed = (RemovedLine("Council votes on programme — and extends it", HEADER, "before"),)
    meta = describe(Evidence(body=BODY, removed=removed))
    assert (meta.title, meta.source) == ("Council votes on programme — and extends it", None)


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://www.example.com/sites/jdoe/2022/07/24/the-inflation-picture/", "2022-07-24"),
        ("https://news.example.org/business/2022/jul/24/rates-rise", "2022-07-24"),
        ("https://www.example.com/commentaries/2022-07-29/rates-and-recession.html", "2022-07-29"),
        ("https://example.net/story/20220724/fed-meeting", "2022-07-24"),
        ("https://example.net/story/20220724-fed-meeting", "2022-07-24"),
        ("https://example.com/intelligencer/2022/07/are-we-in-a-recession.html", None),  # no day
        ("https://example.com/news/us-inflation-at-248-202207282251", None),  # a stamp, not a path
        ("https://example.com/article/12345678/", None),
        ("https://example.com/a/2022/02/30/no-such-day/", None),
        ("https://example.com/a/2099/02/03/the-future/", None),
        ("https://example.com/search?from=/2022/07/24/", None),  # a query is not the path
    ],
)
def test_a_date_in_the_url_path_is_read(url: str, iso: str | None) -> None:
    assert date_in_url(url) == iso


def test_the_url_dates_an_article_nothing_else_dates() -> None:
    url = "https://www.example.com/sites/jdoe/2022/07/24/the-inflation-picture/"
    meta = describe(Evidence(body=BODY, record=(("url", url),)))
    assert (meta.url, meta.published, meta.published_from) == (url, "2022-07-24", "url")
    dated = describe(Evidence(body=BODY, record=(("url", url), ("published", "2022-07-25"))))
    assert (dated.published, dated.published_from) == ("2022-07-25", "metadata")
    dateline = (RemovedLine("26 July 2022", "dateline", "before"),)
    in_text = describe(Evidence(body=BODY, removed=dateline, record=(("url", url),)))
    assert (in_text.published, in_text.published_from) == ("2022-07-26", "text")


OPINION_PAGE = """Opinion by Dana Whitfield for Harbor Business Perspectives

The harbour authority's plan to double berth fees is the wrong answer to a real problem. The
port has lost three ferry lines in two years, and higher fees will push out the fourth.

A smaller rise, tied to the number of sailings, would keep the lines and still pay for the
new breakwater the authority says it cannot afford.
"""


@pytest.mark.parametrize(
    ("byline", "author", "kind"),
    [
        ("Opinion by Dana Whitfield for Harbor Business Perspectives", "Dana Whitfield", "opinion"),
        ("Analysis by Tom Reyes, CNN", "Tom Reyes", "analysis"),
        ("By Priya Natarajan, Economics Correspondent", "Priya Natarajan", None),
        ("Priya Natarajan | Reuters", "Priya Natarajan", None),
        ("By Ana Lopez and Mark Chen", "Ana Lopez and Mark Chen", None),
        ("By Cary Holt, Coastal Banker", "Cary Holt", None),
    ],
)
def test_a_byline_at_the_head_of_a_text_gives_its_author_and_kind(
    byline: str, author: str, kind: str | None
) -> None:
    text = OPINION_PAGE.replace(OPINION_PAGE.split("\n", 1)[0], byline)
    fields = {"url": "https://coastalbanker.com/economy/cooling-or-not/"}
    article = build_article(RawDocument("page.json#0", text, "text", fields), "a1")
    assert (article.author, article.kind) == (author, kind)
    assert article.text.startswith("The harbour authority's plan")
