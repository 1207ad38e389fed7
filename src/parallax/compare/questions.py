"""Plain-language questions and answers for divergences, built from what the figures count
and what the statements say, so a reader understands them without opening the evidence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from parallax.compare.verdict import negative
from parallax.model import Claim, Quantity

# Adjectives for the actors that most often own a figure ("US troops", "Russian troops").
DEMONYMS = {
    "United States": "US",
    "Russia": "Russian",
    "Ukraine": "Ukrainian",
    "Britain": "British",
    "United Kingdom": "British",
    "Germany": "German",
    "France": "French",
    "China": "Chinese",
    "Poland": "Polish",
    "Romania": "Romanian",
    "Israel": "Israeli",
    "Iran": "Iranian",
    "Japan": "Japanese",
    "India": "Indian",
    "Canada": "Canadian",
    "Italy": "Italian",
    "Spain": "Spanish",
    "Turkey": "Turkish",
    "Syria": "Syrian",
    "Iraq": "Iraqi",
    "Afghanistan": "Afghan",
    "Pakistan": "Pakistani",
    "Mexico": "Mexican",
    "Egypt": "Egyptian",
    "North Korea": "North Korean",
    "South Korea": "South Korean",
    "NATO": "NATO",
    "European Union": "EU",
    "Belarus": "Belarusian",
    "Australia": "Australian",
}
_IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}
_PRONOUNS = frozenset(
    [
        "it",
        "they",
        "he",
        "she",
        "this",
        "that",
        "these",
        "those",
        "we",
        "i",
        "you",
        "there",
        "which",
        "who",
    ]
)
_PREPOSITIONS = frozenset(
    ["by", "of", "in", "on", "at", "to", "from", "for", "with", "as", "than", "about"]
)
_MONEY = re.compile(r"^[A-Z]{3}$")


def figure_question(quantities: Sequence[Quantity], claims: Sequence[Claim]) -> str:
    """ "How many US troops are stationed in Europe?" from what the figures count."""
    unit = quantities[0].unit or ""
    whose = _most_common(name for quantity in quantities for name in quantity.whose)
    status = _most_common(word for quantity in quantities for word in quantity.status)
    where = _most_common(phrase for quantity in quantities for phrase in quantity.where)
    if unit == "%" or _MONEY.match(unit):
        measure = "What percentage" if unit == "%" else f"What amount ({unit})"
        return f"{measure} do the articles give for {_topic(claims)}?"
    owner = DEMONYMS.get(whose, f"{whose}'s" if whose else "")
    counted = " ".join(part for part in (owner, plural(unit)) if part)
    tail = " ".join(part for part in (status, where) if part)
    if tail:
        verb = "are sent" if where.startswith("to ") and not status else "are"
        return f"How many {counted} {verb} {tail}?"
    return f"How many {counted} do the articles report for {_topic(claims)}?"


def plural(noun: str) -> str:
    """The plural of a counted noun ("troop" → "troops", "person" → "people")."""
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def figure_answer(quantities: Sequence[Quantity]) -> str:
    """One answer's figure as the articles wrote it (the commonest wording of the answer)."""
    return Counter(quantity.text for quantity in quantities).most_common(1)[0][0]


def statement_question(claims: Sequence[Claim]) -> str:
    """A yes/no question about a statement the articles contradict each other on."""
    positive = next((claim for claim in claims if not negative(claim)), claims[0])
    return f"Is it so that “{_clip(positive.text)}”?"


def claim_answer(claim: Claim) -> str:
    """An answer to a contradiction: the statement as the article wrote it."""
    return _clip(claim.text)


def attribution_question(claims: Sequence[Claim]) -> str:
    """Whose word a statement is, when outlets attribute it differently."""
    return f"Who says “{_clip(claims[0].text)}”?"


def attribution_answer(claim: Claim) -> str:
    """ "stated as fact" or "attributed to <speaker>"."""
    if claim.attribution.kind == "outlet":
        return "stated as fact"
    return f"attributed to {claim.attribution.name or 'an unnamed source'}"


def framing_question(actor_name: str) -> str:
    """How the outlets describe one actor."""
    return f"In what words do the outlets describe {actor_name}?"


def _topic(claims: Sequence[Claim]) -> str:
    """What the figures are about, for a question: the commonest subject the statements
    share that names something (no pronoun, no figure, no dangling preposition)."""
    subjects = Counter(
        _clip(claim.subject, 80)
        for claim in claims
        if claim.subject
        and claim.subject.lower() not in _PRONOUNS
        and not re.search(r"\d", claim.subject)
        and claim.subject.split()[0].lower() not in _PREPOSITIONS
    )
    if subjects:
        return subjects.most_common(1)[0][0]
    return f"“{_clip(claims[0].text, 80)}”"


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(value for value in values if value)
    return counts.most_common(1)[0][0] if counts else ""


def _clip(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)] + " …"
