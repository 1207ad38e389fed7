"""Lines that are junk by their form, and body sentences that only look a little like junk."""

from __future__ import annotations

import pytest

from parallax.ingest.junk import byline_author, is_dateline, junk_reason


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
    "line",
    [
        "By Wednesday, the first troops had arrived in Poland, the ministry said.",
        "Share prices fell sharply on Monday after the announcement.",
        "Home owners in the district will receive compensation, the council said.",
        "The photo of the minister at the party was published on 12 March 2023.",
        "More than 80,000 US soldiers are on the continent on permanent or rotating missions.",
        "Follow-up talks are planned for next week in Geneva.",
        "The agency said the report was released in Paris on February 2, 2022 at a meeting.",
    ],
)
def test_body_sentences_are_not_junk(line: str) -> None:
    assert junk_reason(line) is None


def test_byline_author_and_dateline_reading() -> None:
    assert byline_author("By Patrick Grafton-Green") == "Patrick Grafton-Green"
    assert byline_author("By Wednesday, the troops had arrived.") is None
    assert is_dateline("2 February 2022, 16:02")
    assert not is_dateline("On 2 February 2022 the troops left.")
