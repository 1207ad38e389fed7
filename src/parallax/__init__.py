"""Parallax: compare how outlets cover one story, every statement traced to its sentence.

The Python API, each step taking what the one before returns (docs/API.md)::

    import parallax

    found = parallax.read("examples/troops-europe-2022")       # .articles, .problems
    stories = parallax.group(found.articles).stories
    analysis = parallax.analyze(max(stories, key=lambda s: len(s.articles)))
    html = parallax.render_html(analysis)

Names are imported when first used, so `import parallax` stays quick and loads no model.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from parallax.compare.settings import CompareSettings
    from parallax.errors import ParallaxError
    from parallax.ingest.articles import IngestResult
    from parallax.ingest.documents import ReadLimits
    from parallax.model import Analysis, AnnotatedArticle, Article, InputProblem, Story
    from parallax.nlp.settings import AnnotateSettings
    from parallax.pipeline import (
        Grouping,
        Progress,
        analyze,
        analyze_feed,
        analyze_stories,
        annotate,
        group,
        read,
    )
    from parallax.report.render import render_html, render_json, render_markdown
    from parallax.stories.grouping import GroupingSettings

__all__ = [
    "__version__",
    # the pipeline, step by step
    "read", "annotate", "group", "analyze", "analyze_stories", "analyze_feed",
    "render_json", "render_markdown", "render_html",
    # one settings object per stage
    "ReadLimits", "AnnotateSettings", "GroupingSettings", "CompareSettings",
    # what the steps take and return
    "IngestResult", "Article", "AnnotatedArticle", "Grouping", "Story", "Analysis",
    "InputProblem", "Progress", "ParallaxError",
]  # fmt: skip
# The module that defines each public name (the TYPE_CHECKING imports above, at run time).
_HOMES = {
    name: module
    for module, names in {
        "parallax.pipeline": ("read", "annotate", "group", "analyze", "analyze_stories",
                              "analyze_feed", "Grouping", "Progress"),
        "parallax.report.render": ("render_json", "render_markdown", "render_html"),
        "parallax.ingest.documents": ("ReadLimits",),
        "parallax.nlp.settings": ("AnnotateSettings",),
        "parallax.stories.grouping": ("GroupingSettings",),
        "parallax.compare.settings": ("CompareSettings",),
        "parallax.ingest.articles": ("IngestResult",),
        "parallax.model": ("Article", "AnnotatedArticle", "Story", "Analysis", "InputProblem"),
        "parallax.errors": ("ParallaxError",),
    }.items()
    for name in names
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use (PEP 562)."""
    if name not in _HOMES:
        raise AttributeError(f"module 'parallax' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
