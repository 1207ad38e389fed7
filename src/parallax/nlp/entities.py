"""Canonical names for people, organisations and places, so articles can be joined on them.

One entity, one key, whatever the outlet writes: "Joe Biden" / "President Biden" / "Mr Biden",
"Volodymyr Zelensky" / "Zelenskyy" / "Volodímir Zelenski", "Nato" / "NATO", "Kiev" / "Kyiv",
"US" / "U.S." / "United States" / "American". Within an article a bare surname joins the full
name it abbreviates; across articles `link_entities` does the same over a whole story.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from parallax.model import AnnotatedArticle, Attribution, Entity, Mention
from parallax.nlp.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

KEPT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"}
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "president",
    "vice", "prime", "minister", "secretary", "senator", "sen", "rep", "representative",
    "governor", "gov", "mayor", "general", "gen", "colonel", "col", "admiral", "adm",
    "chancellor", "king", "queen", "prince", "princess", "pope", "chairman", "chairwoman",
    "chair", "spokesman", "spokeswoman", "spokesperson", "judge", "justice", "ambassador",
    "leader", "commander", "chief", "director", "foreign", "defence", "defense", "state",
    "press", "deputy", "former", "the", "premier", "speaker", "officer", "lt", "sgt",
}
# Spelling variants that stay variants after accents and case are folded away.
ALIASES = {
    "u.s.": "united states", "us": "united states", "u.s": "united states", "usa": "united states",
    "u.s.a.": "united states", "america": "united states", "american": "united states",
    "americans": "united states", "united states of america": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "british": "united kingdom", "briton": "united kingdom",
    "britons": "united kingdom",
    "russian": "russia", "russians": "russia", "russian federation": "russia",
    "ukrainian": "ukraine", "ukrainians": "ukraine", "the ukraine": "ukraine",
    "german": "germany", "germans": "germany", "polish": "poland", "poles": "poland",
    "french": "france", "chinese": "china", "european": "europe",
    "kiev": "kyiv", "kiyv": "kyiv", "nato": "nato", "n.a.t.o.": "nato",
    "north atlantic treaty organization": "nato", "north atlantic treaty organisation": "nato",
    "eu": "european union", "e.u.": "european union", "un": "united nations",
    "u.n.": "united nations", "fed": "federal reserve", "the fed": "federal reserve",
    "pentagon": "pentagon", "white house": "white house", "kremlin": "kremlin",
}
# One person under a given name's common and formal forms ("Mike" / "Michael Thibodeau"):
# people are keyed on the short form (only in keys; names are shown as written).
SHORT_GIVEN_NAMES = {
    "michael": "mike", "william": "bill", "robert": "bob", "james": "jim", "joseph": "joe",
    "thomas": "tom", "christopher": "chris", "daniel": "dan", "david": "dave",
    "edward": "ed", "anthony": "tony", "nicholas": "nick", "stephen": "steve",
    "steven": "steve", "timothy": "tim", "benjamin": "ben", "jonathan": "jon",
    "kenneth": "ken", "patrick": "pat", "samuel": "sam", "elizabeth": "liz",
    "katherine": "kate", "catherine": "kate", "alexander": "alex", "andrew": "andy",
    "gregory": "greg", "jeffrey": "jeff", "matthew": "matt", "mitchell": "mitch",
    "ronald": "ron", "lawrence": "larry", "douglas": "doug", "theodore": "ted",
}
DISPLAY = {
    "united states": "United States", "united kingdom": "United Kingdom", "nato": "NATO",
    "european union": "European Union", "united nations": "United Nations", "kyiv": "Kyiv",
}
# Transliterations of one name differ in y/i and doubled letters ("Volodymyr Zelenskyy",
# "Volodímir Zelenski"); people are keyed on a skeleton that ignores just those.
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_I = re.compile(r"(?<=\w\w)i\b")
KNOWN_ORGS = {"nato", "pentagon", "white house", "kremlin", "european union", "united nations",
              "federal reserve"}
_PLACES = {base for alias, base in ALIASES.items() if alias != base} - KNOWN_ORGS
_NON_WORD = re.compile(r"[^\w\s]")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def fold(text: str) -> str:
    """Lower case, accents off, possessive off, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.strip().lower())
    return " ".join(text.split())


