"""Pages that are not articles: a bot check, an "enable JavaScript" notice, a cookie wall, a
paywall, an access-denied or error page, or a page that is only a list or a table.

Saved and scraped feeds hold such pages among real articles. Read as articles, they become
statements no outlet made ("your browser supports JavaScript") or a misleading warning (a
list of countries read as another language). A page is judged by what most of its text is,
never by one mention: a notice speaks to the reader ("Please make sure your browser...") or
is a short heading ("Access Denied"), so an article reporting on cookie rules or on a
"page not found" error is still an article.
"""

from __future__ import annotations

import re

from parallax.ingest.clean import ProseThresholds
from parallax.ingest.language import language, word_count

# A page is a notice when sentences that say so hold at least this share of its words.
NOTICE_SHARE = 0.5
# Up to this many words, a line is a heading ("404 - Page not found"), not a sentence.
MAX_HEADING_WORDS = 6
# A page is a list or table when sentences hold less than this share of its words...
MIN_SENTENCE_SHARE = 0.2
# ... and it has fewer function words than prose has (jusText's lower bound, as in clean.py).
MAX_LIST_FUNCTION_WORD_SHARE = ProseThresholds().stopwords_low
# Words in a sentence: fewer is a list item, more is a list run together without breaks.
SENTENCE_WORDS = (4, 80)
QUOTE_CHARS = 70

_ENDS = ".!?…。！？।॥။։؟።។།"
# Languages written without marks at the ends of sentences: every page would look like a list.
_WITHOUT_END_MARKS = frozenset({"th", "lo"})
# One sentence, or what is left of a line without an end mark.
_PIECE = re.compile(rf"\S.*?(?:[{_ENDS}]+[\"'”’)\]」』）]*(?=\s|$)|$)", re.M)
_SENTENCE_END = re.compile(rf"[{_ENDS}][\"'”’)\]」』）]*$")
_TO_THE_READER = re.compile(r"\b(you|your|you'?re|please|we|our|us)\b", re.I)

_NOTICES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a bot check or “enable JavaScript” page",
        re.compile(
            r"\bare you a (robot|human)\b|\b(verify|confirm|prove|show) (that )?you('re| are) "
            r"(a )?(human|not a robot)\b|\bnot a robot\b|\bcaptcha\b"
            r"|\bunusual (traffic|activity) from your\b|\bpress (and|&) hold\b"
            r"|\bchecking (your browser|if the site connection is secure)\b"
            r"|\b(enable|turn on|activate|allow) (javascript|cookies)\b"
            r"|\bbrowser supports javascript\b|\bjavascript (is )?(disabled|required|not enabled)\b"
            r"|\brequires? javascript\b|\bnot blocking them from loading\b",
            re.I,
        ),
    ),
    (
        "a cookie wall",
        re.compile(
            r"\b(accept|agree to|consent to) (all |the use of |our )?cookies\b"
            r"|\bwe (and our (\d+ )?partners )?(use|store|access) cookies\b"
            r"|\bmanage (your )?(cookie|privacy) (settings|preferences|choices)\b"
            r"|\bbefore you continue\b|\bpersonali[sz]ed (ads|advertising)\b"
            r"|\b(cookie|privacy) (policy|notice)\b",
            re.I,
        ),
    ),
    (
        "a paywall",
        re.compile(
            r"\b(subscribe|sign in|log in|register) (now )?to (continue|keep) reading\b"
            r"|\bto continue reading\b|\b(available|exclusive|reserved) (only )?(to|for) "
            r"(paid |premium |digital )?(subscribers|members)\b|\bsubscribers only\b"
            r"|\byou('ve| have) (reached|read|used) (your|all (of )?your|the) .{0,30}"
            r"(limit|free articles?|free stories)\b|\balready (a subscriber|have an account)\b"
            r"|\bsubscribe (now )?(for|to get) (full |unlimited )?access\b",
            re.I,
        ),
    ),
    (
        "an access-denied page",
        re.compile(
            r"^access denied\b|\byou don'?t have permission to access\b|\b403 forbidden\b"
            r"|\byour (request|access) (has been|was) (blocked|denied)\b|^reference #[\w.]+$",
            re.I,
        ),
    ),
    (
        "an error page",
        re.compile(
            r"\b404\b|\bpage (was )?not found\b|\bwas not found on this server\b"
            r"|\bpage (you('re| are) looking for|you requested) (can('|no)?t|could not|"
            r"does(n'?t| not)|(is|was|has been|may have been) (not|removed|moved|deleted))\b"
            r"|\b(this|that) page (does(n'?t| not) exist|(is|was|has been) removed)\b",
            re.I,
        ),
    ),
)


def why_not_an_article(text: str, language_code: str | None = None) -> str | None:
    """Why a page's cleaned text is not an article, to show the user; None when it is one.

    `language_code` is the text's language: function words tell a list from prose in it (an
    unknown language's, by English's: a list of names holds few of either).
    """
    pieces = [piece.strip() for piece in _PIECE.findall(text) if piece.strip()]
    total = sum(word_count(piece) for piece in pieces)
    if not total:
        return None
    if notice := _notice(pieces, total):
        return notice
    if language_code in _WITHOUT_END_MARKS:
        return None
    sentences = sum(word_count(piece) for piece in pieces if _is_sentence(piece))
    words = language(language_code or "en")
    words = words if words.knows_function_words else language("en")
    if (
        sentences < MIN_SENTENCE_SHARE * total
        and words.function_word_share(text) < MAX_LIST_FUNCTION_WORD_SHARE
    ):
        return "only a list or table, no running sentences"
    return None


def _notice(pieces: list[str], total: int) -> str | None:
    """The kind of notice most of the page's words are in, with its first sentence."""
    said: dict[str, list[str]] = {}
    for piece in pieces:
        if word_count(piece) > MAX_HEADING_WORDS and not _TO_THE_READER.search(piece):
            continue  # a sentence that reports on such a page, not one that is it
        reason = next((reason for reason, pattern in _NOTICES if pattern.search(piece)), None)
        if reason:
            said.setdefault(reason, []).append(piece)
    words = {reason: sum(map(word_count, found)) for reason, found in said.items()}
    if sum(words.values()) < NOTICE_SHARE * total:
        return None
    reason = max(words, key=words.__getitem__)
    return f"{reason} (“{_clip(said[reason][0])}”)"


def _is_sentence(piece: str) -> bool:
    low, high = SENTENCE_WORDS
    return low <= word_count(piece) <= high and bool(_SENTENCE_END.search(piece))


def _clip(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"
