"""Bylines in their common forms, read into who wrote the piece and what kind of piece it is.

"By Jane Doe", "By Jane Doe and John Roe", "By Jane Doe, Economics Correspondent",
"Opinion by Jane Doe for CNN Business Perspectives", "Jane Doe | Reuters": the author is the
names, never the role or the outlet beside them (those would make one writer look like two
when comparing sources), and "Opinion by" / "Analysis by" says what kind of piece follows,
which decides whether its statements are reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parallax.ingest.outlets import known_outlet_named
from parallax.model import ArticleKind

# News agencies, whose name after a byline or in brackets credits the wire.
AGENCIES = (
    "AP", "AFP", "Reuters", "dpa", "PA", "EFE", "ANSA", "Bloomberg", "PTI", "IANS", "ANI", "UPI",
    "Xinhua", "TASS",
)  # fmt: skip
MAX_BYLINE_WORDS = 12
# A byline's tail names a role, an outlet or a date; a sentence's runs on in lowercase.
MAX_TAIL_LOWERCASE_WORDS = 2

_NAME = r"[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}"
_BY = re.compile(
    r"^(?:(?P<kind>(?i:opinion|analysis))\s+by|([Ww]ritten |[Rr]eported |[Ww]ords )?[Bb]y)[:\s]+"
    r"(?!(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(The|This|That|Then|Now|Early|Late)\b)"
    rf"(?P<author>{_NAME}(\s*(,|and|&)\s*{_NAME}){{0,3}})"
    r"(?P<tail>\s*([,|•·\-–—]|\s(on|for)\s)\s*.{0,60})?$"
)
_KINDS: dict[str, ArticleKind] = {"opinion": "opinion", "analysis": "analysis"}
# "Jane Doe | Reuters": a name of two to four words, then an agency or a known outlet.
_AGENCY_CREDIT = re.compile(
    r"^(?P<author>[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){1,3})\s*\|\s*(?P<credit>[\w .&-]{2,30})$"
)
# Words of a section label ("World News | Reuters"), never of a person's name.
_SECTION_WORDS = frozenset({
    "news", "breaking", "live", "latest", "world", "business", "politics", "opinion", "analysis",
    "video", "sport", "sports", "markets", "market", "home", "tech", "technology", "science",
    "health", "economy", "top", "stories", "updates",
})  # fmt: skip
# What follows a writer's name after a comma when it is not another name: a role or a desk.
_ROLE = re.compile(
    r"\b(correspondent|reporter|editor|writer|columnist|contributor|staff|bureau|chief|"
    r"producer|analyst|journalist|desk|news|media|wire)s?\b",
    re.I,
)


@dataclass(frozen=True)
class Byline:
    """Who a byline names (as written, names only) and the kind of piece it announces."""

    author: str
    kind: ArticleKind | None = None


def read_byline(line: str, outlet: str | None = None) -> Byline | None:
    """The byline `line` states, or None when it is not one ('By Wednesday, the troops...').

    Parts after a comma that are a role, an agency or `outlet` (the article's own) are left
    out of the author: "By Cary Springfield, International Banker" is Cary Springfield.
    """
    line = line.strip()
    if len(line.split()) > MAX_BYLINE_WORDS:
        return None
    if match := _BY.match(line):
        tail = (match.group("tail") or "").split()
        if sum(word[:1].islower() for word in tail) > MAX_TAIL_LOWERCASE_WORDS:
            return None
        kind = _KINDS.get((match.group("kind") or "").lower())
        return Byline(_names_only(match.group("author"), outlet), kind)
    if (match := _AGENCY_CREDIT.match(line)) and _is_agency(match.group("credit")):
        words = match.group("author").lower().split()
        if not _SECTION_WORDS.intersection(words):
            return Byline(match.group("author"))
    return None


def _names_only(author: str, outlet: str | None) -> str:
    """The author's names, up to the first part after a comma that is not a name."""
    parts = [part.strip() for part in author.split(",")]
    kept = parts[:1]
    for part in parts[1:]:
        if _ROLE.search(part) or _is_agency(part) or (outlet and _same_name(part, outlet)):
            break
        kept.append(part)
    return ", ".join(kept)


def _is_agency(name: str) -> bool:
    name = name.strip()
    return name in AGENCIES or known_outlet_named(name) is not None


def _same_name(part: str, outlet: str) -> bool:
    """'International Banker' names 'internationalbanker.com'; 'New York Times' 'The New York
    Times'."""
    return _letters(part) == _letters(re.sub(r"\.[a-z.]{2,}$", "", outlet.lower()))


def _letters(name: str) -> str:
    return re.sub(r"[\W_]", "", name.lower().removeprefix("the "))
