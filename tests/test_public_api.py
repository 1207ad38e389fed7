"""The public Python API: what `import parallax` offers, that it is documented and typed, and
that each step takes what the one before returns."""

from __future__ import annotations

import dataclasses
import inspect
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import parallax
from parallax.errors import ParallaxError
from parallax.model import Analysis, Article
from parallax.scale.batch import BatchSettings

REPO = Path(__file__).resolve().parents[1]
API_DOC = REPO / "docs" / "API.md"
EXAMPLE = REPO / "examples" / "troops-europe-2022"
SETTINGS = [parallax.ReadLimits, parallax.AnnotateSettings, parallax.GroupingSettings,
            parallax.CompareSettings, BatchSettings]


def test_every_public_name_resolves_and_says_what_it_is_for() -> None:
    assert set(parallax.__all__) == {"__version__", *parallax._HOMES}
    for name in parallax.__all__[1:]:
        value = getattr(parallax, name)
        assert name in dir(parallax)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert (value.__doc__ or "").strip(), f"{name} has no docstring"
        if inspect.isfunction(value):
            signature = inspect.signature(value)
            assert signature.return_annotation is not inspect.Signature.empty, name
            assert all(p.annotation is not inspect.Parameter.empty
                       for p in signature.parameters.values()), name


def test_the_package_is_typed_and_import_parallax_loads_no_pipeline() -> None:
    assert resources.files("parallax").joinpath("py.typed").is_file()
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, parallax; "
         "print(sorted(m for m in ('parallax.pipeline', 'spacy', 'torch') if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "[]"


def _fields(settings: type) -> list[tuple[str, dataclasses.Field]]:
    """Every field of a settings class, those of the settings objects it holds included."""
    found = []
    for item in dataclasses.fields(settings):
        found.append((f"{settings.__name__}.{item.name}", item))
        default = item.default_factory() if callable(item.default_factory) else item.default
        if dataclasses.is_dataclass(default):
            found += _fields(type(default))
    return found


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: s.__name__)
def test_every_setting_is_documented(settings: type) -> None:
    for name, item in _fields(settings):
        help_text = item.metadata.get("help", "")
        assert help_text.endswith("."), f"{name} has no help text"
        assert "source" in item.metadata, f"{name} does not say where its value came from"


def test_the_comparison_settings_are_listed_in_the_api_docs() -> None:
    listed = API_DOC.read_text(encoding="utf-8")
    for item in dataclasses.fields(parallax.CompareSettings):
        assert f"| `{item.name}` |" in listed, item.name


def test_the_errors_parallax_raises_share_one_base() -> None:
    from parallax.ingest.documents import UnreadableInput
    from parallax.nlp.pipeline import ModelProblem
    from parallax.store.database import StoreProblem
    from parallax.stories.state import StateProblem
    from parallax.web.submissions import Rejected

    for error in (UnreadableInput, ModelProblem, StoreProblem, StateProblem, Rejected):
        assert issubclass(error, ParallaxError)
    from parallax.store.database import Database

    with pytest.raises(parallax.ParallaxError, match="does not exist"):
        Database("/nonexistent-dir/x.db")


def test_an_article_comes_back_from_its_record(example_articles: list[Article]) -> None:
    for article in example_articles:
        assert Article.from_record(article.to_record(keep_removed=True)) == article
    version_1 = {k: v for k, v in example_articles[0].to_record().items()
                 if k not in ("url", "kind")}
    assert Article.from_record(version_1).url is None


def test_each_step_takes_what_the_one_before_returns(
    example_analysis: Analysis, example_articles: list[Article]
) -> None:
    reported = []
    found = parallax.read(EXAMPLE, on_progress=lambda *report: reported.append(report))
    assert [a.text for a in found.articles] == [a.text for a in example_articles]
    assert reported[-1][:3] == ("reading", 5, None) and reported[-1][3].endswith(".txt")
    grouping = parallax.group(found.articles)
    [story] = grouping.stories
    assert [a.published for a in story.articles] == sorted(
        (a.published for a in story.articles), key=lambda day: day or "~")
    for text in (parallax.render_markdown(example_analysis),
                 parallax.render_html(example_analysis),
                 parallax.render_json(example_analysis)):
        assert example_analysis.story.title in text
    record = example_analysis.to_record()
    assert parallax.render_markdown(record) == parallax.render_markdown(example_analysis)
    texts = {article.id: article.text for article in example_analysis.articles}
    assert parallax.render_html(record, texts) == parallax.render_html(example_analysis)


def test_one_failing_article_is_named_once_in_the_analysis(monkeypatch, tmp_path) -> None:
    from typer.testing import CliRunner

    from parallax.cli import app
    from parallax.nlp import annotate as annotate_module

    real = annotate_module.find_quotes

    def fragile(doc, sentence_of, entities):
        if "harbour" in doc.text:
            raise ValueError("boom")
        return real(doc, sentence_of, entities)

    monkeypatch.setattr(annotate_module, "find_quotes", fragile)
    (tmp_path / "one.txt").write_text("The harbour bridge reopened on Sunday after a repair "
                                      "that cost the city about 4 million euros, officials said.")
    (tmp_path / "two.txt").write_text("The bridge over the river reopened on Sunday after "
                                      "repairs costing 4 million euros, the city said.")
    output = tmp_path / "out" / "a.json"
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "-o", str(output)])
    assert result.exit_code == 3
    named = f"{tmp_path / 'one.txt'}: language layer failed (ValueError: boom)"
    assert f"warning: {named}" in result.output
    assert f"one.txt: {tmp_path}" not in result.output
    assert json.loads(output.read_text())["warnings"] == [named]
