"""Remove site junk from plain text that users copied or exported from a web page.

Pasted articles come with menus, share buttons, captions, "READ MORE" links, reading-time
lines, comment notices and trailing lists of other headlines. Lines are judged first by
what they unmistakably are (patterns), then by how much they read like prose (length and
English function words, as jusText does for HTML), then by their neighbours: the body is
the run of prose lines, and short lines inside it (subheadings, one-line paragraphs) stay.
Every removed line is kept with its reason, so metadata (byline, date, outlet, title) can
be read from it and a user can audit what went.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from parallax.ingest.language import Language, detect_language, language, text_length
from parallax.model import RemovedLine

# Reasons a line is removed: shown to users in `--keep-removed` output.
NAVIGATION = "navigation"
RELATED = "related links"
SHARE = "share or follow"
PROMO = "promotion"
CAPTION = "image caption or credit"
COMMENTS = "comment notice"
READING_TIME = "reading time"
BYLINE = "byline"
DATELINE = "dateline"
OUTLET = "outlet name"
LINK = "bare link"
LEGAL = "legal notice"
SIGNATURE = "author initials or agencies"
HEADER = "before the article body"
FOOTER = "after the article body"
LOW_PROSE = "not article prose"

_WORD = re.compile(r"[\w’']+", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]。！？」』）]\s*$")

# Patterns that make a whole line junk, whatever surrounds it.
_JUNK_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (NAVIGATION, re.compile(
        r"^(\d+\.\s*)?skip to (the )?(main |primary )?(content|navigation|menu|main menu|search|"
        r"footer|more .{1,30} sites|article)\b"
        r"|^(menu|main menu|home|homepage|search|sign in|log in|login|log out|register|"
        r"subscribe( now)?|sections|navigation|back to top|top|close|open|next|previous|"
        r"toggle navigation|jump to|show more|load more|more)$", re.I)),
    (RELATED, re.compile(
        r"^(read more|related|see also|also read|read also|more on this( story)?|recommended|"
        r"read next|up next|watch( now)?|listen|more from [^:]{1,40}|editor'?s picks?)\s*[:|›»>]"
        r"|^(related( articles| stories| content| coverage| topics| news)?|read more|"
        r"(more )?latest news|more latest news|most (read|popular|viewed|shared)|trending( now)?|"
        r"you (may|might) also like|recommended( for you| stories| reading)?|more stories|"
        r"top stories|see more.{0,60}|more topics|more news|popular now|what to read next|"
        r"more in .{1,40}|more from .{1,40}|in other news|around the web|sponsored (links|content"
        r"|stories)|promoted (links|stories|content))$", re.I)),
    (SHARE, re.compile(
        r"^(share|share this( article| story| page)?|share on \w+|tweet|email|e-mail|print|"
        r"copy link|copy( the)? url|facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|"
        r"messenger|telegram|flipboard|comments?|\d+ comments?|save|saved|bookmark|"
        r"follow( us)?( on .{1,40})?|like us on facebook)$"
        r"|^(follow|find) us on\b|^share (this|on)\b.{0,40}$|^click (here )?to share", re.I)),
    (PROMO, re.compile(
        r"^(advertisement|advert|ad|sponsored|story continues below( advertisement)?|"
        r"continue reading( below)?|article continues below|scroll to continue.{0,30})$"
        r"|^(sign up|subscribe) (for|to) (our|the) .{0,60}newsletter|newsletter sign.?up"
        r"|^(download|get) (the|our) .{0,30}app\b|^get the latest .{0,60}(inbox|newsletter)"
        r"|^support (our|independent) journalism|^already a subscriber|^this content is"
        r" (not available|imported)", re.I)),
    (CAPTION, re.compile(
        r"^(image|photo|picture|photograph|video|credit|illustration|graphic)s?( credit)?\s*:"
        r"|(image|photo|picture|photograph|credit)s?( credit)?:\s*[^.!?]{0,80}$"
        r"|\((photo|image|picture)s? (by|credit|courtesy)\b[^)]*\)\s*$"
        r"|^(a |an )?(map|photo|picture|file photo|graphic|chart|image|video|screenshot)s? "
        r"(showing|shows|of)\b[^.!?]*$"
        r"|(getty images|shutterstock|istock|alamy|afp via getty images)\s*$", re.I)),
    (COMMENTS, re.compile(
        r"comment(s|ing)? (policy|section|are closed|have been (closed|disabled)|disabled)"
        r"|suspending (article )?comment|community (guidelines|standards)|^discuss(ion)?$"
        r"|^(add|post|leave|view|show|read) (a |your |all )?(\d+ )?comments?$"
        r"|^join the (conversation|discussion)", re.I)),
    (READING_TIME, re.compile(
        r"^[·•|\-\s]*(\d+|one|two|three|four|five)\s*(-\s*)?(min|mins|minute|minutes)( read)?"
        r"[·•|\s]*$|^reading time\b|^estimated reading time", re.I)),
    (LEGAL, re.compile(
        r"©|\(c\)\s*\d{4}|all rights reserved|^terms (of|and) (use|service|conditions)"
        r"|^privacy (policy|notice)|^cookie (policy|settings|preferences)"
        r"|\b(we|(this|our) (web)?site) uses? cookies|\bcookies (are|that are) (absolutely )?"
        r"(necessary|essential)|^(necessary|functional|analytics|performance) cookies", re.I)),
    (LINK, re.compile(r"^(https?://|www\.)\S+$", re.I)),
    (SIGNATURE, re.compile(
        r"^[a-z]{1,4}(\s*[,/]\s*[a-z]{1,4})+\s*(\([A-Za-z ,/.]+\))?$"
        r"|^\((AP|AFP|Reuters|dpa|PA|EFE|ANSA|Bloomberg)(\s*[,/]\s*[A-Za-z ]+)*\)$")),
]

_BYLINE = re.compile(
    r"^([Ww]ritten |[Rr]eported |[Ww]ords )?[Bb]y[:\s]+(?P<author>[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}"
    r"(\s*(,|and|&)\s*[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}){0,3})"
    r"(\s*[,|•·\-–—]\s*.{0,60})?$"
)
_MONTHS = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)
DATE_PATTERN = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|(?P<dmy>\b\d{{1,2}}(st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}\b)"
    rf"|(?P<mdy>\b{_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b)",
    re.I,
)
# What may stand beside a date on a line that is only a dateline.
_DATELINE_REST = re.compile(
    r"^(published|posted|updated|last updated|first published|date|on|at|am|pm|gmt|bst|utc|"
    r"est|edt|et|cet|cest|\d{1,2}[:.]\d{2}|\d{1,2}|mon(day)?|tue(sday)?|wed(nesday)?|"
    r"thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?|h|hrs|,|\||-|–|—|·|•)?$",
    re.I,
)
# "date 2022-02-25 US President..." or "WASHINGTON (Reuters) -": a dateline glued to the lede.
_LEADING_DATELINE = re.compile(
    r"^\s*(date|published|updated)\s*:?\s*(?P<date>\d{4}-\d{2}-\d{2})\s+"
    r"|^(?P<place>[A-Z][A-Z .'-]{2,30})(,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*"
    r"\((?P<agency>[A-Za-z .]{2,20})\)\s*[-—–]+\s*"
)


# Costs (in characters of prose) of a non-body line inside the body region.
REGION_LINE_COST = 20
SECTION_BREAK_COST = 300
REPEATED_LINE_COST = 60
# A body found after a repeat of the page title is preferred unless it is this much weaker.
HEADLINE_ANCHOR_SHARE = 0.25
_DIGITS = re.compile(r"\d+")
# Headings that open what follows an article: comments, related stories, more news.
_SECTION_BREAK = re.compile(
    r"^((\d+|top( rated)?|show|view|read|see|load) )*(comments?|responses|replies|discussion)"
    r"( \(\d+\))?$|^(leave|post|add|write) (a )?(comment|reply|response)\b"
    r"|^(related( articles| stories| content| coverage| topics| news| posts)?|"
    r"(more |the )?latest( news| stories| posts)?|most (read|popular|viewed|shared)|trending( now)?|"
    r"you (may|might) also like|recommended( for you| stories| reading)?|more stories|"
    r"top stories|more topics|more news|popular now|what to read next|more in .{1,40}|"
    r"more from .{1,40}|in other news|around the web|sponsored (links|content|stories)|"
    r"promoted (links|stories|content)|(about|more from) the author|"
    r"(other|more|similar) (articles|posts|stories)( you might like)?)$",
    re.I,
)


class Kind(Enum):
    """How much a line reads like article prose, before its neighbours are considered."""

    GOOD = "good"
    NEAR_GOOD = "near-good"
    SHORT = "short"
    BAD = "bad"


@dataclass(frozen=True)
class ProseThresholds:
    """jusText's defaults, which hold up on plain text too (see bench/extraction.py)."""

    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    max_heading_distance: int = 200


