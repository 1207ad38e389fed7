"""Numbers as intervals with what they count, read off spaCy tokens.

Outlets rarely print the same figure the same way ("more than 80,000 US soldiers",
"between 75,000 and 80,000 troops", "as many as 125,000"), so each mention becomes the
interval its words state, whether it was hedged, the normalised thing it counts and the
words that say whose, where and in what state — what comparison needs to tell a conflict
from a paraphrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallax.model import Quantity
from parallax.nlp.dates import CALENDAR_WORDS
from parallax.nlp.doctext import doc_text
from parallax.nlp.entities import canonical_name, entity_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
# Vague plurals: the smallest and largest amount the word can mean ("thousands" = 2,000-9,999).
VAGUE = {"dozens": 12, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
         "trillions": 1e12, "tens": 10}
FEW = {"several": 3, "few": 2, "couple": 2}
FRACTIONS = {"half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0,
             "quarters": 25.0, "fifth": 20.0, "fifths": 20.0, "tenth": 10.0, "tenths": 10.0}
def _phrases(*texts: str) -> set[tuple[str, ...]]:
    return {tuple(text.split()) for text in texts}


APPROXIMATE = _phrases(
    "about", "almost", "an estimated", "approaching", "approx", "approximately", "around", "c.",
    "circa", "close to", "estimated", "in the neighborhood of", "in the region of",
    "in the vicinity of", "just shy of", "near", "nearly", "nearly all", "or so", "perhaps",
    "roughly", "roughly around", "some", "somewhere around", "somewhere in the vicinity of",
)
AT_LEAST = _phrases(
    "above", "as few as", "at least", "exceeding", "in excess of", "just over", "more than",
    "no fewer than", "no less than", "over", "upwards of", "well above", "well over",
)
AT_MOST = _phrases(
    "as high as", "as many", "as many as", "as much as", "at most", "below", "fewer than",
    "just under", "less than", "no more than", "not more than", "under", "up to",
)
TRAILING = {
    ("or", "more"): "at least",
    ("or", "so"): "about",
    ("or", "less"): "at most",
    ("or", "fewer"): "at most",
    ("and", "more"): "at least",
    ("plus",): "at least",
}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "c$": "CAD",
                    "a$": "AUD", "₽": "RUB"} | {
    code.lower(): code for code in ("USD", "GBP", "EUR", "JPY", "RUB", "CNY", "INR", "CHF", "CAD",
                                    "AUD", "UAH")}
# "pounds" alone is as often weight as money; "£" says money.
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                  "yen": "JPY", "rubles": "RUB", "roubles": "RUB", "yuan": "CNY"}
PERCENT_WORDS = {"%", "percent", "pct", "per cent"}
# Counted nouns that name the same thing.
SYNONYMS = {
    "soldier": "troop", "troops": "troop", "service member": "troop", "servicemember": "troop",
    "servicemen": "troop", "serviceman": "troop", "personnel": "troop",
    "military personnel": "troop", "service personnel": "troop", "people": "person",
    "persons": "person",
}
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
NAMED = {"PERSON", "ORG", "LAW", "PRODUCT", "FAC", "EVENT", "WORK_OF_ART", "GPE", "NORP", "LOC"}
WHERE_PREPOSITIONS = {"in", "to", "into", "on", "at", "near", "along", "across", "inside",
                      "outside", "from", "toward", "towards", "around"}
STATUS_NOUNS = {"alert", "standby", "notice", "duty", "readiness"}
# A number beside these is part of a date ("March 10", "two weeks ago" aside).
DATE_WORDS = CALENDAR_WORDS | {"ago", "since"}
_NUMERIC = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(k|m|mn|bn|b|tn)?$", re.IGNORECASE)
_QUOTE_MARKS = re.compile("[\"“”‘’]")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
_MAX_NOUN_DISTANCE = 4


@dataclass
class _Reading:
    """A number expression being read: token range, interval, hedge and unit so far."""

    first: int
    last: int
    low: float | None
    high: float | None
    approximate: bool = False
    unit: str | None = None
    noun: int | None = None  # the counted noun's token, when the unit is one


def find_quantities(doc: Doc, sentence_of: Sequence[int]) -> list[Quantity]:
    """Every quantity mention in the doc, in order."""
    found: list[Quantity] = []
    i = 0
    while i < len(doc):
        reading = _read_number(doc, i)
        if reading is None:
            i += 1
            continue
        _read_range(doc, reading)
        if _is_not_a_quantity(doc, reading):
            i = reading.last + 1
            continue
        _read_modifier(doc, reading)
        _read_unit(doc, reading)
        _read_trailing_bound(doc, reading)
        found.append(_quantity(doc, reading, sentence_of))
        i = reading.last + 1
    return found


def _read_number(doc: Doc, i: int) -> _Reading | None:
    """The number starting at token i, if any, with its scale words and vague forms."""
    token = doc[i]
    lower = token.lower_
    if lower in ("a", "an") and i + 1 < len(doc):
        nxt = doc[i + 1].lower_
        if nxt == "dozen":
            return _Reading(i, i + 1, 12, 12)
        if nxt in FRACTIONS and _followed_by(doc, i + 2, "of"):
            return _percent_reading(i, i + 1, FRACTIONS[nxt])
        if nxt in FEW:
            return _few_reading(doc, i, i + 1, FEW[nxt])
        if nxt in SCALES and len(nxt) > 3:  # "a thousand"
            return _Reading(i, i + 1, SCALES[nxt], SCALES[nxt])
        return None
    if lower in FEW and lower != "few":
        return _few_reading(doc, i, i, FEW[lower])
    if lower == "half":
        if i + 1 < len(doc) and doc[i + 1].lower_ in ("a", "an"):  # "half a percentage point"
            return _Reading(i, i + 1, 0.5, 0.5)
        return _percent_reading(i, i, 50.0)
    if lower in VAGUE and token.tag_ == "NNS":
        return _vague_reading(doc, i)
    value = _number_value(token)
    if value is None:
        return None
    last = i
    # "twenty - five", "two - thirds"
    if last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_:
        tail = doc[last + 2].lower_
        if tail in FRACTIONS and value < 10:
            return _percent_reading(i, last + 2, value * FRACTIONS[tail])
        if tail in UNITS_WORDS and 20 <= value < 100 and UNITS_WORDS[tail] < 10:
            value, last = value + UNITS_WORDS[tail], last + 2
    while last + 1 < len(doc) and _is_scale(doc, last):
        value *= SCALES[doc[last + 1].lower_]
        last += 1
    if last + 2 < len(doc) and doc[last + 1].text == "-" and doc[last + 2].lower_ in SCALES:
        value *= SCALES[doc[last + 2].lower_]  # "$137-million"
        last += 2
    if last + 2 < len(doc) and doc[last + 1].lower_ == "of" and doc[last + 2].lower_ in VAGUE:
        # "two of thousands" is not a number; "tens of thousands" is handled as vague.
        return None
    return _Reading(i, last, value, value)


def _is_scale(doc: Doc, last: int) -> bool:
    """'million' after a number; 'm' or 'bn' only when written onto it ('£88m')."""
    word = doc[last + 1].lower_
    return word in SCALES and (len(word) > 3 or not doc[last].whitespace_)


def _number_value(token: Token) -> float | None:
    text = token.lower_
    if text in UNITS_WORDS:
        return float(UNITS_WORDS[text])
    match = _NUMERIC.match(text)
    if match is None:
        return None
    value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
    if match.group(3):
        value *= SCALES[match.group(3).lower()]
    return value


def _few_reading(doc: Doc, first: int, last: int, least: int) -> _Reading:
    """'several' 3-9, 'a few' 2-9, 'a few hundred' 200-999."""
    if last + 1 < len(doc) and doc[last + 1].lower_ in SCALES:
        scale = SCALES[doc[last + 1].lower_]
        return _Reading(first, last + 1, least * scale, 10 * scale - 1, approximate=True)
    if doc[last].lower_ == "couple":
        return _Reading(first, last, 2, 2, approximate=True)
    return _Reading(first, last, least, 9, approximate=True)


def _vague_reading(doc: Doc, i: int) -> _Reading:
    """'thousands' 2,000-9,999; 'tens of thousands' 20,000-99,999."""
    scale = VAGUE[doc[i].lower_]
    last = i
    if last + 2 < len(doc) and doc[last + 1].lower_ == "of" and doc[last + 2].lower_ in VAGUE:
        scale *= VAGUE[doc[last + 2].lower_]
        last += 2
    least = 2 * scale if doc[i].lower_ != "dozens" else 24
    return _Reading(i, last, least, 10 * scale - 1 if doc[i].lower_ != "dozens" else 99,
                    approximate=True)


def _percent_reading(first: int, last: int, value: float) -> _Reading:
    return _Reading(first, last, round(value, 2), round(value, 2), unit="%")


def _followed_by(doc: Doc, i: int, word: str) -> bool:
    return i < len(doc) and doc[i].lower_ == word


def _is_not_a_quantity(doc: Doc, reading: _Reading) -> bool:
    """Years, dates, clock times, ordinals, names with numbers, 'one' as a pronoun."""
    token = doc[reading.first]
    if token.ent_type_ in ("ORDINAL", "TIME") or token.ent_type_ in NAMED:
        return True
    if token.ent_type_ == "DATE" and not _counts_time(doc, reading) and _in_calendar_date(token):
        return True
    if _numbers_a_name(doc, reading):
        return True
    if _YEAR.match(token.text) and token.dep_ != "nummod" and not _has_currency(doc, reading):
        return True
    if reading.first > 0 and doc[reading.first - 1].text in ("-", "#", "No.") and not doc[
        reading.first - 1
    ].whitespace_ and reading.first > 1 and doc[reading.first - 2].is_alpha:
        return True  # COVID-19, G-7, I-95
    if token.lower_ in ("one", "zero") and reading.first == reading.last:
        return token.dep_ != "nummod" and not _in_range(doc, reading.last)
    return False


def _numbers_a_name(doc: Doc, reading: _Reading) -> bool:
    """'No. 10-277', 'S&P 500', 'Nasdaq 100 index', 'Article 10': a number that is part
    of a name follows the name and counts nothing."""
    if reading.first == 0:
        return False
    previous = doc[reading.first - 1]
    if previous.text in ("No.", "No", "#", "Nos.") or previous.text.endswith("&P"):
        return True
    if previous.lower_ in CURRENCY_SYMBOLS:
        return False
    following = doc[reading.last + 1] if reading.last + 1 < len(doc) else None
    return (
        previous.pos_ == "PROPN"
        and previous.lower_.rstrip(".") not in DATE_WORDS
        and previous.ent_type_ not in ("DATE", "MONEY", "CARDINAL", "PERCENT")
        and (doc[reading.first].dep_ != "nummod" or following is not None
             and following.lower_ == "index")
    )


def _counts_time(doc: Doc, reading: _Reading) -> bool:
    """'three days', 'a 45-year-old', '40-year high', 'couple of years' count time;
    'March 10' does not."""
    for token in doc[reading.last + 1 : reading.last + 3]:
        if token.lemma_.lower() in TIME_UNITS:
            return True
        if token.text != "-" and token.lower_ != "of":
            return False
    return False


def _in_calendar_date(token: Token) -> bool:
    """A year, or a number inside a date naming a month or day ('March 10', '2022')."""
    entity = entity_span(token) or []
    return bool(_YEAR.match(token.text)) or any(
        t.lower_.rstrip(".") in DATE_WORDS or t.text in ("/", ":") for t in entity
    )


def _has_currency(doc: Doc, reading: _Reading) -> bool:
    return reading.first > 0 and doc[reading.first - 1].lower_ in CURRENCY_SYMBOLS


def _in_range(doc: Doc, last: int) -> bool:
    """Whether the number ending at `last` opens a range ('two to three')."""
    return last + 2 < len(doc) and doc[last + 1].lower_ in ("-", "to", "and", "or") and (
        _number_value(doc[last + 2]) is not None
    )


def _read_range(doc: Doc, reading: _Reading) -> None:
    """'75,000-80,000', '75,000 to 80,000', 'between 75,000 and 80,000', '$10 million to
    $15 million', '10% to 15%', '$140-150 million'."""
    joiner = reading.last + 1
    percent = joiner < len(doc) and doc[joiner].text == "%"
    joiner += percent
    if joiner + 1 >= len(doc) or doc[joiner].lower_ not in ("-", "–", "to", "and"):
        return
    between = reading.first > 0 and doc[reading.first - 1].lower_ in ("between", "from")
    if doc[joiner].lower_ == "and" and not between:
        return
    second = joiner + 1 + (doc[joiner + 1].lower_ in CURRENCY_SYMBOLS)
    upper = _read_number(doc, second) if second < len(doc) else None
    if upper is None or upper.high is None or reading.low is None:
        return
    low = reading.low
    first_value = _number_value(doc[upper.first])
    if reading.last == reading.first and upper.last > upper.first and first_value:
        low *= upper.high / first_value  # "2 to 3 million", "$140-150 million"
    if low < upper.high:
        reading.low, reading.high, reading.last = low, upper.high, upper.last
        reading.unit = "%" if percent else reading.unit


