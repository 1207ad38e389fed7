"""The bundled example story: the divergences and consensus a reader must see, all sourced."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from parallax.model import Analysis, Article

SCHEMA = json.loads(
    resources.files("parallax").joinpath("schemas/analysis.schema.json").read_text()
)


def _number_divergence(analysis: Analysis, *words: str):
    found = [
        d for d in analysis.divergences
        if d.kind == "number" and all(word in d.question for word in words)
    ]
    assert len(found) == 1, [d.question for d in analysis.divergences]
    return found[0]


def _answers(divergence) -> dict[str, list[str]]:
    return {position.answer: position.articles for position in divergence.positions}


def test_us_troops_in_europe_diverge_across_three_outlets(example_analysis: Analysis) -> None:
    divergence = _number_divergence(example_analysis, "US troops", "Europe")
    assert _answers(divergence) == {
        "60,000 US troops": ["a3"],
        "between 75,000 and 80,000 troops": ["a2"],
        "more than 80,000 US soldiers": ["a1"],
    }


def test_russian_troops_at_the_border_diverge_across_three_outlets(
    example_analysis: Analysis,
) -> None:
    divergence = _number_divergence(example_analysis, "Russian troops", "border")
    assert _answers(divergence) == {
        "roughly 100,000 troops": ["a2"],
        "as many 125,000 troops": ["a5"],
        "more than 130,000 troops": ["a3"],
    }


def test_the_troops_on_alert_are_consensus_of_at_least_three_articles(
    example_analysis: Analysis,
) -> None:
    alert = [c for c in example_analysis.consensus if "8,500" in c.statement]
    assert len(alert) == 1
    assert len(alert[0].articles) >= 3
    assert all("8,500" in evidence.text for evidence in alert[0].evidence)
    # The agreeing figure is not reported as a divergence too.
    assert not any(
        "8,500" in e.text for d in example_analysis.divergences for p in d.positions
        for e in p.evidence
    )


def test_number_divergences_come_first(example_analysis: Analysis) -> None:
    assert [d.kind for d in example_analysis.divergences[:2]] == ["number", "number"]


def test_every_piece_of_evidence_is_verbatim_at_its_offsets(
    example_analysis: Analysis, example_articles: list[Article]
) -> None:
    texts = {article.id: article.text for article in example_articles}
    record = example_analysis.to_record()
    evidence = [
        e
        for section in ("consensus", "unique", "timeline", "summary")
        for item in record[section]
        for e in item["evidence"]
    ] + [e for d in record["divergences"] for p in d["positions"] for e in p["evidence"]]
    assert len(evidence) > 30
    for item in evidence:
        assert texts[item["article"]][item["start"] : item["end"]] == item["text"]


def test_no_site_junk_reaches_the_analysis(
    example_analysis: Analysis, example_articles: list[Article]
) -> None:
    removed = {
        line.text
        for article in example_articles
        for line in article.removed
        if len(line.text) > 15 and line.text != article.title  # the title is metadata
    }
    assert removed, "the example has site junk to remove"
    output = json.dumps(example_analysis.to_record(), ensure_ascii=False)
    assert [line for line in removed if json.dumps(line, ensure_ascii=False)[1:-1] in output] == []


def test_the_analysis_matches_its_schema(example_analysis: Analysis) -> None:
    jsonschema.validate(example_analysis.to_record(), SCHEMA)


def test_the_summary_leads_with_consensus_then_divergences(example_analysis: Analysis) -> None:
    summary = example_analysis.summary
    assert len(summary) == 6
    statements = {c.statement for c in example_analysis.consensus}
    assert summary[0].text in statements
    diverging = [s for s in summary if s.text.startswith("Articles differ on how many")]
    assert len(diverging) == 2
    for sentence in diverging:
        # every figure quoted in the sentence is one an article wrote
        for evidence in sentence.evidence:
            assert sentence.articles.count(evidence.article) == 1
    assert "60,000 US troops" in diverging[1].text + diverging[0].text


def test_unique_facts_are_single_article_and_ranked(example_analysis: Analysis) -> None:
    unique = example_analysis.unique
    assert unique
    consensus_sentences = {
        (e.article, e.sentence) for c in example_analysis.consensus for e in c.evidence
    }
    for fact in unique:
        assert [e.article for e in fact.evidence] == [fact.article]
        assert (fact.article, fact.evidence[0].sentence) not in consensus_sentences


def test_the_timeline_is_in_date_order_with_resolved_dates(example_analysis: Analysis) -> None:
    dates = [event.date for event in example_analysis.timeline]
    assert dates == sorted(dates)
    # "on Thursday" in the article of 25 February 2022 is the invasion day order
    assert any(
        event.date == "2022-02-24" and "7,000" in event.event for event in example_analysis.timeline
    )
