"""What tells one news event from another, read from an article's text in one cheap pass.

Same topic is not same story: two earthquakes share "quake", "magnitude" and "killed"; what
differs is who and where (names), how many (numbers) and when (dates). Each article becomes
four bags of features, one per kind, so that each kind can be weighted on its own. Everything
here is regular expressions: spaCy's NER costs ~70 articles/s on this machine and bought
nothing over these name patterns on ECB+ (see bench/README.md). The stop words are
scikit-learn's: spaCy's list would import spaCy (and torch), ~230 MB, for a word list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOP_WORDS

from parallax.model import Article
from parallax.nlp.dates import MONTH_NUMBERS

WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")
# A run of capitalised words ("Lindsay Lohan", "Betty Ford Center", "W. Mark Felt"), letting
# a few lower-case joiners through ("Bank of America", "Procter and Gamble").
_CAP = r"(?:[A-Z][\w'’.-]*[A-Za-z]|[A-Z]\.)"
NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:of|the|and|de|del|van|von|al|bin|la|le)\s+)?{_CAP})*")
NUMBER = re.compile(r"(?<![\w.])\d[\d,.:-]*\d(?!\w)|(?<![\w.])\d(?!\w)")
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")
DAY_MONTH_YEAR = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+((?:19|20)\d\d)\b")
SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+|\n+")
TITLE_REPEAT = 2  # the headline states the event; its words count twice


@dataclass(frozen=True)
class Features:
    """An article's feature bags: feature -> count, one bag per kind."""

    words: Counter[str]
    names: Counter[str]
    numbers: Counter[str]
    dates: Counter[str]

    def bags(self) -> dict[str, Counter[str]]:
        return {
            "words": self.words,
            "names": self.names,
            "numbers": self.numbers,
            "dates": self.dates,
        }


def extract(article: Article) -> Features:
    """The four feature bags of one article: title (counted twice) and body."""
    parts = [article.title] * TITLE_REPEAT if article.title else []
    text = "\n".join([*parts, article.text])
    return Features(
        words=Counter(words(text)),
        names=Counter(names(text)),
        numbers=Counter(numbers(text)),
        dates=Counter(dates(article.published, article.text)),
    )


def words(text: str) -> list[str]:
    """Content words, lower-cased, stop words out."""
    found = (match.group().lower() for match in WORD.finditer(text))
    return [word for word in found if word not in STOP_WORDS]


def names(text: str) -> list[str]:
    """Capitalised runs, lower-cased; a multi-word name also yields its last word, so that
    "Mark Felt" and a later bare "Felt" meet."""
    found: list[str] = []
    for sentence in SENTENCE_END.split(text):
        for match in NAME.finditer(sentence):
            tokens = match.group().rstrip(".").lower().split()
            while tokens and tokens[0] in STOP_WORDS:  # "The", "After": a sentence's start
                tokens.pop(0)
            if not tokens or len(tokens[0]) < 2:
                continue
            name = " ".join(tokens)
            found.append(name)
            if " " in name:
                found.append(name.rsplit(" ", 1)[1])
    return found


def numbers(text: str) -> list[str]:
    """Figures as written, thousands separators dropped ("31-24", "5.6", "1200"); years are
    dates, not figures."""
    figures = (match.group().replace(",", "") for match in NUMBER.finditer(text))
    return [figure for figure in figures if not YEAR.fullmatch(figure)]


def dates(published: str | None, text: str) -> list[str]:
    """When: the publication day with its neighbours (a day apart still overlaps), month and
    year; the months of full dates the text states; the years it names."""
    found: list[str] = []
    if published:
        day = date.fromisoformat(published)
        found += [f"day:{date.fromordinal(day.toordinal() + k)}" for k in (-1, 0, 1)]
        found += [f"month:{published[:7]}", f"year:{published[:4]}"]
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR):
        for match in pattern.finditer(text):
            month = MONTH_NUMBERS[match[1].lower()]
            found.append(f"month:{match[2]}-{month:02d}")
    found += [f"year:{year}" for year in YEAR.findall(text)]
    return found
