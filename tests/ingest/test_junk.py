"""Lines that are junk by their form, and body sentences that only look a little like junk."""

from __future__ import annotations

import pytest

from parallax.ingest.bylines import read_byline
from parallax.ingest.junk import is_dateline, junk_reason, line_reasons


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Skip to main content", "navigation"),
        ("Share on Facebook", "share or follow"),
        ("Follow us on Twitter", "share or follow"),
        ("READ MORE: Mayor opens new library wing", "related links"),
        ("Most read", "related links"),
        ("Advertisement", "promotion"),
        ("Sign up for our daily newsletter", "promotion"),
        ("Photo: Jane Smith/Example Agency", "image caption or credit"),
        ("3 min read", "reading time"),
        ("© 2023 Example Media. All rights reserved.", "legal notice"),
        ("https://example.org/p/123", "bare link"),
        ("By Jane Doe and John Roe", "byline"),
        ("Updated 12 March 2023, 10:15 GMT", "dateline"),
        ("Reuters", "outlet name"),
        ("Leave a Reply", "comment notice"),
    ],
)
def test_junk_lines_are_named(line: str, reason: str) -> None:
    assert junk_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Lumber Futures Courtesy of Trading Economics", "image caption or credit"),
        ("Chart: Harbor Data Desk", "image caption or credit"),
        ("Photo by Ana Lopez on Unsplash", "image caption or credit"),
        ("Photo: Reuters", "image caption or credit"),
        ("(Getty Images)", "image caption or credit"),
        (
            "The mayor says the budget is balanced if you squint at it from the river. "
            "— Dana Whitfield (@danawhit) July 27, 2022",
            "embedded social media post",
        ),
        (
            "Rates up again. Here we go -- Marco Ruiz (@mruiz_econ) July 6, 2022",
            "embedded social media post",
        ),
        (
            "Lines outside the clinic this morning pic.twitter.com/Xy7Lq2Rz",
            "embedded social media post",
        ),
        ("Follow The Ledger on LinkedIn", "share or follow"),
        ("Be sure to follow us on Instagram and TikTok", "share or follow"),
        ("Like us on Facebook and follow us on Twitter", "share or follow"),
    ],
)
def test_credits_tweet_sign_offs_and_follow_lines_are_junk(line: str, reason: str) -> None:
    assert junk_reason(line) == reason


def test_an_embedded_post_goes_with_its_sign_off_and_the_article_stays() -> None:
    """Kept, a post's text would read as the outlet's own words; the lines around it stay."""
    lines = [
        "The governor defended the campaign on Monday, saying it had raised awareness.",
        "Yes, this is real, and yes, the state paid half a million dollars for it.",
        "— Dana Whitfield (@danawhit) November 18, 2019",
        "Critics said the slogan had become a joke online within hours of its launch.",
    ]
    assert line_reasons(lines) == [
        None, "embedded social media post", "embedded social media post", None,
    ]


@pytest.mark.parametrize(
    "line",
    [
        "By Wednesday, the first troops had arrived in Poland, the ministry said.",
        "Share prices fell sharply on Monday after the announcement.",
        "Home owners in the district will receive compensation, the council said.",
        "The photo of the minister at the party was published on 12 March 2023.",
        "More than 80,000 US soldiers are on the continent on permanent or rotating missions.",
        "Follow-up talks are planned for next week in Geneva.",
        "The agency said the report was released in Paris on February 2, 2022 at a meeting.",
        "Lumber futures rose 4% on Tuesday, courtesy of a rebound in housing starts.",
        "Ruiz (@mruiz_econ) deleted the post on July 6, 2022, after the central bank met.",
        "Volunteers asked residents to follow us on the map as the cleanup moved north.",
    ],
)
def test_body_sentences_are_not_junk(line: str) -> None:
    assert junk_reason(line) is None


def test_byline_author_and_dateline_reading() -> None:
    byline = read_byline("By Patrick Grafton-Green")
    assert byline is not None and byline.author == "Patrick Grafton-Green"
    assert read_byline("By Wednesday, the troops had arrived.") is None
    assert is_dateline("2 February 2022, 16:02")
    assert not is_dateline("On 2 February 2022 the troops left.")
