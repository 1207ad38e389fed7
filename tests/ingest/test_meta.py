"""Metadata from records, pages and the lines cleaning moved out: never a guess."""

from __future__ import annotations

import pytest

from parallax.ingest.clean import HEADER
from parallax.ingest.meta import Evidence, describe, parse_date, split_site_suffix
from parallax.ingest.outlets import outlet_from_name, outlet_from_url
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
