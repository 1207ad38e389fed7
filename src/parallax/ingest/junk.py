"""What a line of pasted web text unmistakably is, by its form: menu, share line, caption,
byline, dateline, promo, comment notice, legal notice and the like.

These are the certain cases; whether an unremarkable line belongs to the article is
decided in clean.py from how it reads and where it stands. The reasons named here are
what users see in `--keep-removed` output, and metadata is read back from them (a byline's
author, a dateline's date, a lone outlet line).
"""

from __future__ import annotations

import re

from parallax.ingest.bylines import AGENCIES, read_byline
from parallax.ingest.language import word_count
from parallax.ingest.outlets import known_outlet_named

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
AUTHOR = "author details"
EMBED = "embedded social media post"

MAX_BYLINE_NAMES = 3

TERMINAL = re.compile(r"[.!?…:;\"”’')\]。！？」』）]\s*$")

# Where readers are asked to follow an outlet.
_PLATFORMS = (
    r"(facebook|twitter|x|instagram|linkedin|youtube|tiktok|threads|telegram|whatsapp|"
    r"google news|flipboard|mastodon|bluesky|social media)"
)

# A byline split over lines: 'By' alone, then one line per name.
BARE_BY = re.compile(r"^((written|reported|words) )?by:?$", re.I)

_NAME = re.compile(r"^[A-Z][\w.'’-]*(\s+(and|&|de|van|von|der|da|di|[A-Z][\w.'’-]*)){0,4},?$")

# "Meg James is a reporter for the Los Angeles Times": the author's bio closing an article.
AUTHOR_BIO = re.compile(
    r"^(?!(He|She|They|It|This|That)\b)[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}( \(@\w+\))? "
    r"(?i:is (an?|\S+['’]s) ([\w-]+ ){0,4}(reporter|writer|editor|correspondent|contributor|"
    r"columnist|journalist|curator|producer|freelancer|blogger)\b"
    r"|has been (reporting|writing) (on|about|for)\b)"
)

MONTHS = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)

DATE_PATTERN = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|(?P<dmy>\b\d{{1,2}}(st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}}\b)"
    rf"|(?P<mdy>\b{MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b)",
    re.I,
)

# What may stand beside a date on a line that is only a dateline.
_DATELINE_REST = re.compile(
    r"^(published|posted|updated|last updated|first published|date|on|at|am|pm|gmt|bst|utc|"
    r"est|edt|et|cet|cest|\d{1,2}[:.]\d{2}([ap]m)?|\d{1,2}|mon(day)?|tue(sday)?|wed(nesday)?|"
    r"thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?|h|hrs|,|\||-|–|—|·|•)?$",
    re.I,
)

# "date 2022-02-25 US President..." or "WASHINGTON (Reuters) -": a dateline glued to the lede.
_LEADING_DATELINE = re.compile(
    r"^\s*(date|published|updated)\s*:?\s*(?P<date>\d{4}-\d{2}-\d{2})\s+"
    r"|^(?P<place>[A-Z][A-Z .'-]{2,30})(,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*"
    r"\((?P<agency>[A-Za-z .]{2,20})\)\s*[-—–]+\s*"
)

# How an embedded post signs off: "— Name (@handle) July 27, 2022", after its text.
_SIGN_OFF = rf"[—–-]{{1,2}}\s*[^()]{{1,60}}\(@\w{{1,30}}\)\s*{MONTHS}\s+\d{{1,2}},\s+\d{{4}}\s*$"
_ALONE_SIGN_OFF = re.compile(f"^{_SIGN_OFF}", re.I)

