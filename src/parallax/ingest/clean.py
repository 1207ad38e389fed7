"""Remove site junk from plain text that users copied or exported from a web page.

Pasted articles come with menus, share buttons, captions, "READ MORE" links, reading-time
lines, comment threads and lists of other headlines. The cleaner works line by line:

1. Patterns name what a line unmistakably is (a byline, a caption, an ad slot, a menu item).
2. A prose score (length and share of function words in the page's own language, as jusText
   does for HTML) and the neighbours' scores say which lines read like article text.
3. The body is one stretch of the page: the run where prose most outweighs junk, starting
   after the headline when the page title repeats, and ending where reader comments begin.
4. Its edges are refined: subheadings, terse sentences and announced lists inside it stay;
   a headline, standfirst or author bio at its ends goes.

Every removed line is kept with its reason, so metadata (byline, date, outlet, title) can be
read from it and a user can audit what went. When unsure, a line stays.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from parallax.ingest.junk import (
    AUTHOR,
    AUTHOR_BIO,
    BARE_BY,
    BYLINE,
    CAPTION,
    COMMENT_THREAD,
    DATELINE,
    EMBED,
    PROMO,
    RELATED,
    SECTION_BREAK,
    TERMINAL,
    line_reasons,
    strip_leading_dateline,
)
from parallax.ingest.language import (
    WORD,
    Language,
    detect_language,
    language,
    text_length,
    word_count,
)
from parallax.ingest.normalize import normalize_text
from parallax.model import LinePosition, RemovedLine

HEADER = "before the article body"
FOOTER = "after the article body"
LOW_PROSE = "not article prose"

# Choosing the body's stretch: what a line that is not prose costs (in characters of prose).
REGION_LINE_COST = 20
MAX_LENGTH_COST = 200
SECTION_BREAK_COST = 300
REPEATED_LINE_COST = 60
LIST_DATE_COST = 150
# A body after a repeat of the page title is preferred unless it is this much weaker.
HEADLINE_ANCHOR_SHARE = 0.1
# Prose (in characters) that must precede a comments heading for it to end the article.
MIN_BODY_BEFORE_COMMENTS = 300
# A 'Related' box inside an article: at most this many links, then this many paragraphs.
MAX_BOX_LINKS = 6
MIN_RESUMED_PARAGRAPHS = 2
# Refining the body's edges.
MIN_SENTENCE_WORDS = 5
MAX_LIST_ITEMS = 60
MAX_LIST_ITEM_WORDS = 30
MAX_STANDFIRST_LINES = 2
MAX_BIO_LINES = 2
# A line this long that repeats earlier text is a copy (teaser, summary), not more body.
MIN_REPEATED_CHARS = 30

_LETTER = re.compile(r"[^\W\d_]")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?…:。！？：][\"”’')\]」』）]*\s*$")
_INNER_SENTENCE_END = re.compile(r"[.!?…。！？] +[A-Z]")


# Junk that also sits between an article's paragraphs.
_IN_ARTICLE_JUNK = (CAPTION, PROMO, EMBED)
# Lines that mark where an article's own text begins.
_ARTICLE_META = (BYLINE, DATELINE, AUTHOR)


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


def prose_kind(line: str, thresholds: ProseThresholds, lang: Language | None = None) -> Kind:
    """jusText's context-free class of one line: length and the share of function words."""
    if not WORD.search(line):
        return Kind.BAD
    density = (lang or language("en")).function_word_share(line)
    length = text_length(line)
    if length < thresholds.length_low:
        return Kind.SHORT if density > 0 or TERMINAL.search(line) else Kind.BAD
    if density >= thresholds.stopwords_high:
        return (
            Kind.GOOD
            if length > thresholds.length_high or TERMINAL.search(line)
            else Kind.NEAR_GOOD
        )
    return Kind.NEAR_GOOD if density >= thresholds.stopwords_low else Kind.BAD


def clean_text(text: str, thresholds: ProseThresholds | None = None) -> CleanedText:
    """Split pasted text into the article body and the removed junk lines (with reasons)."""
    thresholds = thresholds or ProseThresholds()
    lines = _lines(text)
    lang = detect_language(lines)
    reasons = line_reasons(lines)
    kinds = [
        Kind.BAD if reason else prose_kind(line, thresholds, lang)
        for line, reason in zip(lines, reasons, strict=True)
    ]
    keep = _select_body(lines, kinds, reasons, thresholds)
    return _assemble(lines, keep, reasons)


# --- 1. Lines and what they unmistakably are ---------------------------------------------


