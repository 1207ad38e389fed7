"""Who said what: direct quotes and reported speech, each with its speaker resolved.

The speaker is what lets comparison tell "the Pentagon said X" from an outlet stating X
itself, so it is resolved as far as the text allows: a name in the same sentence, a title
used earlier ("Pentagon spokesman John Kirby ... the spokesman said"), a pronoun pointing
back to the last person named, or an anonymous description ("a senior official").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from parallax.model import Attribution, Entity, Quote
from parallax.nlp.doctext import doc_text
from parallax.nlp.entities import TITLES, canonical_name, entity_span

SPEECH_VERBS = {
    "say", "tell", "add", "stress", "warn", "insist", "explain", "note", "write", "argue",
    "claim", "state", "declare", "announce", "ask", "reply", "respond", "confirm",
    "acknowledge", "admit", "tweet", "comment", "emphasize", "emphasise", "allege",
    "caution", "predict", "estimate", "report", "conclude", "recall",
    "urge", "vow", "promise", "pledge", "deny", "assert", "maintain", "contend", "observe",
    "remark", "complain", "concede", "counter", "agree", "testify",
    "quip", "joke", "shout", "underline", "underscore", "reiterate", "charge", "demand",
    "call", "label", "accuse", "plead", "yell", "scream", "exclaim", "wonder", "posit",
}
ANONYMOUS_HEADS = {
    "official", "officials", "source", "sources", "spokesman", "spokeswoman", "spokesperson",
    "analyst", "analysts", "diplomat", "diplomats", "aide", "aides", "expert", "experts",
    "people", "person", "observer", "observers", "insider", "insiders", "economist",
    "economists", "critics", "critic", "officer", "officers", "lawmaker", "lawmakers",
    "resident", "residents", "witness", "witnesses", "investor", "investors", "member",
    "members", "adviser", "advisers", "advisor", "advisors", "staffer", "staffers",
    "strategist", "strategists", "researcher", "researchers", "executive", "executives",
    "professor", "scientist", "scientists", "someone", "man", "woman", "employee", "employees",
}
DOCUMENTS = {"document", "statement", "report", "letter", "memo", "filing", "study", "survey",
             "poll", "analysis", "assessment", "communique", "readout", "release"}
ROLES = {"congressman", "congresswoman", "lawmaker", "senator", "economist", "official",
         "candidate", "nominee", "governor", "mayor", "president", "minister", "secretary"}
PRONOUNS = {"he", "she", "they", "i", "we"}
# Straight double quotes, curly doubles and (guarded) curly/straight singles.
_DOUBLE = re.compile(r"“([^”“]{2,}?)”|\"([^\"]{2,}?)\"|«([^»]{2,}?)»")
_SINGLE = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=[(\[—–-]))[‘']([^‘’'\n]{2,}?[^\s‘'])[’'](?=[\s,.;:!?)\]—–-]|$)"
)
_MIN_WORDS = 3
_SPEAKER_MEMORY = 4  # sentences a speaker stays the likely voice of an unattributed quote
_MAX_DESCRIPTION = 12
_MAX_TITLE_WORDS = 6


@dataclass(frozen=True)
class _Speaker:
    attribution: Attribution
    cue: str | None


class _Resolver:
    """Turns a speech verb's subject into an Attribution, using the article's entities."""

    def __init__(self, doc: Doc, entities: Sequence[Entity]):
        self.doc = doc
        self.sentence = 0
        self.last_speaker: tuple[int, _Speaker] | None = None
        self.last_subject: Entity | None = None
        self.last_person: Entity | None = None
        self.descriptions: dict[str, str] = {}
        self.quoted = _quoted_spans(doc_text(doc))
        self.entity_at: dict[int, Entity] = {}
        self.title_of: dict[str, Entity] = {}
        for entity in entities:
            for mention in entity.mentions:
                self.entity_at[mention.start] = entity
        for entity in entities:
            if entity.label != "PERSON":
                continue
            for mention in entity.mentions:
                for word in self._titles_before(mention.start):
                    self.title_of[word] = entity

    def _titles_before(self, start: int) -> list[str]:
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return []
        words = []
        for token in reversed(self.doc[max(span.start - 3, 0) : span.start]):
            if token.lower_.strip(".") not in TITLES and token.ent_type_ != "ORG":
                break
            words.append(token.lower_.strip("."))
        return words

    def entity_of(self, token: Token) -> Entity | None:
        """The entity a token belongs to, if any."""
        span = entity_span(token)
        if span is None:
            return None
        first = span[1] if span[0].lower_ == "the" and len(span) > 1 else span[0]
        return self.entity_at.get(first.idx)

    def spoke(self, speaker: _Speaker | None) -> None:
        """Remember the latest speaker: a later 'he said' or bare quote is most likely theirs."""
        if speaker is not None:
            self.last_speaker = (self.sentence, speaker)

    def recent_speaker(self) -> _Speaker | None:
        if self.last_speaker and self.sentence - self.last_speaker[0] <= _SPEAKER_MEMORY:
            return self.last_speaker[1]
        return None

    def read(self, sent: Span) -> None:
        """Track the people a sentence names, its subjects first."""
        for token in sent:
            entity = self.entity_of(token)
            if entity is not None and entity.label == "PERSON":
                self.last_person = entity
                if token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ in (
                    "nsubj", "nsubjpass"
                ):
                    self.last_subject = entity

    def _salient_person(self) -> Attribution | None:
        """Whom 'he', 'she' or 'the congressman' points back to."""
        recent = self.recent_speaker()
        if recent is not None and recent.attribution.key and recent.attribution.key.startswith(
            "person:"
        ):
            return recent.attribution
        person = self.last_subject or self.last_person
        return Attribution("named", person.name, person.key) if person else None

    def resolve(self, subject: Token) -> Attribution | None:
        """Who a speech verb's subject is."""
        lower = subject.lower_
        unnamed_role = lower in ANONYMOUS_HEADS  # "a Romney campaign aide" is not Romney
        for token in [subject, *self._name_parts(subject)]:
            entity = self.entity_of(token)
            if entity is None or entity.label not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            if token is subject or entity.label == "PERSON" and not (
                unnamed_role and token.dep_ == "compound"
            ):
                return Attribution("named", entity.name, entity.key)
        if not subject.ent_type_ and _looks_like_a_name(subject):
            # A name the entity recogniser missed ("Sahm said"): still a name.
            first = min([subject.i, *(t.i for t in subject.lefts if t.dep_ == "compound")])
            name = self.doc[first : subject.i + 1].text
            return Attribution("named", name, canonical_name(name, "PERSON")[0])
        if lower in PRONOUNS:
            if lower not in ("he", "she"):
                return None
            return self._person_earlier_in_sentence(subject) or self._salient_person()
        has_modifier = any(t.dep_ in ("amod", "compound", "poss") for t in subject.lefts)
        if lower in self.title_of and not has_modifier:
            entity = self.title_of[lower]
            return Attribution("named", entity.name, entity.key)
        if subject.pos_ not in ("NOUN", "PROPN"):
            return None
        if lower in ANONYMOUS_HEADS or subject.lemma_.lower() in ANONYMOUS_HEADS | DOCUMENTS:
            return Attribution("anonymous", self._anonymous_description(subject))
        if lower in TITLES | ROLES:
            if not has_modifier or all(t.dep_ == "amod" and t.pos_ == "ADJ" and not t.ent_type_
                                       for t in subject.lefts if t.dep_ != "det"):
                return self._salient_person()  # "the seven-term congressman demands"
            return Attribution("named", self._description(subject))
        return None

    def _person_earlier_in_sentence(self, pronoun: Token) -> Attribution | None:
        """'when the draft was sent to Mr. Petraeus, he dismissed it': the nearest person
        named before the pronoun in its own sentence."""
        for token in reversed(self.doc[pronoun.sent.start : pronoun.i]):
            if not _outside(token, self.quoted):
                continue  # a name inside the quote is who is spoken about
            entity = self.entity_of(token)
            if entity is not None and entity.label == "PERSON":
                return Attribution("named", entity.name, entity.key)
        return None

    def _anonymous_description(self, head: Token) -> str:
        """'the aide' said after 'an aide to the Ways and Means Committee' is that aide."""
        lemma = head.lemma_.lower()
        definite = any(t.lower_ in ("the", "this", "that") for t in head.lefts)
        description = self._description(head)
        if definite and lemma in self.descriptions:
            return self.descriptions[lemma]
        self.descriptions[lemma] = description
        return description

    def _description(self, head: Token) -> str:
        """An unnamed source as the text describes it, without its article or clauses
        ('spokesperson for Google', 'senior Goldman Sachs strategist')."""
        clauses = {
            t.i
            for part in head.subtree
            if part is not head and part.dep_ in ("relcl", "acl", "appos")
            for t in part.subtree
        }
        tokens = [
            t for t in head.subtree if t.i not in clauses and not (t.is_punct and t.i > head.i)
        ]
        while tokens and tokens[0].dep_ == "det":
            tokens.pop(0)
        tokens = tokens[:_MAX_DESCRIPTION]
        return self.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else head.text

    @staticmethod
    def _name_parts(subject: Token) -> list[Token]:
        """Names standing beside a description ('spokesman John Kirby', 'Kirby, a spokesman')."""
        return [
            t for t in subject.children if t.dep_ in ("appos", "compound") and t.ent_type_
        ]


