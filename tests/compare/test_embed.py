"""Sentence and token vectors come from one encoder pass and stay bounded in memory."""

from __future__ import annotations

import numpy as np
import pytest

from parallax.compare import embed


def test_token_vectors_are_unit_length_and_match_the_sentence() -> None:
    texts = ["The council approved the harbour budget.", "Rain is expected on Friday."]
    vectors = embed.embed_texts(texts)
    tokens = embed.embed_tokens(texts)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for matrix in tokens:
        assert matrix.shape[1] == embed.EMBEDDING_SIZE and len(matrix) >= 5
        assert np.allclose(np.linalg.norm(matrix.astype(np.float32), axis=1), 1.0, atol=1e-2)


def test_token_vectors_stay_within_their_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "_TOKENS_LIMIT", 3)
    monkeypatch.setattr(embed, "_TOKENS", {})
    texts = [f"Statement number {n} about the harbour budget." for n in range(5)]
    embed.embed_texts(texts)  # sentence vectors for all, token vectors only while there is room
    assert len(embed._TOKENS) <= 3
    found = embed.embed_tokens(texts[:2] * 3)  # repeats count once
    assert len(found) == 6 and len(embed._TOKENS) <= 3
