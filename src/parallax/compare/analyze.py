"""One story's annotated articles in, its analysis out: consensus, divergences, unique facts,
timeline and the cited summary, every item carrying verbatim evidence.

The steps (after the language layer, which `parallax.pipeline` runs): link entities across
the story → embed every statement → group figures and statements across articles → judge
each group → framing → what only one article says → timeline → summary.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import numpy as np

from parallax.compare import questions
from parallax.compare.align import Figure, group_figures, group_statements
from parallax.compare.embed import embed_texts
from parallax.compare.facts import FactTable, build_fact_table, listable
from parallax.compare.framing import Framing, find_framings, framing_groups, signature
from parallax.compare.relate import content_words, explicit_source
from parallax.compare.settings import CompareSettings
from parallax.compare.sources import independent_sources, is_opinion
from parallax.compare.summary import compose_summary
from parallax.compare.verdict import Dated, answers, compatible, contradicts
from parallax.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    Claim,
    Consensus,
    Divergence,
    Evidence,
    Fact,
    FactStatus,
    InputProblem,
    Position,
    Quantity,
    Sentence,
    Story,
    TimelineEvent,
    UniqueFact,
)
from parallax.nlp.entities import link_entities
from parallax.nlp.quantities import TIME_UNITS

# The thresholds a caller may change are in CompareSettings (compare/settings.py).
# News puts the core of a story first: an article's first sentences count as more central.
LEAD_BONUS = 0.1
# Words in at most RARE_IN of a story's statements are telling; a statement sharing
# TELLING_WORDS of them with one statement of another article echoes it.
RARE_IN = 4
TELLING_WORDS = 2
# Timeline dates: a month or a day (years and weeks are too vague to place an event).
_CALENDAR = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?")
# A figure divergence with more answers than this mixes several measures (bench/mixed_events).
MAX_ANSWERS = 3
# How much each kind of divergence weighs when ordering them by importance.
KIND_WEIGHT = {"number": 1.0, "claim": 1.0, "update": 0.8, "quote": 0.6, "framing": 0.5}


@dataclass
class _Story:
    """The working set of one analysis: statements, their vectors and centrality."""

    annotated: list[AnnotatedArticle]
    claims: list[Claim]
    vectors: np.ndarray
    centrality: np.ndarray
    published: dict[str, str | None]
    sentences: dict[tuple[str, int], Sentence]
    settings: CompareSettings

    def evidence(self, index: int) -> Evidence:
        claim = self.claims[index]
        return Evidence(claim.article, claim.sentence, claim.start, claim.end, claim.text)

    @cached_property
    def similarity(self) -> np.ndarray:
        """Cosine of every pair of statements, computed once for all the steps."""
        return self.vectors @ self.vectors.T

    @cached_property
    def claim_at(self) -> dict[tuple[str, int], int]:
        """Which statement a piece of evidence quotes: (article, start) → its index."""
        return {(claim.article, claim.start): n for n, claim in enumerate(self.claims)}

    def whole_sentence(self, evidence: Evidence) -> Evidence:
        """The whole sentence a piece of evidence stands in."""
        sentence = self.sentences[(evidence.article, evidence.sentence)]
        return Evidence(
            evidence.article, sentence.index, sentence.start, sentence.end, sentence.text
        )

    def central_sentences(self) -> list[Evidence]:
        """Whole sentences by how central their statements are to the story, most first."""
        ranked = sorted(
            range(len(self.claims)),
            key=lambda n: -self.centrality[n] - LEAD_BONUS / (1 + self.claims[n].sentence),
        )
        chosen = dict.fromkeys(
            self.whole_sentence(self.evidence(n))
            for n in ranked
            if len(self.claims[n].text.split()) >= self.settings.min_statement_words
        )
        return list(chosen)

    def central(self, indexes: Sequence[int]) -> int:
        """The member closest to the others: the best single wording of a group."""
        if len(indexes) == 1:
            return indexes[0]
        members = list(indexes)
        return indexes[int(np.argmax(self.similarity[np.ix_(members, members)].sum(axis=1)))]


def compare_annotated(
    annotated: list[AnnotatedArticle],
    settings: CompareSettings | None = None,
    *,
    story_id: str = "s1",
    ingest_s: float = 0.0,
    nlp_s: float = 0.0,
    story_size: int | None = None,
) -> Analysis:
    """Compare one story's articles already through the language layer (the batch runner
    annotates them where they are read, and compares them once stories are known);
    `story_size` is the story's article count when the caller already left some out."""
    started = time.perf_counter()
    settings = settings or CompareSettings()
    given = story_size or len(annotated)
    annotated = [annotated[n] for n in _compared_articles(annotated, settings)]
    articles = [item.article for item in annotated]
    link_entities(annotated)
    work = _prepare(annotated, settings)
    analysis = Analysis(story=_story(articles, story_id), articles=list(articles))
    analysis.warnings = [problem for item in annotated for problem in item.problems]
    if given > len(annotated):
        analysis.warnings.insert(0, InputProblem(None, (
            f"story of {given:,} articles: compared {len(annotated)} of them, spread evenly "
            f"over its dates (at most {settings.max_articles} articles and "
            f"{settings.max_statements:,} statements are compared at once)"
        )))
    divergences = [
        divergence
        for divergence in map(_one_side_each, _figures(work) + _statements(work) + _framings(work))
        if divergence is not None
    ]
    divergences.sort(key=lambda item: -_importance(item, work))
    analysis.divergences = [
        Divergence(f"d{n}", item.kind, item.question, item.positions, item.note)
        for n, item in enumerate(divergences, 1)
    ]
    table = _fact_table(work)
    source_of = independent_sources(articles)
    analysis.copy_of = _copies(articles, source_of)
    analysis.opinion = {article.id for article in articles if is_opinion(article)}
    consensus = _consensus_items(work, table, source_of)
    consensus.sort(key=lambda item: (-len(item.articles), -_weight(item.evidence, work)))
    analysis.consensus = [
        Consensus(f"c{n}", item.statement, item.articles, item.evidence)
        for n, item in enumerate(consensus, 1)
    ]
    analysis.unique = _unique(work, table)
    analysis.facts = _fact_rows(work, table, source_of, analysis.unique)
    analysis.timeline = _timeline(work)
    analysis.summary = compose_summary(
        analysis, settings.summary_sentences, work.whole_sentence, work.central_sentences()
    )
    finished = time.perf_counter()
    analysis.timings = {
        "ingest_s": round(ingest_s, 3),
        "nlp_s": round(nlp_s, 3),
        "compare_s": round(finished - started, 3),
        "total_s": round(ingest_s + nlp_s + finished - started, 3),
    }
    return analysis