def find_quotes(
    doc: Doc, sentence_of: Sequence[int], entities: Sequence[Entity]
) -> list[Quote]:
    """Direct quotes and reported speech in the doc, in order, each with its speaker."""
    resolver = _Resolver(doc, entities)
    quotes: list[Quote] = []
    # Quoted spans by the parser's sentence they start in (one of Parallax's sentences may
    # join several: a quotation is not split), so each is read once, with its own clause.
    spans_by_parse: dict[int, list[tuple[int, int]]] = {}
    for start, end in resolver.quoted:
        token = _token_at(doc, start)
        if token is not None:
            spans_by_parse.setdefault(token.sent.start, []).append((start, end))
    for sent in doc.sents:
        index = sentence_of[sent.start]
        if index < 0:
            continue
        resolver.sentence = index
        inside = spans_by_parse.get(sent.start, [])
        speaker = _speaker_of(sent, inside, resolver)
        for start, end in inside:
            words = doc_text(doc)[start:end].split()
            if len(words) < _MIN_WORDS and (speaker is None or len(words) < 2):
                continue
            if _is_title(words):
                continue
            chosen = (
                speaker
                or _speaker_before_colon(doc, start, resolver)
                or _speaker_after(doc, end, resolver)
                or resolver.recent_speaker()
            )
            quotes.append(
                Quote(doc_text(doc)[start:end], start, end, index, True,
                      chosen.attribution if chosen else _UNKNOWN, chosen.cue if chosen else None)
            )
            resolver.spoke(chosen)
        if speaker is not None:
            resolver.spoke(speaker)
            reported = _reported_clause(sent)
            if reported is not None and not _mostly_quoted(reported, inside):
                quotes.append(
                    Quote(reported.text, reported.start_char, reported.end_char, index,
                          False, speaker.attribution, speaker.cue)
                )
        resolver.read(sent)
    return quotes