def _lines(text: str) -> list[str]:
    """The non-blank lines of the normalized text (one paragraph a line), stripped."""
    return [line.strip() for line in normalize_text(text).split("\n") if line.strip()]


# --- 2. Which lines read like prose ------------------------------------------------------


def _select_body(
    lines: list[str], kinds: list[Kind], reasons: list[str | None], thresholds: ProseThresholds
) -> list[bool]:
    """Which lines are the article body: prose in context, within the body's stretch of the
    page, with that stretch's edges refined."""
    in_box = _box_links(kinds, reasons)
    repeats = _repeats_earlier_text(lines)
    keep = [
        prose and not repeats[i] and not in_box[i]
        for i, prose in enumerate(_prose_in_context(kinds, reasons))
    ]
    start, end = _main_region(lines, kinds, keep, reasons, in_box)
    keep = [kept and start <= i <= end for i, kept in enumerate(keep)]
    _keep_inner_lines(lines, kinds, reasons, keep, in_box, thresholds)
    _extend_body_edges(lines, kinds, reasons, keep, start)
    _keep_announced_lists(lines, reasons, keep)
    _drop_standfirst(reasons, keep)
    _drop_leading_headlines(lines, keep)
    _drop_closing_bio(lines, reasons, keep)
    return keep if any(keep) else _sentences_only(lines, reasons)


def _sentences_only(lines: list[str], reasons: list[str | None]) -> list[bool]:
    """When no stretch reads like an article (a short note, a results table), its whole
    sentences are still text the user meant: keep them rather than return nothing."""
    return [
        reason is None and _is_sentence(line) for line, reason in zip(lines, reasons, strict=True)
    ]


def _prose_in_context(kinds: list[Kind], reasons: list[str | None]) -> list[bool]:
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
    return [kind is Kind.GOOD and reasons[i] is None for i, kind in enumerate(final)]


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


def _repeats_earlier_text(lines: list[str]) -> list[bool]:
    """Lines that copy earlier text: the same line again, or earlier lines run together (a
    summary block repeating the lede). Pages repeat their article; the body says it once."""
    seen: dict[str, list[int]] = {}
    repeats = []
    for index, line in enumerate(lines):
        key = line[:MIN_REPEATED_CHARS]
        repeats.append(
            len(line) >= MIN_REPEATED_CHARS
            and any(_copies(line, lines, earlier) for earlier in seen.get(key, ()))
        )
        seen.setdefault(key, []).append(index)
    return repeats


def _copies(line: str, lines: list[str], earlier: int) -> bool:
    """True when `line` is lines[earlier], alone or run on into the line after that one."""
    if line == lines[earlier]:
        return True
    rest = line[len(lines[earlier]) :].strip()
    following = lines[earlier + 1]
    return (
        line.startswith(lines[earlier])
        and following != line
        and len(rest) > 0
        and (following.startswith(rest) or rest.startswith(following))
    )


def _box_links(kinds: list[Kind], reasons: list[str | None]) -> list[bool]:
    """Lines under a 'Related' heading: that box's links, until a paragraph resumes."""
    in_box, left = [], 0
    for kind, reason in zip(kinds, reasons, strict=True):
        left = 0 if kind is Kind.GOOD else MAX_BOX_LINKS if reason == RELATED else max(left - 1, 0)
        in_box.append(left > 0 and reason != RELATED)
    return in_box


# --- 3. The body's stretch of the page ---------------------------------------------------


def _main_region(
    lines: list[str],
    kinds: list[Kind],
    keep: list[bool],
    reasons: list[str | None],
    in_box: list[bool],
) -> tuple[int, int]:
    """The article is one stretch of the page: the run where kept prose most outweighs junk.

    Teaser lists, comment threads and footers hold prose too, but broken up by many short
    lines; the body's run of paragraphs scores higher than any of them (a maximum subarray).
    Reader comments come after the article, so the search stops where they begin.
    """
    shapes = [_shape(line, reason) for line, reason in zip(lines, reasons, strict=True)]
    counts = Counter(shapes)
    boxed = _inline_boxes(kinds, reasons, in_box)
    scores = [
        -REGION_LINE_COST
        if boxed[i]
        else _region_score(line, keep[i], reasons[i], counts[shapes[i]])
        for i, line in enumerate(lines)
    ]
    scores = scores[: _comments_start(lines, scores)]
    best, span = _best_run(scores, anchored=False, offset=0)
    anchored = [
        _best_run(scores[a + 1 :], anchored=True, offset=a + 1)
        for a in _headlines(lines)
        if a < len(scores)
    ]
    anchored_best, anchored_span = max(anchored, default=(0.0, span))
    return anchored_span if anchored_best >= HEADLINE_ANCHOR_SHARE * best else span


