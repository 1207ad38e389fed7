"""Dates and times an article mentions, resolved against the day it was published.

News writes time relative to its own date ("on Thursday", "late last month"), so each
mention is resolved against the publication date, at the precision it states, and left
None when the article is undated: never a guess. This runs on every mention of every
article, so the common forms are parsed by our own compiled patterns; dateparser (slow to
import and to call) only sees what they leave, and its answers are cached.

Values are ISO 8601: "2022-02-02T14:00", "2022-02-02", "2022-W05" (a week), "2022-02",
"2022"; a decade is ISO 8601-2's three digits ("199" for the 1990s) and a stated range is
an ISO interval ("2008/2009", "2022-09-05/2022-09-08").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from parallax.model import TimeRef
from parallax.nlp.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# --- vocabulary ---------------------------------------------------------------------------

MONTH_NUMBERS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip

# Words that make a number part of a date ("March 10", "Friday 3"), shared with quantities.py.
CALENDAR_WORDS = frozenset(MONTH_NUMBERS) | frozenset(_WEEKDAYS)


def _alternatives(words: Sequence[str]) -> str:
    # Longest first, so "sept" is tried before "sep" and "january" before "jan".
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?:{_alternatives(list(MONTH_NUMBERS))})\.?"
_WEEKDAY = rf"(?:{_alternatives(list(_WEEKDAYS))})\.?"
_NUM = rf"(?:\d+|{_alternatives(list(_NUMBERS))})"
_UNIT = (
    r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade"
    r"|centur(?:y|ie)|season|term|session)"
)
_YEAR = r"(\d{4}|'\d{2})"
_DAY = r"(\d{1,2})"
# Words that open a phrase but are not part of the date ("on Thursday", "the 1990s").
_LEADING_WORDS = frozenset(
    {"the", "on", "in", "at", "by", "since", "until", "till", "from", "during", "of", "for",
     "before", "after", "around", "through"}
)  # fmt: skip
# Words that alone, with numbers, never make a point in time ("the last two", "65 or older").
_COUNT_WORDS = frozenset(
    {"the", "a", "an", "and", "or", "to", "than", "more", "less", "about", "around", "almost",
     "nearly", "roughly", "some", "over", "under", "just", "only", "another", "last", "first",
     "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
     "next", "past", "few", "several", "many", "couple", "half", "dozen", "st", "nd", "rd",
     "th"}
) | frozenset(_NUMBERS)  # fmt: skip
# Adjectives that make "<adjective> week" a point rather than a stretch of time.
_POINT_ADJECTIVES = frozenset(
    {"this", "last", "next", "coming", "current", "following", "previous", "prior",
     "preceding", "same", "first", "second", "third", "fourth", "final", "today", "yesterday",
     "tomorrow", "christmas", "election", "polling"}
) | frozenset(_WEEKDAYS) | frozenset(MONTH_NUMBERS)  # fmt: skip

# --- is it a point in time? ---------------------------------------------------------------

_FREQUENCY = re.compile(
    r"^(?:annual(?:ly)?|monthly|weekly|daily|quarterly|yearly|hourly|nightly|bi-?weekly"
    r"|bi-?monthly|fortnightly|bi-?annual|semi-?annual(?:ly)?)$"
    rf"|\b(?:each|every|per)\b|\b{_UNIT}s? to {_UNIT}"
)
_AGE = re.compile(
    r"\bage[sd]?\b|\bold(?:er)?\b|\byounger\b|\+$|-old\b|\b(?:their|his|her|my|our|your)\b"
)
_COUNTING = re.compile(r"\b(?:in a row|consecutive|straight|running|successive)\b")
_COMPOUND = re.compile(rf"\b[\w.]+-{_UNIT}s?\b|\b{_UNIT}s?-\w")
_PLURAL_UNIT = re.compile(rf"\b{_UNIT}s(?:$| of\b)")
_RECENT = re.compile(r"^(?:in )?recent (?:days|hours)$")
_HEDGES = (
    r"(?:(?:about|around|almost|nearly|roughly|approximately|some|over|under|more than"
    r"|less than|at least|up to|just|only|a full|a whole|an entire|another|a further"
    r"|an additional) )*"
)
_SINGLE_DURATION = re.compile(
    rf"^{_HEDGES}(?:{_NUM}|half an?|a half|\d[\d,.]*) {_UNIT}$"
    rf"|^(?:the |this )?(?:past|coming) {_UNIT}$|^the last {_UNIT}$"
    rf"|^the next (?!day|night){_UNIT}$|^year \d{{1,2}}$"
)
_BARE_UNIT = re.compile(rf"^(?:(?:the|a|an|another|that) )?(?:(\w+) )?{_UNIT}(?: ahead)?$")
_YEAR4 = re.compile(r"\b[12]\d{3}\b")
_WORDS = re.compile(r"[a-z]+|\d+")


def _is_point(low: str) -> bool:
    """Whether a lowercased DATE/TIME entity names a moment rather than a stretch of time,
    a frequency or an age: only moments can be placed on a timeline."""
    if _FREQUENCY.search(low) or _AGE.search(low) or _COUNTING.search(low):
        return False
    if _COMPOUND.search(low) and not _YEAR4.search(low):
        return False
    if _PLURAL_UNIT.search(low) and not _RECENT.match(low):
        return False
    if _SINGLE_DURATION.match(low):
        return False
    bare = _BARE_UNIT.match(low)
    if bare and bare.group(1) not in _POINT_ADJECTIVES:
        return False
    words = _WORDS.findall(low)
    return not all(w in _COUNT_WORDS or (w.isdigit() and len(w) <= 3) for w in words)


# --- normalising ----------------------------------------------------------------------------

_CHARS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s?$")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_LEAD = re.compile(rf"^(?:(?:{'|'.join(sorted(_LEADING_WORDS))}|between|as of) )+")
_PREPOSITION_LEAD = re.compile(rf"^(?:(?:{'|'.join(sorted(_LEADING_WORDS - {'the'}))}) )+")


def _lower(text: str) -> str:
    """Lowercase, one space between words, no edge punctuation or possessive 's."""
    low = _SPACES.sub(" ", text.translate(_CHARS).lower()).strip(" ,.;:!?")
    low = _POSSESSIVE.sub("", low).strip(" ,.;:!?")
    return _ORDINAL.sub("", low)