def _read_modifier(doc: Doc, reading: _Reading) -> None:
    """Hedges and bounds written before the number: 'about', 'more than', 'as many as'."""
    if reading.first > 0 and doc[reading.first - 1].lower_ in ("between", "from") and (
        reading.low != reading.high
    ):
        reading.first -= 1
        return
    if reading.first > 0 and doc[reading.first - 1].lower_ in CURRENCY_SYMBOLS:
        reading.unit = CURRENCY_SYMBOLS[doc[reading.first - 1].lower_]
        reading.first -= 1
    for size in (5, 4, 3, 2, 1):
        start = reading.first - size
        if start < 0:
            continue
        words = tuple(t.lower_ for t in doc[start : reading.first])
        if words in AT_LEAST or words in AT_MOST or words in APPROXIMATE:
            if doc[reading.first].lower_ == "between":
                return
            if words in AT_LEAST:
                reading.high = None
            elif words in AT_MOST:
                reading.low = None
            else:
                reading.approximate = True
            reading.first = start
            return


def _read_trailing_bound(doc: Doc, reading: _Reading) -> None:
    """Bounds written after the figure: '6% or more', '20 or so', '50-plus'."""
    for size in (2, 1):
        words = tuple(t.lower_ for t in doc[reading.last + 1 : reading.last + 1 + size])
        meaning = TRAILING.get(words)
        if meaning is None or len(words) < size:
            continue
        if meaning == "at least":
            reading.high = None
        elif meaning == "at most":
            reading.low = None
        else:
            reading.approximate = True
        reading.last += size
        return


