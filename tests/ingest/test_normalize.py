"""Uniform text before cleaning: spaces, invisible marks, hard wraps and Markdown."""

from __future__ import annotations

from parallax.ingest.normalize import markdown_to_text, normalize_text

WRAPPED = """The harbour bridge reopened to traffic on Sunday after a three-week
repair that cost the city about 4 million euros, officials said on the
bridge.

Engineers replaced two corroded cables and resurfaced the eastern lane,
according to the transport department, which closed the bridge in
February.

Short line
after a heading."""


def test_exotic_spaces_and_invisible_marks_are_made_plain() -> None:
    text = "4\u00a0million\u202feuros, co\u00adoper\u200bation\ufeff\r\nnext line  "
    assert normalize_text(text) == "4 million euros, cooperation\nnext line"


def test_hard_wrapped_paragraphs_are_rejoined_and_paragraph_breaks_kept() -> None:
    assert normalize_text(WRAPPED).split("\n\n") == [
        "The harbour bridge reopened to traffic on Sunday after a three-week repair that cost "
        "the city about 4 million euros, officials said on the bridge.",
        "Engineers replaced two corroded cables and resurfaced the eastern lane, according to "
        "the transport department, which closed the bridge in February.",
        "Short line\nafter a heading.",
    ]


def test_text_with_long_lines_is_not_unwrapped() -> None:
    text = "Home\nNews\n" + "A long paragraph line that goes on and on." * 4 + "\nShort one."
    assert normalize_text(text) == text


def test_markdown_marks_go_and_words_stay() -> None:
    markdown = (
        "# Bridge reopens\n\n![a photo](img/bridge.jpg)\n\n"
        "The **harbour** bridge reopened, [officials said](https://example.org/x).\n\n"
        "> \"We could not take any risk,\" the engineer said.\n\n- first point\n* second point"
    )
    assert markdown_to_text(markdown).split("\n") == [
        "Bridge reopens", "", "", "", "The harbour bridge reopened, officials said.", "",
        '"We could not take any risk," the engineer said.', "", "first point", "second point",
    ]