# --- resolving ------------------------------------------------------------------------------


class _Resolved(NamedTuple):
    value: str | None
    relative: bool
    # Set when the text gave only a clock time ("14:00") or part of day ("") and the day
    # defaulted to publication: another day in the same sentence takes precedence.
    floating: str | None = None


_UNRESOLVED = _Resolved(None, True)

_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
)
_CLOCK = re.compile(
    r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))? ?([ap])\.? ?m\b\.?"
    r"|(?<![\d:])(\d{1,2}):(\d{2})(?!\d)"
    r"|(?<!\d)(\d{1,2}) o'clock\b"
    r"|\b(noon|midday|midnight)\b"
    r"|(?<!\d)([01]\d|2[0-3])([0-5]\d) (?=gmt|utc)"
)
_ZONE = re.compile(
    r"\b(?:gmt|utc|bst|cet|cest|eet|eest|msk|[ecmp][sd]?t|z|local time|local|hrs|hours|h)\b"
)
_TRAILING_LINK = re.compile(r"(?: (?:at|on|by|around|about|from|of|in|the))+$")
_PART_OF_DAY = re.compile(r"^(?:(.+) )?(morning|afternoon|evening|night|overnight)$")
_PART_OF = re.compile(
    r"^(?:(?:the )?(?:very )?(?:earl(?:y|ier)|lat(?:e|er)|mid|middle of|end of|close of"
    r"|start of|beginning of|turn of|(?:morning|afternoon|evening|night) of"
    r"|(?:first|second|third|fourth|last|final) (?:half|quarter|week|weeks|days|part|months)"
    r" of|(?:q[1-4]|h[12]|(?:first|second|third|fourth) (?:quarter|half)|full[- ]year)"
    r"(?: of)?)(?:[ -]+|(?=\d)|(?='))(?:in )?(?:the )?)+"
)
_TODAY = re.compile(
    r"^(?:today|tonight|now|this (?:morning|afternoon|evening)|(?:earlier|later) today"
    r"|recent (?:days|hours))$"
)
_SHIFTED_DAY = {
    "yesterday": -1, "last night": -1, "tomorrow": 1, "day before yesterday": -2,
    "day after tomorrow": 2,
}  # fmt: skip
_RELATIVE_WEEKDAY = re.compile(
    rf"^(?:(last|this|next|this past|this coming|coming|past) )?({_WEEKDAY})$"
)
_RELATIVE_UNIT = re.compile(
    r"^(this|last|next|this past|this coming|coming|past|current) "
    r"(week|weekend|month|year|decade)$"
)
_RELATIVE_MONTH = re.compile(rf"^(last|this|next|this past|this coming|coming|past) ({_MONTH})$")
_AGO = re.compile(
    rf"^(?:(?:about|around|nearly|almost|roughly|some|just|only) )?({_NUM}) "
    rf"({_UNIT})s? (ago|from now|hence|later|earlier|before|after|prior)$"
)
_WEEK_OF = re.compile(r"^(?:the )?(week|weekend|month) of (.+)$")
_SLASH_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_SLASH_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4}) ?(?:-|to|through|until) ?(\d{4}|\d{2})$")
_DAY_RANGE_DM = re.compile(rf"^{_DAY} ?(?:-|to|and|through) ?{_DAY} ({_MONTH})(?:,? {_YEAR})?$")
_DAY_RANGE_MD = re.compile(rf"^({_MONTH}) {_DAY} ?(?:-|to|and|through) ?{_DAY}(?:,? {_YEAR})?$")
_WEEKDAY_LEAD = rf"(?:{_WEEKDAY},? )?"
_MONTH_DAY = re.compile(rf"^{_WEEKDAY_LEAD}({_MONTH}) {_DAY}(?:,? {_YEAR})?$")
_DAY_MONTH = re.compile(
    rf"^{_WEEKDAY_LEAD}(?:the )?(\d{{1,2}}|{_alternatives(list(_ORDINALS))}) (?:of )?({_MONTH}),?"
    rf"(?: {_YEAR})?$"
)
_MONTH_YEAR = re.compile(rf"^({_MONTH}),? (?:of )?{_YEAR}$")
_MONTH_ALONE = re.compile(rf"^({_MONTH})$")
_YEAR_ALONE = re.compile(r"^(?:year )?([12]\d{3})$")
_DECADE = re.compile(r"^(?:([12]\d{2})0|'?(\d)0)'?s$")
_SEASON = re.compile(r"^(?:(this) )?(spring|summer|autumn|fall|winter)(?:,? (?:of )?(\d{4}))?$")
_NO_ANSWER = re.compile(rf"^(?:\w+ )?{_UNIT}s?$")
# What only the surrounding text could settle: left None rather than handed to dateparser.
_VAGUE = re.compile(
    r"\b(?:same|previous|prior|following|preceding|earlier|later|before|after|then|that|ahead"
    r"|period|fiscal|fy|quarter|half|q[1-4]|h[12]|spring|summer|autumn|fall|winter|season"
    r"|era|times?|end|start|beginning|middle|to|or|and|between|several|few|many|couple|some"
    r"|more|less|over|under)\b"
)
_DIGIT_AND_WORD = re.compile(r"\d.*[a-z]{2}|[a-z]{2}.*\d")
_NAMES = re.compile(rf"\b(?:{_MONTH}|{_WEEKDAY})(?![a-z])")


