"""Quotes and attribution: direct, reported and anonymous speakers resolved."""

from __future__ import annotations

from tests.nlp.conftest import Annotate


def test_he_said_points_back_to_the_named_spokesman(annotate: Annotate) -> None:
    text = (
        "Pentagon spokesman John Kirby stressed that the troops would not fight in Ukraine.\n"
        '"They are not permanent moves," he said. "They respond to current conditions."'
    )
    quotes = annotate(text).quotes
    direct = [q for q in quotes if q.direct]
    assert [q.text for q in direct] == ["They are not permanent moves",
                                       "They respond to current conditions."]
    assert {q.speaker.name for q in quotes} == {"John Kirby"}
    reported = [q for q in quotes if not q.direct]
    assert reported and reported[0].text == "the troops would not fight in Ukraine"


def test_reported_speech_of_an_organisation(annotate: Annotate) -> None:
    quote = annotate("The Kremlin said the deployment was destructive.").quotes[0]
    assert not quote.direct
    assert quote.text == "the deployment was destructive"
    assert (quote.speaker.kind, quote.speaker.name) == ("named", "Kremlin")


def test_anonymous_sources_keep_their_description(annotate: Annotate) -> None:
    text = '"We are considering it," a senior defence official said on Sunday.'
    quote = annotate(text).quotes[0]
    assert quote.speaker.kind == "anonymous"
    assert quote.speaker.name == "senior defence official"


def test_split_quote_has_one_speaker(annotate: Annotate) -> None:
    text = 'Mayor Anna Berg visited the site. "We are ready," she said, "to rebuild the bridge."'
    direct = [q for q in annotate(text).quotes if q.direct]
    assert [q.speaker.name for q in direct] == ["Anna Berg", "Anna Berg"]


def test_titles_and_scare_quotes_are_not_quotes(annotate: Annotate) -> None:
    text = 'She told "Fox News Sunday" that the plan was "robust".'
    assert [q for q in annotate(text).quotes if q.direct] == []


def test_sources_and_analysts_are_anonymous(annotate: Annotate) -> None:
    text = (
        "Defence sources said the jets would stay in Estonia. "
        "Analysts estimate that 125,000 troops have massed near the border."
    )
    speakers = [(q.speaker.kind, q.speaker.name) for q in annotate(text).quotes]
    assert speakers == [("anonymous", "Defence sources"), ("anonymous", "Analysts")]
