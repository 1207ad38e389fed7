"""Claims: what a sentence states, with negation, hedging, numbers and whose word it is."""

from __future__ import annotations

from tests.nlp.conftest import Annotate


def test_negated_promise_is_marked(annotate: Annotate) -> None:
    claim = annotate("US forces will not set foot in Ukraine.").claims[0]
    assert claim.negated
    assert claim.predicate == "will not set"
    assert claim.attribution.kind == "outlet"
    assert "place:ukraine" in claim.entities


def test_hedges_are_listed(annotate: Annotate) -> None:
    claim = annotate("The US will reportedly send 2,000 troops, which may arrive soon.").claims[0]
    assert "reportedly" in claim.hedges and "may" in claim.hedges
    assert [q.low for q in claim.quantities] == [2000]


def test_reported_speech_is_the_speakers_claim(annotate: Annotate) -> None:
    claim = annotate("Russia insists it has no intention of attacking Ukraine.").claims[0]
    assert claim.attribution.name == "Russia"
    assert claim.negated
    assert claim.text == "it has no intention of attacking Ukraine"


def test_conjoined_clauses_become_separate_claims(annotate: Annotate) -> None:
    text = "The Pentagon put 8,500 troops on alert, and officials said more units could follow."
    claims = annotate(text).claims
    assert len(claims) == 2
    assert claims[0].quantities and not claims[1].quantities
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text


def test_claim_times_resolve_against_the_publication_date(annotate: Annotate) -> None:
    claim = annotate("Biden ordered the deployment on Wednesday.", "2022-02-03").claims[0]
    assert [t.value for t in claim.times] == ["2022-02-02"]


def test_a_contrasting_clause_is_a_claim_of_its_own(annotate: Annotate) -> None:
    text = (
        "The US is sending about 2,000 troops to Poland, while 1,000 already based in Germany "
        "will move to Romania."
    )
    first, second = annotate(text).claims
    assert [q.low for q in first.quantities] == [2000]
    assert second.text == "1,000 already based in Germany will move to Romania."
    assert [q.low for q in second.quantities] == [1000]