def _read_unit(doc: Doc, reading: _Reading) -> None:
    """Percent signs, currency words and the noun counted, normalised."""
    if reading.unit is not None:
        return
    nxt = reading.last + 1
    if nxt < len(doc):
        word = doc[nxt].lower_
        if word == "per" and _followed_by(doc, nxt + 1, "cent"):
            reading.unit, reading.last = "%", nxt + 1
            return
        if word in PERCENT_WORDS:
            reading.unit, reading.last = "%", nxt
            return
        if word in ("percentage", "basis") and nxt + 1 < len(doc):
            reading.unit = f"{word} point"
            reading.last = nxt + 1
            return
        if word in CURRENCY_WORDS or word == "pounds" and doc[reading.last].lower_ in SCALES:
            reading.unit, reading.last = CURRENCY_WORDS.get(word, "GBP"), nxt
            return
    hyphenated = _hyphenated_unit(doc, reading.last)
    if hyphenated is not None:
        reading.unit, reading.last = hyphenated
        return
    noun = _counted_noun(doc, reading)
    if noun is not None:
        reading.unit, reading.noun = _normalise_noun(noun), noun.i


def _hyphenated_unit(doc: Doc, last: int) -> tuple[str, int] | None:
    """'40-year high' → year, '75-basis-point' → basis point, '45-year-old' → year."""
    words: list[Token] = []
    i = last + 1
    while i + 1 < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_ and (
        doc[i + 1].is_alpha and not doc[i].whitespace_
    ):
        words.append(doc[i + 1])
        i += 2
    if words and words[-1].lower_ == "old":
        words.pop()
    if not words:
        return None
    lemmas = [w.lemma_.lower() for w in words]
    unit = " ".join(lemmas)
    return SYNONYMS.get(unit, unit), words[-1].i


