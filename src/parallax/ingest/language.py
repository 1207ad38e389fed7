"""The language of a pasted page, and how much of a line is made of its function words.

Article prose is dense in function words ('the', 'of', 'und', 'что'); menus, headline lists
and credits are not. That signal only works with the page's own language: with an English
list every Portuguese paragraph looks like a menu. Languages written without spaces have no
word list; there the share of grammatical characters (Japanese kana, Chinese particles)
plays the same part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# ISO 639-1 code (as py3langid reports it) -> jusText stoplist name.
_STOPLISTS = {
    "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "gu": "Gujarati",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh",
    "kn": "Kannada", "ko": "Korean", "la": "Latin", "lb": "Luxembourgish", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ms": "Malay",
    "mt": "Maltese", "nb": "Norwegian_Bokmal", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}
# Characters that carry grammar in languages written without spaces.
_GRAMMAR_CHARS = {
    "ja": re.compile(r"[\u3041-\u309f]"),  # hiragana: particles and inflections
    "zh": re.compile(r"[的了是在和有我他她这那不也就都而与着或被对把从之其为以及等但所将要会]"),
}
_UNSPACED_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[\w’']+", re.UNICODE)
# An unspaced character carries about as much text as three Latin letters.
UNSPACED_CHAR_WEIGHT = 3
# Characters of text the language detector reads: enough to be sure, cheap to score.
LANGUAGE_SAMPLE = 2000


@dataclass(frozen=True)
class Language:
    """What the prose score needs to know about a page's language."""

    code: str
    stopwords: frozenset[str]

    @property
    def knows_function_words(self) -> bool:
        """Whether `function_word_share` measures anything for this language."""
        return bool(self.stopwords) or self.code in _GRAMMAR_CHARS

    def function_word_share(self, line: str) -> float:
        """Share of function words (or grammatical characters) in a line; 1.0 without a list."""
        grammar = _GRAMMAR_CHARS.get(self.code)
        if grammar is not None:
            chars = len(_UNSPACED_CHAR.findall(line))
            return len(grammar.findall(line)) / chars if chars else 0.0
        if not self.stopwords:
            return 1.0
        words = WORD.findall(line.lower())
        return sum(word in self.stopwords for word in words) / len(words) if words else 0.0


def word_count(line: str) -> int:
    """Words in a line; in unspaced writing, about one word per two characters."""
    return len(line.split()) + len(_UNSPACED_CHAR.findall(line)) // 2


def text_length(line: str) -> int:
    """Length in Latin-letter equivalents, so length thresholds fit Japanese or Chinese too."""
    return len(line) + (UNSPACED_CHAR_WEIGHT - 1) * len(_UNSPACED_CHAR.findall(line))


@cache
def language(code: str) -> Language:
    """The Language for an ISO 639-1 code; no word list for a code jusText does not know."""
    import justext

    name = _STOPLISTS.get(code)
    return Language(code, frozenset(justext.get_stoplist(name)) if name else frozenset())


def detect_language(lines: list[str]) -> Language:
    """The page's language, judged on its longer lines (menus are often in English).

    A detector can misjudge a short or mixed page; English wins back when its function words
    cover more of the text than the detected language's do.
    """
    import py3langid

    sample = "\n".join(line for line in lines if len(line) > 60) or "\n".join(lines)
    code = py3langid.classify(sample[:LANGUAGE_SAMPLE])[0] if sample.strip() else "en"
    detected, english = language(code), language("en")
    if detected is english or code in _GRAMMAR_CHARS:
        return detected
    share = english.function_word_share(sample)
    return detected if detected.function_word_share(sample) >= share else english