def canonical_name(text: str, label: str) -> tuple[str, str]:
    """(key, display name) of one mention taken alone: aliases, titles and articles off."""
    folded = fold(text)
    unprefixed = folded.removeprefix("the ")
    if folded in ALIASES or unprefixed in ALIASES or unprefixed in _PLACES:
        # Known names keep their kind whatever the model tagged them ("defend Kyiv" as a person).
        base = ALIASES.get(folded) or ALIASES.get(unprefixed, unprefixed)
        return f"{_kind(label, base)}:{base}", DISPLAY.get(base, _title_case(text, base))
    words = _NON_WORD.sub(" ", folded).split()
    if label == "PERSON":
        while len(words) > 1 and words[0] in TITLES:
            words.pop(0)
    elif words and words[0] == "the":
        words.pop(0)
    shown = len(words)  # the display keeps the words as written, initials and all
    if label == "PERSON":
        words = _person_words(words)
    base = ALIASES.get(" ".join(words), " ".join(words)) or folded
    if label == "PERSON":
        base = " ".join(skeleton(word) for word in base.split())
    display = DISPLAY.get(base) or _display(text, shown)
    return f"{_kind(label, base)}:{base}", display


def _person_words(words: list[str]) -> list[str]:
    """A person's name words without middle initials ("Paul R. LePage" is Paul LePage) and
    with the given name in its short form ("Michael" and "Mike" are one person)."""
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    if len(words) > 1:
        words = [SHORT_GIVEN_NAMES.get(words[0], words[0]), *words[1:]]
    return words


def skeleton(word: str) -> str:
    """A spelling-insensitive form of a name's word: y read as i, doubled letters single,
    a final i dropped."""
    return _FINAL_I.sub("", _DOUBLED.sub(r"\1", word.replace("y", "i")))


def _kind(label: str, base: str) -> str:
    # A nationality adjective names its country: "American troops" is about the US.
    if base in _PLACES:
        return "place"
    if base in KNOWN_ORGS:
        return "org"
    if label == "NORP":
        return "group"
    return {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}.get(
        label, "thing"
    )


def _display(text: str, keep_words: int) -> str:
    words = text.strip().split()
    shown = " ".join(words[-keep_words:]) if keep_words else text.strip()
    return _POSSESSIVE.sub("", shown)


def _title_case(text: str, base: str) -> str:
    return text.strip() if fold(text) == base else base.title()


def article_entities(doc: Doc, sentence_of: Sequence[int]) -> list[Entity]:
    """The article's entities, each with all its mentions; a surname or a shortened name
    joins the one fuller name in the article it is part of ("Biden" → "Joe Biden")."""
    spans = [span for span in doc.ents if span.label_ in KEPT_LABELS]
    label_of = _voted_labels(spans)
    by_key: dict[str, Entity] = {}
    for span in spans:
        label = label_of[fold(span.text)]
        key, name = canonical_name(span.text, label)
        if label == "PERSON" and not key.startswith("person:"):
            label = "GPE" if key.startswith("place:") else "ORG"
        mention = _mention(span, sentence_of)
        entity = by_key.get(key)
        if entity is None:
            by_key[key] = Entity(key, name, label, [mention])
        else:
            entity.mentions.append(mention)
    _merge_short_names(by_key)
    return sorted(by_key.values(), key=lambda e: e.mentions[0].start)