def _counted_noun(doc: Doc, reading: _Reading) -> Token | None:
    """The head noun right after the number ('7,000 US troops', 'thousands of people')."""
    i = reading.last + 1
    if i < len(doc) and doc[i].lower_ == "of" and (
        doc[reading.last].lower_ in VAGUE or doc[reading.last].lower_ in SCALES
        or doc[reading.first].dep_ != "nummod"  # "ten of those seats"
    ):
        i += 1
        while i < len(doc) and doc[i].pos_ in ("DET", "PRON") and doc[i].dep_ != "pobj":
            i += 1
    for token in doc[i : i + _MAX_NOUN_DISTANCE]:
        if (token.pos_ == "NOUN" or token.tag_ == "NNPS") and not (
            token.dep_ == "compound" and token.head.i > token.i
        ):
            return token
        if token.pos_ == "NOUN" or token.text == "-":
            continue
        if token.pos_ in ("ADJ", "PROPN", "VERB", "ADV") and token.dep_ in (
            "amod", "compound", "nmod", "npadvmod", "advmod"
        ):
            continue
        if token.pos_ == "PROPN" and token.ent_type_ in ("GPE", "NORP", "ORG"):
            continue
        return None
    return None


def _normalise_noun(token: Token) -> str:
    lemma = token.lemma_.lower()
    if token.tag_ == "NNPS" or token.text[:-1].isupper() and token.text.endswith("s"):
        lemma = token.lower_.removesuffix("s")  # "Americans", "REITs"
    compound = " ".join(
        t.lemma_.lower() for t in token.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"
    )
    full = f"{compound} {lemma}".strip()
    for candidate in (full, lemma, token.lower_):
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    if lemma in CURRENCY_WORDS:
        return CURRENCY_WORDS[lemma]
    return lemma