def _publication_day(published: str | None) -> date | None:
    """The date part of an ISO date or timestamp; None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _two_digit_year(text: str) -> int:
    """'80 is 1980, '21 is 2021: a fixed pivot, so the answer never depends on today."""
    if not text.startswith("'"):
        return int(text)
    yy = int(text[1:])
    return 2000 + yy if yy <= 30 else 1900 + yy


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_day(month: int, day: int, pub: date, future: bool) -> date | None:
    """A day without a year falls in the year that puts it nearest publication (the next
    one when the sentence speaks of the future); a tie goes to the past."""
    candidates = [
        d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))
    ]
    if future:
        candidates = [d for d in candidates if d >= pub]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - pub).days), d > pub))


def _nearest_month(month: int, pub: date, future: bool) -> tuple[int, int]:
    """A month without a year, placed like `_nearest_day`."""
    here = pub.year * 12 + pub.month - 1
    candidates = [y * 12 + month - 1 for y in (pub.year - 1, pub.year, pub.year + 1)]
    if future:
        candidates = [c for c in candidates if c >= here]
    best = min(candidates, key=lambda c: (abs(c - here), c > here))
    return best // 12, best % 12 + 1


def _weekday(weekday: int, modifier: str | None, pub: date, future: bool) -> date:
    """News convention: a bare weekday is the latest one on or before publication, or the
    first one after it when the sentence is about the future."""
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if modifier in ("last", "past", "this past"):
        return pub - timedelta(days=back or 7)
    if modifier in ("next", "coming", "this coming") or (modifier is None and future):
        return pub + timedelta(days=ahead or 7)
    if modifier == "this":
        return pub - timedelta(days=pub.weekday()) + timedelta(days=weekday)
    return pub - timedelta(days=back)


def _relative_unit(modifier: str, unit: str, pub: date) -> str:
    step = {"next": 1, "coming": 1, "this coming": 1, "last": -1, "past": -1, "this past": -1}
    by = step.get(modifier, 0)
    if unit == "week":
        return _week(pub + timedelta(weeks=by))
    if unit == "weekend":
        # Weekends close ISO weeks; "this past weekend" said on one is that very weekend.
        if modifier == "this past" and pub.weekday() >= 5:
            by = 0
        return _week(pub + timedelta(weeks=by))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, by))
    if unit == "year":
        return f"{pub.year + by:04d}"
    return f"{(pub.year // 10 + by):03d}"  # decade


def _ago(count: int, unit: str, direction: str, pub: date) -> str | None:
    sign = -1 if direction == "ago" else 1
    if unit in ("second", "minute", "hour"):
        return pub.isoformat()
    if unit in ("day", "night"):
        return (pub + timedelta(days=sign * count)).isoformat()
    if unit == "fortnight":
        return (pub + timedelta(days=sign * 14 * count)).isoformat()
    if unit == "week":
        return _week(pub + timedelta(weeks=sign * count))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, sign * count))
    if unit == "year":
        return f"{pub.year + sign * count:04d}"
    if unit == "decade":
        return f"{pub.year + sign * 10 * count:04d}"
    return None


def _month_day(
    month: int, day: int, year_text: str | None, pub: date | None, future: bool
) -> _Resolved:
    if year_text:
        found = _safe_date(_two_digit_year(year_text), month, day)
        return _Resolved(found.isoformat() if found else None, False)
    if pub is None:
        return _UNRESOLVED
    found = _nearest_day(month, day, pub, future)
    return _Resolved(found.isoformat() if found else None, True)


def _day_range(
    first: int, last: int, month: int, year_text: str | None, pub: date | None, future: bool
) -> _Resolved:
    start = _month_day(month, first, year_text, pub, future)
    if start.value is None:
        return start
    end = _safe_date(int(start.value[:4]), month, last)
    if end is None or end.isoformat() <= start.value:
        return _Resolved(None, start.relative)
    return _Resolved(f"{start.value}/{end.isoformat()}", start.relative)


def _resolve_date(low: str, pub: date | None, future: bool) -> _Resolved:
    """Resolve a lowercased mention that holds no clock time; the patterns cover what news
    writes most, the rest goes to dateparser."""
    low = _LEAD.sub("", low)
    stripped = _PART_OF.sub("", low)
    if stripped and stripped != low:
        # "late last month" is last month, "mid-June" is June: at the container's precision.
        return _resolve_date(stripped, pub, future)

    if m := _ISO_DATETIME.fullmatch(low):
        found = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return _Resolved(found.isoformat() if found else None, False)
    if m := _SLASH_YMD.match(low):
        found = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return _Resolved(found.isoformat() if found else None, False)
    if m := _SLASH_DMY.match(low):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        if a != b and max(a, b) <= 12:  # day/month order would be a guess
            return _Resolved(None, False)
        found = _safe_date(year, b, a) if a > 12 else _safe_date(year, a, b)
        return _Resolved(found.isoformat() if found else None, False)
    if m := _YEAR_RANGE.match(low):
        start = int(m[1])
        end = int(m[2]) if len(m[2]) == 4 else start // 100 * 100 + int(m[2])
        return _Resolved(f"{start:04d}/{end:04d}" if end > start else None, False)
    if m := _DAY_RANGE_DM.match(low):
        return _day_range(int(m[1]), int(m[2]), MONTH_NUMBERS[m[3].rstrip(".")], m[4], pub, future)
    if m := _DAY_RANGE_MD.match(low):
        return _day_range(int(m[2]), int(m[3]), MONTH_NUMBERS[m[1].rstrip(".")], m[4], pub, future)
    if m := _MONTH_DAY.match(low):
        return _month_day(MONTH_NUMBERS[m[1].rstrip(".")], int(m[2]), m[3], pub, future)
    if m := _DAY_MONTH.match(low):
        day = int(m[1]) if m[1].isdigit() else _ORDINALS[m[1]]
        return _month_day(MONTH_NUMBERS[m[2].rstrip(".")], day, m[3], pub, future)
    if m := _MONTH_YEAR.match(low):
        return _Resolved(_month(_two_digit_year(m[2]), MONTH_NUMBERS[m[1].rstrip(".")]), False)
    if m := _YEAR_ALONE.match(low):
        return _Resolved(m[1], False)
    if m := _DECADE.match(low):
        decade = m[1] or str(_two_digit_year(f"'{m[2]}0") // 10)
        return _Resolved(decade, False)
    if m := _WEEK_OF.match(low):
        inner = _resolve_date(m[2], pub, future)
        if m[1] == "month" and inner.value and len(inner.value) >= 7:
            return _Resolved(inner.value[:7], inner.relative)
        if inner.value is None or len(inner.value) != 10:
            return _Resolved(None, inner.relative)
        return _Resolved(_week(date.fromisoformat(inner.value)), inner.relative)
    if m := _SEASON.match(low):
        if m[3]:
            return _Resolved(m[3], False)
        if m[1] and m[2] != "winter" and pub is not None:
            return _Resolved(f"{pub.year:04d}", True)
        return _UNRESOLVED

    # Everything below is relative to publication.
    if m := _MONTH_ALONE.match(low):
        if pub is None:
            return _UNRESOLVED
        month = MONTH_NUMBERS[m[1].rstrip(".")]
        return _Resolved(_month(*_nearest_month(month, pub, future)), True)
    if _TODAY.match(low):
        return _Resolved(pub.isoformat() if pub else None, True)
    if low in _SHIFTED_DAY:
        shifted = pub + timedelta(days=_SHIFTED_DAY[low]) if pub else None
        return _Resolved(shifted.isoformat() if shifted else None, True)
    if m := _RELATIVE_WEEKDAY.match(low):
        if pub is None:
            return _UNRESOLVED
        return _Resolved(_weekday(_WEEKDAYS[m[2].rstrip(".")], m[1], pub, future).isoformat(), True)
    if m := _RELATIVE_UNIT.match(low):
        return _Resolved(_relative_unit(m[1], m[2], pub) if pub else None, True)
    if m := _RELATIVE_MONTH.match(low):
        if pub is None:
            return _UNRESOLVED
        month = MONTH_NUMBERS[m[2].rstrip(".")]
        if m[1] in ("last", "past", "this past"):
            year = pub.year if month < pub.month else pub.year - 1
        elif m[1] == "this":
            year = pub.year
        else:
            year = pub.year if month > pub.month else pub.year + 1
        return _Resolved(_month(year, month), True)
    if m := _AGO.match(low):
        if m[3] not in ("ago", "from now", "hence") or pub is None:
            return _UNRESOLVED  # "a year earlier" counts from another date in the text
        count = int(m[1]) if m[1].isdigit() else _NUMBERS[m[1]]
        return _Resolved(_ago(count, m[2], m[3], pub), True)
    if _NO_ANSWER.match(low) or _VAGUE.search(low) or len(_NAMES.findall(low)) > 1:
        return _Resolved(None, not _YEAR4.search(low))

    has_year = bool(_YEAR4.search(low))
    if (pub is None and not has_year) or not (_NAMES.search(low) or _DIGIT_AND_WORD.search(low)):
        return _Resolved(None, not has_year)
    value = _dateparse(low, pub.isoformat() if pub else None, future)
    return _Resolved(value, not has_year)


def _clock(m: re.Match[str]) -> str | None:
    """HH:MM from a clock-time match, None when the numbers are not a time of day."""
    if m[3]:  # 2 p.m., 9:30am
        hour, minute = int(m[1]), int(m[2] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m[3] == "p" else 0)
    elif m[4]:
        hour, minute = int(m[4]), int(m[5])
    elif m[6]:
        hour, minute = int(m[6]), 0
    elif m[7]:
        hour, minute = (12, 0) if m[7] in ("noon", "midday") else (0, 0)
    else:
        hour, minute = int(m[8]), int(m[9])
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


@lru_cache(maxsize=8192)
def _resolve(text: str, pub: date | None, future: bool) -> _Resolved:
    """Resolve a mention known to be a point in time, clock times included."""
    low = _LEAD.sub("", _lower(text))
    if (m := _ISO_DATETIME.fullmatch(low)) and m[4]:
        found = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        valid = found and int(m[4]) < 24 and int(m[5]) < 60
        return _Resolved(f"{found.isoformat()}T{m[4]}:{m[5]}" if valid else None, False)
    clock, twelve_hour = None, False
    if m := _CLOCK.search(low):
        clock, twelve_hour = _clock(m), bool(m[3] or m[7])
        low = _ZONE.sub("", low[: m.start()] + " " + low[m.end() :])
        low = _TRAILING_LINK.sub("", _LEAD.sub("", _SPACES.sub(" ", low.replace(",", " ")).strip()))
        if clock is None:
            return _Resolved(None, not _YEAR4.search(low))
    if low not in ("last night", "this morning", "this afternoon", "this evening") and (
        part := _PART_OF_DAY.match(low)
    ):
        if clock and not twelve_hour and part[2] != "morning" and clock < "12":
            clock = f"{int(clock[:2]) + 12:02d}{clock[2:]}"  # "Sunday evening at 7:30"
        low = _TRAILING_LINK.sub("", _LEAD.sub("", part[1] or ""))
        if not _PART_OF.sub("", low + " "):
            low = ""  # "early morning", "late at night": still only a time of day
    if not low:  # a time of day and nothing else: the day comes from context
        if pub is None:
            return _Resolved(None, True, clock or "")
        value = pub.isoformat() + (f"T{clock}" if clock else "")
        return _Resolved(value, True, clock or "")
    resolved = _resolve_date(low, pub, future)
    if clock and resolved.value and len(resolved.value) == 10:
        return _Resolved(f"{resolved.value}T{clock}", resolved.relative)
    return resolved


@lru_cache(maxsize=64)
def _date_parser(base: str | None, future: bool) -> Any:
    from dateparser.date import DateDataParser  # slow to import: only when a mention needs it

    settings = {
        "RELATIVE_BASE": datetime.fromisoformat(base) if base else datetime(2000, 1, 1),
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparse(text: str, base: str | None, future: bool) -> str | None:
    """dateparser's reading of a form our patterns do not know, at its stated precision."""
    data = _date_parser(base, future).get_date_data(text)
    found = data.date_obj
    if found is None or not 1000 <= found.year <= 2999:
        return None
    if data.period == "year":
        return f"{found.year:04d}"
    if data.period == "month":
        return _month(found.year, found.month)
    if data.period == "week":
        return _week(found.date())
    if _CLOCK.search(text):
        return found.strftime("%Y-%m-%dT%H:%M")
    return found.date().isoformat()