# Headings that open what follows an article: comments, related stories, more news.
SECTION_BREAK = re.compile(
    r"^(related( articles| stories| content| coverage| topics| news| posts| links)?|see also|"
    r"(more |the )?latest( news| stories| posts)?|more latest news|"
    r"most (read|popular|viewed|shared)|"
    r"trending( now)?|you (may|might) also like|recommended( for you| stories| reading)?|"
    r"(more|other|similar) ([\w&]+ ){0,3}(stories|articles|posts)( you might like)?|top stories|"
    r"more topics|more news|popular now|what to read next|more (in|from|on) .{1,40}|"
    r"in other news|around the web|sponsored (links|content|stories)|next up( in .{1,40})?|"
    r"promoted (links|stories|content)|(about|more from) the author|read next|up next|"
    r"we recommend|(previous|next) (article|post|story))[\s.…:!]*$",
    re.I,
)

# Where reader comments begin: a heading ('34 Comments', 'Leave a Reply') or a commenter line.
COMMENT_THREAD = re.compile(
    r"^((\d+|no|top( rated)?|reader|readers'?|show|view|load|read|see|all) )*"
    r"(comments?|responses?|replies|thoughts)( \(\d+\)|( to| on) .{1,200})?:?$"
    r"|^(leave|post|add|write|submit) (a |your )?(comment|reply|response)\b"
    r"|^join the (conversation|discussion)|^(discuss(ion)?|conversation)$"
    r"|^\S+( \S+){0,3} says:$"
    rf"|^.{{1,60}} on ({MONTHS}|\d).{{1,40}} said:$",
    re.I,
)

