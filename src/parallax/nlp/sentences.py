"""Sentences with offsets into the cleaned text, never running across a paragraph break.

Cleaned bodies keep one paragraph per line; headlines, subheadings and captions have no
final full stop, so the parser alone would glue them onto the next sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language

from parallax.model import Sentence
from parallax.nlp.pipeline import doc_text

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
    return sentences, sentence_of
