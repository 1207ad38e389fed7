"""Canonical entities: one key per person, organisation or place, whatever the spelling."""

from __future__ import annotations

import pytest
from tests.nlp.conftest import Annotate

from parallax.nlp.entities import canonical_name, link_entities


@pytest.mark.parametrize(
    ("variants", "label"),
    [
        (["Nato", "NATO", "the North Atlantic Treaty Organization"], "ORG"),
        (["Kiev", "Kyiv"], "GPE"),
        (["the Pentagon", "Pentagon"], "ORG"),
        (["US", "U.S.", "United States", "the United States"], "GPE"),
        (["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodímir Zelenski"], "PERSON"),
        (["Mike Thibodeau", "Michael Thibodeau", "Senator Michael Thibodeau"], "PERSON"),
        (["Paul R. LePage", "Paul LePage", "Gov. Paul LePage"], "PERSON"),
    ],
)
def test_spelling_variants_share_one_key(variants: list[str], label: str) -> None:
    keys = {canonical_name(variant, label)[0] for variant in variants}
    assert len(keys) == 1, keys


def test_american_as_a_modifier_is_the_united_states() -> None:
    assert canonical_name("American", "NORP")[0] == canonical_name("U.S.", "GPE")[0]


def test_titles_and_surnames_join_the_full_name_within_an_article(annotate: Annotate) -> None:
    text = (
        "President Joe Biden spoke in Warsaw on Friday. Mr Biden said the alliance was united. "
        "Later, Biden met Polish President Andrzej Duda."
    )
    entities = {e.key: e for e in annotate(text).entities}
    biden = entities["person:joe biden"]
    assert biden.name == "Joe Biden"
    assert [m.text for m in biden.mentions] == ["Joe Biden", "Biden", "Biden"]
    assert "person:biden" not in entities
    assert entities["place:poland"].label in ("NORP", "GPE")


def test_a_surname_joins_the_full_name_another_article_gives(annotate: Annotate) -> None:
    first = annotate("Ukrainian President Volodymyr Zelensky thanked Poland on Monday.", "a1")
    second = annotate("Zelenskyy said the army was ready.", "a2")
    link_entities([first, second])
    keys = {e.key for article in (first, second) for e in article.entities if e.label == "PERSON"}
    assert len(keys) == 1
    assert second.entities[0].name == "Volodymyr Zelensky"


def test_two_people_with_one_surname_are_not_merged(annotate: Annotate) -> None:
    text = "Hunter Biden and Joe Biden arrived together. Biden waved."
    people = [e for e in annotate(text).entities if e.label == "PERSON"]
    assert {e.key for e in people} >= {"person:hunter biden", "person:joe biden"}


def test_linking_also_renames_speakers(annotate: Annotate) -> None:
    first = annotate("Ukrainian President Volodymyr Zelensky thanked Poland on Monday.", "a1")
    second = annotate('"We are ready," Zelenskyy said on Tuesday.', "a2")
    link_entities([first, second])
    speaker = second.quotes[0].speaker
    assert (speaker.name, speaker.key) == ("Volodymyr Zelensky", "person:volodimir zelensk")
    assert second.claims[0].attribution == speaker


def test_a_middle_initial_stays_in_the_name_shown() -> None:
    assert canonical_name("Michael G. Grimm", "PERSON") == ("person:mike grim", "Michael G. Grimm")


def test_different_given_names_stay_different_people() -> None:
    assert canonical_name("Mike Grimm", "PERSON")[0] != canonical_name("Max Grimm", "PERSON")[0]