# Patterns that make a whole line junk, whatever surrounds it.
_JUNK_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        NAVIGATION,
        re.compile(
            r"^(\d+\.\s*)?skip to (the )?(main |primary )?"
            r"(content|navigation|menu|main menu|search|footer|more .{1,30} sites|article)\b"
            r"|^(menu|main menu|home|homepage|search|sign in|log in|login|log out|register|"
            r"subscribe( now)?|sections|navigation|back to top|top|close|open|next|previous|"
            r"toggle navigation|jump to|show more|load more|more)$",
            re.I,
        ),
    ),
    (
        RELATED,
        re.compile(
            r"^(don'?t miss|must read|(read|see) more|related( post| article| story| link)?s?|"
            r"see also|also read|read also|more on this( story)?|recommended|read next|up next|"
            r"watch( now)?|listen|more from [^:]{1,40}|editor'?s picks?)\s*[:|›»>]"
            r"|^(related|more) (coverage|stories|articles|content|reading|links|posts|news)\b"
            r".{0,60}:$"
            r"|^also on \S+\.[a-z]{2,}\b|^(read more|see more.{0,60})$|^more on:?$",
            re.I,
        ),
    ),
    (RELATED, SECTION_BREAK),
    (
        SHARE,
        re.compile(
            r"^(share|share this( article| story| page)?|share on \w+|tweet|email|e-mail|print|"
            r"copy link|copy( the)? url|facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|"
            r"messenger|telegram|flipboard|comments?|\d+ comments?|save|saved|bookmark|"
            r"follow( us)?( on .{1,40})?|like us on facebook)$"
            r"|^(follow|find) us on\b|^share (this|on)\b.{0,40}$|^click (here )?to share"
            rf"|^follow .{{1,60}} on {_PLATFORMS}\b"
            rf"|^(?=.{{0,200}}$).*\b(follow|like|join|find) us on {_PLATFORMS}\b"
            r"|\bshare (it|this)( story| article)? with (a friend|your friends)",
            re.I,
        ),
    ),
    (
        PROMO,
        re.compile(
            r"^(advertisement|advert|ad|sponsored|story continues below( advertisement)?|"
            r"continue reading( below)?|article continues below|scroll to continue.{0,30})$"
            r"|^(?=.{0,200}$).*\b(sign up|subscribe|get|receive)\b.{0,60}\bnewsletters?\b"
            r"|newsletter sign.?up"
            r"|^(download|get) (the|our) .{0,30}app\b|^get the latest .{0,60}(inbox|newsletter)"
            r"|\bby (signing up|subscribing|clicking)\b.{0,40}\b(agree|consent)|\bopt-in\b"
            r"|delivered (straight |directly |right )?to your inbox"
            r"|^(get|sign up for) breaking\b|\bunsubscribe at any time\b|\bsubscribe to our\b"
            r"|^join our\b|^subscribe to \S+( \S+){0,12}$|^i agree (that|to)\b"
            r"|^(?=.{0,150}$).*\bclick(ing)? here\b"
            r"|^(did you )?(like|enjoy(ed)?|love) (this|the) (article|story|post)\??$"
            r"|^support (our|independent) journalism|^already a subscriber|^this content is"
            r" (not available|imported)",
            re.I,
        ),
    ),
    (
        EMBED,
        re.compile(
            rf"{_SIGN_OFF}|\bpic\.twitter\.com/\w+"
            r"|^a post shared by\b|^view this post on instagram$",
            re.I,
        ),
    ),
    (
        CAPTION,
        re.compile(
            r"^(image|photo|picture|photograph|video|credit|illustration|graphic|chart|map)s?"
            r"( credit)?\s*:"
            r"|^(image|photo|picture|photograph|illustration|video)s? by\b[^.!?]{0,80}$"
            r"|^(?=.{0,100}$)[^.!?]*\bcourtesy of\b[^.!?]*$"
            r"|(image|photo|picture|photograph|credit)s?( credit)?:\s*[^.!?]{0,80}$"
            r"|\((photo|image|picture)s? (by|credit|courtesy)\b[^)]*\)\s*$|\bcredit\s*(\.\.\.|…)"
            r"|^(a |an )?(map|photo|picture|file photo|graphic|chart|image|video|screenshot)s? "
            r"(showing|shows|of)\b[^.!?]*$|^file photo\b"
            r"|^this (\w+ )?(image|photo|picture|illustration|video|map|graphic)\b.{0,40}\bshows?\b"
            r"|\(((ap|afp|reuters|getty) )?photo/[^)]*\)|\([^()\s/]+(/[^()/]+)+\)$"
            r"|(?-i:\b(REUTERS|Reuters|AFP|EPA|Getty Images)/\w[\w .-]*$|/ (Reuters|AP|AFP|EPA)"
            r"( file)?$)"
            r"|^(media|image) caption\b"
            r"|(?-i:\((AP|AFP|Reuters|Getty|Getty Images|EPA|PA)\)\s*$)"
            r"|\(published [^)]{0,60}\)$|^in this\b.{0,60}\b(file )?(photo|image|picture|handout)\b"
            r"|\[(file|photo|image|picture)\b[^\]]{0,40}\]\s*$"
            r"|^(image|photo|picture|slide) \d+ (of|/) \d+$"
            r"|^an? artist['’]?s? (illustration|concept|impression|rendering)\b[^.!?]*\.?$"
            r"|(getty images|shutterstock|istock|alamy|afp via getty images)\s*$",
            re.I,
        ),
    ),
    (
        COMMENTS,
        re.compile(
            r"comment(s|ing)? (policy|section|are closed|have been (closed|disabled)|disabled)"
            r"|suspending (article )?comment|community (guidelines|standards)|^discuss(ion)?$"
            r"|^(add|post|leave|view|show|read) (a |your |all )?(\d+ )?comments?$"
            r"|^join the (conversation|discussion)|^tell us what you think|^no comments yet\b",
            re.I,
        ),
    ),
    (COMMENTS, COMMENT_THREAD),
    (
        READING_TIME,
        re.compile(
            r"^[·•|\-\s]*(\d+|one|two|three|four|five)\s*(-\s*)?(min|mins|minute|minutes)( read)?"
            r"[·•|\s]*$|^reading time\b|^estimated reading time",
            re.I,
        ),
    ),
    (
        LEGAL,
        re.compile(
            r"©|\(c\)\s*\d{4}|all rights reserved|^terms (of|and) (use|service|conditions)"
            r"|^privacy (policy|notice)|^cookie (policy|settings|preferences)"
            r"|\b(we|(this|our) (web)?site) uses? cookies|\bcookies (are|that are) (absolutely )?"
            r"(necessary|essential)|^(necessary|functional|analytics|performance) cookies",
            re.I,
        ),
    ),
    (LINK, re.compile(r"^(https?://|www\.)\S+$", re.I)),
    (
        AUTHOR,
        re.compile(
            r"^@\w{2,30}$|^[\w.+-]+@[\w-]+(\.[\w-]+)+$|^(?i:biography|bio)\b.{0,50}$"
            r"|^(?i:(contact|email|follow) (the )?(author|reporter|writer))\b.{0,50}$"
            r"|(?i:\b(can|may) be reached (at|by)\b|^have a (news )?tip\b"
            r"|^follow (him|her|them) on\b)"
            r"|(?i:\bcontributed (to )?this (report|story|article)\.?$|\bmore from this author\b)"
            r"|^(?=.{0,200}$)(?i:(email|contact|follow|reach) .{0,60}@)"
            r"|^(?i:about)( the author| [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,2})$"
        ),
    ),
    (
        SIGNATURE,
        re.compile(
            r"^[a-z]{1,4}(\s*[,/]\s*[a-z]{1,4})+\s*(\([A-Za-z ,/.]+\))?$"
            rf"|^\(({'|'.join(AGENCIES)})(\s*[,/]\s*[A-Za-z ]+)*\)$"
        ),
    ),
]


