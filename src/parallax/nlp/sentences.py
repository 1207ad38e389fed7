"""Sentences with offsets into the cleaned text, never running across a paragraph break.

Cleaned bodies keep one paragraph per line; headlines, subheadings and captions have no
final full stop, so the parser alone would glue them onto the next sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language

from parallax.model import Sentence
from parallax.nlp.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

PARAGRAPH_BREAKS = "paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first word after any line break (runs before the parser)."""
    after_break = False
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
            continue
        if after_break:
            token.is_sent_start = True
        elif token.i > 0 and token.sent_start != 1:
            token.is_sent_start = None
        after_break = "\n" in token.whitespace_
    return doc


def split_sentences(doc: Doc) -> tuple[list[Sentence], list[int]]:
    """The doc's sentences (blank ones dropped, whitespace trimmed) and, for every token,
    the index of the sentence it belongs to (-1 for whitespace between sentences)."""
    sentences: list[Sentence] = []
    sentence_of = [-1] * len(doc)
    for span in doc.sents:
        words = [token for token in span if not token.is_space]
        if not words:
            continue
        end = words[-1].idx + len(words[-1].text)
        if all(token.is_punct for token in words) and sentences:
            # A closing quote mark the parser split off ends the sentence before it.
            last = sentences[-1]
            sentences[-1] = Sentence(last.index, last.start, end, doc_text(doc)[last.start : end])
        else:
            start = words[0].idx
            sentences.append(Sentence(len(sentences), start, end, doc_text(doc)[start:end]))
        for token in span:
            sentence_of[token.i] = sentences[-1].index
    return _close_quotes(doc_text(doc), sentences, sentence_of)


def _close_quotes(
    text: str, sentences: list[Sentence], sentence_of: list[int]
) -> tuple[list[Sentence], list[int]]:
    """Join sentences while a quotation is open: '"We will fight. We will win," he said.' is
    one statement with its speaker, not two halves. A paragraph break always ends a sentence
    (a quotation running over paragraphs reopens in each)."""
    joined: list[Sentence] = []
    index_of: dict[int, int] = {}
    for sentence in sentences:
        last = joined[-1] if joined else None
        if last and _open_quote(last.text) and "\n" not in text[last.end : sentence.start]:
            joined[-1] = Sentence(last.index, last.start, sentence.end,
                                  text[last.start : sentence.end])
        else:
            joined.append(Sentence(len(joined), sentence.start, sentence.end, sentence.text))
        index_of[sentence.index] = joined[-1].index
    return joined, [index_of[n] if n >= 0 else -1 for n in sentence_of]


def _open_quote(text: str) -> bool:
    """Whether a text opens a quotation it does not close."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1