def _quantity(doc: Doc, reading: _Reading, sentence_of: Sequence[int]) -> Quantity:
    noun = doc[reading.noun] if reading.noun is not None else None
    span_end = max(reading.last, reading.noun or 0)
    start = doc[reading.first].idx
    end = doc[span_end].idx + len(doc[span_end].text)
    whose, where, status = _qualifiers(doc, reading, noun)
    return Quantity(
        text=doc_text(doc)[start:end],
        start=start,
        end=end,
        sentence=max(sentence_of[reading.first], 0),
        low=reading.low,
        high=reading.high,
        approximate=reading.approximate,
        unit=reading.unit,
        whose=whose,
        where=where,
        status=status,
    )


def _qualifiers(
    doc: Doc, reading: _Reading, noun: Token | None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Whose ('US', 'Russian'), where ('in Europe', 'on the border') and in what state
    ('already stationed', 'on high alert') the counted thing is."""
    anchor = noun if noun is not None else doc[reading.last]
    whose: list[str] = []
    for token in doc[reading.first : anchor.i + 1]:
        if token.ent_type_ in ("GPE", "NORP", "ORG") and token.ent_iob_ == "B":
            whose.append(canonical_name(entity_span(token).text, token.ent_type_)[1])
    for token in anchor.lefts:
        if token.dep_ == "poss" and token.ent_type_ in ("GPE", "NORP", "ORG"):
            whose.append(canonical_name(entity_span(token).text, token.ent_type_)[1])
    where: list[str] = []
    status: list[str] = []
    heads = [anchor]
    if anchor.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj") and anchor.head.pos_ in (
        "VERB", "AUX"
    ):
        heads.append(anchor.head)
        if anchor.dep_ == "dobj":  # "Russia has massed 100,000 troops": Russia's troops
            whose.extend(
                canonical_name(entity_span(t).text, t.ent_type_)[1]
                for t in anchor.head.lefts
                if t.dep_ == "nsubj" and t.ent_type_ in ("GPE", "NORP", "ORG") and t.ent_iob_
            )
    heads.extend(c for c in anchor.children if c.dep_ == "acl")  # "troops based in Germany"
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in WHERE_PREPOSITIONS:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if not objects or objects[0].ent_type_ in ("DATE", "TIME", "CARDINAL"):
                    continue
                phrase = _phrase(doc, child.i, objects[0])
                (status if objects[0].lemma_ in STATUS_NOUNS else where).append(phrase)
    # "8,500 soldiers in its territory on high alert": the state may hang lower in the clause.
    status.extend(
        _phrase(doc, token.head.i, token)
        for token in heads[-1].subtree
        if token.dep_ == "pobj" and token.lemma_ in STATUS_NOUNS and token.head.lower_ == "on"
    )
    for child in anchor.children:
        if child.ent_type_:
            continue  # "American troops": whose, not a state
        if child.dep_ in ("acl", "amod") and child.pos_ in ("VERB", "ADJ") and child.i > 0:
            adverbs = [c for c in child.lefts if c.dep_ == "advmod"]
            first = adverbs[0].i if adverbs else child.i
            status.append(doc[first : child.i + 1].text)
    return tuple(dict.fromkeys(whose)), tuple(dict.fromkeys(where)), tuple(dict.fromkeys(status))


def _phrase(doc: Doc, first: int, obj: Token) -> str:
    """A prepositional phrase up to its object, kept short ('at Ukraine's border')."""
    last = obj.i
    for child in obj.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            last = max(t.i for t in child.subtree)
    return _QUOTE_MARKS.sub("", doc[first : min(last, first + 8) + 1].text)
