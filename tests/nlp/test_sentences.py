"""Sentences: a quotation is never split into halves, and a paragraph break always ends one."""

from __future__ import annotations

from collections.abc import Callable

from parallax.model import AnnotatedArticle

Annotate = Callable[..., AnnotatedArticle]


def test_a_quotation_of_two_sentences_stays_one_statement_with_its_speaker(
    annotate: Annotate,
) -> None:
    text = (
        "“We have not decided anything yet. The talks will go on next week,” the minister "
        "said on Friday. Unions welcomed the delay."
    )
    sentences = [s.text for s in annotate(text).sentences]
    assert sentences == [
        "“We have not decided anything yet. The talks will go on next week,” the minister "
        "said on Friday.",
        "Unions welcomed the delay.",
    ]


def test_straight_quotes_are_joined_too(annotate: Annotate) -> None:
    text = 'He said: "The bridge is safe. Engineers checked it twice." Traffic resumed at noon.'
    assert [s.text for s in annotate(text).sentences] == [
        'He said: "The bridge is safe. Engineers checked it twice."',
        "Traffic resumed at noon.",
    ]


def test_an_unclosed_quotation_ends_at_the_paragraph_break(annotate: Annotate) -> None:
    text = "“The flood was the worst in decades. We lost everything.\nThe river fell on Sunday."
    sentences = [s.text for s in annotate(text).sentences]
    assert sentences[-1] == "The river fell on Sunday."
    assert len(sentences) == 2
