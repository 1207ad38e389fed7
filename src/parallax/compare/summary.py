"""The cited summary: N sentences composed only of evidenced parts.

Core consensus first (a statement as one article wrote it), then the main divergences as
"A reports X, while B reports Y" with X and Y as the articles wrote them, then, if room is
left, what single articles add. Only the connecting words are ours; each sentence lists
the articles it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from parallax.model import Analysis, Divergence, Evidence, SummarySentence

# The divergences a summary reports: what happened is disputed (wording and attribution
# stay in the report's divergence table).
MAIN_KINDS = frozenset({"number", "update", "claim"})
# Share of the summary given to divergences when there is enough consensus to lead with.
DIVERGENCE_SHARE = 0.5
# A sentence sharing more than this share of its words with one already in the summary
# would repeat it.
REPEAT_OVERLAP = 0.5
_QUESTION_WORDS = frozenset({"How", "What", "Who", "Which", "When", "Where", "Whether"})
_LEADS = [
    (re.compile(r"^Is it so that (.*)\?$"), "Articles disagree on whether {}: "),
    (
        re.compile(r"^In what words do the outlets describe (.*)\?$"),
        "Outlets describe {} differently: ",
    ),
    (re.compile(r"^(.*)\?$"), "Articles differ on {}: "),
]


def compose_summary(
    analysis: Analysis,
    sentences: int,
    whole: Callable[[Evidence], Evidence],
    central: Sequence[Evidence],
) -> list[SummarySentence]:
    """Up to `sentences` summary sentences in reading order.

    `whole` widens a piece of evidence to its whole sentence (a summary reads in sentences,
    not clauses); `central` lists whole sentences most central to the story first, to fill
    the summary when consensus and divergences leave room.
    """
    if sentences <= 0:
        return []
    names = {article.id: article.source or article.id for article in analysis.articles}
    main = [item for item in analysis.divergences if item.kind in MAIN_KINDS]
    wanted_divergences = min(len(main), max(1, int(sentences * DIVERGENCE_SHARE)))
    summary: list[SummarySentence] = []
    said: list[set[str]] = []
    for item in analysis.consensus:
        if len(summary) >= sentences - wanted_divergences:
            break
        evidence = [whole(e) for e in item.evidence]
        if _new(evidence[0].text, said):
            summary.append(SummarySentence(evidence[0].text, list(item.articles), evidence))
    for item in main[: sentences - len(summary)]:
        summary.append(_divergence_sentence(item, names))
        said.append(_words(item.question))
    for evidence in central:
        if len(summary) >= sentences:
            break
        if _new(evidence.text, said):
            summary.append(SummarySentence(evidence.text, [evidence.article], [evidence]))
    return summary


def _new(text: str, said: list[set[str]]) -> bool:
    """Whether a sentence adds something; if so it is remembered as said."""
    words = _words(text)
    if any(
        len(words & earlier) > REPEAT_OVERLAP * min(len(words), len(earlier)) for earlier in said
    ):
        return False
    said.append(words)
    return True


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _divergence_sentence(divergence: Divergence, names: dict[str, str]) -> SummarySentence:
    parts = []
    for position in divergence.positions:
        who = _join([names[article] for article in position.articles])
        verb = "report" if len(position.articles) > 1 else "reports"
        if divergence.kind == "quote":
            parts.append(f"{who} {_quote_verb(position.answer, len(position.articles) > 1)}")
        elif divergence.kind == "framing":
            parts.append(
                f"{who} {'write' if len(position.articles) > 1 else 'writes'} “{position.answer}”"
            )
        else:
            parts.append(f"{who} {verb} “{position.answer}”")
    text = _lead(divergence.question) + parts[0]
    if len(parts) > 1:
        text += ", while " + _join(parts[1:])
    text += "."
    evidence: list[Evidence] = [e for position in divergence.positions for e in position.evidence]
    articles = list(dict.fromkeys(e.article for e in evidence))
    return SummarySentence(text, articles, evidence)


def _quote_verb(answer: str, plural: bool) -> str:
    """ "states it as fact" / "attribute it to John Kirby" from a quote divergence's answer."""
    if answer == "stated as fact":
        return "state it as fact" if plural else "states it as fact"
    speaker = answer.removeprefix("attributed to ")
    return f"attribute{'' if plural else 's'} it to {speaker}"


def _lead(question: str) -> str:
    for pattern, lead in _LEADS:
        if match := pattern.match(question):
            first, _, rest = match.group(1).partition(" ")
            if first in _QUESTION_WORDS:
                first = first.lower()
            return lead.format(f"{first} {rest}".strip())
    return ""


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
