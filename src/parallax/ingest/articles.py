"""The ingest step end to end: inputs in, cleaned and described articles out.

This is the one entry point the CLI and the later pipeline stages call; it never raises
for a bad input, it reports it and goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

from parallax.ingest.clean import CleanedText, clean_text
from parallax.ingest.html import HtmlExtract, extract_html
from parallax.ingest.meta import Evidence, describe
from parallax.ingest.normalize import markdown_to_text, normalize_text
from parallax.ingest.not_articles import why_not_an_article
from parallax.ingest.sources import RawDocument, ReadLimits, iter_documents
from parallax.model import Article, InputProblem, RemovedLine

ENGLISH = "en"
# Below both, an extracted page body is navigation, not an article.
MIN_ARTICLE_WORDS = 40
MIN_SENTENCE_WORDS = 8
MIN_SENTENCE_CHARS = 60


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
    return articles_from_documents(iter_documents(list(inputs), limits, stdin), on_document)


def articles_from_documents(
    documents: Iterable[RawDocument | InputProblem],
    on_document: Callable[[str], None] | None = None,
) -> IngestResult:
    """Clean and describe documents already read (problems pass through); merge exact
    duplicates. The batch runner calls this on each partition of a feed."""
    result = IngestResult()
    by_text: dict[str, Article] = {}
    for found in documents:
        if on_document:
            on_document(found.ref)
        if isinstance(found, InputProblem):
            result.problems.append(found)
            continue
        try:
            article = build_article(found, f"a{len(result.articles) + 1}")
        except Exception as error:  # one strange document must not stop the batch
            reason = f"could not be processed ({type(error).__name__}: {error})"
            result.problems.append(InputProblem(found.ref, reason))
            continue
        if not article.text.strip():
            result.problems.append(InputProblem(found.ref, "no article text found"))
        elif not_one := why_not_an_article(article.text, article.language):
            result.problems.append(InputProblem(found.ref, f"not an article: {not_one}; skipped"))
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
        body, page = html_body(document.content, url=document.fields.get("url"))
        removed: tuple[RemovedLine, ...] = ()
        evidence = Evidence(
            body=body,
            record=record,
            html_title=page.title,
            html_author=page.author,
            html_published=page.published,
            html_sitename=page.sitename,
            html_url=page.url,
        )
    else:
        cleaned = plain_text_body(document.content, markdown=document.format == "markdown")
        body, removed = cleaned.body, tuple(cleaned.removed)
        evidence = Evidence(body=body, removed=removed, record=record)
    return Article(
        id=article_id,
        ref=document.ref,
        text=body,
        removed=list(removed),
        **asdict(describe(evidence)),
    )


def plain_text_body(text: str, markdown: bool = False) -> CleanedText:
    """The body of pasted text or Markdown, cleaned of site junk."""
    return clean_text(markdown_to_text(text) if markdown else text)


def html_body(page_html: str, url: str | None = None) -> tuple[str, HtmlExtract]:
    """The body of an HTML page ("" when it holds no prose: a menu, a login wall) and its
    metadata."""
    page = extract_html(page_html, url=url)
    body = normalize_text(page.text)
    return (body if _has_running_text(body) else ""), page


def _has_running_text(body: str) -> bool:
    """Menus and login walls are strings of short items; articles have sentence-long lines
    (counted in characters too, for scripts written without spaces)."""
    return len(body.split()) >= MIN_ARTICLE_WORDS or any(
        len(line.split()) >= MIN_SENTENCE_WORDS or len(line) >= MIN_SENTENCE_CHARS
        for line in body.split("\n")
    )


def _fill_missing(kept: Article, duplicate: Article) -> None:
    """A merged duplicate may know what the kept copy does not (a date, an outlet)."""
    for name in ("source", "title", "author", "published", "published_from", "url", "kind"):
        if getattr(kept, name) is None and getattr(duplicate, name) is not None:
            setattr(kept, name, getattr(duplicate, name))