@dataclass(frozen=True)
class CleanedText:
    """The article body and everything that was taken out of it, in order."""

    body: str
    removed: list[RemovedLine]


def junk_reason(line: str) -> str | None:
    """The reason a line is junk by its form alone, or None when it might be article text."""
    for reason, pattern in _JUNK_PATTERNS:
        if pattern.search(line):
            return reason
    if byline_author(line):
        return BYLINE
    if is_dateline(line):
        return DATELINE
    return None


def byline_author(line: str) -> str | None:
    """'By Patrick Grafton-Green' -> 'Patrick Grafton-Green'; None for anything else."""
    match = _BYLINE.match(line.strip())
    if not match or len(line.split()) > 12:
        return None
    return match.group("author").strip()


def is_dateline(line: str) -> bool:
    """True for a line that holds a date and nothing but dateline words ('2 February 2022, 16:02')."""
    match = DATE_PATTERN.search(line)
    if not match:
        return False
    rest = (line[: match.start()] + " " + line[match.end():]).replace(",", " , ")
    return all(_DATELINE_REST.match(token) for token in rest.split())


def prose_kind(line: str, thresholds: ProseThresholds, lang: Language | None = None) -> Kind:
    """jusText's context-free class of one line: length and the share of function words."""
    if not _WORD.search(line):
        return Kind.BAD
    density = (lang or language("en")).function_word_share(line)
    length = text_length(line)
    if length < thresholds.length_low:
        return Kind.SHORT if density > 0 or _TERMINAL.search(line) else Kind.BAD
    if density >= thresholds.stopwords_high:
        return Kind.GOOD if length > thresholds.length_high or _TERMINAL.search(line) \
            else Kind.NEAR_GOOD
    return Kind.NEAR_GOOD if density >= thresholds.stopwords_low else Kind.BAD