def spread_over_dates(published: Sequence[str | None], limit: int) -> list[int]:
    """The positions of at most `limit` articles, given their publication dates: evenly
    spaced in date order (undated ones last), in the order given."""
    if len(published) <= limit:
        return list(range(len(published)))
    by_date = sorted(range(len(published)), key=lambda n: (published[n] or "9999", n))
    step = len(published) / limit
    return sorted(by_date[int(k * step)] for k in range(limit))


def _compared_articles(annotated: list[AnnotatedArticle], settings: CompareSettings) -> list[int]:
    """The positions of the articles to compare, spread evenly over their dates: at most
    `max_articles` of them, with at most `max_statements` statements between them (fewer
    articles, as many as fit, when they are long)."""
    published = [item.article.published for item in annotated]
    statements = [sum(_comparable(claim, settings) for claim in item.claims) for item in annotated]
    limit = settings.max_articles
    while True:
        chosen = spread_over_dates(published, limit)
        total = sum(statements[n] for n in chosen)
        if total <= settings.max_statements or limit <= 2:
            return chosen
        limit = max(2, min(limit - 1, len(chosen) * settings.max_statements // total))


def _comparable(claim: Claim, settings: CompareSettings) -> bool:
    """Whether a statement says enough to be compared: a few words, or a figure."""
    return len(claim.text.split()) >= settings.min_statement_words or bool(claim.quantities)


def _prepare(annotated: list[AnnotatedArticle], settings: CompareSettings) -> _Story:
    claims = [
        claim for item in annotated for claim in item.claims if _comparable(claim, settings)
    ]
    vectors = embed_texts([claim.text for claim in claims])
    centroid = vectors.mean(axis=0) if len(claims) else np.zeros(vectors.shape[1])
    centroid /= np.linalg.norm(centroid) or 1.0
    published = {item.article.id: item.article.published for item in annotated}
    sentences = {
        (item.article.id, sentence.index): sentence
        for item in annotated
        for sentence in item.sentences
    }
    return _Story(annotated, claims, vectors, vectors @ centroid, published, sentences, settings)


def _story(articles: Sequence[Article], story_id: str) -> Story:
    dates = sorted(article.published for article in articles if article.published)
    titles = [article.title for article in articles if article.title]
    sources = sorted({article.source for article in articles if article.source})
    return Story(
        id=story_id,
        title=titles[0] if titles else None,
        start=dates[0] if dates else None,
        end=dates[-1] if dates else None,
        sources=sources,
        articles=list(articles),
    )


def _figures(work: _Story) -> list[Divergence]:
    """Figures counting the same thing in different articles that do not agree.

    Left out, as too often two different measures set against each other: a statement giving
    two different figures of one unit ("the Orioles seven years, the Nationals eight": which
    one another article's figure counts is a guess); spans of time ("a 32-year-old", "seven
    seasons as coach", "an eight-year deal": ages, tenures and terms of different people and
    things); and groups of more than MAX_ANSWERS answers (one measure is rarely reported in
    four different ways; four answers are several measures mixed)."""
    figures = [
        Figure(n, quantity)
        for n, claim in enumerate(work.claims)
        for quantity in claim.quantities
        if quantity.unit and quantity.unit not in TIME_UNITS
        and (quantity.low is not None or quantity.high is not None)
        and not _several_figures(claim, quantity.unit)
    ]
    divergences: list[Divergence] = []
    for group in group_figures(figures, work.claims, work.similarity):
        members = [figures[i] for i in group]
        claims = [work.claims[member.claim] for member in members]
        grouped = answers([member.quantity for member in members])
        if len(grouped) == 1 or _reconciled(members, work.claims):
            continue  # they agree: the fact table says so
        if len(grouped) > MAX_ANSWERS:
            continue
        positions = []
        dates = []
        for answer in grouped:
            chosen = [members[i] for i in answer]
            positions.append(
                _position(
                    work,
                    questions.figure_answer([member.quantity for member in chosen]),
                    [member.claim for member in chosen],
                )
            )
            dates.append({_figure_date(work, member) for member in chosen})
        question = questions.figure_question([member.quantity for member in members], claims)
        if not Dated(dates).is_update():
            divergences.append(Divergence("", "number", question, positions))
            continue
        newest_first = sorted(
            zip(positions, dates, strict=True), key=lambda pair: max(pair[1]), reverse=True
        )
        newest, when = newest_first[0]
        note = (
            f"An update, not a conflict: the newest figure ({max(when)}, "
            f"{', '.join(newest.articles)}) is {newest.answer}."
        )
        divergences.append(Divergence("", "update", question, [p for p, _ in newest_first], note))
    return divergences


def _statements(work: _Story) -> list[Divergence]:
    """Statements several articles make that are contradicted or attributed differently."""
    divergences: list[Divergence] = []
    for group in group_statements(work.claims, work.similarity):
        claims = [work.claims[i] for i in group]
        if _conflicting_figures(claims):
            continue  # the figure divergence already shows it
        contradiction = _contradiction(work, group)
        if contradiction is not None:
            divergences.append(contradiction)
            continue
        quote = _attribution_divergence(work, group)
        if quote is not None:
            divergences.append(quote)
    return divergences


def _fact_table(work: _Story) -> FactTable:
    """The story's fact table over the statements whole enough to list (indexes into
    `work.claims`)."""
    listed = [n for n, claim in enumerate(work.claims) if listable(claim)]
    table = build_fact_table(
        [work.claims[n] for n in listed], work.similarity[np.ix_(listed, listed)]
    )
    return FactTable(
        [[listed[n] for n in members] for members in table.facts],
        {fact: [listed[n] for n in others] for fact, others in table.conflicts.items()},
        {(listed[i], listed[j]): judgement for (i, j), judgement in table.judged.items()},
    )


def _consensus_items(
    work: _Story, facts: FactTable, source_of: dict[str, int]
) -> list[Consensus]:
    """Facts stated by two or more independent sources (copies of one text count once)."""
    return [
        _consensus(work, members)
        for members in facts.facts
        if len({source_of[work.claims[n].article] for n in members}) >= 2
    ]


def _contradiction(work: _Story, group: Sequence[int]) -> Divergence | None:
    """The closest pair of statements from two articles where one denies what the other
    affirms; each side gathers the group's statements that read like it."""
    pairs = [
        (float(work.similarity[i, j]), i, j)
        for i in group
        for j in group
        if work.claims[i].article < work.claims[j].article
        and contradicts(work.claims[i], work.claims[j])
    ]
    pairs = [pair for pair in pairs if pair[0] >= work.settings.same_words]
    if not pairs:
        return None
    _, first, second = max(pairs)
    sides: list[list[int]] = [[first], [second]]
    for n in group:
        if n in (first, second):
            continue
        closer = 0 if work.similarity[n, first] >= work.similarity[n, second] else 1
        if not contradicts(work.claims[n], work.claims[(first, second)[closer]]):
            sides[closer].append(n)
    positions = [
        _position(work, questions.claim_answer(work.claims[side[0]]), side) for side in sides
    ]
    claims = [work.claims[first], work.claims[second]]
    return Divergence("", "claim", questions.statement_question(claims), positions)


def _attribution_divergence(work: _Story, group: Sequence[int]) -> Divergence | None:
    """One article states as fact what another attributes, or they name different speakers.

    Each article counts once, by its best wording, and only near-identical statements
    qualify: a loose paraphrase may well have a different source. Every source must be named
    in the statement itself: one carried over from an earlier sentence may be a wrong guess.
    """
    best: dict[str, int] = {}
    for i in sorted(group, key=lambda i: -work.centrality[i]):
        best.setdefault(work.claims[i].article, i)
    chosen = list(best.values())
    same_words = work.settings.same_words
    if len(chosen) < 2 or float(work.similarity[np.ix_(chosen, chosen)].min()) < same_words:
        return None
    if not all(explicit_source(work.claims[i]) for i in chosen):
        return None
    sides: dict[str, list[int]] = defaultdict(list)
    for i in chosen:
        sides[questions.attribution_answer(work.claims[i])].append(i)
    if len(sides) < 2:
        return None
    positions = [_position(work, answer, side) for answer, side in sides.items()]
    claims = [work.claims[i] for i in chosen]
    return Divergence("", "quote", questions.attribution_question(claims), positions)


def _framings(work: _Story) -> list[Divergence]:
    framings = [framing for item in work.annotated for framing in find_framings(item)]
    divergences = []
    for group in framing_groups(framings):
        by_signature: dict[frozenset[str], list[Framing]] = defaultdict(list)
        for framing in group:
            by_signature[signature(framing.phrase)].append(framing)
        positions = []
        for items in by_signature.values():
            articles = list(dict.fromkeys(item.article for item in items))
            evidence = list(dict.fromkeys(item.evidence for item in items))
            positions.append(Position(items[0].phrase, articles, evidence))
        quoted = sorted({item.article for item in group if item.quoted})
        note = (
            f"In quotes, not the outlet's own words, in: {', '.join(quoted)}." if quoted else None
        )
        divergences.append(
            Divergence(
                "", "framing", questions.framing_question(group[0].actor_name), positions, note
            )
        )
    return divergences


def _copies(articles: Sequence[Article], source_of: dict[str, int]) -> dict[str, str]:
    """Each reprint or close rewrite → the first article of its text."""
    first: dict[int, str] = {}
    copies = {}
    for article in articles:
        group = source_of[article.id]
        if group in first:
            copies[article.id] = first[group]
        else:
            first[group] = article.id
    return copies


def _fact_rows(
    work: _Story, table: FactTable, source_of: dict[str, int], unique: Sequence[UniqueFact]
) -> list[Fact]:
    """The fact grid: every fact of two or more articles, most widely stated first, then the
    unique facts; for each, what every article does with it."""
    article_ids = [item.article.id for item in work.annotated]
    rows = []
    for number, members in enumerate(table.facts):
        status: dict[str, FactStatus] = dict.fromkeys(article_ids, "silent")
        evidence = _one_per_article(work, members, work.central(members))
        for item in evidence:
            status[item.article] = "states"
        for other in table.conflicts.get(number, []):
            article = work.claims[other].article
            if status[article] == "silent":
                status[article] = "contradicts"
                evidence.append(work.evidence(other))
        sources = len({source_of[a] for a, s in status.items() if s == "states"})
        rows.append(Fact("", work.claims[work.central(members)].text, status, sources, evidence))
    rows.sort(key=lambda row: (-len(row.stating), -_weight(row.evidence, work)))
    for item in unique:
        status = dict.fromkeys(article_ids, "silent")
        status[item.article] = "states"
        rows.append(Fact("", item.statement, status, 1, list(item.evidence)))
    return [Fact(f"f{n}", row.statement, row.status, row.sources, row.evidence)
            for n, row in enumerate(rows, 1)]


def _unique(work: _Story, facts: FactTable) -> list[UniqueFact]:
    """Salient statements no other article makes, most central to the story first: not in
    a fact of several articles, judged the same as nothing, and unlike all that others say."""
    if not work.claims:
        return []
    typical = float(np.median(work.centrality))
    grouped = set(facts.fact_of())
    likely_same: dict[int, float] = defaultdict(float)
    for pair, judgement in facts.judged.items():
        for n in pair:
            likely_same[n] = max(likely_same[n], judgement.same)
    echoed = _echoed(work.claims)
    nearest = _nearest_elsewhere(work)
    settings = work.settings
    below = (
        min(settings.unique_below, float(np.quantile(nearest, settings.unique_quantile)))
        if len(nearest) else 0
    )
    unique = []
    for n, claim in enumerate(work.claims):
        if n in grouped or n in echoed or likely_same[n] >= settings.unique_same_below:
            continue
        if not listable(claim):
            continue
        if nearest[n] >= below:
            continue
        if work.centrality[n] < typical * settings.central_share:
            continue
        unique.append((float(work.centrality[n]), n))
    unique.sort(reverse=True)
    return [
        UniqueFact(work.claims[n].article, work.claims[n].text, [work.evidence(n)])
        for _, n in unique
    ]


def _nearest_elsewhere(work: _Story) -> np.ndarray:
    """Each statement's highest similarity to any statement of another article (0 when the
    story has one article)."""
    articles = np.array([claim.article for claim in work.claims])
    nearest = np.zeros(len(work.claims), dtype=np.float32)
    for article in set(articles.tolist()):
        own = articles == article
        if (~own).any():
            nearest[own] = work.similarity[np.ix_(own, ~own)].max(axis=1)
    return nearest


def _echoed(claims: Sequence[Claim]) -> set[int]:
    """Statements sharing TELLING_WORDS rare words (in few of the story's statements) with
    one statement of another article: "called a reporter a jackass" is an echo whatever the
    wording around it, so it is no article's own."""
    words = [content_words(claim.text) for claim in claims]
    holders: dict[str, list[int]] = defaultdict(list)
    for n, found in enumerate(words):
        for word in found:
            holders[word].append(n)
    echoed = set()
    for n, found in enumerate(words):
        shared: dict[int, int] = defaultdict(int)
        for word in found:
            if len(holders[word]) > RARE_IN:
                continue
            for other in holders[word]:
                if claims[other].article != claims[n].article:
                    shared[other] += 1
        if any(count >= TELLING_WORDS for count in shared.values()):
            echoed.add(n)
    return echoed


def _timeline(work: _Story) -> list[TimelineEvent]:
    """Dated statements as events, one per date and happening, earliest first."""
    by_date: dict[str, list[int]] = defaultdict(list)
    for n, claim in enumerate(work.claims):
        dates = {time.value for time in claim.times if time.value and _CALENDAR.match(time.value)}
        for date in dates:
            by_date[date[:10]].append(n)
    events = []
    for date, members in by_date.items():
        for cluster in _same_events(work, members):
            representative = work.central(cluster)
            evidence = _one_per_article(work, cluster, representative)
            events.append(
                TimelineEvent(
                    date,
                    work.claims[representative].text,
                    [item.article for item in evidence],
                    evidence,
                )
            )
    events.sort(key=lambda event: (event.date, -len(event.articles)))
    return events


def _same_events(work: _Story, members: list[int]) -> list[list[int]]:
    clusters: list[list[int]] = []
    for n in members:
        for cluster in clusters:
            if float(np.mean(work.similarity[cluster, n])) >= work.settings.same_event:
                cluster.append(n)
                break
        else:
            clusters.append([n])
    return clusters


def _consensus(work: _Story, members: Sequence[int]) -> Consensus:
    representative = work.central(members)
    evidence = _one_per_article(work, members, representative)
    return Consensus(
        "", work.claims[representative].text, [item.article for item in evidence], evidence
    )


def _position(work: _Story, answer: str, members: Sequence[int]) -> Position:
    evidence = _one_per_article(work, members, work.central(members))
    return Position(answer, [item.article for item in evidence], evidence)


def _one_per_article(work: _Story, members: Sequence[int], first: int) -> list[Evidence]:
    """Each article's best evidence (the most central of its members), the given one first."""
    chosen: dict[str, int] = {work.claims[first].article: first}
    for n in sorted(members, key=lambda n: -work.centrality[n]):
        chosen.setdefault(work.claims[n].article, n)
    return [work.evidence(n) for n in chosen.values()]


def _reconciled(members: Sequence[Figure], claims: Sequence[Claim]) -> bool:
    """Whether every two articles give at least one pair of compatible figures: an article
    giving a range in two figures ("at least $160 million, possibly as much as $180 million")
    agrees with one giving either, whatever a third article says."""
    by_article: dict[str, list[Quantity]] = defaultdict(list)
    for member in members:
        by_article[claims[member.claim].article].append(member.quantity)
    return all(
        any(compatible(a, b) for a in first for b in second)
        for first, second in combinations(by_article.values(), 2)
    )


def _one_side_each(divergence: Divergence) -> Divergence | None:
    """The divergence with each article on one side only: an article that gives two of the
    answers (its own words and a quote, an early and a late paragraph) takes neither side.
    None when fewer than two sides are left."""
    sides = Counter(article for position in divergence.positions for article in position.articles)
    positions = [
        Position(
            position.answer,
            [article for article in position.articles if sides[article] == 1],
            [item for item in position.evidence if sides[item.article] == 1],
        )
        for position in divergence.positions
    ]
    positions = [position for position in positions if position.articles]
    if len(positions) < 2:
        return None
    return Divergence(divergence.id, divergence.kind, divergence.question, positions,
                      divergence.note)


def _several_figures(claim: Claim, unit: str) -> bool:
    """Whether a statement gives figures of one unit that cannot all be one value."""
    of_unit = [quantity for quantity in claim.quantities if quantity.unit == unit]
    return len(answers(of_unit)) > 1


def _conflicting_figures(claims: Sequence[Claim]) -> bool:
    quantities = [(claim.article, q) for claim in claims for q in claim.quantities if q.unit]
    return any(
        a != b and first.unit == second.unit and not compatible(first, second)
        for a, first in quantities
        for b, second in quantities
    )


def _figure_date(work: _Story, figure: Figure) -> str | None:
    """When a figure holds: the date its statement names ("in June"), else its report date."""
    claim = work.claims[figure.claim]
    named = sorted(t.value for t in claim.times if t.value and _CALENDAR.match(t.value))
    return named[-1][:10] if named else work.published[claim.article]


def _weight(evidence: Sequence[Evidence], work: _Story) -> float:
    """How central the statements behind some evidence are, on average."""
    index = work.claim_at
    values = [
        work.centrality[index[(e.article, e.start)]]
        for e in evidence
        if (e.article, e.start) in index
    ]
    return float(np.mean(values)) if values else 0.0


def _importance(divergence: Divergence, work: _Story) -> float:
    articles = {a for position in divergence.positions for a in position.articles}
    evidence = [e for position in divergence.positions for e in position.evidence]
    return KIND_WEIGHT[divergence.kind] * len(articles) * (1 + _weight(evidence, work))
