"""The ingest step end to end: inputs in, cleaned and described articles out.

This is the one entry point the CLI and the later pipeline stages call; it never raises
for a bad input, it reports it and goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from parallax.ingest.clean import clean_text
from parallax.ingest.html import extract_html
from parallax.ingest.meta import Evidence, describe
from parallax.ingest.sources import RawDocument, ReadLimits, iter_documents
from parallax.model import Article, InputProblem

ENGLISH = "en"


@dataclass
class IngestResult:
    """Articles read, and every warning about the inputs, in input order."""

    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def skipped(self) -> list[InputProblem]:
        return [problem for problem in self.problems if problem.skipped]

    @property
    def warnings(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    @property
    def exit_code(self) -> int:
        """0 all read, 3 some inputs skipped, 2 nothing usable."""
        if not self.articles:
            return 2
        return 3 if self.skipped else 0


def read_articles(
    inputs: Iterable[str],
    limits: ReadLimits | None = None,
    stdin: BinaryIO | None = None,
    on_document: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read, clean and describe every article in `inputs`; merge exact duplicates."""
    result = IngestResult()
    by_text: dict[str, Article] = {}
    for found in iter_documents(list(inputs), limits, stdin):
        if on_document:
            on_document(found.ref)
        if isinstance(found, InputProblem):
            result.problems.append(found)
            continue
        article = build_article(found, f"a{len(result.articles) + 1}")
        if not article.text.strip():
            result.problems.append(InputProblem(found.ref, "no article text found"))
        elif article.text in by_text:
            kept = by_text[article.text]
            _fill_missing(kept, article)
            result.problems.append(
                InputProblem(
                    found.ref, f"same text as {kept.id} ({kept.ref}); merged into it", skipped=False
                )
            )
        else:
            by_text[article.text] = article
            result.articles.append(article)
            if article.language not in (ENGLISH, None):
                result.problems.append(
                    InputProblem(
                        found.ref,
                        f"language looks like '{article.language}', not English; "
                        "the analysis is built for English and may miss things",
                        skipped=False,
                    )
                )
    return result


def build_article(document: RawDocument, article_id: str) -> Article:
    """Clean one raw document and read its metadata."""
    record = tuple(document.fields.items())
    if document.format == "html":
        page = extract_html(document.content, url=document.fields.get("url"))
        # A page whose "body" holds no prose at all (a menu, a login wall) has no article.
        has_prose = bool(clean_text(page.text).body)
        cleaned_body, removed = (page.text if has_prose else ""), ()
        evidence = Evidence(
            body=page.text,
            record=record,
            html_title=page.title,
            html_author=page.author,
            html_published=page.published,
            html_sitename=page.sitename,
        )
    else:
        cleaned = clean_text(document.content)
        cleaned_body, removed = cleaned.body, tuple(cleaned.removed)
        evidence = Evidence(body=cleaned.body, removed=removed, record=record)
    meta = describe(evidence)
    return Article(
        id=article_id,
        ref=document.ref,
        text=cleaned_body,
        source=meta.source,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        published_from=meta.published_from,
        language=meta.language,
        removed=list(removed),
    )


def _fill_missing(kept: Article, duplicate: Article) -> None:
    """A merged duplicate may know what the kept copy does not (a date, an outlet)."""
    for name in ("source", "title", "author", "published", "published_from"):
        if getattr(kept, name) is None and getattr(duplicate, name) is not None:
            setattr(kept, name, getattr(duplicate, name))
