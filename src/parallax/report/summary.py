"""The cited summary: N sentences composed only of evidenced parts.

Core consensus first (a statement as one article wrote it), then the main divergences as
"A reports X, while B reports Y" with X and Y as the articles wrote them, then, if room is
left, what single articles add. Only the connecting words are ours; each sentence lists
the articles it rests on.
"""

from __future__ import annotations

import re

from parallax.model import Analysis, Article, Divergence, Evidence, SummarySentence

# Share of the summary given to divergences when there is enough consensus to lead with.
DIVERGENCE_SHARE = 0.5
_QUESTION_WORDS = frozenset({"How", "What", "Who", "Which", "When", "Where", "Whether"})
_LEADS = [
    (re.compile(r"^Is it so that (.*)\?$"), "Articles disagree on whether {}: "),
    (
        re.compile(r"^In what words do the outlets describe (.*)\?$"),
        "Outlets describe {} differently: ",
    ),
    (re.compile(r"^(.*)\?$"), "Articles differ on {}: "),
]


def source_name(article: Article) -> str:
    """How an article is named to a reader: its outlet, else its title, else its id."""
    return article.source or article.title or article.id


def compose_summary(analysis: Analysis, sentences: int) -> list[SummarySentence]:
    """Up to `sentences` summary sentences in reading order."""
    if sentences <= 0:
        return []
    names = {article.id: article.source or article.id for article in analysis.articles}
    wanted_divergences = min(len(analysis.divergences), max(1, int(sentences * DIVERGENCE_SHARE)))
    consensus = analysis.consensus[: sentences - wanted_divergences]
    divergences = analysis.divergences[: sentences - len(consensus)]
    summary = [
        SummarySentence(item.statement, list(item.articles), list(item.evidence))
        for item in consensus
    ]
    summary += [_divergence_sentence(item, names) for item in divergences]
    for fact in analysis.unique[: sentences - len(summary)]:
        summary.append(SummarySentence(fact.statement, [fact.article], list(fact.evidence)))
    return summary


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
