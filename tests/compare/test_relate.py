"""The statement judge on statements written for these tests: paraphrases are `same`, and the
structure the language layer finds (negation, figures, speakers, dates, stages) overrules the
learned layer where it knows better."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.compare.relate import MODEL_LABELS, check_judge, judge_pairs, load_judge
from parallax.model import AnnotatedArticle, Article, Claim
from parallax.nlp.annotate import annotate_articles
from parallax.nlp.entities import link_entities
from parallax.nlp.pipeline import ModelProblem


def claims_of(*texts: str, published: str = "2023-05-02") -> list[Claim]:
    """The first statement of each text, each from its own article (a1, a2, ...)."""
    articles = [Article(id=f"a{n}", ref=f"a{n}.txt", text=text, published=published)
                for n, text in enumerate(texts, 1)]
    annotated: list[AnnotatedArticle] = annotate_articles(articles)
    link_entities(annotated)
    return [item.claims[0] for item in annotated]


def judge(first: str, second: str) -> tuple[str, tuple[str, ...]]:
    claims = claims_of(first, second)
    judgement = judge_pairs(claims, [(0, 1)])[0]
    return judgement.label, judgement.reasons


def test_a_close_paraphrase_is_the_same_fact() -> None:
    label, _ = judge(
        "The city council approved the new budget for the harbour on Tuesday.",
        "On Tuesday the city council approved the harbour's new budget.",
    )
    assert label == "same"


def test_a_statement_and_its_denial_are_never_the_same() -> None:
    label, reasons = judge(
        "The mayor will resign from her post at the end of the month.",
        "The mayor will not resign from her post at the end of the month.",
    )
    assert label == "conflict"
    assert "one denies what the other affirms" in reasons


def test_incompatible_figures_for_the_same_thing_conflict() -> None:
    label, reasons = judge(
        "The storm destroyed 300 homes along the northern coast of the island.",
        "The storm destroyed 1,200 homes along the northern coast of the island.",
    )
    assert label == "conflict"
    assert "incompatible figures" in reasons


def test_the_same_words_from_different_speakers_are_not_the_same_fact() -> None:
    label, reasons = judge(
        '"We will rebuild every school in the district," Governor Anna Price said.',
        '"We will rebuild every school in the district," Mayor Tom Hale said.',
    )
    assert label != "same"
    assert "different speakers" in reasons


def test_a_planned_vote_and_a_vote_taken_are_different_stages() -> None:
    label, reasons = judge(
        "The senate is set to vote on the fishing bill this week.",
        "The senate voted on the fishing bill this week.",
    )
    assert label != "same"
    assert "one expects what the other reports done" in reasons


def test_different_topics_are_not_judged_the_same() -> None:
    label, _ = judge(
        "The senate voted on the fishing bill on Monday.",
        "A new species of frog was found in the rainforest by biologists.",
    )
    assert label in ("related", "unrelated")


def test_the_shipped_weights_load_and_are_checked() -> None:
    model = load_judge()
    assert model.out_weights.shape[1] == len(MODEL_LABELS)
    assert 0.0 < model.same_threshold < 1.0
    assert "statement judge" in check_judge()


def test_missing_weights_are_a_clear_model_problem(tmp_path: Path) -> None:
    with pytest.raises(ModelProblem, match="statement judge weights missing"):
        load_judge(tmp_path / "judge.npz")


def test_the_same_words_repeated_by_two_outlets_lower_the_bar() -> None:
    label, reasons = judge(
        'Protesters chanted "no more cuts to our schools" outside the council building all '
        "afternoon.",
        'Outside, a crowd of parents and teachers kept chanting "no more cuts to our schools" as '
        "councillors arrived.",
    )
    assert label == "same"
    assert "the same words" in reasons


def test_a_speaker_carried_over_from_an_earlier_sentence_does_not_keep_facts_apart() -> None:
    articles = [
        Article(id="a1", ref="a1.txt", published="2023-05-02", text=(
            "Mayor Tom Hale visited the harbour on Monday. He said the old harbour bridge "
            "will reopen to traffic in March after the repairs.")),
        Article(id="a2", ref="a2.txt", published="2023-05-02", text=(
            "Governor Anna Price toured the coast on Monday. She said the old harbour bridge "
            "will reopen to traffic in March after the repairs.")),
    ]
    annotated = annotate_articles(articles)
    link_entities(annotated)
    claims = [next(c for c in item.claims if "bridge" in c.text) for item in annotated]
    assert {c.attribution.kind for c in claims} == {"named"}
    judgement = judge_pairs(claims, [(0, 1)])[0]
    assert "different speakers" not in judgement.reasons