def clean_text(text: str, thresholds: ProseThresholds | None = None) -> CleanedText:
    """Split pasted text into the article body and the removed junk lines (with reasons)."""
    thresholds = thresholds or ProseThresholds()
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    lang = detect_language(lines)
    reasons: list[str | None] = [junk_reason(line) for line in lines]
    _mark_caption_pairs(lines, reasons)
    kinds = [
        Kind.BAD if reason else prose_kind(line, thresholds, lang)
        for line, reason in zip(lines, reasons, strict=True)
    ]
    keep = _keep_by_context(lines, kinds, reasons, thresholds)
    first, last = _body_bounds(keep)
    removed: list[RemovedLine] = []
    body: list[str] = []
    for index, line in enumerate(lines):
        if keep[index]:
            body.append(line)
            continue
        reason = reasons[index] or (
            HEADER if index < first else FOOTER if index > last else LOW_PROSE
        )
        removed.append(RemovedLine(line, reason))
    if body:
        body[0], dateline = _strip_leading_dateline(body[0])
        if dateline:
            removed.append(RemovedLine(dateline, DATELINE))
    return CleanedText("\n\n".join(body), removed)


def _mark_caption_pairs(lines: list[str], reasons: list[str | None]) -> None:
    """Alt text travels with its caption: an unpunctuated line beside a caption is one too."""
    for index, reason in enumerate(list(reasons)):
        if reason != CAPTION:
            continue
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(lines) and reasons[neighbour] is None:
                line = lines[neighbour]
                shares_start = lines[index].startswith(line[:30]) or line.startswith(
                    lines[index][:30]
                )
                if shares_start or (not _TERMINAL.search(line) and len(line.split()) <= 20):
                    reasons[neighbour] = CAPTION


def _keep_by_context(
    lines: list[str], kinds: list[Kind], reasons: list[str | None], thresholds: ProseThresholds
) -> list[bool]:
    """jusText's neighbour rules: short and near-good lines take the class of nearby prose."""
    final = list(kinds)
    for index, kind in enumerate(kinds):
        if kind is Kind.SHORT:
            before, after = _neighbour(kinds, index, -1), _neighbour(kinds, index, 1)
            if before is Kind.GOOD and after is Kind.GOOD:
                final[index] = Kind.GOOD
            elif Kind.BAD in (before, after) or before is None or after is None:
                final[index] = Kind.BAD
            else:
                final[index] = Kind.NEAR_GOOD
    for index, kind in enumerate(final):
        if kind is Kind.NEAR_GOOD:
            before = _neighbour(final, index, -1, skip=(Kind.NEAR_GOOD, Kind.SHORT))
            after = _neighbour(final, index, 1, skip=(Kind.NEAR_GOOD, Kind.SHORT))
            final[index] = Kind.GOOD if Kind.GOOD in (before, after) else Kind.BAD
    keep = [kind is Kind.GOOD and reasons[i] is None for i, kind in enumerate(final)]
    start, end = _main_region(lines, keep, reasons)
    keep = [k and start <= i <= end for i, k in enumerate(keep)]
    _keep_headings(lines, kinds, reasons, keep, thresholds)
    return keep


