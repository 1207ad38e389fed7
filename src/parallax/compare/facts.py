"""The fact table of one story: statements grouped into facts so that every two members of a
fact are judged `same` by the statement judge (complete link: no chaining through a near
neighbour, never a statement and its denial together), at most one statement per article.

For each fact and each article: it states the fact, contradicts it (one of its statements is
judged a `conflict` with a member), or is silent. Consensus, unique facts and the fact grid
are views of this one table.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from parallax.compare.relate import Judgement, judge_pairs
from parallax.model import Claim

# Pairs less alike than this are never put to the judge (the judge calls none of them the
# same; those above 0.4 are judged so that a statement likely echoed elsewhere is not listed
# as unique: on the dev gold, unique precision 0.78 → 0.87); each statement meets at most
# CANDIDATES of its nearest others.
CANDIDATE_COSINE = 0.4
CANDIDATES = 12
# A statement shorter than this says too little to list as a fact.
MIN_FACT_WORDS = 6
# A clause cut off before its end ("..., but") is a fragment, not a statement.
_CUT_OFF = re.compile(r"(?:,|;|:|—|–|-|\b(?:but|and|or|because|while|although|that|which))\W*$",
                      re.I)


@dataclass
class FactTable:
    """Facts as lists of statement indexes (one per article), and what the judge said."""

    facts: list[list[int]]
    conflicts: dict[int, list[int]] = field(default_factory=dict)  # fact → conflicting claims
    judged: dict[tuple[int, int], Judgement] = field(default_factory=dict)

    def fact_of(self) -> dict[int, int]:
        """Which fact each grouped statement belongs to."""
        return {member: n for n, members in enumerate(self.facts) for member in members}


def listable(claim: Claim) -> bool:
    """Whether a statement is whole enough to be a fact: a few words, a verb, not cut off."""
    return (
        len(claim.text.split()) >= MIN_FACT_WORDS
        and claim.predicate is not None
        and not _CUT_OFF.search(claim.text)
    )


def candidate_pairs(claims: Sequence[Claim], similarity: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i < j) of statements from different articles worth judging: each statement's
    CANDIDATES most similar others above CANDIDATE_COSINE."""
    articles = np.array([claim.article for claim in claims])
    pairs: set[tuple[int, int]] = set()
    for i in range(len(claims)):
        row = np.where(articles != articles[i], similarity[i], -1.0)
        nearest = np.argsort(-row)[:CANDIDATES]
        for j in nearest[row[nearest] >= CANDIDATE_COSINE].tolist():
            pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def build_fact_table(claims: Sequence[Claim], similarity: np.ndarray) -> FactTable:
    """Group the story's statements into facts (only facts of two or more articles are
    listed) and record each fact's contradicting statements."""
    pairs = candidate_pairs(claims, similarity)
    judged = dict(zip(pairs, judge_pairs(claims, pairs), strict=True))
    table = FactTable(_complete_link(claims, judged), {}, judged)
    fact_of = table.fact_of()
    conflicts: dict[int, list[int]] = defaultdict(list)
    for (i, j), judgement in judged.items():
        if judgement.label != "conflict":
            continue
        for member, other in ((i, j), (j, i)):
            if member in fact_of and other not in conflicts[fact_of[member]]:
                conflicts[fact_of[member]].append(other)
    table.conflicts = dict(conflicts)
    return table


def _complete_link(
    claims: Sequence[Claim], judged: dict[tuple[int, int], Judgement]
) -> list[list[int]]:
    """Join statements best `same` pair first; two groups join only when they share no
    article and every pair across them was judged `same`."""
    same = {pair: j.confidence for pair, j in judged.items() if j.label == "same"}
    group_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for (i, j), _ in sorted(same.items(), key=lambda item: (-item[1], item[0])):
        first, second = group_of.get(i, i), group_of.get(j, j)
        if first == second:
            continue
        left, right = members.get(first, [i]), members.get(second, [j])
        if {claims[n].article for n in left} & {claims[n].article for n in right}:
            continue
        if not all((min(x, y), max(x, y)) in same for x in left for y in right):
            continue
        members[first] = left + right
        members.pop(second, None)
        for n in members[first]:
            group_of[n] = first
    return [sorted(group) for group in members.values()]
