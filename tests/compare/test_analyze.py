"""Small stories written for these tests: each kind of agreement and divergence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parallax.compare.settings import CompareSettings
from parallax.model import Analysis

Analyze = Callable[..., Analysis]

FLOOD_MONDAY = (
    "Flooding in the river valley has forced 1,200 residents from their homes, the regional "
    "government said on Monday. Rescue teams reached the village of Marden by boat. "
    "The regional government has opened three emergency shelters in schools near the valley."
)
FLOOD_LATER = (
    "Flooding in the river valley has now forced 4,000 residents from their homes, the regional "
    "government said on Thursday. Rescue teams reached the village of Marden by boat. "
    "The regional government has opened three emergency shelters in schools near the valley."
)


def test_a_later_figure_for_the_same_thing_is_an_update(analyze: Analyze) -> None:
    analysis = analyze(
        (FLOOD_MONDAY, "2023-03-06", "Valley News"), (FLOOD_LATER, "2023-03-09", "Daily Post")
    )
    updates = [d for d in analysis.divergences if d.kind == "update"]
    assert len(updates) == 1, analysis.divergences
    newest, oldest = updates[0].positions
    assert newest.articles == ["a2"] and "4,000" in newest.answer
    assert oldest.articles == ["a1"] and "1,200" in oldest.answer
    assert "newest figure (2023-03-09, a2)" in (updates[0].note or "")
    assert not [d for d in analysis.divergences if d.kind == "number"]


def test_the_same_figures_on_the_same_day_are_a_number_divergence(analyze: Analyze) -> None:
    same_day = FLOOD_LATER.replace("on Thursday", "on Monday")
    analysis = analyze(
        (FLOOD_MONDAY, "2023-03-06", "Valley News"), (same_day, "2023-03-06", "Daily Post")
    )
    kinds = [d.kind for d in analysis.divergences]
    assert "number" in kinds and "update" not in kinds
    number = next(d for d in analysis.divergences if d.kind == "number")
    assert number.question.startswith("How many")
    assert "residents" in number.question


FLOOD_REWORDED = (
    "Rescue boats reached the village of Marden as the river burst its banks. Three emergency "
    "shelters have been opened in schools near the valley by the regional government. Farmers "
    "said their fields would stay under water for weeks."
)


def test_shared_statements_are_consensus_with_every_supporter(analyze: Analyze) -> None:
    analysis = analyze(
        (FLOOD_MONDAY, "2023-03-06", "Valley News"), (FLOOD_REWORDED, "2023-03-06", "Daily Post")
    )
    shelters = [c for c in analysis.consensus if "shelters" in c.statement]
    assert len(shelters) == 1
    assert sorted(shelters[0].articles) == ["a1", "a2"]
    assert {e.article for e in shelters[0].evidence} == {"a1", "a2"}


def test_a_close_rewrite_is_one_source_not_a_second_supporter(analyze: Analyze) -> None:
    analysis = analyze(
        (FLOOD_MONDAY, "2023-03-06", "Valley News"), (FLOOD_LATER, "2023-03-09", "Daily Post")
    )
    assert analysis.copy_of == {"a2": "a1"}
    assert analysis.consensus == []


def test_contradicting_statements_are_a_claim_divergence(analyze: Analyze) -> None:
    analysis = analyze(
        (
            "Officials in Kyiv believe a Russian invasion of Ukraine is imminent. "
            "Talks between the two governments ended without agreement in Geneva on Tuesday.",
            "2022-01-12", "Outlet One",
        ),
        (
            "Officials in Kyiv believe a Russian invasion of Ukraine is not imminent. "
            "The talks in Geneva ended on Tuesday without an agreement between the governments.",
            "2022-01-12", "Outlet Two",
        ),
    )
    claims = [d for d in analysis.divergences if d.kind == "claim"]
    assert len(claims) == 1, analysis.divergences
    assert {tuple(p.articles) for p in claims[0].positions} == {("a1",), ("a2",)}
    assert "imminent" in claims[0].question


def test_fact_in_one_outlet_attributed_in_another_is_a_quote_divergence(
    analyze: Analyze,
) -> None:
    analysis = analyze(
        (
            "The new bridge over the Elbe will cost the city twice the planned budget. "
            "Construction is due to finish next spring.",
            "2023-05-02", "Outlet One",
        ),
        (
            "“The new bridge over the Elbe will cost the city twice the planned budget,” "
            "the opposition leader Anna Weber said. Construction is due to finish next spring.",
            "2023-05-02", "Outlet Two",
        ),
    )
    quotes = [d for d in analysis.divergences if d.kind == "quote"]
    assert len(quotes) == 1, analysis.divergences
    answers = {p.answer: p.articles for p in quotes[0].positions}
    assert answers == {"stated as fact": ["a1"], "attributed to Anna Weber": ["a2"]}


def test_a_quote_given_to_someone_only_by_a_pronoun_is_no_quote_divergence(
    analyze: Analyze,
) -> None:
    analysis = analyze(
        (
            "The new bridge over the Elbe will cost the city twice the planned budget. "
            "Construction is due to finish next spring.",
            "2023-05-02", "Outlet One",
        ),
        (
            "The opposition leader Anna Weber spoke to reporters on Monday. "
            "“The new bridge over the Elbe will cost the city twice the planned budget,” she "
            "said. Construction is due to finish next spring.",
            "2023-05-02", "Outlet Two",
        ),
    )
    assert not [d for d in analysis.divergences if d.kind == "quote"], analysis.divergences


@pytest.mark.parametrize(
    "articles",
    [
        pytest.param([
            "The club offered the striker a contract worth at least $160 million over eight "
            "seasons, and possibly as much as $180 million, people close to the talks said.",
            "The club offered the striker a contract worth $140 million to $160 million over "
            "eight seasons, according to people close to the talks.",
        ], id="a range given in two figures agrees with either"),
        pytest.param([
            "Two other clubs are in the race: the Rovers offered seven years and the United "
            "offered eight years, according to the agent of the striker.",
            "No other club in the race offered more than eight years, according to the agent "
            "of the striker.",
        ], id="a statement counting two things is not set against one"),
        pytest.param([
            "The 32-year-old striker scored twice in the cup final on Sunday evening.",
            "The 36-year-old striker scored twice in the cup final on Sunday evening.",
        ], id="spans of time are not set against each other"),
        pytest.param([
            f"Police said they made {arrests} arrests during the protests in the city centre."
            for arrests in (40, 46, 52, 58)
        ], id="four different figures are several measures, not one question"),
    ],
)
def test_figures_that_are_no_number_divergence(analyze: Analyze, articles: list[str]) -> None:
    analysis = analyze(*[
        (text, "2023-05-02", f"Outlet {n}") for n, text in enumerate(articles, 1)
    ])
    assert not [d for d in analysis.divergences if d.kind == "number"], analysis.divergences


def test_distancing_words_are_a_framing_divergence(analyze: Analyze) -> None:
    analysis = analyze(
        (
            "The summit in Vilnius ended with a pledge to deter Russian aggression on the "
            "alliance's eastern flank.",
            "2023-07-12", "Outlet One",
        ),
        (
            "The summit in Vilnius ended with a pledge to counter perceived Russian aggression "
            "on the alliance's eastern flank.",
            "2023-07-12", "Outlet Two",
        ),
    )
    framings = [d for d in analysis.divergences if d.kind == "framing"]
    assert len(framings) == 1
    assert {p.answer: p.articles for p in framings[0].positions} == {
        "Russian aggression": ["a1"],
        "perceived Russian aggression": ["a2"],
    }
    assert "Russia" in framings[0].question


def test_an_article_giving_both_answers_takes_neither_side(analyze: Analyze) -> None:
    analysis = analyze(
        (
            "The summit in Vilnius ended with a pledge to deter Russian aggression on the "
            "alliance's eastern flank.",
            "2023-07-12", "Outlet One",
        ),
        (
            "The summit in Vilnius ended with a pledge to counter perceived Russian aggression "
            "on the alliance's eastern flank.",
            "2023-07-12", "Outlet Two",
        ),
        (
            "The summit in Vilnius ended with a pledge to counter perceived Russian aggression "
            "on the alliance's eastern flank. Poland's president said later that Russian "
            "aggression had united the alliance.",
            "2023-07-12", "Outlet Three",
        ),
    )
    framings = [d for d in analysis.divergences if d.kind == "framing"]
    assert len(framings) == 1, analysis.divergences
    assert {p.answer: p.articles for p in framings[0].positions} == {
        "Russian aggression": ["a1"],
        "perceived Russian aggression": ["a2"],
    }
    assert all(e.article != "a3" for p in framings[0].positions for e in p.evidence)


def test_the_summary_has_the_sentences_asked_for(analyze: Analyze) -> None:
    stories = ((FLOOD_MONDAY, "2023-03-06", "Valley News"), (FLOOD_LATER, "2023-03-09", "Post"))
    assert len(analyze(*stories, settings=CompareSettings(summary_sentences=2)).summary) == 2
    assert analyze(*stories, settings=CompareSettings(summary_sentences=0)).summary == []


def test_one_article_has_nothing_to_compare(analyze: Analyze) -> None:
    analysis = analyze((FLOOD_MONDAY, "2023-03-06", "Valley News"))
    assert analysis.consensus == [] and analysis.divergences == []
    assert analysis.unique == [] or all(u.article == "a1" for u in analysis.unique)


def test_a_story_too_big_to_compare_whole_is_compared_on_articles_spread_over_its_dates(
    analyze: Analyze, monkeypatch
) -> None:
    from parallax.nlp import annotate as annotate_module

    through_language_layer: list[str] = []
    annotate = annotate_module.annotate_articles

    def annotate_and_note(articles, **options):
        through_language_layer.extend(article.id for article in articles)
        return annotate(articles, **options)

    monkeypatch.setattr(annotate_module, "annotate_articles", annotate_and_note)
    reported: list[tuple[str, int, int | None]] = []
    days = ["2023-03-06", "2023-03-07", "2023-03-08", "2023-03-09", "2023-03-10", None]
    analysis = analyze(*[
        (FLOOD_MONDAY if n % 2 else FLOOD_LATER, day, f"Outlet {n}") for n, day in enumerate(days)
    ], settings=CompareSettings(max_articles=3),
        on_progress=lambda *report: reported.append(report))
    assert [article.id for article in analysis.articles] == ["a1", "a3", "a5"]
    assert through_language_layer == ["a1", "a3", "a5"]
    assert reported[-1] == ("analysing", 6, 6)  # a progress bar over the whole story ends full
    assert str(analysis.warnings[0]).startswith("story of 6 articles: compared 3 of them")
    cited = {e.article for item in analysis.facts for e in item.evidence}
    assert cited and cited <= {"a1", "a3", "a5"}


def test_a_story_of_too_many_statements_is_compared_on_fewer_articles(
    analyze: Analyze,
) -> None:
    days = ["2023-03-06", "2023-03-07", "2023-03-08", "2023-03-09", "2023-03-10", None]
    analysis = analyze(*[
        (FLOOD_MONDAY if n % 2 else FLOOD_LATER, day, f"Outlet {n}") for n, day in enumerate(days)
    ], settings=CompareSettings(max_statements=1))
    # Two articles at least, as far apart in time as six allow: the first and the fourth.
    assert [article.id for article in analysis.articles] == ["a1", "a4"]
    warning = str(analysis.warnings[0])
    assert warning.startswith("story of 6 articles: compared 2 of them")
    assert "1 statements are compared at once" in warning
