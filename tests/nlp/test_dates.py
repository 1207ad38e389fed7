"""Dates resolve against the publication date at their stated precision, and are left None,
never guessed, when the article is undated. Sentences are written for these tests."""

from __future__ import annotations

import pytest

from parallax.model import TimeRef
from parallax.nlp.dates import find_times, resolve_time
from parallax.nlp.pipeline import load_pipeline

PUBLISHED = "2022-02-02"  # a Wednesday, ISO week 5


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        # Weekdays: the latest on or before publication, the next one when ahead.
        ("Thursday", False, "2022-01-27"),
        ("on Thursday", True, "2022-02-03"),
        ("Wednesday", False, "2022-02-02"),
        ("Wednesday", True, "2022-02-09"),
        ("last Wednesday", False, "2022-01-26"),
        ("next Thursday", False, "2022-02-03"),
        ("early Monday morning", False, "2022-01-31"),
        ("Friday night", True, "2022-02-04"),
        # Days, weeks, months and years counted from publication.
        ("today", False, "2022-02-02"),
        ("yesterday", False, "2022-02-01"),
        ("last night", False, "2022-02-01"),
        ("tomorrow", True, "2022-02-03"),
        ("in recent hours", False, "2022-02-02"),
        ("three days ago", False, "2022-01-30"),
        ("this week", False, "2022-W05"),
        ("last week", False, "2022-W04"),
        ("later this week", True, "2022-W05"),
        ("late last month", False, "2022-01"),
        ("next month", True, "2022-03"),
        ("earlier this year", False, "2022"),
        ("last year", False, "2021"),
        ("the end of last year", False, "2021"),
        ("mid-January", False, "2022-01"),
        ("last May", False, "2021-05"),
        ("February 7", False, "2022-02-07"),
        ("Monday, Feb. 7", True, "2022-02-07"),
        # Clock times: on the day the phrase names, else on the publication day.
        ("2 p.m.", False, "2022-02-02T14:00"),
        ("noon", False, "2022-02-02T12:00"),
        ("Thursday at 9:30 a.m.", True, "2022-02-03T09:30"),
        ("10:00 GMT on Tuesday", False, "2022-02-01T10:00"),
    ],
)
def test_relative_forms_resolve_against_publication(text: str, future: bool, expected: str) -> None:
    assert resolve_time(text, PUBLISHED, future) == (expected, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feb. 7, 2022", "2022-02-07"),
        ("7 February 2022", "2022-02-07"),
        ("February 7th, 2022", "2022-02-07"),
        ("2022-02-07", "2022-02-07"),
        ("Monday, Feb. 7, 2022", "2022-02-07"),
        ("the 3rd of March 2021", "2021-03-03"),
        ("March 2021", "2021-03"),
        ("in 2019", "2019"),
        ("July '81", "1981-07"),
        ("the 1990s", "199"),
        ("the late 1970s", "197"),
        ("2008-2009", "2008/2009"),
        ("5 to 8 September 2022", "2022-09-05/2022-09-08"),
        ("14:00 GMT on 7 February 2022", "2022-02-07T14:00"),
        ("2022-02-07T14:30", "2022-02-07T14:30"),
    ],
)
def test_absolute_forms_resolve_with_or_without_a_publication_date(
    text: str, expected: str
) -> None:
    assert resolve_time(text, PUBLISHED) == (expected, False)
    assert resolve_time(text, None) == (expected, False)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2022-01-20", "2022-02-07"),
        ("2022-12-20", "2023-02-07"),
        ("2022-08-01", "2022-02-07"),
        ("2023-06-01", "2023-02-07"),
    ],
)
def test_a_day_without_a_year_falls_nearest_publication(published: str, expected: str) -> None:
    assert resolve_time("February 7", published) == (expected, True)


def test_a_month_without_a_year_falls_nearest_publication() -> None:
    assert resolve_time("December", "2022-01-10") == ("2021-12", True)
    assert resolve_time("in March", "2022-01-10") == ("2022-03", True)


def test_a_timestamp_counts_by_its_date() -> None:
    assert resolve_time("yesterday", "2022-02-02T23:30:00+01:00") == ("2022-02-01", True)


@pytest.mark.parametrize(
    "text", ["Thursday", "yesterday", "late last month", "February 7", "2 p.m.", "this week"]
)
def test_an_undated_article_leaves_relative_mentions_unresolved(text: str) -> None:
    assert resolve_time(text, None) == (None, True)
    assert resolve_time(text, "not a date") == (None, True)


@pytest.mark.parametrize(
    "text",
    [
        "three days",
        "40 years",
        "the past year",
        "decades",
        "a 45-year-old",
        "30-year",
        "the next 12 months",
        "weekly",
        "every year",
        "65 or older",
        "hours",
    ],
)
def test_durations_frequencies_and_ages_are_not_points_in_time(text: str) -> None:
    assert resolve_time(text, PUBLISHED) == (None, False)


