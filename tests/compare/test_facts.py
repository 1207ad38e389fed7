"""The fact table of a story written for these tests: facts are complete-link groups of
statements judged the same, and every article states, contradicts or is silent on each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parallax.model import Analysis

Analyze = Callable[..., Analysis]

BRIDGE = (
    "The Harlow river bridge was closed to all traffic on Monday after engineers found deep "
    "cracks in two of its supports. The county council said repairs would take at least six "
    "weeks. Buses will be diverted through the village of Elsby while the bridge is closed."
)
BRIDGE_REWORDED = (
    "Engineers found deep cracks in two supports of the Harlow river bridge, which was closed "
    "to all traffic on Monday. Local shop owners fear a drop in trade during the closure. "
    "The county council said the repairs would take at least six weeks."
)
BRIDGE_DENIED = (
    "The county council said the Harlow river bridge was not closed on Monday, despite reports "
    "of cracks. A spokesman said inspections would continue through the week as planned. "
    "Cyclists have been asked to use the ferry at the southern end of the town."
)


@pytest.fixture(scope="module")
def bridge(analyze: Analyze) -> Analysis:
    return analyze(
        (BRIDGE, "2024-04-08", "Harlow Post"),
        (BRIDGE_REWORDED, "2024-04-08", "County Times"),
        (BRIDGE_DENIED, "2024-04-08", "Evening News"),
        (BRIDGE, "2024-04-08", "Reprint Weekly"),
    )


def test_every_fact_has_a_status_for_every_article(bridge: Analysis) -> None:
    articles = {article.id for article in bridge.articles}
    assert bridge.facts
    for fact in bridge.facts:
        assert set(fact.status) == articles
        assert set(fact.status.values()) <= {"states", "contradicts", "silent"}
        assert {e.article for e in fact.evidence} == {
            a for a, status in fact.status.items() if status != "silent"
        }


def test_a_fact_holds_at_most_one_statement_per_article(bridge: Analysis) -> None:
    for fact in bridge.facts:
        cited = [e.article for e in fact.evidence]
        assert len(cited) == len(set(cited))


def test_the_shared_repair_time_is_one_fact_of_two_independent_sources(
    bridge: Analysis,
) -> None:
    repairs = [f for f in bridge.facts if "six weeks" in f.statement]
    assert len(repairs) == 1
    fact = repairs[0]
    assert fact.status["a1"] == fact.status["a2"] == "states"
    assert fact.status["a3"] == "silent"
    assert fact.sources == 2  # a4 reprints a1 word for word: it is not a third source


def test_a_reprint_is_marked_and_never_makes_consensus_alone(bridge: Analysis) -> None:
    assert bridge.copy_of == {"a4": "a1"}
    for item in bridge.consensus:
        assert set(item.articles) - {"a1", "a4"}, item


def test_a_denied_fact_is_never_consensus_with_its_denial(bridge: Analysis) -> None:
    for item in bridge.consensus:
        if "closed" in item.statement:
            assert "a3" not in item.articles


def test_consensus_and_unique_facts_are_rows_of_the_table(bridge: Analysis) -> None:
    statements = {fact.statement for fact in bridge.facts}
    assert {item.statement for item in bridge.consensus} <= statements
    assert {item.statement for item in bridge.unique} <= statements
    assert [fact.id for fact in bridge.facts] == [f"f{n}" for n in range(1, len(bridge.facts) + 1)]
