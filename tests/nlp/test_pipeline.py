"""The model checks accept the real packages and refuse impostors with a clear reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.compare.embed import check_encoder
from parallax.nlp.pipeline import ModelProblem, check_spacy_model, spacy_model_meta


def test_installed_spacy_model_is_en_core_web_sm_3_8() -> None:
    assert check_spacy_model().startswith("spaCy en_core_web_sm 3.8.")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": "3.7.1"}, "version is '3.7.1'"),
        ({"spacy_git_version": "abc"}, "spacy_git_version is 'abc'"),
        ({"lang": "de"}, "lang is 'de'"),
        ({"performance": {"ents_f": 0.5}}, "NER F-score is 0.5"),
    ],
)
def test_a_different_spacy_model_is_refused(change: dict, message: str) -> None:
    meta = spacy_model_meta() | change
    with pytest.raises(ModelProblem, match="is not spaCy's en_core_web_sm 3.8") as raised:
        check_spacy_model(meta)
    assert message in str(raised.value)


def test_installed_encoder_weights_are_upstreams() -> None:
    assert "weights verified" in check_encoder()


def test_other_weights_are_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model.safetensors"
    fake.write_bytes(b"not the model")
    with pytest.raises(ModelProblem, match="are not all-MiniLM-L6-v2's"):
        check_encoder(fake)