@pytest.mark.parametrize(
    "text", ["the second quarter", "a year earlier", "the following week", "Q2", "May or June"]
)
def test_points_only_the_surrounding_text_could_settle_stay_none(text: str) -> None:
    assert resolve_time(text, PUBLISHED) == (None, True)


# --- on parsed documents ----------------------------------------------------------------------


def _times(text: str, published: str | None = PUBLISHED) -> list[TimeRef]:
    doc = load_pipeline()(text)
    sentence_of = [0] * len(doc)
    for index, sentence in enumerate(doc.sents):
        for token in sentence:
            sentence_of[token.i] = index
    refs = find_times(doc, sentence_of, published)
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text
    return refs


def test_mentions_carry_exact_offsets_and_durations_are_left_out() -> None:
    text = (
        "The harbour bridge, closed for three days, reopened on Thursday after 40 years "
        "of service, a 45-year-old engineer said."
    )
    refs = _times(text)
    assert [(r.text, r.value, r.relative) for r in refs] == [("Thursday", "2022-01-27", True)]
    assert refs[0].start == text.index("Thursday")


def test_a_leading_article_is_trimmed_and_absolute_dates_are_not_relative() -> None:
    refs = _times("The terminal, built in the 1990s, was closed on Feb. 7, 2022 for repairs.")
    assert [(r.text, r.value, r.relative) for r in refs] == [
        ("1990s", "199", False),
        ("Feb. 7, 2022", "2022-02-07", False),
    ]


def test_future_tense_picks_the_next_weekday() -> None:
    past = _times("The two delegations met in Vienna on Thursday.")
    future = _times("The two delegations will meet in Vienna on Thursday.")
    scheduled = _times("The two delegations are set to meet in Vienna on Friday.")
    assert [r.value for r in past] == ["2022-01-27"]
    assert [r.value for r in future] == ["2022-02-03"]
    assert [r.value for r in scheduled] == ["2022-02-04"]
    assert [r.value for r in _times("The audit report is due on Thursday.")] == ["2022-02-03"]


def test_sentence_index_of_each_mention() -> None:
    refs = _times(
        "Rebels seized the airport on Monday. Shelling went on near the river until late "
        "Tuesday. The army said on Wednesday that it had retaken the runway."
    )
    assert [(r.text, r.sentence, r.value) for r in refs] == [
        ("Monday", 0, "2022-01-31"),
        ("late Tuesday", 1, "2022-02-01"),
        ("Wednesday", 2, "2022-02-02"),
    ]


def test_a_clock_time_takes_the_day_its_sentence_names() -> None:
    refs = _times("The vote closed at 5:15 p.m. on Monday, the commission said.")
    assert [(r.text, r.value) for r in refs] == [
        ("5:15 p.m.", "2022-01-31T17:15"),
        ("Monday", "2022-01-31"),
    ]
    alone = _times("Polling stations closed at 8 p.m., the commission said.")
    assert [(r.text, r.value) for r in alone] == [("8 p.m.", "2022-02-02T20:00")]


def test_a_part_of_day_takes_the_day_its_sentence_names() -> None:
    refs = _times("Ministers will meet on Friday morning, a spokeswoman said.")
    assert [(r.text, r.value) for r in refs] == [
        ("Friday", "2022-02-04"),
        ("morning", "2022-02-04"),
    ]


def test_a_part_of_day_naming_something_else_is_not_a_time() -> None:
    assert _times("The bank raised its overnight lending rate by half a point.") == []


def test_a_clock_time_on_an_absolute_day_resolves_in_an_undated_article() -> None:
    refs = _times("The vote closed at 5:15 p.m. on 7 February 2022.", published=None)
    assert [(r.text, r.value, r.relative) for r in refs] == [
        ("5:15 p.m.", "2022-02-07T17:15", False),
        ("7 February 2022", "2022-02-07", False),
    ]


def test_an_undated_article_keeps_relative_mentions_without_a_value() -> None:
    refs = _times("Prices rose late last month and fell again on Tuesday.", published=None)
    assert [(r.text, r.value, r.relative) for r in refs] == [
        ("late last month", None, True),
        ("Tuesday", None, True),
    ]


def test_a_date_does_not_run_into_the_next_paragraph() -> None:
    refs = _times("Statement issued July 5, 2022\n\nFirst, the ministry thanked the crews.")
    assert [(r.text, r.value) for r in refs] == [("July 5, 2022", "2022-07-05")]


def test_rarer_forms_fall_back_to_dateparser() -> None:
    assert resolve_time("March the 3rd", "2022-04-13") == ("2022-03-03", True)
    assert resolve_time("March the 3rd", None) == (None, True)