def _region_score(line: str, kept: bool, reason: str | None, repeats: int) -> float:
    """What one line adds to a candidate body: its length if prose, a cost otherwise.

    Junk recognised by its form (a byline, a caption, an ad slot) is what sits between an
    article's paragraphs, so it costs less than a line nothing explains; a heading that opens
    a list, and lines repeated down the page (a list's template), cost more.
    """
    if kept:
        return text_length(line)
    if reason == EMBED:
        return 0.0
    cost = REGION_LINE_COST + (0 if reason else min(text_length(line), MAX_LENGTH_COST))
    if SECTION_BREAK.search(line):
        cost += SECTION_BREAK_COST
    if repeats >= 3:
        cost += LIST_DATE_COST if reason == DATELINE else REPEATED_LINE_COST
    return -cost


def _shape(line: str, reason: str | None) -> str:
    """A line with its numbers blanked, and all datelines alike: repeated shapes are a list's
    template ('Rating: 36 Votes', a date for each teaser or comment)."""
    return DATELINE if reason == DATELINE else _DIGITS.sub("0", line.lower())


def _inline_boxes(kinds: list[Kind], reasons: list[str | None], in_box: list[bool]) -> list[bool]:
    """'Related' headings, and their links, that paragraphs resume after: a box inside the
    article rather than the list that ends it."""
    boxed = [False] * len(kinds)
    for index, reason in enumerate(reasons):
        if reason != RELATED:
            continue
        end = index + 1
        while end < len(kinds) and in_box[end]:
            end += 1
        resumed = kinds[end : end + MIN_RESUMED_PARAGRAPHS]
        if len(resumed) == MIN_RESUMED_PARAGRAPHS and all(k is Kind.GOOD for k in resumed):
            boxed[index:end] = [True] * (end - index)
    return boxed


def _comments_start(lines: list[str], scores: list[float]) -> int:
    """The first comment-thread line with an article's worth of prose before it."""
    for index, line in enumerate(lines):
        if COMMENT_THREAD.search(line):
            before, _ = _best_run(scores[:index], anchored=False, offset=0)
            if before >= MIN_BODY_BEFORE_COMMENTS:
                return index
    return len(lines)


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
    opening = title.split(" ")[0]
    return [
        index
        for index, line in enumerate(lines[1:], 1)
        if len(line) >= 20
        and opening in line.lower()
        and (_normal(line) == title or title.startswith(_normal(line) + " "))
    ]


def _normal(line: str) -> str:
    """A line's words only, so a title matches its headline whatever the punctuation."""
    return " ".join(re.findall(r"\w+", line.lower()))


# --- 4. The body's edges -----------------------------------------------------------------


def _keep_inner_lines(
    lines: list[str],
    kinds: list[Kind],
    reasons: list[str | None],
    keep: list[bool],
    in_box: list[bool],
    thresholds: ProseThresholds,
) -> None:
    """Inside the body, keep what jusText alone would drop: subheadings (a short line close
    before more prose) and whole sentences too sparse in function words (quotes, scores).
    A 'Related' box's links stay out."""
    if not any(keep):
        return
    first, last = _body_bounds(keep)
    for index in range(first + 1, last):
        line = lines[index]
        if keep[index] or reasons[index] or in_box[index]:
            continue
        if _is_sentence(line) or _is_subheading(index, lines, kinds, keep, thresholds):
            keep[index] = True


def _is_sentence(line: str) -> bool:
    """A full sentence: several words, ending as sentences end."""
    return word_count(line) >= MIN_SENTENCE_WORDS and bool(_SENTENCE_END.search(line))


def _is_subheading(
    index: int, lines: list[str], kinds: list[Kind], keep: list[bool], thresholds: ProseThresholds
) -> bool:
    """A short line with kept prose soon after it."""
    line = lines[index]
    if word_count(line) > 15 or kinds[index] is Kind.BAD and len(line) > 80:
        return False
    next_kept = next((i for i in range(index + 1, len(lines)) if keep[i]), None)
    if next_kept is None:
        return False
    gap = sum(len(lines[i]) for i in range(index + 1, next_kept))
    return gap <= thresholds.max_heading_distance


def _extend_body_edges(
    lines: list[str], kinds: list[Kind], reasons: list[str | None], keep: list[bool], start: int
) -> None:
    """Whole sentences right at the body's edges belong to it: a lede too terse for the prose
    score before it, closing paragraphs after it that only ad slots or captions interrupt."""
    if not any(keep):
        return
    first, last = _body_bounds(keep)
    index = first - 1
    while index >= start and reasons[index] is None and _is_sentence(lines[index]):
        keep[index] = True
        index -= 1
    index = last + 1
    while index < len(lines) and (
        reasons[index] in _IN_ARTICLE_JUNK
        or (reasons[index] is None and _is_sentence(lines[index]) and kinds[index] is not Kind.BAD)
    ):
        keep[index] = reasons[index] is None
        index += 1