def resolve_time(text: str, published: str | None, future: bool = False) -> tuple[str | None, bool]:
    """Resolve one date or time phrase against a publication date: (ISO value or None,
    whether the publication date was needed). Durations, frequencies and ages are not
    points in time and give (None, False)."""
    if not _is_point(_PREPOSITION_LEAD.sub("", _lower(text))):
        return None, False
    resolved = _resolve(text, _publication_day(published), future)
    return resolved.value, resolved.relative


# --- in a parsed document -----------------------------------------------------------------

_FUTURE_WORDS = frozenset({"next", "tomorrow", "coming", "upcoming"})
_FUTURE_AUX = frozenset({"will", "would", "'ll", "shall", "wo"})
_SCHEDULED = frozenset({"set", "due", "expected", "scheduled", "slated", "poised", "going"})
_PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re", "'m"})
_INTENDS = frozenset({"plan", "intend", "aim", "hope", "expect"})


def _is_future(span: Span) -> bool:
    """Whether the sentence places this time ahead: "will"/"would" on its verb, "next", or a
    present "is set/due/expected/scheduled to" governing it."""
    if any(token.lower_ in _FUTURE_WORDS for token in span):
        return True
    verb: Token = span.root
    for _ in range(8):
        if verb.head is verb:
            break
        verb = verb.head
        if verb.pos_ in ("VERB", "AUX") or verb.lower_ in _SCHEDULED:
            break
    for _ in range(4):
        children = list(verb.children)
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in children):
            return True
        if verb.lower_ in _SCHEDULED:
            be = [c for c in children if c.dep_ in ("aux", "auxpass")] + [verb.head]
            if any(b.lower_ in _PRESENT_BE for b in be):
                return True
        if verb.lemma_ in _INTENDS and verb.tag_ in ("VBZ", "VBP"):
            return True
        if verb.dep_ not in ("xcomp", "conj", "acomp") or verb.head is verb:
            break
        verb = verb.head
    return False


