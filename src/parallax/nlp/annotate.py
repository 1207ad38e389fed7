"""The language layer's entry point: articles in, annotated articles out.

spaCy parses each text once (batched with `nlp.pipe`); every other step reads that parse.
With more than one process, each worker parses and annotates its own share, so the
annotation runs in parallel with the parsing rather than after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from spacy.tokens import Doc

from parallax.model import AnnotatedArticle, Article
from parallax.nlp.claims import find_claims
from parallax.nlp.dates import find_times
from parallax.nlp.entities import article_entities
from parallax.nlp.pipeline import load_pipeline
from parallax.nlp.quantities import find_quantities
from parallax.nlp.quotes import find_quotes
from parallax.nlp.records import AnnotationCache
from parallax.nlp.sentences import split_sentences

BATCH_SIZE = 32
# Below this many words a second process costs more to start than it saves.
PARALLEL_MIN_WORDS = 20_000
CHUNK_ARTICLES = 32


def annotate_doc(article: Article, doc: Doc) -> AnnotatedArticle:
    """Everything the comparison needs from one parsed article."""
    sentences, sentence_of = split_sentences(doc)
    entities = article_entities(doc, sentence_of)
    quantities = find_quantities(doc, sentence_of)
    times = find_times(doc, sentence_of, article.published)
    quotes = find_quotes(doc, sentence_of, entities)
    claims = find_claims(
        doc, article.id, sentences, sentence_of, entities, quantities, times, quotes
    )
    return AnnotatedArticle(article, sentences, entities, quantities, times, quotes, claims)


def annotate_articles(
    articles: Sequence[Article],
    processes: int = 1,
    on_done: Callable[[int], None] | None = None,
    cache: AnnotationCache | None = None,
) -> list[AnnotatedArticle]:
    """Annotate articles, in order; `on_done(n)` reports progress as batches finish and
    articles found in `cache` are read back instead of parsed again."""
    report = on_done or (lambda _: None)
    done: dict[int, AnnotatedArticle] = {}
    if cache is not None:
        for n, article in enumerate(articles):
            if (hit := cache.get(article)) is not None:
                done[n] = hit
        report(len(done))
    todo = [n for n in range(len(articles)) if n not in done]
    for n, annotated in zip(todo, _annotate(articles, todo, processes, report), strict=True):
        done[n] = annotated
        if cache is not None:
            cache.put(annotated)
    return [done[n] for n in range(len(articles))]


def _annotate(
    articles: Sequence[Article], todo: list[int], processes: int, report: Callable[[int], None]
) -> Iterator[AnnotatedArticle]:
    pending = [articles[n] for n in todo]
    if not pending:
        return
    words = sum(article.words for article in pending)
    if processes <= 1 or words < PARALLEL_MIN_WORDS or len(pending) < 2:
        for annotated in _annotate_stream(pending):
            report(1)
            yield annotated
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=load_pipeline) as pool:
        for chunk in pool.map(_annotate_chunk, _chunks(pending, CHUNK_ARTICLES)):
            report(len(chunk))
            yield from chunk


def _annotate_stream(articles: Sequence[Article]) -> Iterator[AnnotatedArticle]:
    docs = load_pipeline().pipe((a.text for a in articles), batch_size=BATCH_SIZE)
    for article, doc in zip(articles, docs, strict=True):
        try:
            yield annotate_doc(article, doc)
        except Exception as error:  # one odd article must not sink the batch
            sentences, _ = split_sentences(doc)
            reason = f"language layer failed ({type(error).__name__}: {error})"
            yield AnnotatedArticle(article, sentences, warnings=[reason])


def _annotate_chunk(articles: list[Article]) -> list[AnnotatedArticle]:
    return list(_annotate_stream(articles))


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