def _keep_announced_lists(lines: list[str], reasons: list[str | None], keep: list[bool]) -> None:
    """A body line ending in a colon announces a list (tour dates, steps): its items follow,
    up to the next junk line, however little they read like prose."""
    if not any(keep):
        return
    first, last = _body_bounds(keep)
    index = first
    while index <= min(last + 1, len(lines) - 1):
        if reasons[index] is None and lines[index].endswith(":") and _is_sentence(lines[index]):
            keep[index] = True
            end = index + 1
            while (
                end < len(lines)
                and end - index <= MAX_LIST_ITEMS
                and _is_list_item(lines[end], reasons[end])
            ):
                keep[end] = True
                end += 1
            last = max(last, end - 1)
            index = end
        else:
            index += 1


def _is_list_item(line: str, reason: str | None) -> bool:
    """A line that can continue a list: not junk, not a rule line, not a paragraph."""
    words = word_count(line)
    return reason is None and _LETTER.search(line) is not None and words <= MAX_LIST_ITEM_WORDS


def _drop_standfirst(reasons: list[str | None], keep: list[bool]) -> None:
    """Prose before the byline or dateline is the headline's standfirst, not the body."""
    kept = [i for i, k in enumerate(keep) if k]
    for position, (index, following) in enumerate(zip(kept, kept[1:], strict=False)):
        if position >= MAX_STANDFIRST_LINES:
            return
        if any(reasons[i] in _ARTICLE_META for i in range(index + 1, following)):
            for dropped in kept[: position + 1]:
                keep[dropped] = False
            return


def _drop_leading_headlines(lines: list[str], keep: list[bool]) -> None:
    """Headline-like lines right before the first paragraph are the headline and kickers."""
    kept = [i for i, k in enumerate(keep) if k]
    for index, following in zip(kept, kept[1:], strict=False):
        if not _is_headline(lines[index]) or following - index > 1:
            return
        keep[index] = False


def _is_headline(line: str) -> bool:
    """One unfinished sentence, short or in Title Case ('US Says It Will Send More Troops')."""
    words = line.split()
    if _SENTENCE_END.search(line) or _INNER_SENTENCE_END.search(line) or len(words) > 20:
        return False
    capitalised = sum(word[:1].isupper() for word in words if len(word) > 3)
    return len(words) <= 12 or capitalised >= 0.6 * sum(len(word) > 3 for word in words)


def _drop_closing_bio(lines: list[str], reasons: list[str | None], keep: list[bool]) -> None:
    """The last body lines may be the author's bio ('X is a reporter for Y'), not article."""
    for index in [i for i, k in enumerate(keep) if k][-MAX_BIO_LINES:]:
        if AUTHOR_BIO.match(lines[index]):
            keep[index], reasons[index] = False, AUTHOR


def _body_bounds(keep: list[bool]) -> tuple[int, int]:
    kept = [i for i, k in enumerate(keep) if k]
    return (kept[0], kept[-1]) if kept else (len(keep), -1)


# --- Output ------------------------------------------------------------------------------


def _assemble(lines: list[str], keep: list[bool], reasons: list[str | None]) -> CleanedText:
    """The body's lines as paragraphs; every other line removed with its reason and place,
    a split byline ('By' / 'Sarah E. Needleman') as one entry so its author can be read."""
    first, last = _body_bounds(keep)
    removed: list[RemovedLine] = []
    body: list[str] = []
    for index, line in enumerate(lines):
        if keep[index]:
            body.append(line)
            continue
        position: LinePosition = (
            "before" if index < first else "after" if index > last else "within"
        )
        reason = reasons[index] or {"before": HEADER, "after": FOOTER}.get(position, LOW_PROSE)
        previous = removed[-1] if removed else None
        if (
            reason == BYLINE
            and previous
            and previous.reason == BYLINE
            and BARE_BY.match(previous.text)
        ):
            removed[-1] = RemovedLine(f"{previous.text}\n{line}", BYLINE, position)
        else:
            removed.append(RemovedLine(line, reason, position))
    if body:
        body[0], dateline = strip_leading_dateline(body[0])
        if dateline:
            at_body_start = sum(line.position == "before" for line in removed)
            removed.insert(at_body_start, RemovedLine(dateline, DATELINE, "before"))
    return CleanedText("\n\n".join(body), removed)
