"""Sentences broken into claims: who/what, what is stated, how sure, and on whose word.

A claim is the unit comparison aligns across articles, so each carries what makes two
claims agree or clash: its entities, numbers and dates, the predicate with its negation,
the hedges that soften it ("reportedly", "may") and the source it is attributed to.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from parallax.model import Attribution, Claim, Entity, Quantity, Quote, Sentence, TimeRef
from parallax.nlp.doctext import doc_text
from parallax.nlp.quotes import SPEECH_VERBS

HEDGE_WORDS = {
    "reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "perhaps",
    "maybe", "purportedly", "supposedly", "seemingly", "unconfirmed", "potentially",
}
HEDGE_VERBS = {"appear", "seem", "suggest", "expect", "believe", "estimate", "suspect"}
HEDGE_MODALS = {"may", "might", "could", "would", "should", "can"}
NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor", "none"}
CONTRAST_MARKS = {"while", "whereas", "although", "though"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
OBJECT_DEPS = ("dobj", "attr", "acomp", "oprd", "xcomp", "ccomp", "dative")
_MAX_PHRASE_TOKENS = 12


def find_claims(
    doc: Doc,
    article_id: str,
    sentences: Sequence[Sentence],
    sentence_of: Sequence[int],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    times: Sequence[TimeRef],
    quotes: Sequence[Quote],
) -> list[Claim]:
    """One or more claims per sentence (one per clause with its own subject)."""
    entity_spans = sorted(
        (m.start, m.end, e.key) for e in entities for m in e.mentions
    )
    claims: list[Claim] = []
    for sentence in sentences:
        sent = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        index = sentence.index
        for clause, attribution in _clauses(sent, quotes, sentence):
            start, end = _trimmed(clause)
            if start >= end:
                continue
            root = clause.root
            claims.append(
                Claim(
                    id=f"{article_id}:{index}:{len(claims)}",
                    article=article_id,
                    sentence=index,
                    start=start,
                    end=end,
                    text=doc_text(doc)[start:end],
                    subject=_phrase(root, SUBJECT_DEPS),
                    predicate=_predicate(root),
                    object=_phrase(root, OBJECT_DEPS, after=True),
                    entities=list(dict.fromkeys(k for s, e, k in entity_spans if start <= s < end)),
                    quantities=[q for q in quantities if start <= q.start < end],
                    times=[t for t in times if start <= t.start < end],
                    attribution=attribution,
                    hedges=_hedges(clause),
                    negated=_negated(root),
                )
            )
    return claims


def _clauses(
    sent: Span, quotes: Sequence[Quote], sentence: Sentence
) -> list[tuple[Span, Attribution]]:
    """The sentence's clauses and whose word each is. Reported speech ('X said that Y')
    yields Y attributed to X; a mostly quoted sentence is its speaker's; the rest is the
    outlet's own."""
    doc = sent.doc
    overlapping = [q for q in quotes if q.start < sentence.end and q.end > sentence.start]
    quoted = sum(
        min(q.end, sentence.end) - max(q.start, sentence.start) for q in overlapping if q.direct
    )
    speaker = Attribution("outlet")
    speech = sent.root.lemma_.lower() in SPEECH_VERBS  # '"We are ready," Zelenskyy said.'
    if quoted * 2 > sentence.end - sentence.start or speech and quoted:
        speaker = next(q.speaker for q in overlapping if q.direct)
    clauses = []
    for clause in _split_conjoined(sent):
        reported = next(
            (q for q in overlapping
             if not q.direct and clause.start_char <= q.start < clause.end_char),
            None,
        )
        span = reported and doc.char_span(reported.start, reported.end, alignment_mode="expand")
        if reported is not None and span is not None:
            clauses.append((span, reported.speaker))
        else:
            clauses.append((clause, speaker))
    return clauses


def _split_conjoined(sent: Span) -> list[Span]:
    """'X happened, and Y did Z': one span per conjoined clause that has its own subject."""
    doc = sent.doc
    cuts = [
        token for token in sent
        if token.head == sent.root and token.pos_ in ("VERB", "AUX") and token.i > sent.root.i
        and any(c.dep_ in SUBJECT_DEPS for c in token.children)
        and (token.dep_ == "conj" or token.dep_ == "advcl" and _contrast_mark(token))
    ]
    if not cuts:
        return [sent]
    spans = []
    begin = sent.start
    for verb in cuts:
        edge = verb.left_edge.i
        spans.append(doc[begin:edge])
        begin = edge
    spans.append(doc[begin : sent.end])
    return [span for span in spans if len(span)]


def _contrast_mark(verb: Token) -> bool:
    """'..., while 1,000 will move to Romania': a contrasting clause states its own fact."""
    return any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in verb.children)


def _trimmed(span: Span) -> tuple[int, int]:
    """Character bounds without leading or trailing conjunctions, commas and spaces."""
    tokens = [t for t in span if not t.is_space]
    while tokens and (
        tokens[0].dep_ == "cc"
        or tokens[0].dep_ == "mark" and tokens[0].lower_ in CONTRAST_MARKS
        or tokens[0].is_punct and tokens[0].text in ",;:"
    ):
        tokens.pop(0)
    while tokens and (
        tokens[-1].is_punct and tokens[-1].text in ",;:–—-" or tokens[-1].dep_ == "cc"
    ):
        tokens.pop()  # ", and" before the next clause belongs to neither
    if not tokens:
        return 0, 0
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _predicate(root: Token) -> str | None:
    """The verb as stated, with its auxiliaries, negation and particle ('will not set')."""
    if root.pos_ not in ("VERB", "AUX"):
        return None
    parts = [t for t in root.lefts if t.dep_ in ("aux", "auxpass", "neg")]
    parts.append(root)
    parts.extend(t for t in root.rights if t.dep_ == "prt")
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _phrase(root: Token, deps: Sequence[str], after: bool = False) -> str | None:
    """The first dependent of the given kinds as a short verbatim phrase."""
    children = [c for c in (root.rights if after else root.children) if c.dep_ in deps]
    if not children and after:
        children = [c for c in root.rights if c.dep_ == "prep"]
    if not children:
        return None
    child = children[0]
    tokens = list(child.subtree)[:_MAX_PHRASE_TOKENS]
    return root.doc[tokens[0].i : tokens[-1].i + 1].text


def _hedges(span: Span) -> tuple[str, ...]:
    found = []
    for token in span:
        lower = token.lower_
        if lower in HEDGE_WORDS or (token.dep_ == "aux" and lower in HEDGE_MODALS) or (
            token.pos_ == "VERB" and token.lemma_.lower() in HEDGE_VERBS
        ):
            found.append(lower)
    return tuple(dict.fromkeys(found))


def _negated(root: Token) -> bool:
    """'will not set foot', 'never', 'no troops': the predicate or its object is negated."""
    if any(c.dep_ == "neg" for c in root.children):
        return True
    return any(
        c.dep_ in ("dobj", "nsubj", "attr") and any(
            g.lower_ in NEGATIONS and g.dep_ == "det" for g in c.children
        )
        for c in root.children
    )