def _main_region(lines: list[str], keep: list[bool], reasons: list[str | None]) -> tuple[int, int]:
    """The article is one stretch of the page: the run where kept prose most outweighs junk.

    Teaser lists, comment threads and footers hold prose too, but broken up by many short
    lines; the body's run of paragraphs scores higher than any of them (a maximum subarray).
    """
    shapes = Counter(_shape(line) for line in lines)
    scores = [
        _region_score(line, keep[i], reasons[i], shapes[_shape(line)])
        for i, line in enumerate(lines)
    ]
    best, span = _best_run(scores, anchored=False, offset=0)
    anchored = [_best_run(scores[a + 1:], anchored=True, offset=a + 1) for a in _headlines(lines)]
    anchored_best, anchored_span = max(anchored, default=(0.0, span))
    if anchored_best >= HEADLINE_ANCHOR_SHARE * best:
        return anchored_span
    return span


def _best_run(scores: list[float], anchored: bool, offset: int) -> tuple[float, tuple[int, int]]:
    """The highest-scoring run of lines (starting at the first line when anchored)."""
    best, span = 0.0, (offset + len(scores), offset - 1)
    run, start = 0.0, 0
    for index, score in enumerate(scores):
        if run <= 0 and not anchored:
            run, start = 0.0, index
        run += score
        if run > best:
            best, span = run, (offset + start, offset + index)
    return best, span


def _headlines(lines: list[str]) -> list[int]:
    """Lines repeating the page title (the first line, often '<headline> - <site>'): the body
    follows the headline, so what comes before it is the site's header."""
    if not lines:
        return []
    title = _normal(lines[0])
    return [
        index for index, line in enumerate(lines[1:], 1)
        if len(line) >= 20 and (_normal(line) == title or title.startswith(_normal(line) + " "))
    ]


def _normal(line: str) -> str:
    """A line's words only, so a title matches its headline whatever the punctuation."""
    return " ".join(re.findall(r"\w+", line.lower()))


def _region_score(line: str, kept: bool, reason: str | None, repeats: int) -> float:
    """What one line adds to a candidate body: its length if prose, a cost otherwise.

    Junk recognised by its form (a byline, a caption, an ad slot) is what sits between an
    article's paragraphs, so it costs less than a line nothing explains.
    """
    if kept:
        return text_length(line)
    cost = REGION_LINE_COST + (0 if reason else min(text_length(line), 200))
    if _SECTION_BREAK.search(line):
        cost += SECTION_BREAK_COST
    if repeats >= 3:
        cost += REPEATED_LINE_COST
    return -cost


def _shape(line: str) -> str:
    """A line with its numbers blanked: repeated shapes are a template ('Rating: 36 Votes')."""
    return _DIGITS.sub("0", line.lower())


def _neighbour(
    kinds: list[Kind], index: int, step: int, skip: tuple[Kind, ...] = (Kind.SHORT,)
) -> Kind | None:
    """The nearest class in one direction that is not in `skip`; None at the text's edge."""
    index += step
    while 0 <= index < len(kinds):
        if kinds[index] not in skip:
            return kinds[index]
        index += step
    return None


def _keep_headings(
    lines: list[str], kinds: list[Kind], reasons: list[str | None], keep: list[bool],
    thresholds: ProseThresholds,
) -> None:
    """A short unpunctuated line between kept prose is a subheading: keep it."""
    if not any(keep):
        return
    first, last = _body_bounds(keep)
    for index in range(first + 1, last):
        if keep[index] or reasons[index] or kinds[index] is Kind.BAD and len(lines[index]) > 80:
            continue
        next_kept = next((i for i in range(index + 1, last + 1) if keep[i]), None)
        if next_kept is None:
            continue
        gap = sum(len(lines[i]) for i in range(index + 1, next_kept))
        if gap <= thresholds.max_heading_distance and len(lines[index].split()) <= 15:
            keep[index] = True


def _body_bounds(keep: list[bool]) -> tuple[int, int]:
    kept = [i for i, k in enumerate(keep) if k]
    return (kept[0], kept[-1]) if kept else (len(keep), -1)


def _strip_leading_dateline(first_line: str) -> tuple[str, str | None]:
    """Cut a dateline glued to the lede ('date 2022-02-25 US President...'); return both parts."""
    match = _LEADING_DATELINE.match(first_line)
    if not match or len(first_line) - match.end() < 20:
        return first_line, None
    return first_line[match.end():], match.group(0).strip()
