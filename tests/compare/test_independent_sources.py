"""Independent sources: a reprint or a close rewrite counts once; opinion pieces are marked."""

from __future__ import annotations

from parallax.compare.sources import independent_sources, is_opinion
from parallax.model import Article

REPORT = (
    "The regional rail operator will cut 40 of its daily services from June, the company said "
    "on Wednesday, blaming a shortage of drivers and rising energy costs. Commuters in the "
    "northern towns will be hit hardest, with some stations losing half of their trains. "
    "The transport union called the decision short-sighted and said it would ask for talks."
)
OTHER = (
    "Commuter groups gathered outside the station on Thursday to protest against the planned "
    "timetable. Several local councillors joined them and demanded that the regional "
    "government step in before the summer schedule takes effect next month."
)


def article(n: int, text: str, source: str, **fields: str) -> Article:
    return Article(id=f"a{n}", ref=f"a{n}.txt", text=text, source=source, **fields)


def test_a_reprint_and_a_light_rewrite_share_one_source() -> None:
    rewrite = REPORT.replace("on Wednesday", "Wednesday").replace("hardest", "the hardest")
    groups = independent_sources([
        article(1, REPORT, "Wire"), article(2, rewrite, "Herald"), article(3, OTHER, "Times"),
    ])
    assert groups["a1"] == groups["a2"]
    assert groups["a3"] != groups["a1"]


def test_one_author_under_two_outlets_is_one_source() -> None:
    groups = independent_sources([
        article(1, REPORT, "Herald", author="Jane Doe"),
        article(2, OTHER, "Courier", author="jane doe"),
    ])
    assert groups["a1"] == groups["a2"]


def test_different_reports_are_independent() -> None:
    groups = independent_sources([article(1, REPORT, "Wire"), article(2, OTHER, "Times")])
    assert len(set(groups.values())) == 2


def test_opinion_pieces_are_marked_by_their_own_words() -> None:
    assert is_opinion(article(1, REPORT, "Times", title="Opinion: the railways need a plan"))
    assert is_opinion(article(2, REPORT, "Times", author="Opinion by Sam Lee"))
    assert not is_opinion(article(3, REPORT, "Times", title="Rail operator cuts 40 services"))


def test_a_byline_that_says_opinion_or_analysis_marks_the_piece() -> None:
    """"Opinion by Sam Lee for Times Perspectives" leaves the author "Sam Lee" and the kind."""
    assert is_opinion(article(1, REPORT, "Times", author="Sam Lee", kind="opinion"))
    assert is_opinion(article(2, REPORT, "Times", author="Sam Lee", kind="analysis"))
    assert not is_opinion(article(3, REPORT, "Times", author="Sam Lee"))