_UNKNOWN = Attribution("anonymous", None)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation's words, marks and a trailing comma excluded."""
    spans = []
    for pattern in (_DOUBLE, _SINGLE):
        for match in pattern.finditer(text):
            group = next(g for g in range(1, (match.lastindex or 1) + 1) if match.group(g))
            start, end = match.span(group)
            inner = text[start:end]
            trimmed = inner.rstrip().rstrip(",")
            lead = len(inner) - len(inner.lstrip())
            spans.append((start + lead, start + len(trimmed)))
    spans.sort()
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _outside(token: Token, quoted: Sequence[tuple[int, int]]) -> bool:
    return not any(start <= token.idx < end for start, end in quoted)


def _speaker_of(
    sent: Span, quoted: Sequence[tuple[int, int]], resolver: _Resolver
) -> _Speaker | None:
    """The speaker named by a speech verb of this sentence outside its quotes."""
    for token in sent:
        if not _outside(token, quoted):
            continue
        if token.lower_ == "according" and token.i + 1 < len(sent.doc):
            objects = [c for c in sent.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                attribution = resolver.resolve(objects[0])
                if attribution is not None:
                    return _Speaker(attribution, "according to")
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in SPEECH_VERBS:
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and token.dep_ in ("advcl", "xcomp", "conj"):
            # "Blaszczak welcomed the deployment, saying: ..." speaks through the main verb.
            subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        subjects = [s for s in subjects if _outside(s, quoted)] or [
            c for c in token.rights if c.dep_ in ("dobj", "attr") and c.ent_type_ == "PERSON"
        ]
        for subject in subjects:
            attribution = resolver.resolve(subject)
            if attribution is not None:
                return _Speaker(attribution, token.text)
    return None


def _speaker_before_colon(doc: Doc, start: int, resolver: _Resolver) -> _Speaker | None:
    """'Dempsey said: "..."' — the parser may end the sentence at the colon."""
    opening = _token_at(doc, start)
    if opening is None or opening.sent.start == 0:
        return None
    before = doc[opening.sent.start - 1]
    while before.is_space and before.i > 0 or before.is_quote and before.i > 0:
        before = doc[before.i - 1]
    if before.text != ":":
        return None
    return _speaker_of(before.sent, [], resolver)


def _speaker_after(doc: Doc, end: int, resolver: _Resolver) -> _Speaker | None:
    """A quote running past its first sentence is attributed where it ends
    ('"Going from 3.6 to five? That's a recession," Sahm said.') or right after it."""
    last = _token_at(doc, max(end - 1, 0))
    if last is None:
        return None
    sent = last.sent
    quoted = [(doc[sent.start].idx, end)]
    found = _speaker_of(sent, quoted, resolver)
    if found is None and end >= sent.end_char - 2 and sent.end < len(doc):
        following = next(doc[sent.end :].sents, None)
        found = _speaker_of(following, [], resolver) if following is not None else None
    return found


def _reported_clause(sent: Span) -> Span | None:
    """'X said (that) ...': the reported clause, when the sentence has one."""
    for token in sent:
        if token.lemma_.lower() in SPEECH_VERBS and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ == "ccomp" and child.i > token.i:
                    words = list(child.subtree)
                    if words[0].lower_ == "that" and len(words) > 1:
                        words = words[1:]
                    return sent.doc[words[0].i : words[-1].i + 1]
    return None


def _mostly_quoted(span: Span, quoted: Sequence[tuple[int, int]]) -> bool:
    covered = sum(
        max(0, min(end, span.end_char) - max(start, span.start_char)) for start, end in quoted
    )
    return covered * 2 > span.end_char - span.start_char


def _looks_like_a_name(token: Token) -> bool:
    """A proper noun, or a capitalised noun inside a sentence that is no role word
    ('"We are ready," Zelenskyy said', where the tagger saw a common noun)."""
    if token.pos_ == "PROPN":
        return True
    return (
        token.pos_ == "NOUN" and token.is_title and token.i != token.sent.start
        and token.lower_ not in ANONYMOUS_HEADS | TITLES | ROLES | DOCUMENTS
    )


def _is_title(words: Sequence[str]) -> bool:
    """'Fox News Sunday', 'The Art of the Deal': a few words, every long one capitalised."""
    long_words = [w for w in words if len(w) > 3]
    return len(words) <= _MAX_TITLE_WORDS and bool(long_words) and all(
        w[:1].isupper() for w in long_words
    )