def junk_reason(line: str) -> str | None:
    """The reason a line is junk by its form alone, or None when it might be article text."""
    for reason, pattern in _JUNK_PATTERNS:
        if pattern.search(line):
            return reason
    if read_byline(line):
        return BYLINE
    if is_dateline(line):
        return DATELINE
    if known_outlet_named(line):
        return OUTLET
    return None


def is_dateline(line: str) -> bool:
    """True for a line holding a date and only dateline words ('2 February 2022, 16:02')."""
    match = DATE_PATTERN.search(line)
    if not match:
        return False
    rest = (line[: match.start()] + " " + line[match.end() :]).replace(",", " , ")
    return all(_DATELINE_REST.match(token) for token in rest.split())


def line_reasons(lines: list[str]) -> list[str | None]:
    """Each line's junk reason by its form, then by what it travels with (caption, byline,
    an embedded post's sign-off)."""
    reasons = [junk_reason(line) for line in lines]
    _mark_caption_pairs(lines, reasons)
    _mark_split_bylines(lines, reasons)
    _mark_signed_posts(lines, reasons)
    return reasons


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
                if shares_start or (not TERMINAL.search(line) and word_count(line) <= 20):
                    reasons[neighbour] = CAPTION


def _mark_signed_posts(lines: list[str], reasons: list[str | None]) -> None:
    """A sign-off on a line of its own closes an embedded post whose text is the line before:
    kept, that text would read as the outlet's own words."""
    for index in range(1, len(lines)):
        if _ALONE_SIGN_OFF.match(lines[index]) and reasons[index - 1] is None:
            reasons[index - 1] = EMBED


def _mark_split_bylines(lines: list[str], reasons: list[str | None]) -> None:
    """'By' alone on a line starts a byline that continues on the next lines: the names."""
    for index, line in enumerate(lines):
        if not BARE_BY.match(line):
            continue
        reasons[index] = BYLINE
        for following in range(index + 1, min(index + 1 + MAX_BYLINE_NAMES, len(lines))):
            if reasons[following] is None and not _NAME.match(lines[following]):
                break
            reasons[following] = reasons[following] or BYLINE


def strip_leading_dateline(first_line: str) -> tuple[str, str | None]:
    """Cut a dateline glued to the lede ('date 2022-02-25 US President...'); return both parts."""
    match = _LEADING_DATELINE.match(first_line)
    if not match or len(first_line) - match.end() < 20:
        return first_line, None
    return first_line[match.end() :], match.group(0).strip()
