"""Bylines in their common forms: the author's names kept (never the role or the outlet beside
them), and "Opinion by" / "Analysis by" read as the kind of piece; sentences are no bylines."""

from __future__ import annotations

import pytest

from parallax.ingest.bylines import Byline, read_byline
from parallax.ingest.junk import junk_reason


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        (
            "Opinion by Dana Whitfield for Harbor Business Perspectives",
            Byline("Dana Whitfield", "opinion"),
        ),
        ("Analysis by Tom Reyes, CNN", Byline("Tom Reyes", "analysis")),
        ("By Priya Natarajan, Economics Correspondent", Byline("Priya Natarajan")),
        ("By Priya Natarajan, BBC News", Byline("Priya Natarajan")),
        ("Priya Natarajan | Reuters", Byline("Priya Natarajan")),
        ("By Ana Lopez and Mark Chen", Byline("Ana Lopez and Mark Chen")),
        ("By Ana Lopez, Mark Chen and Jo Park", Byline("Ana Lopez, Mark Chen and Jo Park")),
    ],
)
def test_common_byline_forms_give_the_author_and_kind(line: str, byline: Byline) -> None:
    assert read_byline(line) == byline
    assert junk_reason(line) == "byline"


def test_the_articles_own_outlet_after_a_comma_is_not_an_author() -> None:
    line = "By Cary Holt, Coastal Banker"
    assert read_byline(line, outlet="coastalbanker.com") == Byline("Cary Holt")
    assert read_byline(line) == Byline("Cary Holt, Coastal Banker")  # could be two people


@pytest.mark.parametrize(
    "line",
    [
        "World News | Reuters",
        "Markets | Bloomberg",
        "Opinion | How goes the fight against inflation?",
        "By Wednesday, the first troops had arrived in Poland, the ministry said.",
        "Opinion by opinion, the council members were slowly won over to the plan.",
        "Analysis by the central bank for the first quarter shows slower growth.",
    ],
)
def test_sentences_and_section_labels_are_not_bylines(line: str) -> None:
    assert read_byline(line) is None