def entity_span(token: Token) -> Span | None:
    """The named-entity span a token is part of (spaCy marks entities token by token)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _voted_labels(spans: Sequence[Span]) -> dict[str, str]:
    """One type per name in an article: the small model calls "Scholz" a person in one
    sentence and a place in the next. A surname of a person named in full is a person."""
    votes: dict[str, Counter[str]] = {}
    for span in spans:
        votes.setdefault(fold(span.text), Counter())[span.label_] += 1
    labels = {text: counts.most_common(1)[0][0] for text, counts in votes.items()}
    surnames = {
        text.split()[-1] for text, label in labels.items() if label == "PERSON" and " " in text
    }
    for text, label in labels.items():
        if label != "PERSON" and text in surnames and text not in ALIASES:
            labels[text] = "PERSON"
    return labels


def link_entities(articles: Iterable[AnnotatedArticle]) -> dict[str, str]:
    """Across a story: give every person the key of the one fuller name any article uses
    ("Zelenskyy" → "Volodymyr Zelensky"), also where the small model mistyped a surname as
    an organisation or place, and rewrite the keys in place. Returns old key → new key."""
    articles = list(articles)
    full_names = {
        e.key: e for a in articles for e in a.entities
        if e.key.startswith("person:") and len(e.key.split()) > 1
    }
    renamed: dict[str, str] = {}
    people = list(full_names.values())
    for annotated in articles:
        for entity in annotated.entities:
            target = _fuller_name(_as_person_key(entity), people)
            if target is not None and target.key != entity.key:
                renamed[entity.key] = target.key
                entity.key, entity.name, entity.label = target.key, target.name, "PERSON"
        for claim in annotated.claims:
            claim.entities = list(dict.fromkeys(renamed.get(k, k) for k in claim.entities))
            claim.attribution = _relinked(claim.attribution, people)
        annotated.quotes = [
            replace(quote, speaker=_relinked(quote.speaker, people)) for quote in annotated.quotes
        ]
    return renamed


def _relinked(speaker: Attribution, people: list[Entity]) -> Attribution:
    """A named speaker under the fullest name the story gives them (the tagger may have
    missed the name as an entity, so this looks the speaker up on its own)."""
    if not (speaker.key or "").startswith("person:"):
        return speaker
    target = _fuller_name(speaker.key, people)
    return replace(speaker, key=target.key, name=target.name) if target else speaker


def _as_person_key(entity: Entity) -> str:
    """The key the entity would have as a person; a known place or group keeps its own."""
    base = entity.key.split(":", 1)[1]
    if entity.label == "PERSON" or " " in base or base in _PLACES or base in ALIASES:
        return entity.key
    return "person:" + skeleton(base)


def _merge_short_names(by_key: dict[str, Entity]) -> None:
    people = [e for e in by_key.values() if e.key.startswith("person:")]
    full = [e for e in people if len(e.key.split()) > 1]
    for entity in people:
        target = _fuller_name(entity.key, full)
        if target is not None and target is not entity:
            target.mentions.extend(entity.mentions)
            target.mentions.sort(key=lambda m: m.start)
            del by_key[entity.key]


def _fuller_name(key: str, candidates: Sequence[Entity]) -> Entity | None:
    """The single candidate whose name ends like `key` (same surname, spelling-insensitive)
    and has every word of it; None when none or several would fit."""
    words = key.split(":", 1)[1].split()
    matches = {}
    for candidate in candidates:
        other = candidate.key.split(":", 1)[1].split()
        if other[-1] == words[-1] and len(other) >= len(words) and _prefix_fits(words, other):
            matches.setdefault(" ".join(other), candidate)
    return next(iter(matches.values())) if len(matches) == 1 else None


def _prefix_fits(words: list[str], other: list[str]) -> bool:
    """'joe biden' fits 'joe biden' and 'joseph r biden' fits neither way; a first name
    must agree where both give one."""
    if len(words) == 1:
        return True
    return words[0] == other[0] or words[0][:1] == other[0][:1] and len(words[0]) <= 2


def _mention(span: Span, sentence_of: Sequence[int]) -> Mention:
    text = span.text
    start = span.start_char
    if span[0].lower_ == "the" and len(span) > 1:
        start = span[1].idx
        text = doc_text(span.doc)[start : span.end_char]
    return Mention(text, start, span.end_char, max(sentence_of[span.start], 0))