def _trimmed(ent: Span) -> tuple[int, int] | None:
    """Token bounds of the mention itself: no text past a line break (spaCy's spans run
    into the next paragraph), no leading "the"/"on", no trailing punctuation."""
    tokens = list(ent)
    for k, token in enumerate(tokens):
        if token.is_space or "\n" in token.text:
            tokens = tokens[:k]
            break
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].tag_ == "POS"):
        tokens.pop()
    first = 0
    while first < len(tokens) - 1 and tokens[first].lower_ in _LEADING_WORDS:
        first += 1
    if not tokens or tokens[first].lower_ in _LEADING_WORDS:
        return None
    return tokens[first].i, tokens[-1].i


def _attach(found: list[tuple[TimeRef, str | None]]) -> list[TimeRef]:
    """A time of day with no day of its own belongs to the day named in its sentence; only
    a sentence naming none falls back to publication."""
    refs = []
    for ref, floating in found:
        if floating is not None:
            days = [
                other
                for other, other_floating in found
                if other.sentence == ref.sentence and other_floating is None
            ]
            if days:
                exact = [d for d in days if d.value and len(d.value) in (10, 16)]
                if exact:
                    day = min(exact, key=lambda d: abs(d.start - ref.start))
                    value = day.value[:10] + (f"T{floating}" if floating else "")
                    ref = TimeRef(ref.text, ref.start, ref.end, ref.sentence, value, day.relative)
                else:
                    ref = TimeRef(ref.text, ref.start, ref.end, ref.sentence, None, True)
        refs.append(ref)
    return refs


def find_times(doc: Doc, sentence_of: Sequence[int], published: str | None) -> list[TimeRef]:
    """Every point in time the document mentions (spaCy's DATE and TIME entities, less
    durations, frequencies and ages), resolved against the publication date."""
    pub = _publication_day(published)
    text = doc_text(doc)
    found: list[tuple[TimeRef, str | None]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        bounds = _trimmed(ent)
        if bounds is None:
            continue
        first, last = bounds
        whole = text[ent.start_char : doc[last].idx + len(doc[last])]
        if not _is_point(_PREPOSITION_LEAD.sub("", _lower(whole))):
            continue
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        mention = text[start:end]
        span = doc[first : last + 1]
        resolved = _resolve(mention, pub, _is_future(span))
        if resolved.floating == "" and span.root.dep_ in ("amod", "compound"):
            continue  # "the overnight rate", "Monday Morning Outlook": a name, not a time
        ref = TimeRef(mention, start, end, sentence_of[first], resolved.value, resolved.relative)
        found.append((ref, resolved.floating))
    return _attach(found)
