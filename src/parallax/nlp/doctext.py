"""A parsed doc's text, joined once: every annotation step slices it by character offsets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """The doc's text, joined once: spaCy's `Doc.text` joins every token anew on each access,
    which made slicing it per sentence or per mention quadratic in the article's length."""
    text = doc.user_data.get("parallax_text")
    if text is None:
        text = doc.user_data["parallax_text"] = doc.text
    return text
