"""Make pasted text uniform before its lines are judged: spaces, hard wraps, Markdown marks.

Cleaning and, later, sentence splitting work on lines and characters; invisible spaces,
soft hyphens, e-mail style hard wraps (one paragraph over several lines) and Markdown
syntax would otherwise split words, sentences and paragraphs in the wrong places.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_TRAILING = re.compile(r"[ ]+$", re.M)

# A document counts as hard-wrapped when its lines stop at a fixed width.
_MAX_WRAP_WIDTH = 100
_MIN_WRAP_WIDTH = 40
_WRAPPED_SHARE = 0.3
_MIN_WRAPPED_LINE_WORDS = 6

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.M)
_MD_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t]+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_RULE = re.compile(r"^[ \t]{0,3}([-*_][ \t]*){3,}$", re.M)
_MD_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~).*$", re.M)


def normalize_text(text: str) -> str:
    """Unicode NFC, plain spaces for exotic ones, no invisible characters, \\n line ends."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return unwrap_hard_wrapped(_TRAILING.sub("", text))


def unwrap_hard_wrapped(text: str) -> str:
    """Join lines that were broken only because the next word did not fit the width.

    Applies only when the text as a whole is wrapped at one width (as e-mail and some
    exports are); a line is joined to the next when the next line's first word would
    have fitted on it, were the line not already full.
    """
    lines = text.split("\n")
    width = _wrap_width(lines)
    if width is None:
        return text
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        first_word = line.split(" ", 1)[0]
        if (
            previous
            and line.strip()
            and len(previous) + 1 + len(first_word) > width
            and len(previous) >= 0.6 * width
        ):
            joined[-1] = f"{previous} {line.strip()}"
        else:
            joined.append(line)
    return "\n".join(joined)


def _wrap_width(lines: list[str]) -> int | None:
    """The width the text is wrapped at, or None when it is not hard-wrapped."""
    filled = [line for line in lines if line.strip()]
    if len(filled) < 4:
        return None
    width = max(len(line) for line in filled)
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return None
    near_full = [line for line in filled if len(line) >= 0.8 * width]
    # Wrapped prose breaks between words; full lines of one long "word" are unspaced
    # writing (Japanese, Chinese), where a line break is a paragraph break.
    wordy = sum(len(line.split()) >= _MIN_WRAPPED_LINE_WORDS for line in near_full)
    if wordy < len(near_full) / 2:
        return None
    return width if len(near_full) / len(filled) >= _WRAPPED_SHARE else None


def markdown_to_text(text: str) -> str:
    """Markdown marks out, words kept: headings, emphasis, links and quotes read as plain text;
    images go, as they are not text."""
    text = _MD_FENCE.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub("", text)
    text = _MD_CODE.sub(r"\1", text)
    return _MD_EMPHASIS.sub(r"\2", text)
