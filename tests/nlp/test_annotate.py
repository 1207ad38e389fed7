"""The whole layer over real-shaped articles: offsets verbatim, failures contained."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.ingest.articles import read_articles
from parallax.model import Article
from parallax.nlp import annotate as annotate_module
from parallax.nlp.annotate import annotate_articles

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "troops-europe-2022"


@pytest.fixture(scope="module")
def example():
    return annotate_articles(read_articles([str(EXAMPLE)]).articles)


def test_every_span_is_verbatim_text_of_its_article(example) -> None:
    for annotated in example:
        text = annotated.article.text
        spans = [*annotated.sentences, *annotated.quantities, *annotated.times,
                 *annotated.quotes, *annotated.claims,
                 *(m for e in annotated.entities for m in e.mentions)]
        assert spans
        for span in spans:
            assert text[span.start : span.end] == span.text, span
        for sentence in annotated.sentences:
            assert sentence.text == sentence.text.strip() and sentence.text


def test_sentence_indexes_point_at_the_sentence_holding_the_span(example) -> None:
    for annotated in example:
        for span in (*annotated.quantities, *annotated.quotes, *annotated.claims):
            sentence = annotated.sentences[span.sentence]
            assert sentence.start <= span.start < sentence.end + 1, span


def test_the_example_yields_the_divergent_troop_figures(example) -> None:
    troops = {
        (q.low, q.high) for a in example for q in a.quantities if q.unit == "troop"
    }
    assert {(80000.0, None), (75000.0, 80000.0), (60000.0, 60000.0)} <= troops
    assert {(100000.0, 100000.0), (None, 125000.0), (130000.0, None)} <= troops


def test_undated_articles_leave_relative_dates_unresolved(example) -> None:
    for annotated in example:
        if annotated.article.published is None:
            assert all(t.value is None for t in annotated.times if t.relative)


def test_a_failing_article_is_reported_and_the_rest_annotated(monkeypatch) -> None:
    real = annotate_module.find_quotes

    def fragile(doc, sentence_of, entities):
        if "explode" in doc.text:
            raise ValueError("unexpected token")
        return real(doc, sentence_of, entities)

    monkeypatch.setattr(annotate_module, "find_quotes", fragile)
    articles = [
        Article("a1", "one.txt", "Officials said 2,000 troops would explode the myth."),
        Article("a2", "two.txt", "The Pentagon said 3,000 troops were ready."),
    ]
    broken, fine = annotate_articles(articles)
    assert broken.warnings == ["language layer failed (ValueError: unexpected token)"]
    assert [str(problem) for problem in broken.problems] == [
        "one.txt: language layer failed (ValueError: unexpected token)"
    ]
    assert broken.sentences and not broken.claims
    assert fine.claims and not fine.warnings


def test_two_processes_give_the_same_annotations(monkeypatch) -> None:
    monkeypatch.setattr(annotate_module, "PARALLEL_MIN_WORDS", 0)
    articles = read_articles([str(EXAMPLE)]).articles
    assert annotate_articles(articles, processes=2) == annotate_articles(articles)
