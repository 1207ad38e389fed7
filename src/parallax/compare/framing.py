"""Loaded language per outlet: the words each article uses for the same actor.

A framing divergence is two or more outlets describing one actor (an entity key) with
different loaded or distancing phrases: "Russian aggression" against "perceived Russian
aggression". Words inside a quote are the speaker's, not the outlet's: kept, but marked.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.model import AnnotatedArticle, Evidence

# Words that judge rather than describe (a small hand-made lexicon for news on conflict,
# politics, crime and the economy); distancing words signal the outlet doubts the label.
_LOADED_WORDS = """
    aggression aggressive aggressor bellicose belligerent posturing propaganda regime junta
    puppet hysteria hysterical provocation provocations provocative provocateur warmonger
    warmongering brutal brutality atrocity atrocities unprovoked illegal illegitimate
    barbaric barbarism thug thugs terror terrorist terrorists extremist extremists radical
    radicals militant militants fanatic fanatics scheme ploy stunt sham farce crackdown
    massacre slaughter onslaught invaders occupiers annexation menace hostility
    saber-rattling sabre-rattling blackmail bully bullying intimidation meddling lies lying smear
    disinformation fearmongering scaremongering alarmist reckless destabilizing
    destabilising draconian disastrous catastrophic chaotic slammed blasted lashed ripped
    gutted skyrocketing plunging plummeting crushing staggering whopping heavy-handed
    hawkish hardline hard-line
"""
_DISTANCING_WORDS = """
    perceived alleged allegedly so-called purported supposed claimed self-proclaimed self-styled
"""
LOADED = frozenset(_LOADED_WORDS.split())
DISTANCING = frozenset(_DISTANCING_WORDS.split())
_WORD = re.compile(r"[\w’'-]+")
_LINK = re.compile(r"\s+(?:of|against|toward|towards|by|from|on)\s+(?:the\s+)?$")
# How far (in characters) an actor's name may stand from the loaded word it goes with.
_ACTOR_REACH = 25


@dataclass(frozen=True)
class Framing:
    """One loaded phrase in one article, the actor it describes and whose words they are."""

    article: str
    actor: str
    actor_name: str
    phrase: str
    quoted: bool
    evidence: Evidence


def find_framings(annotated: AnnotatedArticle) -> list[Framing]:
    """Every loaded or distancing phrase of the article tied to a named actor."""
    article = annotated.article
    mentions = [
        (mention.start, mention.end, entity.key, entity.name)
        for entity in annotated.entities
        for mention in entity.mentions
    ]
    quoted = [(quote.start, quote.end) for quote in annotated.quotes if quote.direct]
    found: list[Framing] = []
    for sentence in annotated.sentences:
        words = list(_WORD.finditer(sentence.text))
        for index, word in enumerate(words):
            if word.group().lower() not in LOADED:
                continue
            start = sentence.start + word.start()
            end = sentence.start + word.end()
            actor = _actor(mentions, article.text, start, end)
            if actor is None:
                continue
            if index + 1 < len(words) and _signal(words[index + 1].group()):
                continue  # "bellicose posturing": the last loaded word takes the phrase
            first = index
            while first > 0 and sentence.start + words[first].start() > actor[0]:
                first -= 1  # back to the actor's first word when it stands before
            while first > 0 and _signal(words[first - 1].group()):
                first -= 1  # and over the loaded or distancing words before it
            phrase_start = min(actor[0], sentence.start + words[first].start())
            phrase_end = max(actor[1], end)
            found.append(
                Framing(
                    article=article.id,
                    actor=actor[2],
                    actor_name=actor[3],
                    phrase=article.text[phrase_start:phrase_end],
                    quoted=any(q_start <= start < q_end for q_start, q_end in quoted),
                    evidence=Evidence(
                        article.id, sentence.index, sentence.start, sentence.end, sentence.text
                    ),
                )
            )
    return found


def _signal(word: str) -> bool:
    return word.lower() in LOADED or word.lower() in DISTANCING


def signature(phrase: str) -> frozenset[str]:
    """The loaded and distancing words of a phrase: what makes two framings differ."""
    return frozenset(word.lower() for word in _WORD.findall(phrase) if _signal(word))


def _actor(
    mentions: Sequence[tuple[int, int, str, str]], text: str, start: int, end: int
) -> tuple[int, int, str, str] | None:
    """The named actor a loaded word describes: its modifier or possessor just before
    ("Washington's bellicose posturing"), else an object right after ("aggression by Russia").
    """
    before = [m for m in mentions if 0 <= start - m[1] <= _ACTOR_REACH]
    if before:
        return max(before, key=lambda m: m[1])
    after = [m for m in mentions if m[0] >= end and _LINK.match(text[end : m[0]])]
    return min(after, key=lambda m: m[0]) if after else None


def framing_groups(framings: Sequence[Framing]) -> list[list[Framing]]:
    """Per actor, the framings when two or more articles describe it in different words."""
    by_actor: dict[str, list[Framing]] = defaultdict(list)
    for framing in framings:
        by_actor[framing.actor].append(framing)
    groups = []
    for items in by_actor.values():
        articles = {item.article for item in items}
        signatures = {signature(item.phrase) for item in items}
        if len(articles) >= 2 and len(signatures) >= 2:
            groups.append(items)
    return groups
